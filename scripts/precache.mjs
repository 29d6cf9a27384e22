// Writes the precache list of a build into its service worker (assets/sw.js → <dir>/sw.js):
// every file of the build with its SHA-256, and a version derived from them. Trunk runs it as a
// post_build hook (Trunk.toml) on the staging directory, so dist/ never holds a sw.js that lists
// other files than its own. Running it again on the same directory gives the same sw.js.
//
//   node scripts/precache.mjs [dir]     dir defaults to $TRUNK_STAGING_DIR
//
// Left out: sw.js itself (the browser keeps the worker script), and config.json, which belongs
// to the portal (it may be edited after deployment; the worker fetches it network-first).
// Debug builds (TRUNK_PROFILE=debug, `make serve`) get an empty list: nothing cached while
// developing, so a rebuild shows at the next reload.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/precache.mjs DIR (or run by Trunk with TRUNK_STAGING_DIR)');
  process.exit(2);
}
const EXCLUDED = new Set(['sw.js', 'config.json']);

function walk(root, rel = '') {
  return readdirSync(path.join(root, rel)).sort().flatMap((name) => {
    const file = rel ? `${rel}/${name}` : name;
    return statSync(path.join(root, file)).isDirectory() ? walk(root, file) : [file];
  });
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const swFile = path.join(dir, 'sw.js');
const sw = readFileSync(swFile, 'utf8');
const marker = /\/\*BUILD\*\/.*\/\*END\*\//;
if (!marker.test(sw)) {
  console.error(`${swFile}: no /*BUILD*/…/*END*/ marker`);
  process.exit(1);
}

// A file index.html loads with a query (the loader: app.js?js=…&wasm=…) is cached under that
// URL: a module's import.meta.url is the URL of the response, and the loader reads its query.
const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
const queries = new Map();
for (const m of html.matchAll(/\s(?:src|href)="(?:\.\/)?([^"?#]+)\?([^"#]*)"/g)) {
  queries.set(decodeURIComponent(m[1]), m[2].replaceAll('&amp;', '&'));
}
const debug = process.env.TRUNK_PROFILE === 'debug';
const files = debug
  ? []
  : walk(dir)
      .filter((file) => !EXCLUDED.has(file) && !file.startsWith('.'))
      .map((file) => ({
        path: queries.has(file) ? `${file}?${queries.get(file)}` : file,
        sha256: sha256(readFileSync(path.join(dir, file))),
      }));
const version = debug ? 'dev' : sha256(files.map((f) => `${f.path} ${f.sha256}\n`).join('')).slice(0, 16);
writeFileSync(swFile, sw.replace(marker, () => `/*BUILD*/${JSON.stringify({ version, files })}/*END*/`));
console.log(`sw.js: build ${version}, ${files.length} files precached`);
