// Offline use and updates, on a copy of the release build served under a sub-path: after one
// visit the app reloads with the network off and the draft intact; a new version deployed while
// typing shows 更新可用，保存后刷新 and never reloads on its own; a half-deployed update (sw.js
// new, another file still old) is refused and the old version keeps working; the web app
// manifest and its icons are valid. Deployments are simulated on the copy: change a file, then
// rerun scripts/precache.mjs as the build does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveDist, launchBrowser, watch, screenshot, distDir, repoRoot, precacheOf, waitUntilOffline } from './support.mjs';

let browser;
const cleanups = [];

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const cleanup of cleanups) await cleanup();
});

/** A private copy of dist/ served under the sub-path, for a test that deploys over it. */
async function deployment() {
  const root = await mkdtemp(path.join(tmpdir(), 'shuzhi-offline-'));
  await cp(distDir, root, { recursive: true });
  const server = await serveDist({ root });
  cleanups.push(() => server.close(), () => rm(root, { recursive: true, force: true }));
  const index = path.join(root, 'index.html');
  return {
    root,
    server,
    /** A new build: index.html changes (a marker comment), sw.js gets the new list. */
    async deploy(marker) {
      const html = await readFile(index, 'utf8');
      await writeFile(index, html.replace('</head>', `<!-- ${marker} --></head>`));
      execFileSync('node', [path.join(repoRoot, 'scripts', 'precache.mjs'), root], { env: { ...process.env, TRUNK_PROFILE: 'release' } });
    },
    readIndex: () => readFile(index, 'utf8'),
    writeIndex: (text) => writeFile(index, text),
  };
}

async function openApp(context, url) {
  const page = await context.newPage();
  const trouble = watch(page, new URL(url).origin);
  await trouble.ready;
  await page.goto(url);
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  return { page, trouble };
}

async function typeOrg(page, text) {
  const input = page.locator('#f-info-org');
  await input.click();
  await input.press('End');
  await page.keyboard.type(text);
  await page.locator('.save-status', { hasText: '已保存' }).waitFor();
}

/** Asks the registration to look for a new version now (what the app does every 30 minutes). */
async function checkForUpdate(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const found = new Promise((resolve) => registration.addEventListener('updatefound', () => resolve(registration.installing), { once: true }));
    await registration.update();
    const worker = await found;
    // Settles when the new worker is installed (waiting) or refused (redundant).
    await new Promise((resolve) => {
      const settled = () => ['installed', 'redundant'].includes(worker.state) && resolve();
      worker.addEventListener('statechange', settled);
      settled();
    });
    return { state: worker.state, waiting: registration.waiting != null };
  });
}

const cacheNames = (page) => page.evaluate(() => caches.keys());

test('after one visit the app reloads offline, with the draft intact', async () => {
  const { server } = await deployment();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, trouble } = await openApp(context, server.url + '#/info');
  await typeOrg(page, '离线测试党支部');
  await waitUntilOffline(page);
  await screenshot(page, 'offline-ready');
  const before = server.requests.length;

  await context.setOffline(true);
  await page.reload();
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#f-info-org').inputValue(), '离线测试党支部');
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  assert.deepEqual(server.requests.slice(before).map((r) => r.path), [], 'nothing reached the server');
  // Still works offline: typing saves.
  await typeOrg(page, '（断网）');
  await page.reload();
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#f-info-org').inputValue(), '离线测试党支部（断网）');
  await page.locator('#offline-status').waitFor({ state: 'visible' });
  assert.deepEqual(server.requests.slice(before).map((r) => r.path), [], 'nothing reached the server');
  assert.deepEqual(trouble.all(), []);
  await context.close();
});

test('a new version while typing shows 更新可用 and reloads only on the click, keeping the draft', async () => {
  const site = await deployment();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, trouble } = await openApp(context, site.server.url + '#/info');
  await typeOrg(page, '第一党支部');
  await waitUntilOffline(page);
  const oldVersion = precacheOf(site.root).version;
  await page.evaluate(() => { window.__sameDocument = true; });

  await site.deploy('version 2');
  assert.notEqual(precacheOf(site.root).version, oldVersion);
  assert.deepEqual(await checkForUpdate(page), { state: 'installed', waiting: true });
  const prompt = page.locator('#update-prompt');
  await prompt.waitFor({ state: 'visible' });
  assert.match(await prompt.textContent(), /更新可用，保存后刷新/);
  await screenshot(page, 'update-prompt');

  // Typing goes on: no reload, the old version still answers, the new one waits.
  await typeOrg(page, '（续）');
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  assert.equal(await page.locator('#f-info-org').inputValue(), '第一党支部（续）');
  assert.ok((await cacheNames(page)).some((name) => name.endsWith(oldVersion)), 'old build still cached');
  assert.doesNotMatch(await page.content(), /version 2/);

  // The click saves, then reloads into the new version.
  await page.locator('#f-info-org').press('End');
  await page.keyboard.type('！');
  await Promise.all([page.waitForEvent('load'), page.locator('#apply-update').click()]);
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => window.__sameDocument), undefined, 'reloaded');
  assert.match(await page.content(), /version 2/);
  assert.equal(await page.locator('#f-info-org').inputValue(), '第一党支部（续）！');
  await page.locator('#offline-status').waitFor({ state: 'visible' });
  const names = await cacheNames(page);
  assert.ok(!names.some((name) => name.endsWith(oldVersion)), `old build's cache removed: ${names}`);
  assert.equal(await prompt.count(), 0);
  assert.deepEqual(trouble.all(), []);
  await context.close();
});

