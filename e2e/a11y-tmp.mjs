import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, openApp } from './harness.mjs';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function audit(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => v.id === 'color-contrast' ? ((n.any[0]?.data?.fgColor ?? '') + ' on ' + (n.any[0]?.data?.bgColor ?? '') + ' ' + (n.any[0]?.data?.contrastRatio ?? '') + ' ' + n.target.join(' ')) : n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\n/g, ' ').slice(0, 200)), count: v.nodes.length }));
  });
  console.log(`== ${label}: ${result.length} violations`);
  for (const v of result) { console.log(` ${v.impact} ${v.id} (${v.count}): ${v.help}`); const seen = new Set(); for (const n of v.nodes) { const key = v.id === 'color-contrast' ? n.split(' ').slice(0, 4).join(' ') : n; if (!seen.has(key)) { seen.add(key); console.log('    ' + n); } } }
}
for (const scheme of ['light', 'dark']) {
  const { page, close } = await launch({ colorScheme: scheme });
  await openApp(page);
  await page.waitForTimeout(800);
  await audit(page, `${scheme} problems`);
  for (const tab of ['Layers', 'Graph', 'Cache', 'Size']) {
    await page.getByRole('tab', { name: tab }).click();
    await page.waitForTimeout(400);
    await audit(page, `${scheme} ${tab}`);
  }
  await close();
}
