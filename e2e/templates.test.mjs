// Templates, driven as a user would on the release build:
// - a new report of every built-in template from 我的报告, walked step by step (one field typed on
//   each step), the preview showing that template's headings, and the downloaded .txt equal to
//   tests/fixtures/templates/<id>.e2e.txt (which a native test keeps equal to the core's rendering);
// - 载入模板文件: an invalid file shows the reader's Chinese message; the README's example loads,
//   a report of it can be written, and it survives a reload;
// - 更换模板 with its confirmation, nothing typed lost;
// - a draft whose template is gone opens with the default one and says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startApp, screenshot, repoRoot } from './support.mjs';

const templatesDir = path.join(repoRoot, 'templates');
const fixtures = path.join(repoRoot, 'tests', 'fixtures', 'templates');
const IDS = ['dangjian-shuzhi', 'zhibu-shuji-shuzhi', 'shuzhi-shulian', 'zuzhi-shenghuohui', 'geren-shuzhi'];
// What the native test `e2e_expected_texts_are_current` (tests/template.rs) types too.
const YEAR = '2025';
const INTRO = '在上级党组织的正确领导下，我认真履行职责。现将有关情况报告如下：';
const bodyText = (heading) => `这是“${heading}”的测试正文。`;
const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const loadTemplate = async (id) => JSON.parse(await readFile(path.join(templatesDir, `${id}.json`), 'utf8'));
const titleOf = (t, year) => t.title_pattern.replace(/\{(\w+)\}/g, (_, key) => (t.fields.find((f) => f.key === key)?.kind === 'year' ? year : ''));
const headingsOf = (t) => t.sections.map((s, i) => `${NUMBERS[i]}、${s.heading}`);
const readmeTemplate = async () => {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  return readme.split('## 自定义模板')[1].split('```json')[1].split('```')[0];
};

let app;
let server;
let page;
let trouble;

before(async () => {
  // SHUZHI_DIST: a build elsewhere than dist/ (e.g. while another build is writing dist/).
  app = await startApp({ root: process.env.SHUZHI_DIST || undefined });
  ({ server, page, trouble } = app);
});

after(() => app?.close());

const heading = () => page.locator('#step-heading');
const preview = () => page.locator('.preview');
const firstBody = () => page.locator('.item-list > li').first().locator('textarea').nth(1);
const message = () => page.locator('.drafts-message');
const next = async (expected) => {
  await page.locator('#next-step').click();
  await heading().filter({ hasText: expected }).waitFor();
};
/** A real reload at 基本信息 (going to a URL that differs only in its hash would not reload). */
const reload = async () => {
  // Let the page's own requests (the icon …) finish: a reload aborts them, which is no fault.
  await page.waitForLoadState('networkidle');
  await page.goto(server.url + '#/info');
  await page.reload();
  await page.waitForLoadState('networkidle');
  await heading().filter({ hasText: '基本信息' }).waitFor();
};
const openDrafts = async () => {
  await page.locator('#open-drafts').click();
  await heading().filter({ hasText: '我的报告' }).waitFor();
};

/** Creates a report of template `id` on 我的报告; lands on 基本信息. */
async function newReport(id, outline) {
  await openDrafts();
  await page.locator('#new-template').selectOption(id);
  await page.locator('#new-template-outline').filter({ hasText: outline }).waitFor();
  await page.locator('#new-draft').click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
}

/** Types one field on every step of template `t`, checking the preview as it goes. */
async function walk(t) {
  const year = t.fields.find((f) => f.kind === 'year');
  await page.locator(`#f-info-${year.key}`).pressSequentially(YEAR);
  await preview().locator('.doc-title').filter({ hasText: titleOf(t, YEAR) }).waitFor();
  await next('导语');
  await page.locator('#f-intro').pressSequentially(INTRO);
  for (const [i, section] of t.sections.entries()) {
    const title = `${NUMBERS[i]}、${section.heading}`;
    // A section still empty has no number yet, in the preview and the step heading alike.
    await next(section.heading);
    await firstBody().pressSequentially(bodyText(section.heading));
    await heading().filter({ hasText: title }).waitFor();
    await preview().getByText(title, { exact: true }).waitFor();
    await preview().getByText(bodyText(section.heading)).waitFor();
  }
  await next('检查与导出');
}

