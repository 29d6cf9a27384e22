// What the wasm is made of: section sizes of a module, and — from its name section — the code
// size of every function attributed to a crate (and, for our own crate, to its module). Run on
// the module cargo builds before wasm-bindgen and wasm-opt (they drop the names), so the bytes
// are larger than in dist/, but the shares are what matter. `make bench` prints the top rows.
//
//   node bench/wasm-breakdown.mjs [file.wasm]   (default: target/wasm32-unknown-unknown/release/shuzhi-app.wasm)
import { readFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];

class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }
  u8() {
    return this.bytes[this.pos++];
  }
  uleb() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) return result;
    }
  }
  name() {
    const len = this.uleb();
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + len)).toString('utf8');
    this.pos += len;
    return s;
  }
  limits() {
    const flags = this.u8();
    this.uleb();
    if (flags & 1) this.uleb();
  }
}

/** Sections, function body sizes, function names and data size of a wasm module. */
export function parseModule(bytes) {
  const r = new Reader(bytes, 8);
  const sections = [];
  let importedFunctions = 0;
  const bodies = [];
  const names = new Map();
  let dataBytes = 0;
  let data = new Uint8Array();
  while (r.pos < r.end) {
    const id = r.u8();
    const size = r.uleb();
    const start = r.pos;
    const end = start + size;
    let label = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) {
      const s = new Reader(bytes, start, end);
      const name = s.name();
      label = `custom "${name}"`;
      if (name === 'name') {
        while (s.pos < end) {
          const sub = s.u8();
          const subSize = s.uleb();
          const subEnd = s.pos + subSize;
          if (sub === 1) {
            const count = s.uleb();
            for (let i = 0; i < count; i++) {
              const index = s.uleb();
              names.set(index, s.name());
            }
          }
          s.pos = subEnd;
        }
      }
    } else if (id === 2) {
      const s = new Reader(bytes, start, end);
      const count = s.uleb();
      for (let i = 0; i < count; i++) {
        s.name();
        s.name();
        const kind = s.u8();
        if (kind === 0) {
          s.uleb();
          importedFunctions++;
        } else if (kind === 1) {
          s.u8();
          s.limits();
        } else if (kind === 2) s.limits();
        else if (kind === 3) {
          s.u8();
          s.u8();
        } else if (kind === 4) {
          s.u8();
          s.uleb();
        }
      }
    } else if (id === 10) {
      const s = new Reader(bytes, start, end);
      const count = s.uleb();
      for (let i = 0; i < count; i++) {
        const bodySize = s.uleb();
        bodies.push({ bytes: bodySize, start: s.pos });
        s.pos += bodySize;
      }
    } else if (id === 11) {
      dataBytes = size;
      data = bytes.subarray(start, end);
    }
    sections.push({ label, bytes: size });
    r.pos = end;
  }
  const functions = bodies.map((b, i) => ({
    name: names.get(importedFunctions + i) ?? `function[${importedFunctions + i}]`,
    bytes: b.bytes,
    body: bytes.subarray(b.start, b.start + b.bytes),
  }));
  const dataGzip = gzipSync(data, { level: constants.Z_BEST_COMPRESSION }).length;
  return { sections, functions, dataBytes, dataGzip, hasNames: names.size > 0 };
}

