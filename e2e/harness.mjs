// Shared harness for Layerlab's end-to-end specs (e2e/*.spec.mjs): the real dist/ served by
// `cargo xtask`'s server, in the system Chromium driven by Playwright.
//
//   LAYERLAB_BASE_URL=http://127.0.0.1:8080/ node e2e/<name>.spec.mjs   (or `cargo xtask test`)
//
// Each spec prints `ok - …` / `FAIL - …` per check and closes with `e2e: N passed, N failed`.
// Screenshots go to e2e/artifacts/ (git-ignored).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const baseUrl = process.env.LAYERLAB_BASE_URL;
if (!baseUrl) {
  console.error('LAYERLAB_BASE_URL is not set; run this through `cargo xtask test`.');
  process.exit(2);
}
export const origin = new URL(baseUrl).origin;
export const artifacts = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(artifacts, { recursive: true });

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let passed = 0;
let failed = 0;
export async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL - ${name}: ${error?.message ?? error}`);
  }
}
export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
export function expectEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/**
 * A fresh Chromium profile (no autosave, no service worker from an earlier spec) that records
 * every request from every page and worker, page errors and console errors.
 */
export async function launch({ colorScheme = 'light', viewport = { width: 1280, height: 800 } } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'layerlab-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    colorScheme,
  });
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  const consoleErrors = [];
  const consoleMessages = [];
  const watch = (p) => {
    p.on('pageerror', (error) => pageErrors.push(String(error)));
    p.on('console', (message) => {
      consoleMessages.push(message.text());
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  };
  watch(page);
  context.on('page', watch);
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, page, requests, pageErrors, consoleErrors, consoleMessages, close };
}

/** Opens the app (optionally at `path`, e.g. `?theme=dark#v1…`) and waits for the engine. */
export async function openApp(page, path = '') {
  const response = await page.goto(new URL(path, baseUrl).href, { waitUntil: 'load' });
  await waitForReport(page);
  return response;
}

/** Waits for the first report: a page is drawn first and analysed right after. */
export async function waitForReport(page, timeout = 15000) {
  await page.locator('[data-testid="engine-status"]:not([aria-busy="true"])').waitFor({ timeout });
}

/**
 * Waits (up to 5 s) until the engine status reads `expected` ("12 instructions · 2 stages"),
 * followed by nothing or by its problem count (" · 11 problems").
 */
export async function waitForStatus(page, expected) {
  try {
    await page.waitForFunction(
      (wanted) => {
        const text = document.querySelector('[data-testid="engine-status"]')?.textContent.trim() ?? '';
        return text === wanted || (text.startsWith(wanted) && /^ · \d+ problems?$/.test(text.slice(wanted.length)));
      },
      expected,
      { timeout: 5000 },
    );
  } catch {
    const text = await statusText(page);
    const ok = text === expected || (text.startsWith(expected) && /^ · \d+ problems?$/.test(text.slice(expected.length)));
    expect(ok, `engine status: expected ${JSON.stringify(expected)} (+ problems), got ${JSON.stringify(text)}`);
  }
}

export async function statusText(page) {
  return (await page.getByTestId('engine-status').textContent()).trim();
}

/** Waits (up to 5 s) for the engine status to differ from `before`; returns either way. */
export async function statusChange(page, before) {
  await page
    .waitForFunction(
      (text) => document.querySelector('[data-testid="engine-status"]')?.textContent.trim() !== text,
      before,
      { timeout: 5000 },
    )
    .catch(() => {});
}

/** The checks every spec ends with: no errors, and nothing requested outside the origin. */
export async function checkHygiene({ requests, pageErrors, consoleErrors }) {
  await check('no page errors and no console errors', async () => {
    expect(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
    expect(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
  });
  await check('every request stayed on the served origin', async () => {
    expect(requests.length > 0, 'no requests were recorded');
    const outside = requests.filter((url) => new URL(url).origin !== origin);
    expect(outside.length === 0, `requests outside ${origin}: ${outside.join(', ')}`);
  });
}

/** Prints the closing line `cargo xtask test` reads and exits with the result. */
export function finish() {
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