/** Downloads the .txt from 检查与导出 (confirming once when errors remain); returns name and text. */
async function downloadText() {
  const download = page.waitForEvent('download');
  await page.locator('#export-txt').click();
  const anyway = page.getByRole('button', { name: '仍然导出' });
  const first = await Promise.race([download.then(() => 'download'), anyway.waitFor().then(() => 'confirm')]);
  if (first === 'confirm') await anyway.click();
  const file = await download;
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

for (const id of IDS) {
  test(`a new report of ${id}: every step, the preview's headings, the .txt`, async () => {
    const t = await loadTemplate(id);
    await newReport(id, headingsOf(t)[0]);
    // The steps are the template's (numbered as the preview numbers what it prints so far).
    const steps = (await page.locator('.step-link .step-name').allTextContents()).map((s) => s.trim().replace(/^[一二三四五六七八九十]+、/, ''));
    assert.deepEqual(steps, ['基本信息', '导语', ...t.sections.map((s) => s.heading), '检查与导出']);
    await walk(t);
    const shown = (await preview().locator('h2').allTextContents()).map((s) => s.trim());
    assert.deepEqual(shown, headingsOf(t));
    const { name, text } = await downloadText();
    assert.equal(name, `${titleOf(t, YEAR)}.txt`);
    assert.equal(text, await readFile(path.join(fixtures, `${id}.e2e.txt`), 'utf8'));
    // 我的报告 lists it under its template's name.
    await openDrafts();
    await page.locator('.draft-row.current .draft-meta').filter({ hasText: t.name }).waitFor();
    await screenshot(page, `template-${id}`);
  });
}

test('载入模板文件: an invalid file is refused with the field named', async () => {
  await openDrafts();
  const name = 'wrong-section-kind';
  const expected = (await readFile(path.join(fixtures, `${name}.expected.txt`), 'utf8')).trimEnd();
  await page.locator('#template-file').setInputFiles({
    name: `${name}.json`,
    mimeType: 'application/json',
    buffer: await readFile(path.join(fixtures, `${name}.json`)),
  });
  await page.locator('#template-error').filter({ hasText: expected }).waitFor();
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('shuzhi.template.')).length), 0);
  await page.locator('#template-error').getByRole('button', { name: '知道了' }).click();
});