/** A legacy-mangled Rust symbol (`_ZN…E`) as a path; anything else unchanged. */
export function demangle(symbol) {
  if (!symbol.startsWith('_ZN')) return symbol;
  const parts = [];
  let i = 3;
  while (i < symbol.length && symbol[i] !== 'E') {
    const m = /^\d+/.exec(symbol.slice(i));
    if (!m) break;
    i += m[0].length;
    parts.push(symbol.slice(i, i + Number(m[0])));
    i += Number(m[0]);
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  const escapes = { LT: '<', GT: '>', RF: '&', BP: '*', C: ',', LP: '(', RP: ')', SP: '@' };
  return parts
    .map((p) =>
      p
        .replace(/^_\$/, '$')
        .replaceAll('..', '::')
        .replace(/\$([A-Z]{1,2}|u[0-9a-f]{2,})\$/g, (all, code) =>
          code.startsWith('u') ? String.fromCodePoint(parseInt(code.slice(1), 16)) : (escapes[code] ?? all),
        ),
    )
    .join('::');
}

/** The crate a Rust symbol belongs to; our own crate by module (`shuzhi::report::import`). */
export function crateOf(symbol) {
  const name = demangle(symbol);
  // `<Type as Trait>::f`: the type's crate when it is a path, else the trait's.
  const stripped = name.replace(/^[<&*\[(\s]+|^(mut|const|dyn|impl)\s+/g, '').replace(/^[<&*\[(\s]+/, '');
  let m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(stripped);
  if (!m) {
    const asTrait = / as ([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
    if (asTrait) m = asTrait;
  }
  if (!m) {
    if (/^__wbg|^__wbindgen|wasm_bindgen/.test(name)) return 'wasm_bindgen';
    if (/^(dlmalloc|malloc|free|realloc|calloc)/.test(name)) return 'dlmalloc';
    if (/^(memcpy|memmove|memset|memcmp|bcmp|__)/.test(name)) return 'compiler_builtins';
    return '(unnamed)';
  }
  const crate = m[1];
  if (crate === 'shuzhi') {
    const mod = /^shuzhi::([a-z_]+)(?:::([a-z_]+))?/.exec(stripped);
    if (!mod) return 'shuzhi';
    return mod[1] === 'report' || mod[1] === 'ui' ? `shuzhi::${mod[1]}${mod[2] && /^[a-z_]+$/.test(mod[2]) ? '::' + mod[2] : ''}` : `shuzhi::${mod[1]}`;
  }
  return crate;
}

/**
 * Code bytes by crate, largest first: [{ crate, bytes, gzip, functions, share }]. `gzip` is the
 * crate's function bodies compressed on their own (gzip -9): roughly what leaving it out saves.
 */
export function byCrate(functions) {
  const groups = new Map();
  for (const f of functions) {
    const crate = crateOf(f.name);
    const g = groups.get(crate) ?? { crate, bytes: 0, functions: 0, bodies: [] };
    g.bytes += f.bytes;
    g.functions += 1;
    g.bodies.push(f.body);
    groups.set(crate, g);
  }
  const total = functions.reduce((a, f) => a + f.bytes, 0);
  return [...groups.values()]
    .map(({ bodies, ...g }) => ({
      ...g,
      gzip: gzipSync(Buffer.concat(bodies), { level: constants.Z_BEST_COMPRESSION }).length,
      share: g.bytes / total,
    }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** The code section's bytes of a module (two builds with equal code sections run the same code). */
export function codeSection(bytes) {
  const r = new Reader(bytes, 8);
  while (r.pos < r.end) {
    const id = r.u8();
    const size = r.uleb();
    if (id === 10) return bytes.subarray(r.pos, r.pos + size);
    r.pos += size;
  }
  return new Uint8Array();
}

/** Whether two wasm files have byte-identical code. */
export function sameCode(a, b) {
  return Buffer.from(codeSection(readFileSync(a))).equals(Buffer.from(codeSection(readFileSync(b))));
}

/** The whole analysis of one file. */
export function breakdown(file) {
  const module = parseModule(readFileSync(file));
  const codeBytes = module.functions.reduce((a, f) => a + f.bytes, 0);
  const largest = [...module.functions].sort((a, b) => b.bytes - a.bytes).slice(0, 15).map(({ name, bytes }) => ({ name, bytes }));
  return {
    file,
    sections: module.sections,
    codeBytes,
    dataBytes: module.dataBytes,
    dataGzip: module.dataGzip,
    hasNames: module.hasNames,
    crates: module.hasNames ? byCrate(module.functions) : [],
    largestFunctions: largest,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = process.argv[2] ?? path.join(root, 'target/wasm32-unknown-unknown/release/shuzhi-app.wasm');
  const b = breakdown(file);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`${file}\nsections:`);
  for (const s of b.sections) console.log(`  ${s.label.padEnd(28)} ${kb(s.bytes).padStart(10)}`);
  console.log(`code by crate (of ${kb(b.codeBytes)} code; data section ${kb(b.dataBytes)}, ${kb(b.dataGzip)} gzip alone):`);
  for (const c of b.crates.slice(0, 40)) {
    console.log(`  ${c.crate.padEnd(28)} ${kb(c.bytes).padStart(10)} ${(c.share * 100).toFixed(1).padStart(5)} %  ${kb(c.gzip).padStart(9)} gzip alone  ${c.functions} fns`);
  }
  console.log('largest functions:');
  for (const f of b.largestFunctions) console.log(`  ${kb(f.bytes).padStart(9)}  ${f.name.slice(0, 110)}`);
}
