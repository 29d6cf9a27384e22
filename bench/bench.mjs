// `make bench`: how small and how fast the release build is, side by side with the JavaScript way
// (the npm `docx` package) — issue 9. Serves a copy of dist/ (plus bench/ for the reference
// pages) on 127.0.0.1, drives headless Chromium with Playwright, prints a table and writes
// target/bench/latest.json, latest.txt (and a dated copy of the JSON).
//
//   1. first-load transfer: every file the first visit fetches, raw and gzip -9, by kind
//   2. startup: navigation → #step-heading painted, median of cold loads (a new context each),
//      against bench/blank.html, a page that only downloads and compiles the same .wasm
//   3. typing: input event on a text area → the preview's DOM changed (and → layout done),
//      for the sample (≈2,000 characters) and the sample ×10 (≈20,000)
//   4. autosave: one save of the draft, as the app does it (the `pagehide` flush: serialise +
//      localStorage), and the bare localStorage.setItem of the stored value
//   5. export: .docx and .html of both drafts (click → the file handed to the download link), and in the same
//      page, interleaved, the same document built by npm `docx` (bench/docx-baseline.mjs); the
//      baseline once more in its own page (bench/baseline.html)
//   6. import: the sample's text (paste → 识别 → summary shown) and its .docx (ours, which carries
//      the draft, and npm docx's, which goes through the text path); and natively, without a
//      browser, `import_text` on the sample ×10 and on the importer's 48-report development set
//      (benches/import.rs, `cargo bench --bench import`, release profile)
//
// Everything is measured in the page with performance.now() (and left as performance.measure
// entries named `bench: …` for DevTools traces), from outside the app: events are dispatched from
// page.evaluate and completion is observed (MutationObserver, the file handed to the download
// link: catchDownloads). No sleeps: every wait is for an event or a condition, with a watchdog.
// Chromium rounds performance.now() to 0.1 ms on a page that is not cross-origin isolated.
//
// Also: the wasm's code by crate (wasm-breakdown.mjs, on the same build with its name section),
// and, when the typing target is missed, a CPU profile of typing (profile.mjs) saying what
// dominates. Targets are reported, never asserted; the exit status is non-zero only when a
// measurement could not be taken.
//
// Also: start-up on issue 15's slow profile (SLOW: network and CPU throttled through CDP), from
// navigation to the loading text painted and to the first field usable; and the bytes a cold first
// visit makes the server send (page and service worker) against the distinct files.
//
// Environment: BENCH_LOADS (10), BENCH_SLOW_LOADS (3), BENCH_KEYS (200), BENCH_SAVES (50), BENCH_EXPORTS (50),
// BENCH_IMPORTS (20) change the run counts; BENCH_BREAKDOWN=0 skips the wasm breakdown,
// BENCH_PROFILE=0 the typing profile.
import { fileURLToPath } from 'node:url';
import { readFileSync, mkdirSync, rmSync, symlinkSync, readdirSync, writeFileSync, existsSync, cpSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { serveDist, launchBrowser, repoRoot, distDir } from '../e2e/support.mjs';
import { firstLoadFiles, sizes, isAfterStart, BUDGET_BYTES } from '../e2e/size.mjs';
import { breakdown, sameCode } from './wasm-breakdown.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const RUNS = {
  loads: env('BENCH_LOADS', 10),
  keys: env('BENCH_KEYS', 200),
  saves: env('BENCH_SAVES', 50),
  exports: env('BENCH_EXPORTS', 50),
  imports: env('BENCH_IMPORTS', 20),
  slowLoads: env('BENCH_SLOW_LOADS', 3),
};
const TARGETS = {
  firstLoadGzip: BUDGET_BYTES, // bytes
  everythingGzip: 450 * 1024, // bytes: first load + second half + lazy part
  typingP95At20k: 16, // ms
  exportSample: 20, // ms, p95 of the sample's .docx
  startupRatio: 2, // app / blank page, medians
  coldVisitRatio: 1.05, // bytes served on a cold first visit / bytes of the distinct files
  slowUsable: 4000, // ms, first usable field on the slow profile
  importNative: 50, // ms, p95 of import_text on ≈20,000 characters, release build
};

/** The slow line of issue 15 (Lighthouse's mobile profile): 1.6 Mbit/s down, 750 kbit/s up, 150 ms, CPU 4× slower. */
export const SLOW = { download: 1.6e6 / 8, upload: 750e3 / 8, latency: 150, cpu: 4 };
const outDir = path.join(repoRoot, 'target', 'bench');
const fixtures = path.join(repoRoot, 'tests', 'fixtures');

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** Nearest-rank percentile. */
const pct = (xs, p) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
};
const stats = (xs) => ({
  n: xs.length,
  p50: pct(xs, 50),
  p95: pct(xs, 95),
  min: Math.min(...xs),
  max: Math.max(...xs),
  mean: xs.reduce((a, b) => a + b, 0) / xs.length,
});
const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)) : '–');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const verdict = (ok) => (ok ? 'met' : 'MISSED');

// ---------------------------------------------------------------------------------------------
// Inputs: the sample report as pasted text, and the sample ×10 (ten times the items and intro)

const sampleText = readFileSync(path.join(fixtures, 'sample.txt'), 'utf8');
const cleanText = readFileSync(path.join(fixtures, 'sample.clean.txt'), 'utf8');

/** The sample with every section's items (and the intro) repeated `times` times, renumbered. */
function multiplied(text, times) {
  const lines = text.replace(/\r\n?/g, '\n').trimEnd().split('\n');
  const isHeading = (l) => /^[一二三四五六七八九十]+、/.test(l);
  const firstHeading = lines.findIndex(isHeading);
  const [title, ...intro] = lines.slice(0, firstHeading);
  const sections = [];
  for (const line of lines.slice(firstHeading)) {
    if (isHeading(line)) sections.push({ heading: line, groups: [] });
    else if (/^\d+[.．]/.test(line)) sections.at(-1).groups.push([line]);
    else sections.at(-1).groups.at(-1).push(line);
  }
  const out = [title];
  for (let i = 0; i < times; i++) out.push(...intro);
  for (const { heading, groups } of sections) {
    out.push(heading);
    let n = 0;
    for (let i = 0; i < times; i++) {
      for (const [first, ...rest] of groups) out.push(first.replace(/^\d+/, String(++n)), ...rest);
    }
  }
  return out.join('\n') + '\n';
}

export const DRAFTS = [
  { name: 'sample', text: sampleText },
  { name: 'sample ×10', text: multiplied(cleanText, 10) },
];

