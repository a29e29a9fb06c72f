// The live map of the user's jurisdiction: state and municipality boundaries shipped with the app (tiles only when an
// operator configures a server), each municipality filled by how many abnormal results it had against what its learned
// baseline expects for the chosen condition and window, and the active outbreaks drawn as the municipalities they cover.
import * as L from "leaflet";
import type { DashboardConfig, OutbreakAlert } from "../api/types";
import type { Api } from "../api/http";
import type { AlertBook } from "../alerts/alertBook";
import { conditionName, parameters, parameterName, severityLabels } from "../alerts/format";
import { el } from "../ui/dom";
import { type ExcessMap, noTests, ratioBands } from "./excess";
import { Geography } from "./geography";
import { MunicipalityLayer } from "./municipalityLayer";
import { OutbreakLayer, severityColours } from "./outbreakLayer";
import { StateLayer } from "./stateLayer";

const brazil = L.latLngBounds([5.3, -74], [-33.8, -34.8]);
const windows = [
  { days: 1, label: "Hoje" },
  { days: 3, label: "Últimos 3 dias" },
  { days: 7, label: "Últimos 7 dias" },
  { days: 14, label: "Últimas 2 semanas" },
  { days: 28, label: "Últimas 4 semanas" },
];
/** Zoomed in this far, a national user sees the municipalities of every state in view. */
const municipalityZoom = 6;
// Stacking order of the map's drawings, all below Leaflet's markers (600) and tooltips (650).
const panes = { states: 300, municipalities: 350, borders: 380, outbreaks: 420 };

export class MapView {
  readonly element: HTMLElement;
  readonly map: L.Map;
  readonly #geography = new Geography();
  readonly #states = new StateLayer();
  readonly #municipalities: MunicipalityLayer;
  readonly #outbreaks: OutbreakLayer;
  readonly #parameter: HTMLSelectElement;
  readonly #direction: HTMLSelectElement;
  readonly #window: HTMLSelectElement;
  readonly #note = el("p", { class: "map-note", role: "status" });
  readonly #jurisdiction: { state?: number; municipality?: number };
  #refreshTimer: number | undefined;

