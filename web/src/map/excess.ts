// Observed against expected per municipality (GET /api/map/municipalities) and the choropleth's colour bands for it.
export interface MunicipalityExcess {
  municipalityCode: number;
  name: string;
  tests: number;
  observed: number;
  expected: number;
  /** Observed over expected; absent when nothing was expected. */
  ratio?: number | null;
  /** Chance of at least this many under the baseline. */
  pValue: number;
}

export interface ExcessMap {
  parameter: string;
  direction: "low" | "high";
  days: number;
  asOf?: string | null;
  municipalities: MunicipalityExcess[];
}

export const noTests = { colour: "#e2e8f0", label: "sem exames na janela" };

export const ratioBands = [
  { below: 0.8, colour: "#bfdbfe", label: "abaixo do esperado (< 0,8×)" },
  { below: 1.25, colour: "#fef3c7", label: "como esperado (0,8–1,25×)" },
  { below: 2, colour: "#fdba74", label: "acima (1,25–2×)" },
  { below: 4, colour: "#f97316", label: "muito acima (2–4×)" },
  { below: Infinity, colour: "#9a3412", label: "4× ou mais" },
];

export function excessColour(m: MunicipalityExcess | undefined): string {
  if (!m || m.tests === 0) return noTests.colour;
  const ratio = m.ratio ?? (m.observed > 0 ? Infinity : 1);
  return ratioBands.find((b) => ratio < b.below)!.colour;
}
