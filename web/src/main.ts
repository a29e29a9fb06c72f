// Entry point: login or the dashboard, following the session; the service worker keeps the app openable offline.
import "leaflet/dist/leaflet.css";
import "./styles.css";
import type { DashboardConfig } from "./api/types";
import { startDashboard } from "./app/dashboard";
import { loginView } from "./auth/loginView";
import { Session } from "./auth/session";
import { replace } from "./ui/dom";

const root = document.getElementById("app")!;
const session = new Session();
let stop: (() => Promise<void>) | null = null;

async function loadConfig(): Promise<DashboardConfig> {
  try {
    const response = await fetch("/api/dashboard/config");
    if (response.ok) {
      const config = (await response.json()) as DashboardConfig;
      localStorage.setItem("sentinela.config", JSON.stringify(config));
      return config;
    }
  } catch {
    // Offline: the last configuration seen.
  }
  return JSON.parse(localStorage.getItem("sentinela.config") ?? "{}") as DashboardConfig;
}

async function render(): Promise<void> {
  await stop?.();
  stop = null;
  if (!session.user) {
    replace(root, loginView(session));
    return;
  }
  stop = await startDashboard(root, session, await loadConfig());
}

session.onChange(() => void render());
void render();

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}
