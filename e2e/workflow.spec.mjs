// The reader's workflow around the engine: problems with docs, fix previews, measured effects
// and "apply"; the examples gallery; a guided lesson; themes, shortcuts and autosave.
import { join } from 'node:path';
import {
  artifacts, check, checkHygiene, expect, expectEqual, finish, launch, openApp, statusChange, statusText, waitForReport,
} from './harness.mjs';

const APT_FILE = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCMD ["curl", "--version"]\n';

const { page, requests, pageErrors, consoleErrors, close } = await launch();

async function setText(text) {
  const before = await statusText(page);
  await page.getByTestId('editor').fill(text);
  await statusChange(page, before);
}

function megabytes(text) {
  const match = /image (?:at least )?([0-9.]+) (MB|kB)/.exec(text);
  expect(match, `no size in ${JSON.stringify(text)}`);
  return Number(match[1]) / (match[2] === 'kB' ? 1000 : 1);
}

try {
  await openApp(page);

  await check('problems are grouped by severity and category, each with line:column', async () => {
    await setText(APT_FILE + 'FORM alpine\n');
    const panel = page.getByTestId('panel-problems');
    const levels = await panel.locator('.problem-level-title').allTextContents();
    expect(levels.length >= 2, `severity sections: ${levels}`);
    expect(levels[0].startsWith('Errors'), `errors first: ${levels}`);
    const categories = await panel.locator('.problem-category').allTextContents();
    expect(categories.includes('size'), `categories: ${categories}`);
    const status = await statusText(page);
    const counted = Number(/ · (\d+) problems?$/.exec(status)[1]);
    expectEqual(await panel.locator('.problem').count(), counted, 'problems listed vs counted');
  });

  await check('a finding opens to its documentation and a diff preview of its fix', async () => {
    await setText(APT_FILE);
    const item = page.locator('.problem', { hasText: 'apt-lists-not-removed' });
    await item.locator('.problem-code').click();
    const detail = item.locator('.problem-detail');
    await detail.waitFor();
    const headings = await detail.locator('.doc-heading').allTextContents();
    expect(headings.includes('Why it matters') && headings.includes('Fix'), `doc headings: ${headings}`);
    const added = await detail.locator('.diff-added .diff-text').allTextContents();
    expect(added.some((line) => line.includes('rm -rf /var/lib/apt/lists/*')), `added lines: ${added}`);
  });

  await check('the effect is measured after a pause and shown as a badge', async () => {
    const item = page.locator('.problem', { hasText: 'apt-lists-not-removed' });
    const badge = item.locator('.effect-badge').first();
    await badge.waitFor({ timeout: 8000 });
    const text = (await badge.textContent()).trim();
    // The database's apt lists are 19.9 MB (sourced): the fix removes them.
    expect(/^−(19|20)\.\d MB$/.test(text), `effect badge: ${text}`);
    await page.screenshot({ path: join(artifacts, 'problems-light.png') });
  });

  await check('Apply changes the editor text and the finding goes away; Ctrl+Z is the editor\'s', async () => {
    const before = megabytes(await page.getByTestId('final-size').textContent());
    const item = page.locator('.problem', { hasText: 'apt-lists-not-removed' });
    await item.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="editor"]').value.includes('rm -rf /var/lib/apt/lists/*'));
    await page.locator('.problem', { hasText: 'apt-lists-not-removed' }).waitFor({ state: 'detached' });
    const after = megabytes(await page.getByTestId('final-size').textContent());
    expect(before - after > 15, `final size ${before} MB → ${after} MB`);
  });

  await check('Apply all safe fixes reaches a state with no safe fix left', async () => {
    await setText('FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\nMAINTAINER someone\n');
    const button = page.getByRole('button', { name: /^Apply \d+ safe fix/ });
    const label = await button.textContent();
    expect(!(await button.isDisabled()), `button disabled: ${label}`);
    const text = await page.getByTestId('editor').inputValue();
    await button.click();
    await page.waitForFunction((old) => document.querySelector('[data-testid="editor"]').value !== old, text);
    await page.waitForFunction(() => /^Apply 0 safe fixes$/.test(
      [...document.querySelectorAll('button')].find((b) => /^Apply \d+ safe fix/.test(b.textContent))?.textContent ?? ''));
  });

  await check('clicking a problem location moves the caret to its line', async () => {
    await setText(APT_FILE);
    const location = page.locator('.problem-location').first();
    const [line] = (await location.textContent()).trim().split(':').map(Number);
    await location.click();
    const caretLine = await page.getByTestId('editor').evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
    expectEqual(caretLine, line, 'caret line');
  });

  await check('every example loads from the picker with a known size and no syntax error', async () => {
    const picker = page.getByTestId('example-picker');
    const values = await picker.locator('option').evaluateAll((options) => options.map((o) => o.value).filter((v) => v.startsWith('example:')));
    expect(values.length >= 6, `examples: ${values}`);
    const sizes = new Set();
    for (const value of values) {
      const before = await page.getByTestId('editor').inputValue();
      await picker.selectOption(value);
      await page.waitForFunction((old) => document.querySelector('[data-testid="editor"]').value !== old, before).catch(() => {});
      const size = (await page.getByTestId('final-size').textContent()).trim();
      expect(!size.includes('unknown'), `${value}: ${size}`);
      sizes.add(size);
      expect(await page.locator('.problem-level.sev-error').count() === 0, `${value} has errors`);
    }
    expectEqual(sizes.size, values.length, 'distinct final sizes');
  });

  await check('the Go lesson goes from about a gigabyte to about 15 MB, with the diff and delta', async () => {
    await page.getByTestId('example-picker').selectOption({ label: 'Go web app: from 1 GB to 15 MB' });
    const lesson = page.getByTestId('lesson');
    await lesson.waitFor();
    expect((await lesson.textContent()).includes('Step 1 of 4'), 'step 1');
    const first = megabytes(await page.getByTestId('final-size').textContent());
    expect(first > 800 && first < 1300, `single stage: ${first} MB`);
    await lesson.getByRole('button', { name: 'Next →' }).click();
    await lesson.getByRole('button', { name: 'Next →' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson"]').textContent.includes('Step 3 of 4'));
    const third = megabytes(await page.getByTestId('final-size').textContent());
    expect(third > 10 && third < 25, `multi-stage on alpine: ${third} MB`);
    const delta = (await page.getByTestId('lesson-delta').textContent()).trim();
    expect(/^Image \d+ MB → [0-9.]+ MB/.test(delta), `delta: ${delta}`);
    await lesson.locator('.lesson-diff summary').click();
    const added = await lesson.locator('.diff-added .diff-text').allTextContents();
    expect(added.some((line) => line.startsWith('FROM alpine')), `diff: ${added}`);
    await page.screenshot({ path: join(artifacts, 'lesson-light.png') });
  });

  await check('the theme picker switches to dark and the choice survives a reload', async () => {
    await page.locator('#theme-picker').selectOption('dark');
    expectEqual(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'data-theme');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expectEqual(background, 'rgb(14, 17, 22)', 'dark background');
    await page.screenshot({ path: join(artifacts, 'lesson-dark.png') });
    await page.getByTestId('lesson').getByRole('button', { name: 'Close lesson' }).click();
    await page.reload({ waitUntil: 'load' });
    await waitForReport(page);
    expectEqual(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'data-theme after reload');
    await page.locator('#theme-picker').selectOption('light');
  });

  await check('keyboard: Alt+2 shows Layers, ? opens the shortcuts, Esc closes them', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Alt+2');
    await page.getByTestId('panel-layers').waitFor();
    await page.keyboard.press('Shift+Slash');
    await page.getByRole('dialog').waitFor();
    expect((await page.getByRole('dialog').textContent()).includes('Apply all safe fixes'), 'help lists shortcuts');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('Alt+1');
    await page.getByTestId('panel-problems').waitFor();
  });

  await check('the gallery (Alt+E) shows every example with its engine-computed size and opens one', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Alt+E');
    const dialog = page.getByRole('dialog', { name: 'Examples and lessons' });
    await dialog.waitFor();
    const figures = await dialog.locator('.card-figure').allTextContents();
    expect(figures.filter((f) => /^image [0-9.]+ (MB|kB)$/.test(f)).length >= 6, `example sizes: ${figures}`);
    await page.screenshot({ path: join(artifacts, 'gallery-light.png') });
    await dialog.getByRole('button', { name: /Rust service/ }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await page.getByTestId('editor').inputValue()).includes('cargo build --release'), 'Rust example loaded');
  });

  await check('work is autosaved and restored on reload', async () => {
    const text = 'FROM alpine:3.20\n# autosave check ✓\nRUN echo "ünïcode"\n';
    await setText(text);
    // Reload at once: the address's link may still be the previous build's; autosave is newer.
    await page.waitForTimeout(50);
    await page.reload({ waitUntil: 'load' });
    await waitForReport(page);
    expectEqual(await page.getByTestId('editor').inputValue(), text, 'restored text');
  });

  await checkHygiene({ requests, pageErrors, consoleErrors });
} finally {
  await close();
}
finish();
