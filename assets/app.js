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
//
// It also ends the page's static states (index.html #boot, styles/app.css): the loading text goes
// once the app has started, or gives way to a Chinese message saying why it could not.
//
// Written so that browsers below the supported floor (README 支持的浏览器) can still run it and say
// so: ES2017 syntax plus import() and import.meta (Chrome 64, Firefox 67, Safari 11.1) — no ?. or
// ??, no top-level await, no globalThis. e2e/compat.test.mjs checks this with eslint.
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
      const parsed = JSON.parse(boot.config === null ? 'null' : boot.config);
      const value = parsed && parsed.templateUrl;
      if (typeof value === 'string') named = value.trim();
    } catch (error) {
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
const platform = (window.shuzhiPlatform = {
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
  } catch (error) {
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
  } catch (error) {
    registration = undefined;
  }
  // No registration: it failed, or the browser (or an automation tool) blocks service workers.
  if (!registration) {
    platform.note = 'failed';
    changed();
    return;
  }
  let reloading = false;
  const ready = (worker, keep = []) => worker.postMessage({ type: 'version', keep });
  container.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'version') return;
    platform.offline = event.data.files.length > 0;
    // A deploy landed between this page's load and the worker's install: the cache holds
    // another build than the one running. Reloading gets the cached one.
    if (platform.offline && !event.data.files.includes(query.get('js'))) platform.update = true;
    changed();
  });
  if (container.startMessages) container.startMessages(); // Chrome 74; messages flow anyway after load
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
    if (worker) worker.addEventListener('statechange', () => worker.state === 'installed' && waiting());
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
  if ((response.headers.get('content-type') || '').split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * A 75-byte module using every WebAssembly feature the app's build needs (e2e/compat.test.mjs
 * keeps the two in step): multi-value, an externref table with table.get (reference types),
 * memory.copy (bulk memory), i32.extend8_s (sign extension), i32.trunc_sat_f32_s (non-trapping
 * float-to-int). Compiling it also asks the page's CSP: browsers before Chrome/Edge 97, Firefox 102
 * and Safari 16 only compile WebAssembly under 'unsafe-eval', which this page never grants.
 */
const FLOOR_PROBE = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x09, 0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x02, 0x7f, 0x7f, // types: () -> (), () -> (i32, i32)
  0x03, 0x03, 0x02, 0x00, 0x01, // two functions, one of each type
  0x04, 0x04, 0x01, 0x6f, 0x00, 0x00, // a table of externref
  0x05, 0x03, 0x01, 0x00, 0x00, // a memory
  0x0a, 0x26, 0x02, // code: two bodies
  0x1d, 0x00, // 29 bytes, no locals
  0x41, 0x00, 0x25, 0x00, 0x1a, // table.get 0, drop
  0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x00, 0x00, // memory.copy
  0x41, 0x00, 0xc0, 0x1a, // i32.extend8_s, drop
  0x43, 0x00, 0x00, 0x00, 0x00, 0xfc, 0x00, 0x1a, // i32.trunc_sat_f32_s, drop
  0x0b,
  0x06, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0b, // returns two values
];

/** Whether this browser may and can compile the app's WebAssembly (see FLOOR_PROBE). */
function canRunApp() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.Module !== 'function') return false;
  try {
    return new WebAssembly.Module(new Uint8Array(FLOOR_PROBE)) instanceof WebAssembly.Module;
  } catch (error) {
    return false;
  }
}

const TOO_OLD = {
  title: '浏览器版本太旧，述职报告向导无法运行',
  body:
    '述职报告向导需要 Chrome 或 Edge 97 及以上、Firefox 102 及以上、Safari 16 及以上，或内核不旧于 Chrome 97 的 360、QQ 等浏览器（极速模式）。请升级浏览器，或用新版 Chrome、Edge 打开本页。在本机保存过的报告不会丢失。',
};
const FAILED = {
  title: '述职报告向导未能启动',
  body:
    '程序文件没有完整下载，或浏览器不支持 WebAssembly。请刷新页面重试；仍不行时，请换用新版 Chrome、Edge、Firefox 或 360 浏览器（极速模式）。已保存的报告仍在本机，不会丢失。',
};

