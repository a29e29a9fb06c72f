// The signed-in dashboard: header (navigation, connection status, user), the views, and the wiring between the alert
// book, the live connection, the cards and the map.
import type { DashboardConfig, EscalationEvent, NotificationPreferences, OutbreakAlert } from "../api/types";
import { Api } from "../api/http";
import { AlertBook, type AlertChange } from "../alerts/alertBook";
import { AlertCards } from "../alerts/alertCards";
import { AlertDetailsView } from "../alerts/alertDetailsView";
import { AlertListView } from "../alerts/alertListView";
import { KpiView } from "../alerts/kpiView";
import { severityRank } from "../alerts/format";
import { chime } from "../alerts/sound";
import type { Session } from "../auth/session";
import { MapView } from "../map/mapView";
import { AlertCache } from "../offline/alertCache";
import { PreferencesView } from "../preferences/preferencesView";
import { AlertConnection } from "../realtime/alertConnection";
import { ConnectionStatus } from "../realtime/connectionStatus";
import { RestPolling } from "../realtime/restPolling";
import { watchAreasFor } from "../realtime/watchAreas";
import { el, replace } from "../ui/dom";

const roles = { admin: "Administração", stateCoordinator: "Coordenação estadual", municipalManager: "Gestão municipal", laboratory: "Laboratório" };

/** Whether a live change should pop up as a card, by the user's preferences (everything until they are known). */
function notifies(change: AlertChange, p: NotificationPreferences | null): boolean {
  if (change.arrival !== "live") return false;
  if (!p) return true;
  return p.eventTypes.includes(change.eventType) && severityRank[change.alert.severity] >= severityRank[p.minimumSeverity];
}

export async function startDashboard(root: HTMLElement, session: Session, config: DashboardConfig): Promise<() => Promise<void>> {
  const user = session.user!;
  const cache = await AlertCache.open(user.id);
  const book = new AlertBook(cache);
  await book.restore();
  const api = new Api(session);
  const status = new ConnectionStatus();
  const polling = new RestPolling(api, book, status);
  const open = (id: string) => { location.hash = `#/alertas/${encodeURIComponent(id)}`; };
  const showOnMap = (alert: OutbreakAlert) => {
    location.hash = "#/mapa";
    window.setTimeout(() => void map.highlight(alert), 50);
  };
  const preferences = new PreferencesView(api);
  const cards = new AlertCards(open);
  const map = new MapView(api, book, config, user.jurisdiction, open);
  const list = new AlertListView(book, () => status.state === "offline");
  status.onChange(() => {
    if (!list.element.hidden) list.render();
  });
  const details = new AlertDetailsView(api, book, showOnMap);
  const kpis = new KpiView(api);
  const connection = new AlertConnection(session, book, status, polling, watchAreasFor(user.jurisdiction));

  book.onChange((change) => {
    if (!notifies(change, preferences.current)) return;
    cards.show(change.alert, change.eventType);
    if (change.alert.severity === "critical" && change.eventType !== "resolved" && preferences.current?.sound) chime();
  });

  // A coordinator is told when an alert of their state went unacknowledged (the hub's "escalated" event).
  const escalated = (e: Event) => {
    const alert = book.get((e as CustomEvent<EscalationEvent>).detail.alertId);
    if (alert) cards.show(alert, "updated", "Sem confirmação no prazo — escalado");
  };
  window.addEventListener("sentinela:escalated", escalated);

  const logout = el("button", { type: "button", class: "link", id: "logout" }, "Sair");
  const nav = el("nav", {},
    el("a", { href: "#/mapa", "data-view": "mapa" }, "Mapa"),
    el("a", { href: "#/alertas", "data-view": "alertas" }, "Alertas"),
    el("a", { href: "#/preferencias", "data-view": "preferencias" }, "Preferências"),
    el("a", { href: "#/indicadores", "data-view": "indicadores" }, "Indicadores"));
  const main = el("main", { class: "content" }, map.element, list.element, details.element, preferences.element, kpis.element);
  replace(root,
    el("header", { class: "top" },
      el("strong", { class: "brand" }, "Sentinela"),
      nav,
      status.element,
      el("span", { class: "user", title: user.cpf }, `${user.name} · ${roles[user.role]}`),
      logout),
    main,
    cards.element);

  const route = () => {
    const [, view = "mapa", id] = location.hash.split("/");
    for (const v of [map.element, list.element, details.element, preferences.element, kpis.element]) v.hidden = true;
    for (const a of nav.querySelectorAll("a")) a.classList.toggle("active", a.dataset.view === view);
    if (view === "alertas" && id) {
      details.element.hidden = false;
      void details.show(decodeURIComponent(id));
    } else if (view === "alertas") {
      list.element.hidden = false;
      list.render();
    } else if (view === "indicadores") {
      kpis.element.hidden = false;
      void kpis.show();
    } else if (view === "preferencias") {
      preferences.element.hidden = false;
      void preferences.show();
    } else {
      map.element.hidden = false;
      map.shown();
    }
  };
  window.addEventListener("hashchange", route);
  route();

  // First the log's changes since this device last read it (REST), then live events resumed from there.
  try {
    await polling.pollOnce("load");
  } catch {
    status.set("offline");
  }
  connection.start();
  void map.load();
  void preferences.load();

  let stopped = false;
  logout.addEventListener("click", async () => {
    if (stopped) return;
    stopped = true;
    window.removeEventListener("hashchange", route);
    window.removeEventListener("sentinela:escalated", escalated);
    await connection.stop();
    // A shared computer must not keep a signed-out manager's alerts.
    await AlertCache.delete(user.id);
    await session.logout();
  });
  return async () => {
    window.removeEventListener("hashchange", route);
    window.removeEventListener("sentinela:escalated", escalated);
    await connection.stop();
  };
}
