// Keeps the app shell (HTML, script, styles, manifest, icons) so the dashboard opens offline and installs as an app;
// the alerts themselves come from IndexedDB. Network first, so a deploy is picked up at once; the API and the hub are
// never cached here. Shows Web Push notifications (see preferences/webPush.ts) and opens the alert on click.
import { notificationFor, type AlertPush } from "./preferences/pushNotification";
export {};
declare const self: ServiceWorkerGlobalScope;

const cacheName = "sentinela-shell-v2";
const shell = ["/", "/app.js", "/app.css", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(cacheName).then((c) => c.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/hubs/") || url.pathname.startsWith("/fhir")) return;
  const key = event.request.mode === "navigate" ? "/" : event.request;
  event.respondWith((async () => {
    try {
      const response = await fetch(event.request);
      if (response.ok) {
        const cache = await caches.open(cacheName);
        await cache.put(key, response.clone());
      }
      return response;
    } catch {
      return (await caches.match(key)) ?? Response.error();
    }
  })());
});

self.addEventListener("push", (event) => {
  let push: AlertPush | null = null;
  try {
    push = (event.data?.json() ?? null) as AlertPush | null;
  } catch {
    // Not ours (or not JSON): nothing to show.
  }
  if (!push?.alertId) return;
  const alert = push;
  event.waitUntil((async () => {
    // An open, visible dashboard already shows the alert in real time: the push would repeat it.
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    if (windows.some((w) => w.visibilityState === "visible")) return;
    const { title, options } = notificationFor(alert);
    await self.registration.showNotification(title, options);
  })());
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? "/", self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
    if (open) {
      await open.focus();
      await open.navigate(url);
    } else {
      await self.clients.openWindow(url);
    }
  })());
});