// ---------------------------------------------------------------------------------------------
// In-page helpers (installed as an init script in every page; the page's CSP does not apply to
// scripts added over the DevTools protocol)

export function pageHelpers() {
  const watchdogMs = 15000;
  window.__bench = {
    /** After the next frame was produced (rAF, then a task). */
    frame: () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(0);
        }),
      ),
    /** Resolves with `pred()` once it is truthy, checked on every DOM mutation (and on each of
     *  the window `events`). */
    until(pred, what, root = document, events = []) {
      return new Promise((resolve, reject) => {
        const now = pred();
        if (now) return resolve(now);
        const check = () => {
          const value = pred();
          if (value) {
            clearTimeout(timer);
            observer.disconnect();
            for (const name of events) removeEventListener(name, check);
            resolve(value);
          }
        };
        const observer = new MutationObserver(check);
        for (const name of events) addEventListener(name, check);
        const timer = setTimeout(() => {
          for (const name of events) removeEventListener(name, check);
          observer.disconnect();
          const heading = document.getElementById('step-heading')?.textContent;
          reject(new Error(`timed out waiting for ${what} (at ${location.hash || 'no hash'}, step "${heading}")`));
        }, watchdogMs);
        observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
      });
    },
    /** A promise of performance.now() at the first mutation under `target`, and its cancel. */
    nextMutation(target, what) {
      let observer;
      let timer;
      const promise = new Promise((resolve, reject) => {
        observer = new MutationObserver(() => {
          const t = performance.now();
          clearTimeout(timer);
          observer.disconnect();
          resolve(t);
        });
        observer.observe(target, { childList: true, subtree: true, characterData: true });
        timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no change of ${what}`));
        }, watchdogMs);
      });
      return promise;
    },
    /** A performance measure (visible in DevTools traces) from `start` to `end`; returns the duration. */
    measure(name, start, end) {
      performance.measure(name, { start, end });
      return end - start;
    },
    /** Goes to a step by its URL hash and waits for `selector`. */
    async go(hash, selector) {
      // The app writes the URL of the step it shows (an effect after its render); when that lands
      // after our change it undoes it without changing the DOM, so the hash is set again on every
      // hashchange as well as on every mutation, until the step is there.
      return window.__bench.until(
        () => {
          if (location.hash !== hash) location.hash = hash;
          return document.querySelector(selector);
        },
        selector,
        document,
        ['hashchange'],
      );
    },
  };
}

/**
 * Records when the wasm module is ready (WebAssembly.instantiate, instantiateStreaming or compileStreaming resolved),
 * when #step-heading is in the DOM and visible (`dom`) and when the frame showing it is done
 * (`painted`); when the loading text was first painted (`loadingText`: the first contentful paint,
 * if #boot-loading is visible then); and when the first field of the first step was usable (in
 * the DOM, visible, enabled: `usable`, at the end of the frame showing it).
 */
export function startupProbe() {
  window.__startup = {};
  for (const name of ['instantiateStreaming', 'instantiate', 'compileStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      // The first: the app's second half (scripts/split-wasm.mjs) is instantiated after the paint.
      window.__startup.wasmReady ??= performance.now();
      return result;
    };
  }
  new PerformanceObserver((list) => {
    const loading = document.getElementById('boot-loading');
    if (list.getEntriesByName('first-contentful-paint').length && loading?.checkVisibility()) {
      window.__startup.loadingText = list.getEntriesByName('first-contentful-paint')[0].startTime;
    }
  }).observe({ type: 'paint', buffered: true });
  const afterFrame = (key) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        window.__startup[key] = performance.now();
        // How the bench learns it (startupMark): a console message, so nothing of Playwright's
        // runs in the page while it starts.
        console.debug(`shuzhi-startup ${key}`);
      };
      channel.port2.postMessage(0);
    });
  const seen = {};
  const marks = {
    painted: () => document.getElementById('step-heading'),
    usable: () => [...document.querySelectorAll('.editor input:not([type=hidden]), .editor textarea')].find((f) => !f.disabled),
  };
  const observer = new MutationObserver(() => {
    for (const [key, find] of Object.entries(marks)) {
      const element = seen[key] ? null : find();
      if (!element || !element.checkVisibility()) continue;
      seen[key] = true;
      if (key === 'painted') window.__startup.dom = performance.now();
      afterFrame(key);
    }
    if (Object.keys(seen).length === Object.keys(marks).length) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Resolves when the page's `startupProbe` has recorded `key`. It listens for the probe's console
 * message instead of asking the page: `page.waitForFunction` first evaluates Playwright's own
 * script in the page (15–20 ms of parsing here). For the app that lands once its `load` event has
 * fired, between its first render and that render's frame; the blank page is idle by then, waiting
 * for its wasm, so the cost fell on one side of the ratio only.
 */
export function startupMark(page, key, timeout) {
  return page.waitForEvent('console', { predicate: (message) => message.text() === `shuzhi-startup ${key}`, timeout });
}

// ---------------------------------------------------------------------------------------------
// The served tree, target/bench/www: a copy of dist/ taken at the start (another `make build`
// during the run must not swap files under the pages), and bench/ below it (same origin, so the
// app's page may import the baseline module under its CSP's script-src 'self').

export const snapshot = path.join(outDir, 'www');

export function servedRoot() {
  rmSync(snapshot, { recursive: true, force: true });
  cpSync(distDir, snapshot, { recursive: true, dereference: true });
  symlinkSync(path.join(repoRoot, 'bench'), path.join(snapshot, 'bench'));
  return snapshot;
}

function kindOf(file) {
  const ext = path.extname(file).slice(1);
  return { wasm: 'wasm', js: 'js', mjs: 'js', css: 'css', html: 'html' }[ext] ?? 'other';
}

// ---------------------------------------------------------------------------------------------
// 1 + 2: first load and startup

/**
 * One load in a new context (empty cache and storage). The timed loads block service workers
 * (the app registers its worker after start-up; its install would only add noise); the load that
 * counts the transfer allows it and, when the build has one, waits until it controls the page, so
 * its precache requests are counted too.
 */
export async function coldLoad(browser, url, server, { worker = false, markup = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: worker ? 'allow' : 'block' });
  const page = await context.newPage();
  await page.addInitScript(startupProbe);
  const from = server.requests.length;
  await Promise.all([startupMark(page, 'painted', 30000), page.goto(url, { waitUntil: 'load' })]);
  const result = await page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.split('?')[0].endsWith('.wasm'));
    return { ...window.__startup, wasmLoaded: wasm?.responseEnd };
  });
  if (markup) result.markup = await page.evaluate(() => document.body.innerHTML);
  if (worker) await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30000 });
  // Every request of this page has been answered once `load` fired and the heading showed.
  const requests = server.requests.slice(from);
  await context.close();
  return { ...result, requests };
}

async function firstLoadAndStartup(browser, server, wasmName) {
  const appUrl = server.url;
  const blankUrl = `${server.url}bench/blank.html?wasm=${encodeURIComponent('../' + wasmName)}`;
  // A first load of each, not timed: it starts the browser's processes. Its requests are the
  // first-load transfer.
  const hasWorker = existsSync(path.join(snapshot, 'sw.js'));
  const warm = await coldLoad(browser, appUrl, server, { worker: hasWorker, markup: true });
  await coldLoad(browser, blankUrl, server);
  const floorUrl = `${server.url}${writeFloorPage(warm.markup, wasmName)}`;
  await coldLoad(browser, floorUrl, server);
  const rel = (r) => r.path.slice(server.base.length) || 'index.html';
  // `by` (e2e/support.mjs): the page, or the service worker (its script, its precache).
  const byPage = warm.requests.filter((r) => (r.by ?? 'page') === 'page');
  const byWorker = warm.requests.filter((r) => (r.by ?? 'page') !== 'page' && r.status === 200);
  const expected = firstLoadFiles(snapshot);
  // What the page fetched once its first step was shown is not the first load; it is counted in
  // `everything` below.
  const fetched = [...new Set(byPage.filter((r) => r.status === 200).map(rel))].filter((f) => !isAfterStart(f)).sort();
  const files = sizes(snapshot, fetched).map((r) => ({ ...r, kind: kindOf(r.file) }));
  const byKind = {};
  for (const r of files) {
    const k = (byKind[r.kind] ??= { files: 0, bytes: 0, gzip: 0, brotli: 0 });
    k.files += 1;
    k.bytes += r.bytes;
    k.gzip += r.gzip;
    k.brotli += r.brotli;
  }
  const sum = (key) => files.reduce((a, r) => a + r[key], 0);
  const total = { bytes: sum('bytes'), gzip: sum('gzip'), brotli: sum('brotli') };
  const later = sizes(snapshot, readdirSync(snapshot).filter(isAfterStart).sort());
  const transfer = {
    files,
    byKind,
    total,
    // Everything the app can ever load: the first load, then the second half and the lazy part.
    later,
    everything: { gzip: total.gzip + later.reduce((a, r) => a + r.gzip, 0), brotli: total.brotli + later.reduce((a, r) => a + r.brotli, 0) },
    budget: TARGETS.firstLoadGzip,
    notFetched: expected.filter((f) => !fetched.includes(f)),
    notInIndexHtml: fetched.filter((f) => !expected.includes(f)),
    failed: byPage.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.path}`),
  };
  // Everything the server sent for the cold visit (page, worker script, precache) against the
  // distinct files among it: our server sends no validators, so a precache that revalidated would
  // send each file twice (issue 15's 2.54 MB for 1.28 MB).
  const served = warm.requests.reduce((a, r) => a + r.bytes, 0);
  const distinct = [...new Map(warm.requests.filter((r) => r.status === 200).map((r) => [rel(r), r.bytes])).values()].reduce((a, b) => a + b, 0);
  transfer.coldVisit = { requests: warm.requests.length, served, distinct, ratio: served / distinct };
  if (byWorker.length) {
    const precache = sizes(snapshot, byWorker.map(rel));
    transfer.worker = {
      requests: byWorker.length,
      files: [...new Set(byWorker.map(rel))].length,
      bytes: precache.reduce((a, r) => a + r.bytes, 0),
      gzip: precache.reduce((a, r) => a + r.gzip, 0),
    };
  }

  const app = [];
  const blank = [];
  const floor = [];
  for (let i = 0; i < RUNS.loads; i++) {
    app.push(await coldLoad(browser, appUrl, server));
    blank.push(await coldLoad(browser, blankUrl, server));
    floor.push(await coldLoad(browser, floorUrl, server));
  }
  // Each page's marks (medians and spread over its loads).
  const marks = (runs) => Object.fromEntries(['painted', 'dom', 'wasmLoaded', 'wasmReady'].map((key) => [key, stats(runs.map((r) => r[key]))]));
  const startup = {
    runs: RUNS.loads,
    app: {
      ...marks(app),
      // From the module being ready to the heading in the DOM: the app's own start (Rust main,
      // storage, the first render), and from there to the end of the frame that shows it.
      appStart: stats(app.map((r) => r.dom - r.wasmReady)),
      toPaint: stats(app.map((r) => r.painted - r.dom)),
    },
    blank: marks(blank),
    floor: marks(floor),
  };
  startup.ratio = startup.app.painted.p50 / startup.blank.painted.p50;
  startup.floorRatio = startup.floor.painted.p50 / startup.blank.painted.p50;
  // Each app load against the blank load right after it: how far one pair strays from the ratio of
  // medians shows whether the verdict is a measurement or noise (a busy machine moves both).
  const pairs = app.map((r, i) => r.painted / blank[i].painted);
  startup.pairRatio = { p25: pct(pairs, 25), p50: pct(pairs, 50), p75: pct(pairs, 75) };
  return { transfer, startup };
}