test('a half-deployed update is refused; the old version keeps working offline', async () => {
  const site = await deployment();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, trouble } = await openApp(context, site.server.url + '#/info');
  await typeOrg(page, '第二党支部');
  await waitUntilOffline(page);
  const oldIndex = await site.readIndex();

  // The new sw.js is on the server, but index.html is still the old one (a copy in progress,
  // or a proxy serving a stale file): its hash does not match, so nothing is installed.
  await site.deploy('version 3');
  const newIndex = await site.readIndex();
  await site.writeIndex(oldIndex);
  assert.deepEqual(await checkForUpdate(page), { state: 'redundant', waiting: false });
  assert.equal(await page.locator('#update-prompt').count(), 0);
  assert.equal((await cacheNames(page)).filter((n) => n.includes('/portal/shuzhi/')).length, 2, 'old build + runtime, no partial cache');

  await context.setOffline(true);
  await page.reload();
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#f-info-org').inputValue(), '第二党支部');
  assert.doesNotMatch(await page.content(), /version 3/);
  await context.setOffline(false);

  // Once the deployment is complete, the next check installs it and the prompt appears.
  await site.writeIndex(newIndex);
  await page.locator('#offline-status').waitFor({ state: 'visible' });
  assert.deepEqual(await checkForUpdate(page), { state: 'installed', waiting: true });
  await page.locator('#update-prompt').waitFor({ state: 'visible' });
  assert.deepEqual(trouble.all(), []);
  await context.close();
});

test('the header buttons stay where they are when 可离线使用 appears (a click aimed at 导入 lands on 导入)', async () => {
  const server = await serveDist();
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const { page } = await openApp(context, server.url);
    const badge = page.locator('#offline-status');
    await badge.waitFor({ state: 'visible' });
    const boxes = () => page.evaluate(() => ['#open-import', '#open-drafts', '#open-privacy'].map((id) => document.querySelector(id).getBoundingClientRect().toJSON()));
    const withBadge = await boxes();
    // The same page the moment before the badge came: without it.
    await badge.evaluate((b) => { b.style.display = 'none'; });
    const without = await boxes();
    await badge.evaluate((b) => { b.style.display = ''; });
    assert.deepEqual(withBadge.map((b) => [b.x, b.y]), without.map((b) => [b.x, b.y]), `${width} px: the buttons moved`);
    await context.close();
  }
  await server.close();
});

test('the web app manifest names the app, its colours and icons that exist', async () => {
  const server = await serveDist();
  cleanups.push(() => server.close());
  const context = await browser.newContext();
  const { page, trouble } = await openApp(context, server.url);
  const cdp = await context.newCDPSession(page);
  // What Chromium itself made of it: no parse errors, installable (Playwright's contexts are
  // incognito, which is the one thing Chromium holds against installing).
  const { url, errors, manifest: seen } = await cdp.send('Page.getAppManifest');
  assert.equal(url, `${server.url}manifest.webmanifest`);
  assert.deepEqual(errors, []);
  assert.equal(seen.name, '述职报告向导');
  assert.equal(seen.startUrl, server.url);
  assert.equal(seen.scope, server.url);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
  const manifest = JSON.parse(await readFile(path.join(distDir, 'manifest.webmanifest'), 'utf8'));
  assert.equal(manifest.name, '述职报告向导');
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.theme_color, await page.getAttribute('meta[name="theme-color"]', 'content'));
  for (const icon of manifest.icons) {
    const size = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      return `${image.naturalWidth}x${image.naturalHeight}`;
    }, icon.src);
    assert.equal(size, icon.sizes, icon.src);
  }
  assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'));
  assert.deepEqual(trouble.all(), []);
  await context.close();
});
