// The service worker: the app works offline after one visit, and a new version never mixes with
// the old one.
//
// - BUILD (below) lists every file of this build with its SHA-256. scripts/precache.mjs writes it
//   at build time (Trunk.toml post_build hook), so each build's sw.js differs byte for byte and the
//   browser sees a new version exactly when a file changed.
// - Install fetches every file and checks its hash: a half-deployed update (new sw.js, some old
//   files still on the server or in a proxy) fails to install and the old version keeps running.
//   It takes what the page has just downloaded from the HTTP cache first (fetchVerified), so a
//   first visit downloads each file once.
// - Each build has its own cache; the active worker answers only from its own cache, so a page
//   always gets files of one build. Old caches go when a new worker activates.
// - A new worker waits until the user clicks 保存后刷新 (the page posts `skip-waiting`) or every
//   tab of the old version is closed. Nothing here calls skipWaiting() on its own.
// - config.json and portal template files are not part of the build: network first, with the
//   last good copy kept for offline use.
const BUILD = /*BUILD*/{"version":"unbuilt","files":[]}/*END*/;

// Several copies of the app can live on one origin (different sub-paths): the scope keeps their
// caches apart, so one never deletes the other's.
const PREFIX = `shuzhi ${self.registration.scope} `;
const CACHE = PREFIX + BUILD.version;
const RUNTIME = PREFIX + 'runtime';
const base = new URL('./', self.location.href);
const byPath = new Map(BUILD.files.map((f) => [new URL(f.path, base).pathname, f]));

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** The response's bytes are the file's of this build. */
async function matches(file, response) {
  if (!response.ok) return false;
  const body = await response.clone().arrayBuffer();
  return hex(await crypto.subtle.digest('SHA-256', body)) === file.sha256;
}

/**
 * Fetches a file of the build and returns it only if its bytes are the ones listed.
 *
 * A first visit has just downloaded most of these files: `force-cache` takes the HTTP cache's copy,
 * however old, so the page and the precache share one download — also from a server that sends
 * no ETag or Last-Modified, where a revalidation would download everything again. The hash decides:
 * a cached copy of another build (index.html, the icons keep their names) is fetched again with
 * `no-cache` (a 304 when the server has validators), and only the listed bytes are kept.
 */
async function fetchVerified(file) {
  const url = new URL(file.path, base).href;
  const cached = await fetch(url, { cache: 'force-cache' }).catch(() => null);
  if (cached && (await matches(file, cached))) return [url, cached];
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${file.path}: HTTP ${response.status}`);
  if (!(await matches(file, response))) throw new Error(`${file.path}: not the file of build ${BUILD.version}`);
  return [url, response];
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    if (!BUILD.files.length) return; // a development build: nothing cached, nothing intercepted
    const cache = await caches.open(CACHE);
    try {
      const fetched = await Promise.all(BUILD.files.map(fetchVerified));
      // Written only once every file is verified: the cache is complete or empty.
      await Promise.all(fetched.map(([url, response]) => cache.put(url, response)));
    } catch (error) {
      await caches.delete(CACHE);
      throw error; // the install fails; the browser keeps the old worker and tries again later
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE && key !== RUNTIME) await caches.delete(key);
    }
    // The first version takes the page that installed it (nothing older to mix with); a later
    // one only activates after 保存后刷新 or when no old page is left, and the page reloads.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'skip-waiting') {
    self.skipWaiting();
  } else if (type === 'version' && event.source) {
    const client = event.source;
    event.waitUntil((async () => {
      // The portal's files the page fetched before this worker controlled it (config.json, a
      // template): kept for offline starts. Only this app's own directory, never elsewhere. The
      // page has just fetched them revalidated (`no-cache`), so the HTTP cache's copy is current:
      // `force-cache` keeps it without downloading it again.
      const keep = Array.isArray(event.data.keep) ? event.data.keep : [];
      for (const href of keep.slice(0, 8)) {
        const url = new URL(String(href), base);
        if (url.origin === self.location.origin && url.pathname.startsWith(base.pathname) && !byPath.has(url.pathname)) {
          await networkFirst(new Request(url, { cache: 'force-cache' })).catch(() => {});
        }
      }
      client.postMessage({ type: 'version', version: BUILD.version, files: BUILD.files.map((f) => f.path) });
    })());
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !BUILD.files.length) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(base.pathname)) return;
  // The app's own files, whatever the query (index.html?org=…); the loader is cached under the
  // URL index.html gives it (app.js?js=…&wasm=…: it reads the file names from its own URL).
  let file = byPath.get(url.pathname);
  if (!file && request.mode === 'navigate' && url.pathname === base.pathname) {
    file = byPath.get(base.pathname + 'index.html');
  }
  if (file) {
    event.respondWith(fromBuild(request, new URL(file.path, base).href));
  } else if (request.mode !== 'navigate') {
    event.respondWith(networkFirst(request));
  }
});

async function fromBuild(request, key) {
  const cache = await caches.open(CACHE);
  // Missing only if the browser evicted the cache: the network still has a whole build.
  return (await cache.match(key)) || fetch(request);
}

async function networkFirst(request) {
  const cache = await caches.open(RUNTIME);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}