/**
 * The start-up floor: a page in the served tree that downloads and compiles the same .wasm as
 * bench/blank.html, then puts the markup the app showed at its first paint (`markup`, the body's
 * HTML) into the page under the app's own stylesheets (the <link> tags of the built index.html).
 * What it takes beyond the blank page is the browser's own work to show the first step (styles,
 * layout, text, paint); what the app takes beyond it is the app's (its loader, Rust main, storage,
 * the first render). Written at each run, as the markup and the hashed file names change by build.
 */
function writeFloorPage(markup, wasmName) {
  const index = readFileSync(path.join(snapshot, 'index.html'), 'utf8');
  const styles = index.match(/<link\b[^>]*\brel="?stylesheet"?[^>]*>/g) ?? [];
  const name = 'bench-floor.html';
  const html = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8">
    <title>the first step's markup and styles, same-size wasm (make bench)</title>
    ${styles.join('\n    ')}
    <script type="module">
      await WebAssembly.compileStreaming(fetch(${JSON.stringify('./' + wasmName)}));
      document.body.innerHTML = ${JSON.stringify(markup).replace(/</g, '\\u003c')};
    </script>
  </head>
  <body></body>
</html>
`;
  writeFileSync(path.join(snapshot, name), html);
  return name;
}

// ---------------------------------------------------------------------------------------------
// 2b: start-up on the slow profile (SLOW), with Chromium's network and CPU throttling over CDP

async function slowStartup(browser, server, runs = RUNS.slowLoads) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.addInitScript(startupProbe);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: SLOW.latency, downloadThroughput: SLOW.download, uploadThroughput: SLOW.upload });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW.cpu });
    await Promise.all([startupMark(page, 'usable', 120000), page.goto(server.url, { waitUntil: 'commit' })]);
    out.push(await page.evaluate(() => window.__startup));
    await context.close();
  }
  return { runs, loadingText: stats(out.map((r) => r.loadingText ?? NaN)), usable: stats(out.map((r) => r.usable)) };
}

// ---------------------------------------------------------------------------------------------
// 3–6: one page per draft

export async function openWithDraft(browser, server, draft, { prepare, worker = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: worker ? 'allow' : 'block' });
  const page = await context.newPage();
  if (prepare) await prepare(page);
  await page.addInitScript(pageHelpers);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.locator('#step-heading').waitFor();
  // A returning visitor's page: the service worker (when the build has one) has installed and
  // controls it, so its install (fetching and hashing the build) does not run during timings.
  if (worker && existsSync(path.join(snapshot, 'sw.js'))) {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30000 });
  }
  // Through the app's own import page, as a user would bring last year's report.
  await page.evaluate(() => window.__bench.go('#/import', '#import-paste'));
  await page.locator('#import-paste').fill(draft.text);
  await page.locator('#import-recognise').click();
  const summary = (await page.locator('.import-summary .import-parts').innerText()).split('\n').filter(Boolean);
  await page.locator('#import-new').click();
  const loaded = await page.evaluate(async (expected) => {
    const article = document.querySelector('.preview article');
    await window.__bench.until(() => article.querySelectorAll('.doc-lead').length >= expected, 'the imported draft in the preview');
    return { chars: article.textContent.replace(/\s/g, '').length, items: article.querySelectorAll('.doc-lead').length };
  }, (draft.text.match(/^\d+[.．]/gm) ?? []).length);
  return { context, page, errors, summary, ...loaded };
}

export async function typing(page, keys = RUNS.keys) {
  await page.evaluate(() => window.__bench.go('#/s/work', '.item-list > li textarea'));
  return page.evaluate(async (n) => {
    const { frame, nextMutation } = window.__bench;
    const area = document.querySelectorAll('.item-list > li')[0].querySelectorAll('textarea')[1];
    const article = document.querySelector('.preview article');
    const chars = '党建工作述职报告';
    const dom = [];
    const layout = [];
    for (let i = 0; i < n; i++) {
      await frame();
      const ch = chars[i % chars.length];
      const changed = nextMutation(article, 'the preview after a keystroke');
      const t0 = performance.now();
      area.value += ch;
      area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: ch }));
      const t1 = await changed;
      // Style and layout of the changed preview, forced now rather than waited for.
      void article.getBoundingClientRect().height;
      void document.body.offsetHeight;
      const t2 = performance.now();
      dom.push(window.__bench.measure('bench: keystroke → preview', t0, t1));
      layout.push(t2 - t0);
    }
    return { dom, layout, field: area.id };
  }, keys);
}

async function autosave(page) {
  return page.evaluate(async (n) => {
    const { frame, nextMutation } = window.__bench;
    const area = document.querySelectorAll('.item-list > li')[0].querySelectorAll('textarea')[1];
    const article = document.querySelector('.preview article');
    const writes = { count: 0, chars: 0 };
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      writes.count += 1;
      writes.chars += String(value).length;
      return setItem.call(this, key, value);
    };
    window.dispatchEvent(new Event('pagehide')); // whatever typing left pending
    const app = [];
    const perSave = [];
    for (let i = 0; i < n; i++) {
      await frame();
      const changed = nextMutation(article, 'the preview after an edit');
      area.value += '。';
      area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '。' }));
      await changed;
      await frame(); // the edit is queued for saving (an effect after the render)
      writes.count = 0;
      writes.chars = 0;
      const t0 = performance.now();
      window.dispatchEvent(new Event('pagehide')); // the app flushes its pending save at once
      app.push(window.__bench.measure('bench: save', t0, performance.now()));
      perSave.push({ ...writes });
    }
    Storage.prototype.setItem = setItem;
    if (perSave.some((w) => w.count === 0)) throw new Error('a pagehide flush wrote nothing: the save was not measured');
    // The bare write of the largest stored value (the draft), under a scratch key.
    let largest = '';
    for (let i = 0; i < localStorage.length; i++) {
      const value = localStorage.getItem(localStorage.key(i)) ?? '';
      if (value.length > largest.length) largest = value;
    }
    const bare = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      localStorage.setItem('shuzhi-bench-scratch', largest);
      bare.push(performance.now() - t0);
      localStorage.removeItem('shuzhi-bench-scratch');
    }
    return { app, bare, writes: perSave[perSave.length - 1], storedChars: largest.length };
  }, RUNS.saves);
}

/**
 * In the page: downloads stay there. The file is caught where the app hands it over: a Blob given
 * to createObjectURL (a large file), or the click on a download link whose href is a `data:` URL
 * (src/ui/adapters/download.rs) — `window.__blob`, and `window.__blobWaiter` called with it, the
 * time taken first; and the click on the download link is skipped.
 */
export function catchDownloads() {
  const caught = (blob, at) => {
    window.__blob = { blob, at };
    window.__blobWaiter?.(window.__blob);
    window.__blobWaiter = null;
  };
  const create = URL.createObjectURL;
  URL.createObjectURL = (blob) => {
    caught(blob, performance.now());
    return create.call(URL, blob);
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (!this.hasAttribute('download')) return click.call(this);
    if (this.href.startsWith('data:')) {
      const at = performance.now();
      const [head, data] = this.href.slice('data:'.length).split(',');
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      caught(new Blob([bytes], { type: head.replace(/;base64$/, '') }), at);
    }
    return undefined;
  };
}

/** On 检查与导出, downloads caught: the first Word export done (it asks once while the check finds
 *  errors — the sample keeps its 202X), so the next ones run as measured. */
export async function firstExport(page) {
  await page.evaluate(() => window.__bench.go('#/check', '#export-docx'));
  await page.evaluate(catchDownloads);
  await page.locator('#export-docx').click();
  const anyway = page.locator('.confirm .btn.primary');
  if (await anyway.count()) await anyway.click();
  await page.waitForFunction(() => window.__blob);
}

export async function exportBench(page, server) {
  await firstExport(page);
  return page.evaluate(
    async ({ n, module }) => {
      const { frame } = window.__bench;
      const baseline = await import(module);
      const blocks = baseline.blocksFromPreview();
      const app = async (id) => {
        // The Word file comes from the lazy part (a Web Worker), so the time includes the
        // round trip: what the user waits for. The text formats are made on the page at once.
        window.__blob = null;
        const made = new Promise((resolve, reject) => {
          window.__blobWaiter = resolve;
          setTimeout(() => reject(new Error(`#${id} gave no file in 10 s`)), 10000);
        });
        const t0 = performance.now();
        document.getElementById(id).click();
        const got = await made;
        return { ms: window.__bench.measure(`bench: ${id}`, t0, got.at), blob: got.blob };
      };
      const npm = async () => {
        const t0 = performance.now();
        const blob = await baseline.buildDocx(blocks);
        return { ms: window.__bench.measure('bench: npm docx', t0, performance.now()), blob };
      };
      const runs = { docx: [], html: [], npmDocx: [] };
      const last = {};
      const measure = async (key, f) => {
        await frame();
        const r = await f();
        runs[key].push(r.ms);
        last[key] = r.blob;
      };
      // Warm-up (not timed): the first calls compile and allocate.
      for (let i = 0; i < 3; i++) {
        await app('export-docx');
        await app('export-html');
        await npm();
      }
      for (let i = 0; i < n; i++) {
        await measure('docx', () => app('export-docx'));
        await measure('npmDocx', npm);
        await measure('html', () => app('export-html'));
      }
      const bytes = async (blob) => Array.from(new Uint8Array(await blob.arrayBuffer()));
      window.__files = { docx: last.docx, npmDocx: last.npmDocx };
      return {
        runs,
        sizes: { docx: last.docx.size, html: last.html.size, npmDocx: last.npmDocx.size },
        blocks,
        files: { docx: await bytes(last.docx), npmDocx: await bytes(last.npmDocx) },
      };
    },
    { n: RUNS.exports, module: `${server.url}bench/docx-baseline.mjs` },
  );
}

