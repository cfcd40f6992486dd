// Share links built and read independently of the app, with Node's zlib (raw deflate, as
// pako, Kroki and Mermaid use): `#v1.d.<base64url(raw deflate(JSON))>`.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export function linkHash(payload, { level = 9 } = {}) {
  return `#v1.d.${deflateRawSync(Buffer.from(JSON.stringify(payload)), { level }).toString('base64url')}`;
}

export function readHash(hash) {
  const data = hash.replace(/^#?v1\.d\./, '');
  return JSON.parse(inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8'));
}

/** Posts a host → frame message to the app in `page` from the page itself (same origin). */
export async function setContent(page, input) {
  await page.evaluate((message) => window.postMessage(message, location.origin), {
    layerlab: 1, type: 'set-content', ...input,
  });
}

/** Waits until `location.hash` differs from `previous` (the app rewrites it after edits pause). */
export async function nextHash(page, previous) {
  await page.waitForFunction((old) => location.hash.length > 1 && location.hash !== old, previous, { timeout: 20000 });
  return page.evaluate(() => location.hash);
}
