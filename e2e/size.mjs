// What the first page load transfers, and its gzip -9 size: index.html plus every file it
// references (stylesheets, icon, the loader, the preloaded JS and wasm, and the files named in the
// loader's URL). `make size` prints it; e2e/first-load.test.mjs checks it against what the browser
// really fetched and against the budget.
//
//   node e2e/size.mjs [dist]
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** First-load target, gzip -9 bytes (issue 9; docs/design.md: the JS way ships ≈ 154 KB). Reported by
 * `make size` and `make bench`; the current build misses it (see README, 性能与体积). */
export const BUDGET_BYTES = 250 * 1024;
/** What `make test` enforces meanwhile: a ceiling just above today's build, so any growth fails a
 * test and has to be argued for. Lower it whenever the bundle shrinks; never raise it silently.
 * Raised from 500 to 505 KB by the UI restructuring (issue 14): gloo's listeners, timers and file
 * reading and the app logic's typed errors cost ≈ 4.9 KB gzip (495.6 → 500.5 KB); the lazy part of
 * issue 15 takes it back many times over. */
export const CEILING_BYTES = 505 * 1024;

/** Files (relative to dist) the first load of dist/index.html fetches, sorted. */
export function firstLoadFiles(dist) {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = new Set(['index.html']);
  // Quoted or not: the release build's HTML is minified.
  for (const m of html.matchAll(/\s(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const value = (m[1] ?? m[2] ?? m[3]).replaceAll('&amp;', '&');
    const url = new URL(value, 'http://host/base/');
    if (url.origin !== 'http://host' || !url.pathname.startsWith('/base/')) {
      throw new Error(`index.html refers outside the app: ${value}`);
    }
    files.add(decodeURIComponent(url.pathname.slice('/base/'.length)));
    // The loader's own URL names the files it imports (Trunk.toml pattern_script).
    for (const name of url.searchParams.values()) files.add(name);
  }
  // The loader fetches the portal's config.json beside index.html before starting (README 嵌入内网门户).
  if (existsSync(path.join(dist, 'config.json'))) files.add('config.json');
  return [...files].sort();
}

/** gzip -9 size of each file: [{ file, bytes, gzip }]. */
export function sizes(dist, files = firstLoadFiles(dist)) {
  return files.map((file) => {
    const data = readFileSync(path.join(dist, file));
    const gzip = gzipSync(data, { level: constants.Z_BEST_COMPRESSION }).length;
    return { file, bytes: data.length, gzip };
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = path.resolve(process.argv[2] ?? 'dist');
  const rows = sizes(dist);
  const width = Math.max(...rows.map((r) => r.file.length));
  console.log(`${'file'.padEnd(width)}  ${'size'.padStart(9)}  ${'gzip -9'.padStart(9)}`);
  for (const r of rows) {
    console.log(`${r.file.padEnd(width)}  ${kb(r.bytes).padStart(9)}  ${kb(r.gzip).padStart(9)}`);
  }
  const total = rows.reduce((a, r) => a + r.gzip, 0);
  const raw = rows.reduce((a, r) => a + r.bytes, 0);
  console.log(`${'total'.padEnd(width)}  ${kb(raw).padStart(9)}  ${kb(total).padStart(9)}  (${total} bytes gzip; budget ${kb(BUDGET_BYTES)})`);
  // Reported, not enforced here: e2e/first-load.test.mjs fails `make test` when over budget.
  if (total > BUDGET_BYTES) console.log(`over budget by ${kb(total - BUDGET_BYTES)}`);
}