/** A start-up that failed says so, in place of the loading text, instead of leaving it there. */
function showStartFailure(message, error) {
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.className = 'start-failure';
  const title = document.createElement('h1');
  title.textContent = message.title;
  const body = document.createElement('p');
  body.textContent = message.body;
  box.append(title, body);
  if (error !== undefined) {
    const detail = document.createElement('p');
    detail.className = 'start-failure-detail';
    detail.textContent = `原因：${error && error.message ? error.message : error}`;
    box.append(detail);
  }
  const loading = document.getElementById('boot-loading');
  if (loading) loading.replaceWith(box);
  else document.body.append(box);
}

/** The app has started: the static states go (Yew may have cleared <body> already). */
function endBoot() {
  const boot = document.getElementById('boot');
  if (boot) boot.remove();
}

/**
 * Opens the crash journal (src/ui/adapters/journal.rs: the same database, version and store)
 * while the wasm compiles: the first open creates the database, tens of milliseconds the app
 * would otherwise wait for before its first screen. The app takes the promise from
 * `window.shuzhiJournal` (null: it opens the journal itself). Not with the passphrase lock on:
 * the journal holds plain text, so the app never opens it then.
 */
function openJournal() {
  try {
    if (localStorage.getItem('shuzhi.lock') !== null) return null;
    const request = indexedDB.open('shuzhi-journal', 1);
    return new Promise((resolve) => {
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains('drafts')) request.result.createObjectStore('drafts');
      };
      request.onsuccess = () => {
        // Another tab deleting the journal (it turned the lock on) must not wait for this page.
        request.result.onversionchange = () => request.result.close();
        resolve(request.result);
      };
      request.onerror = () => resolve(null);
    });
  } catch (error) {
    return null; // no storage here (a sandboxed frame, some private modes): the app says so
  }
}

/**
 * Reads every entry of the opened journal (the same store the app reads: src/ui/adapters/journal.rs
 * `read_all`), so the app has them when it starts instead of asking then. Resolves to the array,
 * or null (no journal, or it could not be read: the app then starts without what it holds, as it
 * did when its own read failed).
 */
function readJournal(opened) {
  if (!opened) return null;
  return opened.then(
    (db) =>
      db &&
      new Promise((resolve) => {
        try {
          const request = db.transaction('drafts', 'readonly').objectStore('drafts').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(null);
        } catch (error) {
          resolve(null);
        }
      }),
  );
}

/**
 * The second half of the app's code (scripts/split-wasm.mjs): what the first step does not run is
 * in `<name>_split.wasm`. Until it is instantiated, each of its functions is a placeholder in the
 * first half's function table; instantiating it overwrites the slots with the real functions.
 * It is fetched once the first step is shown (`load`). A placeholder called before then (a click
 * in the first moment) loads it at once, synchronously, so the call still completes; if even that
 * fails (the network went away between the two files) the page says so in Chinese — everything
 * typed so far is already saved — and the action stops.
 */
