// The app's code in two halves (scripts/split-wasm.mjs, issue 15): the first load holds what the
// first step runs; `_split.wasm`, the rest, is fetched once the first step is shown. A click that
// needs the rest before it has arrived still works (assets/app.js loads it on the spot); when it
// cannot be loaded at all, the page says so in Chinese and what was typed is already saved.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, screenshot } from './support.mjs';

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const SECOND_HALF = /\/shuzhi-app-[^/]*_split\.wasm$/;

/**
 * What Chromium did on the page until 2023 (the 360 and QQ cores of government PCs among its
 * versions): no synchronous compiling or instantiating of a module over 4 KB. An init script.
 */
function limitSynchronousWasm() {
  const { Module, Instance } = WebAssembly;
  const small = new WeakSet();
  const refuse = (what) => {
    throw new RangeError(`WebAssembly.${what} is disallowed on the main thread, if the buffer size is larger than 4KB.`);
  };
  WebAssembly.Module = Object.assign(
    function (bytes) {
      if ((bytes.byteLength ?? bytes.length) > 4096) refuse('Compile');
      const module = new Module(bytes);
      small.add(module);
      return module;
    },
    { imports: Module.imports, exports: Module.exports, customSections: Module.customSections },
  );
  WebAssembly.Module.prototype = Module.prototype;
  WebAssembly.Instance = function (module, imports) {
    if (!small.has(module)) refuse('Instance');
    return new Instance(module, imports);
  };
  WebAssembly.Instance.prototype = Instance.prototype;
}

/** The app with `route` handling the second half's requests (none: the browser's cache works,
 *  Playwright's routing turns it off); the page's errors are collected. */
