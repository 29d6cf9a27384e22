// A plain-http intranet address (not a secure context): browsers give no navigator.clipboard
// there. 复制全文 must still copy, through the older execCommand way, and say so (the feature check
// in src/ui/adapters/download.rs). Emulated by hiding navigator.clipboard from the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteServerAndBrowser, watch } from './support.mjs';

const suite = suiteServerAndBrowser();

test('复制全文 without navigator.clipboard (http): copied the older way, no error', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    // What the older way hands over, to check it is the report's text.
    const exec = Document.prototype.execCommand;
    Document.prototype.execCommand = function (command, ...rest) {
      if (command === 'copy') window.__copied = document.activeElement?.value ?? '';
      return exec.call(this, command, ...rest);
    };
  });
  const trouble = watch(page, suite.server.origin);
  await trouble.ready;
  await page.goto(`${suite.server.url}#/check`);
  await page.locator('#copy-all').click();
  await page.getByText('全文已复制到剪贴板。').waitFor();
  assert.match(await page.evaluate(() => window.__copied), /述职报告/);
  assert.deepEqual(trouble.all(), []);
  await context.close();
});
