// Splits the app's wasm in two (issue 15): what the first step runs stays in the first load, the
// rest (the other pages, the dialogs, the checks, the rarely used code of every crate) goes into
// `<name>_split.wasm`, which assets/app.js fetches once the first step is shown. Trunk runs it as a
// post_build hook (Trunk.toml), before scripts/precache.mjs, on the staging directory.
//
//   node scripts/split-wasm.mjs [dir]       dir defaults to $TRUNK_STAGING_DIR
//
// How (docs/design.md §5, 按需加载):
// 1. Binaryen's `wasm-split --instrument` makes a copy of the module that records which functions
//    ran; this script serves the build with that copy and drives Chromium through the first step
//    (a fresh start and typing; a reload with that draft and typing), then reads the record.
// 2. `wasm-split --profile` keeps exactly those functions in the primary module. Every other
//    function moves to the secondary module; the primary calls it through its function table,
//    whose slot holds a placeholder (an import the loader provides) until the secondary module is
//    instantiated and its element segments overwrite the slots with the real functions.
// 3. Both modules get wasm-opt -Oz (what Trunk gives the unsplit module), the JS glue gets the
//    placeholder imports, the files get a new content hash in their names (a primary and a
//    secondary from different builds must never meet in a cache), index.html its new integrity.
//
// The profile comes from this very build, so it can never be stale: a function the first step
// needs but the profile missed still works, through the loader's synchronous fallback.
//
// Tools: wasm-split is Binaryen 108 (Debian's package, unpacked into .tools/ by scripts/setup.sh;
// npm's binaryen has no wasm-split). It predates two things our build has, worked around here:
// it cannot read `table.fill` (wasm-bindgen's externref shims clear one slot with it: rewritten as
// the equivalent `table.set`), and it writes a table export against the wrong table (pointed back
// at the externref table). wasm-dis, wasm-as and wasm-opt are the npm binaryen 123 Trunk uses.
//
// Debug builds (TRUNK_PROFILE=debug) and SHUZHI_SPLIT=0 leave the build unsplit (bench's
// before/after compares the two).
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync, cpSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/split-wasm.mjs DIR (or run by Trunk with TRUNK_STAGING_DIR)');
  process.exit(2);
}
if (process.env.TRUNK_PROFILE === 'debug' || process.env.SHUZHI_SPLIT === '0') {
  console.log('split-wasm: not splitting (debug build or SHUZHI_SPLIT=0)');
  process.exit(0);
}

/** The WebAssembly features of the build (assets/app.js FLOOR_PROBE), and nothing newer: Binaryen
 *  108 reads no GC types, and with them off Binaryen 123 writes `ref.null extern` as 108 reads it. */
const FEATURES = [
  '--enable-reference-types',
  '--enable-bulk-memory',
  '--enable-multivalue',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-mutable-globals',
];
/** The import namespaces, one letter each: the first half imports a placeholder per moved
 *  function (`p`), the second half everything of the first half it uses (`m`); "placeholder" and
 *  "primary", wasm-split's defaults, cost 14 KB in the first half (0.3 KB gzip; assets/app.js). */
