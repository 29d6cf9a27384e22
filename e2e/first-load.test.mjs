// First load of the release build (dist/), served under a sub-path on 127.0.0.1: the first wizard
// step shows, nothing goes wrong on the way, nothing leaves the origin, and it fits the budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startApp, screenshot, distDir, precacheOf, waitUntilOffline, repoRoot } from './support.mjs';
import { firstLoadFiles, sizes, isAfterStart, CEILING_BYTES } from './size.mjs';
import { dataSegments } from '../scripts/wasm-bytes.mjs';
import { addressesIn } from '../scripts/later-data.mjs';

let app;
let server;
let page;
let trouble;

before(async () => {
  app = await startApp({ viewport: { width: 1280, height: 800 } });
  ({ server, page, trouble } = app);
});

after(() => app?.close());

test('the first wizard step is visible', async () => {
  const heading = page.locator('#step-heading');
  assert.equal((await heading.textContent()).trim(), '基本信息');
  assert.equal(await page.title(), '述职报告向导');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await screenshot(page, 'first-step');
});

test('no console errors, failed requests, CSP violations or other origins', async () => {
  // Every subresource of the document has settled once `load` has fired (the wasm too: the
  // loader module awaits it). Waiting for the event, not for time.
  await page.waitForLoadState('load');
  assert.deepEqual(trouble.all(), []);
});

// The browser fetches the favicon and the web app manifest for its own UI, on its own schedule
// (headless Chromium: the icon twice).
const isIcon = (file) => /^icon-[^/]*$/.test(file) || file === 'manifest.webmanifest';
const fileOf = (r) => r.path.slice(server.base.length) || 'index.html';

test('the page fetched the first-load files and nothing else, each once', async () => {
  await page.waitForLoadState('load');
  // The service worker's own requests (its script, then precaching the build) are checked below.
  const fetched = server.requests.filter((r) => r.by === 'page').map(fileOf).filter((f) => !isAfterStart(f));
  const expected = firstLoadFiles(distDir);
  const unique = [...new Set(fetched)].sort();
  assert.deepEqual(unique.filter((f) => !isIcon(f)), expected.filter((f) => !isIcon(f)));
  assert.deepEqual(unique.filter(isIcon).filter((f) => !expected.includes(f)), [], 'undeclared icon');
  const twice = fetched.filter((f, i) => !isIcon(f) && fetched.indexOf(f) !== i);
  assert.deepEqual(twice, [], 'fetched more than once');
});

test('the second half of the code is fetched once the first step is shown, once', async () => {
  const half = readdirSync(distDir).filter((f) => f.endsWith('_split.wasm'));
  assert.equal(half.length, 1, 'a split build');
  assert.ok(!firstLoadFiles(distDir).includes(half[0]), 'not part of the first load');
  await page.waitForFunction(() => window.shuzhiSplit.loaded());
  const fetched = server.requests.filter((r) => r.by === 'page').map(fileOf);
  assert.deepEqual(fetched.filter((f) => f === half[0]), half);
  assert.equal(await page.evaluate(() => window.shuzhiSplit.early), 0, 'no placeholder ran before it');
});

test('the service worker precached this build, downloading only what the page had not', async () => {
  await waitUntilOffline(page);
  const build = precacheOf(distDir);
  // Every file in dist/ but the worker itself and the portal's config.json (not part of a build).
  const inDist = readdirSync(distDir).filter((f) => f !== 'sw.js' && f !== 'config.json').sort();
  assert.deepEqual(build.files.map((f) => f.path.split('?')[0]).sort(), inDist);
  assert.deepEqual(server.requests.filter((r) => r.by === 'worker-script').map(fileOf), ['sw.js']);
  // The worker takes the page's downloads from the HTTP cache (assets/sw.js fetchVerified): it
  // asks the server only for what the page never fetched — index.html under its own name (the
  // page was opened as the directory), the nomodule script and the icons the browser did not
  // fetch for itself — and for nothing twice.
  const byPage = new Set(server.requests.filter((r) => r.by === 'page').map(fileOf));
  const precached = server.requests.filter((r) => r.by === 'worker').map(fileOf).sort();
  assert.deepEqual(precached, [...new Set(precached)], 'a file precached twice');
  assert.deepEqual(precached.filter((f) => byPage.has(f) && f !== 'index.html'), [], 'downloaded again by the worker');
  assert.deepEqual(inDist.filter((f) => !byPage.has(f) && !precached.includes(f)), [], 'never downloaded');
  assert.deepEqual(trouble.all(), []);
});

