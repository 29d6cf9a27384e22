// Servers as they are found on intranets: one that sends the .wasm without the `application/wasm`
// type still starts the app (the loader compiles the whole file instead of streaming it), and a
// half-copied deploy whose .wasm is missing says so in Chinese instead of a blank page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, screenshot } from './support.mjs';

const browser = await launchBrowser();
const servers = [];
after(async () => {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
});

/** A new page on a server with these quirks; the page's errors are collected, not fatal. */
async function open(quirks) {
  const server = await serveDist(quirks);
  servers.push(server);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  return { page, errors, server };
}

test('a server that sends the .wasm as application/octet-stream: the app starts all the same', async () => {
  const { page, errors, server } = await open({ types: { '.wasm': 'application/octet-stream' } });
  await page.locator('#step-heading').filter({ hasText: '基本信息' }).waitFor();
  assert.deepEqual(errors, []);
  // The first load's .wasm (the second half and the lazy part come after the first step).
  const firstLoad = server.requests.filter((r) => r.by === 'page' && /\/shuzhi-app-[^/]*_bg\.wasm$/.test(r.path));
  assert.equal(firstLoad.length, 1, 'the page fetches the .wasm once');
});

test('a deploy whose .wasm is missing: a message in Chinese, not a blank page', async () => {
  const { page } = await open({ missing: ['.wasm'] });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /述职报告向导未能启动.*请刷新页面重试.*HTTP 404/s);
  assert.equal(await page.locator('#step-heading').count(), 0);
  await screenshot(page, 'start-failure');
});
