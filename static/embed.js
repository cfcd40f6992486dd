/* Layerlab for documentation: turns ```dockerfile code blocks into live widgets or
 * "Open in Layerlab" links. No dependencies; add to any page (see README, "Embedding"):
 *
 *   <script src="https://LAYERLAB/embed.js" defer
 *     data-mode="widget|link" data-panels="size,cache" data-view="size"
 *     data-readonly="1" data-theme="light|dark" data-height="420"></script>
 *
 * A block's own data-layerlab="widget|link|off" (on its <pre>) beats data-mode. Widgets load
 * only when they come near the viewport, and grow to their content. */
(() => {
  const script = document.currentScript;
  const config = script.dataset;
  const app = new URL(config.app || ".", script.src);
  const hostOrigin = location.origin;
  const frames = new Map();

  const base64url = (bytes) => {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  // Raw deflate: the browser's compressor, or stored (uncompressed) blocks where there is none.
  const deflate = async (bytes) => {
    if (typeof CompressionStream === "function") {
      const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    }
    const blocks = Math.max(1, Math.ceil(bytes.length / 0xffff));
    const out = new Uint8Array(bytes.length + 5 * blocks);
    for (let b = 0, at = 0; b < blocks; b += 1) {
      const block = bytes.subarray(b * 0xffff, (b + 1) * 0xffff);
      const n = block.length;
      out.set([b === blocks - 1 ? 1 : 0, n & 255, n >> 8, ~n & 255, (~n >> 8) & 255], at);
      out.set(block, at + 5);
      at += 5 + n;
    }
    return out;
  };

  const hashOf = async (dockerfile) =>
    "#v1.d." + base64url(await deflate(new TextEncoder().encode(JSON.stringify({ dockerfile }))));

  const query = (embed) => {
    const params = new URLSearchParams();
    if (embed) {
      params.set("embed", "1");
      if (hostOrigin !== "null") params.set("host", hostOrigin);
      for (const name of ["readonly", "panels", "view", "theme"]) {
        if (config[name]) params.set(name, config[name]);
      }
    }
    const text = params.toString().replace(/%2C/g, ",");
    return text ? "?" + text : "";
  };

  const openLink = (href) => {
    const link = document.createElement("a");
    link.className = "layerlab-open";
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Open in Layerlab ↗";
    return link;
  };

  const widget = (pre, hash) => {
    const frame = document.createElement("iframe");
    frame.className = "layerlab-frame";
    frame.title = "Layerlab: this Dockerfile, analysed";
    frame.loading = "lazy";
    frame.style.cssText = `width:100%;height:${Number(config.height) || 420}px;border:0;display:block`;
    const src = new URL(query(true) + hash, app).href;
    const box = document.createElement("div");
    box.className = "layerlab-widget";
    box.append(frame);
    pre.replaceWith(box);
    const load = () => { frame.src = src; frames.set(frame.contentWindow, frame); };
    if (!("IntersectionObserver" in window)) return load();
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) { observer.disconnect(); load(); }
    }, { rootMargin: "300px" });
    observer.observe(box);
  };

  addEventListener("message", (event) => {
    const frame = frames.get(event.source);
    const data = event.data;
    if (!frame || event.origin !== app.origin || data?.layerlab !== 1) return;
    if (data.type === "resize" && data.height > 0) frame.style.height = Math.ceil(data.height) + "px";
  });

  const upgrade = async () => {
    const blocks = document.querySelectorAll("pre > code.language-dockerfile, pre.language-dockerfile > code");
    for (const code of blocks) {
      const pre = code.parentElement;
      const mode = pre.dataset.layerlab || config.mode || "widget";
      if (mode === "off" || pre.dataset.layerlabDone) continue;
      pre.dataset.layerlabDone = "1";
      const hash = await hashOf(code.textContent);
      if (mode === "link") pre.after(openLink(new URL(query(false) + hash, app).href));
      else widget(pre, hash);
    }
  };

  // Single-page sites (Docusaurus) render new blocks without a page load: upgrade those too.
  let pending = false;
  const start = () => {
    upgrade();
    new MutationObserver(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => { pending = false; upgrade(); }, 100);
    }).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
