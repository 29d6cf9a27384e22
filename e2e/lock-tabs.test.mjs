// The passphrase lock across tabs (issue 18, finding 1), on the release build with two or three
// pages of one browser profile:
// - with the lock on, a second unlocked tab shows what the first one saves (decrypting each
//   `storage` event), takes over, and when the lock goes off both tabs' text is in the draft;
// - a tab opened before the lock was switched on never writes plain text once the lock record
//   exists — neither by typing (in a new report not stored yet) nor by 把本页内容另存为新报告 — and
//   says to reload and unlock; the crash journal (plain text) is gone although those tabs are open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteServerAndBrowser, watch } from './support.mjs';

const suite = suiteServerAndBrowser();
const PASSPHRASE = '两个标签页的长口令2025';

async function openTab(context, hash = '#/intro', ready = '#step-heading') {
  const page = await context.newPage();
  const trouble = watch(page, suite.server.origin);
  await trouble.ready;
  await page.goto(suite.server.url + hash);
  await page.locator(ready).waitFor({ state: 'visible' });
  return { page, trouble };
}

async function turnLockOn(page) {
  await page.locator('#open-privacy').click();
  await page.locator('#lock-start').click();
  await page.locator('#lock-passphrase').fill(PASSPHRASE);
  await page.locator('#lock-passphrase-again').fill(PASSPHRASE);
  await page.locator('#lock-understood').check();
  await Promise.all([page.waitForEvent('load'), page.locator('#lock-on').click()]);
  await page.locator('#unlock-passphrase').waitFor();
}

async function unlock(page) {
  await page.locator('#unlock-passphrase').fill(PASSPHRASE);
  await page.locator('#unlock-submit').click();
  await page.locator('#step-heading').waitFor();
}

async function typeAtEnd(page, text) {
  await page.waitForFunction(() => !document.querySelector('#f-intro')?.matches(':disabled'));
  const field = page.locator('#f-intro');
  await field.focus();
  await page.keyboard.press('End');
  await field.pressSequentially(text);
}

async function shows(page, text) {
  await page.waitForFunction((t) => document.querySelector('#f-intro')?.value === t, text);
}

/** Every app value in localStorage (key → value) but the lock record and writer marks. */
const storedValues = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('shuzhi.') && k !== 'shuzhi.lock' && !k.startsWith('shuzhi.writer.'))
        .map((k) => [k, localStorage.getItem(k)]),
    ),
  );

/** Asserts that nothing in localStorage is plain text: every value encrypted, no typed word. */
async function nothingInPlainText(page, words, when) {
  const values = await storedValues(page);
  assert.ok(Object.keys(values).length > 0, when);
  for (const [key, value] of Object.entries(values)) {
    assert.match(value, /^shuzhi-enc:1:/, `${when}: ${key} is encrypted`);
    for (const word of words) assert.ok(!value.includes(word), `${when}: ${key} holds “${word}”`);
  }
}

test('lock on, two unlocked tabs: the second follows the first (decrypted), takes over, nothing lost', async () => {
  const context = await suite.browser.newContext();
  const a = await openTab(context);
  await a.page.locator('#f-intro').fill('上锁前写的。');
  await a.page.locator('.save-status', { hasText: '已保存' }).waitFor();
  await turnLockOn(a.page);
  await unlock(a.page);

  const b = await openTab(context, '#/intro', '#unlock-passphrase');
  await unlock(b.page);
  await shows(b.page, '上锁前写的。');
  await typeAtEnd(a.page, 'A 上锁后写的。');
  // B shows A's save: the event's ciphertext decrypted, not taken for changes of B's own.
  await shows(b.page, '上锁前写的。A 上锁后写的。');
  const banner = await b.page.locator('#alert-conflict').innerText();
  assert.ok(!banner.includes('没保存的修改'), banner);

  await b.page.locator('#take-over').click();
  await typeAtEnd(b.page, 'B 接着写。');
  await shows(a.page, '上锁前写的。A 上锁后写的。B 接着写。');
  await nothingInPlainText(b.page, ['上锁', '接着写'], 'with the lock on');

  // The lock goes off in B: both tabs' text is in the draft, in plain text again.
  await b.page.locator('#open-privacy').click();
  await Promise.all([b.page.waitForEvent('load'), b.page.locator('#lock-off').click()]);
  await b.page.locator('#step-heading').waitFor();
  assert.equal(await b.page.locator('#f-intro').inputValue(), '上锁前写的。A 上锁后写的。B 接着写。');
  const drafts = Object.entries(await storedValues(b.page)).filter(([k]) => k.startsWith('shuzhi.draft.'));
  assert.deepEqual(drafts.map(([, v]) => JSON.parse(v).draft.intro), ['上锁前写的。A 上锁后写的。B 接着写。']);
  // A learns that the lock changed and stops: reload and unlock.
  await a.page.locator('#alert-conflict', { hasText: '口令锁' }).waitFor();
  assert.ok(await a.page.locator('#f-intro').isDisabled());
  assert.deepEqual(a.trouble.all(), []);
  assert.deepEqual(b.trouble.all(), []);
  await context.close();
});

