// Saves GET /api/alerts/{id}/evidence.csv as a file. The request needs the access token, so a plain link cannot fetch
// it: the page fetches the CSV and hands it to the browser as a download.
import { ApiError, type Api } from "../api/http";

/** Returns what to tell the user. */
export async function downloadEvidenceCsv(api: Api, alertId: string): Promise<string> {
  try {
    const response = await api.fetch(`/api/alerts/${encodeURIComponent(alertId)}/evidence.csv`);
    if (!response.ok) return (await ApiError.from(response)).message;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = `sentinela-evidencias-${alertId}.csv`;
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return "Lista de evidências baixada.";
  } catch {
    return "Sem conexão: não foi possível baixar.";
  }
}
