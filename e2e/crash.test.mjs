// Crashes (issue 18): the whole browser killed 1 s after typing, and the page's renderer crashed
// in the middle of steady typing. A real Chromium with a profile on disk, started by hand so the
// test can SIGKILL it and start it again on the same profile (Playwright attaches over CDP).
// localStorage reaches Chromium's disk only seconds after a write; the crash journal (IndexedDB,
// strict durability) is what brings the last seconds back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDist, CHROMIUM_ARGS } from './support.mjs';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

/** Chromium on `profile`, in its own process group, and Playwright connected to it. */
async function startChromium(profile) {
  const child = spawn(
    process.env.CHROMIUM ?? '/usr/bin/chromium',
    [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const endpoint = await new Promise((resolve, reject) => {
    let said = '';
    child.stderr.on('data', (chunk) => {
      said += chunk;
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(said);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${said}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  return { child, browser };
}

/** Kills the browser and all its processes at once, as a power cut or the task manager would. */
async function kill({ child }) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGKILL');
  await exited;
}

async function openIntro(browser) {
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = await context.newPage();
  await page.goto(`${server.url}#/intro`);
  await page.locator('#f-intro').waitFor({ state: 'visible' });
  return page;
}

test('the whole browser killed 1 s after typing: every character is there after the restart', async () => {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'shuzhi-crash-'));
  try {
    let chromiumRun = await startChromium(profile);
    let page = await openIntro(chromiumRun.browser);
    const typed = '一年来我认真履行第一责任人职责抓好党建';
    await page.locator('#f-intro').fill(typed);
    await page.locator('.save-status', { hasText: '已保存' }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await kill(chromiumRun);

    chromiumRun = await startChromium(profile);
    page = await openIntro(chromiumRun.browser);
    assert.equal(await page.locator('#f-intro').inputValue(), typed, 'what was typed before the kill');
    // The journal app.js opened while the wasm compiled is the one the app read (it takes it).
    assert.equal(await page.evaluate(() => window.shuzhiJournal === null), true, 'the early-opened journal was taken');
    // So were the entries app.js read from it then: the copy put back came from them.
    assert.equal(await page.evaluate(() => window.shuzhiJournalEntries === null), true, 'the early-read entries were taken');
    await chromiumRun.browser.close();
    await kill(chromiumRun).catch(() => {});
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});

test('the renderer crashing during 9 s of steady typing loses at most the last 2 s', async () => {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'shuzhi-crash-'));
  const chromiumRun = await startChromium(profile);
  try {
    const page = await openIntro(chromiumRun.browser);
    // A keystroke every 150 ms for 9 s: 60 characters, never a pause long enough for the debounce.
    const typed = '抓基层党建工作述职报告'.repeat(6).slice(0, 60);
    const field = page.locator('#f-intro');
    await field.click();
    const started = Date.now();
    for (const char of typed) {
      await page.keyboard.insertText(char);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const elapsed = Date.now() - started;
    const cdp = await page.context().newCDPSession(page);
    const crashed = new Promise((resolve) => page.once('crash', resolve));
    cdp.send('Page.crash').catch(() => {});
    await crashed;

    const again = await openIntro(chromiumRun.browser);
    const kept = await again.locator('#f-intro').inputValue();
    assert.ok(typed.startsWith(kept), `what came back is what was typed, in order: ${kept}`);
    // Characters typed in the last 2 s (at the pace actually reached) may be lost, no more.
    const perSecond = typed.length / (elapsed / 1000);
    const allowed = Math.ceil(perSecond * 2) + 1;
    assert.ok(typed.length - kept.length <= allowed, `lost ${typed.length - kept.length} of ${typed.length} (allowed ${allowed})`);
  } finally {
    await chromiumRun.browser.close().catch(() => {});
    await kill(chromiumRun).catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
});
