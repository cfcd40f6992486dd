// Embedding: a documentation page on another origin (answered by this test, never the server) turns two ```dockerfile blocks into widgets with embed.js and drives them
// through the versioned, origin-checked postMessage API; and the sample page in dist/.
import { join } from 'node:path';
import {
  artifacts, baseUrl, check, expect, expectEqual, finish, launch, origin, waitForReport,
} from './harness.mjs';
import { readHash } from './links.mjs';

// Another origin on the loopback too (Chromium blocks a public page from loading loopback
// scripts): localhost when the app is served on 127.0.0.1, and the other way round.
const served = new URL(baseUrl);
const DOCS = `http://${served.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${served.port}`;
const HOST_PAGE = `<!doctype html><meta charset="utf-8"><title>Docs</title>
<script>window.__messages = []; addEventListener('message', (e) => {
  const frame = [...document.querySelectorAll('iframe')].findIndex((f) => f.contentWindow === e.source);
  window.__messages.push({ origin: e.origin, frame, data: e.data });
});</script>
<script src="${new URL('embed.js', baseUrl).href}" defer data-panels="size,cache,problems" data-view="size"></script>
<h1>Docs</h1>
<pre><code class="language-dockerfile">FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /server .
FROM gcr.io/distroless/static-debian12
COPY --from=build /server /server
</code></pre>
<p>Second example:</p>
<pre><code class="language-dockerfile">FROM python:3.12-slim
RUN pip install flask
COPY . .
</code></pre>`;

const { context, page, requests, pageErrors, consoleErrors, close } = await launch();
await context.route(`${DOCS}/guide.html`, (route) => route.fulfill({ contentType: 'text/html', body: HOST_PAGE }));
// A page the test answers has no address of its own: Chromium asks before it reaches the loopback.
await context.grantPermissions(['local-network-access'], { origin: DOCS });

const messages = (filter = {}) => page.evaluate((f) => window.__messages.filter((m) =>
  Object.entries(f).every(([k, v]) => (k === 'frame' ? m.frame === v : m.data?.[k] === v))), filter);
const results = async (frame) => (await messages({ frame, type: 'result' })).map((m) => m.data);
const frame = (index) => page.frameLocator('iframe').nth(index);

