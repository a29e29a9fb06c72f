// Brazilian Portuguese labels and number/date formats for what the API sends as codes.
import type { AlertArea, EventType, OutbreakAlert, Severity } from "../api/types";

export const parameters: Record<string, { name: string; feminine: boolean; plural: boolean }> = {
  leukocytes: { name: "leucócitos", feminine: false, plural: true },
  hemoglobin: { name: "hemoglobina", feminine: true, plural: false },
  platelets: { name: "plaquetas", feminine: true, plural: true },
  hematocrit: { name: "hematócrito", feminine: false, plural: false },
  erythrocytes: { name: "hemácias", feminine: true, plural: true },
  neutrophils: { name: "neutrófilos", feminine: false, plural: true },
  lymphocytes: { name: "linfócitos", feminine: false, plural: true },
  eosinophils: { name: "eosinófilos", feminine: false, plural: true },
};

export const severityLabels: Record<Severity, string> = { moderate: "Moderada", high: "Alta", critical: "Crítica" };
export const eventTypeLabels: Record<EventType, string> = { raised: "Novo alerta", updated: "Atualização", resolved: "Encerramento" };
export const severityRank: Record<Severity, number> = { moderate: 0, high: 1, critical: 2 };

export function parameterName(parameter: string): string {
  const p = parameters[parameter];
  return p ? p.name.charAt(0).toUpperCase() + p.name.slice(1) : parameter;
}

/** "plaquetas baixas", "hemoglobina alta". */
export function conditionName(parameter: string, direction: "low" | "high"): string {
  const p = parameters[parameter] ?? { name: parameter, feminine: false, plural: false };
  const stem = direction === "low" ? "baix" : "alt";
  return `${p.name} ${stem}${p.feminine ? "a" : "o"}${p.plural ? "s" : ""}`;
}

export function areaName(area: AlertArea): string {
  const place = area.municipalityName ? `${area.municipalityName}/${area.stateAbbreviation}` : area.stateAbbreviation;
  switch (area.kind) {
    case "state": return area.stateAbbreviation;
    case "municipality": return place;
    default: return `raio de ${number(area.radiusKm, 0)} km em torno de ${place}`;
  }
}

export function statusLabel(alert: OutbreakAlert): string {
  return alert.status === "active" ? "Ativo" : "Encerrado";
}

const dateTime = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "short" });
export function when(iso: string | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

export function number(value: number | undefined | null, decimals = 0): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "—";
  return value.toLocaleString("pt-BR", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function percent(value: number | undefined | null, decimals = 1): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "—";
  return (value * 100).toLocaleString("pt-BR", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) + "%";
}

export function pValue(value: number): string {
  return value < 0.0001 ? "< 0,0001" : value.toLocaleString("pt-BR", { maximumSignificantDigits: 2 });
}

/** Units as a reader writes them: "/µL", "10⁶/µL". */
export function unit(ucum: string): string {
  return ucum.replace("10*6/uL", "10⁶/µL").replace("/uL", "/µL");
}