test('a cold first visit from a server without validators serves at most 1.05× the distinct files', async () => {
  await waitUntilOffline(page);
  // serveDist sends no ETag or Last-Modified (like some portal gateways): the worker's precache
  // would download every file again if it revalidated (2× before issue 15).
  const served = server.requests.reduce((sum, r) => sum + r.bytes, 0);
  const distinct = new Map(server.requests.filter((r) => r.status === 200).map((r) => [fileOf(r), r.bytes]));
  const unique = [...distinct.values()].reduce((a, b) => a + b, 0);
  const ratio = served / unique;
  const again = server.requests.filter((r, i, all) => all.findIndex((o) => fileOf(o) === fileOf(r)) !== i).map((r) => `${fileOf(r)} (${r.by})`);
  assert.ok(ratio <= 1.05, `served ${served} bytes for ${unique} bytes of distinct files (${ratio.toFixed(3)}×); again: ${again.join(', ')}`);
});

test(`the first load is at most ${CEILING_BYTES / 1024} KB gzip -9 (make size; target 250 KB)`, () => {
  const rows = sizes(distDir);
  const total = rows.reduce((sum, r) => sum + r.gzip, 0);
  const detail = rows.map((r) => `${r.file} ${r.gzip}`).join(', ');
  assert.ok(total <= CEILING_BYTES, `first load is ${total} bytes gzip, ceiling ${CEILING_BYTES}: ${detail}`);
});

/** The path of the app's wasm half whose name ends with `suffix` (`_bg.wasm`, `_split.wasm`). */
const appWasm = (suffix) => path.join(distDir, readdirSync(distDir).find((f) => /^shuzhi-app-.*\.wasm$/.test(f) && f.endsWith(suffix)));

test('the built-in templates other than the default come with the second half, not in the first load', () => {
  const source = readFileSync(path.join(repoRoot, 'src/report/template.rs'), 'utf8');
  const defaultId = source.match(/DEFAULT_TEMPLATE_ID: &str = "([^"]+)"/)[1];
  const ids = [...source.matchAll(/\("([^"]+)", include_str!/g)].map(([, id]) => id);
  assert.ok(ids.length >= 2 && ids.includes(defaultId), `built-in templates: ${ids}`);
  const [first, second] = [readFileSync(appWasm('_bg.wasm')), readFileSync(appWasm('_split.wasm'))];
  for (const id of ids) {
    const text = readFileSync(path.join(repoRoot, 'templates', `${id}.json`));
    const where = [first.includes(text) && 'first', second.includes(text) && 'second'].filter(Boolean).join('+') || 'neither';
    assert.equal(where, id === defaultId ? 'first' : 'second', `${id}.json is in the ${where} half`);
  }
});

test('no address the first half names lies in a constant only the second half writes (scripts/later-data.mjs)', () => {
  const [first, second] = [readFileSync(appWasm('_bg.wasm')), readFileSync(appWasm('_split.wasm'))];
  // What the second half writes, but the other templates' texts: the first half's template reader
  // names those on purpose and checks that they are there (report::template::parsed_builtin).
  const templates = readdirSync(path.join(repoRoot, 'templates')).map((f) => readFileSync(path.join(repoRoot, 'templates', f)));
  const written = dataSegments(second).filter(({ bytes }) => !templates.some((text) => text.equals(bytes)));
  const moved = written.reduce((sum, { bytes }) => sum + bytes.length, 0);
  assert.ok(moved > 16 * 1024, `the second half writes ${moved} bytes of constants`);
  const inside = (v) => written.some(({ offset, bytes }) => v >= offset && v < offset + bytes.length);
  const lo = Math.min(...written.map((s) => s.offset));
  const hi = Math.max(...written.map((s) => s.offset + s.bytes.length));
  // Addresses in the first half's code…
  const wat = execFileSync(path.join(repoRoot, 'e2e/node_modules/.bin/wasm-dis'), [appWasm('_bg.wasm')], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const named = addressesIn(wat, lo, hi).filter(inside);
  assert.deepEqual([...new Set(named)], [], 'the first half\'s code names these addresses of moved constants');
  // …and pointers in its constants; and no byte written by both halves.
  for (const { offset, bytes } of dataSegments(first)) {
    for (let a = Math.ceil(offset / 4) * 4; a + 4 <= offset + bytes.length; a += 4) {
      const v = bytes.readUInt32LE(a - offset);
      assert.ok(!inside(v), `a constant of the first half at ${a} points at ${v}, which the second half writes`);
    }
    assert.ok(!written.some((s) => s.offset < offset + bytes.length && offset < s.offset + s.bytes.length), `bytes at ${offset} are in both halves`);
  }
});
