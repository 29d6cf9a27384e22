// The report people hand in (issue 17.1, 17.2, 17.5), driven as a user would: a name line under
// the title and a date line at the end in the preview and in every export, the title made one's
// own and reset; a cause pasted with its lead-in printed once, with the check's one-click fix; and
// 复制全文 putting the official look on the clipboard as HTML beside the plain text — also where the
// browser has no ClipboardItem.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { startApp, screenshot, watch } from './support.mjs';

let app;
let page;
let server;
let context;

before(async () => {
  app = await startApp();
  ({ page, server, context } = app);
});

after(() => app?.close());

const preview = () => page.locator('.preview');
const go = async (hash, heading) => {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.locator('#step-heading', { hasText: heading }).waitFor();
};

/** The files of a zip (a .docx), by name. */
function unzip(bytes) {
  const files = {};
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = bytes.readUInt32LE(end + 16);
  for (let n = bytes.readUInt16LE(end + 10); n > 0; n--) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = bytes.readUInt32LE(at + 42);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    files[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    at += 46 + skip;
  }
  return files;
}

/** Downloads one export from 检查与导出 (confirming once while errors remain). */
async function download(id) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await page.locator(`#${id}`).click();
      const anyway = page.getByRole('button', { name: '仍然导出' });
      if (await anyway.isVisible()) await anyway.click();
    })(),
  ]);
  return readFile(await file.path());
}

const TITLE = '2025年度机关第一党支部抓基层党建工作述职报告';
const OWN_TITLE = '关于2025年度抓基层党建工作情况的述职报告';
const BYLINE = '机关第一党支部书记\u3000张三';

test('17.1 a name line under the title, a date line at the end, and a title of one’s own', async () => {
  for (const [id, value] of [['year', '2025'], ['org', '机关第一党支部'], ['position', '党支部书记'], ['name', '张三']]) {
    await page.locator(`#f-info-${id}`).fill(value);
  }
  assert.equal(await preview().locator('.doc-byline').count(), 0, 'nothing is signed unless asked');
  await page.locator('#f-byline').check();
  const byline = preview().locator('.doc-byline');
  await byline.waitFor();
  assert.equal(await byline.textContent(), BYLINE);
  const look = await byline.evaluate((e) => ({ align: getComputedStyle(e).textAlign, font: getComputedStyle(e).fontFamily }));
  assert.equal(look.align, 'center');
  assert.match(look.font, /楷体/);
  // It sits right under the title: the title's blank line moves below the name line.
  const [titleBox, bylineBox] = [await preview().locator('.doc-title').boundingBox(), await byline.boundingBox()];
  assert.ok(bylineBox.y - (titleBox.y + titleBox.height) < 2, `${JSON.stringify({ titleBox, bylineBox })}`);

  await page.locator('#date-today').click();
  const now = new Date();
  assert.equal(await page.locator('#f-date').inputValue(), `${now.getFullYear()}年${now.getMonth() + 1}月${now.getDate()}日`);
  await page.locator('#f-date').fill('2026年1月10日');
  const date = preview().locator('.doc-date', { hasText: '2026年1月10日' });
  await date.waitFor();
  assert.equal(await date.evaluate((e) => getComputedStyle(e).textAlign), 'right');

  const title = page.locator('#f-title');
  assert.equal(await title.inputValue(), TITLE, 'the template’s title to start from');
  await title.fill(OWN_TITLE);
  await preview().locator('.doc-title', { hasText: OWN_TITLE }).waitFor();
  await page.locator('#f-info-org').fill('机关第二党支部');
  await page.locator('#f-info-org').fill('机关第一党支部');
  assert.equal(await preview().locator('.doc-title').textContent(), OWN_TITLE, 'kept when the basic information changes');
  await screenshot(page, 'signing-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#f-title').scrollIntoViewIfNeeded();
  await screenshot(page, 'signing-390');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Every export prints them, the Word file in its own styles.
  await go('#/check', '检查与导出');
  const lines = (await download('export-txt')).toString('utf8').trimEnd().split('\n');
  assert.deepEqual([lines[0], lines[1], lines.at(-1)], [OWN_TITLE, BYLINE, '2026年1月10日']);
  const markdown = (await download('export-md')).toString('utf8');
  assert.ok(markdown.startsWith(`# ${OWN_TITLE}\n\n${BYLINE}\n\n`) && markdown.trimEnd().endsWith('2026年1月10日'), markdown);
  const html = (await download('export-html')).toString('utf8');
  assert.ok(html.includes(`<p class="doc-byline" data-anchor="pv-byline">${BYLINE}</p>`) && html.includes('<p class="doc-date"'), html);
  const xml = unzip(await download('export-docx'))['word/document.xml'];
  assert.match(xml, new RegExp(`<w:pStyle w:val="Byline"/></w:pPr>.*${BYLINE}`));
  assert.match(xml, /<w:pStyle w:val="DateLine"\/><\/w:pPr>.*2026年1月10日.*<w:sectPr>/);

  // The title can be reset to the template's.
  await go('#/info', '基本信息');
  await page.locator('#title-reset').click();
  await preview().locator('.doc-title', { hasText: TITLE }).waitFor();
  assert.equal(await page.locator('#title-reset').count(), 0);
});