const NAMESPACES = ['--placeholder-namespace', 'p', '--import-namespace', 'm'];
/** SHUZHI_SPLIT_NAMES=1 keeps the function names (for bench/wasm-breakdown.mjs on the halves). */
const names = process.env.SHUZHI_SPLIT_NAMES === '1' ? ['-g'] : [];
const npmBin = (name) => path.join(root, 'e2e/node_modules/.bin', name);
const binaryen108 = path.join(root, '.tools/binaryen-108/usr');
const run = (file, args, env = {}) => execFileSync(file, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
const wasmSplit = (args) =>
  run(path.join(binaryen108, 'bin/wasm-split'), [...FEATURES, ...args], {
    LD_LIBRARY_PATH: path.join(binaryen108, 'lib/x86_64-linux-gnu'),
  });
if (!existsSync(path.join(binaryen108, 'bin/wasm-split'))) {
  console.error('split-wasm: .tools/binaryen-108 is missing: run scripts/setup.sh');
  process.exit(1);
}

const appWasm = readdirSync(dir).find((f) => /^shuzhi-app-[0-9a-f]+_bg\.wasm$/.test(f));
if (!appWasm) {
  console.error(`split-wasm: no shuzhi-app-*_bg.wasm in ${dir}`);
  process.exit(1);
}
const stem = appWasm.replace(/_bg\.wasm$/, '');
const glueFile = `${stem}.js`;
const work = mkdtempSync(path.join(tmpdir(), 'shuzhi-split-'));
const at = (name) => path.join(work, name);

try {
  // 1. The module as wasm-split 108 can read it.
  run(npmBin('wasm-dis'), [path.join(dir, appWasm), '-o', at('app.wat')]);
  const wat = readFileSync(at('app.wat'), 'utf8');
  const fill = /\(table\.fill (\$\S+)\n(\s*)\(local\.get (\$\S+)\)\n\s*\(ref\.null (?:no)?extern\)\n\s*\(i32\.const 1\)\n(\s*)\)/g;
  const lowered = wat.replace(fill, '(table.set $1\n$2(local.get $3)\n$2(ref.null noextern)\n$4)');
  if (lowered.includes('(table.fill')) throw new Error('a table.fill that is not a one-slot clear: wasm-split 108 cannot read it');
  writeFileSync(at('app.wat'), lowered);
  run(npmBin('wasm-as'), [...FEATURES, ...names, at('app.wat'), '-o', at('app.wasm')]);

  // 2. What the first step runs.
  wasmSplit(['--instrument', at('app.wasm'), '-o', at('instrumented.wasm')]);
  pointTableExportAtExternrefs(at('instrumented.wasm'));
  const profiles = await profileFirstStep(at('instrumented.wasm'));
  profiles.forEach((bytes, i) => writeFileSync(at(`run${i}.prof`), bytes));
  wasmSplit(['--merge-profiles', ...profiles.map((_, i) => at(`run${i}.prof`)), '-o', at('first-step.prof')]);

  // 3. Split, optimise, name by content.
  wasmSplit([...names, ...NAMESPACES, '--profile', at('first-step.prof'), at('app.wasm'), '-o1', at('primary.wasm'), '-o2', at('secondary.wasm')]);
  for (const part of ['primary', 'secondary']) {
    run(npmBin('wasm-opt'), [...FEATURES, ...names, '-Oz', at(`${part}.wasm`), '-o', at(`${part}.opt.wasm`)]);
  }
  pointTableExportAtExternrefs(at('primary.opt.wasm'));
  const primary = readFileSync(at('primary.opt.wasm'));
  const secondary = readFileSync(at('secondary.opt.wasm'));
  const glue = withPlaceholders(readFileSync(path.join(dir, glueFile), 'utf8'));
  const hash = createHash('sha256').update(primary).update(secondary).update(glue).digest('hex').slice(0, 16);
  const next = `shuzhi-app-${hash}`;

  let html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  html = html.replace(sri(readFileSync(path.join(dir, appWasm))), sri(primary));
  html = html.replace(sri(readFileSync(path.join(dir, glueFile))), sri(glue));
  html = html.replaceAll(stem, next);
  rmSync(path.join(dir, appWasm));
  rmSync(path.join(dir, glueFile));
  writeFileSync(path.join(dir, `${next}_bg.wasm`), primary);
  writeFileSync(path.join(dir, `${next}_split.wasm`), secondary);
  writeFileSync(path.join(dir, `${next}.js`), glue);
  writeFileSync(path.join(dir, 'index.html'), html);
  const gz = (b) => execFileSync('gzip', ['-9c'], { input: b, maxBuffer: 1 << 26 }).length;
  console.log(
    `split-wasm: first step ${primary.length} bytes (gzip ${gz(primary)}), rest ${secondary.length} bytes (gzip ${gz(secondary)}) → ${next}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The `integrity` value Trunk wrote for some bytes. */
function sri(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** The glue with the placeholder imports (assets/app.js `window.shuzhiSplit`), handing the
 *  instance's exports to the loader, which runs `main` of a split module itself. */
function withPlaceholders(glue) {
  const patches = [
    [/(\n(\s*)"\.\/shuzhi-app_bg\.js": import0,\n)/, '$1$2p: globalThis.shuzhiSplit.placeholders,\n'],
    // main runs when assets/app.js says: after the second half, when that is in this browser. A
    // whole module with this glue (bench/profile.mjs serves a named one) still runs main here.
    [/\n(\s*)wasm\.__wbindgen_start\(\);\n/, '\n$1if (!globalThis.shuzhiSplit.attach(wasm, module)) wasm.__wbindgen_start(); // else assets/app.js\n'],
  ];
  for (const [pattern, replacement] of patches) {
    if ((glue.match(new RegExp(pattern.source, 'g')) ?? []).length !== 1) {
      throw new Error(`wasm-bindgen's glue changed: ${pattern} should match once`);
    }
    glue = glue.replace(pattern, replacement);
  }
  return glue;
}

/**
 * Binaryen 108 writes an export of the externref table (`__wbindgen_externrefs`, which the glue
 * and the secondary module use) against table 0, the function table. Points it back, in place
 * (both indices are one LEB128 byte); a module already right is left as it is.
 */
