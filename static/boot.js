// Starts Layerlab. Trunk fills in the hashed file names on the <script> tag that loads this
// file (see pattern_script in Trunk.toml); keeping the loader out of the page lets the
// Content-Security-Policy forbid inline scripts.
const tag = document.querySelector("script[data-layerlab-wasm]");

// The panic banner's Reload button (src/panic_banner.rs): handled here because the wasm is
// dead by the time the banner shows.
document.addEventListener("click", (event) => {
  if (event.target.closest?.("[data-layerlab-reload]")) location.reload();
});

const { default: init } = await import(tag.dataset.layerlabJs);
await init({ module_or_path: tag.dataset.layerlabWasm });

// Offline: once the app runs and the page is idle (not while it draws and analyses for the
// first time), keep its own files for the next visit without a network.
if ("serviceWorker" in navigator && "caches" in window) {
  const whenIdle = window.requestIdleCallback ?? ((run) => setTimeout(run, 500));
  whenIdle(() => {
    navigator.serviceWorker.register(new URL("sw.js", document.baseURI)).then(keepOffline, () => {});
  }, { timeout: 3000 });
}

// The files this build needs, read from the page (Trunk hashes their names), are copied from
// the HTTP cache into the service worker's cache; older builds' files are dropped.
async function keepOffline() {
  const base = new URL("./", document.baseURI).href;
  const own = [base, tag.src, tag.dataset.layerlabJs, tag.dataset.layerlabWasm,
    ...[...document.querySelectorAll("link[href]")].map((link) => link.href)]
    .map((url) => new URL(url, document.baseURI).href)
    .filter((url) => url.startsWith(location.origin + "/"));
  const cache = await caches.open("layerlab");
  for (const request of await cache.keys()) {
    if (!own.includes(request.url)) await cache.delete(request);
  }
  for (const url of new Set(own)) {
    if (await cache.match(url)) continue;
    const response = await fetch(url, { cache: "force-cache" });
    if (response.ok) await cache.put(url, response);
  }
}
