// One alert in full: its story (observed against expected over its area and window, significance, trend), labs,
// suggested action, the verification workflow with its clock, evidence (downloadable as a de-identified CSV) and
// versions. Offline, what this device saved of it.
import type { AlertDetails, OutbreakAlert } from "../api/types";
import { ApiError, type Api } from "../api/http";
import { el, replace } from "../ui/dom";
import type { AlertBook } from "./alertBook";
import { downloadEvidenceCsv } from "./evidenceDownload";
import { areaName, day, detectorLabels, number, pValue, percent, severityLabels, statusLabel, subjectName, trendLabels, unit, when } from "./format";
import { WorkflowPanel } from "./workflowPanel";

const sexLabels = { unknown: "—", female: "Feminino", male: "Masculino" };
const locationLabels: Record<string, string> = {
  coordinates: "Coordenadas", encounter: "Local do atendimento", patientAddress: "Endereço do paciente",
  performerAddress: "Endereço do laboratório executor", registeredLab: "Laboratório cadastrado (CNES)", submittingLab: "Laboratório que enviou",
};
const statusLabels: Record<string, string> = { final: "Final", preliminary: "Preliminar", retracted: "Retirado pelo laboratório" };
const evidenceRows = 50;

export class AlertDetailsView {
  readonly element = el("section", { class: "view details-view", "aria-label": "Detalhes do alerta" });

  constructor(private readonly api: Api, private readonly book: AlertBook, private readonly onShowOnMap: (alert: OutbreakAlert) => void) {}

  async show(id: string): Promise<void> {
    replace(this.element, el("p", {}, "Carregando…"));
    let details: AlertDetails;
    try {
      details = await this.api.json<AlertDetails>(`/api/alerts/${encodeURIComponent(id)}`);
    } catch (error) {
      const saved = this.book.get(id);
      if (error instanceof ApiError || !saved) {
        replace(this.element, el("p", { class: "error" }, error instanceof ApiError ? error.message : "Alerta indisponível sem conexão."));
        return;
      }
      details = { alert: saved, history: [saved], evidence: [] };
      this.#render(details, true);
      return;
    }
    this.book.receive(details.alert, "load");
    this.#render(details, false);
  }

  #render(d: AlertDetails, offline: boolean): void {
    const a = d.alert;
    const s = a.statistics;
    const mapButton = el("button", { type: "button", class: "link" }, "Ver no mapa");
    mapButton.addEventListener("click", () => this.onShowOnMap(a));

    replace(this.element,
      el("a", { href: "#/alertas", class: "back" }, "← Alertas"),
      offline ? el("p", { class: "notice" }, "Sem conexão: exibindo o que foi salvo neste dispositivo (sem evidências).") : null,
      el("header", { class: `details-header severity-${a.severity}` },
        el("span", { class: "badge" }, `${severityLabels[a.severity]} · ${statusLabel(a)}`),
        el("h1", { id: "details-headline" }, a.headline),
        el("p", {}, `${subjectName(a)} · ${areaName(a.area)} · versão ${a.version} `, mapButton)),
      el("section", { class: "card suggested", id: "suggested-action" },
        el("h2", {}, "Ação sugerida"),
        el("p", {}, a.suggestedAction)),
      el("section", { class: "card" },
        el("h2", {}, "Estatísticas"),
        el("dl", { class: "stats", id: "statistics" },
          ...(a.type === "feedSilence"
            ? term("Hemogramas recebidos", `${number(s.observed)}; esperados ${expected(s.expected)}`)
            : [...term("Casos observados", `${number(s.observed)} de ${number(s.tests)} exames (${percent(s.proportion)})`),
               ...term("Casos esperados", `${expected(s.expected)} (${percent(s.expectedProportion)} pela linha de base)`),
               ...term("Excesso", `${expected(s.excess)} casos · ${number(s.ratio, 1)}× o esperado`)]),
          ...term("Significância", `p = ${pValue(s.pValue)} (corrigido)` +
            (s.recurrenceIntervalDays ? ` · recorrência ${s.recurrenceIntervalDays >= 36500 ? "de 100 anos ou mais" : `${number(s.recurrenceIntervalDays)} dias`}` : "")),
          ...term("Tendência", `${trendLabels[s.trend]} (${number(s.trendRatio, 1)}× os 3 dias anteriores)`),
          ...term("Janela", `${day(s.windowStart)} a ${day(s.windowEnd)}`),
          ...term("Municípios", a.area.municipalities.join(", ")),
          ...term("Método", detectorLabels[a.detector]),
          ...term("Detectado em", when(a.raisedAt)),
          ...term("Laboratórios notificantes", a.reportingLabs.length ? a.reportingLabs.join(", ") : "—"),
          ...term("Evidências", `${number(a.evidenceCount)} hemogramas`))),
      new WorkflowPanel(this.api, a.id, offline).render(d),
      d.evidence.length ? el("section", { class: "card" },
        el("h2", {}, `Evidências (${d.evidence.length})`),
        this.#csvButton(a),
        this.#evidenceTable(d),
        d.evidence.length > evidenceRows ? el("p", {}, `Mostrando as ${evidenceRows} mais recentes.`) : null) : null,
      d.history.length > 1 ? el("section", { class: "card" },
        el("h2", {}, "Versões"),
        el("ol", { class: "history" }, ...d.history.map((v) =>
          el("li", {}, `v${v.version} · ${when(v.updatedAt)} · ${severityLabels[v.severity]} · ${v.headline}`)))) : null);
  }

  #csvButton(alert: OutbreakAlert): HTMLElement {
    const message = el("span", { class: "form-message", role: "status" });
    const button = el("button", { type: "button", id: "evidence-csv" }, "Baixar lista de evidências (CSV, sem identificação)");
    button.addEventListener("click", async () => {
      button.disabled = true;
      message.textContent = await downloadEvidenceCsv(this.api, alert.id);
      button.disabled = false;
    });
    return el("p", { class: "csv-export" }, button, " ", message);
  }

  #evidenceTable(d: AlertDetails): HTMLElement {
    const rows = [...d.evidence].reverse().slice(0, evidenceRows);
    return el("table", { class: "evidence" },
      el("thead", {}, el("tr", {}, ...["Coleta", "Município (IBGE)", "Localizado por", "Laboratório", "Sexo", "Faixa etária", "Valor", "Situação"].map((h) => el("th", {}, h)))),
      el("tbody", {}, ...rows.map((e) => el("tr", {},
        el("td", {}, when(e.collectedAt)), el("td", {}, String(e.municipalityCode)),
        el("td", {}, locationLabels[e.locationSource] ?? "—"), el("td", {}, e.lab ?? "—"),
        el("td", {}, sexLabels[e.sex] ?? "—"), el("td", {}, e.ageBand ?? "—"),
        el("td", { class: "number" }, e.value === undefined ? "—" : `${number(e.value)} ${unit(e.unit)}`),
        el("td", {}, `${statusLabels[e.status] ?? "—"}${e.version > 1 ? ` (versão ${e.version})` : ""}`)))));
  }
}

/** Expected counts as the headline writes them: a decimal below 10. */
function expected(value: number): string {
  return number(value, Math.abs(value) < 10 ? 1 : 0);
}

function term(name: string, value: string): HTMLElement[] {
  return [el("dt", {}, name), el("dd", {}, value)];
}
