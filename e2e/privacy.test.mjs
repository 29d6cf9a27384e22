// Privacy, on the release build: the 隐私说明 dialog says what is stored, where, and that nothing
// is sent anywhere (keyboard-usable, no serious axe violations); and a whole session — typing,
// every export, the dialog, offline readiness — makes no request to any other origin, keeps no
// report text outside this origin's storage, and violates the CSP nowhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { suiteServerAndBrowser, watch, screenshot, waitUntilOffline } from './support.mjs';

const require = createRequire(import.meta.url);
const suite = suiteServerAndBrowser();

async function openApp() {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  // Every request of the context, the service worker's included.
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  const trouble = watch(page, suite.server.origin);
  await trouble.ready;
  await page.goto(suite.server.url + '#/info');
  await page.locator('#step-heading').waitFor();
  return { context, page, trouble, requests };
}

test('隐私说明: what is stored, where, that nothing is sent; a modal dialog for keyboard users', async () => {
  const { context, page, trouble } = await openApp();
  const button = page.locator('#open-privacy');
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '隐私说明' });
  await dialog.waitFor();
  const text = await dialog.textContent();
  for (const needle of ['不上传任何内容', '没有接收报告的服务器', 'localStorage', '这台电脑', '离线使用', 'config.json', '清除本机数据']) {
    assert.ok(text.includes(needle), needle);
  }
  assert.equal(await page.evaluate(() => document.activeElement.closest('dialog')?.id), 'privacy-dialog', 'focus moved into the dialog');
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const results = await page.evaluate(() => window.axe.run('#privacy-dialog', { resultTypes: ['violations'] }));
  const serious = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help}`), []);
  await screenshot(page, 'privacy-dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'open-privacy', 'focus back on the button');
  assert.deepEqual(trouble.all(), []);
  await context.close();
});

test('a whole session sends nothing anywhere: only this origin, no report text in any request', async () => {
  const { context, page, trouble, requests } = await openApp();
  const secret = '绝密测试支部';
  await page.locator('#f-info-org').fill(secret);
  await page.locator('#f-info-year').fill('2025');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  await page.evaluate((h) => { location.hash = h; }, '#/check');
  await page.locator('#step-heading', { hasText: '检查与导出' }).waitFor();
  for (const label of ['下载 Word', '下载纯文本 .txt', '下载 Markdown .md', '下载网页 .html']) {
    const button = page.getByRole('button', { name: label });
    const downloaded = page.waitForEvent('download');
    await button.click();
    const confirm = page.getByRole('button', { name: '仍然导出' });
    if (await confirm.isVisible()) await confirm.click();
    await downloaded;
  }
  await page.locator('#open-privacy').click();
  await page.locator('#close-privacy').click();
  await waitUntilOffline(page);
  const foreign = requests.filter((url) => !url.startsWith(suite.server.origin) && !/^(data|blob):/.test(url));
  assert.deepEqual(foreign, []);
  assert.ok(requests.length > 10, 'requests were seen, the service worker’s included');
  // Nothing typed travels in a URL (requests carry no bodies here: every one is a GET).
  assert.deepEqual(requests.filter((url) => decodeURIComponent(url).includes(secret)), []);
  assert.deepEqual(suite.server.requests.filter((r) => r.method !== 'GET'), []);
  assert.deepEqual(trouble.all(), []);
  await context.close();
});

/** localStorage of the app, key → value. */
const appStorage = (page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('shuzhi.')).sort().map((k) => [k, localStorage.getItem(k)])));

async function unlockWith(page, passphrase) {
  await page.locator('#unlock-passphrase').fill(passphrase);
  await page.locator('#unlock-submit').click();
}

test('passphrase lock: warned plainly, encrypted at rest, wrong passphrase changes nothing, round trip', async () => {
  const { context, page, trouble } = await openApp();
  const secret = '口令测试党支部';
  await page.locator('#f-info-org').fill(secret);
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();

  // Turning it on: the warning comes first, and must be acknowledged.
  await page.locator('#open-privacy').click();
  await page.locator('#lock-start').click();
  const warning = await page.locator('#lock-warning').textContent();
  assert.match(warning, /忘记口令，这台电脑上的报告就永远无法打开，任何人都无法找回/);
  await page.locator('#lock-passphrase').fill('短');
  await page.locator('#lock-passphrase-again').fill('短');
  await page.locator('#lock-on').click();
  await page.locator('#lock-message', { hasText: '至少要 8 个字符' }).waitFor();
  const passphrase = '支部书记的长口令2025';
  await page.locator('#lock-passphrase').fill(passphrase);
  await page.locator('#lock-passphrase-again').fill(passphrase);
  await page.locator('#lock-on').click();
  await page.locator('#lock-message', { hasText: '请先勾选' }).waitFor();
  await page.locator('#lock-understood').check();
  await screenshot(page, 'lock-enable');
  await Promise.all([page.waitForEvent('load'), page.locator('#lock-on').click()]);

  // At rest: every value encrypted, nothing readable, 600,000 PBKDF2 rounds.
  await page.locator('#unlock-passphrase').waitFor();
  const locked = await appStorage(page);
  const record = JSON.parse(locked['shuzhi.lock']);
  assert.equal(record.iterations, 600000);
  assert.equal(record.scheme, 'PBKDF2-SHA-256/AES-256-GCM');
  const values = Object.entries(locked).filter(([k]) => k !== 'shuzhi.lock');
  assert.ok(values.length >= 2, 'the draft and its index');
  for (const [key, value] of values) assert.match(value, /^shuzhi-enc:1:[A-Za-z0-9+/=]+$/, key);
  assert.ok(!JSON.stringify(locked).includes(secret));
  await screenshot(page, 'lock-unlock-page');

  // A wrong passphrase: a clear message, storage untouched, the app stays locked.
  await unlockWith(page, '不是这个口令的口令');
  await page.locator('#unlock-message', { hasText: '口令不对，没有解锁' }).waitFor();
  assert.deepEqual(await appStorage(page), locked);
  assert.equal(await page.locator('#step-heading').count(), 0);

  // The right one opens the report; what is typed next is stored encrypted too.
  await unlockWith(page, passphrase);
  await page.locator('#step-heading').waitFor();
  assert.equal(await page.locator('#f-info-org').inputValue(), secret);
  await page.locator('#f-info-name').fill('李四');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  await page.locator('#open-privacy').click();
  assert.match(await page.locator('#lock-state').textContent(), /口令锁已开启/);
  await Promise.all([page.waitForEvent('load'), page.locator('#lock-now').click()]);
  await page.locator('#unlock-passphrase').waitFor();
  const again = await appStorage(page);
  assert.ok(!JSON.stringify(again).includes('李四'));
  for (const [key, value] of Object.entries(again).filter(([k]) => k !== 'shuzhi.lock')) assert.match(value, /^shuzhi-enc:1:/, key);
  await unlockWith(page, passphrase);
  await page.locator('#step-heading').waitFor();
  assert.equal(await page.locator('#f-info-name').inputValue(), '李四');

  // Turning it off writes plain text back; the app opens without asking.
  await page.locator('#open-privacy').click();
  await Promise.all([page.waitForEvent('load'), page.locator('#lock-off').click()]);
  await page.locator('#step-heading').waitFor();
  const plain = await appStorage(page);
  assert.equal(plain['shuzhi.lock'], undefined);
  assert.ok(JSON.stringify(plain).includes(secret) && JSON.stringify(plain).includes('李四'));
  assert.equal(await page.locator('#f-info-org').inputValue(), secret);
  assert.deepEqual(trouble.all(), []);
  await context.close();
});

test('a forgotten passphrase: said to be unrecoverable; 清除 starts afresh, nothing else does', async () => {
  const { context, page, trouble } = await openApp();
  await page.locator('#f-info-org').fill('会被清除的支部');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  await page.locator('#open-privacy').click();
  await page.locator('#lock-start').click();
  await page.locator('#lock-passphrase').fill('一个会被忘记的口令');
  await page.locator('#lock-passphrase-again').fill('一个会被忘记的口令');
  await page.locator('#lock-understood').check();
  await Promise.all([page.waitForEvent('load'), page.locator('#lock-on').click()]);
  await page.locator('#unlock-passphrase').waitFor();
  const locked = await appStorage(page);
  await page.locator('.unlock-forgot summary').click();
  assert.match(await page.locator('.unlock-forgot').textContent(), /口令无法找回/);
  await page.locator('#unlock-wipe').click();
  await page.locator('#unlock-message', { hasText: '请先在框中输入“清除”' }).waitFor();
  assert.deepEqual(await appStorage(page), locked, 'nothing removed without the word');
  await page.locator('#unlock-wipe-confirm').fill('清除');
  await Promise.all([page.waitForEvent('load'), page.locator('#unlock-wipe').click()]);
  await page.locator('#step-heading').waitFor();
  assert.equal(await page.locator('#f-info-org').inputValue(), '');
  assert.deepEqual(await appStorage(page), {});
  assert.deepEqual(trouble.all(), []);
  await context.close();
});
