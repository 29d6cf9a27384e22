// Storage end to end, on the release build in dist/: a full report survives reloads and closing
// the tab; a keystroke right before closing is kept; every storage fault (full, blocked, damaged,
// newer, huge) has a clear message and loses nothing (two tabs: tabs.test.mjs); 我的报告, snapshots, backups and
// 清除本机数据 work with real downloads and file choosers. Faults are injected the way browsers
// produce them: Storage.prototype.setItem throwing QuotaExceededError, the localStorage getter
// throwing SecurityError (sandboxed/third-party frames), bad data written before the app loads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDist, launchBrowser, watch, screenshot, repoRoot } from './support.mjs';

const FIXTURES = path.join(repoRoot, 'tests', 'fixtures', 'storage');
const fixture = (name) => readFile(path.join(FIXTURES, name), 'utf8');
const require = createRequire(import.meta.url);

/**
 * What went wrong on a page, except the browser's own favicon fetch being cut short when a test
 * reloads the page right after loading it (the icon is fetched on the browser's schedule).
 */
const problems = (trouble) => trouble.all().filter((t) => !/icon-[^/]*\.svg \(net::ERR_ABORTED\)/.test(t));

let server;
let browser;
let scratch;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  scratch = await mkdtemp(path.join(tmpdir(), 'shuzhi-e2e-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser profile (its own localStorage), optionally with a script run before the app. */
async function freshContext(initScript) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  if (initScript) await context.addInitScript(initScript);
  return context;
}

/** Opens the app at `hash` in a new page of `context`; returns the page and its trouble log. */
async function openApp(context, hash = '#/info') {
  const page = await context.newPage();
  const trouble = watch(page, server.origin);
  await trouble.ready;
  await page.goto(server.url + hash);
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  return { page, trouble };
}

async function goStep(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.locator('#step-heading').waitFor();
}

/** Every field of the wizard (id → value), step by step. */
async function allFieldValues(page) {
  const values = {};
  const hashes = await stepHashes();
  for (const hash of hashes) {
    await goStep(page, hash);
    await page.locator('#step-heading').waitFor();
    Object.assign(
      values,
      await page.$$eval('.editor [id^="f-"]', (els) =>
        Object.fromEntries(els.filter((e) => 'value' in e).map((e) => [e.id, e.value])),
      ),
    );
  }
  return values;
}

async function stepHashes() {
  // Info, intro, the template's three sections, check.
  return ['#/info', '#/intro', '#/s/work', '#/s/problems', '#/s/plans', '#/check'];
}

async function storedDrafts(page) {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('shuzhi.draft.'))
      .map((k) => JSON.parse(localStorage.getItem(k))),
  );
}

async function appKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('shuzhi.')).sort());
}

const REPORT = {
  info: { year: '2024', org: '机电工程学院第三党支部', name: '张明', position: '支部书记' },
  intro:
    '2024年，在学院党委的正确领导下，我认真履行党建工作第一责任人职责，立足岗位抓党建，抓好党建促工作。现将有关情况报告如下：',
  work: [
    '一是提高政治站位，全年组织集体学习19次，讲党课2次，开展主题党日活动8次；二是落实意识形态工作责任制。',
    '坚持“三会一课”制度，支部委员会12次、党员大会4次，做到党建工作与业务工作同谋划、同部署、同落实。',
    '以“党建＋专业”为抓手，发展党员3名，培养入党积极分子5名，表彰优秀共产党员2名。',
    '针对上年度“重业务、轻党建”问题，通过建立支委分工责任清单，问题得到解决。',
  ],
  problems: [
    { body: '理论学习多停留在读原文、谈体会层面，联系实际不够。', cause: '思想认识不到位，学习思考不足。' },
    { body: '党建工作创新不够，亮点不突出。', cause: '统筹谋划不够，主动作为意识不强。' },
  ],
  plans: ['实施“党建＋教学”，对标争先，守正创新。', '加强支部班子建设，提升组织力。'],
};

