// The municipality choropleth: every loaded state's municipalities, filled by observed against expected, named on hover
// and, once zoomed in, by labels on the map itself.
import * as L from "leaflet";
import type { Geometry } from "geojson";
import { el } from "../ui/dom";
import { excessColour, type MunicipalityExcess } from "./excess";
import type { MunicipalityFeature, MunicipalityProperties } from "./geography";

/** From this zoom the municipalities in view are labelled, about one per labelRoom square pixels of map. */
const labelZoom = 8;
const labelRoom = 9000;

function count(value: number): string {
  return value.toLocaleString("pt-BR", { maximumFractionDigits: 1 });
}

export class MunicipalityLayer {
  readonly layer = L.featureGroup();
  readonly #labels = L.layerGroup();
  readonly #paths = new Map<number, L.GeoJSON<MunicipalityProperties, Geometry>>();
  readonly #shapes = new Map<number, MunicipalityFeature>();
  readonly #loaded = new Set<number>();
  #excess = new Map<number, MunicipalityExcess>();

  constructor(private readonly map: L.Map, private readonly describe: () => string, private readonly within: (code: number) => boolean) {
    this.#labels.addTo(map);
    map.on("zoomend moveend", () => this.#label());
  }

  has(stateCode: number): boolean {
    return this.#loaded.has(stateCode);
  }

  add(stateCode: number, features: MunicipalityFeature[]): void {
    if (this.#loaded.has(stateCode)) return;
    this.#loaded.add(stateCode);
    for (const f of features) {
      const code = Number(f.properties.codigo_ibge);
      const path = L.geoJSON<MunicipalityProperties, Geometry>(f, { style: () => this.#style(code), className: "municipality", pane: "municipalities" } as L.GeoJSONOptions);
      path.bindTooltip(() => this.#tooltip(f.properties), { sticky: true });
      path.on("add", () => path.eachLayer((l) => (l as L.Path).getElement()?.setAttribute("data-ibge", String(code))));
      path.addTo(this.layer);
      this.#paths.set(code, path);
      this.#shapes.set(code, f);
    }
    this.#label();
  }

  /** One municipality's polygon, when its state is loaded (a few new municipalities have none). */
  shape(code: number): MunicipalityFeature | undefined {
    return this.#shapes.get(code);
  }

  /** The bounds of one municipality, when its state is loaded. */
  bounds(code: number): L.LatLngBounds | undefined {
    return this.#paths.get(code)?.getBounds();
  }

  show(excess: MunicipalityExcess[]): void {
    this.#excess = new Map(excess.map((m) => [m.municipalityCode, m]));
    for (const [code, path] of this.#paths) path.setStyle(this.#style(code));
    this.#label();
  }

  #style(code: number): L.PathOptions {
    // Outside the jurisdiction there is nothing to read: borders only, so "no tests" is not claimed where none are shown.
    return this.within(code)
      ? { color: "#64748b", weight: 0.6, opacity: 0.7, fillColor: excessColour(this.#excess.get(code)), fillOpacity: 0.85 }
      : { color: "#94a3b8", weight: 0.5, opacity: 0.6, fillOpacity: 0 };
  }

  #tooltip(p: MunicipalityProperties): HTMLElement {
    const m = this.#excess.get(Number(p.codigo_ibge));
    const numbers = !this.within(Number(p.codigo_ibge)) ? "fora da sua jurisdição"
      : !m || m.tests === 0 ? "sem exames na janela"
      : `${m.observed} ${this.describe()} em ${m.tests} exames; esperados ${count(m.expected)}` +
        (m.ratio != null ? ` (${count(m.ratio)}×)` : "");
    return el("span", {}, el("strong", {}, `${p.nome}/${p.uf}`), el("br"), numbers);
  }

  #label(): void {
    this.#labels.clearLayers();
    if (this.map.getZoom() < labelZoom) return;
    const view = this.map.getBounds();
    const inView = [...this.#paths].map(([code, p]) => ({ code, b: p.getBounds() })).filter(({ b }) => view.contains(b.getCenter()));
    const area = (b: L.LatLngBounds) => (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest());
    // Those with tests in the window first (what the manager is reading), then the largest.
    const tested = (code: number) => ((this.#excess.get(code)?.tests ?? 0) > 0 ? 1 : 0);
    inView.sort((x, y) => tested(y.code) - tested(x.code) || area(y.b) - area(x.b));
    const size = this.map.getSize();
    for (const { code, b } of inView.slice(0, Math.round((size.x * size.y) / labelRoom))) {
      const name = this.#shapes.get(code)?.properties.nome;
      if (!name) continue;
      L.tooltip({ permanent: true, direction: "center", className: "municipality-label", interactive: false })
        .setLatLng(b.getCenter()).setContent(el("span", {}, name)).addTo(this.#labels);
    }
  }
}
