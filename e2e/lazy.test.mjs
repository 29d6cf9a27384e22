// The lazy part (issue 15): imports and Word files live in a second wasm run as a Web Worker,
// fetched after the first step. The first visit downloads it once (through the service worker's
// precache); where it can't load, the two actions that need it say so in Chinese and everything
// else — typing, saving, the text exports — keeps working.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launchBrowser, watch, waitUntilOffline } from './support.mjs';

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const isLazy = (path) => /\/shuzhi-lazy[^/]*$/.test(path);

async function open({ serviceWorkers = 'allow', blockLazy = false } = {}) {
  const server = await serveDist();
  const browser = await launchBrowser();
  cleanups.push(() => server.close(), () => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, serviceWorkers });
  if (blockLazy) await context.route(/\/shuzhi-lazy[^/]*$/, (route) => route.abort('connectionrefused'));
  const page = await context.newPage();
  const trouble = watch(page, server.origin);
  await trouble.ready;
  await page.goto(server.url);
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  return { server, context, page, trouble };
}

async function paste(page, text) {
  await page.locator('#open-import').click();
  await page.locator('#step-heading', { hasText: '导入已有报告' }).waitFor();
  await page.locator('#import-paste').fill(text);
  await page.locator('#import-recognise').click();
}

async function openCheck(page) {
  await page.locator('.step-link').filter({ hasText: '检查与导出' }).click();
  await page.locator('#step-heading', { hasText: '检查与导出' }).waitFor();
}

/** Clicks an export button and, when errors remain, 仍然导出 (the first export asks once). */
async function clickExport(page, button) {
  await page.locator(button).click();
  const proceed = page.getByRole('button', { name: '仍然导出' });
  await proceed.or(page.locator('.export-message')).first().waitFor();
  if (await proceed.isVisible()) await proceed.click();
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), clickExport(page, button)]);
  return readFile(await file.path());
}

const REPORT = '关于2025年抓基层党建工作的述职报告\n\n一、主要工作情况\n1.抓理论学习。全年开展集中学习12次。\n二、存在问题及原因\n1.学习的深度还不够。\n三、下步打算\n1.把学习抓得更实。\n';

test('the first visit downloads the lazy part once, after the first step, and imports with it', async () => {
  const { server, page, trouble } = await open();
  const early = server.requests.filter((r) => isLazy(r.path));
  assert.deepEqual(early.filter((r) => r.by === 'page').map((r) => r.path), [], 'not part of the first load');
  await waitUntilOffline(page);
  await paste(page, REPORT);
  const summary = page.locator('.import-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /主要工作情况：1 条/);
  const lazy = server.requests.filter((r) => isLazy(r.path)).map((r) => r.path);
  assert.deepEqual(lazy, [...new Set(lazy)], 'a file of the lazy part downloaded twice');
  assert.equal(lazy.length, 3, `loader, glue and wasm each once: ${lazy.join(', ')}`);
  assert.deepEqual(trouble.all(), []);
});

test('without the lazy part: typing and text exports work, import and Word say why in Chinese', async () => {
  const { page } = await open({ serviceWorkers: 'block', blockLazy: true });
  const org = page.locator('#f-info-org');
  await org.fill('某某党支部');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();

  await paste(page, REPORT);
  const importAlert = page.getByRole('alert').filter({ hasText: '没能加载' });
  await importAlert.waitFor();
  assert.equal(await page.locator('#import-paste').inputValue(), REPORT, 'the pasted text is kept');

  await openCheck(page);
  await clickExport(page, '#export-docx');
  await page.locator('.export-message', { hasText: '没能加载' }).waitFor();
  // Next year's report is grown by the lazy part too: the button says why it can't, nothing opens.
  await page.locator('#start-next-year').click();
  await page.locator('#next-year-error', { hasText: '没能加载' }).waitFor();
  assert.equal(await page.locator('#step-heading').textContent(), '检查与导出', 'still on this report');
  assert.match((await download(page, '#export-txt')).toString('utf8'), /某某党支部/);
  // A template file: the page's own reader still refuses a bad one (by position, without the
  // lazy part's explanation) and keeps a good one.
  await page.locator('#open-drafts').click();
  const bad = await readFile(new URL('../tests/fixtures/templates/missing-comma.json', import.meta.url));
  await page.locator('#template-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: bad });
  await page.locator('#template-error').filter({ hasText: /模板文件有误（第 \d+ 行第 \d+ 列）/ }).waitFor();
  const good = await readFile(new URL('../tests/fixtures/templates/valid/minimal.json', import.meta.url));
  await page.locator('#template-file').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: good });
  await page.locator('#loaded-templates').getByText(JSON.parse(good.toString('utf8')).name).waitFor();

  await page.reload();
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  await page.locator('.step-link').filter({ hasText: '基本信息' }).click();
  assert.equal(await page.locator('#f-info-org').inputValue(), '某某党支部');
});

test('the lazy part back after it could not load: the Word file is written, its template sent again', async () => {
  // The failed attempt had sent the template; the new worker doesn't have it and asks for it
  // (app::lazy's Reply::TemplateGone), and the page sends the job once more with it.
  const { page, context } = await open({ serviceWorkers: 'block', blockLazy: true });
  await page.locator('#f-info-org').fill('某某党支部');
  await openCheck(page);
  await clickExport(page, '#export-docx');
  await page.locator('.export-message', { hasText: '没能加载' }).waitFor();
  await context.unroute(/\/shuzhi-lazy[^/]*$/);
  await page.evaluate(() => {
    window.__jobs = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (...args) {
      window.__jobs += 1;
      return post.apply(this, args);
    };
  });
  const docx = await download(page, '#export-docx');
  assert.equal(await page.evaluate(() => window.__jobs), 2, 'the job without its template, then with it');
  assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK', 'a zip file');
  assert.ok(docx.length > 5000, `a whole Word file (${docx.length} bytes)`);
});

test('offline after one visit: importing and the Word file still work', async () => {
  const { server, context, page } = await open();
  await waitUntilOffline(page);
  await context.setOffline(true);
  await page.reload();
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  const before = server.requests.length;
  await paste(page, REPORT);
  await page.locator('.import-summary').waitFor();
  await page.locator('#import-new').click();
  await page.locator('#step-heading', { hasText: '基本信息' }).waitFor();
  await openCheck(page);
  const docx = await download(page, '#export-docx');
  assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK', 'a zip file');
  assert.deepEqual(server.requests.slice(before).map((r) => r.path), [], 'nothing reached the server');
});