/** Types the report with real key events (short fields) and fills (long ones). */
async function typeReport(page) {
  await goStep(page, '#/info');
  for (const [key, value] of Object.entries(REPORT.info)) {
    const input = page.locator(`#f-info-${key}`);
    await input.fill('');
    await input.pressSequentially(value);
  }
  await goStep(page, '#/intro');
  await page.locator('#f-intro').fill(REPORT.intro);
  await page.locator('#f-intro').pressSequentially('（完）');
  for (const [section, texts] of [['work', REPORT.work], ['problems', REPORT.problems], ['plans', REPORT.plans]]) {
    await goStep(page, `#/s/${section}`);
    const bodies = page.locator('.editor textarea[id$="-body"]');
    for (let i = 0; i < texts.length; i++) {
      if ((await bodies.count()) <= i) {
        await page.locator('.editor .add-items button').first().click();
        await page.waitForFunction((n) => document.querySelectorAll('.editor textarea[id$="-body"]').length > n, i);
      }
      const text = texts[i];
      const body = bodies.nth(i);
      if (typeof text === 'string') {
        await body.fill(text);
      } else {
        await body.fill(text.body);
        const id = await body.getAttribute('id');
        await page.locator(`#${id.replace(/-body$/, '-cause')}`).fill(text.cause);
      }
    }
  }
  // One more real keystroke at the end, then let the debounce pass.
  await goStep(page, '#/intro');
  await page.locator('#f-intro').press('End');
  await page.keyboard.type('。');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
}

test('a full report survives a reload and closing and reopening the tab', async () => {
  const context = await freshContext();
  const { page, trouble } = await openApp(context);
  await typeReport(page);
  const typed = await allFieldValues(page);
  assert.equal(typed['f-intro'], `${REPORT.intro}（完）。`);
  assert.equal(typed['f-info-org'], REPORT.info.org);
  const everyText = [
    ...Object.values(REPORT.info),
    ...REPORT.work,
    ...REPORT.problems.flatMap((p) => [p.body, p.cause]),
    ...REPORT.plans,
  ];
  for (const text of everyText) {
    assert.ok(Object.values(typed).includes(text), `typed: ${text}`);
  }

  await page.reload();
  await page.locator('#step-heading').waitFor();
  assert.deepEqual(await allFieldValues(page), typed, 'after reload');

  await page.close();
  const again = await openApp(context, '#/intro');
  assert.deepEqual(await allFieldValues(again.page), typed, 'after closing and reopening');
  // And the stored JSON holds every character.
  const [stored] = await storedDrafts(again.page);
  const json = JSON.stringify(stored);
  for (const text of everyText) assert.ok(json.includes(JSON.stringify(text).slice(1, -1)), text);
  assert.deepEqual(problems(trouble), []);
  assert.deepEqual(problems(again.trouble), []);
  await context.close();
});

test('a keystroke 0–300 ms before the tab closes is there after reopening', async () => {
  const context = await freshContext();
  for (const how of ['close', 'close-with-beforeunload', 'navigate-away']) {
    const { page } = await openApp(context, '#/intro');
    const field = page.locator('#f-intro');
    const before = await field.inputValue();
    const char = { close: '甲', 'close-with-beforeunload': '乙', 'navigate-away': '丙' }[how];
    await field.focus();
    await page.keyboard.press('End');
    const start = Date.now();
    await page.keyboard.type(char);
    if (how === 'close') await page.close();
    else if (how === 'close-with-beforeunload') await page.close({ runBeforeUnload: true });
    else await page.goto('about:blank');
    assert.ok(Date.now() - start < 300, `${how}: closed within 300 ms (${Date.now() - start} ms)`);
    if (how === 'close-with-beforeunload') await page.waitForEvent('close');
    if (how === 'navigate-away') await page.close();
    const { page: reopened } = await openApp(context, '#/intro');
    assert.equal(await reopened.locator('#f-intro').inputValue(), before + char, how);
    await reopened.close();
  }
  await context.close();
});

