// The Graph and Cache panels: the build graph of the Go example (stages, images, edges, the
// target, a pruned stage), jumps to lines, the SVG export, and the what-if rebuild matching the
// CLI (`target/debug/layerlab analyze --format json --scenario …`) for the same file.
// Run through `cargo xtask test`, or LAYERLAB_BASE_URL=… node e2e/graph-cache.spec.mjs with
// target/debug/layerlab built (`cargo build -p layerlab-cli`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts, check, checkHygiene, expect, expectEqual, finish, launch, openApp } from './harness.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'target', 'debug', 'layerlab');
const scratch = mkdtempSync(join(tmpdir(), 'layerlab-graph-cache-'));

/** The CLI's report for `text` under `scenario` (+ `--changed` paths). */
function analyze(text, scenario, changed = []) {
  const file = join(scratch, 'Dockerfile');
  writeFileSync(file, text);
  const args = ['analyze', file, '--format', 'json', '--scenario', scenario];
  for (const path of changed) args.push('--changed', path);
  return JSON.parse(execFileSync(cli, args, { encoding: 'utf8' }));
}

/** `format::seconds` of the app: "4.2 s", "1 min 12 s". */
function seconds(value) {
  if (value >= 60) {
    const whole = Math.round(value);
    return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  }
  return `${value.toFixed(1)} s`;
}

/** The summary line the Cache panel must show for the CLI's `cache`. */
function expectedSummary(cache) {
  const t = cache.timeline;
  const built = cache.hits + cache.misses;
  const saved = t.saved_seconds >= 0 ? `saved ${seconds(t.saved_seconds)}` : `${seconds(-t.saved_seconds)} slower`;
  return `${cache.misses} of ${built} ${built === 1 ? 'step' : 'steps'} rebuild · ${seconds(t.before_seconds)} → ${seconds(t.after_seconds)}, ${saved}`;
}

async function showPanel(page, name) {
  await page.click(`#tab-${name}`);
  await page.getByTestId(`panel-${name}`).waitFor();
}

/** The editor caret's 1-based line. */
async function caretLine(page) {
  return page.getByTestId('editor').evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
}

async function setText(page, text) {
  await page.getByTestId('editor').fill(text);
  await page.waitForFunction(
    (value) => document.querySelector('[data-testid="editor"]')?.value === value,
    text,
  );
}

