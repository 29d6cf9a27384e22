// The program's constants only the second half reads (issue 15): wasm-split moves functions, not
// data, so every string and table of the app stayed in the first load until this step moved
// those whose readers are all in the second half (≈ 23 KB gzip: the other pages' and dialogs'
// texts, serde_json's number tables, Unicode tables, error messages). Instantiating the second
// half writes them into the memory the halves share; no code of the first half can read them
// before that, because no code of the first half knows their addresses (docs/design.md §5).
//
// What a constant is and where it lies comes from the link map (build.rs asks wasm-ld for one):
// each input section of .rodata is one constant, with its extent. Who reads it comes from the
// split modules themselves, after their last optimisation:
// - an address in a function's code: an `i32.const`, either half of an `i64.const` (LLVM merges
//   the stores of a pointer and a length into one), or a load's or store's `offset=`;
// - a pointer in a constant the first half keeps (a table of strings, a vtable), followed.
// A constant stays in the first half if the first half's code names an address in it or just
// past its end (an end pointer), if a kept constant points into it, if it is not in .rodata, or if
// neither half names it at all (it might be reached in a way this cannot see). What moves are runs
// of such constants long enough to pay for the data segment each run adds.
import { dataSegments } from './wasm-bytes.mjs';

/** A run shorter than this stays: a segment's header (≈ 7 bytes) in each half costs more. */
const MIN_RUN = 16;

/**
 * The link map's constants: [{ section, start, end, strings }] in address order. wasm-ld's map
 * lists each output section (`.rodata`, `.data`, `.bss`) and under it, indented by 8, its input
 * sections. An `<internal>` one is wasm-ld's merge of NUL-terminated strings (`strings`: the only
 * kind it merges; Rust's format templates), read below as one constant per string.
 */
function constantsOf(mapText) {
  const constants = [];
  let section = null;
  let inData = false;
  for (const line of mapText.split('\n')) {
    if (/^\s+-\s+[0-9a-f]+\s+[0-9a-f]+ DATA$/.test(line)) inData = true;
    const m = /^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+) (.*)$/.exec(line);
    if (!inData || !m) continue;
    const [, addr, size, rest] = m;
    if (/^\.\S+$/.test(rest)) section = rest;
    else if (/^ {8}\S/.test(rest) && section) {
      const start = parseInt(addr, 16);
      constants.push({ section, start, end: start + parseInt(size, 16), strings: rest.trim().startsWith('<internal>') });
    }
  }
  constants.sort((a, b) => a.start - b.start);
  for (let i = 1; i < constants.length; i++) {
    if (constants[i].start < constants[i - 1].end) throw new Error('the link map has overlapping constants');
  }
  return constants;
}

