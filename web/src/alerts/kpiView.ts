// "Indicadores": how fast alerts of the user's jurisdiction are acknowledged, verified and closed (GET /api/alerts/kpis),
// against the field standard of 24 h for each step (Sphere / WHO EWARS), over a chosen period.
import type { AlertKpis, HandlingState, StepKpi } from "../api/types";
import { ApiError, type Api } from "../api/http";
import { el, replace } from "../ui/dom";
import { number, percent } from "./format";
import { duration, stateLabels } from "./workflow";

const periods: Array<[days: number, label: string]> = [[7, "Últimos 7 dias"], [30, "Últimos 30 dias"], [90, "Últimos 90 dias"], [365, "Último ano"]];

export class KpiView {
  readonly element = el("section", { class: "view kpi-view", "aria-label": "Indicadores do fluxo de alertas" });
  #days = 30;

  constructor(private readonly api: Api) {}

  async show(): Promise<void> {
    const select = el("select", { id: "kpi-period" }, ...periods.map(([days, label]) =>
      el("option", { value: String(days), selected: days === this.#days }, label)));
    select.addEventListener("change", () => {
      this.#days = Number(select.value);
      void this.show();
    });
    const body = el("div", { id: "kpi-panel", "data-loaded": "false" }, el("p", {}, "Carregando…"));
    replace(this.element, el("h1", {}, "Indicadores do fluxo de alertas"), el("label", { class: "kpi-filter" }, "Período ", select), body);
    try {
      const from = new Date(Date.now() - this.#days * 86_400_000).toISOString();
      const kpis = await this.api.json<AlertKpis>(`/api/alerts/kpis?from=${encodeURIComponent(from)}`);
      replace(body, ...this.#panel(kpis));
      body.dataset.loaded = "true";
    } catch (error) {
      replace(body, el("p", { class: "error" }, error instanceof ApiError ? error.message : "Indicadores indisponíveis sem conexão."));
    }
  }

  #panel(k: AlertKpis): HTMLElement[] {
    const states = (Object.keys(stateLabels) as HandlingState[]).map((s) =>
      el("li", { "data-state": s }, `${stateLabels[s]}: `, el("strong", {}, number(k.byState[s] ?? 0))));
    return [
      el("p", { class: "kpi-total" }, "Alertas detectados no período: ", el("strong", { id: "kpi-alerts" }, number(k.alerts)),
        ` · confirmados ${number(k.confirmed)} · descartados ${number(k.discarded)} · escalados à coordenação estadual ${number(k.escalated)}`),
      el("table", { class: "kpi-steps" },
        el("thead", {}, el("tr", {}, ...["Etapa", "Em até 24 h", "Realizadas", "Mediana"].map((h) => el("th", {}, h)))),
        el("tbody", {},
          this.#row("acknowledge", "Recebimento confirmado", k.acknowledge),
          this.#row("verify", "Verificação (confirmado ou descartado)", k.verify),
          this.#row("close", "Encerramento", k.close))),
      el("p", { class: "kpi-note" }, "Meta de referência (Sphere / OMS EWARS): 90% dos alertas em até 24 h em cada etapa. " +
        "Alertas detectados há menos de 24 h só entram no cálculo quando a etapa é concluída."),
      el("ul", { class: "kpi-states" }, ...states),
    ];
  }

  #row(key: string, name: string, s: StepKpi): HTMLElement {
    const share = s.shareWithinTarget ?? null;
    return el("tr", { "data-step": key, class: share === null ? "" : share >= 0.9 ? "kpi-good" : "kpi-bad" },
      el("th", {}, name),
      el("td", {}, share === null ? "—" : `${percent(share, 0)} (${number(s.withinTarget)} de ${number(s.eligible)})`),
      el("td", {}, number(s.reached)),
      el("td", {}, duration(s.medianSeconds)));
  }
}
