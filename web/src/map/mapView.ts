// The live map of the user's jurisdiction: coordinate grid (or tiles, when configured), municipality centroids, the
// abnormal-hemogram heat map for a parameter and time window, and active outbreak areas in red.
import * as L from "leaflet";
import type { DashboardConfig, DensityPoint, MunicipalityPoint, OutbreakAlert } from "../api/types";
import type { Api } from "../api/http";
import type { AlertBook } from "../alerts/alertBook";
import { parameters, parameterName } from "../alerts/format";
import { el } from "../ui/dom";
import { CoordinateGrid } from "./coordinateGrid";
import { HeatLayer, shareBands } from "./heatLayer";
import { OutbreakLayer } from "./outbreakLayer";

const brazil = L.latLngBounds([5.3, -74], [-33.8, -34.8]);
const windows = [
  { hours: 6, label: "Últimas 6 horas" },
  { hours: 24, label: "Últimas 24 horas" },
  { hours: 72, label: "Últimos 3 dias" },
  { hours: 168, label: "Últimos 7 dias" },
];

export class MapView {
  readonly element: HTMLElement;
  readonly map: L.Map;
  readonly #heat = new HeatLayer();
  readonly #outbreaks: OutbreakLayer;
  readonly #parameter: HTMLSelectElement;
  readonly #window: HTMLSelectElement;
  readonly #note = el("p", { class: "map-note", role: "status" });
  #refreshTimer: number | undefined;

  constructor(private readonly api: Api, book: AlertBook, config: DashboardConfig, openAlert: (id: string) => void) {
    this.#parameter = el("select", { id: "map-parameter", "aria-label": "Parâmetro" },
      ...Object.keys(parameters).map((p) => el("option", { value: p, selected: p === "platelets" }, parameterName(p))));
    this.#window = el("select", { id: "map-window", "aria-label": "Janela de tempo" },
      ...windows.map((w) => el("option", { value: String(w.hours), selected: w.hours === 24 }, w.label)));
    this.#parameter.addEventListener("change", () => void this.refreshDensity());
    this.#window.addEventListener("change", () => void this.refreshDensity());
    const canvas = el("div", { id: "map", class: "map" });
    this.element = el("section", { class: "view map-view", "aria-label": "Mapa" },
      el("div", { class: "map-controls" },
        el("label", {}, "Parâmetro ", this.#parameter),
        el("label", {}, "Janela ", this.#window),
        this.#note),
      canvas);

    this.map = L.map(canvas, { minZoom: 3, maxZoom: 14, zoomSnap: 0.5, attributionControl: Boolean(config.tileUrl) });
    if (config.tileUrl) {
      // Leaflet renders attribution as HTML; the operator's text is escaped to stay text.
      const attribution = document.createElement("span");
      attribution.textContent = config.tileAttribution ?? "";
      L.tileLayer(config.tileUrl, { attribution: attribution.innerHTML, maxZoom: 19 }).addTo(this.map);
      this.map.attributionControl.setPrefix(false);
    } else {
      new CoordinateGrid({ tileSize: 256 }).addTo(this.map);
    }
    this.map.fitBounds(brazil);
    this.#heat.layer.addTo(this.map);
    this.#outbreaks = new OutbreakLayer(openAlert);
    this.#outbreaks.layer.addTo(this.map);
    this.#legend().addTo(this.map);

    for (const alert of book.all()) this.#outbreaks.show(alert);
    book.onChange((change) => {
      this.#outbreaks.show(change.alert);
      if (change.arrival === "live" && change.alert.status === "active") {
        this.#outbreaks.highlight(this.map, change.alert.id);
        this.#scheduleDensity();
      }
    });
  }

  /** Draws the jurisdiction's municipalities and the first heat map, and refreshes the heat map every minute. */
  async load(): Promise<void> {
    try {
      const municipalities = await this.api.json<MunicipalityPoint[]>("/api/geography/municipalities");
      this.#drawMunicipalities(municipalities);
    } catch {
      this.#note.textContent = "Mapa sem municípios: servidor indisponível.";
    }
    await this.refreshDensity();
    window.setInterval(() => void this.refreshDensity(), 60_000);
  }

  async refreshDensity(): Promise<void> {
    const parameter = this.#parameter.value;
    const hours = Number(this.#window.value);
    try {
      const points = await this.api.json<DensityPoint[]>(`/api/hemograms/density?parameter=${encodeURIComponent(parameter)}&hours=${hours}`);
      this.#heat.show(points);
      const total = points.reduce((n, p) => n + p.total, 0);
      const abnormal = points.reduce((n, p) => n + p.abnormal, 0);
      this.#note.textContent = total === 0
        ? "Nenhum hemograma com este parâmetro na janela."
        : `${abnormal} de ${total} hemogramas com ${parameterName(parameter).toLowerCase()} alterados.`;
    } catch {
      this.#note.textContent = "Mapa de calor indisponível sem conexão.";
    }
  }

  /** The map was hidden while another view showed; Leaflet must measure again. */
  shown(): void {
    this.map.invalidateSize();
  }

  highlight(alert: OutbreakAlert): void {
    this.#outbreaks.highlight(this.map, alert.id);
  }

  #scheduleDensity(): void {
    window.clearTimeout(this.#refreshTimer);
    this.#refreshTimer = window.setTimeout(() => void this.refreshDensity(), 2000);
  }

  #drawMunicipalities(municipalities: MunicipalityPoint[]): void {
    const group = L.featureGroup();
    for (const m of municipalities) {
      L.circleMarker([m.latitude, m.longitude], { radius: m.capital ? 3.5 : 2, color: "#334155", weight: 1, fillOpacity: 0.6, className: "municipality" })
        .bindTooltip(el("span", {}, `${m.name}/${m.state}`))
        .addTo(group);
    }
    group.addTo(this.map);
    group.bringToBack();
    if (municipalities.length === 1) this.map.setView([municipalities[0]!.latitude, municipalities[0]!.longitude], 9);
    else if (municipalities.length > 1) this.map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 9 });
  }

  #legend(): L.Control {
    const legend = new L.Control({ position: "bottomright" });
    legend.onAdd = () => el("div", { class: "legend" },
      el("strong", {}, "Hemogramas alterados"),
      ...shareBands.map((b) => el("div", { class: "legend-row" }, el("span", { class: `swatch swatch-${shareBands.indexOf(b)}` }), b.label)),
      el("div", { class: "legend-row" }, el("span", { class: "swatch swatch-outbreak" }), "Área de surto ativo"));
    return legend;
  }
}
