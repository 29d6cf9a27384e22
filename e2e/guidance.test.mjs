// Guidance that agrees with itself (issue 17.3, 17.4, 17.6, 17.7), on the sample report: per-item
// length hints instead of the section's target, 下步打算's counter shrinking where the check says
// "shorten", the report's size on paper and read aloud, each step saying why it is 有问题 with the
// check's fixes (and nothing red before the user starts), 检查与导出 已完成 once no errors remain,
// the step list numbering sections as the preview does, and the export buttons first on 检查与导出.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startApp, screenshot, repoRoot, watch } from './support.mjs';

const require = createRequire(import.meta.url);
const sample = await readFile(path.join(repoRoot, 'tests', 'fixtures', 'sample.draft.json'), 'utf8');

let app;
let page;
let server;

before(async () => {
  app = await startApp();
  ({ page, server } = app);
});

after(() => app?.close());

const heading = () => page.locator('#step-heading');
const go = async (hash, text) => {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await heading().filter({ hasText: text }).waitFor();
};
const stepLink = (name) => page.locator('.step-link').filter({ hasText: name });

/** A fresh browser profile holding `drafts`, with the app open on them at `hash`. */
async function seed(drafts, hash = '#/info') {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((entries) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    for (const [id, json] of Object.entries(entries)) localStorage.setItem(`shuzhi.draft.${id}`, json);
  }, drafts);
  page = await context.newPage();
  const trouble = watch(page, server.origin);
  await trouble.ready;
  troubles.push(trouble);
  await page.goto(server.url + hash);
  await heading().waitFor();
}

const troubles = [];

test('17.6 nothing is red before the user starts; a step then lists its own errors with the check’s fixes', async () => {
  assert.equal(await page.locator('.step-link.problems').count(), 0, 'a new report has no red step');
  assert.equal(await page.locator('#step-problems').count(), 0);
  await page.locator('#f-info-year').fill('20255');
  const panel = page.locator('#step-problems');
  await panel.getByText('请填四位数字的年份').waitFor();
  assert.match(await stepLink('基本信息').getAttribute('class'), /problems/);
  assert.match(await stepLink('基本信息').innerText(), /有问题/);
  await screenshot(page, 'step-problems-1280');
  await page.locator('#f-info-year').fill('2025');
  await panel.waitFor({ state: 'detached' });
  assert.match(await stepLink('基本信息').innerText(), /已完成/);

  // A warning with a fix, fixed on the step itself.
  await go('#/intro', '导语');
  await page.locator('#f-intro').fill('一年来,我认真履行职责;现将有关情况报告如下:');
  await panel.locator('summary', { hasText: '建议修改' }).click();
  await panel.getByRole('button', { name: '改为全角标点' }).click();
  assert.equal(await page.locator('#f-intro').inputValue(), '一年来，我认真履行职责；现将有关情况报告如下：');
});

test('17.6 the step list and the step heading number sections as the preview does; 检查与导出 reads 已完成', async () => {
  const filled = sample.replaceAll('202X', '2025').replaceAll('XX', '二十');
  await seed({ d1: filled });
  const printed = (await page.locator('.preview h2.doc-h1').allTextContents()).map((t) => t.trim());
  const listed = (await page.locator('.step-name').allTextContents()).filter((t) => /、/.test(t));
  assert.deepEqual(listed, printed);
  assert.deepEqual(printed, ['一、主要工作情况', '二、存在问题及原因', '三、下步打算']);
  assert.match(await stepLink('检查与导出').innerText(), /已完成/, 'no errors left');
  assert.equal(await page.locator('.step-link.problems').count(), 0);
  // Emptying 存在问题及原因 takes its number away in the preview and the list alike.
  await go('#/s/problems', '二、存在问题及原因');
  for (let n = await page.locator('.item-list > li').count(); n > 0; n--) {
    await page.getByRole('button', { name: `删除 第${n}条` }).click();
  }
  await heading().filter({ hasText: /^存在问题及原因$/ }).waitFor();
  assert.deepEqual((await page.locator('.preview h2.doc-h1').allTextContents()).map((t) => t.trim()), ['一、主要工作情况', '二、下步打算']);
  assert.deepEqual((await page.locator('.step-name').allTextContents()).slice(2, 5), ['一、主要工作情况', '存在问题及原因', '二、下步打算']);
});

test('17.3 items show their own share of the target, and 下步打算’s counter agrees with the check', async () => {
  await seed({ d1: sample }, '#/s/problems');
  // Four problems share 400–1,200: about 100–300 each, not the section's whole target.
  const counters = await page.locator('.item-counter').allTextContents();
  assert.equal(counters.length, 4);
  for (const c of counters) assert.match(c, /^本条 \d+ 字 · 每条约 100–300 字$/, c);
  assert.doesNotMatch(await page.locator('.item-list').innerText(), /400–1200/, 'no item shows the whole section’s target');
  assert.match(await page.locator('.section-counter').textContent(), /^本部分共 \d+ 字 · 建议 400–1200 字$/);
  // 下步打算 is 25 % of the sample: its counter asks for less, like the check.
  await go('#/s/plans', '三、下步打算');
  const plans = page.locator('.section-counter');
  assert.equal(await plans.textContent(), '本部分共 475 字 · 建议 200–411 字');
  assert.match(await plans.getAttribute('class'), /off/);
  for (const c of await page.locator('.counter').allTextContents()) assert.doesNotMatch(c, /200–700/, c);
  await go('#/check', '检查与导出');
  await page.locator('.diag li').filter({ hasText: '“下步打算”共 475 字，占全文 1,893 字的 25%' }).waitFor();
  assert.equal(await page.locator('.diag li').filter({ hasText: '充实' }).filter({ hasText: '下步打算' }).count(), 0);
});

test('17.4 the report’s length in characters, pages on the 22 × 28 grid and minutes read aloud', async () => {
  const line = '全文 1,893 字 · 约 4 页（每页 22 行 × 28 字）· 朗读约 10 分钟（每分钟 200 字）';
  assert.equal(await page.locator('#check-size').textContent(), line);
  assert.equal(await page.locator('#size-line').textContent(), line);
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await page.locator('#check-size').isVisible(), 'on a phone too');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('17.7 检查与导出: the download buttons come first, in view at 1280×800 and on a phone', async () => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await page.goto(`${server.url}#/check`);
    await heading().filter({ hasText: '检查与导出' }).waitFor();
    const first = await page.evaluate(() => {
      const panel = document.querySelector('#export-heading')?.closest('section');
      const results = document.querySelector('#check-list-heading');
      return Boolean(panel && results && panel.compareDocumentPosition(results) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(first, 'the export panel precedes the check results');
    if (width === 1280) {
      for (const id of ['export-docx', 'export-txt', 'export-md', 'export-html', 'print', 'copy-all']) {
        const box = await page.locator(`#${id}`).boundingBox();
        assert.ok(box && box.y + box.height <= height, `#${id} is visible without scrolling: ${JSON.stringify(box)}`);
      }
    }
    await screenshot(page, `check-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('axe-core: no serious or critical violations with a step’s problems shown', async () => {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.goto(`${server.url}#/info`);
  await heading().waitFor();
  await page.locator('#f-info-year').fill('25');
  await page.locator('#step-problems').waitFor();
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
});

test('nothing went wrong on the way', () => {
  assert.deepEqual([app.trouble, ...troubles].flatMap((t) => t.all()), []);
});
