// 导入已有报告 in the app: paste the sample, open a GBK .txt and a .docx through the file picker,
// drop a file on the page, refuse a bad file without touching the current draft.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startApp, repoRoot } from './support.mjs';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is: no serious or critical violations. */
async function noSeriousViolations(what) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], what);
}

const fixtures = path.join(repoRoot, 'tests', 'fixtures');
const rawSample = await readFile(path.join(fixtures, 'sample.txt'), 'utf8');
const sampleText = rawSample.replaceAll('##paidbegin##', '').replaceAll('##paidend##', '').trimEnd() + '\n';

let app;
let page;
let trouble;

before(async () => {
  app = await startApp();
  ({ page, trouble } = app);
});

after(() => app?.close());

const heading = () => page.locator('#step-heading');

/** Exports from a freshly opened 检查与导出 (the sample has placeholders, so it asks once). */
async function exportFile(button) {
  await page.locator('.step-link').filter({ hasText: '检查与导出' }).click();
  await heading().filter({ hasText: '检查与导出' }).waitFor();
  await page.locator(button).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '仍然导出' }).click(),
  ]);
  return readFile(await download.path());
}
const downloadTxt = async () => (await exportFile('#export-txt')).toString('utf8');

test('pasting the sample shows what was recognised and opens it as a new report', async () => {
  await page.locator('#open-import').click();
  await heading().filter({ hasText: '导入已有报告' }).waitFor();
  await page.locator('#import-paste').fill(rawSample);
  await page.locator('#import-recognise').click();
  const summary = page.locator('.import-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /主要工作情况：4 条/);
  assert.match(await summary.textContent(), /存在问题及原因：4 条/);
  assert.match(await summary.textContent(), /下步打算：3 条/);
  await page.locator('#import-new').click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
  assert.equal(await page.locator('#f-info-year').inputValue(), '202X');
  assert.equal(await downloadTxt(), sampleText);
});

test('a GBK .txt from Chinese Windows opens through the file picker', async () => {
  await page.locator('#open-import').click();
  await page.locator('#import-file').setInputFiles(path.join(fixtures, 'import', 'gbk.txt'));
  await page.locator('.import-summary').waitFor();
  assert.match(await page.locator('.import-summary').textContent(), /主要工作情况：\d+ 条/);
});

test('a .docx numbered with Word\'s automatic numbering keeps its items apart', async () => {
  await page.locator('#open-import').click();
  await page.locator('#import-file').setInputFiles(path.join(fixtures, 'import', 'auto-numbered.docx'));
  const summary = page.locator('.import-summary');
  await summary.filter({ hasText: '主要工作情况：3 条' }).waitFor();
  assert.match(await summary.textContent(), /存在问题及原因：2 条.*下步打算：2 条/s);
});

test('our own .docx reopens as the exact draft, via drag and drop', async () => {
  // Export the sample draft opened above as Word, then drop that file on the page.
  const bytes = await exportFile('#export-docx');
  const dataTransfer = await page.evaluateHandle((b64) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bin], '报告.docx'));
    return dt;
  }, bytes.toString('base64'));
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
  await heading().filter({ hasText: '导入已有报告' }).waitFor();
  const summary = page.locator('.import-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /完全一致/);
  await page.locator('#import-new').click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
  assert.equal(await downloadTxt(), sampleText);
});

test('a PDF is refused with a specific message and the draft stays as it was', async () => {
  const before = await page.locator('.preview').textContent();
  await page.locator('#open-import').click();
  await page.locator('#import-file').setInputFiles({
    name: '报告.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj << >> endobj\n'),
  });
  const error = page.locator('.import-error');
  await error.waitFor();
  assert.match(await error.textContent(), /PDF/);
  assert.match(await error.textContent(), /当前草稿没有任何改动/);
  assert.equal(await page.locator('.preview').textContent(), before);
});