test('storage full while typing: banner, typing goes on, last copy intact, backup download', async () => {
  const context = await freshContext();
  const { page, trouble } = await openApp(context, '#/intro');
  const field = page.locator('#f-intro');
  await field.fill('存储满之前写的。');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  const saved = await storedDrafts(page);

  await page.evaluate(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException("Failed to execute 'setItem' on 'Storage': Setting the value of 'x' exceeded the quota.", 'QuotaExceededError');
    };
  });
  await field.pressSequentially('满了以后接着写。');
  const banner = page.locator('#alert-save-failed');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('role'), 'alert');
  assert.match(await banner.innerText(), /存储空间已满/);
  assert.match(await banner.innerText(), /上次保存的内容仍然完好/);
  assert.match(await page.locator('.save-status').innerText(), /未保存/);
  assert.equal(await field.inputValue(), '存储满之前写的。满了以后接着写。', 'typing continues');
  assert.deepEqual(await storedDrafts(page), saved, 'the last saved copy is intact');
  await screenshot(page, 'storage-quota');

  // The backup holds what is on screen, saved or not.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#alert-download-backup').click()]);
  assert.match(download.suggestedFilename(), /^述职报告备份-\d{8}-\d{4}\.json$/);
  const file = path.join(scratch, 'quota-backup.json');
  await download.saveAs(file);
  const backup = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(backup.kind, 'shuzhi-backup');
  assert.equal(backup.drafts[0].draft.draft.intro, '存储满之前写的。满了以后接着写。');
  assert.deepEqual(problems(trouble), []);

  // Closing now would lose the unsaved text: the browser asks first.
  const asked = new Promise((resolve) =>
    page.once('dialog', async (dialog) => {
      resolve(dialog.type());
      await dialog.dismiss();
    }),
  );
  await page.close({ runBeforeUnload: true });
  assert.equal(await asked, 'beforeunload');
  assert.equal(await field.inputValue(), '存储满之前写的。满了以后接着写。', 'the tab stays open when the user stays');
  await context.close();
});

