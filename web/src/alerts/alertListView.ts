// Every known alert (latest version each), newest first, with filters; read from memory, so it works offline from the
// alerts saved on this device.
import type { OutbreakAlert, Severity } from "../api/types";
import { el, replace } from "../ui/dom";
import type { AlertBook } from "./alertBook";
import { areaName, parameterName, parameters, severityLabels, severityRank, statusLabel, when } from "./format";

export class AlertListView {
  readonly element: HTMLElement;
  readonly #rows = el("ul", { class: "alert-list", id: "alert-list" });
  readonly #summary = el("p", { class: "list-summary", role: "status" });
  readonly #status: HTMLSelectElement;
  readonly #parameter: HTMLSelectElement;
  readonly #severity: HTMLSelectElement;
  readonly #place: HTMLInputElement;

  constructor(private readonly book: AlertBook, private readonly offline: () => boolean) {
    this.#status = el("select", { id: "filter-status" },
      el("option", { value: "active" }, "Ativos"), el("option", { value: "resolved" }, "Encerrados"), el("option", { value: "" }, "Todos"));
    this.#parameter = el("select", { id: "filter-parameter" }, el("option", { value: "" }, "Todos"),
      ...Object.keys(parameters).map((p) => el("option", { value: p }, parameterName(p))));
    this.#severity = el("select", { id: "filter-severity" }, el("option", { value: "moderate" }, "Todas"),
      el("option", { value: "high" }, "Alta ou crítica"), el("option", { value: "critical" }, "Crítica"));
    this.#place = el("input", { id: "filter-place", type: "search", placeholder: "Município ou UF" });
    for (const input of [this.#status, this.#parameter, this.#severity]) input.addEventListener("change", () => this.render());
    this.#place.addEventListener("input", () => this.render());
    this.element = el("section", { class: "view list-view", "aria-label": "Alertas" },
      el("h1", {}, "Alertas"),
      el("form", { class: "filters", role: "search" },
        el("label", {}, "Situação ", this.#status),
        el("label", {}, "Parâmetro ", this.#parameter),
        el("label", {}, "Gravidade ", this.#severity),
        el("label", {}, "Local ", this.#place)),
      this.#summary,
      this.#rows);
    this.element.querySelector("form")!.addEventListener("submit", (e) => e.preventDefault());
    book.onChange(() => {
      if (this.element.isConnected) this.render();
    });
  }

  render(): void {
    const place = this.#place.value.trim().toLocaleLowerCase("pt-BR");
    const minimum = severityRank[this.#severity.value as Severity];
    const shown = this.book.all().filter((a) =>
      (!this.#status.value || a.status === this.#status.value)
      && (!this.#parameter.value || a.parameter === this.#parameter.value)
      && severityRank[a.severity] >= minimum
      && (!place || areaName(a.area).toLocaleLowerCase("pt-BR").includes(place)));
    const source = this.offline() ? " (salvos neste dispositivo, sem conexão)" : "";
    this.#summary.textContent = `${shown.length} ${shown.length === 1 ? "alerta" : "alertas"}${source}`;
    replace(this.#rows, ...(shown.length ? shown.map((a) => this.#row(a)) : [el("li", { class: "empty" }, "Nenhum alerta com estes filtros.")]));
  }

  #row(alert: OutbreakAlert): HTMLElement {
    return el("li", { class: `alert-row severity-${alert.severity} status-${alert.status}`, "data-alert-id": alert.id },
      el("a", { href: `#/alertas/${encodeURIComponent(alert.id)}` },
        el("span", { class: "badge" }, severityLabels[alert.severity]),
        el("span", { class: "row-headline" }, alert.headline),
        el("span", { class: "row-meta" },
          `${statusLabel(alert)} · ${areaName(alert.area)} · versão ${alert.version} · atualizado ${when(alert.updatedAt)}`)));
  }
}
