// Layerlab's service worker: the app works offline after its first visit. Same-origin GETs go
// to the network first (so a new build shows at once) and fall back to the copies boot.js put
// in the cache; a page address (any route, any query) falls back to the app's page. Requests
// to other origins are not touched, and this worker itself never asks any other origin.
const CACHE = "layerlab";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).catch(async () => {
      const cache = await caches.open(CACHE);
      const page = request.mode === "navigate" && new URL("./", self.registration.scope).href;
      return (await cache.match(request, { ignoreSearch: true })) ??
        (page && (await cache.match(page))) ??
        Response.error();
    }),
  );
});