/** npm docx once more, in its own page without the app (bench/baseline.html). */
async function baselinePage(browser, server, blocks) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(pageHelpers);
  await page.goto(`${server.url}bench/baseline.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const runs = await page.evaluate(
    async ({ n, blocks }) => {
      const out = [];
      for (let i = 0; i < 3; i++) await window.baseline.buildDocx(blocks);
      for (let i = 0; i < n; i++) {
        await window.__bench.frame();
        const t0 = performance.now();
        await window.baseline.buildDocx(blocks);
        out.push(performance.now() - t0);
      }
      return out;
    },
    { n: RUNS.exports, blocks },
  );
  await context.close();
  return runs;
}

/**
 * Native import timings (benches/import.rs in the release profile): the sample ×10 the typing
 * bench uses, and the importer's development set as one text. Rows named `native: …`.
 */
export function nativeImports() {
  const input = path.join(outDir, 'sample-x10.txt');
  writeFileSync(input, DRAFTS[1].text);
  const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'import', '--', input], { cwd: repoRoot, encoding: 'utf8', env: toolEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  const rows = {};
  for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
    const r = JSON.parse(line);
    const name = r.name === 'sample-x10' ? `native: sample ×10 text (${r.chars} chars)` : `native: ${r.name} (${r.chars} chars)`;
    rows[name] = { p50: r.p50, p95: r.p95, n: r.runs, chars: r.chars, summary: ['', r.summary] };
  }
  return rows;
}

/** Import timings: paste + 识别, and a .docx picked in the file input, until the summary shows. */
export async function imports(page, inputs) {
  const out = {};
  for (const input of inputs) {
    out[input.name] = await page.evaluate(
      async ({ n, input }) => {
        const { go, until, frame } = window.__bench;
        const times = [];
        let summary = '';
        for (let i = 0; i < n; i++) {
          // A fresh import page each time (its state goes with it).
          await go('#/info', '#f-info-year');
          const paste = await go('#/import', '#import-paste');
          await frame();
          let t0;
          if (input.text !== undefined) {
            paste.value = input.text;
            paste.dispatchEvent(new InputEvent('input', { bubbles: true }));
            await frame();
            t0 = performance.now();
            document.getElementById('import-recognise').click();
          } else {
            const file = input.file === 'ours' ? window.__files.docx : window.__files.npmDocx;
            const transfer = new DataTransfer();
            transfer.items.add(new File([file], 'report.docx', { type: file.type }));
            const picker = document.getElementById('import-file');
            picker.files = transfer.files;
            t0 = performance.now();
            picker.dispatchEvent(new Event('change', { bubbles: true }));
          }
          const shown = await until(() => document.querySelector('.import-summary, .import-error'), 'the import result');
          times.push(window.__bench.measure('bench: import', t0, performance.now()));
          summary = shown.innerText;
          if (shown.matches('.import-error')) throw new Error(`import refused: ${summary}`);
        }
        return { times, summary: summary.split('\n').filter((l) => /：/.test(l)).slice(0, 6) };
      },
      { n: RUNS.imports, input },
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The wasm, by crate: the cargo output through wasm-bindgen and wasm-opt -Oz as Trunk runs them,
// but keeping the name section (-g). The code section equals dist's.

/** wasm-bindgen (cargo's bin dir) and wasm-opt (e2e/node_modules/.bin), as the Makefile sets PATH. */
const toolEnv = () => ({
  ...process.env,
  PATH: [path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin'), path.join(repoRoot, 'e2e/node_modules/.bin'), process.env.PATH].join(path.delimiter),
});

export function wasmBreakdown(distWasm) {
  const raw = path.join(repoRoot, 'target/wasm32-unknown-unknown/release/shuzhi-app.wasm');
  if (!existsSync(raw)) return { skipped: `${raw} is missing` };
  const dir = path.join(outDir, 'wasm');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const copy = path.join(dir, 'shuzhi-app.wasm');
  writeFileSync(copy, readFileSync(raw)); // another build may replace the original meanwhile
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', dir, copy], { stdio: 'pipe', env: toolEnv() });
  const named = path.join(dir, 'named.wasm');
  execFileSync('wasm-opt', ['-Oz', '-g', path.join(dir, 'shuzhi-app_bg.wasm'), '-o', named], { stdio: 'pipe', env: toolEnv() });
  const b = breakdown(named);
  const shipped = breakdown(distWasm);
  const gzipOf = (file) => gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }).length;
  return {
    named: path.relative(repoRoot, named),
    matchesDist: sameCode(named, distWasm),
    sections: shipped.sections,
    shippedGzip: gzipOf(distWasm),
    codeBytes: b.codeBytes,
    dataBytes: b.dataBytes,
    dataGzip: b.dataGzip,
    crates: b.crates,
    largestFunctions: b.largestFunctions,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function machine(browserVersion) {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    if (dirty) commit += ' (+ uncommitted changes)';
  } catch {
    commit = 'unknown';
  }
  return { nproc: os.availableParallelism(), cpu, load: os.loadavg().map((x) => x.toFixed(2)).join(' '), memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`, chromium: browserVersion, node: process.version, commit };
}

