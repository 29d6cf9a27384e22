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
// 2. `wasm-split --keep-funcs` keeps those functions (and what keptFunctions adds) in the primary
//    module. Every other function moves to the secondary module; the primary calls it through its
//    function table, whose slot holds a placeholder (an import the loader provides) until the
//    secondary module is instantiated and its element segments overwrite the slots with the real
//    functions. Both modules get wasm-opt -Oz (what Trunk gives the unsplit module).
// 3. The constants only the secondary's code reads move into its data segments
//    (scripts/later-data.mjs, with wasm-ld's link map that build.rs asks for).
// 4. The glue's imports get short names in the primary and the glue (scripts/wasm-bytes.mjs), the
//    glue gets the placeholder imports, the files get a new content hash in their names (a
//    primary and a secondary from different builds must never meet in a cache), index.html its
//    new integrity. scripts/minify-js.mjs then minifies the glue (Trunk.toml).
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
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync, cpSync, existsSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readUleb, sectionsOf, encodeSection, customName, dataSegments, withDataSegments, GLUE_MODULE, shortImportNames, glueWithNames, withImportNames } from './wasm-bytes.mjs';
import { constantsForLater, segmentsWithout } from './later-data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('usage: node scripts/split-wasm.mjs DIR (or run by Trunk with TRUNK_STAGING_DIR)');
  process.exit(2);
}
if (process.env.TRUNK_PROFILE === 'debug') {
  console.log('split-wasm: not splitting (debug build)');
  process.exit(0);
}
if (process.env.SHUZHI_SPLIT === '0') {
  // Trunk's wasm-opt kept the names for the split (index.html): a whole module goes without them.
  const whole = readdirSync(dir).find((f) => /^shuzhi-app-[0-9a-f]+_bg\.wasm$/.test(f));
  const file = path.join(dir, whole);
  const named = readFileSync(file);
  const bytes = withoutNames(named);
  writeFileSync(file, bytes);
  const html = path.join(dir, 'index.html');
  writeFileSync(html, readFileSync(html, 'utf8').replace(sri(named), sri(bytes)));
  console.log('split-wasm: not splitting (SHUZHI_SPLIT=0)');
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
/** SHUZHI_SPLIT_NAMES=1 keeps the function names (for bench/wasm-breakdown.mjs on the halves).
 *  Otherwise the names Trunk's wasm-opt kept (index.html) serve only KEEP_WITH_CALLERS and go:
 *  wasm-split exports each function the second half calls under its name (55 KB gzip more). */
const names = process.env.SHUZHI_SPLIT_NAMES === '1' ? ['-g'] : [];
/**
 * Functions the first half keeps though the profile did not see them run, when a function that
 * ran calls them directly. The profile sees what ran, but some paths depend on timing or on the
 * day: a container growing or shrinking past a boundary (a B-tree node splitting or merging as
 * Yew's scheduler queues more renders while keystrokes arrive, a Vec or a hash table
 * reallocating), the allocator's rarer paths, a number formatted with padding only when it is
 * below 10 (the clock's minutes in 已保存 09:05). A profile can miss them, and the first step would
 * then need the second half in the middle of typing (e2e/split.test.mjs saw both). Only the
 * paths of what the first step uses come along, not every B-tree of the program (with
 * KEEP_ALWAYS, 6.3 KB gzip; e2e/split.test.mjs's first step without the second half passed 45 of
 * 45 loads after, 10 of 12 before).
 */
const KEEP_WITH_CALLERS = [
  'alloc::collections::',
  'alloc::raw_vec::',
  'alloc::alloc::',
  'alloc::boxed::',
  'alloc::vec::',
  'alloc::string::',
  'hashbrown::',
  'dlmalloc::',
  'yew::scheduler::',
  'core::fmt::',
  'alloc::fmt::',
].map(pathPattern);
/** Kept whether called or not: the drop glue of Yew's own types. Yew drops a render it had queued
 *  when a newer one for the same component replaces it (keystrokes faster than renders), through
 *  a trait object's vtable, which the call graph above cannot follow (≈ 2 KB gzip). */
const KEEP_ALWAYS = [/^core(\[[0-9a-f]+\])?::ptr::drop_in_place<(alloc::boxed::Box<dyn )?yew::/];

/** A pattern for names under a path; a crate's name may carry its hash (`alloc[3ca5…]::fmt::`:
 *  what the standard library compiled itself), a generic's not (`alloc::raw_vec::…`: instantiated
 *  in our crate). */
function pathPattern(prefix) {
  const [crate, ...rest] = prefix.split('::');
  return new RegExp(`^<?${crate}(\\[[0-9a-f]+\\])?::${rest.join('::')}`);
}
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
  // Without the texts that go with the second half (the first step never reads them).
  const { wat: lean, moved } = cutData(lowered, textsForLater());
  writeFileSync(at('lean.wat'), lean);
  run(npmBin('wasm-as'), [...FEATURES, ...names, at('lean.wat'), '-o', at('lean.wasm')]);

  // 2. What the first step runs.
  // The split takes a profile of the very module it splits; the profiled copy gets the texts
  // back, so the first step runs as in the split build with its second half in.
  wasmSplit(['--instrument', at('lean.wasm'), '-o', at('instrumented.wasm')]);
  addData(at('instrumented.wasm'), moved);
  pointTableExportAtExternrefs(at('instrumented.wasm'));
  const profiles = await profileFirstStep(at('instrumented.wasm'));
  profiles.forEach((bytes, i) => writeFileSync(at(`run${i}.prof`), bytes));
  wasmSplit(['--merge-profiles', ...profiles.map((_, i) => at(`run${i}.prof`)), '-o', at('first-step.prof')]);

  // 3. Split and optimise.
  const keep = keptFunctions(lean, readFileSync(at('first-step.prof')));
  writeFileSync(at('keep.txt'), `${keep.join('\n')}\n`);
  wasmSplit([...names, ...NAMESPACES, '--keep-funcs', `@${at('keep.txt')}`, at('lean.wasm'), '-o1', at('primary.wasm'), '-o2', at('secondary.wasm')]);
  addData(at('secondary.wasm'), moved);
  for (const part of ['primary', 'secondary']) {
    run(npmBin('wasm-opt'), [...FEATURES, ...names, '-Oz', at(`${part}.wasm`), '-o', at(`${part}.opt.wasm`)]);
  }
  pointTableExportAtExternrefs(at('primary.opt.wasm'));

  // 4. The constants only the second half's code reads go with it (scripts/later-data.mjs).
  for (const part of ['primary', 'secondary']) run(npmBin('wasm-dis'), [at(`${part}.opt.wasm`), '-o', at(`${part}.opt.wat`)]);
  const split = { primary: readFileSync(at('primary.opt.wasm')), secondary: readFileSync(at('secondary.opt.wasm')) };
  const later = constantsForLater({
    mapText: readFileSync(linkMap(), 'utf8'),
    primary: split.primary,
    primaryWat: readFileSync(at('primary.opt.wat'), 'utf8'),
    secondaryWat: readFileSync(at('secondary.opt.wat'), 'utf8'),
    knownStarts: moved.map(({ offset }) => offset),
  });
  const secondary = withDataSegments(split.secondary, [...dataSegments(split.secondary), ...later]);

  // 5. Short names for the glue's imports, in the first half and the glue (wasm-bytes.mjs), and
  // the files named by their content.
  const originalGlue = readFileSync(path.join(dir, glueFile), 'utf8');
  const short = shortImportNames(originalGlue);
  const primary = withImportNames(withDataSegments(split.primary, segmentsWithout(dataSegments(split.primary), later)), GLUE_MODULE, short);
  const glue = glueWithNames(withPlaceholders(originalGlue), short);
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
  const movedBytes = later.reduce((sum, { bytes }) => sum + bytes.length, 0);
  console.log(
    `split-wasm: first step ${primary.length} bytes (gzip ${gz(primary)}), rest ${secondary.length} bytes (gzip ${gz(secondary)}), ` +
      `${movedBytes} bytes of constants moved → ${next}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * The texts of the built-in templates other than the default (src/report/template.rs
 * `BUILTIN_JSON`, `DEFAULT_TEMPLATE_ID`): 8.5 KB gzip the first step never reads. They move to
 * the second half, which writes them into memory when it is instantiated; until then the app
 * sees zeros there and loads the second half at once (`set_texts_source`, assets/app.js `ensure`).
 */
function textsForLater() {
  const source = readFileSync(path.join(root, 'src/report/template.rs'), 'utf8');
  const defaultId = source.match(/pub const DEFAULT_TEMPLATE_ID: &str = "([^"]+)";/)?.[1];
  const files = [...source.matchAll(/\("([^"]+)", include_str!\("\.\.\/\.\.\/(templates\/[^"]+\.json)"\)\)/g)];
  if (!defaultId || !files.some(([, id]) => id === defaultId)) {
    throw new Error('src/report/template.rs: BUILTIN_JSON or DEFAULT_TEMPLATE_ID not found as this script reads them');
  }
  return files.filter(([, id]) => id !== defaultId).map(([, , file]) => readFileSync(path.join(root, file)));
}

/**
 * The functions the first half keeps, by name: those the profile saw run, and what they call
 * directly of KEEP_WITH_CALLERS (and so on). The profile (Binaryen 108's) is the module's checksum
 * (8 bytes), then one 32-bit timestamp per defined function in the module's order, 0 for one
 * that never ran.
 */
function keptFunctions(wat, profile) {
  // A name ends at white space or a parenthesis (`(call $f)`): wat escapes both in names.
  const starts = [...wat.matchAll(/^ \(func \$([^\s)]+)/gm)];
  const defined = starts.map(([, name]) => name);
  if (profile.length !== 8 + 4 * defined.length) {
    throw new Error(`the profile has ${(profile.length - 8) / 4} functions, the module ${defined.length}`);
  }
  if (!defined.some((name) => name.startsWith('yew::'))) {
    throw new Error('the build has no function names: index.html must give wasm-opt -g');
  }
  const index = new Map(defined.map((name, i) => [name, i]));
  const readable = (name) => name.replace(/\\([0-9a-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  const alongWithCallers = defined.map((name) => KEEP_WITH_CALLERS.some((pattern) => pattern.test(readable(name))));
  const calls = (i) => {
    const body = wat.slice(starts[i].index, starts[i + 1]?.index ?? wat.length);
    return [...body.matchAll(/\(call \$([^\s)]+)/g)].map(([, name]) => index.get(name)).filter((j) => j !== undefined);
  };
  const kept = defined.map((name, i) => profile.readUInt32LE(8 + 4 * i) !== 0 || KEEP_ALWAYS.some((pattern) => pattern.test(readable(name))));
  const pending = kept.flatMap((ran, i) => (ran ? [i] : []));
  while (pending.length) {
    for (const j of calls(pending.pop())) {
      if (!kept[j] && alongWithCallers[j]) {
        kept[j] = true;
        pending.push(j);
      }
    }
  }
  // Binaryen names a function of a module without names by its place among the defined ones;
  // with names kept (SHUZHI_SPLIT_NAMES), by its name as wasm-as wrote it (the wat's escapes).
  return defined.flatMap((name, i) => (kept[i] ? [names.length ? name : String(i)] : []));
}

/** The module without its name section (custom section "name"). */
function withoutNames(b) {
  const isNames = ({ id, body }) => id === 0 && customName(body) === 'name';
  return Buffer.concat([b.subarray(0, 8), ...sectionsOf(b).filter((s) => !isNames(s)).map(encodeSection)]);
}

/** A wat string's bytes (Binaryen writes `\xx`, `\n`, `\t`, `\"`, `\\` and plain ASCII). */
function watBytes(text) {
  const out = [];
  const named = { n: 10, t: 9, r: 13, '"': 34, "'": 39, '\\': 92 };
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7e) throw new Error('a data segment with raw non-ASCII text: Binaryen escapes those');
    if (text[i] !== '\\') out.push(text.charCodeAt(i));
    else if (/^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (text[i + 1] in named) out.push(named[text[++i]]);
    else throw new Error(`unknown escape \\${text[i + 1]} in a data segment`);
  }
  return Buffer.from(out);
}

/** Bytes as a wat string. */
function watString(bytes) {
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\${byte.toString(16).padStart(2, '0')}`;
  }
  return `"${text}"`;
}

/** The module's active data segments without `texts` (each must be there exactly once), and
 *  where those were: [{ offset, bytes }]. */
function cutData(wat, texts) {
  const moved = [];
  const segment = /^ \(data (\$\S+) \(i32\.const (\d+)\) "((?:[^"\\]|\\.)*)"\)$/gm;
  const lean = wat.replace(segment, (line, name, offset, body) => {
    const bytes = watBytes(body);
    const cuts = texts
      .map((text) => ({ text, at: bytes.indexOf(text) }))
      .filter(({ at }) => at >= 0)
      .sort((a, b) => a.at - b.at);
    if (cuts.length === 0) return line;
    const kept = [];
    let from = 0;
    for (const { text, at } of cuts) {
      if (bytes.indexOf(text, at + 1) >= 0) throw new Error('a template text is twice in one data segment');
      kept.push([from, at]);
      moved.push({ offset: Number(offset) + at, bytes: text });
      from = at + text.length;
    }
    kept.push([from, bytes.length]);
    return kept
      .filter(([start, end]) => end > start)
      .map(([start, end], i) => ` (data ${name}_${i} (i32.const ${Number(offset) + start}) ${watString(bytes.subarray(start, end))})`)
      .join('\n');
  });
  if (moved.length !== texts.length) {
    throw new Error(`${texts.length - moved.length} template text(s) not found whole in one data segment of the build`);
  }
  return { wat: lean, moved };
}

/** Adds `moved` to a module as active segments of memory 0: instantiating the second half writes
 *  them into the memory it shares with the first. In the binary: Binaryen 123 does not always
 *  read back as text what Binaryen 108 wrote. */
function addData(file, moved) {
  const b = readFileSync(file);
  writeFileSync(file, withDataSegments(b, [...dataSegments(b), ...moved]));
}

/** wasm-ld's map of this build's link (build.rs): in cargo's target directory, beside the wasm. */
function linkMap() {
  const metadata = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { cwd: root, encoding: 'utf8' }));
  const release = path.join(metadata.target_directory, 'wasm32-unknown-unknown/release');
  const map = path.join(release, 'shuzhi-app.map');
  const wasm = path.join(release, 'shuzhi-app.wasm');
  const relink = 'touch src/main.rs and build again (cargo then links the wasm and writes its map)';
  if (!existsSync(map)) throw new Error(`${map} is missing (build.rs asks wasm-ld for it): ${relink}`);
  // Written by the same link as the wasm: one from another link is refused here, and again by
  // constantsForLater if its addresses don't fit this build.
  if (Math.abs(statSync(map).mtimeMs - statSync(wasm).mtimeMs) > 60_000) throw new Error(`${map} is not from the link of ${wasm}: ${relink}`);
  return map;
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
  let p = 0;
  let body;
  const leb = () => {
    const [value, next] = readUleb(body, p);
    p = next;
    return value;
  };
  const skipLimits = () => {
    const flags = body[p++];
    leb();
    if (flags & 1) leb();
  };
  let tables = 0;
  let externref = -1;
  let exportAt = -1;
  for (const section of sectionsOf(b)) {
    ({ body } = section);
    p = 0;
    if (section.id === 2) {
      for (let n = leb(); n > 0; n--) {
        for (const _name of ['module', 'field']) {
          const length = leb(); // before `p +=`: reading p first would miss leb's own bytes
          p += length;
        }
        const kind = body[p++];
        if (kind === 0) leb();
        else if (kind === 1) {
          if (body[p++] === 0x6f && externref < 0) externref = tables;
          tables++;
          skipLimits();
        } else if (kind === 2) skipLimits();
        else if (kind === 3) p += 2;
        else throw new Error(`${file}: unknown import kind ${kind}`);
      }
    } else if (section.id === 4) {
      for (let n = leb(); n > 0; n--) {
        if (body[p++] === 0x6f && externref < 0) externref = tables;
        tables++;
        skipLimits();
      }
    } else if (section.id === 7) {
      for (let n = leb(); n > 0; n--) {
        const length = leb();
        const name = body.subarray(p, p + length).toString();
        p += length;
        const kind = body[p++];
        if (kind === 1 && name === '__wbindgen_externrefs') exportAt = body.byteOffset - b.byteOffset + p;
        leb();
      }
    }
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
    // A clock whose minutes have one digit (10:05): times shown as 已保存 10:05 take the
    // formatter's padding, which a build made at 10:15 would otherwise not see (it calls it
    // through a trait object, which KEEP_WITH_CALLERS cannot follow).
    await page.clock.install({ time: new Date(2025, 2, 4, 10, 5, 0) });
    await page.clock.resume();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const url = `http://127.0.0.1:${server.address().port}/`;
    const field = '.editor input:not([type=hidden]), .editor textarea';
    const profiles = [];
    const cdp = await context.newCDPSession(page);
    for (const [load, text, slowdown] of [[() => page.goto(url), '机关第一党支部', 1], [() => page.reload(), '综合', 6]]) {
      // The reload runs on a CPU slowed 6×, as on an old office PC: keystrokes then queue up
      // behind renders, and the paths of a longer queue run too (KEEP_WITH_CALLERS).
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
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