test('17.2 a cause pasted with its lead-in prints it once, and the check deletes it in one click', async () => {
  await go('#/s/problems', '存在问题及原因');
  const card = page.locator('.item-list > li').first();
  await card.locator('textarea').nth(0).fill('党建工作常态化需要加强');
  await card.locator('textarea').nth(1).fill('支部活动有时流于形式。');
  const cause = card.locator('textarea').nth(2);
  await cause.fill('以上问题的原因主要是：对党建工作的重要性认识不足。');
  await preview().getByText('流于形式。以上问题的原因主要是：对党建工作的重要性认识不足。').waitFor();
  assert.equal((await preview().textContent()).split('以上问题的原因主要是：').length - 1, 1, 'printed once');
  // The step itself says so, with the same fix as the check.
  const panel = page.locator('#step-problems');
  await panel.locator('summary', { hasText: '建议修改' }).click();
  await panel.getByText('这里只写原因本身即可').waitFor();
  await go('#/check', '检查与导出');
  const row = page.locator('.diag li').filter({ hasText: '原因以“以上问题的原因主要是：”开头' });
  await row.getByRole('button', { name: '删去“以上问题的原因主要是：”' }).click();
  await row.waitFor({ state: 'detached' });
  await go('#/s/problems', '存在问题及原因');
  assert.equal(await page.locator('.item-list > li').first().locator('textarea').nth(2).inputValue(), '对党建工作的重要性认识不足。');
  assert.equal((await preview().textContent()).split('以上问题的原因主要是：').length - 1, 1);
});

test('17.5 复制全文 puts plain text and the official look as HTML on the clipboard', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await go('#/check', '检查与导出');
  await page.locator('#copy-all').click();
  await page.getByText('全文已复制到剪贴板。粘贴到 Word 或 WPS 中').waitFor();
  const before = app.trouble.all().length;
  const got = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const read = async (type) => (await item.getType(type)).text();
    return { types: item.types, text: await read('text/plain'), html: await read('text/html') };
  });
  // Reading HTML back makes Chromium parse it under the page's CSP (our test's doing, not the
  // app's): what that logs is not counted.
  for (const list of Object.values(app.trouble.found)) list.splice(0);
  assert.ok(before === 0, 'copying itself logs nothing');
  assert.ok(got.types.includes('text/plain') && got.types.includes('text/html'), got.types.join());
  assert.ok(got.text.startsWith(`${TITLE}\n${BYLINE}\n`), got.text);
  // Title, name line, headings and paragraphs with the official fonts, sizes and indents.
  assert.match(got.html, new RegExp(`<h1 style="[^"]*font-family:方正小标宋简体[^"]*font-size:22pt[^"]*text-align:center[^"]*">${TITLE}</h1>`));
  assert.match(got.html, new RegExp(`<p style="[^"]*楷体_GB2312[^"]*text-align:center[^"]*">${BYLINE}</p>`));
  assert.match(got.html, /<h2 style="[^"]*font-family:黑体[^"]*">二、存在问题及原因<\/h2>/);
  assert.match(got.html, /<p style="[^"]*font-family:仿宋_GB2312[^"]*text-indent:2em[^"]*"><span>1\.党建工作常态化需要加强。<\/span>/);
  assert.match(got.html, /<p style="[^"]*text-align:right;margin-right:4em[^"]*">2026年1月10日<\/p>/);
});

/** A page at 检查与导出 whose copy event's data is recorded (and `script` run first). */
async function recordingPage(script = () => {}) {
  const other = await app.browser.newContext();
  const tab = await other.newPage();
  await tab.addInitScript(() => {
    window.__copied = {};
    const set = DataTransfer.prototype.setData;
    DataTransfer.prototype.setData = function (type, data) {
      window.__copied[type] = data;
      return set.call(this, type, data);
    };
  });
  await tab.addInitScript(script);
  const trouble = watch(tab, server.origin);
  await trouble.ready;
  await tab.goto(`${server.url}#/check`);
  return { other, tab, trouble };
}

test('17.5 without ClipboardItem or navigator.clipboard (http, older engines) both types still go over', async () => {
  const { other, tab, trouble } = await recordingPage(() => {
    delete window.ClipboardItem;
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
  });
  await tab.locator('#copy-all').click();
  await tab.getByText('全文已复制到剪贴板。粘贴到 Word 或 WPS 中').waitFor();
  const copied = await tab.evaluate(() => window.__copied);
  assert.match(copied['text/plain'], /述职报告/);
  assert.match(copied['text/html'], /<h1 style="[^"]*方正小标宋简体/);
  assert.deepEqual(trouble.all(), []);
  await other.close();
});

test('17.5 where the browser refuses the copy command, the text alone goes over and the message says so', async () => {
  const { other, tab, trouble } = await recordingPage(() => {
    Document.prototype.execCommand = () => false;
  });
  await other.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await tab.locator('#copy-all').click();
  await tab.getByText('全文已复制到剪贴板（纯文本，不带格式）。').waitFor();
  assert.match(await tab.evaluate(() => navigator.clipboard.readText()), /述职报告/);
  assert.deepEqual(trouble.all(), []);
  await other.close();
});

test('nothing went wrong on the way', () => {
  assert.deepEqual(app.trouble.all(), []);
});