test('storage full at start-up: the app still opens', async () => {
  const context = await freshContext(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('exceeded the quota', 'QuotaExceededError');
    };
  });
  const { page, trouble } = await openApp(context, '#/intro');
  await page.locator('#f-intro').fill('照样能写');
  await page.locator('#alert-save-failed').waitFor();
  assert.equal(await page.locator('#f-intro').inputValue(), '照样能写');
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('storage unavailable (the getter throws, as in sandboxed frames): memory-only with a warning', async () => {
  const context = await freshContext(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
      },
    });
  });
  const { page, trouble } = await openApp(context, '#/intro');
  const banner = page.locator('#alert-memory');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('role'), 'alert');
  assert.match(await banner.innerText(), /关闭或刷新页面就会全部丢失/);
  await page.locator('#f-intro').fill('只在内存中的导语');
  await page.waitForTimeout(400); // the debounce: the status must not claim 已保存
  assert.match(await page.locator('.save-status').innerText(), /只在本页内存中/);
  const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: '导出备份' }).click()]);
  const file = path.join(scratch, 'memory-backup.json');
  await download.saveAs(file);
  assert.equal(JSON.parse(await readFile(file, 'utf8')).drafts[0].draft.draft.intro, '只在内存中的导语');
  await screenshot(page, 'storage-memory-only');
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('corrupt or hand-edited saved data: the app opens, the text is kept and downloadable', async () => {
  const truncated = await fixture('draft-truncated.txt');
  const handEdited = await fixture('draft-hand-edited.json');
  const context = await freshContext();
  const { page, trouble } = await openApp(context);
  await page.evaluate(([a, b]) => {
    localStorage.setItem('shuzhi.draft.current', a);
    localStorage.setItem('shuzhi.draft.other', b);
  }, [truncated, handEdited]);
  await page.reload();
  await page.locator('#step-heading').waitFor();
  const banner = page.locator('#alert-damaged');
  await banner.waitFor();
  assert.match(await banner.innerText(), /原样另存为备份/);
  const kept = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('shuzhi.damaged')).map((k) => localStorage.getItem(k)).sort(),
  );
  assert.deepEqual(kept, [truncated, handEdited].sort());
  // Downloadable verbatim.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    banner.getByRole('button', { name: /下载无法读取的数据/ }).first().click(),
  ]);
  const file = path.join(scratch, 'damaged.txt');
  await download.saveAs(file);
  assert.ok([truncated, handEdited].includes(await readFile(file, 'utf8')));
  // Writing on never touches them.
  await goStep(page, '#/intro');
  await page.locator('#f-intro').fill('新报告');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  const after = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('shuzhi.damaged')).map((k) => localStorage.getItem(k)).sort(),
  );
  assert.deepEqual(after, kept);
  // 我的报告 lists them too.
  await page.locator('#open-drafts').click();
  await page.locator('#damaged-data').waitFor();
  assert.equal(await page.locator('#damaged-data li').count(), 2);
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('a download up to 1 MB goes out as a data: URL, a larger one as a Blob; both arrive whole (adapters/download.rs)', async () => {
  const context = await freshContext();
  const { page, trouble } = await openApp(context);
  // Two unreadable drafts (a JSON text cut short), downloaded verbatim from the banner.
  const small = '{"version":1,"intro":"写到一半';
  const large = `{"version":1,"intro":"${'x'.repeat(1_100_000)}`;
  await page.evaluate(([a, b]) => {
    localStorage.setItem('shuzhi.draft.small', a);
    localStorage.setItem('shuzhi.draft.large', b);
  }, [small, large]);
  await page.reload();
  const banner = page.locator('#alert-damaged');
  await banner.waitFor();
  await page.evaluate(() => {
    window.__blobUrls = 0;
    const create = URL.createObjectURL;
    URL.createObjectURL = (blob) => {
      window.__blobUrls += 1;
      return create.call(URL, blob);
    };
  });
  const buttons = banner.getByRole('button', { name: /下载无法读取的数据/ });
  assert.equal(await buttons.count(), 2);
  const got = [];
  for (let i = 0; i < 2; i++) {
    const before = await page.evaluate(() => window.__blobUrls);
    const [download] = await Promise.all([page.waitForEvent('download'), buttons.nth(i).click()]);
    const file = path.join(scratch, `damaged-${i}.txt`);
    await download.saveAs(file);
    got.push({ text: await readFile(file, 'utf8'), blobUrls: (await page.evaluate(() => window.__blobUrls)) - before });
  }
  got.sort((a, b) => a.text.length - b.text.length);
  assert.equal(got[0].text, small);
  assert.equal(got[1].text, large);
  assert.deepEqual(got.map((g) => g.blobUrls), [0, 1], 'a Blob URL for the large file only');
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('a draft saved by a newer version opens read-only and is never written', async () => {
  const newer = await fixture('draft-v2-newer.json');
  const context = await freshContext();
  const { page, trouble } = await openApp(context);
  await page.evaluate((n) => {
    localStorage.setItem('shuzhi.draft.future', n);
    localStorage.setItem('shuzhi.last', 'future');
  }, newer);
  await goStep(page, '#/intro');
  await page.reload();
  await page.locator('#alert-newer').waitFor();
  assert.match(await page.locator('#alert-newer').innerText(), /更新版本.*只能查看/s);
  assert.equal(await page.locator('#f-intro').inputValue(), '未来版本保存的导语。');
  assert.ok(await page.locator('#f-intro').isDisabled(), 'edits blocked');
  await screenshot(page, 'storage-newer-read-only');
  assert.equal(await page.evaluate(() => localStorage.getItem('shuzhi.draft.future')), newer);
  // An editable copy can be made.
  await page.locator('#alert-newer').getByRole('button', { name: '另存为可编辑的副本' }).click();
  await page.locator('#alert-newer').waitFor({ state: 'detached' });
  await goStep(page, '#/intro');
  assert.ok(await page.locator('#f-intro').isEditable());
  await page.locator('#f-intro').fill('副本里改的');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('shuzhi.draft.future')), newer);
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('a 1,000,000-character CJK draft saves and restores exactly', async () => {
  const context = await freshContext();
  const { page, trouble } = await openApp(context, '#/intro');
  const digest = await page.evaluate(() => {
    const pool = [...'述职报告抓基层党建工作情况一是二是三会一课𠀋“”，。、；：\n'];
    let n = 12345;
    let text = '';
    for (let i = 0; i < 1_000_000; i++) {
      n = (n * 1103515245 + 12345) % 2147483648;
      text += pool[n % pool.length];
    }
    const field = document.querySelector('#f-intro');
    field.value = text;
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    window.__big = text;
    return { chars: [...text].length };
  });
  assert.equal(digest.chars, 1_000_000);
  await page.locator('.save-status', { hasText: '已保存' }).waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.save-status').innerText(), /本机已用 \d+(\.\d)? MB/);
  const big = await page.evaluate(() => window.__big);
  await page.close();
  const again = await openApp(context, '#/intro');
  const back = await again.page.locator('#f-intro').inputValue();
  assert.ok(back === big, `restored exactly (${[...back].length} characters)`);
  await again.page.locator('#open-drafts').click();
  assert.match(await again.page.locator('#storage-usage').innerText(), /本机已用 \d+(\.\d)? MB/);
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('我的报告: new, open, duplicate, rename, delete with undo; the last opened reopens', async () => {
  const context = await freshContext();
  const { page, trouble } = await openApp(context, '#/intro');
  await page.locator('#f-intro').fill('第一份报告的导语');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  await page.locator('#open-drafts').click();
  await page.locator('#new-draft').click();
  await page.locator('#step-heading', { hasText: '基本信息' }).waitFor();
  await page.locator('#f-info-org').fill('第二份的支部');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();

  await page.locator('#open-drafts').click();
  const rows = page.locator('.draft-row');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  // The open one is marked; its row comes first (edited last).
  assert.match(await rows.first().innerText(), /第二份的支部/);
  assert.match(await rows.first().innerText(), /正在编辑/);
  assert.match(await rows.first().innerText(), /抓基层党建工作述职报告 · 最后修改/);

  // Rename the first report.
  const first = rows.nth(1);
  await first.getByRole('button', { name: '重命名' }).click();
  const nameInput = page.locator('.rename-form input');
  await nameInput.fill('去年的参考');
  await page.keyboard.press('Enter');
  await page.locator('.draft-name', { hasText: '去年的参考' }).waitFor();

  // Duplicate it.
  await page.locator('.draft-row', { hasText: '去年的参考' }).getByRole('button', { name: '复制' }).click();
  await page.locator('.draft-name', { hasText: '去年的参考（副本）' }).waitFor();
  assert.equal(await rows.count(), 3);

  // Delete the copy, then 撤销.
  await page.locator('.draft-row', { hasText: '去年的参考（副本）' }).getByRole('button', { name: '删除' }).click();
  await page.locator('.draft-name', { hasText: '去年的参考（副本）' }).waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 2);
  await page.locator('#undo-delete').click();
  await page.locator('.draft-name', { hasText: '去年的参考（副本）' }).waitFor();
  assert.equal(await rows.count(), 3);

  // Open the renamed one: it becomes the last opened and reopens on start.
  const renamed = page.locator('.draft-row').filter({ has: page.locator('.draft-name', { hasText: /^去年的参考$/ }) });
  await renamed.getByRole('button', { name: '打开' }).click();
  await goStep(page, '#/intro');
  assert.equal(await page.locator('#f-intro').inputValue(), '第一份报告的导语');
  await page.reload();
  await page.locator('#step-heading').waitFor();
  await goStep(page, '#/intro');
  assert.equal(await page.locator('#f-intro').inputValue(), '第一份报告的导语');
  await screenshot(page, 'storage-drafts');
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('snapshots: listed with time, previewed, restored (and the restore can be undone)', async () => {
  const layout = JSON.parse(await fixture('localstorage-release2.json'));
  const context = await freshContext();
  const { page, trouble } = await openApp(context);
  await page.evaluate((entries) => {
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
  }, layout);
  await goStep(page, '#/drafts');
  await page.reload();
  await page.locator('#snapshots-heading').waitFor();
  const snaps = page.locator('.snapshot');
  assert.equal(await snaps.count(), 2);
  assert.match(await snaps.first().innerText(), /\d{4}-\d\d-\d\d \d\d:\d\d/);
  const oldest = snaps.last();
  await oldest.getByRole('button', { name: '预览' }).click();
  assert.match(await oldest.locator('.snapshot-preview').innerText(), /在学校党委的正确领导下/);
  await oldest.getByRole('button', { name: '恢复此版本' }).click();
  await page.locator('.drafts-message', { hasText: '已恢复到' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.snapshot').length === 3);
  await goStep(page, '#/intro');
  assert.match(await page.locator('#f-intro').inputValue(), /^2024年，在学校党委的正确领导下/);
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('backup, 清除本机数据, import: everything comes back; bad files are refused', async () => {
  const context = await freshContext();
  const { page, trouble } = await openApp(context, '#/intro');
  await page.locator('#f-intro').fill('备份里的第一份');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  await page.locator('#open-drafts').click();
  await page.locator('#new-draft').click();
  await goStep(page, '#/intro');
  await page.locator('#f-intro').fill('备份里的第二份');
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
  const before = await storedDrafts(page);
  assert.equal(before.length, 2);

  await page.locator('#open-drafts').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  const file = path.join(scratch, 'all.json');
  await download.saveAs(file);
  await page.locator('#last-backup', { hasText: '上次导出全部报告' }).waitFor();

  // 清除本机数据 needs the word typed.
  await page.locator('#wipe-start').click();
  assert.ok(await page.locator('#wipe-confirm').isDisabled());
  await page.locator('#wipe-input').fill('清除');
  await Promise.all([page.waitForEvent('load'), page.locator('#wipe-confirm').click()]);
  await page.locator('#step-heading').waitFor();
  assert.deepEqual(await appKeys(page), [], 'every shuzhi. key is gone');
  await page.waitForTimeout(500);
  assert.deepEqual(await appKeys(page), [], 'and nothing is written again');

  // Wrong files first: a refusal in Chinese, nothing changes.
  await page.locator('#open-drafts').click();
  const bad = path.join(scratch, 'not-a-backup.json');
  await writeFile(bad, '{"kind":"other-app"}');
  await page.setInputFiles('#backup-file', bad);
  await page.locator('#import-error', { hasText: '不是述职报告向导的备份文件' }).waitFor();
  const binary = path.join(scratch, 'binary.json');
  await writeFile(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]));
  await page.setInputFiles('#backup-file', binary);
  await page.locator('#import-error', { hasText: 'Word 文档' }).waitFor();
  const newer = path.join(scratch, 'newer.json');
  await writeFile(newer, await fixture('backup-v2-newer.json'));
  await page.setInputFiles('#backup-file', newer);
  await page.locator('#import-error', { hasText: '更新版本' }).waitFor();
  assert.deepEqual(await appKeys(page), []);

  // The real backup: shown first, then restored.
  await page.setInputFiles('#backup-file', file);
  await page.locator('#import-plan').waitFor();
  assert.match(await page.locator('#import-plan').innerText(), /包含 2 份报告/);
  await page.locator('#import-confirm').click();
  await page.locator('.drafts-message', { hasText: '已导入 2 份报告' }).waitFor();
  const after = await storedDrafts(page);
  const intros = (list) => list.map((d) => d.draft.intro).sort();
  assert.deepEqual(intros(after), intros(before));
  assert.deepEqual(after.map((d) => JSON.stringify(d)).sort(), before.map((d) => JSON.stringify(d)).sort(), '100 %');

  // Importing again asks before replacing.
  await page.setInputFiles('#backup-file', file);
  await page.locator('#import-plan', { hasText: '本机已有' }).waitFor();
  await page.locator('#import-copies').click();
  await page.locator('.drafts-message', { hasText: '已导入 2 份报告' }).waitFor();
  assert.equal((await storedDrafts(page)).length, 4);
  assert.deepEqual(problems(trouble), []);
  await context.close();
});

test('axe-core: the storage banners and every part of 我的报告 have no serious violations', async () => {
  const layout = JSON.parse(await fixture('localstorage-release2.json'));
  const context = await freshContext();
  const { page, trouble } = await openApp(context);
  await page.evaluate(([entries, truncated]) => {
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
    localStorage.setItem('shuzhi.backup-at', '1');
    localStorage.setItem('shuzhi.draft.broken', truncated);
  }, [layout, await fixture('draft-truncated.txt')]);
  await goStep(page, '#/drafts');
  await page.reload();
  await page.locator('#alert-damaged').waitFor();
  await page.locator('#alert-backup').waitFor();
  await page.locator('.snapshot').first().getByRole('button', { name: '预览' }).click();
  await page.locator('.draft-row').first().getByRole('button', { name: '重命名' }).click();
  await page.locator('#wipe-start').click();
  const file = path.join(scratch, 'axe-backup.json');
  await writeFile(file, await fixture('backup-mixed.json'));
  await page.setInputFiles('#backup-file', file);
  await page.locator('#import-plan').waitFor();
  await screenshot(page, 'storage-drafts-busy');
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations
    .filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(serious, []);
  assert.deepEqual(problems(trouble), []);
  await context.close();
});
