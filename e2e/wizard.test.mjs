// The wizard, driven as a user would: fill every step of the sample report (typing, phrase chips,
// facts, adding, removing with 撤销, reordering by buttons and Alt+↑/↓), watch the preview, fix a
// placeholder through the check page's link, and download a .txt equal to the sample. Then an
// axe-core scan of every step, and screenshots at 1280 px and 390 px (target/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startApp, screenshot, repoRoot } from './support.mjs';

const require = createRequire(import.meta.url);
const fixtures = path.join(repoRoot, 'tests', 'fixtures');
const sampleDraft = JSON.parse(await readFile(path.join(fixtures, 'sample.draft.json'), 'utf8')).draft;
const sampleText = (() => {
  const raw = require('node:fs').readFileSync(path.join(fixtures, 'sample.txt'), 'utf8');
  return raw.replaceAll('##paidbegin##', '').replaceAll('##paidend##', '').trimEnd() + '\n';
})();
const section = (id) => sampleDraft.sections.find((s) => s.id === id).items;
const FACTS_SENTENCE = '全年共开展集体政治理论学习19次，上党课2次，听专题讲座2次，开展主题党日活动8次。';

let app;
let server;
let context;
let page;
let trouble;

before(async () => {
  app = await startApp();
  ({ server, context, page, trouble } = app);
});

after(() => app?.close());

const heading = () => page.locator('#step-heading');
const cards = () => page.locator('.item-list > li');
const card = (i) => cards().nth(i);
const titleOf = (i) => card(i).locator('textarea').nth(0);
const bodyOf = (i) => card(i).locator('textarea').nth(1);
const causeOf = (i) => card(i).locator('textarea').nth(2);
const preview = () => page.locator('.preview');
const next = async (expected) => {
  await page.locator('#next-step').click();
  await assert.doesNotReject(heading().filter({ hasText: expected }).waitFor());
};
const cardTitles = async () =>
  (await page.locator('.item-list > li .item-number').allTextContents()).map((t) => t.trim());

test('fills the sample report step by step', async () => {
  // 基本信息: the sample's year is the 202X placeholder itself.
  assert.equal((await heading().textContent()).trim(), '基本信息');
  await page.locator('#f-info-year').pressSequentially('202X');
  await preview().getByText('202X年度抓基层党建工作述职报告').waitFor();

  // 导语: typing plus two phrase chips inserted at the cursor.
  await next('导语');
  const intro = page.locator('#f-intro');
  await intro.click();
  await intro.pressSequentially('202X年，');
  await page.getByRole('button', { name: '在学校党委的正确领导下，' }).click();
  await page.getByRole('button', { name: '我全面学习贯彻习近平新时代中国特色社会主义思想，' }).click();
  const introRest = sampleDraft.intro.split('社会主义思想，')[1];
  await intro.pressSequentially(introRest);
  assert.equal(await intro.inputValue(), sampleDraft.intro);

  // 一、主要工作情况: the four suggested items are there; facts compose the sentence.
  await next('一、主要工作情况');
  const work = section('work');
  assert.deepEqual(await cardTitles(), work.map((it, i) => `${i + 1}.${it.title}`));
  const [before1, after1] = work[0].body.split(FACTS_SENTENCE);
  await bodyOf(0).fill(before1);
  const facts = card(0).locator('input[type=number]');
  for (const [i, n] of ['19', '2', '2', '8'].entries()) await facts.nth(i).fill(n);
  await card(0).getByText(FACTS_SENTENCE, { exact: true }).waitFor();
  await card(0).getByRole('button', { name: '把数据写成一句话插入正文' }).click();
  await bodyOf(0).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(after1.slice(0, 20));
  await bodyOf(0).fill((await bodyOf(0).inputValue()) + after1.slice(20));
  assert.equal(await bodyOf(0).inputValue(), work[0].body);
  for (const i of [1, 2, 3]) await bodyOf(i).fill(work[i].body);
  await preview().getByText('1.政治思想建设情况。一是提高政治站位').waitFor();

  // 存在问题及原因: three empty items, so not in the document yet and without its number (the step
  // heading numbers sections as the preview does); remove one with 撤销, add two suggestions, reorder.
  await next('存在问题及原因');
  assert.equal((await heading().textContent()).trim(), '存在问题及原因');
  const problems = section('problems');
  assert.equal(await cards().count(), 3);
  await page.getByRole('button', { name: '删除 第3条' }).click();
  assert.equal(await cards().count(), 2);
  await page.getByRole('button', { name: '撤销' }).click();
  assert.equal(await cards().count(), 3);
  await page.getByRole('button', { name: '删除 第3条' }).click();
  assert.equal(await cards().count(), 2);
  for (const i of [0, 1]) await titleOf(i).pressSequentially(problems[i].title);
  await page.getByRole('button', { name: `＋ ${problems[3].title}` }).click();
  await page.getByRole('button', { name: `＋ ${problems[2].title}` }).click();
  assert.deepEqual((await cardTitles()).slice(2), [`3.${problems[3].title}`, `4.${problems[2].title}`]);
  await page.getByRole('button', { name: '上移 第4条' }).click();
  assert.deepEqual(await cardTitles(), problems.map((it, i) => `${i + 1}.${it.title}`));
  for (const [i, item] of problems.entries()) {
    await bodyOf(i).fill(item.body);
    await causeOf(i).fill(item.cause);
  }
  await preview().getByText('以上问题的原因主要是：对群众路线领会不够').waitFor();
  assert.equal((await heading().textContent()).trim(), '二、存在问题及原因');

  // 三、下步打算: titles prefilled; the third item's body starts on its own line; Alt+↑/↓ moves.
  await next('三、下步打算');
  const plans = section('plans');
  for (const [i, item] of plans.entries()) await bodyOf(i).fill(item.body);
  await titleOf(1).focus();
  await page.keyboard.press('Alt+ArrowUp');
  assert.equal((await cardTitles())[0], `1.${plans[1].title}`);
  assert.equal(await page.evaluate(() => document.activeElement?.id), await titleOf(0).getAttribute('id'));
  await page.keyboard.press('Alt+ArrowDown');
  assert.deepEqual(await cardTitles(), plans.map((it, i) => `${i + 1}.${it.title}`));

  // One placeholder too many, to be fixed from the check page.
  await bodyOf(1).fill(plans[1].body + '【请填写】');
  await screenshot(page, 'wizard-filled-1280');
});