const { page, requests, pageErrors, consoleErrors, close } = await launch();
try {
  expect(existsSync(cli), `${cli} is missing: cargo build -p layerlab-cli`);
  await openApp(page);
  const example = await page.getByTestId('editor').inputValue();
  const graph = page.getByTestId('panel-graph');

  await check('the Go example is two stages, two images, the COPY --from=build edge and the target', async () => {
    await showPanel(page, 'graph');
    const stages = await graph.locator('g.stage').evaluateAll((nodes) => nodes.map((n) => n.dataset.stage));
    expectEqual(stages.join(','), 'build,stage-1', 'stage nodes');
    expectEqual(await graph.locator('g.image-node').count(), 2, 'image nodes');
    const copies = graph.locator('g.edge-copy');
    expectEqual(await copies.count(), 1, 'COPY --from edges');
    const title = await copies.locator('title').textContent();
    expectEqual(title, 'stage-1: COPY --from=build, line 14', 'COPY edge title');
    expectEqual(await graph.locator('g.edge-from').count(), 2, 'FROM edges (one per image)');
    const target = await graph.locator('g.stage-target').getAttribute('data-stage');
    expectEqual(target, 'stage-1', 'target stage');
    expectEqual(await graph.locator('g.stage-pruned').count(), 0, 'pruned stages');
    // The step rows carry the engine's cache verdicts (default scenario: edit a source file).
    const report = analyze(example, 'edit-source');
    const rows = await graph.locator('g.step').evaluateAll((nodes) => nodes.map((n) => `${n.dataset.line}:${n.getAttribute('class')}`));
    const expected = report.steps.map((s) => `${s.line}:step step-${s.cache}`);
    expectEqual(rows.join(' '), expected.join(' '), 'step rows and their cache state');
  });

  await check('an unused stage is drawn greyed and its steps skipped', async () => {
    const unused = 'FROM alpine:3.20 AS unused\nRUN echo never built\n\n';
    const at = example.indexOf('FROM gcr.io/distroless');
    await setText(page, example.slice(0, at) + unused + example.slice(at));
    const pruned = graph.locator('g.stage-pruned');
    await pruned.waitFor();
    expectEqual(await pruned.getAttribute('data-stage'), 'unused', 'pruned stage');
    const opacity = await pruned.evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(opacity < 1, `the pruned stage is not greyed (opacity ${opacity})`);
    expectEqual(await pruned.locator('g.step-skipped').count(), 1, 'skipped steps of the unused stage');
    expectEqual(await graph.locator('g.stage').count(), 3, 'stage nodes');
    expectEqual(await graph.locator('g.stage-target').getAttribute('data-stage'), 'stage-2', 'target');
    await graph.screenshot({ path: join(artifacts, 'graph-pruned.png') });
    await setText(page, example);
    await pruned.waitFor({ state: 'detached' });
  });

  await check('clicking a stage or a step, or Enter on it, puts the caret on its line', async () => {
    await graph.locator('g.stage[data-stage="build"] .stage-head').click();
    expectEqual(await caretLine(page), 5, 'caret after clicking the build stage');
    await graph.locator('g.step[data-line="9"]').click();
    expectEqual(await caretLine(page), 9, 'caret after clicking the go mod download step');
    await graph.locator('g.stage[data-stage="stage-1"] .stage-head').focus();
    await page.keyboard.press('Enter');
    expectEqual(await caretLine(page), 13, 'caret after Enter on the final stage');
  });

  await check('Export SVG downloads a standalone SVG with the stage names, styles inside the file only', async () => {
    await showPanel(page, 'graph');
    const stylesBefore = await page.evaluate(() => document.querySelectorAll('style').length);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      graph.getByRole('button', { name: 'Export SVG' }).click(),
    ]);
    expectEqual(download.suggestedFilename(), 'layerlab-graph.svg', 'file name');
    const file = join(scratch, 'graph.svg');
    await download.saveAs(file);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<?xml') && svg.includes('<svg'), 'not an SVG document');
    expect(svg.includes('<style>') && svg.includes('.stage-box'), 'the styles are not inlined');
    expect(!svg.includes('.build-toolbar') && !svg.includes('.cache-step'), 'panel styles leaked into the file');
    expect(!svg.includes('var(--surface)') || /--surface:\s*[^;]+;/.test(svg), 'the theme variables are missing');
    // Parsed in a blank page: a parser in the app's page would apply the file's <style> under
    // the app's CSP and report a violation that the app itself never causes.
    const blank = await page.context().newPage();
    const parsed = await blank.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        stages: [...doc.querySelectorAll('g.stage')].map((g) => g.getAttribute('data-stage')),
        names: [...doc.querySelectorAll('text.stage-name')].map((t) => t.textContent),
        width: doc.documentElement.getAttribute('width'),
      };
    }, svg);
    await blank.close();
    expectEqual(parsed.error, null, 'XML parse error');
    expectEqual(parsed.root, 'svg', 'root element');
    expectEqual(parsed.names.join(','), 'build,stage-1', 'stage names in the file');
    expect(Number(parsed.width) > 100, `width ${parsed.width}`);
    const stylesAfter = await page.evaluate(() => document.querySelectorAll('style').length);
    expectEqual(stylesAfter, stylesBefore, '<style> elements in the page');
  });

  await check('zoom scales the drawing inside the panel and Fit brings it back', async () => {
    const svg = graph.locator('svg.graph');
    const natural = Number((await svg.getAttribute('viewBox')).split(' ')[2]);
    await graph.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = Number(await svg.getAttribute('width'));
    expect(Math.abs(zoomed - natural * 1.25) <= 1.5, `width at 125 %: ${zoomed} for a drawing ${natural} wide`);
    expectEqual((await graph.locator('.zoom-level').textContent()).trim(), '125%', 'zoom level');
    await graph.getByRole('button', { name: 'Fit to the panel' }).click();
    expect((await svg.getAttribute('class')).includes('graph-fit'), 'Fit did not come back');
  });

  await check('graph screenshots in light, dark and at 375 px', async () => {
    await graph.screenshot({ path: join(artifacts, 'graph-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await graph.screenshot({ path: join(artifacts, 'graph-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 800 });
    await graph.scrollIntoViewIfNeeded();
    await graph.screenshot({ path: join(artifacts, 'graph-375.png') });
    const wider = await graph.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(!wider, 'the graph panel scrolls sideways at 375 px (the drawing must scroll inside it)');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  const cache = page.getByTestId('panel-cache');
  const summary = cache.locator('.cache-summary');
  const scenarios = [
    ['change-deps', 'change-deps'],
    ['clean-ci', 'clean-ci'],
    ['ci-inline', 'ci-inline'],
    ['ci-max', 'ci-max'],
    ['new-base', 'new-base'],
    ['nothing', 'nothing'],
    ['build-arg', 'build-arg=GO_VERSION=1.24'],
    ['edit-source', 'edit-source'],
  ];

  await check('the default scenario (edit a source file) shows the CLI\'s summary, steps and reasons', async () => {
    await showPanel(page, 'cache');
    const report = analyze(example, 'edit-source');
    expectEqual((await summary.textContent()).trim(), expectedSummary(report.cache), 'summary');
    const rows = await cache.locator('.cache-step').evaluateAll((nodes) =>
      nodes.map((n) => `${n.dataset.line}:${n.dataset.status}:${n.querySelector('.cache-reason').textContent}`));
    const expected = report.cache.steps.map((s) => `${s.line}:${s.status}:${s.reason.replace(/^(hit|miss|skipped): /, '')}`);
    expectEqual(rows.join('\n'), expected.join('\n'), 'rows: line, status and reason');
    await cache.screenshot({ path: join(artifacts, 'cache-light.png') });
  });

  await check('every scenario switch shows exactly what the CLI computes for it', async () => {
    for (const [option, cliScenario] of scenarios) {
      const before = (await summary.textContent()).trim();
      await cache.locator('select.cache-scenario').selectOption(option);
      const report = analyze(example, cliScenario);
      const wanted = expectedSummary(report.cache);
      if (wanted !== before) {
        await page.waitForFunction((text) => document.querySelector('.cache-summary')?.textContent.trim() === text, wanted, { timeout: 5000 }).catch(() => {});
      }
      expectEqual((await summary.textContent()).trim(), wanted, `summary for ${cliScenario}`);
      const misses = await cache.locator('.cache-step[data-status="miss"]').count();
      expectEqual(misses, report.cache.misses, `rebuilt rows for ${cliScenario}`);
      expectEqual((await cache.locator('.cache-scenario-text').textContent()).startsWith(report.cache.scenario), true, `scenario words for ${cliScenario}`);
    }
  });

  await check('a chosen file and a bumped ARG value reach the engine', async () => {
    await cache.locator('select.cache-scenario').selectOption('edit-source');
    const file = cache.getByRole('textbox', { name: 'File', exact: true });
    await file.fill('go.mod');
    await file.press('Enter');
    const report = analyze(example, 'edit-source', ['go.mod']);
    await page.waitForFunction((text) => document.querySelector('.cache-summary')?.textContent.trim() === text, expectedSummary(report.cache), { timeout: 5000 }).catch(() => {});
    expectEqual((await summary.textContent()).trim(), expectedSummary(report.cache), 'summary after editing go.mod');

    await cache.locator('select.cache-scenario').selectOption('build-arg');
    const value = cache.getByRole('textbox', { name: 'New value', exact: true });
    expectEqual(await value.inputValue(), '1.24', 'bumped default value');
    await value.fill('1.30');
    await value.press('Enter');
    const bumped = analyze(example, 'build-arg=GO_VERSION=1.30');
    await page.waitForFunction((text) => document.querySelector('.cache-scenario-text')?.textContent.startsWith(text), bumped.cache.scenario, { timeout: 5000 }).catch(() => {});
    expectEqual((await summary.textContent()).trim(), expectedSummary(bumped.cache), 'summary after GO_VERSION=1.30');
  });

  await check('the timeline draws both builds on one clock, the critical path marked', async () => {
    await cache.locator('select.cache-scenario').selectOption('edit-source');
    await cache.getByRole('textbox', { name: 'File', exact: true }).fill('');
    await cache.getByRole('textbox', { name: 'File', exact: true }).press('Enter');
    const report = analyze(example, 'edit-source');
    await page.waitForFunction((text) => document.querySelector('.cache-summary')?.textContent.trim() === text, expectedSummary(report.cache), { timeout: 5000 }).catch(() => {});
    const timeline = cache.locator('svg.timeline');
    const critical = await timeline.locator('rect.bar-critical').evaluateAll((bars) => bars.map((b) => Number(b.dataset.line)));
    expectEqual(critical.join(','), report.cache.timeline.critical_path.map((c) => c.line).join(','), 'critical path bars');
    const lanes = await timeline.locator('text.lane-name').count();
    expectEqual(lanes, report.cache.timeline.lanes.length + report.cache.timeline.before_lanes.length, 'lanes');
    // Clicking a bar (the longest: short ones may sit under their neighbour) jumps to its line.
    const longest = report.cache.timeline.critical_path.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    await timeline.locator(`rect.bar-critical[data-line="${longest.line}"]`).click();
    expectEqual(await caretLine(page), longest.line, 'caret after clicking a bar');
    // The assumptions are explained on hover and in the open details.
    const hover = await cache.locator('.assumptions summary').getAttribute('title');
    expect(hover.includes('image pull download: 50 MB/s'), `assumptions on hover: ${hover.slice(0, 120)}`);
  });

  await check('clicking a step in the cache list puts the caret on its line', async () => {
    await cache.locator('.cache-step[data-line="11"]').click();
    expectEqual(await caretLine(page), 11, 'caret after clicking line 11');
  });

  await check('cache screenshots in dark and at 375 px', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await cache.screenshot({ path: join(artifacts, 'cache-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 800 });
    await cache.scrollIntoViewIfNeeded();
    await cache.screenshot({ path: join(artifacts, 'cache-375.png') });
    const wider = await cache.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(!wider, 'the cache panel scrolls sideways at 375 px (the timeline must scroll inside it)');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await checkHygiene({ requests, pageErrors, consoleErrors });
} finally {
  await close();
  rmSync(scratch, { recursive: true, force: true });
}
finish();
