// The 27 states: the map's background where no tile server is configured, with their borders drawn over the municipalities.
import * as L from "leaflet";
import type { Geometry } from "geojson";
import { el } from "../ui/dom";
import type { StateFeature, StateProperties } from "./geography";

export class StateLayer {
  readonly fill = L.featureGroup();
  readonly borders = L.featureGroup();
  readonly #bounds = new Map<number, L.LatLngBounds>();

  draw(states: StateFeature[], onOpen: (stateCode: number) => void): void {
    for (const s of states) {
      const code = Number(s.properties.codigo_uf);
      const fill = L.geoJSON<StateProperties, Geometry>(s, { style: { stroke: false, fillColor: "#f8fafc", fillOpacity: 1 }, pane: "states" });
      fill.bindTooltip(el("span", {}, s.properties.nome), { sticky: true });
      fill.on("click", () => onOpen(code));
      fill.addTo(this.fill);
      // Borders above the municipalities but not catching the pointer, so municipality tooltips still show.
      L.geoJSON<StateProperties, Geometry>(s, { style: { color: "#334155", weight: 1.5, fill: false, className: "state-border" }, interactive: false, pane: "borders" })
        .addTo(this.borders);
      this.#bounds.set(code, fill.getBounds());
    }
  }

  bounds(stateCode: number): L.LatLngBounds | undefined {
    return this.#bounds.get(stateCode);
  }

  /** States whose box meets the view: the ones whose municipalities are worth loading when zoomed in. */
  inView(view: L.LatLngBounds): number[] {
    return [...this.#bounds].filter(([, b]) => view.intersects(b)).map(([code]) => code);
  }
}
