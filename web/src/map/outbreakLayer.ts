// Active outbreaks drawn as their footprint: the municipalities each alert covers, outlined and tinted in the severity's
// colour (a circle at the area's centre only for a municipality without a shipped polygon). A new or grown alert pulses
// and is brought into view.
import * as L from "leaflet";
import type { OutbreakAlert, Severity } from "../api/types";
import { areaName, severityLabels } from "../alerts/format";
import { el } from "../ui/dom";
import type { MunicipalityLayer } from "./municipalityLayer";

export const severityColours: Record<Severity, string> = { moderate: "#ca8a04", high: "#dc2626", critical: "#7f1d1d" };
const weights: Record<Severity, number> = { moderate: 2.5, high: 3, critical: 4 };

export class OutbreakLayer {
  readonly layer = L.featureGroup();
  readonly #drawn = new Map<string, L.FeatureGroup>();
  readonly #alerts = new Map<string, OutbreakAlert>();

  constructor(private readonly municipalities: MunicipalityLayer, private readonly onOpen: (id: string) => void) {}

  show(alert: OutbreakAlert): void {
    this.#remove(alert.id);
    if (alert.status !== "active") {
      this.#alerts.delete(alert.id);
      return;
    }
    this.#alerts.set(alert.id, alert);
    const colour = severityColours[alert.severity];
    const style: L.PathOptions = { color: colour, weight: weights[alert.severity], fillColor: colour, fillOpacity: 0.3, pane: "outbreaks" };
    const group = L.featureGroup();
    for (const code of alert.area.municipalities) {
      const shape = this.municipalities.shape(code);
      const path = shape
        ? L.geoJSON(shape, { style: () => style, className: "outbreak-area", pane: "outbreaks" } as L.GeoJSONOptions)
        : code === alert.area.municipalityCode
          ? L.circle([alert.area.centre.latitude, alert.area.centre.longitude], { ...style, radius: alert.area.radiusKm * 1000, className: "outbreak-area" })
          : undefined;
      if (!path) continue;
      path.on("add", () => label(path, alert, code));
      // Where first, then what: the manager reads the place without opening anything.
      const place = shape ? `${shape.properties.nome}/${shape.properties.uf}` : `${alert.area.municipalityName}/${alert.area.stateAbbreviation}`;
      path.bindTooltip(el("span", {}, el("strong", {}, place), el("br"), `${severityLabels[alert.severity]}: ${alert.headline}`), { sticky: true });
      path.addTo(group);
    }
    group.on("click", () => this.onOpen(alert.id));
    group.addTo(this.layer);
    this.#drawn.set(alert.id, group);
  }

  /** Draws again the alerts whose municipalities were missing: their state's polygons just arrived. */
  redraw(): void {
    for (const alert of [...this.#alerts.values()]) this.show(alert);
  }

  /** Pulses the alert's area and fits the map to it. */
  highlight(map: L.Map, id: string): void {
    const group = this.#drawn.get(id);
    if (!group || group.getLayers().length === 0) return;
    map.flyToBounds(group.getBounds(), { maxZoom: 9, duration: 0.8, padding: [40, 40] });
    for (const path of this.#paths(group)) {
      path.classList.remove("outbreak-area--new");
      // Reading layout restarts the CSS animation when the same area pulses again.
      void path.getBoundingClientRect();
      path.classList.add("outbreak-area--new");
    }
  }

  /** IBGE codes of every municipality the active alerts cover, the states to load first. */
  municipalityCodes(): number[] {
    return [...this.#alerts.values()].flatMap((a) => a.area.municipalities);
  }

  get count(): number {
    return this.#drawn.size;
  }

  #remove(id: string): void {
    const group = this.#drawn.get(id);
    if (group) this.layer.removeLayer(group);
    this.#drawn.delete(id);
  }

  #paths(group: L.FeatureGroup): SVGElement[] {
    const found: SVGElement[] = [];
    group.eachLayer(function collect(l: L.Layer) {
      if (l instanceof L.LayerGroup) l.eachLayer(collect);
      else if (l instanceof L.Path) { const e = l.getElement(); if (e) found.push(e as SVGElement); }
    });
    return found;
  }
}

function label(layer: L.Layer, alert: OutbreakAlert, code: number): void {
  const paths: L.Path[] = layer instanceof L.LayerGroup ? (layer.getLayers() as L.Path[]) : [layer as L.Path];
  for (const p of paths) {
    const element = p.getElement();
    element?.setAttribute("data-alert-id", alert.id);
    element?.setAttribute("data-ibge", String(code));
    element?.setAttribute("data-severity", alert.severity);
    element?.setAttribute("aria-label", `Área de surto: ${areaName(alert.area)}`);
  }
}
