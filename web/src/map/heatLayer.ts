// The heat map: one circle per municipality at its centroid, sized by how many hemograms measured the parameter and
// coloured by the share that was abnormal.
import * as L from "leaflet";
import type { DensityPoint } from "../api/types";
import { percent } from "../alerts/format";
import { el } from "../ui/dom";

export const shareBands = [
  { below: 0.05, colour: "#fde68a", label: "até 5%" },
  { below: 0.1, colour: "#fbbf24", label: "5–10%" },
  { below: 0.2, colour: "#f97316", label: "10–20%" },
  { below: Infinity, colour: "#9a3412", label: "20% ou mais" },
];

export function shareColour(share: number): string {
  return shareBands.find((b) => share < b.below)!.colour;
}

export class HeatLayer {
  readonly layer = L.layerGroup();

  show(points: DensityPoint[]): void {
    this.layer.clearLayers();
    for (const p of points) {
      if (p.total === 0) continue;
      const share = p.abnormal / p.total;
      const marker = L.circleMarker([p.latitude, p.longitude], {
        radius: Math.min(30, 6 + 3 * Math.sqrt(p.total)),
        stroke: false,
        fillColor: shareColour(share),
        fillOpacity: 0.75,
        className: "heat-point",
      });
      marker.bindTooltip(el("span", {}, `${p.name}: ${p.abnormal} de ${p.total} alterados (${percent(share)})`));
      marker.addTo(this.layer);
    }
  }
}
