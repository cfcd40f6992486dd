// Accessibility: axe-core (WCAG 2.1 A/AA and best practices) over every panel, dialog, editor
// tab and the lesson view, in both themes and on a 375 px wide screen; and keyboard focus that
// is always visible. Run through `cargo xtask test` (see harness.mjs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { check, checkHygiene, expect, finish, launch, openApp } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** axe's violations on the page as it is now, one line per rule with its first few nodes. */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => {
      const nodes = v.nodes.slice(0, 3).map((node) => {
        const contrast = node.any.find((c) => c.id === 'color-contrast')?.data;
        const detail = contrast ? ` (${contrast.fgColor} on ${contrast.bgColor}: ${contrast.contrastRatio})` : '';
        return node.target.join(' ') + detail;
      });
      return `${v.impact} ${v.id} ×${v.nodes.length}: ${nodes.join('; ')}`;
    });
  }, TAGS);
}

/** Brings the page to a state, then checks that axe finds nothing there. */
async function audit(page, state, reach = async () => {}) {
  await check(`axe: no violations — ${state}`, async () => {
    await reach();
    const found = await violations(page);
    expect(found.length === 0, found.join(' | '));
  });
}

/** The states a reader reaches: each panel, an opened problem, the editor's tabs, the dialogs and a lesson. */
async function auditEveryState(page, theme) {
  await audit(page, `${theme}, Problems with a problem opened (docs and fix diff)`, async () => {
    const problem = page.locator('.problem').first();
    await problem.locator('.problem-code').click();
    await problem.locator('.problem-detail').waitFor();
  });
  for (const tab of ['Layers', 'Graph', 'Cache', 'Size']) {
    await audit(page, `${theme}, ${tab} panel`, async () => {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.getByTestId(`panel-${tab.toLowerCase()}`).waitFor();
    });
  }
  for (const tab of ['.dockerignore', 'Build context']) {
    await audit(page, `${theme}, editor tab ${tab}`, async () => {
      await page.getByRole('tab', { name: new RegExp(`^${tab.replace('.', '\\.')}`) }).click();
    });
  }
  await audit(page, `${theme}, examples and lessons dialog`, async () => {
    await page.getByRole('tab', { name: /^Dockerfile/ }).click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Alt+E');
    await page.getByRole('dialog', { name: 'Examples and lessons' }).waitFor();
  });
  await audit(page, `${theme}, keyboard shortcuts dialog`, async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  });
  await audit(page, `${theme}, share dialog`, async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('share-button').click();
    await page.getByRole('dialog').waitFor();
  });
  await audit(page, `${theme}, Go lesson with its diff open`, async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('example-picker').selectOption({ label: 'Go web app: from 1 GB to 15 MB' });
    const lesson = page.getByTestId('lesson');
    await lesson.getByRole('button', { name: 'Next →' }).click();
    await lesson.locator('.lesson-diff summary').click();
  });
}

const sessions = [];
try {
  for (const theme of ['light', 'dark']) {
    const session = await launch({ colorScheme: theme });
    sessions.push(session);
    await openApp(session.page);
    await auditEveryState(session.page, theme);
    await checkHygiene(session);
  }

  const embedded = await launch();
  sessions.push(embedded);
  await openApp(embedded.page, '?embed=1');
  await audit(embedded.page, 'light, embedded widget');

  const narrow = await launch({ viewport: { width: 375, height: 740 } });
  sessions.push(narrow);
  await openApp(narrow.page);
  await audit(narrow.page, 'light, 375 px wide');

  await check('keyboard focus is visible on every control Tab reaches; Esc, then Tab, leaves the editor', async () => {
    const page = narrow.page;
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const seen = [];
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
        const name = element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent.trim().slice(0, 30);
        return `${element.tagName.toLowerCase()} "${name}"${ring ? '' : ' (no focus ring)'}`;
      });
      if (!focused) continue;
      expect(!focused.endsWith('(no focus ring)'), `no visible focus on ${focused}`);
      expect(seen.at(-1) !== focused, `Tab stayed on ${focused}`);
      seen.push(focused);
      // Tab indents in the editor; Esc first lets it move focus on, as the shortcuts say.
      if (focused === 'textarea "editor"') await page.keyboard.press('Escape');
    }
    expect(seen.includes('textarea "editor"'), `Tab never reached the editor: ${seen.join(', ')}`);
    expect(seen.length >= 30, `Tab reached only ${seen.length} controls: ${seen.join(', ')}`);
  });
  await checkHygiene(narrow);
} finally {
  for (const session of sessions) await session.close();
}
finish();
