// Share links: 50+ generated builds survive a round trip byte-exact (Unicode, CRLF, heredocs,
// 100 KB), a link beats the autosaved work which beats the example, a new hash loads while
// the page is open, UI options come from the query, and the app works offline after a visit.
import { join } from 'node:path';
import {
  artifacts, baseUrl, check, checkHygiene, expect, expectEqual, finish, launch, openApp, waitForReport,
} from './harness.mjs';
import { linkHash, nextHash, readHash, setContent } from './links.mjs';

/** Deterministic variety: every case differs, some are large, some carry every field. */
function generatedBuilds() {
  const unicode = ['ünïcödé', '日本語のコメント', 'emoji 🐳📦✨', 'עברית RTL', 'e\u0301 combining', 'zero\u200bwidth', 'tab\there', '“quotes” — dash'];
  const builds = [];
  for (let i = 0; i < 48; i += 1) {
    const eol = i % 3 === 0 ? '\r\n' : '\n';
    const lines = [
      `# case ${i}: ${unicode[i % unicode.length]}`,
      `FROM alpine:3.${18 + (i % 4)} AS stage${i}`,
      `RUN echo "${unicode[(i + 3) % unicode.length]}" > /note.txt`,
    ];
    if (i % 2 === 0) lines.push('RUN <<EOF', 'set -e', `echo heredoc ${i} ${unicode[(i + 5) % unicode.length]}`, 'EOF');
    if (i % 5 === 0) lines.push('COPY <<-"CONF" /etc/app.conf', '\tkey = value', '\tCONF');
    if (i % 7 === 0) lines.push('RUN apk add --no-cache curl \\', '    git \\', '    make');
    if (i % 4 === 1) lines.push(`LABEL description="${'x'.repeat(i * 50)}"`);
    lines.push(i % 6 === 0 ? 'CMD ["sh"]   ' : 'CMD ["sh"]');
    let dockerfile = lines.join(eol) + (i % 8 === 7 ? '' : eol);
    if (i % 11 === 4) dockerfile = `\uFEFF${dockerfile}`;
    const build = { dockerfile };
    if (i % 3 === 1) build.dockerignore = `.git${eol}node_modules${eol}*.md${eol}`;
    if (i % 4 === 2) build.context = 'main.go 5k\ngo.mod 300\ngo.sum 20k\n';
    if (i % 5 === 3) build.build_args = { VERSION: `1.${i}`, 'ÜNÏ': '🐳' };
    if (i % 6 === 1) build.target = `stage${i}`;
    if (i % 7 === 2) build.platform = 'linux/arm64';
    if (i % 9 === 5) { build.scenario = 'change-deps'; build.changed = ['go.sum', 'dir with space/ü.txt']; }
    builds.push(build);
  }
  const block = 'FROM debian:bookworm-slim AS big\r\nRUN echo "ünï €🐳" && \\\r\n    apt-get update\r\n';
  builds.push({ dockerfile: block.repeat(Math.ceil(100 * 1024 / block.length)) });
  builds.push({ dockerfile: Array.from({ length: 2000 }, (_, n) => `RUN echo line ${n} ✓`).join('\n') });
  builds.push({ dockerfile: 'FROM scratch' });
  builds.push({ dockerfile: '\n\n\r\n  \t\n' });
  return builds;
}

const FIELDS = ['dockerfile', 'dockerignore', 'context', 'build_args', 'target', 'platform', 'scenario', 'changed'];

/** What the link must carry: exactly the build's non-default fields. */
function withoutVersions(payload) {
  const copy = { ...payload };
  delete copy.engine;
  delete copy.db;
  return copy;
}

