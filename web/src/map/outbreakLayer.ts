// Active outbreak areas in red, one circle per alert at its latest version; a new or grown alert pulses and is brought into view.
import * as L from "leaflet";
import type { OutbreakAlert } from "../api/types";
import { areaName, severityLabels } from "../alerts/format";
import { el } from "../ui/dom";

const weights = { moderate: 2, high: 3, critical: 4 };

export class OutbreakLayer {
  readonly layer = L.featureGroup();
  readonly #circles = new Map<string, L.Circle>();

  constructor(private readonly onOpen: (id: string) => void) {}

  show(alert: OutbreakAlert): void {
    const existing = this.#circles.get(alert.id);
    if (alert.status !== "active") {
      if (existing) this.layer.removeLayer(existing);
      this.#circles.delete(alert.id);
      return;
    }
    const centre = L.latLng(alert.area.centre.latitude, alert.area.centre.longitude);
    const style = { color: "#dc2626", fillColor: "#ef4444", fillOpacity: 0.18, weight: weights[alert.severity] };
    const circle = existing ?? L.circle(centre, { radius: alert.area.radiusKm * 1000, className: "outbreak-area", ...style });
    circle.setLatLng(centre).setRadius(alert.area.radiusKm * 1000).setStyle(style);
    circle.bindTooltip(el("span", {}, `${severityLabels[alert.severity]}: ${alert.headline}`));
    if (!existing) {
      circle.on("click", () => this.onOpen(alert.id));
      circle.addTo(this.layer);
      this.#circles.set(alert.id, circle);
    }
    const path = circle.getElement();
    if (path) {
      path.setAttribute("data-alert-id", alert.id);
      path.setAttribute("aria-label", `Área de surto: ${areaName(alert.area)}`);
    }
  }

  /** Pulses the alert's area and fits the map to it. */
  highlight(map: L.Map, id: string): void {
    const circle = this.#circles.get(id);
    if (!circle) return;
    map.flyToBounds(circle.getBounds(), { maxZoom: 10, duration: 0.8, paddingTopLeft: [40, 40], paddingBottomRight: [40, 200] });
    const path = circle.getElement();
    path?.classList.remove("outbreak-area--new");
    // Reading layout restarts the CSS animation when the same area pulses again.
    void path?.getBoundingClientRect();
    path?.classList.add("outbreak-area--new");
  }

  get count(): number {
    return this.#circles.size;
  }
}
