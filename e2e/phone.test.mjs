// The wizard on a 390 × 844 phone (issue 17.10), every step: the header in one row, no sideways
// scrolling, a step bar naming the current step that stays at the top and opens the whole list
// from anywhere, and tap targets of at least 44 × 44 px; at 1280 px the list is simply there.
// Also axe-core with the list open, and screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startApp, screenshotDir } from './support.mjs';

const require = createRequire(import.meta.url);

let app;
let page;
let server;

before(async () => {
  app = await startApp({ viewport: { width: 390, height: 844 } });
  ({ page, server } = app);
});

after(() => app?.close());

const STEPS = [
  ['#/info', '基本信息'],
  ['#/intro', '导语'],
  ['#/s/work', '主要工作情况'],
  ['#/s/problems', '存在问题及原因'],
  ['#/s/plans', '下步打算'],
  ['#/check', '检查与导出'],
  ['#/import', '导入已有报告'],
  ['#/drafts', '我的报告'],
];
const TAPPABLE = '.btn, .chip, .icon-btn, .step-link, .view-tabs button, #steps-toggle, .topbar-btn';

async function visit(hash, name) {
  await page.goto(server.url + hash);
  await page.locator('#step-heading', { hasText: name }).waitFor();
}

test('every step at 390 × 844: one-row header, no sideways scrolling, the step named, 44 px targets', async () => {
  for (const [hash, name] of STEPS) {
    await visit(hash, name);
    const header = await page.evaluate(() => {
      const ids = ['.brand', '#open-import', '#open-drafts', '#open-privacy', '#offline-status', '.save-status'];
      return ids
        .map((s) => document.querySelector(s))
        .filter((e) => e && e.getBoundingClientRect().height > 0)
        .map((e) => ({ name: e.className || e.id, ...e.getBoundingClientRect().toJSON() }));
    });
    const bottom = Math.min(...header.map((b) => b.bottom));
    for (const box of header) assert.ok(box.top < bottom, `${hash}: ${box.name} is on another row: ${JSON.stringify(header)}`);
    const topbar = await page.locator('.topbar').boundingBox();
    const stepbar = await page.locator('.stepbar').boundingBox();
    assert.ok(topbar.height <= 60, `${hash}: the header is one row tall (${topbar.height} px)`);
    assert.ok(Math.abs(stepbar.y - topbar.height) <= 1, `${hash}: the step bar right under the header, no gap (${stepbar.y} px)`);
    const brand = header.find((b) => b.name === 'brand');
    assert.ok(brand.height < 30, `${hash}: 述职报告向导 on one line (${brand.height} px)`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), `${hash}: no sideways scrolling`);
    const bar = page.locator('#steps-toggle');
    assert.ok(await bar.isVisible(), hash);
    if (!hash.startsWith('#/import') && !hash.startsWith('#/drafts')) assert.match(await bar.innerText(), new RegExp(name));
    const small = await page.evaluate((selector) => [...document.querySelectorAll(selector)]
      .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
      .map((e) => ({ text: e.textContent.trim().slice(0, 12), w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height }))
      .filter((b) => b.w < 43.5 || b.h < 43.5), TAPPABLE);
    assert.deepEqual(small, [], `${hash}: tap targets under 44 × 44 px`);
  }
});

test('the step list is a tap away from anywhere on the page, and closes on the way to a step', async () => {
  await visit('#/s/work', '主要工作情况');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const bar = page.locator('#steps-toggle');
  const box = await bar.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 844, `the bar stays in view: ${JSON.stringify(box)}`);
  assert.equal(await bar.getAttribute('aria-expanded'), 'false');
  await bar.click();
  assert.equal(await bar.getAttribute('aria-expanded'), 'true');
  const list = page.locator('#step-list');
  await list.waitFor({ state: 'visible' });
  await mkdir(screenshotDir, { recursive: true });
  // What the phone shows (a full-page picture would draw the sticky bar mid-page).
  await page.screenshot({ path: path.join(screenshotDir, 'phone-step-list-open.png') });
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await list.locator('.step-link', { hasText: '检查与导出' }).click();
  await page.locator('#step-heading', { hasText: '检查与导出' }).waitFor();
  await list.waitFor({ state: 'hidden' });
  assert.match(await bar.innerText(), /第 6\/6 步 检查与导出/);
});

test('at 1280 px the step list is always shown and the bar is not', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await visit('#/s/work', '主要工作情况');
  assert.ok(!(await page.locator('#steps-toggle').isVisible()));
  assert.ok(await page.locator('#step-list').isVisible());
  await page.setViewportSize({ width: 390, height: 844 });
});

test('nothing went wrong on the way', () => {
  assert.deepEqual(app.trouble.all(), []);
});
