// Starts Layerlab. Trunk fills in the hashed file names on the <script> tag that loads this
// file (see pattern_script in Trunk.toml); keeping the loader out of the page lets the
// Content-Security-Policy forbid inline scripts.
const tag = document.querySelector("script[data-layerlab-wasm]");
const { default: init } = await import(tag.dataset.layerlabJs);
await init({ module_or_path: tag.dataset.layerlabWasm });
