// Two tabs on one draft (issue 18, finding 8), on the release build: with Web Locks one tab writes
// and the other follows read-only; 在本页继续编辑 moves the writing, closing the writer hands it to
// the follower, and no sentence either tab accepted is ever lost. Typing never waits for a save
// before switching: the writer's last keystrokes must travel with the lock. Without Web Locks
// (plain-http pages) the older optimistic protocol still loses nothing. Everything waits on page
// states, never on time; run it many times in a row (and under CPU load) to find races:
//
//   for i in $(seq 50); do node --test e2e/tabs.test.mjs || break; done
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteServerAndBrowser, watch } from './support.mjs';

const suite = suiteServerAndBrowser();

/** Hides Web Locks, as a plain-http intranet page (not a secure context) or an older browser has none. */
const WITHOUT_LOCKS = () => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });

/** Records whether the other-tab banner ever showed (a flash would be missed by a single look). */
const RECORD_CONFLICT_BANNER = () => {
  new MutationObserver(() => {
    if (document.querySelector('#alert-conflict')) window.__sawConflict = true;
  }).observe(document, { childList: true, subtree: true });
};

async function openTab(context, hash = '#/intro') {
  const page = await context.newPage();
  const trouble = watch(page, suite.server.origin);
  await trouble.ready;
  await page.goto(suite.server.url + hash);
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  return { page, trouble };
}

const intro = (page) => page.locator('#f-intro').inputValue();

/** Waits until the intro field of `page` can be typed in (the step's fieldset not disabled). */
async function writable(page) {
  await page.waitForFunction(() => {
    const field = document.querySelector('#f-intro');
    return field && !field.matches(':disabled');
  });
}

async function readOnly(page) {
  await page.waitForFunction(() => document.querySelector('#f-intro')?.matches(':disabled'));
}

/** Types `text` at the end of the intro, key by key, as a user would. */
async function typeAtEnd(page, text) {
  await writable(page);
  const field = page.locator('#f-intro');
  await field.focus();
  await page.keyboard.press('End');
  await field.pressSequentially(text);
}

/** Waits until the intro field of `page` shows `text`; says what it shows if it never does. */
async function shows(page, text) {
  try {
    await page.waitForFunction((t) => document.querySelector('#f-intro')?.value === t, text);
  } catch (e) {
    const banner = await page.locator('#alert-conflict').allInnerTexts();
    assert.fail(`never showed “${text}”: shows “${await intro(page)}”, banner ${JSON.stringify(banner)} (${e.message.split('\n')[0]})`);
  }
}

/** Waits until the stored draft's intro is `text` (the save status may say 已保存 of an older save). */
async function saved(page, text) {
  await page.waitForFunction(
    (t) => Object.keys(localStorage).some((k) => k.startsWith('shuzhi.draft.') && JSON.parse(localStorage.getItem(k)).draft.intro === t),
    text,
  );
}

const storedIntros = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('shuzhi.draft.'))
      .map((k) => JSON.parse(localStorage.getItem(k)).draft.intro),
  );

test('one writer per draft: typing in both tabs, switching, closing the writer — nothing lost', async () => {
  const context = await suite.browser.newContext();
  const a = await openTab(context);
  let expected = '';
  const say = async (tab, sentence) => {
    await typeAtEnd(tab.page, sentence);
    expected += sentence;
  };
  await say(a, 'A 写的第一句。');
  // Stored before B opens (else B starts a new report of its own).
  await saved(a.page, expected);

  // B opens the same draft: A writes it, so B follows read-only, queued to write next.
  const b = await openTab(context);
  await say(a, 'A 又写了一句。');
  await shows(b.page, expected);
  assert.match(await b.page.locator('#alert-conflict').innerText(), /另一个标签页中编辑/);
  await readOnly(b.page);

  // 在本页继续编辑 in B right after A's last keystroke: B writes on from it.
  await b.page.locator('#take-over').click();
  await writable(b.page);
  assert.equal(await intro(b.page), expected, 'B took over A’s last keystrokes');
  await b.page.locator('#alert-conflict').waitFor({ state: 'detached' });
  await say(b, 'B 接着写。');
  await a.page.locator('#alert-conflict').waitFor();
  await readOnly(a.page);
  await shows(a.page, expected);

  // And back to A, typing at once.
  await a.page.locator('#take-over').click();
  await say(a, 'A 再接着写。');
  await readOnly(b.page);

  // A, the writer, closes right after typing: B writes on by itself.
  await a.page.close();
  await b.page.locator('#alert-conflict').waitFor({ state: 'detached' });
  // Everything A wrote arrives (its last save may come a moment after the lock: B takes it, as
  // it has nothing unsaved of its own).
  await shows(b.page, expected);
  await say(b, 'B 写完了。');
  await saved(b.page, expected);
  assert.deepEqual(await storedIntros(b.page), [expected]);
  await b.page.reload();
  await b.page.locator('#step-heading').waitFor();
  assert.equal(await intro(b.page), expected, 'after a reload');
  assert.deepEqual(a.trouble.all(), []);
  assert.deepEqual(b.trouble.all(), []);
  await context.close();
});

test('reloading the writer tab keeps it the writer, with no other-tab banner even for a moment', async () => {
  const context = await suite.browser.newContext();
  await context.addInitScript(RECORD_CONFLICT_BANNER);
  const { page, trouble } = await openTab(context);
  await typeAtEnd(page, '刷新前写的。');
  await page.reload();
  await page.locator('#step-heading').waitFor();
  await typeAtEnd(page, '刷新后接着写。');
  await saved(page, '刷新前写的。刷新后接着写。');
  assert.equal(await intro(page), '刷新前写的。刷新后接着写。');
  assert.equal(await page.evaluate(() => window.__sawConflict ?? false), false);
  assert.deepEqual(trouble.all(), []);
  await context.close();
});

test('without Web Locks (plain http): the other tab follows read-only and can take over, nothing lost', async () => {
  const context = await suite.browser.newContext();
  await context.addInitScript(WITHOUT_LOCKS);
  const a = await openTab(context);
  await a.page.locator('#f-intro').fill('A 写的第一句。');
  await a.page.locator('.save-status', { hasText: '已保存' }).waitFor();
  const b = await openTab(context);
  assert.equal(await intro(b.page), 'A 写的第一句。');
  assert.equal(await b.page.locator('#alert-conflict').count(), 0, 'both tabs may write until one does');

  await typeAtEnd(a.page, 'A 又写了。');
  await b.page.locator('#alert-conflict').waitFor();
  await shows(b.page, 'A 写的第一句。A 又写了。');
  await readOnly(b.page);

  await b.page.locator('#take-over').click();
  await b.page.locator('#alert-conflict').waitFor({ state: 'detached' });
  await typeAtEnd(b.page, 'B 接着写。');
  await a.page.locator('#alert-conflict').waitFor();
  await shows(a.page, 'A 写的第一句。A 又写了。B 接着写。');
  assert.deepEqual(await storedIntros(b.page), ['A 写的第一句。A 又写了。B 接着写。']);
  assert.deepEqual(a.trouble.all(), []);
  assert.deepEqual(b.trouble.all(), []);
  await context.close();
});
