// The Layers and Size panels show the engine's numbers: the same steps and sizes as
// `layerlab analyze --format json` on the same text, a layer jumps to its line, and the
// alternative bases appear once typing pauses and "Try it" switches to a smaller image.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  artifacts, check, checkHygiene, expect, expectEqual, finish, launch, openApp, statusChange, statusText,
} from './harness.mjs';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.LAYERLAB_CLI ?? join(repository, 'target/debug/layerlab');

/** The engine's report for `dockerfile`, from the native CLI (same engine as the wasm). */
function engineReport(dockerfile) {
  return JSON.parse(execFileSync(cli, ['analyze', '--format', 'json', '-'], { input: dockerfile, encoding: 'utf8' }));
}

/** src/format.rs `bytes()`: how the panels print sizes. */
function bytes(n) {
  if (n >= 100_000_000) return `${(n / 1e6).toFixed(0)} MB`;
  if (n >= 1_000_000) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1_000) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

/** The 1-based line of the editor's caret. */
async function caretLine(page) {
  return page.getByTestId('editor').evaluate((editor) => editor.value.slice(0, editor.selectionStart).split('\n').length);
}

async function finalSize(page) {
  return (await page.getByTestId('final-size').textContent()).trim();
}

async function showPanel(page, name) {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  await page.getByTestId(`panel-${name.toLowerCase()}`).waitFor();
}

const PYTHON_APP = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install flask\nCMD ["python", "app.py"]\n';

