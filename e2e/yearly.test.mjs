// Year over year in the app: last year's report (pasted) starts this year's draft; its problems
// open the 整改 item, its 下步打算 are listed as promises, and a sentence copied from last year is
// flagged in the step and on 检查与导出 until the user keeps it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startApp, repoRoot } from './support.mjs';

const fixtures = path.join(repoRoot, 'tests', 'fixtures');
const lastYear = (await readFile(path.join(fixtures, 'sample.txt'), 'utf8')).replace('202X年度', '2024年度');
const sampleDraft = JSON.parse(await readFile(path.join(fixtures, 'sample.draft.json'), 'utf8')).draft;
const problems = sampleDraft.sections.find((s) => s.id === 'problems').items.map((i) => i.title);
const plans = sampleDraft.sections.find((s) => s.id === 'plans').items.map((i) => i.title);

let app;
let page;
let trouble;

before(async () => {
  app = await startApp();
  ({ page, trouble } = app);
});

after(() => app?.close());

const heading = () => page.locator('#step-heading');
const goTo = async (name) => {
  await page.locator('.step-link').filter({ hasText: name }).click();
  await heading().filter({ hasText: name }).waitFor();
};

test('last year\'s report starts next year\'s draft', async () => {
  await page.locator('#open-import').click();
  await page.locator('#import-paste').fill(lastYear);
  await page.locator('#import-recognise').click();
  await page.locator('#import-next-year').click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
  assert.equal(await page.locator('#f-info-year').inputValue(), '2025');
  await page.locator('.preview').getByText('2025年度抓基层党建工作述职报告').waitFor();
});

test('the 整改 item opens with one line per problem of last year, and promises are listed', async () => {
  await goTo('主要工作情况');
  const promises = page.locator('.promises li');
  assert.deepEqual(await promises.allTextContents(), plans);
  const bodies = await page.locator('.item-list > li textarea').evaluateAll((areas) => areas.map((a) => a.value));
  const rectification = bodies.find((b) => b.includes('针对“'));
  assert.ok(rectification, bodies.join('\n---\n'));
  for (const title of problems) assert.ok(rectification.includes(`针对“${title}”问题，`), rectification);
});

test('a sentence copied from last year is flagged until it is kept', async () => {
  await goTo('导语');
  const copied = sampleDraft.intro.replaceAll('202X', '2025');
  await page.locator('#f-intro').fill(copied);
  const panel = page.locator('.similar');
  await panel.waitFor();
  assert.match(await panel.textContent(), /去年的导语|去年/);
  await goTo('检查与导出');
  const rows = page.locator('.similar li');
  const count = await rows.count();
  assert.ok(count >= 1);
  await rows.first().getByRole('button', { name: '保留，不再提醒' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.similar li').length === n - 1, count);
});

test('nothing went wrong on the way', () => {
  assert.deepEqual(trouble.all(), []);
});
