// Hostile links: script and SVG payloads in every field of a build, malformed links (bad
// base64, truncated, corrupt and oversized deflate, wrong JSON, future versions), and hostile
// messages. None may run script, open a dialog or break the page; broken links are explained.
// Also the panic banner, through its same-origin test hook.
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import {
  artifacts, baseUrl, check, checkHygiene, expect, expectEqual, finish, launch, openApp, waitForReport,
} from './harness.mjs';
import { linkHash, setContent } from './links.mjs';

// Each payload would set window.__pwned if it ever ran.
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=1"></svg>',
  '<svg><script>window.__pwned=1</script></svg>',
  '<script>window.__pwned=1</script>',
  '"><iframe srcdoc="<script>parent.__pwned=1</script>">',
  'javascript:window.__pwned=1',
  '<a href="javascript:window.__pwned=1" id=x>click</a>',
  '{{constructor.constructor("window.__pwned=1")()}}',
];

function hostileBuilds() {
  return PAYLOADS.flatMap((p) => [
    { dockerfile: `# ${p}\nFROM alpine AS base\nRUN echo '${p}'\n` },
    { dockerfile: `FROM alpine AS ${p}\nFROM ${p}\nCOPY --from=${p} / /\n` },
    { dockerfile: `FROM alpine\nLABEL title="${p}" ${p}=1\nENV X="${p}"\nUSER ${p}\n` },
    {
      dockerfile: `ARG ${p}\nARG V="${p}"\nFROM alpine:\${V}\nRUN echo $V\n`,
      build_args: { [p]: p, V: p }, target: p, platform: p, scenario: p, changed: [p],
      dockerignore: `${p}\n!${p}\n`, context: `${p} 5k\nmain.go ${p}\n`,
    },
  ]);
}

const raw = (bytes) => `#v1.d.${deflateRawSync(bytes).toString('base64url')}`;
const valid = linkHash({ dockerfile: 'FROM alpine:3.20\nRUN echo hello there, a long enough line\n'.repeat(20) });
const MALFORMED = [
  ['bad base64 with markup', '#v1.d.<img src=x onerror="window.__pwned=1">', /characters a link cannot have/],
  ['bad base64', '#v1.d.$$$$', /characters a link cannot have/],
  ['truncated', valid.slice(0, Math.floor(valid.length / 2)), /ends too early/],
  ['corrupt deflate', '#v1.d.____AAAA', /damaged/],
  ['a 16 MB deflate bomb (>1 MB)', raw(Buffer.alloc(16 << 20, 0x20)), /more than 1 MB/],
  ['a 1.5 MB JSON string', raw(Buffer.from(JSON.stringify({ dockerfile: 'A'.repeat(1536 << 10) }))), /more than 1 MB/],
  ['JSON of the wrong shape', raw(Buffer.from('[1,2,3]')), /not a Layerlab build/],
  ['a number for the Dockerfile', raw(Buffer.from('{"dockerfile":5}')), /not a Layerlab build/],
  ['invalid UTF-8', raw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), /not a Layerlab build/],
  ['a future version', '#v2.d.AAAA', /newer Layerlab \(link format v2\)/],
  ['a future version with markup', '#v9<svg onload=window.__pwned=1>.d.x', /not a Layerlab link/],
  ['an unknown codec', '#v1.z.AAAA', /encoding “z” is unknown/],
  ['not a link', '#<script>window.__pwned=1</script>', /not a Layerlab link/],
];

const { context, page, requests, pageErrors, consoleErrors, close } = await launch();
const dialogs = [];
context.on('page', (p) => p.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); }));
page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });

async function assertSafe(what) {
  const state = await page.evaluate(() => ({
    pwned: window.__pwned,
    status: document.querySelector('[data-testid="engine-status"]')?.textContent ?? '',
    injected: document.querySelectorAll('main img, main iframe, main script, #x').length,
  }));
  expect(state.pwned === undefined, `${what}: a payload ran`);
  expect(state.status.length > 0, `${what}: the engine status is gone`);
  expectEqual(state.injected, 0, `${what}: injected elements`);
  expectEqual(dialogs.length, 0, `${what}: dialogs`);
}

