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

export const severityLabels: Record<Severity, string> = { moderate: "Amarelo", high: "Vermelho", critical: "Crítico" };
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

/** "Contagem/MG", "Contagem/MG e mais 3 municípios" — as the server names it. */
export function areaName(area: AlertArea): string {
  const place = `${area.municipalityName}/${area.stateAbbreviation}`;
  const more = area.municipalities.length - 1;
  return more <= 0 ? place : `${place} e mais ${more} ${more === 1 ? "município" : "municípios"}`;
}

/** What the alert is about: a condition, or a silent data feed. */
export function subjectName(alert: OutbreakAlert): string {
  return alert.parameter && alert.direction ? conditionName(alert.parameter, alert.direction) : "falta de dados";
}

export const detectorLabels: Record<OutbreakAlert["detector"], string> = {
  spaceTimeScan: "varredura espaço-temporal",
  cusum: "CUSUM",
  ewma: "EWMA",
  earsC1: "EARS C1",
  earsC2: "EARS C2",
  earsC3: "EARS C3",
  feedSilence: "silêncio de dados",
};

export const trendLabels: Record<OutbreakAlert["statistics"]["trend"], string> = { rising: "↑ crescente", stable: "→ estável", falling: "↓ decrescente" };

export function statusLabel(alert: OutbreakAlert): string {
  return alert.status === "active" ? "Ativo" : "Encerrado";
}

const dateTime = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "short" });
// Analysis days are Brasília days (the server counts in UTC−3).
const brasiliaDay = new Intl.DateTimeFormat("pt-BR", { day: "2-digit", month: "2-digit", timeZone: "America/Sao_Paulo" });
export function day(iso: string): string {
  return brasiliaDay.format(new Date(iso));
}
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