// A report written without headings or numbering (its own sentences, the structure of many
// published ones): parts found by cue words, one point per paragraph.
const NO_HEADINGS = [
  '关于2025年度抓基层党建工作的述职报告',
  '按照要求，现将本人一年来抓基层党建工作的情况报告如下。',
  '在思想引领上，坚持每月一次集中学习，全年开展专题研讨六次，支部成员都作了交流发言。',
  '在组织建设上，按期完成支部换届，规范“三会一课”记录，党员档案逐一核对补齐。',
  '在服务群众上，组织党员到社区报到，认领服务岗位二十个，帮助解决实际困难十余件。',
  '但也存在一些不足：对党员的日常教育还不够经常，个别党员发挥作用不够明显。',
  '究其原因，主要是自己对党建工作的研究还不深，抓落实的办法还不多。',
  '下一步，我将把学习教育抓在经常，健全党员联系群众的长效机制。',
].join('\n');

const row = (text) => page.locator('.review-row', { hasText: text });

/**
 * Chooses `label` for the paragraph holding `text` and waits until the rebuilt review shows it.
 * The list offers every part once the pointer (`via: 'pointer'`) or the focus (`'keyboard'`)
 * comes to the row, as a user's would before the list can open; before that, only the part given.
 */
async function reassign(text, label, via = 'pointer') {
  const select = row(text).locator('select');
  assert.equal(await select.locator('option').count(), 1, 'only the given part before the row is reached');
  if (via === 'pointer') await row(text).hover();
  else await select.focus();
  await select.locator('option', { hasText: label }).first().waitFor({ state: 'attached' });
  await select.selectOption({ label });
  await page.waitForFunction(
    ([t, l]) => [...document.querySelectorAll('.review-row')].some((r) => r.textContent.includes(t) && !r.querySelector('select').disabled && r.querySelector('select').selectedOptions[0]?.textContent === l),
    [text, label],
  );
}

test('a report without headings: two paragraphs moved in the review land where the user put them', async () => {
  await page.locator('#open-import').click();
  await heading().filter({ hasText: '导入已有报告' }).waitFor();
  await page.locator('#import-paste').fill(NO_HEADINGS);
  await page.locator('#import-recognise').click();
  await page.locator('.import-review').waitFor();
  assert.equal(await row('在组织建设上').locator('select').evaluate((s) => s.selectedOptions[0].textContent), '工作 2', 'one point per paragraph');
  assert.equal(await row('究其原因').locator('select').evaluate((s) => s.selectedOptions[0].textContent), '原因 1');

  await noSeriousViolations('the review list');
  // The user disagrees twice: the service paragraph is a plan, the intro sentence is not wanted.
  await reassign('在服务群众上', '打算 2');
  await reassign('按照要求', '不要', 'keyboard');
  const preview = await page.locator('#import-preview').textContent();
  assert.ok(preview.indexOf('在服务群众上') > preview.indexOf('下步打算'), 'the preview shows it under 下步打算');
  assert.ok(!preview.includes('按照要求'), 'the dropped paragraph is gone from the preview');

  await page.locator('#import-new').click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
  await page.locator('.step-link').filter({ hasText: '下步打算' }).click();
  await heading().filter({ hasText: '下步打算' }).waitFor();
  const fields = await page.locator('main textarea').evaluateAll((all) => all.map((t) => t.value).join('\n'));
  assert.match(fields, /在服务群众上/);
  const shown = await page.locator('.preview').textContent();
  assert.ok(shown.indexOf('在服务群众上') > shown.indexOf('下步打算'));
  assert.ok(!shown.includes('按照要求'));
  await page.locator('.step-link').filter({ hasText: '主要工作' }).first().click();
  await heading().filter({ hasText: '主要工作' }).waitFor();
  const work = await page.locator('main textarea').evaluateAll((all) => all.map((t) => t.value).join('\n'));
  assert.doesNotMatch(work, /在服务群众上/);
});

