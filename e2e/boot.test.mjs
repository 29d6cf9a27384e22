// What a user sees before the app runs, and when it cannot run (index.html #boot, styles/app.css,
// assets/compat.js, assets/app.js): the loading text from the first paint until the app replaces
// it; the advice to switch to 极速模式 in browsers that cannot run module scripts (IE and the
// 兼容模式 of dual-core browsers) or read no @supports; a precise message in engines below the floor.
// Old engines are emulated by rewriting what this Chromium gets (routes, init scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteServerAndBrowser, watch, screenshot } from './support.mjs';
import { FLOOR } from './compat/floor.mjs';

const suite = suiteServerAndBrowser();

const LOADING = '正在加载述职报告向导…';
const isIndex = (url) => url.pathname === suite.server.base || url.pathname === `${suite.server.base}index.html`;

/** A fresh page (no service worker: every request reaches the routes), watched for trouble. */
async function newPage() {
  const context = await suite.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const trouble = watch(page, suite.server.origin);
  await trouble.ready;
  return { context, page, trouble };
}

/** Serves index.html rewritten by `edit` (the release build's minified HTML). */
async function rewriteIndex(page, edit) {
  await page.route(isIndex, async (route) => {
    const response = await route.fetch();
    route.fulfill({ response, body: edit(await response.text()) });
  });
}

/** The markup a browser without module scripts acts on: module scripts and preloads ignored, the nomodule script run. */
const asWithoutModules = (html) =>
  html
    .replace(/<script\b[^>]*\btype="?module"?[^>]*><\/script>/g, '')
    .replace(/<link\b[^>]*\brel="?(?:modulepreload|preload)"?[^>]*>/g, '')
    .replace(/(<script\b[^>]*)\bnomodule\b/g, '$1');

test('the loading text is painted before the wasm runs, and the app replaces it', async () => {
  const { context, page, trouble } = await newPage();
  // Hold the wasm: the page has everything but the app.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let requested;
  const wasmRequested = new Promise((resolve) => (requested = resolve));
  await page.route(
    (url) => url.pathname.endsWith('.wasm'),
    async (route) => {
      requested();
      await held;
      await route.continue();
    },
  );
  await page.goto(suite.server.url, { waitUntil: 'domcontentloaded' });
  await wasmRequested;
  const loading = page.locator('#boot-loading');
  await loading.waitFor({ state: 'visible' });
  assert.equal((await page.locator('.boot-loading-text').textContent()).trim(), LOADING);
  // Painted, not only in the DOM: the page's first contentful paint happened while the wasm was held.
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  assert.equal(await page.locator('#boot-compat').isVisible(), false, 'no advice while loading');
  // The hint for a load that never ends waits 20 s (styles/app.css).
  assert.equal(await page.locator('.boot-slow').evaluate((e) => getComputedStyle(e).visibility), 'hidden');
  assert.equal(await page.locator('.boot-slow').evaluate((e) => getComputedStyle(e).animationDelay), '20s');
  await screenshot(page, 'boot-loading');

  release();
  await page.locator('#step-heading').filter({ hasText: '基本信息' }).waitFor();
  assert.equal(await page.locator('#boot').count(), 0, 'the static states are gone once the app runs');
  assert.equal(await page.getByText(LOADING).count(), 0);
  assert.equal(await page.getByText('请切换到“极速模式”').count(), 0);
  assert.deepEqual(trouble.all(), []);
  await context.close();
});

test('without module scripts (IE, 兼容模式, engines before Chrome 61): the advice to switch to 极速模式', async () => {
  const { context, page } = await newPage();
  await rewriteIndex(page, asWithoutModules);
  const from = suite.server.requests.length;
  await page.goto(suite.server.url, { waitUntil: 'load' });
  const advice = page.locator('#boot-compat');
  await advice.waitFor({ state: 'visible' });
  const text = await advice.innerText();
  assert.match(text, /请切换到“极速模式”/);
  assert.match(text, /闪电图标/);
  assert.match(text, /Chrome.*Edge/s);
  // compat.js gives the address to open elsewhere.
  assert.ok(text.includes(`（地址：${suite.server.url}）`), text);
  assert.equal(await page.locator('#boot-loading').isVisible(), false, 'no loading text that never ends');
  assert.equal(suite.server.requests.slice(from).filter((r) => r.path.endsWith('.wasm')).length, 0, 'nothing of the app is downloaded');
  await screenshot(page, 'boot-compat');
  await context.close();
});

test('no script and no @supports (IE 7 document mode, the CSS alone): the advice shows', async () => {
  const { context, page } = await newPage();
  // No script at all, and app.css read as IE reads it: the @supports block skipped. The
  // stylesheet's integrity hash goes with it (the rewritten file would fail the check).
  await rewriteIndex(page, (html) =>
    html
      .replace(/<script\b[^>]*>[^<]*<\/script>/g, '')
      .replace(/<link\b[^>]*\brel="?(?:modulepreload|preload)"?[^>]*>/g, '')
      .replace(/(<link\b[^>]*app-[^>]*?)\s+integrity="?[^"\s>]*"?/g, '$1'),
  );
  await page.route(
    (url) => /\/app-[^/]*\.css$/.test(url.pathname),
    async (route) => {
      const response = await route.fetch();
      route.fulfill({ response, body: withoutSupportsBlocks(await response.text()) });
    },
  );
  await page.goto(suite.server.url, { waitUntil: 'load' });
  assert.equal(await page.locator('#boot-compat').isVisible(), true);
  assert.equal(await page.locator('#boot-loading').isVisible(), false);
  await context.close();
});

test('an engine below the floor (wasm refused, as the CSP makes Chrome < 97 do): says so at once', async () => {
  const { context, page } = await newPage();
  await page.addInitScript(() => {
    // Chrome 86 under this page's CSP: "Refused to compile or instantiate WebAssembly module
    // because 'unsafe-eval' is not an allowed source of script".
    const refuse = () => {
      throw new WebAssembly.CompileError("Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script");
    };
    WebAssembly.Module = function Module() {
      refuse();
    };
    WebAssembly.compile = WebAssembly.compileStreaming = WebAssembly.instantiate = WebAssembly.instantiateStreaming = async () => refuse();
  });
  await page.goto(suite.server.url);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /浏览器版本太旧/);
  // The versions it names are the tested floor (e2e/compat/floor.mjs).
  assert.ok(text.includes(`Chrome 或 Edge ${FLOOR.chrome} 及以上`) && FLOOR.edge === FLOOR.chrome, text);
  assert.ok(text.includes(`Firefox ${FLOOR.firefox} 及以上`) && text.includes(`Safari ${FLOOR.safari} 及以上`), text);
  assert.equal(await page.getByText(LOADING).count(), 0, 'the loading text gave way to the message');
  assert.equal(await page.locator('#step-heading').count(), 0);
  await screenshot(page, 'boot-too-old');
  await context.close();
});

/** CSS without its @supports blocks (brace-matched), as a browser that does not know @supports reads it. */
function withoutSupportsBlocks(css) {
  let out = '';
  let i = 0;
  for (;;) {
    const at = css.indexOf('@supports', i);
    if (at < 0) return out + css.slice(i);
    out += css.slice(i, at);
    let depth = 0;
    let j = css.indexOf('{', at);
    for (; j < css.length; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}' && --depth === 0) break;
    }
    i = j + 1;
  }
}
