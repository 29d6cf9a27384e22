// The bugs of issue 17.9 a user meets in the first hour: after 复制 in 我的报告 a reload reopens the
// report being edited; reopening the app returns to the step last used; Ctrl+Z takes back a phrase
// chip like typing; 数据速填 inserted twice stays one sentence and a changed number updates it; the
// read-only banner of a second tab says what is true instead of “未保存”.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, watch, screenshot } from './support.mjs';

let server;
let browser;
const troubles = [];

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The browser's own favicon fetch cut short by a reload is not the app's doing. */
const problems = () => troubles.flatMap((t) => t.all()).filter((t) => !/icon-[^/]*\.svg \(net::ERR_ABORTED\)/.test(t));

async function open(context, hash = '') {
  const page = await context.newPage();
  const trouble = watch(page, server.origin);
  await trouble.ready;
  troubles.push(trouble);
  await page.goto(server.url + hash);
  await page.locator('#step-heading').waitFor();
  return page;
}

const saved = (page) => page.locator('.save-status', { hasText: '已保存' }).waitFor();

test('after 复制 in 我的报告, a reload reopens the report being edited, not the copy', async () => {
  const context = await browser.newContext();
  const page = await open(context, '#/intro');
  await page.locator('#f-intro').fill('正在写的这一份。');
  await saved(page);
  await page.locator('#open-drafts').click();
  await page.locator('.draft-row').first().getByRole('button', { name: '复制' }).click();
  await page.getByText('已复制为一份新报告。').waitFor();
  assert.equal(await page.locator('.draft-row').count(), 2);
  await page.reload();
  await page.locator('#step-heading', { hasText: '我的报告' }).waitFor();
  assert.doesNotMatch(await page.locator('.draft-row.current .draft-name').innerText(), /副本/);
  await page.locator('.step-link', { hasText: '导语' }).click();
  assert.equal(await page.locator('#f-intro').inputValue(), '正在写的这一份。');
  await context.close();
});

test('reopening the app (no step in the address) returns to the step last used', async () => {
  const context = await browser.newContext();
  const first = await open(context, '#/s/plans');
  await first.locator('.item-list > li').first().locator('textarea').nth(1).fill('要继续立足岗位。');
  await saved(first);
  await first.close();
  const again = await open(context);
  await again.locator('#step-heading', { hasText: '下步打算' }).waitFor();
  assert.match(again.url(), /#\/s\/plans$/);
  await again.close();
  // A brand-new visit still starts at 基本信息.
  const other = await browser.newContext();
  const fresh = await open(other);
  assert.equal((await fresh.locator('#step-heading').textContent()).trim(), '基本信息');
  await other.close();
  await context.close();
});

test('Ctrl+Z takes back a phrase chip’s insertion, like typing', async () => {
  const context = await browser.newContext();
  const page = await open(context, '#/intro');
  const intro = page.locator('#f-intro');
  await intro.click();
  await page.keyboard.type('一年来，');
  await page.getByRole('button', { name: '在学校党委的正确领导下，' }).click();
  assert.equal(await intro.inputValue(), '一年来，在学校党委的正确领导下，');
  await page.keyboard.type('我');
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => document.querySelector('#f-intro').value === '一年来，');
  await page.locator('.preview').getByText('一年来，', { exact: true }).waitFor();
  await page.keyboard.press('Control+Shift+Z');
  await page.waitForFunction(() => document.querySelector('#f-intro').value === '一年来，在学校党委的正确领导下，');
  await context.close();
});

test('数据速填: inserting twice keeps one sentence; a changed number updates it', async () => {
  const context = await browser.newContext();
  const page = await open(context, '#/s/work');
  const card = page.locator('.item-list > li').first();
  const body = card.locator('textarea').nth(1);
  await body.fill('一是提高政治站位。');
  const facts = card.locator('input[type=number]');
  for (const [i, n] of ['19', '2', '2', '8'].entries()) await facts.nth(i).fill(n);
  await card.getByRole('button', { name: '把数据写成一句话插入正文' }).click();
  const sentence = '全年共开展集体政治理论学习19次，上党课2次，听专题讲座2次，开展主题党日活动8次。';
  assert.equal(await body.inputValue(), `一是提高政治站位。${sentence}`);
  const present = card.getByRole('button', { name: '正文中已有这句话' });
  assert.ok(await present.isDisabled(), 'a second insertion has nothing to add');
  await body.press('End');
  await page.keyboard.type('二是落实责任。');
  await facts.nth(0).fill('20');
  await card.getByRole('button', { name: '更新正文中的数据' }).click();
  assert.equal(await body.inputValue(), `一是提高政治站位。${sentence.replace('19次', '20次')}二是落实责任。`);
  await screenshot(page, 'facts-updated');
  await context.close();
});

test('a second tab on the same report says it is read-only and kept, not “未保存”', async () => {
  const context = await browser.newContext();
  const a = await open(context, '#/intro');
  await a.locator('#f-intro').fill('A 写的。');
  await saved(a);
  const b = await open(context, '#/intro');
  await a.locator('#f-intro').pressSequentially('又写了。');
  await b.locator('#alert-conflict').waitFor();
  const status = await b.locator('.save-status').innerText();
  assert.doesNotMatch(status, /未保存/);
  assert.match(status, /只读/);
  assert.match(status, /另一个标签页/);
  assert.doesNotMatch(await b.locator('.save-status').getAttribute('class'), /bad/);
  await screenshot(b, 'two-tabs-status');
  await context.close();
});

test('nothing went wrong on the way', () => {
  assert.deepEqual(problems(), []);
});