test('载入模板文件: the README example loads, writes a report and survives a reload', async () => {
  const json = await readmeTemplate();
  const t = JSON.parse(json);
  await openDrafts();
  await page.locator('#template-file').setInputFiles({ name: 'tuanzhibu.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await message().filter({ hasText: `已载入模板“${t.name}”` }).waitFor();
  await page.locator('#loaded-templates').getByText(t.name).waitFor();
  assert.ok(await page.evaluate((id) => localStorage.getItem(`shuzhi.template.${id}`) !== null, t.id));
  await newReport(t.id, headingsOf(t)[0]);
  await walk(t);
  const { text } = await downloadText();
  assert.ok(text.startsWith(`${titleOf(t, YEAR)}\n${INTRO}\n一、主要工作情况\n1.抓思想引领情况。${bodyText('主要工作情况')}\n`), text);
  // Reloaded, the draft opens with its own template again.
  await reload();
  const steps = (await page.locator('.step-link .step-name').allTextContents()).map((s) => s.trim());
  assert.deepEqual(steps, ['基本信息', '导语', ...headingsOf(t), '检查与导出']);
  await preview().locator('.doc-title').filter({ hasText: titleOf(t, YEAR) }).waitFor();
});

test('a backup carries the loaded template: after 清除本机数据 and 导入备份 the report opens with it', async () => {
  const t = JSON.parse(await readmeTemplate());
  await openDrafts();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  const file = await download.path();
  await page.locator('#wipe-start').click();
  await page.locator('#wipe-input').fill('清除');
  await Promise.all([page.waitForEvent('load'), page.locator('#wipe-confirm').click()]);
  await heading().waitFor();
  assert.equal(await page.evaluate((id) => localStorage.getItem(`shuzhi.template.${id}`), t.id), null, 'wiped');

  await openDrafts();
  await page.setInputFiles('#backup-file', file);
  await page.locator('#import-plan').filter({ hasText: `报告用到的模板：${t.name}` }).waitFor();
  await page.locator('#import-confirm').click();
  await message().filter({ hasText: `载入了模板：${t.name}` }).waitFor();
  await page.locator('#loaded-templates').getByText(t.name).waitFor();
  const row = page.locator('.draft-row', { hasText: t.name });
  await row.getByRole('button', { name: '打开' }).click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
  const steps = (await page.locator('.step-link .step-name').allTextContents()).map((s) => s.trim());
  assert.deepEqual(steps, ['基本信息', '导语', ...headingsOf(t), '检查与导出']);
  await preview().getByText(bodyText(t.sections[0].heading)).waitFor();
});

test('更换模板: a confirmation first, then the parts moved and nothing typed lost', async () => {
  const from = await loadTemplate('geren-shuzhi');
  const to = await loadTemplate('zuzhi-shenghuohui');
  await newReport(from.id, headingsOf(from)[0]);
  await walk(from);
  await openDrafts();
  await page.locator('#switch-template').selectOption(to.id);
  await page.locator('#switch-plan').click();
  const confirm = page.locator('#switch-confirm');
  await confirm.waitFor();
  await confirm.getByText(`把当前报告改用“${to.name}”？`).waitFor();
  const moved = (await page.locator('#switch-moved li').allTextContents()).map((s) => s.trim());
  assert.deepEqual(moved, ['“思想政治与学习情况”的 1 条', '“主要工作及成效”的 1 条']);
  await page.locator('#switch-apply').click();
  await message().filter({ hasText: `已改用“${to.name}”` }).waitFor();
  const steps = (await page.locator('.step-link .step-name').allTextContents()).map((s) => s.trim());
  assert.deepEqual(steps, ['基本信息', '导语', ...headingsOf(to), '检查与导出']);
  // Every body typed is still in the report: mapped sections or 未归类内容.
  for (const section of from.sections) await preview().getByText(bodyText(section.heading)).first().waitFor();
  await preview().getByText(INTRO).waitFor();
  await screenshot(page, 'template-switched');
  // The version before the switch is the newest in 版本记录; restoring it brings its template back.
  await page.locator('.snapshot').first().getByRole('button', { name: '恢复此版本' }).click();
  await message().filter({ hasText: '已恢复到' }).waitFor();
  const restored = (await page.locator('.step-link .step-name').allTextContents()).map((s) => s.trim());
  assert.deepEqual(restored, ['基本信息', '导语', ...headingsOf(from), '检查与导出']);
  await preview().locator('h2').first().filter({ hasText: headingsOf(from)[0] }).waitFor();
  assert.equal(await preview().getByText('原“思想政治与学习情况”部分：').count(), 0);
});

test('a draft whose template is no longer on this computer opens with the default one and says so', async () => {
  const t = JSON.parse(await readmeTemplate());
  await openDrafts();
  // Open the report written with the loaded template, then remove the template.
  await page.locator('.draft-row').filter({ hasText: t.name }).getByRole('button', { name: '打开' }).click();
  await heading().filter({ hasText: '基本信息' }).waitFor();
  await openDrafts();
  await page.locator('#loaded-templates').getByRole('button', { name: `删除 ${t.name}` }).click();
  await message().filter({ hasText: `已删除模板“${t.name}”` }).waitFor();
  await reload();
  await page.locator('#draft-notice').filter({ hasText: `这份报告使用的模板“${t.id}”不在这台电脑上` }).waitFor();
  const def = await loadTemplate('dangjian-shuzhi');
  const steps = (await page.locator('.step-link .step-name').allTextContents()).map((s) => s.trim());
  assert.deepEqual(steps, ['基本信息', '导语', ...headingsOf(def), '检查与导出']);
  // What was typed is all still there.
  await preview().getByText(INTRO).waitFor();
  for (const section of t.sections) await preview().getByText(bodyText(section.heading)).first().waitFor();
  await page.locator('#draft-notice').getByRole('button', { name: '知道了' }).click();
  assert.equal(await page.locator('#draft-notice').count(), 0);
});

test('nothing went wrong on the way', () => {
  // Headless Chromium fetches the favicon for its own UI, on its own schedule; a reload aborts that
  // fetch. It is the browser's request, not the app's (see first-load.test.mjs), so it is no fault.
  const browserOwn = (t) => /^failed: .*\/icon-[^/]*\.svg \(net::ERR_ABORTED\)$/.test(t);
  assert.deepEqual(trouble.all().filter((t) => !browserOwn(t)), []);
});