async function open(route, serverOptions = {}, { oldChromium = false } = {}) {
  const server = await serveDist(serverOptions);
  const browser = await launchBrowser();
  cleanups.push(() => server.close(), () => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  if (oldChromium) await context.addInitScript(limitSynchronousWasm);
  if (route) await context.route(SECOND_HALF, route);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.locator('#step-heading').filter({ hasText: '基本信息' }).waitFor();
  return { page, errors };
}

/** Types into the first step's second field (the organisation) and waits until it is saved. */
async function typeAndSave(page, text) {
  await page.locator('.editor input:not([type=hidden]), .editor textarea').nth(1).click();
  await page.keyboard.type(text);
  await page.waitForFunction((t) => Object.values(localStorage).some((v) => v.includes(t)), text);
}

const goToStep = (page, name) => page.locator('.step-link').filter({ hasText: name }).click();

test('a click that needs the second half before it arrived still works: it is loaded on the spot', async () => {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  let requests = 0;
  const { page, errors } = await open(async (route) => {
    requests += 1;
    // The first request (after the first step is shown) hangs, as on a slow line; the one the
    // placeholder makes goes through.
    if (requests === 1) await held;
    await route.continue();
  });
  await page.waitForFunction(() => !window.shuzhiSplit.loaded());
  await typeAndSave(page, '机关第一党支部');
  await goToStep(page, '导语');
  await page.locator('#step-heading').filter({ hasText: '导语' }).waitFor();
  assert.ok((await page.evaluate(() => window.shuzhiSplit.early)) > 0, 'the step needed the second half');
  assert.equal(await page.evaluate(() => window.shuzhiSplit.loaded()), true);
  release();
  await goToStep(page, '基本信息');
  await page.locator('#step-heading').filter({ hasText: '基本信息' }).waitFor();
  assert.equal(await page.locator('.split-failure').count(), 0);
  assert.deepEqual(errors, []);
});

test('the second half unavailable: the first step works and is saved, the next says why in Chinese', async () => {
  const { page, errors } = await open((route) => route.abort('connectionrefused'));
  await typeAndSave(page, '机关第二党支部');
  await goToStep(page, '导语');
  const alert = page.locator('.split-failure[role=alert]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /部分程序文件没有下载完整.*已输入的内容都已保存在本机.*刷新页面/);
  assert.ok(errors.length > 0, 'the action stopped');
  const reload = alert.getByRole('button', { name: '刷新页面' });
  assert.ok(await reload.evaluate((button) => button === document.activeElement), 'the button has the focus');
  assert.ok((await reload.boundingBox()).height >= 44);
  // What was typed is in storage, as the message says.
  assert.ok(await page.evaluate(() => Object.values(localStorage).some((v) => v.includes('机关第二党支部'))));
  await screenshot(page, 'split-unavailable');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'split-unavailable-390');
  // 刷新页面 reloads: the page comes back with the text (the second half still unavailable).
  await Promise.all([page.waitForEvent('load'), reload.click()]);
  await page.locator('#step-heading').filter({ hasText: '基本信息' }).waitFor();
  assert.equal(await page.locator('.editor input:not([type=hidden]), .editor textarea').nth(1).inputValue(), '机关第二党支部');
});

test('a second visit without a service worker (an intranet on http) starts with both halves from the cache', async () => {
  // A server that lets the browser keep its files for an hour; service workers blocked, as on
  // plain http, where browsers have none.
  const { page, errors } = await open(null, { headers: { 'cache-control': 'max-age=3600' } });
  assert.equal(await page.evaluate(() => window.shuzhiSplit.startedWhole), false, 'a first visit starts at once');
  await page.waitForFunction(() => window.shuzhiSplit.loaded());
  await page.reload();
  await page.locator('#step-heading').filter({ hasText: '基本信息' }).waitFor();
  assert.equal(await page.evaluate(() => window.shuzhiSplit.startedWhole), true, 'the second visit waited for the cached half');
  assert.equal(await page.evaluate(() => window.shuzhiSplit.early), 0);
  assert.deepEqual(errors, []);
});

test('Chromium before 2023 (no synchronous wasm over 4 KB on the page): the second half still comes and works', async () => {
  const { page, errors } = await open(null, {}, { oldChromium: true });
  const big = await page.evaluate(() => {
    try {
      return new WebAssembly.Module(new Uint8Array(8192)) && 'allowed';
    } catch (error) {
      return error.message;
    }
  });
  assert.match(big, /disallowed on the main thread/, 'the emulation bites');
  await page.waitForFunction(() => window.shuzhiSplit.loaded());
  await typeAndSave(page, '机关第三党支部');
  await goToStep(page, '导语');
  await page.locator('#step-heading').filter({ hasText: '导语' }).waitFor();
  assert.equal(await page.evaluate(() => window.shuzhiSplit.early), 0);
  assert.deepEqual(errors, []);
});

test('Chromium before 2023, a click before the second half arrived: the message, not a silent stop', async () => {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  let requests = 0;
  const { page } = await open(
    async (route) => {
      requests += 1;
      if (requests === 1) await held;
      await route.continue();
    },
    {},
    { oldChromium: true },
  );
  await typeAndSave(page, '机关第四党支部');
  await goToStep(page, '导语');
  // Loaded on the spot, but this browser refuses to compile it synchronously.
  const alert = page.locator('.split-failure[role=alert]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /已输入的内容都已保存在本机/);
  release();
});

/** Creates a report of the built-in template 党支部书记抓党建述职报告（整改单列） on 我的报告 and
 *  types its organisation; its text is one of those that come with the second half. */
async function reportOfAnotherTemplate(page, org) {
  await page.waitForFunction(() => window.shuzhiSplit.loaded());
  await page.locator('#open-drafts').click();
  await page.locator('#step-heading').filter({ hasText: '我的报告' }).waitFor();
  await page.locator('#new-template').selectOption('zhibu-shuji-shuzhi');
  await page.locator('#new-draft').click();
  await page.locator('.step-link').filter({ hasText: '上年度问题整改情况' }).waitFor();
  await typeAndSave(page, org);
}

const storedDraft = (page, org) =>
  page.evaluate((t) => Object.values(localStorage).find((v) => v.includes(t) && v.includes('"template_id"')), org);

test('a report of another built-in template, on a visit neither cache serves (Chromium before 2023): its template is there from the start', async () => {
  // Routing the second half turns the browser's cache off: every visit is like a first one.
  const { page, errors } = await open((route) => route.continue(), {}, { oldChromium: true });
  await reportOfAnotherTemplate(page, '机关第五党支部');
  await page.reload();
  await page.locator('#step-heading').filter({ hasText: '基本信息' }).waitFor();
  await page.locator('.step-link').filter({ hasText: '上年度问题整改情况' }).waitFor();
  assert.equal(await page.evaluate(() => window.shuzhiSplit.startedWhole), true, 'the loader waited for the second half');
  assert.equal(await page.evaluate(() => window.shuzhiSplit.early), 0, 'asynchronously: this browser refuses it on the spot');
  assert.match(await storedDraft(page, '机关第五党支部'), /"template_id":"zhibu-shuji-shuzhi"/);
  assert.equal(await page.locator('#draft-notice, .split-failure').count(), 0);
  assert.deepEqual(errors, []);
});

test('that report while the second half cannot be had: the message, and the report is not opened under another template', async () => {
  let blocked = false;
  const { page } = await open((route) => (blocked ? route.abort('connectionrefused') : route.continue()));
  await reportOfAnotherTemplate(page, '机关第六党支部');
  const before = await storedDraft(page, '机关第六党支部');
  blocked = true;
  await page.reload();
  const alert = page.locator('.split-failure[role=alert]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /报告还没有打开。本机保存的报告都在/);
  // Nothing was converted or saved over: the stored report is as it was.
  assert.equal(await storedDraft(page, '机关第六党支部'), before);
  assert.match(before, /"template_id":"zhibu-shuji-shuzhi"/);
  await screenshot(page, 'split-template-unavailable');
  // Back online, 刷新页面 opens it under its own template.
  blocked = false;
  await Promise.all([page.waitForEvent('load'), alert.getByRole('button', { name: '刷新页面' }).click()]);
  await page.locator('.step-link').filter({ hasText: '上年度问题整改情况' }).waitFor();
});