function table(r) {
  const lines = [];
  const say = (s = '') => lines.push(s);
  const m = r.machine;
  say(`make bench — ${r.date} — commit ${m.commit}`);
  say(`machine: ${m.nproc} cores (nproc), ${m.cpu}, ${m.memory}; Chromium ${m.chromium} headless; Node ${m.node}; load average at start ${m.load}`);
  say();
  if (r.transfer) {
    const t = r.transfer;
    say('1. First-load transfer (cold visit; gzip -9, brotli q11)      raw        gzip     brotli');
    const sizesOf = (r) => `${lpad(kb(r.bytes), 10)} ${lpad(kb(r.gzip), 10)} ${lpad(kb(r.brotli), 10)}`;
    for (const f of t.files) say(`   ${pad(f.kind, 5)} ${pad(f.file, 46)} ${sizesOf(f)}`);
    for (const [kind, k] of Object.entries(t.byKind).sort((a, b) => b[1].gzip - a[1].gzip)) {
      say(`   ${pad(`all ${kind}`, 52)} ${sizesOf(k)}`);
    }
    say(`   ${pad('total', 52)} ${sizesOf(t.total)}   target ≤ ${kb(t.budget)} gzip: ${verdict(t.total.gzip <= t.budget)}`);
    for (const f of t.later ?? []) say(`   later ${pad(f.file, 46)} ${sizesOf(f)}   (after the first step is shown)`);
    if (t.everything) {
      say(`   ${pad('everything the app can ever load', 52)} ${lpad('', 10)} ${lpad(kb(t.everything.gzip), 10)} ${lpad(kb(t.everything.brotli), 10)}   target ≤ ${kb(TARGETS.everythingGzip)} gzip: ${verdict(t.everything.gzip <= TARGETS.everythingGzip)}`);
    }
    if (t.worker) {
      say(`   then the service worker (sw.js and its precache) fetches ${t.worker.files} files: ${kb(t.worker.bytes)} raw, ${kb(t.worker.gzip)} gzip more (not in the total)`);
    }
    if (t.coldVisit) {
      const c = t.coldVisit;
      say(`   cold first visit at the server (no validators sent; page, worker script and precache): ${kb(c.served)} served for ${kb(c.distinct)} of distinct files = ${c.ratio.toFixed(3)}×   target ≤ ${TARGETS.coldVisitRatio}×: ${verdict(c.ratio <= TARGETS.coldVisitRatio)}`);
    }
    say('   JS way (docs/design.md §5, hehecat/gongwen): 153.6 KB gzip first load + 106.5 KB on the first Word export; ours: 0 more');
    if (t.notFetched.length || t.notInIndexHtml.length || t.failed.length) {
      say(`   note: not fetched ${t.notFetched.join(', ') || '–'}; not in index.html ${t.notInIndexHtml.join(', ') || '–'}; failed ${t.failed.join(', ') || '–'}`);
    }
    say();
  }
  if (r.startup) {
    const s = r.startup;
    say(`2. Startup: navigation → #step-heading painted, ${s.runs} cold loads (new context each; medians of each mark)`);
    say('                                                  painted p50    p95    wasm downloaded  ready  heading in DOM');
    const page = (label, m) => say(`   ${pad(label, 47)}${lpad(ms(m.painted.p50), 6)} ms ${lpad(ms(m.painted.p95), 6)} ms ${lpad(ms(m.wasmLoaded.p50), 9)} ms ${lpad(ms(m.wasmReady.p50), 6)} ms ${lpad(ms(m.dom.p50), 6)} ms`);
    page('app (dist/)', s.app);
    page('blank page, same .wasm (bench/blank.html)', s.blank);
    if (s.floor) page("first step's markup + styles, no app (floor)", s.floor);
    if (s.app.appStart) say(`   app: wasm ready → heading in DOM ${ms(s.app.appStart.p50)} ms (p50; Rust main, storage, first render), → frame painted ${ms(s.app.toPaint.p50)} ms more`);
    say(`   ratio app / blank (medians of painted) ${s.ratio.toFixed(2)}×   target ≤ ${TARGETS.startupRatio}×: ${verdict(s.ratio <= TARGETS.startupRatio)}`);
    if (s.floor) say(`   floor / blank ${s.floorRatio.toFixed(2)}×: the browser's own work for the first step (bench-floor.html, which the bench writes); the app's own start = app − floor = ${ms(s.app.painted.p50 - s.floor.painted.p50)} ms`);
    if (s.pairRatio) say(`   load by load (each app load / the blank load after it): p25 ${s.pairRatio.p25.toFixed(2)}×, p50 ${s.pairRatio.p50.toFixed(2)}×, p75 ${s.pairRatio.p75.toFixed(2)}× — a wide spread means a busy machine: run again`);
    say();
  }
  if (r.slow) {
    const w = r.slow;
    say(`2b. Slow profile: ${SLOW.download * 8 / 1e6} Mbit/s down, ${SLOW.upload * 8 / 1e3} kbit/s up, ${SLOW.latency} ms latency, CPU ${SLOW.cpu}× slower (CDP); ${w.runs} cold loads, medians`);
    say(`   served with gzip (README 压缩传输): loading text painted (first contentful paint) ${lpad(ms(w.loadingText.p50), 6)} ms   first field usable ${lpad(ms(w.usable.p50), 6)} ms (max ${ms(w.usable.max)})   target ≤ ${TARGETS.slowUsable} ms: ${verdict(w.usable.p50 <= TARGETS.slowUsable)}`);
    const u = r.slowPlain;
    if (u) say(`   served uncompressed (a server at its defaults): loading text ${lpad(ms(u.loadingText.p50), 6)} ms   first field usable ${lpad(ms(u.usable.p50), 6)} ms (max ${ms(u.usable.max)})`);
    say();
  }
  if (r.drafts) {
    say(`3. Typing: input event → preview DOM updated (→ + style/layout), ${RUNS.keys} keystrokes`);
    say('   draft          characters  items      p50      p95    (+layout p50    p95)');
    for (const d of r.drafts) {
      if (!d.typing) continue;
      say(`   ${pad(d.name, 14)} ${lpad(d.chars, 10)} ${lpad(d.items, 6)} ${lpad(ms(d.typing.dom.p50), 6)} ms ${lpad(ms(d.typing.dom.p95), 6)} ms  (${lpad(ms(d.typing.layout.p50), 6)} ms ${lpad(ms(d.typing.layout.p95), 6)} ms)`);
    }
    const big = r.drafts.at(-1)?.typing;
    if (big) say(`   target p95 ≤ ${TARGETS.typingP95At20k} ms at ≈20,000 characters: ${verdict(big.dom.p95 <= TARGETS.typingP95At20k)}`);
    if (r.typingProfile) {
      const p = r.typingProfile;
      const row = ([name, t]) => `     ${lpad((t / p.keys).toFixed(2), 6)} ms ${lpad(((t / p.total) * 100).toFixed(0), 3)} %  ${name.slice(0, 100)}`;
      say(`   what dominates (CPU profile of ${p.keys} keystrokes at ${p.chars} characters, ${(p.total / p.keys).toFixed(1)} ms CPU each incl. its frame; node bench/profile.mjs typing):`);
      for (const entry of p.self.slice(0, 6)) say(row(entry));
    }
    say();
    say(`4. Autosave: one save (the app's pagehide flush: serialise + localStorage), ${RUNS.saves} runs`);
    say('   draft          stored chars  writes      p50      p95   (bare localStorage.setItem p50  p95)');
    for (const d of r.drafts) {
      if (!d.autosave) continue;
      const a = d.autosave;
      say(`   ${pad(d.name, 14)} ${lpad(a.storedChars, 12)} ${lpad(a.writes.count, 7)} ${lpad(ms(a.app.p50), 6)} ms ${lpad(ms(a.app.p95), 6)} ms   (${lpad(ms(a.bare.p50), 6)} ms ${lpad(ms(a.bare.p95), 6)} ms)`);
    }
    say();
    say(`5. Export: click → file ready (the download link's URL), ${RUNS.exports} runs each, interleaved in the app's page; npm docx ${r.versions.docx} builds the same document`);
    say('   draft          file               p50      p95       size   vs npm docx (p50)');
    for (const d of r.drafts) {
      if (!d.export) continue;
      const e = d.export;
      const ratio = e.npmDocx.p50 / e.docx.p50;
      say(`   ${pad(d.name, 14)} ${pad('.docx (ours)', 14)} ${lpad(ms(e.docx.p50), 6)} ms ${lpad(ms(e.docx.p95), 6)} ms ${lpad(kb(e.sizes.docx), 10)}   ${ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`}`);
      say(`   ${pad('', 14)} ${pad('.docx npm docx', 14)} ${lpad(ms(e.npmDocx.p50), 6)} ms ${lpad(ms(e.npmDocx.p95), 6)} ms ${lpad(kb(e.sizes.npmDocx), 10)}`);
      if (e.npmDocxOwnPage) say(`   ${pad('', 14)} ${pad('  (own page)', 14)} ${lpad(ms(e.npmDocxOwnPage.p50), 6)} ms ${lpad(ms(e.npmDocxOwnPage.p95), 6)} ms`);
      say(`   ${pad('', 14)} ${pad('.html (ours)', 14)} ${lpad(ms(e.html.p50), 6)} ms ${lpad(ms(e.html.p95), 6)} ms ${lpad(kb(e.sizes.html), 10)}`);
    }
    const sample = r.drafts[0]?.export;
    if (sample) {
      say(`   target: sample .docx p95 ≤ ${TARGETS.exportSample} ms: ${verdict(sample.docx.p95 <= TARGETS.exportSample)}; faster than npm docx: ${verdict(sample.docx.p50 < sample.npmDocx.p50)}`);
    }
    say();
  }
  if (r.imports) {
    say(`6. Import: until the summary shows, ${RUNS.imports} runs each (native: import_text, 50 runs)   p50      p95   recognised`);
    for (const [name, i] of Object.entries(r.imports)) {
      say(`   ${pad(name, 52)} ${lpad(ms(i.p50), 6)} ms ${lpad(ms(i.p95), 6)} ms   ${i.summary.slice(1).join(' ')}`);
    }
    say();
  }
  if (r.wasm?.crates) {
    const w = r.wasm;
    say(`Wasm (dist): ${kb(w.shippedGzip)} gzip; code ${kb(w.sections.find((s) => s.label === 'code').bytes)}, data ${kb(w.dataBytes)} (${kb(w.dataGzip)} gzip alone).`);
    say(`   Code by crate/module, from the name section of the same build${w.matchesDist ? ' (code identical to dist)' : ' — NOT identical to dist'}; gzip = that code compressed alone:`);
    const top = w.crates.slice(0, 16);
    for (let i = 0; i < top.length; i += 2) {
      say('   ' + top.slice(i, i + 2).map((c) => `${pad(c.crate, 25)} ${lpad(kb(c.bytes), 9)} ${lpad((c.share * 100).toFixed(1), 4)} % ${lpad(kb(c.gzip), 8)} gz`).join('   '));
    }
    say('   (component views inlined into yew generics count as yew, closures into iterators as core; node bench/wasm-breakdown.mjs target/bench/wasm/named.wasm)');
    say();
  }
  say('Targets:');
  for (const t of r.targets) say(`   ${pad(t.name, 58)} ${pad(t.value, 22)} ${t.met ? 'met' : 'MISSED'}`);
  if (r.errors.length) {
    say();
    say('Errors:');
    for (const e of r.errors) say(`   ${e}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(outDir, { recursive: true });
  const root = servedRoot();
  // The first load's wasm (a split build also has `_split.wasm`, and the lazy part its own).
  const wasmName = readdirSync(root).find((f) => /^shuzhi-app-.*_bg\.wasm$/.test(f));
  const server = await serveDist({ root });
  const browser = await launchBrowser();
  const docxVersion = JSON.parse(readFileSync(path.join(repoRoot, 'bench/node_modules/docx/package.json'), 'utf8')).version;
  const report = {
    date: new Date().toISOString(),
    machine: machine(browser.version()),
    versions: { docx: docxVersion },
    runs: RUNS,
    targets: [],
    errors: [],
  };
  const phase = async (name, f) => {
    const started = Date.now();
    process.stderr.write(`bench: ${name}…`);
    try {
      const value = await f();
      process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      return value;
    } catch (e) {
      process.stderr.write(' failed\n');
      report.errors.push(`${name}: ${e.message.split('\n')[0]}`);
      return undefined;
    }
  };
  if (process.env.BENCH_BREAKDOWN !== '0') {
    report.wasm = await phase('wasm breakdown (wasm-bindgen, wasm-opt -Oz -g)', () => wasmBreakdown(path.join(root, wasmName)));
  }
  try {
    const first = await phase('first load and startup', () => firstLoadAndStartup(browser, server, wasmName));
    Object.assign(report, first ?? {});
    // As the README serves it (压缩传输: gzip), and as a server left at its defaults sends it.
    const gzipServer = await serveDist({ root, gzip: true });
    report.slow = await phase('start-up on the slow profile (gzip)', () => slowStartup(browser, gzipServer));
    await gzipServer.close();
    report.slowPlain = await phase('start-up on the slow profile (uncompressed)', () => slowStartup(browser, server));
    report.drafts = [];
    for (const draft of DRAFTS) {
      const d = { name: draft.name };
      report.drafts.push(d);
      const session = await phase(`${draft.name}: open through 导入`, () => openWithDraft(browser, server, draft));
      if (!session) continue;
      Object.assign(d, { chars: session.chars, items: session.items, imported: session.summary });
      const typed = await phase(`${draft.name}: typing`, () => typing(session.page));
      if (typed) d.typing = { field: typed.field, dom: stats(typed.dom), layout: stats(typed.layout), samples: typed };
      const saved = await phase(`${draft.name}: autosave`, () => autosave(session.page));
      if (saved) d.autosave = { app: stats(saved.app), bare: stats(saved.bare), writes: saved.writes, storedChars: saved.storedChars };
      const exported = await phase(`${draft.name}: export`, () => exportBench(session.page, server));
      if (exported) {
        const own = await phase(`${draft.name}: npm docx in bench/baseline.html`, () => baselinePage(browser, server, exported.blocks));
        d.export = {
          docx: stats(exported.runs.docx),
          html: stats(exported.runs.html),
          npmDocx: stats(exported.runs.npmDocx),
          npmDocxOwnPage: own && stats(own),
          sizes: exported.sizes,
        };
        const slug = draft.name === 'sample' ? 'sample' : 'sample-x10';
        writeFileSync(path.join(outDir, `${slug}.docx`), Buffer.from(exported.files.docx));
        writeFileSync(path.join(outDir, `${slug}.npm-docx.docx`), Buffer.from(exported.files.npmDocx));
      }
      if (draft.name === 'sample' && exported) {
        const imported = await phase('import', () =>
          imports(session.page, [
            { name: 'sample text (paste, 识别)', text: sampleText },
            { name: 'sample ×10 text (paste, 识别)', text: DRAFTS[1].text },
            { name: 'sample .docx, ours (carries the draft)', file: 'ours' },
            { name: 'sample .docx by npm docx (text path)', file: 'npm' },
          ]),
        );
        if (imported) {
          report.imports = Object.fromEntries(Object.entries(imported).map(([k, v]) => [k, { ...stats(v.times), summary: v.summary }]));
        }
        const native = await phase('import, native (cargo bench --bench import)', async () => nativeImports());
        if (native) report.imports = { ...(report.imports ?? {}), ...native };
      }
      if (session.errors.length) report.errors.push(...session.errors.map((e) => `${draft.name}: page error: ${e}`));
      await session.context.close();
    }
    // A missed typing target: profile it, to say what dominates.
    const big = report.drafts.at(-1)?.typing;
    if (big && big.dom.p95 > TARGETS.typingP95At20k && process.env.BENCH_PROFILE !== '0') {
      const { profileTyping } = await import('./profile.mjs');
      const p = await phase('typing profile (typing target missed)', () => profileTyping(browser, server, 100));
      if (p) report.typingProfile = { chars: p.chars, keys: p.keys, total: p.summary.total, groups: p.summary.groups, self: p.summary.self, inclusive: p.summary.inclusive };
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const t = report.targets;
  if (report.transfer) t.push({ name: 'first load ≤ 250 KB gzip', value: kb(report.transfer.total.gzip), met: report.transfer.total.gzip <= TARGETS.firstLoadGzip });
  if (report.transfer?.everything) t.push({ name: 'everything the app can ever load ≤ 450 KB gzip', value: kb(report.transfer.everything.gzip), met: report.transfer.everything.gzip <= TARGETS.everythingGzip });
  const big = report.drafts?.at(-1);
  if (big?.typing) t.push({ name: `typing p95 ≤ ${TARGETS.typingP95At20k} ms at ≈20,000 characters (${big.chars})`, value: `${ms(big.typing.dom.p95)} ms`, met: big.typing.dom.p95 <= TARGETS.typingP95At20k });
  const sample = report.drafts?.[0]?.export;
  if (sample) {
    t.push({ name: `export of the sample (.docx) ≤ ${TARGETS.exportSample} ms (p95)`, value: `${ms(sample.docx.p95)} ms`, met: sample.docx.p95 <= TARGETS.exportSample });
    t.push({ name: 'export of the sample faster than npm docx (p50)', value: `${ms(sample.docx.p50)} vs ${ms(sample.npmDocx.p50)} ms`, met: sample.docx.p50 < sample.npmDocx.p50 });
  }
  if (report.transfer?.coldVisit) t.push({ name: `cold first visit ≤ ${TARGETS.coldVisitRatio}× the distinct files (no validators)`, value: `${report.transfer.coldVisit.ratio.toFixed(3)}×`, met: report.transfer.coldVisit.ratio <= TARGETS.coldVisitRatio });
  if (report.slow) t.push({ name: `first usable field on the slow profile (gzip) ≤ ${TARGETS.slowUsable / 1000} s`, value: `${ms(report.slow.usable.p50)} ms`, met: report.slow.usable.p50 <= TARGETS.slowUsable });
  const nativeX10 = Object.entries(report.imports ?? {}).find(([k]) => k.startsWith('native: sample ×10'))?.[1];
  if (nativeX10) t.push({ name: `import of a ${nativeX10.chars}-character text natively ≤ ${TARGETS.importNative} ms (p95)`, value: `${ms(nativeX10.p95)} ms`, met: nativeX10.p95 <= TARGETS.importNative });
  if (report.startup) t.push({ name: `startup within ${TARGETS.startupRatio}× of a blank page loading the same wasm`, value: `${report.startup.ratio.toFixed(2)}×`, met: report.startup.ratio <= TARGETS.startupRatio });

  const text = table(report);
  console.log(text);
  // Samples are kept in the JSON only for typing (the rest is summarised).
  const json = JSON.stringify(report, null, 1);
  writeFileSync(path.join(outDir, 'latest.json'), json);
  writeFileSync(path.join(outDir, `bench-${report.date.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(path.join(outDir, 'latest.txt'), text + '\n');
  console.log(`\nwritten: target/bench/latest.json, latest.txt (and a dated copy); the exported files: target/bench/*.docx`);
  if (report.errors.length) process.exitCode = 1;
}

// Not awaited at the top level: profile.mjs imports this module, and main() imports profile.mjs.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
