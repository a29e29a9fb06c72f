// The alert workflow's words and rules on the dashboard, mirroring the server's AlertWorkflow: which step may follow
// which, which need a note, and how long each milestone took.
import type { HandlingState } from "../api/types";

export const stateLabels: Record<HandlingState, string> = {
  received: "Recebido", acknowledged: "Recebimento confirmado", verifying: "Em verificação",
  confirmed: "Confirmado", discarded: "Descartado", closed: "Encerrado",
};

/** The button that moves an alert into each state. */
export const actionLabels: Record<Exclude<HandlingState, "received">, string> = {
  acknowledged: "Confirmar recebimento", verifying: "Iniciar verificação",
  confirmed: "Confirmar surto", discarded: "Descartar", closed: "Encerrar",
};

export const nextStates: Record<HandlingState, Array<Exclude<HandlingState, "received">>> = {
  received: ["acknowledged"], acknowledged: ["verifying"], verifying: ["confirmed", "discarded"],
  confirmed: ["closed"], discarded: ["closed"], closed: [],
};

export function needsNote(state: HandlingState): boolean {
  return state === "confirmed" || state === "discarded" || state === "closed";
}

/** "45 min", "3 h 10 min", "2 d 4 h": time since the alert was raised. */
export function elapsed(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  return duration(minutes * 60);
}

export function duration(seconds: number | undefined | null): string {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds)) return "—";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