const split = (window.shuzhiSplit = (function () {
  let primary = null; // the first half's exports: memory, tables, globals, functions
  let loaded = false;
  let failed = false;
  const url = () => new URL(query.get('wasm').replace(/_bg\.wasm$/, '_split.wasm'), import.meta.url);
  let compiled = null;
  const imports = () => ({ m: primary }); // the namespace: scripts/split-wasm.mjs
  // Asynchronously: Chromium until 2023 (the floor is 97) refuses to compile or instantiate more
  // than 4 KB synchronously on the page. A second instance would only write the same slots again.
  const instantiate = (module) =>
    loaded ? undefined : WebAssembly.instantiate(module, imports()).then(() => {
      loaded = true;
    });
  function loadNow() {
    // Synchronous XHR cannot ask for an ArrayBuffer in a window: bytes come as x-user-defined text.
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url(), false);
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    xhr.send();
    if (xhr.status !== 200) throw new Error(`HTTP ${xhr.status}`);
    const text = xhr.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    // The last resort is synchronous by nature (the call waits for it): newer browsers allow it.
    new WebAssembly.Instance(new WebAssembly.Module(bytes), imports());
    loaded = true;
  }
  function unavailable(error) {
    if (!failed) {
      failed = true;
      const box = document.createElement('div');
      box.setAttribute('role', 'alert');
      box.className = 'split-failure';
      const text = document.createElement('p');
      // Before the first step is on screen (a report of another template opening) no action of
      // the user's was lost: the report did not open.
      text.textContent = document.getElementById('step-heading') ? SPLIT_FAILED : SPLIT_FAILED_AT_START;
      const reload = document.createElement('button');
      reload.type = 'button';
      reload.textContent = '刷新页面';
      reload.addEventListener('click', () => location.reload());
      box.append(text, reload);
      document.body.append(box);
      reload.focus();
    }
    throw error;
  }
  let retryDelay = 1000;
  let retrying = false;
  function retry() {
    if (retrying || loaded) return;
    retrying = true;
    const again = () => {
      retrying = false;
      removeEventListener('online', again);
      split.load();
    };
    setTimeout(again, retryDelay);
    addEventListener('online', again);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }
  const placeholder = (index) =>
    function () {
      split.ensure();
      return primary.table.get(index).apply(null, arguments);
    };
  return {
    // Instantiating the first half asks once for each `p[<slot>]`.
    placeholders: new Proxy({}, {
      get: (target, name) => (typeof name === 'string' ? placeholder(Number(name)) : undefined),
    }),
    /** The first half's exports, from the glue; whether this loader runs its main (a split
     *  module: see main() below) or the glue does (a whole one). */
    attach(exports, module) {
      primary = exports;
      return isSplit(module);
    },
    loaded: () => loaded,
    /** The second half, now: for a placeholder, and for the app before it reads a built-in
     *  template other than the default (their texts come with the second half:
     *  src/report/template.rs `set_texts_source`). Throws if it can't be had. */
    ensure() {
      if (loaded) return;
      split.early += 1;
      try {
        loadNow();
      } catch (error) {
        unavailable(error);
      }
    },
    /** How many calls needed the second half before it was there (e2e/first-load.test.mjs). */
    early: 0,
    /** Whether main started with the second half in place (e2e/split.test.mjs). */
    startedWhole: false,
    /** Starts downloading and compiling the second half (once). */
    prefetch() {
      if (!compiled) {
        compiled = fetch(url()).then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.arrayBuffer();
        }).then((bytes) => WebAssembly.compile(bytes));
        compiled.catch(() => {
          compiled = null; // a placeholder or the next call tries again
        });
      }
      return compiled;
    },
    /** Fetches and instantiates the second half (once); resolves either way. A failed download
     *  is tried again, less and less often, and as soon as the browser is back online. */
    load() {
      if (loaded) return Promise.resolve();
      return this.prefetch().then(instantiate).catch(() => retry());
    },
  };
})());

const SPLIT_FAILED =
  '部分程序文件没有下载完整，刚才的操作没有完成。已输入的内容都已保存在本机，不会丢失。请检查网络后刷新页面。';
const SPLIT_FAILED_AT_START =
  '部分程序文件没有下载完整，报告还没有打开。本机保存的报告都在，不会丢失。请检查网络后刷新页面。';

/** Whether this build is split in two (the first half imports placeholders). */
const isSplit = (module) => WebAssembly.Module.imports(module).some((entry) => entry.module === 'p');

/** Runs `job` once the next frame is painted (the first step is on screen by then). */
const afterPaint = (job) => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(job()), 0)));