/** Every address a module's code names that lies in [lo, hi]. */
export function addressesIn(wat, lo, hi) {
  if (/\(v128\.const/.test(wat)) throw new Error('a v128.const: its lanes are not read as addresses here');
  const found = [];
  for (const line of wat.split('\n')) {
    if (line.startsWith(' (data ')) continue;
    for (const [, i32, i64, offset] of line.matchAll(/\(i32\.const (-?\d+)\)|\(i64\.const (-?\d+)\)|offset=(\d+)/g)) {
      const values = i64 === undefined ? [Number(i32 ?? offset) >>> 0] : [BigInt.asUintN(64, BigInt(i64))].flatMap((v) => [Number(v & 0xffffffffn), Number(v >> 32n)]);
      for (const v of values) if (v >= lo && v <= hi) found.push(v);
    }
  }
  return found;
}

/** Memory as the module's data segments initialise it, over [lo, hi). */
function memoryImage(segments, lo, hi) {
  const memory = Buffer.alloc(hi - lo);
  const present = new Uint8Array(hi - lo);
  for (const { offset, bytes } of segments) {
    if (offset < lo || offset + bytes.length > hi) throw new Error('a data segment outside the link map: the map is not of this build');
    bytes.copy(memory, offset - lo);
    present.fill(1, offset - lo, offset - lo + bytes.length);
  }
  return { memory, present };
}

/**
 * What moves: [{ offset, bytes }], runs of constants the first half never names. `primary` is the
 * first half's binary, `primaryWat`/`secondaryWat` the halves as text, `knownStarts` addresses
 * where the map must have a constant (the moved template texts: a map of another build fails).
 */
export function constantsForLater({ mapText, primary, primaryWat, secondaryWat, knownStarts }) {
  const mapped = constantsOf(mapText);
  if (mapped.length === 0) throw new Error('the link map lists no constants');
  for (const start of knownStarts) {
    if (!mapped.some((c) => c.start === start)) throw new Error('the link map is not of this build (a template text is not where it says)');
  }
  const lo = mapped[0].start;
  const hi = mapped.at(-1).end;
  const { memory, present } = memoryImage(dataSegments(primary), lo, hi);
  const constants = mapped.flatMap((c) => (c.strings ? eachString(c, memory, lo) : [c]));
  const owner = (address) => {
    let a = 0;
    let z = constants.length - 1;
    while (a <= z) {
      const m = (a + z) >> 1;
      if (address < constants[m].start) z = m - 1;
      else if (address >= constants[m].end) a = m + 1;
      else return m;
    }
    return -1;
  };
  // An address names the constant it is in and the one it ends (an end pointer).
  const named = (addresses) => new Set(addresses.flatMap((v) => [owner(v), owner(v - 1)]).filter((i) => i >= 0));
  const pointers = (start, end) => {
    const out = [];
    for (let a = Math.ceil(start / 4) * 4; a + 4 <= end; a += 4) {
      const v = memory.readUInt32LE(a - lo);
      if (v >= lo && v <= hi) out.push(v);
    }
    return out;
  };
  const byFirst = named(addressesIn(primaryWat, lo, hi));
  const bySecond = named(addressesIn(secondaryWat, lo, hi));
  const pointedAt = named(constants.flatMap((c) => pointers(c.start, c.end)));
  const kept = new Set();
  const pending = [];
  const keep = (i) => {
    if (!kept.has(i)) {
      kept.add(i);
      pending.push(i);
    }
  };
  constants.forEach((c, i) => {
    if (c.section !== '.rodata' || byFirst.has(i) || !(bySecond.has(i) || pointedAt.has(i))) keep(i);
  });
  // Bytes no constant covers (padding; anything the map does not explain) are read as pointers too.
  let gapStart = lo;
  for (const c of [...constants, { start: hi, end: hi }]) {
    for (const v of pointers(gapStart, c.start)) named([v]).forEach(keep);
    gapStart = c.end;
  }
  while (pending.length) {
    const c = constants[pending.pop()];
    named(pointers(c.start, c.end)).forEach(keep);
  }
  // Runs of moving constants, joined across the padding between them when it is zeros (bytes the
  // map does not explain stay where they are).
  const zeros = (start, end) => memory.subarray(start - lo, end - lo).every((byte) => byte === 0);
  const runs = [];
  constants.forEach((c, i) => {
    if (kept.has(i)) return;
    const last = runs.at(-1);
    if (last && last.lastIndex === i - 1 && zeros(last.end, c.start)) {
      last.end = c.end;
      last.lastIndex = i;
    } else runs.push({ start: c.start, end: c.end, lastIndex: i });
  });
  return runs
    .filter(({ start, end }) => end - start >= MIN_RUN)
    .map(({ start, end }) => trimmed(start, end, memory, present, lo))
    .filter(({ bytes }) => bytes.length >= MIN_RUN);
}

/** A merged-strings constant as one constant per string, each with its terminating NUL (a string
 *  that ends another, merged into it, is an address inside that one). */
function eachString({ section, start, end }, memory, lo) {
  const strings = [];
  let from = start;
  for (let a = start; a < end; a++) {
    if (memory[a - lo] === 0) {
      strings.push({ section, start: from, end: a + 1 });
      from = a + 1;
    }
  }
  if (from < end) strings.push({ section, start: from, end });
  return strings;
}

/** A run as the bytes the first half really has of it: leading and trailing absent or zero bytes
 *  are left out (memory starts zeroed). */
function trimmed(start, end, memory, present, lo) {
  let a = start;
  let z = end;
  while (a < z && (!present[a - lo] || memory[a - lo] === 0)) a++;
  while (z > a && (!present[z - 1 - lo] || memory[z - 1 - lo] === 0)) z--;
  return { offset: a, bytes: Buffer.from(memory.subarray(a - lo, z - lo)) };
}

/** The segments without the bytes of `runs` (each run lies in the segments' bytes or in zeros). */
export function segmentsWithout(segments, runs) {
  const out = [];
  for (const { offset, bytes } of segments) {
    let from = offset;
    const end = offset + bytes.length;
    for (const run of runs) {
      const runEnd = run.offset + run.bytes.length;
      if (runEnd <= from || run.offset >= end) continue;
      if (run.offset > from) out.push({ offset: from, bytes: bytes.subarray(from - offset, run.offset - offset) });
      from = Math.max(from, runEnd);
    }
    if (from < end) out.push({ offset: from, bytes: bytes.subarray(from - offset) });
  }
  return out;
}
