// Choosing files (issue 17.11): 打开文件 (导入), 导入备份 and 载入模板文件 are the app's own buttons —
// the browser's control hidden, kept for its id — opened by mouse or keyboard at both sizes; the
// import picker offers .doc/.wps, and choosing one says to save it as .docx, in a whole sentence.
// And the import page (issue 17.8): a paste is recognised at once, without looking for the button,
// and the result comes into view with focus on its heading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startApp, repoRoot } from './support.mjs';

const sample = await readFile(path.join(repoRoot, 'tests', 'fixtures', 'sample.txt'), 'utf8');

let app;
let page;
let server;
let context;

before(async () => {
  app = await startApp();
  ({ page, server, context } = app);
});

after(() => app?.close());

const OLD_WORD =
  '没有导入：这是旧版 Word/WPS 文档（.doc/.wps），无法直接读取：请在 Word 或 WPS 中“另存为”.docx 后再导入，或复制文字粘贴。当前草稿没有任何改动。';
/** The first bytes of an OLE compound file, as an old .doc or .wps starts. */
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0]);

async function visit(hash, name) {
  await page.goto(server.url + hash);
  await page.locator('#step-heading', { hasText: name }).waitFor();
}

/** The picker `id` is a styled button opening the hidden input, by click and by keyboard. */
async function checkPicker(id, label) {
  const input = page.locator(`#${id}`);
  const button = page.locator(`#${id}-button`);
  const box = await input.boundingBox();
  assert.ok(box.width <= 1 && box.height <= 1, `#${id} is visually hidden: ${JSON.stringify(box)}`);
  assert.equal(await input.getAttribute('aria-hidden'), 'true', 'the button is what screen readers meet');
  assert.equal(await input.getAttribute('tabindex'), '-1', 'not a second stop for the keyboard');
  assert.equal(await button.getAttribute('type'), 'button');
  assert.match(await button.getAttribute('class'), /\bbtn\b/);
  assert.equal((await button.innerText()).trim(), label);
  const [byMouse] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
  assert.equal(await byMouse.element().getAttribute('id'), id);
  await byMouse.setFiles([]); // closed without a file
  // By keyboard: Enter on the button clicks the hidden input, as the mouse did (Chromium may not
  // open a second chooser right after the first, so the click on the input is what is awaited).
  await page.evaluate((id) => {
    window.pickerClicks = 0;
    document.getElementById(id).addEventListener('click', () => window.pickerClicks++);
  }, id);
  await button.press('Enter');
  await page.waitForFunction(() => window.pickerClicks > 0);
}

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`at ${width} px: 打开文件 offers .doc/.wps and says to save them as .docx`, async () => {
    await page.setViewportSize({ width, height });
    await visit('#/import', '导入已有报告');
    assert.match(await page.locator('#import-file').getAttribute('accept'), /\.docx,\.doc,\.wps/);
    await checkPicker('import-file', '打开文件');
    await page.locator('#import-file').setInputFiles({ name: '去年的报告.doc', mimeType: 'application/msword', buffer: OLE });
    await page.locator('.import-error', { hasText: OLD_WORD }).waitFor();
    await page.locator('#import-file').setInputFiles({ name: '去年的报告.wps', mimeType: 'application/octet-stream', buffer: OLE });
    await page.locator('.import-error', { hasText: OLD_WORD }).waitFor();
    const box = await page.locator('#import-file-button').boundingBox();
    assert.ok(box.height >= 38, `a real button (${box.height} px)`);
  });

  test(`at ${width} px: 导入备份 and 载入模板文件 are the app's buttons`, async () => {
    await page.setViewportSize({ width, height });
    await visit('#/drafts', '我的报告');
    await checkPicker('backup-file', '导入备份');
    await checkPicker('template-file', '载入模板文件');
  });

  test(`at ${width} px: 17.8 a paste is recognised at once; the result comes into view with focus`, async () => {
    await page.setViewportSize({ width, height });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await visit('#/import', '导入已有报告');
    await page.evaluate((text) => navigator.clipboard.writeText(text), sample);
    await page.locator('#import-paste').focus();
    await page.keyboard.press('ControlOrMeta+V'); // the browser's own paste, not a scripted value
    const result = page.locator('#import-summary-heading');
    await result.waitFor(); // no click on 识别
    await page.waitForFunction(() => document.activeElement?.id === 'import-summary-heading');
    const box = await result.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= height, `the result's heading is in view: ${JSON.stringify(box)}`);
    assert.match(await page.locator('.import-summary').textContent(), /主要工作情况：4 条/);
  });
}

test('nothing went wrong on the way', () => {
  assert.deepEqual(app.trouble.all(), []);
});