/** Whether a service worker serves this page: then this build is cached in the browser. */
function fromCache() {
  try {
    return Boolean(navigator.serviceWorker && navigator.serviceWorker.controller);
  } catch (error) {
    return false; // a sandboxed frame without allow-same-origin
  }
}

/** Whether the first half came from the browser's HTTP cache (no service worker: intranets on
 *  plain http): then this is not the first visit, and the second half is most likely there too. */
function wasmFromHttpCache() {
  try {
    const entries = performance.getEntriesByName(here('wasm').href);
    return entries.length > 0 && entries.every((entry) => entry.transferSize === 0 && entry.decodedBodySize > 0);
  } catch (error) {
    return false;
  }
}

/** Whether the first step may need a built-in template other than the default, whose text comes
 *  with the second half: the portal names one (config.json or `?template=`), or this browser has
 *  reports already (one may use another template) though neither cache had this build. */
function templatesAtStart(boot) {
  try {
    const named = (value) => typeof value === 'string' && value.trim() !== '';
    if (named(new URLSearchParams(location.search).get('template'))) return true;
    const config = JSON.parse(boot.config === null ? 'null' : boot.config);
    if (config && named(config.template)) return true;
  } catch (error) {
    // a broken config.json: the app reports it and uses the default template
  }
  try {
    return localStorage.getItem('shuzhi.index') !== null; // src/report/library.rs INDEX_KEY
  } catch (error) {
    return false; // no storage here: no reports either
  }
}

/**
 * Resolves once the page's markup is parsed. This script is `async` (Trunk.toml pattern_script):
 * it runs as soon as it arrives, without waiting for the stylesheets, so the wasm compiles
 * sooner; whatever touches the page (the app renders into <body>, the messages replace
 * #boot-loading) waits for this first. index.html is small, so it has almost always been parsed.
 */
const parsed = new Promise((resolve) => {
  if (document.readyState !== 'loading') resolve();
  else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
});

async function main() {
  if (!canRunApp()) {
    // Nothing more is downloaded: the wasm could not run here anyway.
    await parsed;
    showStartFailure(TOO_OLD);
    return;
  }
  window.shuzhiJournal = openJournal();
  window.shuzhiJournalEntries = readJournal(window.shuzhiJournal);
  try {
    // The wasm compiles while the JS glue and config.json arrive (the fetch takes the <link
    // rel=preload> download).
    // Cached (a service worker serves the page): the second half comes from the disk in
    // milliseconds, so it is fetched beside the first and in place before main runs.
    const cached = fromCache();
    if (cached) split.prefetch().catch(() => {}); // not a split build: nothing to fetch, no harm
    const booting = loadBoot(); // never rejects
    const [glue, module] = await Promise.all([import(here('js').href), compileWasm(), parsed]);
    const isSplitBuild = isSplit(module);
    // A split build's main waits for this script, so it is instantiated while config.json may
    // still be on its way; a whole build runs main as it is instantiated, which needs the
    // portal's settings first.
    const [boot, instance] = await Promise.all([booting, isSplitBuild ? glue.default({ module_or_path: module }) : null]);
    window.shuzhiBoot = boot;
    const exports = instance || (await glue.default({ module_or_path: module }));
    if (isSplitBuild) {
      // Where the second half is at hand, main waits for it: a placeholder's synchronous
      // fallback is refused offline and, in Chromium before 2023 (360 and QQ cores among them),
      // for any file over 4 KB. Only a first visit starts without it.
      if (cached || wasmFromHttpCache() || templatesAtStart(boot)) await split.load();
      split.startedWhole = split.loaded();
      exports.__wbindgen_start(); // the split glue leaves main to us (scripts/split-wasm.mjs)
    }
    endBoot();
    // First visit: the second half once the first step is painted, before the service worker,
    // whose precache then finds it in the HTTP cache instead of downloading it again.
    if (isSplitBuild) await afterPaint(() => split.load());
  } catch (error) {
    await parsed;
    showStartFailure(FAILED, error);
  }
  await registerWorker();
}

main();