const { page, requests, pageErrors, consoleErrors, close } = await launch();
try {
  await openApp(page);
  const example = await page.getByTestId('editor').inputValue();
  const report = engineReport(example);

  await check('the layer stack has one row per step of the engine, in file order', async () => {
    await showPanel(page, 'Layers');
    const panel = page.getByTestId('panel-layers');
    const lines = await panel.locator('.layer-row:not(.layer-base) .layer-line').allTextContents();
    const needed = new Set(report.stages.filter((s) => s.needed).map((s) => s.index));
    const steps = report.steps.filter((s) => needed.has(s.stage_index));
    expectEqual(lines.map(Number).join(','), steps.map((s) => s.line).join(','), 'step lines');
    expectEqual(await panel.locator('.layer-base').count(), report.stages.filter((s) => s.needed).length, 'base rows');
    const base = (await panel.locator('.layer-base .layer-text').first().textContent()).trim();
    expectEqual(base, `base: ${report.stages[0].base}, ${report.stages[0].base_image.layers} layers`, 'first base row');
  });

  await check('each layer shows the engine\'s sizes, and metadata steps say so', async () => {
    const panel = page.getByTestId('panel-layers');
    for (const step of report.steps) {
      const row = panel.locator('.layer-row', { has: page.locator('.layer-line', { hasText: new RegExp(`^${step.line}$`) }) });
      const sizes = (await row.locator('.layer-sizes').textContent()).trim();
      const expected = step.empty_layer
        ? 'metadata only'
        : `${bytes(step.layer_uncompressed_bytes)}${bytes(step.layer_compressed_bytes)}`;
      expectEqual(sizes, expected, `sizes of line ${step.line}`);
      const source = await row.getAttribute('title');
      if (step.estimate.length > 0) expect(source.includes(step.estimate[0]), `hover of line ${step.line}: ${source}`);
      if (step.waste_bytes > 0) {
        expect((await row.textContent()).includes(`${bytes(step.waste_bytes)} waste`), `waste of line ${step.line}`);
      }
    }
  });

  await check('the image summary equals the final size and dive\'s numbers', async () => {
    const image = page.locator('.layers-summary dd').first();
    expectEqual(Number(await image.getAttribute('data-bytes')), report.final_image.uncompressed_bytes, 'image bytes');
    const shown = (await image.textContent()).trim();
    const status = await finalSize(page);
    const figure = shown.split(' ')[0];
    expect(status.startsWith(`image ${figure} MB`), `summary ${shown} vs final-size ${status}`);
    const efficiency = (await page.locator('.layers-summary dd').nth(1).textContent()).trim();
    expectEqual(efficiency, `${(report.final_image.efficiency * 100).toFixed(1)} %`, 'efficiency');
    const wasted = (await page.locator('.layers-summary dd').nth(2).textContent()).trim();
    expectEqual(wasted, bytes(report.final_image.wasted_bytes), 'wasted bytes');
  });

  await check('clicking a layer, or Enter on it, moves the editor caret to its line', async () => {
    const panel = page.getByTestId('panel-layers');
    const build = report.steps.find((s) => s.instruction === 'RUN' && s.go_binaries.length > 0);
    await panel.locator('.layer-row', { has: page.locator('.layer-line', { hasText: new RegExp(`^${build.line}$`) }) }).click();
    await page.waitForFunction((line) => {
      const editor = document.querySelector('[data-testid="editor"]');
      return editor.value.slice(0, editor.selectionStart).split('\n').length === line;
    }, build.line, { timeout: 3000 }).catch(() => {});
    expectEqual(await caretLine(page), build.line, 'caret line after a click');
    const copy = report.steps.find((s) => s.instruction === 'COPY' && s.stage_index === 1);
    await panel.locator('.layer-row', { has: page.locator('.layer-line', { hasText: new RegExp(`^${copy.line}$`) }) }).focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    expectEqual(await caretLine(page), copy.line, 'caret line after Enter');
    await panel.locator('.layer-base').last().click();
    await page.waitForTimeout(200);
    expectEqual(await caretLine(page), report.stages[1].line, 'the base row jumps to its FROM');
  });

  await check('a stage the target does not need is collapsed and opens on request', async () => {
    const editor = page.getByTestId('editor');
    const before = await statusText(page);
    // First in the file, after the global ARG: listed last all the same.
    const unusedFirst = 'ARG GO_VERSION=1.23\nFROM alpine:3.24 AS unused\nRUN apk add --no-cache curl\n';
    await editor.fill(example.replace('ARG GO_VERSION=1.23\n', unusedFirst));
    await statusChange(page, before);
    const unused = page.locator('.layers-stage-pruned');
    expectEqual(await unused.count(), 1, 'pruned stages');
    expectEqual(await unused.locator('.layer-row').count(), 0, 'rows of the collapsed stage');
    expect(await page.locator('.layers-stage').last().evaluate((e) => e.classList.contains('layers-stage-pruned')), 'pruned stages come last');
    await unused.locator('.layers-stage-toggle').click();
    expectEqual(await unused.locator('.layer-row:not(.layer-base)').count(), 1, 'rows once opened');
    expectEqual(await unused.locator('.layers-stage-toggle').getAttribute('aria-expanded'), 'true', 'aria-expanded');
    const collapsed = await statusText(page);
    await editor.fill(example);
    await statusChange(page, collapsed);
    const rows = await page.locator('.layer-row:not(.layer-base)').count();
    expectEqual(rows, report.steps.length, 'rows once the stage is gone: opening it opened no other stage');
  });

  await check('unknown sizes say unknown, never 0, and the total is a lower bound', async () => {
    const editor = page.getByTestId('editor');
    const before = await statusText(page);
    await editor.fill('FROM mycorp/base:1\nRUN ./install.sh\nCOPY app /app\n');
    await statusChange(page, before);
    const panel = page.getByTestId('panel-layers');
    const base = panel.locator('.layer-base');
    expectEqual((await base.locator('.layer-sizes').textContent()).trim(), 'unknown', 'base of an image not in the DB');
    expect((await base.getAttribute('title')).includes('not in the size DB'), 'the base row says why on hover');
    const run = panel.locator('.layer-row', { has: page.locator('.layer-line', { hasText: /^2$/ }) });
    expectEqual((await run.locator('.layer-sizes').textContent()).trim(), 'unknown', 'an unrecognised RUN');
    expect((await run.getAttribute('title')).includes('./install.sh'), 'the RUN row names the unknown command');
    expect((await panel.locator('.layers-summary dd').first().textContent()).startsWith('≥ '), 'lower bound');
    const unknown = await statusText(page);
    await editor.fill(example);
    await statusChange(page, unknown);
  });

  await check('screenshots of the layers panel: light, dark, 375 px', async () => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifacts, 'layers-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(artifacts, 'layers-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByTestId('panel-layers').screenshot({ path: join(artifacts, 'layers-375.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
    expect(!overflow, 'the page scrolls sideways at 375 px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('the size panel total and composition equal the engine\'s final image', async () => {
    await showPanel(page, 'Size');
    const panel = page.getByTestId('panel-size');
    const figures = panel.locator('.size-total-figure');
    expectEqual(Number(await figures.nth(0).getAttribute('data-bytes')), report.final_image.uncompressed_bytes, 'uncompressed');
    expectEqual(Number(await figures.nth(1).getAttribute('data-bytes')), report.final_image.compressed_bytes, 'compressed');
    const total = (await figures.nth(0).textContent()).trim();
    expect((await finalSize(page)).startsWith(`image ${total}`), `size panel ${total} vs final-size ${await finalSize(page)}`);
    const parts = await panel.locator('.legend-figure').evaluateAll((els) => els.map((e) => Number(e.dataset.bytes)));
    const c = report.final_image.composition;
    expectEqual(parts.join(','), [c.base, c.system_packages, c.language_packages, c.application, c.other, c.waste].join(','), 'composition');
    expectEqual(parts.reduce((a, b) => a + b, 0), report.final_image.uncompressed_bytes, 'parts add up to the image');
  });

  const python = engineReport(PYTHON_APP);
  await check('alternative bases appear after the pause, as the engine measured them', async () => {
    const before = await statusText(page);
    await page.getByTestId('editor').fill(PYTHON_APP);
    await statusChange(page, before);
    const panel = page.getByTestId('panel-size');
    expect((await panel.textContent()).includes('measuring…'), 'no "measuring…" while typing');
    await panel.locator('.alternative-try').first().waitFor({ timeout: 10000 });
    const shown = await panel.locator('.alternative:not(.alternative-current) .alternative-reference').allTextContents();
    expectEqual(shown.join(','), python.alternatives.map((a) => a.reference).join(','), 'alternatives');
    const sizes = await panel.locator('.alternative-size[data-bytes]').evaluateAll((els) => els.map((e) => Number(e.dataset.bytes)));
    expectEqual(sizes.join(','), python.alternatives.map((a) => a.compressed_bytes).join(','), 'alternative sizes');
    expect(python.alternatives.some((a) => a.reference === 'python:3.12-slim' && a.breaks.length === 0), 'python:3.12-slim works');
  });

  await check('screenshots of the size panel: light, dark, 375 px', async () => {
    await page.screenshot({ path: join(artifacts, 'size-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(artifacts, 'size-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByTestId('panel-size').screenshot({ path: join(artifacts, 'size-375.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
    expect(!overflow, 'the page scrolls sideways at 375 px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('"Try it" switches the base and the final size drops to the measured figure', async () => {
    const slim = python.alternatives.find((a) => a.reference === 'python:3.12-slim');
    const before = await finalSize(page);
    await page.getByRole('button', { name: 'Try python:3.12-slim' }).click();
    await page.waitForFunction((text) => document.querySelector('[data-testid="final-size"]').textContent.trim() !== text, before, { timeout: 5000 });
    const after = await finalSize(page);
    expectEqual(after.split(' · ')[1], `${(slim.compressed_bytes / 1e6).toFixed(1)} MB compressed`, 'final-size after');
    const mb = (text) => Number(/([0-9.]+) MB compressed/.exec(text)[1]);
    expect(mb(after) < mb(before), `${after} is not smaller than ${before}`);
    expect((await page.getByTestId('editor').inputValue()).startsWith('FROM python:3.12-slim\n'), 'the FROM line was not replaced');
  });

  await check('a single-stage Go build can ship only its binary: ~1 GB → a few MB', async () => {
    const single = 'FROM golang:1.23-bookworm\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\nEXPOSE 8080\nENTRYPOINT ["/out/server"]\n';
    const engine = engineReport(single).alternatives.find((a) => a.reference === 'gcr.io/distroless/static-debian12');
    expect(engine && engine.breaks.length === 0, 'the engine offers the binary on distroless static');
    const before = await statusText(page);
    await page.getByTestId('editor').fill(single);
    await statusChange(page, before);
    const tryIt = page.getByRole('button', { name: 'Try gcr.io/distroless/static-debian12', exact: true });
    await tryIt.waitFor({ timeout: 10000 });
    const size = await finalSize(page);
    await tryIt.click();
    await page.waitForFunction((text) => document.querySelector('[data-testid="final-size"]').textContent.trim() !== text, size, { timeout: 5000 });
    expectEqual((await finalSize(page)).split(' · ')[1], `${(engine.compressed_bytes / 1e6).toFixed(1)} MB compressed`, 'final-size after');
    const text = await page.getByTestId('editor').inputValue();
    expect(text.includes('FROM golang:1.23-bookworm AS build\n') && text.includes('COPY --from=build /out/server /out/server\n'), text);
  });

  await checkHygiene({ requests, pageErrors, consoleErrors });
} finally {
  await close();
}
finish();
