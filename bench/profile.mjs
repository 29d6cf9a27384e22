// Where the time goes when a `make bench` target is missed: a CPU profile (DevTools protocol,
// sampling every 50 µs) of typing in the ≈20,000-character draft, or of cold start-up, with the
// app's wasm swapped for the same build carrying its name section (target/bench/wasm/named.wasm,
// the code identical to dist's), so wasm frames have Rust names. Prints self time by crate /
// module / JS file, the top functions by self time, and inclusive time. `make bench` runs the
// typing profile itself when the typing target is missed.
//
//   node bench/profile.mjs typing [keys]     (default 100 keystrokes)
//   node bench/profile.mjs startup [loads]   (default 5 cold loads)
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launchBrowser, repoRoot, distDir } from '../e2e/support.mjs';
import { DRAFTS, servedRoot, snapshot, openWithDraft, typing, wasmBreakdown } from './bench.mjs';
import { crateOf, sameCode } from './wasm-breakdown.mjs';
import { GLUE_MODULE, shortImportNames, withImportNames } from '../scripts/wasm-bytes.mjs';

/**
 * The named build of the served wasm: the one `make bench` made when its code is the served
 * build's, else made again from cargo's output — which must then be the served build too (the JS
 * glue is the served one's).
 */
export function namedWasm() {
  const served = existsSync(snapshot) ? snapshot : distDir;
  const files = readdirSync(served);
  const distWasm = path.join(served, files.find((f) => /^shuzhi-app-.*_bg\.wasm$/.test(f)));
  const named = path.join(repoRoot, 'target/bench/wasm/named.wasm');
  // A split build (scripts/split-wasm.mjs) serves half of the code: the named build is the whole,
  // which its glue runs as such once the imports have the glue's short names. Its code can't be
  // compared with the served half.
  const split = files.some((f) => f.endsWith('_split.wasm'));
  if (split) {
    if (!existsSync(named) || statSync(named).mtimeMs < statSync(distWasm).mtimeMs) wasmBreakdown(distWasm);
    const glue = readFileSync(path.join(path.dirname(named), 'shuzhi-app.js'), 'utf8');
    return withImportNames(readFileSync(named), GLUE_MODULE, shortImportNames(glue));
  }
  if (!existsSync(named) || !sameCode(named, distWasm)) wasmBreakdown(distWasm);
  if (!sameCode(named, distWasm)) {
    throw new Error('cargo\'s wasm is not the served build (did another build run meanwhile?): run `make build`, then try again');
  }
  return readFileSync(named);
}

/** Serve the named build in place of dist's wasm (the loader's URL has `_bg.wasm` in its query: match the
 *  path; and only the app's, not the lazy part's, which its worker fetches through the page's routes). */
export const useNamed = (bytes) => (page) =>
  page.route((url) => /\/shuzhi-app-[^/]*_bg\.wasm$/.test(url.pathname), (route) => route.fulfill({ body: bytes, contentType: 'application/wasm' }));

/** Self and inclusive time (ms) by function, and self time by crate, from a V8 CPU profile. */
export function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const name = f.functionName || '(anonymous)';
    if (f.url.endsWith('.wasm')) return name.replace(/^\$/, '');
    if (!f.url) return name;
    return `${name} [${path.basename(f.url.split('?')[0])}]`;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = byId.get(profile.samples[i]);
    const name = label(leaf);
    if (name === '(idle)') continue;
    total += dt;
    self.set(name, (self.get(name) ?? 0) + dt);
    const seen = new Set();
    for (let n = leaf; n; n = byId.get(parent.get(n.id))) {
      const l = label(n);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
    }
  }
  const group = (name) => {
    if (name.startsWith('(')) return name;
    if (name.includes(' [')) return `JS ${name.slice(name.indexOf('[') + 1, -1)}`;
    return crateOf(name);
  };
  const groups = new Map();
  for (const [name, t] of self) groups.set(group(name), (groups.get(group(name)) ?? 0) + t);
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { total, groups: top(groups, 20), self: top(self, 25), inclusive: top(inclusive, 30) };
}

/** A typing profile in the ×10 draft: { chars, keys, summary } (times summed over `keys`). */
export async function profileTyping(browser, server, keys = 100) {
  // No service worker here: its install would fetch the real wasm through the route and fail
  // the hash check. (Playwright's blocking makes register() resolve to undefined: the loader's
  // error about it is expected.)
  const session = await openWithDraft(browser, server, DRAFTS[1], { prepare: useNamed(namedWasm()), worker: false });
  try {
    await typing(session.page, 20); // warm-up
    const cdp = await session.context.newCDPSession(session.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await typing(session.page, keys);
    const { profile } = await cdp.send('Profiler.stop');
    return { chars: session.chars, keys, summary: summarise(profile) };
  } finally {
    await session.context.close();
  }
}

async function profileStartup(browser, server, loads) {
  const bytes = namedWasm();
  const all = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await useNamed(bytes)(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('step-heading'));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    all.push(summarise((await cdp.send('Profiler.stop')).profile));
    await context.close();
  }
  const add = (key, n) => {
    const m = new Map();
    for (const s of all) for (const [k, v] of s[key]) m.set(k, (m.get(k) ?? 0) + v);
    return [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  };
  return { total: all.reduce((a, s) => a + s.total, 0), groups: add('groups', 20), self: add('self', 25), inclusive: add('inclusive', 30) };
}

export function printSummary(title, s, runs, { groups = 20, self = 25, inclusive = 30 } = {}) {
  const lines = [];
  const row = ([name, t]) => `     ${(t / runs).toFixed(2).padStart(7)} ms ${((t / s.total) * 100).toFixed(1).padStart(5)} %  ${name.slice(0, 110)}`;
  lines.push(`${title}: ${(s.total / runs).toFixed(2)} ms of CPU per run, ${runs} runs`);
  if (groups) lines.push('   self time by crate / module / JS file:', ...s.groups.slice(0, groups).map(row));
  if (self) lines.push('   self time by function:', ...s.self.slice(0, self).map(row));
  if (inclusive) lines.push('   inclusive time by function:', ...s.inclusive.slice(0, inclusive).map(row));
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [what = 'typing', count] = process.argv.slice(2);
  const server = await serveDist({ root: servedRoot() });
  const browser = await launchBrowser();
  try {
    if (what === 'typing') {
      const p = await profileTyping(browser, server, Number(count ?? 100));
      console.log(printSummary(`typing in "${DRAFTS[1].name}" (${p.chars} characters), per keystroke incl. the frame after it`, p.summary, p.keys));
    } else if (what === 'startup') {
      const loads = Number(count ?? 5);
      console.log(printSummary('cold start-up → first step painted (includes Playwright\'s own polling)', await profileStartup(browser, server, loads), loads));
    } else {
      throw new Error(`unknown profile "${what}": typing | startup`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