function pointTableExportAtExternrefs(file) {
  const b = readFileSync(file);
  let p = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = b[p++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return result >>> 0;
  };
  const skipLimits = () => {
    const flags = b[p++];
    leb();
    if (flags & 1) leb();
  };
  let tables = 0;
  let externref = -1;
  let exportAt = -1;
  while (p < b.length) {
    const id = b[p++];
    const size = leb();
    const end = p + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        for (const _name of ['module', 'field']) {
          const length = leb(); // before `p +=`: reading p first would miss leb's own bytes
          p += length;
        }
        const kind = b[p++];
        if (kind === 0) leb();
        else if (kind === 1) {
          if (b[p++] === 0x6f && externref < 0) externref = tables;
          tables++;
          skipLimits();
        } else if (kind === 2) skipLimits();
        else if (kind === 3) p += 2;
        else throw new Error(`${file}: unknown import kind ${kind}`);
      }
    } else if (id === 4) {
      for (let n = leb(); n > 0; n--) {
        if (b[p++] === 0x6f && externref < 0) externref = tables;
        tables++;
        skipLimits();
      }
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const length = leb();
        const name = b.subarray(p, p + length).toString();
        p += length;
        const kind = b[p++];
        if (kind === 1 && name === '__wbindgen_externrefs') exportAt = p;
        leb();
      }
    }
    p = end;
  }
  if (exportAt < 0 || externref < 0) throw new Error(`${file}: no externref table or no export of it`);
  if (externref > 127 || b[exportAt] > 127) throw new Error(`${file}: table index beyond one byte`);
  b[exportAt] = externref;
  writeFileSync(file, b);
}

/**
 * Serves a copy of the build with the instrumented module (no integrity: the bytes differ) and runs
 * the first step in Chromium: a fresh start and typing, then a reload with that draft and typing.
 * Returns one profile per page load.
 */
async function profileFirstStep(instrumented) {
  const site = at('site');
  cpSync(dir, site, { recursive: true });
  cpSync(instrumented, path.join(site, appWasm));
  const index = path.join(site, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace(/\sintegrity=("?)sha384-[A-Za-z0-9+/=]+\1/g, ''));
  // The profile is read through the glue's instance: an export only this copy has.
  writeFileSync(
    path.join(site, glueFile),
    `${readFileSync(path.join(site, glueFile), 'utf8')}\nexport function __profileExports() { return wasm; }\n`,
  );
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url, 'http://localhost').pathname).replace(/^\/$/, '/index.html');
    const file = path.join(site, path.normalize(name));
    if (!file.startsWith(site) || !existsSync(file) || name.endsWith('/')) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = await import(path.join(root, 'e2e/node_modules/playwright-core/index.mjs'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block', locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const url = `http://127.0.0.1:${server.address().port}/`;
    const field = '.editor input:not([type=hidden]), .editor textarea';
    const profiles = [];
    for (const [load, text] of [[() => page.goto(url), '机关第一党支部'], [() => page.reload(), '综合']]) {
      await load();
      // Every field as people type: slowly (each keystroke saved on its own), quickly
      // (keystrokes overtaking the save's timer), deleting; the year (a number with its own
      // checks) last, so the step's problems change along the way as they do for a new user.
      await page.locator(field).first().waitFor({ timeout: 60000 });
      const fields = await page.locator(field).count();
      for (let i = 1; i < fields; i++) {
        await page.locator(field).nth(i).click();
        await page.keyboard.type('党建', { delay: 40 });
        await page.keyboard.type('工作述职');
        await page.keyboard.press('Backspace');
        await page.keyboard.press('Backspace');
      }
      await page.locator(field).first().fill('20');
      await page.locator(field).first().fill('2025');
      await page.locator(field).nth(1).click();
      await page.keyboard.type(text, { delay: 30 });
      // Saved: the draft in localStorage has the text (autosave and its journal ran).
      await page.waitForFunction((t) => Object.values(localStorage).some((v) => v.includes(t)), text, { timeout: 60000 });
      // What may reach the first step without a click, at a moment that depends on the network:
      // the service worker's news (offline ready, an update, no offline use) — the first step
      // keeps working without the second half. And leaving the page in the first moment: a
      // synchronous download is refused while a page is dismissed, when the last keystrokes
      // are saved.
      await page.evaluate(() => {
        const platform = window.shuzhiPlatform;
        for (const [key, value] of [['note', 'failed'], ['note', 'insecure'], ['note', ''], ['offline', true], ['update', true]]) {
          platform[key] = value;
          dispatchEvent(new Event('shuzhi-platform'));
        }
        document.dispatchEvent(new Event('visibilitychange'));
        dispatchEvent(new Event('beforeunload', { cancelable: true }));
        dispatchEvent(new Event('pagehide'));
      });
      profiles.push(
        Buffer.from(
          await page.evaluate(async (glue) => {
            const exports = (await import(glue)).__profileExports();
            const size = 1 << 20;
            const at = exports.__wbindgen_malloc(size, 8);
            const length = exports.__write_profile(at, size);
            return Array.from(new Uint8Array(exports.memory.buffer, at, length));
          }, `${url}${glueFile}`),
        ),
      );
    }
    if (errors.length) throw new Error(`the instrumented build failed: ${errors.join('; ')}`);
    return profiles;
  } finally {
    await browser.close();
    server.close();
  }
}

