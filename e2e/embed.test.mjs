// Embedding in an intranet portal, on the release build: configuration from config.json and the
// query (under a sub-path); the example host page (examples/host.html) on another origin and on
// the same origin, getting the report through postMessage; a page the config does not list gets
// no answer; sandboxed iframes without allow-same-origin or without allow-downloads say exactly
// which permission is missing and what still works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveDist, launchBrowser, watch, screenshot, distDir, repoRoot } from './support.mjs';

const EXAMPLES = path.join(repoRoot, 'examples');
let browser;
const cleanups = [];

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function serve(options) {
  const server = await serveDist(options);
  cleanups.push(() => server.close());
  return server;
}

/** The portal's own template: the built-in one under another id, name and first heading. */
async function portalTemplate() {
  const template = JSON.parse(await readFile(path.join(repoRoot, 'templates', 'dangjian-shuzhi.json'), 'utf8'));
  template.id = 'portal-dw';
  template.name = '机关党委述职报告（门户下发）';
  template.sections[0].heading = '履职尽责情况';
  return JSON.stringify(template);
}

/** One origin like a real portal: /portal/host.html (the example) and /portal/shuzhi/ (dist). */
async function sameOriginPortal({ config = {}, headers = {} } = {}) {
  const root = await mkdtemp(path.join(tmpdir(), 'shuzhi-portal-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  await cp(EXAMPLES, root, { recursive: true });
  await cp(distDir, path.join(root, 'shuzhi'), { recursive: true });
  const server = await serve({ root, base: '/portal/', index: false, headers, files: { 'shuzhi/config.json': JSON.stringify(config) } });
  return { server, host: `${server.url}host.html`, app: `${server.url}shuzhi/` };
}

async function newPage(origins) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const trouble = watch(page, origins);
  await trouble.ready;
  return { context, page, trouble };
}

/** The example host's record of messages, once `count` of `type` arrived. */
async function hostEvents(page, type, count = 1) {
  await page.waitForFunction(([t, n]) => (window.shuzhiHost?.events ?? []).filter((e) => e.type === t).length >= n, [type, count]);
  return page.evaluate(() => window.shuzhiHost.events.map((e) => ({ ...e, bytes: undefined })));
}

/** Asks the app through the example host: { fileName, mimeType, size, text } or { code, message }. */
function hostRequest(page, format) {
  return page.evaluate(async (f) => {
    try {
      const file = await window.shuzhiHost.request(f);
      return { fileName: file.fileName, mimeType: file.mimeType, size: file.size, bytes: file.bytes.length,
        head: String.fromCharCode(...file.bytes.slice(0, 2)), text: new TextDecoder().decode(file.bytes) };
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  }, format);
}

const appFrame = (page) => page.frameLocator('#app');

test('config.json and the query start a new report under a sub-path, with the portal template', async () => {
  const config = { org: '机关第一党支部', year: '2024', templateUrl: 'portal-template.json' };
  const server = await serve({ files: { 'config.json': JSON.stringify(config), 'portal-template.json': await portalTemplate() } });
  const { page, trouble } = await newPage(server.origin);
  await page.goto(`${server.url}?year=2026&portalTab=3#/info`);
  await page.locator('#step-heading').waitFor();
  assert.equal(await page.locator('#f-info-org').inputValue(), '机关第一党支部');
  assert.equal(await page.locator('#f-info-year').inputValue(), '2026', 'the query wins over the file');
  assert.match(await page.locator('.steps').textContent(), /履职尽责情况/);
  assert.equal(await page.locator('.doc-name').textContent(), '2026年度机关第一党支部抓基层党建工作述职报告');
  assert.equal(await page.locator('#config-warnings').count(), 0);
  // Typed in, the report keeps its template across reloads (kept on this computer).
  await page.locator('#f-info-name').fill('张明');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  await page.goto(`${server.url}#/info`);
  await page.locator('#step-heading').waitFor();
  assert.equal(await page.locator('#f-info-name').inputValue(), '张明');
  assert.equal(await page.locator('#f-info-year').inputValue(), '2026');
  assert.match(await page.locator('.steps').textContent(), /履职尽责情况/);
  // 我的报告 → 新建报告: the portal's template is the default choice, with its 单位 and 年度.
  await page.goto(`${server.url}#/drafts`);
  assert.equal(await page.locator('#new-template').inputValue(), 'portal-dw');
  await page.locator('#new-draft').click();
  await page.locator('#step-heading', { hasText: '基本信息' }).waitFor();
  assert.equal(await page.locator('#f-info-org').inputValue(), '机关第一党支部');
  assert.equal(await page.locator('#f-info-year').inputValue(), '2024', 'config.json (this URL has no year)');
  assert.equal(await page.locator('#f-info-name').inputValue(), '', 'a new report, not the old one');
  assert.match(await page.locator('.steps').textContent(), /履职尽责情况/);
  assert.deepEqual(trouble.all(), []);
});

test('a broken configuration is reported, setting by setting, and never reaches another site', async () => {
  const config = { org: 5, year: '2025', templateUrl: 'https://evil.example/t.json', allowedOrigins: '*', colour: 'red' };
  const server = await serve({ files: { 'config.json': JSON.stringify(config) } });
  const { page, trouble } = await newPage(server.origin);
  await page.goto(`${server.url}?allowedOrigins=https://evil.example#/info`);
  const warnings = page.locator('#config-warnings li');
  await warnings.first().waitFor();
  const texts = await warnings.allTextContents();
  assert.equal(texts.length, 5, texts.join('\n'));
  for (const needle of ['org 应是字符串', '只能使用本网站', 'allowedOrigins 应是数组', '“colour”', '只能写在 config.json']) {
    assert.ok(texts.some((t) => t.includes(needle)), `${needle}: ${texts.join('\n')}`);
  }
  assert.equal(await page.locator('#f-info-year').inputValue(), '2025', 'the good setting is used');
  assert.equal(await page.locator('#f-info-org').inputValue(), '');
  await screenshot(page, 'embed-config-warnings');
  assert.deepEqual(trouble.all(), []);
});

test('a portal page on another origin gets ready/saved events and the report as files', async () => {
  const portal = await serve({ root: EXAMPLES, base: '/portal/', index: false });
  const app = await serve({ files: { 'config.json': JSON.stringify({ org: '机关第二党支部', allowedOrigins: [portal.origin] }) } });
  const { page, trouble } = await newPage([portal.origin, app.origin]);
  await page.goto(`${portal.url}host.html?app=${encodeURIComponent(app.url)}`);
  const ready = (await hostEvents(page, 'shuzhi:ready')).find((e) => e.type === 'shuzhi:ready');
  assert.equal(ready.protocol, 1);
  assert.deepEqual(ready.formats, ['docx', 'txt', 'md', 'html']);
  await page.locator('#status', { hasText: '已就绪' }).waitFor();

  await appFrame(page).locator('#f-info-year').fill('2025');
  const saved = (await hostEvents(page, 'shuzhi:saved')).find((e) => e.type === 'shuzhi:saved');
  assert.equal(saved.title, '2025年度机关第二党支部抓基层党建工作述职报告');
  assert.ok(saved.savedAt > 0);

  const docx = await hostRequest(page, 'docx');
  assert.equal(docx.fileName, '2025年度机关第二党支部抓基层党建工作述职报告.docx');
  assert.equal(docx.head, 'PK');
  assert.equal(docx.bytes, docx.size);
  assert.match(docx.mimeType, /wordprocessingml/);
  const txt = await hostRequest(page, 'txt');
  assert.match(txt.text, /^2025年度机关第二党支部抓基层党建工作述职报告/);
  const md = await hostRequest(page, 'md');
  assert.equal(md.fileName.endsWith('.md'), true);
  assert.deepEqual(await hostRequest(page, 'pdf'), { code: 'bad-format', message: 'format 应是 docx、txt、md、html 之一（现在："pdf"）' });

  // Validated: unknown fields and types are refused with the request's id, naming the field.
  await page.evaluate((origin) => {
    const app = document.getElementById('app').contentWindow;
    app.postMessage({ type: 'shuzhi:export', format: 'txt', id: 'x1', path: '/etc/passwd' }, origin);
    app.postMessage({ type: 'shuzhi:delete', id: 'x2' }, origin);
    app.postMessage({ type: 'somebody-else', id: 'x3' }, origin); // not ours: no answer
    app.postMessage({ type: 'shuzhi:export', id: 'x5', format: 'txt', padding: 'x'.repeat(5000) }, origin);
    app.postMessage({ type: 'shuzhi:hello', id: 'x4' }, origin);
  }, app.origin);
  const events = await hostEvents(page, 'shuzhi:ready', 2);
  const errors = events.filter((e) => e.type === 'shuzhi:error' && e.id?.startsWith('x'));
  assert.deepEqual(errors.map((e) => [e.id, e.code]), [['x1', 'unknown-field'], ['x2', 'unknown-type']]);
  assert.ok(events.some((e) => e.type === 'shuzhi:ready' && e.id === 'x4'));
  assert.ok(!events.some((e) => e.id === 'x3'));
  assert.ok(events.some((e) => e.type === 'shuzhi:error' && e.code === 'too-large' && e.id === null), 'refused unread');

  // The portal's own button saves the file from the portal page.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-docx').click()]);
  assert.equal(download.suggestedFilename(), '2025年度机关第二党支部抓基层党建工作述职报告.docx');
  await screenshot(page, 'embed-cross-origin');
  assert.deepEqual(trouble.all(), []);
});

test('a page the config does not list gets no event and no answer', async () => {
  const listed = await serve({ root: EXAMPLES, base: '/portal/', index: false });
  const other = await serve({ root: EXAMPLES, base: '/portal/', index: false });
  const app = await serve({ files: { 'config.json': JSON.stringify({ allowedOrigins: [listed.origin] }) } });
  const { page, trouble } = await newPage([other.origin, app.origin]);
  await page.goto(`${other.url}host.html?app=${encodeURIComponent(app.url)}`);
  await appFrame(page).locator('#step-heading').waitFor();
  await appFrame(page).locator('#f-info-org').fill('不该被读到的支部');
  await appFrame(page).locator('.save-status', { hasText: '已保存' }).waitFor();
  await page.evaluate(() => { window.shuzhiHost.request('txt'); });
  // Messages are handled in order: once the app has answered its own hello (posted after the
  // other page's request), the request has been handled too.
  const frame = page.frames().find((f) => f.url().startsWith(app.url));
  await frame.evaluate(() => new Promise((resolve) => {
    addEventListener('message', (e) => e.data?.type === 'shuzhi:ready' && e.data.id === 'sync' && resolve());
    postMessage({ type: 'shuzhi:hello', id: 'sync' }, location.origin);
  }));
  assert.deepEqual(await page.evaluate(() => window.shuzhiHost.events), []);
  assert.equal(await page.locator('#status').textContent(), '正在打开述职报告向导…');
  assert.deepEqual(trouble.all(), []);
});

test('the example host on the same origin, at a portal sub-path: documented layout, offline too', async () => {
  const { host, server } = await sameOriginPortal({ config: { org: '门户同源党支部' } });
  const { page, trouble } = await newPage(server.origin);
  await page.goto(host);
  await hostEvents(page, 'shuzhi:ready');
  const txt = await hostRequest(page, 'txt');
  assert.match(txt.text, /门户同源党支部/);
  await appFrame(page).locator('#offline-status').waitFor();
  assert.equal(await appFrame(page).locator('#sandbox-notice').count(), 0, 'every permission given');
  assert.equal(await page.evaluate(() => top.location.pathname), '/portal/host.html', 'no top-level navigation');
  assert.deepEqual(trouble.all(), []);
});

test('sandboxed without allow-same-origin: names it, memory-only, writing and the host API still work', async () => {
  // An opaque origin loads the app's module, wasm and styles with CORS: the server must allow it.
  const { host, server } = await sameOriginPortal({ config: { org: '沙箱党支部' }, headers: { 'access-control-allow-origin': '*' } });
  const { page, trouble } = await newPage(server.origin);
  await page.goto(`${host}?sandbox=${encodeURIComponent('allow-scripts allow-downloads')}`);
  const app = appFrame(page);
  const notice = app.locator('#sandbox-notice');
  await notice.waitFor();
  assert.deepEqual(await notice.locator('[data-permission]').evaluateAll((els) => els.map((e) => e.dataset.permission)), ['allow-same-origin']);
  const text = await notice.textContent();
  assert.match(text, /allow-same-origin：浏览器不允许本页保存数据/);
  assert.match(text, /仍然可以：填写、预览和检查报告、下载 Word 等文件和备份、用“复制全文”/);
  assert.match(text, /如果点“下载”没有反应，说明还缺少 allow-downloads/);
  await app.locator('#alert-memory').waitFor();
  assert.equal(await app.locator('#offline-status').count(), 0);
  await app.locator('#f-info-year').fill('2025');
  assert.equal(await app.locator('.doc-name').textContent(), '2025年度沙箱党支部抓基层党建工作述职报告');
  await hostEvents(page, 'shuzhi:ready');
  const txt = await hostRequest(page, 'txt');
  assert.match(txt.text, /^2025年度沙箱党支部/);
  await screenshot(page, 'embed-sandbox-no-same-origin');
  assert.deepEqual(trouble.all(), []);
});

test('sandboxed without allow-downloads and allow-modals: names both; saving still works', async () => {
  const { host, server } = await sameOriginPortal();
  const { page, trouble } = await newPage(server.origin);
  await page.goto(`${host}?sandbox=${encodeURIComponent('allow-scripts allow-same-origin')}`);
  const app = appFrame(page);
  const notice = app.locator('#sandbox-notice');
  await notice.waitFor();
  assert.deepEqual(await notice.locator('[data-permission]').evaluateAll((els) => els.map((e) => e.dataset.permission)), ['allow-downloads', 'allow-modals']);
  const text = await notice.textContent();
  assert.match(text, /allow-downloads：浏览器会拦截下载/);
  assert.match(text, /allow-modals：“打印/);
  assert.match(text, /仍然可以：填写、预览和检查报告、用“复制全文”把报告粘贴到 Word 或 WPS 中。/);
  assert.match(text, /sandbox 属性中加上：allow-downloads allow-modals/);
  assert.doesNotMatch(text, /无法查看/);
  assert.equal(await app.locator('#alert-memory').count(), 0);
  await app.locator('#f-info-org').fill('下载受限党支部');
  await app.locator('.save-status', { hasText: '已保存' }).waitFor();
  await screenshot(page, 'embed-sandbox-no-downloads');
  assert.deepEqual(trouble.all(), []);
});
