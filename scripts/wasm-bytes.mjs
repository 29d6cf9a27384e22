// Reading and writing a WebAssembly module's binary, as much as the build's scripts need:
// LEB128 numbers, the sections, and the active data segments (scripts/split-wasm.mjs,
// scripts/later-data.mjs, e2e/first-load.test.mjs).

/** An unsigned LEB128 number at `p`: [value, where the next field starts]. */
export function readUleb(b, p) {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = b[p++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, p];
}

/** `n` as unsigned LEB128. */
export function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

/** `n` as signed LEB128 (an i32.const's operand). */
export function sleb(n) {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return Buffer.from([...out, byte]);
    out.push(byte | 0x80);
  }
}

/** A module's sections, in order: [{ id, body }] (after the 8-byte header). */
export function sectionsOf(b) {
  const sections = [];
  let p = 8;
  while (p < b.length) {
    const id = b[p];
    const [size, at] = readUleb(b, p + 1);
    sections.push({ id, body: b.subarray(at, at + size) });
    p = at + size;
  }
  return sections;
}

/** A section as bytes. */
export function encodeSection({ id, body }) {
  return Buffer.concat([Buffer.from([id]), uleb(body.length), body]);
}

/** A custom section's name. */
export function customName(body) {
  const [length, at] = readUleb(body, 0);
  return body.subarray(at, at + length).toString();
}

const DATA = 11;
const DATA_COUNT = 12;

/** The module's data segments as [{ offset, bytes }]; every one must be active, in memory 0, at
 *  an `i32.const` offset (what wasm-ld and Binaryen write for this build). */
export function dataSegments(b) {
  const data = sectionsOf(b).find((s) => s.id === DATA);
  if (!data) return [];
  const body = data.body;
  let [count, p] = readUleb(body, 0);
  const segments = [];
  for (; count > 0; count--) {
    if (body[p] !== 0 || body[p + 1] !== 0x41) throw new Error('a data segment that is not active at an i32.const offset');
    let offset;
    [offset, p] = readSleb(body, p + 2);
    if (body[p++] !== 0x0b) throw new Error('a data segment offset that is not one i32.const');
    let size;
    [size, p] = readUleb(body, p);
    segments.push({ offset, bytes: body.subarray(p, p + size) });
    p += size;
  }
  return segments;
}

/** The module with these data segments instead of its own (and the data count to match). The
 *  data section goes last, after the code section, as it must (custom sections may be anywhere). */
export function withDataSegments(b, segments) {
  const encoded = segments.map(({ offset, bytes }) => Buffer.concat([Buffer.from([0, 0x41]), sleb(offset), Buffer.from([0x0b]), uleb(bytes.length), bytes]));
  const kept = sectionsOf(b)
    .filter((s) => s.id !== DATA)
    .map((s) => (s.id === DATA_COUNT ? { id: DATA_COUNT, body: uleb(segments.length) } : s));
  const out = Buffer.concat([b.subarray(0, 8), ...kept.map(encodeSection), encodeSection({ id: DATA, body: Buffer.concat([uleb(segments.length), ...encoded]) })]);
  new WebAssembly.Module(out); // throws if the module no longer reads
  return out;
}

/** A signed LEB128 number (32-bit) at `p`: [value, where the next field starts]. */
function readSleb(b, p) {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = b[p++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && byte & 0x40) result |= -1 << shift;
  return [result, p];
}

/** The module of wasm-bindgen's imports: the glue's `import0` object. */
export const GLUE_MODULE = './shuzhi-app_bg.js';

/**
 * Short names for the glue's imports (issue 15): wasm-bindgen names each `__wbg_<name>_<16 hex>`,
 * and the names are written twice, in the glue and in the wasm, where their hashes don't
 * compress (≈ 7 KB gzip of the first load). Derived from the glue wasm-bindgen wrote alone, in its
 * order, so bench/bench.mjs gives a module it builds itself the same names. A key that the glue
 * has more than once, or not as `name: function`, keeps its name.
 */
export function shortImportNames(glue) {
  const keys = [...glue.matchAll(/^\s+(__wb[A-Za-z0-9_]+): function\b/gm)].map(([, key]) => key);
  const once = keys.filter((key) => glue.split(key).length === 2);
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digits = `${letters}0123456789`;
  return new Map(once.map((key, i) => [key, shortName(i, letters, digits)]));
}

/** The i-th identifier of [letters][digits]*, shortest first. */
function shortName(i, letters, digits) {
  if (i < letters.length) return letters[i];
  return shortName(Math.floor((i - letters.length) / digits.length), letters, digits) + digits[(i - letters.length) % digits.length];
}

/** The glue with its import keys renamed. */
export function glueWithNames(glue, names) {
  for (const [from, to] of names) glue = glue.replace(new RegExp(`^(\\s+)${from}: function\\b`, 'm'), `$1${to}: function`);
  return glue;
}

/** The module with its imports from `module` renamed (the others as they are). */
export function withImportNames(b, module, names) {
  const sections = sectionsOf(b).map((section) => {
    if (section.id !== 2) return section;
    const body = section.body;
    let [count, p] = readUleb(body, 0);
    const parts = [uleb(count)];
    for (; count > 0; count--) {
      const from = p;
      const [moduleLength, m] = readUleb(body, p);
      const moduleName = body.subarray(m, m + moduleLength).toString();
      const fieldAt = m + moduleLength;
      const [fieldLength, f] = readUleb(body, fieldAt);
      const field = body.subarray(f, f + fieldLength).toString();
      p = skipImportDescription(body, f + fieldLength);
      const renamed = moduleName === module ? names.get(field) : undefined;
      if (renamed === undefined) parts.push(body.subarray(from, p));
      else parts.push(body.subarray(from, fieldAt), uleb(Buffer.byteLength(renamed)), Buffer.from(renamed), body.subarray(f + fieldLength, p));
    }
    return { id: 2, body: Buffer.concat(parts) };
  });
  const out = Buffer.concat([b.subarray(0, 8), ...sections.map(encodeSection)]);
  new WebAssembly.Module(out); // throws if the module no longer reads
  return out;
}

/** Past an import's description (function, table, memory or global). */
function skipImportDescription(body, p) {
  const kind = body[p++];
  const limits = (q) => {
    const flags = body[q++];
    q = readUleb(body, q)[1];
    return flags & 1 ? readUleb(body, q)[1] : q;
  };
  if (kind === 0) return readUleb(body, p)[1];
  if (kind === 1) return limits(p + 1);
  if (kind === 2) return limits(p);
  if (kind === 3) return p + 2;
  throw new Error(`unknown import kind ${kind}`);
}
