// Keeps the app shell (HTML, script, styles) so the dashboard opens offline; the alerts themselves come from IndexedDB.
// Network first, so a deploy is picked up at once; the API and the hub are never cached here.
export {};
declare const self: ServiceWorkerGlobalScope;

const cacheName = "sentinela-shell-v1";
const shell = ["/", "/app.js", "/app.css"];

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
