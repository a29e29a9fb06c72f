// A graticule drawn on canvas tiles: the map's background when no tile server is configured, so it needs no internet.
import * as L from "leaflet";

function spacing(zoom: number): number {
  if (zoom <= 3) return 10;
  if (zoom === 4) return 5;
  if (zoom === 5) return 2;
  if (zoom <= 7) return 1;
  if (zoom === 8) return 0.5;
  if (zoom === 9) return 0.25;
  return 0.1;
}

function label(value: number, positive: string, negative: string): string {
  const rounded = Math.round(Math.abs(value) * 100) / 100;
  return `${rounded.toLocaleString("pt-BR")}°${value === 0 ? "" : value > 0 ? positive : negative}`;
}

export class CoordinateGrid extends L.GridLayer {
  override createTile(coords: L.Coords): HTMLElement {
    const size = this.getTileSize();
    const canvas = document.createElement("canvas");
    canvas.width = size.x;
    canvas.height = size.y;
    const context = canvas.getContext("2d");
    if (!context) return canvas;
    const crs = L.CRS.EPSG3857;
    const origin = L.point(coords.x * size.x, coords.y * size.y);
    const northWest = crs.pointToLatLng(origin, coords.z);
    const southEast = crs.pointToLatLng(origin.add(size), coords.z);
    const step = spacing(coords.z);
    const toPixel = (lat: number, lng: number) => crs.latLngToPoint(L.latLng(lat, lng), coords.z).subtract(origin);

    context.strokeStyle = "rgba(60, 80, 110, 0.25)";
    context.fillStyle = "rgba(40, 55, 80, 0.7)";
    context.font = "10px system-ui, sans-serif";
    context.lineWidth = 1;
    // Integer multiples of the step, so no floating-point drift reaches the labels.
    for (let i = Math.ceil(northWest.lng / step); i * step <= southEast.lng; i++) {
      const lng = Math.round(i * step * 100) / 100;
      const x = Math.round(toPixel(northWest.lat, lng).x) + 0.5;
      context.beginPath();
      context.moveTo(x, 0);
      context.lineTo(x, size.y);
      context.stroke();
      context.fillText(label(lng, "L", "O"), x + 3, 12);
    }
    for (let i = Math.ceil(southEast.lat / step); i * step <= northWest.lat; i++) {
      const lat = Math.round(i * step * 100) / 100;
      const y = Math.round(toPixel(lat, northWest.lng).y) + 0.5;
      context.beginPath();
      context.moveTo(0, y);
      context.lineTo(size.x, y);
      context.stroke();
      context.fillText(label(lat, "N", "S"), 3, y - 3);
    }
    return canvas;
  }
}