test('未归类内容 on 检查与导出: “放到…” moves a paragraph without cutting and pasting', async () => {
  await page.locator('#open-import').click();
  await heading().filter({ hasText: '导入已有报告' }).waitFor();
  await page.locator('#import-paste').fill(NO_HEADINGS);
  await page.locator('#import-recognise').click();
  await page.locator('.import-review').waitFor();
  await reassign('在组织建设上', '未归类');
  await reassign('在服务群众上', '未归类', 'keyboard');
  await page.locator('#import-new').click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
  await page.locator('.step-link').filter({ hasText: '检查与导出' }).click();
  await heading().filter({ hasText: '检查与导出' }).waitFor();
  // By the paragraph's own text: the choices name items by their text too.
  const leftoverRow = (text) => page.locator('.leftover-list .review-row').filter({ has: page.locator('.review-text', { hasText: text }) });
  const leftover = leftoverRow('在组织建设上');
  await leftover.waitFor();
  await noSeriousViolations('放到… on 检查与导出');
  await leftover.locator('select').selectOption({ label: '主要工作：新的一条' });
  await leftover.waitFor({ state: 'detached' });
  // The other one joins the end of the first work item (the text the importer cut off it).
  const serving = leftoverRow('在服务群众上').locator('select');
  const intoFirst = await serving.locator('option', { hasText: /^主要工作：(1\.|第1条).*（接在后面）$/ }).getAttribute('value');
  await serving.selectOption(intoFirst);
  await page.locator('.leftover-list').waitFor({ state: 'detached' });
  const shown = await page.locator('.preview').textContent();
  const at = shown.indexOf('在组织建设上');
  assert.ok(at > shown.indexOf('主要工作') && at < shown.indexOf('存在问题'), 'placed in 主要工作情况');
  const joined = shown.indexOf('在服务群众上');
  assert.ok(joined > shown.indexOf('在思想引领上') && joined < at, 'after the first item, before the new one');
  assert.ok(!shown.includes('未归类内容'), 'nothing left unplaced');
});

test('a plan whose title stood on its own line: no blank first line, and one click joins it to its text', async () => {
  const text = ['一、主要工作情况', '1.抓学习。全年集中学习十二次。', '2.抓队伍。发展党员两名。', '二、存在问题及原因', '1.学习不深。原因是重视不够。',
    '三、下步打算', '1.实施“党建＋学习”，打牢思想根基', '坚持每月集中学习一次，做到学有所得。'].join('\n');
  await page.locator('#open-import').click();
  await heading().filter({ hasText: '导入已有报告' }).waitFor();
  await page.locator('#import-paste').fill(text);
  await page.locator('#import-recognise').click();
  await page.locator('.import-summary').waitFor();
  await page.locator('#import-new').click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
  await page.locator('.step-link').filter({ hasText: '下步打算' }).click();
  await heading().filter({ hasText: '下步打算' }).waitFor();
  // A text box's text is its value, not its content: find it by value, then by its id.
  const bodyId = await page.locator('textarea').evaluateAll((all) => all.find((t) => t.value.includes('坚持每月集中学习'))?.id);
  assert.ok(bodyId, 'the plan\'s text box');
  const body = page.locator(`[id="${bodyId}"]`);
  assert.equal(await body.inputValue(), '坚持每月集中学习一次，做到学有所得。', 'no blank first line');
  const own = page.locator('.title-own-line input');
  assert.equal(await own.isChecked(), true);
  await noSeriousViolations('the 小标题单独成段 switch');
  const previewParagraph = (t) => page.locator('.preview p', { hasText: t });
  assert.doesNotMatch(await previewParagraph('坚持每月').textContent(), /打牢思想根基/, 'two paragraphs as imported');
  await own.uncheck();
  await page.waitForFunction(() => [...document.querySelectorAll('.preview p')].some((p) => p.textContent.includes('打牢思想根基') && p.textContent.includes('坚持每月')));
  assert.equal(await body.inputValue(), '坚持每月集中学习一次，做到学有所得。');
  // Typing keeps the choice: the text box and the draft stay one paragraph.
  await body.press('End');
  await body.pressSequentially('并交流心得。');
  await page.waitForFunction(() => [...document.querySelectorAll('.preview p')].some((p) => p.textContent.includes('打牢思想根基') && p.textContent.includes('交流心得')));
});

test('nothing went wrong on the way', () => {
  assert.deepEqual(trouble.all(), []);
});