test('the check page links to a placeholder and the fix removes it', async () => {
  await next('检查与导出');
  const row = page.locator('.diag li').filter({ hasText: '【请填写】' });
  await row.waitFor();
  await row.getByRole('button', { name: '前往修改' }).click();
  await heading().filter({ hasText: '三、下步打算' }).waitFor();
  const plansBody = bodyOf(1);
  assert.equal(await page.evaluate(() => document.activeElement?.id), await plansBody.getAttribute('id'));
  await plansBody.fill(section('plans')[1].body);
  await page.locator('.step-link').filter({ hasText: '检查与导出' }).click();
  await heading().filter({ hasText: '检查与导出' }).waitFor();
  assert.equal(await page.locator('.diag li').filter({ hasText: '【请填写】' }).count(), 0);
});

test('the .txt download equals the sample (export asks once while errors remain)', async () => {
  await page.locator('#export-txt').click();
  const anyway = page.getByRole('button', { name: '仍然导出' });
  await anyway.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), anyway.click()]);
  assert.equal(download.suggestedFilename(), '202X年度抓基层党建工作述职报告.txt');
  const text = await readFile(await download.path(), 'utf8');
  assert.equal(text, sampleText);
});

test('once confirmed, the .docx downloads without asking again', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-docx').click()]);
  assert.equal(download.suggestedFilename(), '202X年度抓基层党建工作述职报告.docx');
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
});

const STEPS = ['#/info', '#/intro', '#/s/work', '#/s/problems', '#/s/plans', '#/check', '#/import', '#/drafts'];

test('axe-core finds no serious or critical violations on any step', async () => {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const report = [];
  for (const hash of STEPS) {
    await page.goto(server.url + hash);
    await heading().waitFor();
    // evaluate() runs over the DevTools protocol, so the page's CSP (no inline scripts) allows it.
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))) {
      report.push(`${hash}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
  }
  assert.deepEqual(report, []);
});

test('screenshots of every step at 1280 px and 390 px', async () => {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    for (const hash of STEPS) {
      await page.goto(server.url + hash);
      await heading().waitFor();
      await screenshot(page, `step-${width}-${hash.replace(/[#/]/g, '')}`);
    }
  }
});

test('the URL follows the step: reload and the back button work, with no extra history entry', async () => {
  // A fresh profile: this one would reopen at the step last used (continuity.test.mjs).
  const fresh = await app.browser.newContext();
  const tab = await fresh.newPage();
  await tab.goto(server.url);
  const tabHeading = tab.locator('#step-heading');
  await tabHeading.filter({ hasText: '基本信息' }).waitFor();
  assert.match(tab.url(), /#\/info$/, 'the first step is put in the URL');
  await tab.locator('#next-step').click();
  await tabHeading.filter({ hasText: '导语' }).waitFor();
  assert.match(tab.url(), /#\/intro$/);
  await tab.reload();
  await tabHeading.filter({ hasText: '导语' }).waitFor();
  await tab.goBack();
  await tabHeading.filter({ hasText: '基本信息' }).waitFor();
  // Back once more leaves the app: start-up replaced the URL instead of adding a step.
  await tab.goBack();
  assert.equal(tab.url(), 'about:blank');
  await fresh.close();
});

test('nothing went wrong on the way', () => {
  assert.deepEqual(trouble.all(), []);
});
