// Minifies the first load's JavaScript (issue 15: ≈ 6 KB gzip): the loader (assets/app.js) and
// wasm-bindgen's glue of the app. Trunk's own minifier cannot parse the glue's `export default`
// (Trunk.toml; it does minify the lazy part's classic-script glue), so terser does it, from
// e2e/'s npm packages like the rest of the build's tools. Trunk runs it as a post_build hook after
// scripts/split-wasm.mjs (the glue it patches) and before scripts/precache.mjs (the hashes).
//
//   node scripts/minify-js.mjs [dir]      dir defaults to $TRUNK_STAGING_DIR
//
// Output stays at the syntax the input has (ES2017 for the loader, assets/app.js's floor):
// terser is told `ecma: 2017` and so never writes anything newer. Names of a module's exports and
// of properties are kept (the glue's imports object is what the wasm looks up by name); only
// local names are shortened and comments and white space dropped. A file index.html loads with
// an integrity value gets the new one. Debug builds (TRUNK_PROFILE=debug) stay readable.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/minify-js.mjs DIR (or run by Trunk with TRUNK_STAGING_DIR)');
  process.exit(2);
}
if (process.env.TRUNK_PROFILE === 'debug') {
  console.log('minify-js: not minifying (debug build)');
  process.exit(0);
}

const { minify } = await import(path.join(root, 'e2e/node_modules/terser/main.js'));
/** The first load's ES modules: the loader and the app's glue. */
const MODULES = [/^app\.js$/, /^shuzhi-app-[0-9a-f]+\.js$/];
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

const htmlFile = path.join(dir, 'index.html');
let html = readFileSync(htmlFile, 'utf8');
let before = 0;
let after = 0;
for (const name of readdirSync(dir).sort()) {
  if (!MODULES.some((p) => p.test(name))) continue;
  const file = path.join(dir, name);
  const source = readFileSync(file, 'utf8');
  const { code } = await minify(source, {
    module: true,
    ecma: 2017,
    compress: { ecma: 2017, passes: 2 },
    mangle: true,
    format: { ecma: 2017, comments: false },
  });
  if (!code) throw new Error(`${name}: terser gave nothing`);
  html = html.replace(sri(Buffer.from(source)), sri(Buffer.from(code)));
  writeFileSync(file, code);
  before += source.length;
  after += code.length;
}
writeFileSync(htmlFile, html);
console.log(`minify-js: ${before} → ${after} bytes`);