const session = await launch();
const { context, page, requests, pageErrors, consoleErrors, close } = session;
try {
  await openApp(page);

  await check('the share button shows the link, its length, and copies it as Markdown too', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
    await page.getByTestId('share-button').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link.startsWith(new URL(baseUrl).origin) && link.includes('#v1.d.'), `link: ${link}`);
    const length = (await page.getByTestId('share-length').textContent()).trim();
    expectEqual(length, `${[...link].length} characters`, 'length shown');
    await page.waitForFunction(() => /copied/i.test(document.querySelector('.share-status')?.textContent ?? ''));
    expectEqual(await page.evaluate(() => navigator.clipboard.readText()), link, 'clipboard after opening');
    await page.getByTestId('share-markdown').click();
    await page.waitForFunction(() => /Markdown link copied/.test(document.querySelector('.share-status')?.textContent ?? ''));
    expectEqual(await page.evaluate(() => navigator.clipboard.readText()), `[Dockerfile in Layerlab](${link})`, 'Markdown');
    const example = await page.getByTestId('editor').inputValue();
    expectEqual(readHash(new URL(link).hash).dockerfile, example, 'the link carries the example');
    await page.screenshot({ path: join(artifacts, 'share-popover.png') });
    await page.keyboard.press('Escape');
    expectEqual(await page.getByTestId('share-link').count(), 0, 'popover closed by Escape');
  });

  const builds = generatedBuilds();
  const fresh = await context.newPage();
  let exact = 0;
  await check(`${builds.length} generated builds round-trip byte-exact through the link`, async () => {
    expect(builds.length >= 50, 'too few builds');
    let hash;
    const failures = [];
    for (const [index, build] of builds.entries()) {
      const expected = JSON.stringify(Object.fromEntries(FIELDS.filter((f) => build[f] !== undefined).map((f) => [f, build[f]])));
      // 1. A link made elsewhere (Node's zlib) opens in a fresh page; the editor shows the text
      //    (a textarea reports CRLF as LF) and the page's own Share link carries exactly the
      //    build, CRLF included.
      await fresh.goto('about:blank');
      await openApp(fresh, linkHash(build));
      const shown = await fresh.getByTestId('editor').inputValue();
      if (shown !== build.dockerfile.replace(/\r\n?/g, '\n')) {
        failures.push(`#${index}: editor shows ${JSON.stringify(shown.slice(0, 80))}`);
        continue;
      }
      await fresh.getByTestId('share-button').click();
      const shared = readHash(new URL(await fresh.getByTestId('share-link').inputValue()).hash);
      if (JSON.stringify(withoutVersions(shared)) !== expected) {
        failures.push(`#${index}: the fresh page's link holds ${JSON.stringify(withoutVersions(shared)).slice(0, 100)}`);
        continue;
      }
      // 2. The same build sent to an open page (set-content): the address bar follows it,
      //    byte-exact; the editor keeps a file's CRLF line endings. Only a file with mixed line
      //    endings comes back with LF everywhere (a textarea holds no CR).
      await setContent(page, build);
      const mixed = /\r\n/.test(build.dockerfile) && /(^|[^\r])\n/.test(build.dockerfile);
      const wanted = mixed ? { ...build, dockerfile: build.dockerfile.replace(/\r\n?/g, '\n') } : build;
      const settled = JSON.stringify(Object.fromEntries(FIELDS.filter((f) => wanted[f] !== undefined).map((f) => [f, wanted[f]])));
      let held = '';
      for (let waited = 0; waited < 5000 && held !== settled; waited += 50) {
        await page.waitForTimeout(50);
        hash = await page.evaluate(() => location.hash);
        held = hash.startsWith('#v1.d.') ? JSON.stringify(withoutVersions(readHash(hash))) : '';
      }
      if (held !== settled) {
        failures.push(`#${index}: after set-content the address holds ${held.slice(0, 100)}`);
        continue;
      }
      exact += 1;
    }
    expect(failures.length === 0, `${failures.length} failed: ${failures.slice(0, 4).join(' | ')}`);
  });
  console.log(`round trips byte-exact: ${exact}/${builds.length} (a file with mixed line endings comes back LF from an open editor)`);

  await check('typing in a CRLF file keeps its CRLF line endings in the link', async () => {
    const crlf = 'FROM alpine:3.20\r\nRUN echo crlf\r\n';
    const before = await page.evaluate(() => location.hash);
    await setContent(page, { dockerfile: crlf });
    const loaded = await nextHash(page, before);
    expectEqual(readHash(loaded).dockerfile, crlf, 'after set-content');
    const editor = page.getByTestId('editor');
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('CMD ["sh"]');
    let held = '';
    for (let waited = 0; waited < 5000 && held !== `${crlf}CMD ["sh"]`; waited += 50) {
      await page.waitForTimeout(50);
      held = readHash(await page.evaluate(() => location.hash)).dockerfile;
    }
    expectEqual(held, `${crlf}CMD ["sh"]`, 'after typing');
  });
  await fresh.close();

  await check('a link beats the autosaved work, which beats the example', async () => {
    const mine = 'FROM alpine:3.20\nRUN echo mine\n';
    const before = await page.evaluate(() => location.hash);
    await setContent(page, { dockerfile: mine });
    await nextHash(page, before);
    await page.goto(baseUrl);
    await waitForReport(page);
    expectEqual(await page.getByTestId('editor').inputValue(), mine, 'autosaved work without a link');
    const linked = 'FROM busybox\nRUN echo linked\n';
    await openApp(page, `?x=1${linkHash({ dockerfile: linked })}`);
    expectEqual(await page.getByTestId('editor').inputValue(), linked, 'with a link');
    expectEqual(await page.locator('.notice').count(), 0, 'a link without versions gets no note');
  });

  await check('a new hash while the page is open loads that build', async () => {
    const next = 'FROM debian:bookworm-slim\nRUN echo "via hashchange"\n';
    await page.evaluate((hash) => { location.hash = hash; }, linkHash({ dockerfile: next }));
    await page.waitForFunction((text) => document.querySelector('[data-testid="editor"]').value === text, next);
  });

  await check('an older engine\'s link opens with a note saying what computed it', async () => {
    await openApp(page, `?y=1${linkHash({ engine: '0.0.1', db: '2020-01-01', dockerfile: 'FROM alpine\n' })}`);
    const notice = (await page.locator('.notice').textContent()).trim();
    expect(notice.includes('engine 0.0.1') && notice.includes('2020-01-01'), `notice: ${notice}`);
    expectEqual(await page.getByTestId('editor').inputValue(), 'FROM alpine\n', 'the build still opens');
  });

  await check('UI options come from the query: view and theme', async () => {
    await openApp(page, `?view=size&theme=dark${linkHash({ dockerfile: 'FROM alpine:3.20\n' })}`);
    await page.getByTestId('panel-size').waitFor({ timeout: 5000 });
    expectEqual(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'theme');
  });

  await check('after one visit the app works with the network off (service worker)', async () => {
    await openApp(page);
    await page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const cache = await caches.open('layerlab');
      const keys = (await cache.keys()).map((request) => request.url);
      return registration?.active && navigator.serviceWorker.controller && keys.some((url) => url.endsWith('.wasm'));
    }, null, { timeout: 15000, polling: 250 });
    const text = 'FROM alpine:3.20\nRUN echo offline\n';
    await setContent(page, { dockerfile: text });
    await nextHash(page, await page.evaluate(() => location.hash));
    await context.setOffline(true);
    try {
      await page.goto(new URL('?offline=1', baseUrl).href, { waitUntil: 'load' });
      await waitForReport(page);
      expectEqual(await page.getByTestId('editor').inputValue(), text, 'autosaved text offline');
      await page.screenshot({ path: join(artifacts, 'share-offline.png') });
    } finally {
      await context.setOffline(false);
    }
  });

  await checkHygiene({ requests, pageErrors, consoleErrors });
} finally {
  await close();
}
finish();