try {
  await check(`${hostileBuilds().length} links with payloads in every field: shown as text in every panel, never run`, async () => {
    let n = 0;
    for (const build of hostileBuilds()) {
      await openApp(page, `?case=${(n += 1)}${linkHash(build)}`);
      expectEqual(await page.getByTestId('editor').inputValue(), build.dockerfile, `case ${n}: the editor text`);
      for (const panel of ['problems', 'layers', 'graph', 'cache', 'size']) {
        await page.locator(`#tab-${panel}`).click();
        await page.getByTestId(`panel-${panel}`).waitFor({ timeout: 5000 });
      }
      await assertSafe(`case ${n}`);
    }
    await page.screenshot({ path: join(artifacts, 'hostile-payload.png') });
  });

  await check(`${MALFORMED.length} malformed links are explained and the app still opens`, async () => {
    for (const [name, hash, message] of MALFORMED) {
      await openApp(page, `?m=${encodeURIComponent(name)}${hash}`);
      const notice = await page.locator('.notice[role="alert"]').textContent({ timeout: 5000 });
      expect(message.test(notice), `${name}: notice is ${JSON.stringify(notice)}`);
      expect(!notice.includes('<'), `${name}: the notice quotes markup: ${notice}`);
      expect((await page.getByTestId('editor').inputValue()).includes('FROM'), `${name}: no build shown`);
      await assertSafe(name);
    }
    await page.screenshot({ path: join(artifacts, 'hostile-notice.png') });
  });

  await check('hostile messages (content, view, unknown types, wrong versions) do nothing harmful', async () => {
    await openApp(page);
    for (const p of PAYLOADS) {
      await setContent(page, { dockerfile: `FROM alpine AS ${p}\n`, target: p, build_args: { [p]: p } });
      await page.evaluate((payload) => {
        window.postMessage({ layerlab: 1, type: 'set-view', view: payload, theme: payload, panels: [payload] }, '*');
        window.postMessage({ layerlab: 2, type: 'set-content', dockerfile: payload }, '*');
        window.postMessage({ layerlab: 1, type: payload }, '*');
        window.postMessage(payload, '*');
      }, p);
    }
    await page.waitForFunction((text) => document.querySelector('[data-testid="editor"]').value === text, `FROM alpine AS ${PAYLOADS.at(-1)}\n`);
    await assertSafe('messages');
  });

  await check('saved work over 128 kB opens unanalysed, and the page says so everywhere', async () => {
    const unit = 'FROM alpine:3.20\nRUN apk add --no-cache curl\n';
    const huge = unit.repeat(Math.ceil(140_000 / unit.length));
    await page.evaluate((text) => localStorage.setItem('layerlab.autosave.v1', JSON.stringify({ dockerfile: text })), huge);
    await page.goto(new URL('?view=problems', baseUrl).href, { waitUntil: 'load' });
    await waitForReport(page);
    await page.locator('.notice').waitFor({ timeout: 5000 });
    expectEqual((await page.getByTestId('engine-status').textContent()).trim(), 'Not analysed: over 128 kB', 'status');
    expect((await page.locator('.notice').textContent()).includes('the panels stay empty'), 'the notice says why');
    expect((await page.getByTestId('panel-problems').textContent()).includes('Not analysed'), 'the panel says so');
    expectEqual((await page.getByTestId('editor').inputValue()).length, huge.length, 'the text is all there');
    await page.screenshot({ path: join(artifacts, 'hostile-too-large.png') });
    await page.evaluate(() => localStorage.removeItem('layerlab.autosave.v1'));
  });

  await checkHygiene({ requests, pageErrors, consoleErrors });
} finally {
  await close();
}

// The panic banner, in its own browser: a panic is an expected console error and page error.
const crash = await launch();
try {
  await check('a panic shows the banner, keeps the text, and Reload brings the work back', async () => {
    await openApp(crash.page);
    const text = 'FROM alpine:3.20\nRUN echo "kept after a panic"\n';
    await setContent(crash.page, { dockerfile: text });
    await crash.page.waitForFunction((t) => document.querySelector('[data-testid="editor"]').value === t, text);
    await crash.page.waitForTimeout(200); // autosave runs after the render
    await crash.page.evaluate(() => window.postMessage({ layerlab: 1, type: 'debug-panic' }, location.origin));
    const banner = crash.page.getByTestId('panic-banner');
    await banner.waitFor({ timeout: 5000 });
    expect((await banner.textContent()).includes('your text is kept'), 'banner text');
    expectEqual(await crash.page.getByTestId('editor').inputValue(), text, 'text on the page');
    await crash.page.screenshot({ path: join(artifacts, 'panic-banner.png') });
    await banner.getByRole('button', { name: 'Reload' }).click();
    await crash.page.waitForFunction(() => !document.querySelector('[data-testid="panic-banner"]'));
    await waitForReport(crash.page);
    await crash.page.waitForFunction((t) => document.querySelector('[data-testid="editor"]')?.value === t, text);
    expect(crash.consoleErrors.some((e) => e.includes('debug-panic')), 'the panic was logged');
  });
} finally {
  await crash.close();
}
finish();