try {
  await check('embed.js turns both blocks into lazy widgets that say ready and report results', async () => {
    await page.goto(`${DOCS}/guide.html`);
    await page.waitForFunction(() => document.querySelectorAll('iframe.layerlab-frame').length === 2);
    expectEqual(await page.locator('iframe').first().getAttribute('loading'), 'lazy', 'loading attribute');
    await page.locator('iframe').nth(1).scrollIntoViewIfNeeded();
    await page.waitForFunction(() => [0, 1].every((i) => window.__messages.some((m) => m.frame === i && m.data.type === 'result')), null, { timeout: 20000 });
    for (const i of [0, 1]) {
      const [ready] = await messages({ frame: i, type: 'ready' });
      expect(ready && ready.origin === origin, `frame ${i}: ready from ${ready?.origin}`);
      const [state] = await messages({ frame: i, type: 'state' });
      expect(readHash(state.data.hash).dockerfile.startsWith('FROM '), `frame ${i}: state`);
    }
    const src = await page.locator('iframe').first().getAttribute('src');
    expect(src.includes('embed=1') && src.includes(`host=${encodeURIComponent(DOCS)}`) && src.includes('#v1.d.'), `src ${src}`);
  });

  await check('the frames grow to their content (resize messages)', async () => {
    await page.waitForFunction(() => window.__messages.filter((m) => m.data.type === 'resize').length >= 2);
    const [resize] = await messages({ frame: 0, type: 'resize' });
    const height = await page.locator('iframe').first().evaluate((f) => f.getBoundingClientRect().height);
    expectEqual(Math.round(height), Math.ceil(resize.data.height), 'frame height');
  });

  await check('compact chrome: no header, chosen panels, the chosen view, Open in Layerlab', async () => {
    const widget = frame(0);
    expectEqual(await widget.locator('.topbar').count(), 0, 'header');
    expectEqual((await widget.locator('.panel-tab').allTextContents()).map((t) => t.replace(/\d+$/, '')).join(','), 'Size,Cache,Problems', 'tabs');
    await widget.getByTestId('panel-size').waitFor();
    const href = await widget.getByTestId('open-in-layerlab').getAttribute('href');
    expect(href.startsWith(origin) && !href.includes('embed=1'), `open link ${href}`);
    expect(readHash(new URL(href).hash).dockerfile.includes('distroless'), 'open link content');
  });

  await check('set-content on the second widget changes only its result, state and link', async () => {
    const before0 = (await results(0)).length;
    const before1 = await results(1);
    const dockerfile = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\n';
    await page.evaluate(([text, to]) => document.querySelectorAll('iframe')[1].contentWindow.postMessage(
      { layerlab: 1, type: 'set-content', dockerfile: text }, to), [dockerfile, origin]);
    await page.waitForFunction((n) => window.__messages.filter((m) => m.frame === 1 && m.data.type === 'result').length > n, before1.length);
    const after1 = (await results(1)).at(-1);
    expect(after1.finalSize.uncompressed !== before1.at(-1).finalSize.uncompressed, 'the second result did not change');
    expect(typeof after1.rebuiltSteps === 'number', 'rebuiltSteps');
    await page.waitForFunction(() => window.__messages.some((m) => m.frame === 1 && m.data.type === 'state' && m.data.hash.length > 20 && m !== window.__messages.find((x) => x.frame === 1 && x.data.type === 'state')));
    const state = (await messages({ frame: 1, type: 'state' })).at(-1);
    expectEqual(readHash(state.data.hash).dockerfile, dockerfile, 'state message');
    expectEqual(await frame(1).getByTestId('editor').inputValue(), dockerfile, 'second editor');
    const href = await frame(1).getByTestId('open-in-layerlab').getAttribute('href');
    expectEqual(readHash(new URL(href).hash).dockerfile, dockerfile, 'Open in Layerlab carries the current state');
    expectEqual((await results(0)).length, before0, 'the first widget posted no new result');
    expect((await frame(0).getByTestId('editor').inputValue()).includes('golang'), 'the first editor changed');
  });

  await check('set-view changes the panel, theme and read-only mode of one widget', async () => {
    await page.evaluate((to) => document.querySelectorAll('iframe')[0].contentWindow.postMessage(
      { layerlab: 1, type: 'set-view', view: 'cache', theme: 'dark', readonly: true }, to), origin);
    const widget = frame(0);
    await widget.getByTestId('panel-cache').waitFor();
    expectEqual(await widget.locator('html').getAttribute('data-theme'), 'dark', 'theme');
    await widget.locator('.embed-badge').waitFor();
    const before = await widget.getByTestId('editor').inputValue();
    await widget.getByTestId('editor').press('End').catch(() => {});
    await widget.getByTestId('editor').pressSequentially('X').catch(() => {});
    expectEqual(await widget.getByTestId('editor').inputValue(), before, 'read-only text after typing');
    await page.screenshot({ path: join(artifacts, 'embed-host.png'), fullPage: true });
  });

  await check('messages from another origin, the wrong version, or not from the parent are ignored', async () => {
    const direct = await context.newPage();
    await direct.goto(new URL(`?embed=1&host=${encodeURIComponent(DOCS)}`, baseUrl).href);
    await waitForReport(direct);
    const text = await direct.getByTestId('editor').inputValue();
    // Its host is the docs origin: a message from the app's own origin is the wrong one here.
    await direct.evaluate(() => window.postMessage({ layerlab: 1, type: 'set-content', dockerfile: 'FROM evil\n' }, '*'));
    // The panic test hook answers only the frame's own origin, never a host page.
    await page.evaluate((to) => document.querySelectorAll('iframe')[1].contentWindow.postMessage(
      { layerlab: 1, type: 'debug-panic' }, to), origin);
    await page.evaluate((to) => document.querySelectorAll('iframe')[1].contentWindow.postMessage(
      { layerlab: 2, type: 'set-content', dockerfile: 'FROM v2\n' }, to), origin);
    await page.waitForTimeout(500);
    expectEqual(await frame(1).getByTestId('panic-banner').count(), 0, 'banner in the widget');
    expect(!(await frame(1).getByTestId('editor').inputValue()).includes('v2'), 'wrong version accepted');
    expectEqual(await direct.getByTestId('editor').inputValue(), text, 'a message from the wrong origin changed the build');
    await direct.close();
  });

  await check('the sample docs page in dist/ shows two widgets and a link', async () => {
    const sample = await context.newPage();
    await sample.goto(new URL('docs-example.html', baseUrl).href);
    await sample.waitForFunction(() => document.querySelectorAll('iframe.layerlab-frame').length === 2 && document.querySelector('a.layerlab-open'));
    const href = await sample.locator('a.layerlab-open').getAttribute('href');
    expect(readHash(new URL(href).hash).dockerfile.startsWith('FROM python:3.12-slim'), `link ${href}`);
    await sample.frameLocator('iframe').first().getByTestId('panel-size').waitFor({ timeout: 20000 });
    await sample.waitForTimeout(500);
    await sample.screenshot({ path: join(artifacts, 'embed-docs-example.png'), fullPage: true });
    await sample.close();
  });

  await check('no unexpected errors, and only the app and the test\'s own docs page were requested', async () => {
    expect(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
    expect(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
    const outside = requests.filter((url) => ![origin, DOCS].includes(new URL(url).origin));
    expect(outside.length === 0, `requests elsewhere: ${outside.join(', ')}`);
  });
} finally {
  await close();
}
finish();
