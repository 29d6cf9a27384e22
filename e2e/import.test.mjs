// 导入已有报告 in the app: paste the sample, open a GBK .txt and a .docx through the file picker,
// drop a file on the page, refuse a bad file without touching the current draft.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startApp, repoRoot } from './support.mjs';

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

test('nothing went wrong on the way', () => {
  assert.deepEqual(trouble.all(), []);
});