  constructor(private readonly api: Api, book: AlertBook, config: DashboardConfig, jurisdiction: string, openAlert: (id: string) => void) {
    const [kind, code] = jurisdiction.split(":");
    this.#jurisdiction = kind === "MUN" ? { state: Math.floor(Number(code) / 100_000), municipality: Number(code) }
      : kind === "UF" ? { state: Number(code) } : {};
    this.#parameter = el("select", { id: "map-parameter", "aria-label": "Parâmetro" },
      ...Object.keys(parameters).map((p) => el("option", { value: p, selected: p === "platelets" }, parameterName(p))));
    this.#direction = el("select", { id: "map-direction", "aria-label": "Sentido" },
      el("option", { value: "low", selected: true }, "Baixo"), el("option", { value: "high" }, "Alto"));
    this.#window = el("select", { id: "map-window", "aria-label": "Janela de tempo" },
      ...windows.map((w) => el("option", { value: String(w.days), selected: w.days === 7 }, w.label)));
    for (const select of [this.#parameter, this.#direction, this.#window]) select.addEventListener("change", () => void this.refreshExcess());
    const canvas = el("div", { id: "map", class: "map" });
    this.element = el("section", { class: "view map-view", "aria-label": "Mapa" },
      el("div", { class: "map-controls" },
        el("label", {}, "Parâmetro ", this.#parameter),
        el("label", {}, "Sentido ", this.#direction),
        el("label", {}, "Janela ", this.#window),
        this.#note),
      canvas);

    this.map = L.map(canvas, { minZoom: 3, maxZoom: 14, zoomSnap: 0.5, attributionControl: Boolean(config.tileUrl) });
    for (const [name, z] of Object.entries(panes)) this.map.createPane(name).style.zIndex = String(z);
    if (config.tileUrl) {
      // Leaflet renders attribution as HTML; the operator's text is escaped to stay text.
      const attribution = document.createElement("span");
      attribution.textContent = config.tileAttribution ?? "";
      L.tileLayer(config.tileUrl, { attribution: attribution.innerHTML, maxZoom: 19 }).addTo(this.map);
      this.map.attributionControl.setPrefix(false);
    } else {
      this.#states.fill.addTo(this.map);
    }
    this.#states.borders.addTo(this.map);
    this.map.fitBounds(brazil);
    const { state, municipality } = this.#jurisdiction;
    this.#municipalities = new MunicipalityLayer(this.map, () => conditionName(this.#parameter.value, this.#direction.value as "low" | "high"),
      (code) => municipality ? code === municipality : state ? Math.floor(code / 100_000) === state : true);
    this.#municipalities.layer.addTo(this.map);
    this.#outbreaks = new OutbreakLayer(this.#municipalities, openAlert);
    this.#outbreaks.layer.addTo(this.map);
    this.#legend().addTo(this.map);
    this.map.on("moveend", () => {
      if (this.map.getZoom() >= municipalityZoom) void this.#loadStates(this.#states.inView(this.map.getBounds()));
    });

    for (const alert of book.all()) this.#outbreaks.show(alert);
    book.onChange((change) => {
      this.#outbreaks.show(change.alert);
      if (change.arrival === "live" && change.alert.status === "active") {
        void this.highlight(change.alert);
        this.#scheduleRefresh();
      }
    });
  }

  /** Draws the states, the jurisdiction's municipalities and the first choropleth, and refreshes it every minute. */
  async load(): Promise<void> {
    try {
      this.#states.draw(await this.#geography.states(), (code) => this.#zoomToState(code));
      const { state, municipality } = this.#jurisdiction;
      if (state) {
        this.map.fitBounds(this.#states.bounds(state) ?? brazil);
        await this.#loadStates([state]);
        const own = municipality ? this.#municipalities.bounds(municipality) : undefined;
        if (own) this.map.fitBounds(own, { maxZoom: 10 });
      }
      await this.#loadStates(this.#statesOf(this.#outbreaks.municipalityCodes()));
    } catch {
      this.#note.textContent = "Mapa sem fronteiras: arquivos de geografia indisponíveis.";
    }
    await this.refreshExcess();
    window.setInterval(() => void this.refreshExcess(), 60_000);
  }

  async refreshExcess(): Promise<void> {
    const parameter = this.#parameter.value;
    const direction = this.#direction.value;
    const days = Number(this.#window.value);
    try {
      const excess = await this.api.json<ExcessMap>(
        `/api/map/municipalities?parameter=${encodeURIComponent(parameter)}&direction=${direction}&days=${days}`);
      this.#municipalities.show(excess.municipalities);
      // A national user's map loads the states that have something to show.
      void this.#loadStates(this.#statesOf(excess.municipalities.map((m) => m.municipalityCode)));
      const tests = excess.municipalities.reduce((n, m) => n + m.tests, 0);
      const observed = excess.municipalities.reduce((n, m) => n + m.observed, 0);
      const expected = excess.municipalities.reduce((n, m) => n + m.expected, 0);
      this.#note.textContent = !excess.asOf ? "A análise ainda não rodou; o mapa se preenche em instantes."
        : tests === 0 ? "Nenhum exame com este parâmetro na janela."
        : `${observed} com ${conditionName(parameter, direction as "low" | "high")} em ${tests} exames; esperados ` +
          `${expected.toLocaleString("pt-BR", { maximumFractionDigits: 1 })} pela linha de base.`;
    } catch {
      this.#note.textContent = "Observado × esperado indisponível sem conexão.";
    }
  }

  /** The map was hidden while another view showed; Leaflet must measure again. */
  shown(): void {
    this.map.invalidateSize();
  }

  /** Brings the alert's municipalities into view (loading their state first) and pulses them. */
  async highlight(alert: OutbreakAlert): Promise<void> {
    await this.#loadStates(this.#statesOf(alert.area.municipalities)).catch(() => undefined);
    this.#outbreaks.highlight(this.map, alert.id);
  }

  async #loadStates(codes: number[]): Promise<void> {
    const missing = [...new Set(codes)].filter((c) => !this.#municipalities.has(c) && this.#states.bounds(c));
    if (missing.length === 0) return;
    const loaded = await Promise.all(missing.map(async (c) => [c, await this.#geography.municipalities(c)] as const));
    for (const [code, features] of loaded) this.#municipalities.add(code, features);
    this.#outbreaks.redraw();
  }

  #statesOf(municipalities: number[]): number[] {
    return [...new Set(municipalities.map((m) => Math.floor(m / 100_000)))];
  }

  #zoomToState(code: number): void {
    const bounds = this.#states.bounds(code);
    if (bounds) this.map.flyToBounds(bounds, { duration: 0.6 });
  }

  #scheduleRefresh(): void {
    window.clearTimeout(this.#refreshTimer);
    this.#refreshTimer = window.setTimeout(() => void this.refreshExcess(), 2000);
  }

  #legend(): L.Control {
    const legend = new L.Control({ position: "bottomright" });
    // Through the CSSOM: the CSP forbids inline style attributes.
    const swatch = (colour: string, outline?: string) => {
      const s = el("span", { class: "swatch" });
      s.style.background = colour;
      if (outline) s.style.border = `2px solid ${outline}`;
      return s;
    };
    legend.onAdd = () => {
      const body = el("div", { class: "legend-body" },
        ...ratioBands.map((b) => el("div", { class: "legend-row" }, swatch(b.colour), b.label)),
        el("div", { class: "legend-row" }, swatch(noTests.colour, "#cbd5e1"), noTests.label),
        el("div", { class: "legend-row" }, swatch("#f8fafc", "#94a3b8"), "fora da sua jurisdição"),
        el("strong", {}, "Surto ativo"),
        ...(["moderate", "high", "critical"] as const).map((s) =>
          el("div", { class: "legend-row" }, swatch(severityColours[s], severityColours[s]), severityLabels[s])));
      const toggle = el("button", { type: "button", class: "legend-toggle" }, "Observado ÷ esperado");
      // Folded by CSS at phone width, where it would cover a third of the map; the button flips whichever is the default.
      const box = el("div", { class: "legend" }, toggle, body);
      const expanded = () => toggle.setAttribute("aria-expanded", String(getComputedStyle(body).display !== "none"));
      toggle.addEventListener("click", () => {
        box.classList.toggle(window.matchMedia("(max-width: 600px)").matches ? "unfolded" : "folded");
        expanded();
      });
      window.matchMedia("(max-width: 600px)").addEventListener("change", expanded);
      requestAnimationFrame(expanded);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return legend;
  }
}