test('a tab opened before the lock was switched on writes no plain text once the lock exists', async () => {
  const context = await suite.browser.newContext({ acceptDownloads: true });
  // B2 opens first: a new report, not stored until typed in. B1 writes a report of its own.
  const b2 = await openTab(context);
  await b2.page.locator('#f-intro').focus();
  const b1 = await openTab(context);
  await b1.page.locator('#f-intro').fill('锁前的内容。');
  await b1.page.locator('.save-status', { hasText: '已保存' }).waitFor();
  assert.ok(await b2.page.evaluate(() => indexedDB.databases().then((dbs) => dbs.some((d) => d.name === 'shuzhi-journal'))), 'a journal to clear');

  // A third tab switches the lock on.
  const a = await openTab(context);
  await turnLockOn(a.page);
  await b2.page.waitForFunction(() => localStorage.getItem('shuzhi.lock') !== null);

  // B2 types into its new report: nothing reaches storage in plain text.
  await b2.page.keyboard.type('锁后的机密内容');
  await b2.page.locator('.save-status', { hasText: /已保存|未保存/ }).waitFor();
  await nothingInPlainText(a.page, ['锁前的内容', '机密'], 'after typing in the older tab');

  // B1: no way to store its text in plain text either.
  await b1.page.locator('#alert-conflict').waitFor();
  if (await b1.page.locator('#save-as-new').isVisible()) {
    await b1.page.locator('#save-as-new').click();
    await b1.page.locator('.alert-message').waitFor();
  }
  await nothingInPlainText(a.page, ['锁前的内容', '机密'], 'after 另存为新报告');
  assert.match(await b1.page.locator('#alert-conflict').innerText(), /请刷新本页/);

  // The crash journal (plain text) is gone, though the older tabs had it open.
  await a.page.waitForFunction(() => indexedDB.databases().then((dbs) => !dbs.some((d) => d.name === 'shuzhi-journal')));

  // What the banner says works: reload, unlock, the report is there.
  await Promise.all([b1.page.waitForEvent('load'), b1.page.locator('#lock-changed-reload').click()]);
  await b1.page.locator('#unlock-passphrase').waitFor();
  await unlock(b1.page);
  assert.equal(await b1.page.locator('#f-intro').inputValue(), '锁前的内容。');
  for (const tab of [a, b1, b2]) assert.deepEqual(tab.trouble.all(), []);
  await context.close();
});

/** Holds the key derivation of a page that sets `window.__holdDerive` until `window.__releaseDerive()`. */
const HOLD_DERIVE = () => {
  const derive = SubtleCrypto.prototype.deriveKey;
  SubtleCrypto.prototype.deriveKey = async function (...args) {
    if (window.__holdDerive) {
      await new Promise((resolve) => {
        window.__releaseDerive = resolve;
      });
    }
    return derive.apply(this, args);
  };
};

test('a save another tab makes while the lock is being switched on is encrypted, not lost', async () => {
  const context = await suite.browser.newContext();
  await context.addInitScript(HOLD_DERIVE);
  // B writes the report; A, following it, switches the lock on.
  const b = await openTab(context);
  await b.page.locator('#f-intro').fill('B 锁前写的。');
  await b.page.locator('.save-status', { hasText: '已保存' }).waitFor();
  const a = await openTab(context);
  await shows(a.page, 'B 锁前写的。');
  await a.page.evaluate(() => {
    window.__holdDerive = true;
  });
  await a.page.locator('#open-privacy').click();
  await a.page.locator('#lock-start').click();
  await a.page.locator('#lock-passphrase').fill(PASSPHRASE);
  await a.page.locator('#lock-passphrase-again').fill(PASSPHRASE);
  await a.page.locator('#lock-understood').check();
  await a.page.locator('#lock-on').click();
  await a.page.waitForFunction(() => typeof window.__releaseDerive === 'function');

  // The key takes a while (PBKDF2): B saves meanwhile, in plain text (there is no lock yet).
  await typeAtEnd(b.page, '上锁过程中写的。');
  await b.page.waitForFunction(() =>
    Object.keys(localStorage).some((k) => k.startsWith('shuzhi.draft.') && localStorage.getItem(k).includes('上锁过程中写的。')),
  );
  await Promise.all([a.page.waitForEvent('load'), a.page.evaluate(() => window.__releaseDerive())]);
  await a.page.locator('#unlock-passphrase').waitFor();
  await nothingInPlainText(a.page, ['锁前写的', '上锁过程中'], 'once the lock is on');
  await unlock(a.page);
  assert.equal(await a.page.locator('#f-intro').inputValue(), 'B 锁前写的。上锁过程中写的。', 'B’s save during the switch is kept');
  assert.deepEqual(a.trouble.all(), []);
  assert.deepEqual(b.trouble.all(), []);
  await context.close();
});
