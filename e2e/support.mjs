// Shared helpers for the e2e suites: a static server for dist/, the browser, and collectors of
// everything that should never happen on a page (console errors, failed requests, CSP violations,
// requests to other origins). Suites import what they need:
//
//   const server = await serveDist();                  // http://127.0.0.1:<free port>/portal/shuzhi/
//   const browser = await launchBrowser();
//   const page = await browser.newPage();
//   const trouble = watch(page, server.origin);
//   await page.goto(server.url);
//   ...
//   assert.deepEqual(trouble.all(), []);
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = path.join(repoRoot, 'dist');
export const screenshotDir = path.join(repoRoot, 'target', 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` (default dist/) read-only under `base` on 127.0.0.1 at a free port. The base is a
 * sub-path on purpose: like an intranet portal, so any absolute URL in the build shows up as a 404.
 * Resolves once the server listens. Every request is logged in `requests` ({ path, status, bytes,
 * by }); `by` tells who asked (`page`, `worker-script`: the browser fetching sw.js, `worker`: the
 * service worker itself, e.g. precaching), see `requester`.
 *
 * Options for the embedding and offline suites (the defaults keep the behaviour other suites
 * rely on): `files` maps paths below `base` to contents served instead of (or besides) files of
 * `root` (e.g. a portal's config.json); `headers` are added to every response (e.g. CORS for a
 * sandboxed iframe); `index` (default true) insists that root holds an index.html; `types` maps
 * extensions to the content type sent instead of ours (a server without the wasm type); `missing`
 * lists extensions answered with 404 (a half-copied deploy).
 */
export async function serveDist({ root = distDir, base = '/portal/shuzhi/', files = {}, headers = {}, index = true, types = {}, missing = [], gzip = false } = {}) {
  if (index && !existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: run \`make build\` first`);
  }
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const entry = { method: req.method, path: url.pathname, status: 404, bytes: 0, by: requester(req.headers) };
    requests.push(entry);
    let body = null;
    let type = 'text/plain; charset=utf-8';
    // A directory's address serves its index.html (the app at /portal/shuzhi/ under a portal).
    const rel = url.pathname.startsWith(base) ? decodeURIComponent(url.pathname.slice(base.length)).replace(/(^|\/)$/, '$1index.html') : null;
    if ((req.method === 'GET' || req.method === 'HEAD') && rel !== null && Object.hasOwn(files, rel)) {
      body = Buffer.from(files[rel]);
      type = TYPES[path.extname(rel)] ?? 'application/octet-stream';
    } else if ((req.method === 'GET' || req.method === 'HEAD') && rel !== null && !missing.includes(path.extname(rel))) {
      const file = path.resolve(root, rel);
      if (file.startsWith(root + path.sep)) {
        try {
          if ((await stat(file)).isFile()) {
            body = await readFile(file);
            type = types[path.extname(file)] ?? TYPES[path.extname(file)] ?? 'application/octet-stream';
          }
        } catch {
          // not found: 404 below
        }
      }
    }
    entry.status = body ? 200 : 404;
    // `gzip`: as a server set up the README's way (压缩传输) sends it, gzip -9 when asked for.
    const encoding = gzip && body && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') ? { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : {};
    if (encoding['content-encoding']) body = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
    entry.bytes = body ? body.length : 0;
    res.writeHead(entry.status, { ...headers, ...encoding, 'content-type': type });
    res.end(req.method === 'HEAD' ? undefined : (body ?? 'not found'));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base,
    url: origin + base,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Who made a request, from its headers: the browser fetching the service worker script sends
 * `Service-Worker: script`; the worker's own fetches (precaching) carry the worker's URL as
 * referrer; everything else is the page (documents, scripts, styles, the loader's fetches).
 */
export function requester(headers) {
  if (headers['service-worker'] === 'script') return 'worker-script';
  if (/\/sw\.js(\?|$)/.test(headers.referer ?? '')) return 'worker';
  return 'page';
}

/** The service worker of a build: its version and precache list (written by scripts/precache.mjs). */
export function precacheOf(root = distDir) {
  const sw = readFileSync(path.join(root, 'sw.js'), 'utf8');
  const match = sw.match(/\/\*BUILD\*\/(.*)\/\*END\*\//);
  if (!match) throw new Error(`${root}/sw.js has no precache list`);
  return JSON.parse(match[1]);
}

/**
 * Waits until the service worker controls `page` and the app says 可离线使用: from then on the
 * app loads with the network off. Event-driven, no sleeps.
 */
export async function waitUntilOffline(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
  await page.locator('#offline-status').waitFor({ state: 'visible' });
}

/** Chromium flags (docs/design.md §5): headless as root, and no background traffic of its own. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Debian's Chromium driven by playwright-core. Playwright gives every launch a fresh, empty
 * user-data-dir (and every context its own storage), removed on close.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Collects what must never happen on `page`: console errors, uncaught exceptions, failed or
 * erroring (≥ 400) requests, CSP violations and requests to any origin but `origin` (or one of
 * several, given as an array).
 * `all()` returns them as readable strings, so `assert.deepEqual(trouble.all(), [])` shows them.
 */
export function watch(page, origin) {
  // One origin, or several (a portal page and the app it frames).
  const origins = [origin].flat();
  const found = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    cspViolations: [],
    foreignRequests: [],
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error') found.consoleErrors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => found.pageErrors.push(`exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    // The lazy part is fetched in the background when the browser is idle; a reload or a
    // navigation in the middle of it cancels the download, which is no fault.
    if (/\/shuzhi-lazy[^/]*$/.test(new URL(req.url()).pathname) && req.failure()?.errorText === 'net::ERR_ABORTED') return;
    found.failedRequests.push(`failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) found.failedRequests.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!origins.includes(url.origin)) found.foreignRequests.push(`foreign: ${req.url()}`);
  });
  // The event fires in the page; the binding (added over the DevTools protocol, so not subject to
  // the page's CSP) reports it here.
  const ready = Promise.all([
    page.exposeFunction('__reportCspViolation', (text) => found.cspViolations.push(`CSP: ${text}`)),
    page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCspViolation(
          `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
        );
      });
    }),
  ]);
  return {
    found,
    ready,
    all: () => Object.values(found).flat(),
  };
}

/** Saves a full-page screenshot as target/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A server for dist/ and a browser shared by a whole suite: started in `before`, closed in
 * `after`. Read `suite.server` and `suite.browser` inside the tests.
 */
export function suiteServerAndBrowser(options = {}) {
  const suite = { server: undefined, browser: undefined };
  before(async () => {
    suite.server = await serveDist(options);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/**
 * How most suites start: dist/ (or `root`) served under the sub-path, a fresh browser with one
 * page (downloads allowed) watched for trouble, and the first wizard step shown. Call it in
 * `before` and `close()` in `after`.
 */
export async function startApp({ root, viewport = { width: 1280, height: 900 } } = {}) {
  const server = await serveDist(root ? { root } : {});
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const trouble = watch(page, server.origin);
  await trouble.ready;
  await page.goto(server.url);
  await page.locator('#step-heading').waitFor({ state: 'visible' });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  return { server, browser, context, page, trouble, close };
}
