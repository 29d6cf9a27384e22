// Starts the app: an external module, so the CSP needs no 'unsafe-inline' for scripts.
// Trunk writes the hashed file names into this script's own URL (Trunk.toml `pattern_script`):
//   <script type="module" src="./app.js?js=shuzhi-app-<hash>.js&wasm=shuzhi-app-<hash>_bg.wasm">
// so every build gets a fresh URL, and all paths stay relative to the page (sub-path hosting).
//
// Besides starting the wasm it does two things that are naturally JavaScript (the app reads the
// results from `window.shuzhiBoot` and `window.shuzhiPlatform`, see src/ui/embed.rs, platform.rs):
// - fetches the portal's config.json (and the template file it names) while the wasm downloads,
//   so the first screen already uses them; the app validates them (src/report/config.rs);
// - registers the service worker (sw.js) and tracks offline readiness and waiting updates.
const query = new URL(import.meta.url).searchParams;
const here = (name) => new URL(query.get(name), import.meta.url);

/** Same-origin files the portal configures (kept by the service worker for offline starts). */
const bootUrls = [new URL('config.json', import.meta.url)];

/** Raw texts for the app; every check and every message is the app's. */
async function loadBoot() {
  const boot = { config: null, configError: '', templateUrl: '', template: null, templateError: '' };
  try {
    const response = await fetch(bootUrls[0], { cache: 'no-cache' });
    if (response.ok) boot.config = await response.text();
    else if (response.status !== 404) boot.configError = `HTTP ${response.status}`;
  } catch (error) {
    boot.configError = String(error);
  }
  let named = new URLSearchParams(location.search).get('templateUrl');
  if (!named) {
    try {
      const value = JSON.parse(boot.config ?? 'null')?.templateUrl;
      if (typeof value === 'string') named = value.trim();
    } catch {
      // the app reports the broken file
    }
  }
  if (named) {
    boot.templateUrl = named;
    const url = new URL(named, import.meta.url);
    // Never another origin (docs/design.md §1): the app says why the template was not used.
    if (url.origin !== location.origin) {
      boot.templateError = 'cross-origin';
    } else {
      bootUrls.push(url);
      try {
        const response = await fetch(url, { cache: 'no-cache' });
        if (response.ok) boot.template = await response.text();
        else boot.templateError = `HTTP ${response.status}`;
      } catch (error) {
        boot.templateError = String(error);
      }
    }
  }
  return boot;
}

// What the app shows about offline use and updates; a `shuzhi-platform` event says it changed.
const platform = (globalThis.shuzhiPlatform = {
  offline: false, // this build is cached: the app opens without network
  update: false, // a newer version is ready; apply() reloads into it
  note: '', // why offline use is unavailable: insecure | unavailable | failed
  apply: () => location.reload(),
});
const changed = () => dispatchEvent(new Event('shuzhi-platform'));

async function registerWorker() {
  let container;
  try {
    container = navigator.serviceWorker; // throws in a sandboxed frame without allow-same-origin
  } catch {
    container = undefined;
  }
  if (!container) {
    platform.note = isSecureContext ? 'unavailable' : 'insecure';
    changed();
    return;
  }
  let registration;
  try {
    registration = await container.register(new URL('sw.js', import.meta.url), { updateViaCache: 'none' });
  } catch {
    platform.note = 'failed';
    changed();
    return;
  }
  let reloading = false;
  const ready = (worker, keep = []) => worker.postMessage({ type: 'version', keep });
  container.addEventListener('message', (event) => {
    if (event.data?.type !== 'version') return;
    platform.offline = event.data.files.length > 0;
    // A deploy landed between this page's load and the worker's install: the cache holds
    // another build than the one running. Reloading gets the cached one.
    if (platform.offline && !event.data.files.includes(query.get('js'))) platform.update = true;
    changed();
  });
  container.startMessages();
  container.addEventListener('controllerchange', async () => {
    // After 保存后刷新 the new version controls the page: load it. Otherwise this is the first
    // install taking the page, or another tab's update: ask what is cached now.
    if (reloading) return location.reload();
    // The portal's files were fetched before the worker existed: it fetches them once itself,
    // keeping a copy for offline starts, before answering (later loads go through it anyway).
    if (container.controller) ready(container.controller, bootUrls.map(String));
  });
  const waiting = () => {
    if (registration.waiting && container.controller) {
      platform.update = true;
      changed();
    }
  };
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => worker.state === 'installed' && waiting());
  });
  // Never skipWaiting() on its own: only the user's click (the app flushes the save first).
  platform.apply = () => {
    if (registration.waiting) {
      reloading = true;
      registration.waiting.postMessage({ type: 'skip-waiting' });
    } else {
      location.reload();
    }
  };
  waiting();
  if (container.controller) ready(container.controller);
  // Look for a new version now and then while the page stays open (typing for hours).
  let checked = Date.now();
  const check = () => {
    if (!navigator.onLine || Date.now() - checked < 10 * 60 * 1000) return;
    checked = Date.now();
    registration.update().catch(() => {});
  };
  setInterval(check, 30 * 60 * 1000);
  addEventListener('online', check);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
}

/** Compiles the wasm while it downloads; servers without the `application/wasm` type (common on
 *  intranet servers) get the slower whole-file way instead of a failure. */
async function compileWasm() {
  const response = await fetch(here('wasm'));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (response.headers.get('content-type')?.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** A start-up that failed says so, in the page, instead of leaving it blank. */
function showStartFailure(error) {
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.className = 'start-failure';
  const title = document.createElement('h1');
  title.textContent = '述职报告向导未能启动';
  const body = document.createElement('p');
  body.textContent =
    '程序文件没有完整下载，或浏览器不支持 WebAssembly。请刷新页面重试；仍不行时，请换用新版 Chrome、Edge、Firefox 或 360 浏览器（极速模式）。已保存的报告仍在本机，不会丢失。';
  const detail = document.createElement('p');
  detail.className = 'start-failure-detail';
  detail.textContent = `原因：${error?.message ?? error}`;
  box.append(title, body, detail);
  document.body.append(box);
}

try {
  // The wasm compiles while the JS glue and config.json arrive (the fetch takes the <link
  // rel=preload> download): config.json is not on the start-up's critical path.
  const [{ default: init }, boot, module] = await Promise.all([import(here('js').href), loadBoot(), compileWasm()]);
  globalThis.shuzhiBoot = boot;
  await init({ module_or_path: module });
} catch (error) {
  showStartFailure(error);
}
await registerWorker();
