// The app loads under its Content-Security-Policy, the editor drives the engine on every
// keystroke, and nothing leaves the origin. Run through `cargo xtask test` (see harness.mjs).
import { join } from 'node:path';
import {
  artifacts, baseUrl, check, checkHygiene, expect, expectEqual, finish, launch, statusChange,
  statusText, waitForStatus, waitForReport,
} from './harness.mjs';

const { page, requests, pageErrors, consoleErrors, close } = await launch();
let sizeDatabaseReady = null;
page.on('console', (message) => {
  const ready = /size database ready in ([0-9.]+) ms; apt index built on first use in ([0-9.]+) ms/.exec(message.text());
  if (ready) sizeDatabaseReady = { images: Number(ready[1]), apt: Number(ready[2]) };
});
const wasmResponses = [];
page.on('response', (response) => {
  if (new URL(response.url()).pathname.endsWith('.wasm')) wasmResponses.push(response);
});

let mainResponse;
try {
  await check('the page loads with the title Layerlab', async () => {
    mainResponse = await page.goto(baseUrl, { waitUntil: 'load' });
    expectEqual(mainResponse?.status(), 200, 'status of the page');
    expectEqual(await page.title(), 'Layerlab', 'title');
  });

  await check('the Content-Security-Policy header allows only own scripts and wasm', async () => {
    const csp = mainResponse?.headers()['content-security-policy'] ?? '';
    expect(csp.includes("script-src 'self' 'wasm-unsafe-eval'"), `CSP header is ${JSON.stringify(csp)}`);
    expect(!csp.includes('unsafe-inline') && !csp.includes("'unsafe-eval'"), `CSP too loose: ${csp}`);
  });

  await check('the wasm app mounts under that policy', async () => {
    await waitForReport(page);
    // The service worker may fetch the same file again to cache it: one wasm, one URL.
    expect(wasmResponses.length >= 1, 'no wasm was downloaded');
    expectEqual(new Set(wasmResponses.map((r) => r.url())).size, 1, 'distinct wasm files');
    for (const response of wasmResponses) {
      expectEqual(response.headers()['content-type'], 'application/wasm', 'wasm content type');
    }
  });

  await check('the page is drawn before its first analysis, and both are marked (400 ms budget)', async () => {
    await page.waitForFunction(() => performance.getEntriesByName('layerlab-first-report').length > 0, null, { timeout: 15000 });
    const { render, paint, report } = await page.evaluate(() => ({
      render: performance.getEntriesByName('layerlab-first-render')[0]?.startTime,
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      report: performance.getEntriesByName('layerlab-first-report')[0]?.startTime,
    }));
    expect(typeof render === 'number' && typeof paint === 'number', 'no first-render mark or first paint');
    // The first analysis waits for the first frame: the editor shows without waiting for it.
    expect(paint < report, `first paint at ${paint} ms came after the first report at ${report} ms`);
    // Reported, not asserted: timing depends on the machine's load (see the closing notes).
    console.log(`first render: ${render.toFixed(0)} ms, first paint: ${paint.toFixed(0)} ms (budget 400 ms), first report drawn: ${report.toFixed(0)} ms after navigation start`);
  });

  await check('the editor is labelled and holds the Go example', async () => {
    const editor = page.getByRole('textbox', { name: 'Dockerfile', exact: true });
    expectEqual(await editor.getAttribute('data-testid'), 'editor', 'labelled element');
    expectEqual(await editor.getAttribute('spellcheck'), 'false', 'spellcheck');
    const text = await editor.inputValue();
    expect(text.includes('FROM golang:') && text.includes('COPY --from=build'), 'example is missing');
  });

  await check('the engine status counts the example', async () => {
    await waitForStatus(page, '12 instructions · 2 stages');
  });

  await check('the final image size is shown, with where it comes from on hover', async () => {
    const size = page.getByTestId('final-size');
    const text = (await size.textContent()).trim();
    expect(/^image (at least )?[0-9.]+ MB · [0-9.]+ MB compressed$/.test(text), `final size: ${text}`);
    const sources = await size.getAttribute('title');
    expect(sources && sources.startsWith('base '), `hover text: ${sources}`);
  });

  await check('typing (real key events) updates the status on every keystroke', async () => {
    const editor = page.getByTestId('editor');
    await editor.click();
    await page.keyboard.press('Control+End');
    await editor.pressSequentially('FROM scratch', { delay: 5 });
    // A line without a newline after it is still an instruction.
    await waitForStatus(page, '13 instructions · 3 stages');
    await page.keyboard.press('Enter');
    await editor.pressSequentially('COPY --from=build /out/server /', { delay: 5 });
    await waitForStatus(page, '14 instructions · 3 stages');
    for (let i = 0; i < 'COPY --from=build /out/server /'.length + 1; i += 1) {
      await page.keyboard.press('Backspace');
    }
    await waitForStatus(page, '13 instructions · 3 stages');
  });

  await check('the problems panel lists exactly the problems the status counts', async () => {
    const editor = page.getByTestId('editor');
    for (const text of ['FROM alpine:3.22\n', 'FROM\nRUN\nCOPY --from= a\nFORM alpine\n\\\n']) {
      const before = await statusText(page);
      await editor.fill(text);
      await statusChange(page, before);
      const status = await statusText(page);
      const match = status.match(/ · (\d+) problems?$/);
      const counted = match ? Number(match[1]) : 0;
      const listed = await page.getByTestId('panel-problems').locator('.problem').count();
      expectEqual(listed, counted, `problems listed for ${JSON.stringify(text)}`);
      if (listed === 0) {
        const panel = await page.getByTestId('panel-problems').textContent();
        expect(panel.includes('No problems found.'), 'empty state is missing');
      } else {
        const location = await page.locator('.problem-location').first().textContent();
        expect(/^\d+:\d+$/.test(location.trim()), `location ${location} is not line:column`);
      }
    }
    // An empty file has no instructions (the engine may also report that as a problem).
    const before = await statusText(page);
    await editor.fill('');
    await statusChange(page, before);
    const empty = await statusText(page);
    expect(empty.startsWith('0 instructions · 0 stages'), `status for an empty file: ${empty}`);
  });

  await check('screenshots in light and dark themes', async () => {
    // The empty text above was autosaved: open the example again, then reload.
    await page.getByTestId('example-picker').selectOption('example:go-web-app');
    await page.reload({ waitUntil: 'load' });
    await waitForStatus(page, '12 instructions · 2 stages');
    await page.screenshot({ path: join(artifacts, 'layerlab-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background !== 'rgb(244, 245, 247)', `dark theme did not apply (${background})`);
    await page.screenshot({ path: join(artifacts, 'layerlab-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 760 });
    await page.screenshot({ path: join(artifacts, 'layerlab-narrow.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
    expect(!overflow, 'the page scrolls sideways at 375 px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('a mistake shows up in the problems panel at its line', async () => {
    const editor = page.getByTestId('editor');
    const example = await editor.inputValue();
    const line = example.split('\n').length; // the appended line's number (1-based)
    const before = await statusText(page);
    await editor.fill(`${example}COPY --from=build /out/server\n`);
    await statusChange(page, before);
    const status = await statusText(page);
    expect(/ · \d+ problems?$/.test(status), `status reports no problem: ${status}`);
    const location = (await page.locator('.problem-location').first().textContent()).trim();
    expectEqual(location, `${line}:1`, 'location of the first problem');
    await editor.blur();
    await page.setViewportSize({ width: 1200, height: 640 });
    await page.screenshot({ path: join(artifacts, 'layerlab-readme.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await checkHygiene({ requests, pageErrors, consoleErrors });
} finally {
  await close();
}

// The first render over several fresh browsers (one load varies a lot on a busy machine):
// reported against the 400 ms budget, not asserted.
await check('first paint and first report over 5 fresh loads', async () => {
  const loads = [];
  for (let run = 0; run < 5; run += 1) {
    const fresh = await launch();
    try {
      await fresh.page.goto(baseUrl, { waitUntil: 'load' });
      await waitForReport(fresh.page);
      loads.push(await fresh.page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        report: performance.getEntriesByName('layerlab-first-report')[0]?.startTime,
      })));
    } finally {
      await fresh.close();
    }
  }
  const median = (key) => loads.map((load) => load[key]).sort((a, b) => a - b)[2];
  const range = (key) => `${Math.min(...loads.map((l) => l[key])).toFixed(0)}-${Math.max(...loads.map((l) => l[key])).toFixed(0)}`;
  expect(loads.every((load) => load.paint < load.report), 'the page is drawn before its first report');
  console.log(`5 fresh loads: first paint median ${median('paint').toFixed(0)} ms (${range('paint')}; budget 400 ms), first report median ${median('report').toFixed(0)} ms (${range('report')})`);
});

console.log(`requests recorded: ${requests.length}`);
// A measurement to report (budget 5 ms), not a pass/fail check: timing varies with the machine.
console.log(
  sizeDatabaseReady
    ? `size database start-up in Chromium: ${sizeDatabaseReady.images} ms; apt index on first use: ${sizeDatabaseReady.apt} ms`
    : 'size database start-up in Chromium: not reported',
);
finish();
