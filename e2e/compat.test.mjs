// The supported floor (e2e/compat/floor.mjs, README 支持的浏览器), checked on the release build:
// - the wasm, its target-features section stripped, validates with only the floor's WebAssembly
//   features (binaryen's wasm-opt, as Trunk runs it), and fails without reference types (so the
//   check can fail); app.js's probe module uses exactly those features;
// - the JavaScript the browser runs (assets/*.js, and dist/'s loader, wasm-bindgen glue and
//   sw.js as built) uses no syntax or web API beyond the floor (ESLint: e2e/eslint.config.mjs);
// - the CSS uses nothing beyond the floor but the progressive enhancements listed below, each
//   with what happens without it (doiuse on caniuse's data, and MDN's data for properties,
//   selectors and at-rules caniuse does not know).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import postcss from 'postcss';
import doiuse from 'doiuse';
import bcd from '@mdn/browser-compat-data' with { type: 'json' };
import { repoRoot, distDir } from './support.mjs';
import { FLOOR, BROWSERS, WASM_FEATURES } from './compat/floor.mjs';

const wasmOpt = path.join(repoRoot, 'e2e/node_modules/.bin/wasm-opt');

/** Whether wasm-opt accepts `file` with only the MVP and `features`; its message when not. */
function validates(file, features) {
  try {
    execFileSync(wasmOpt, [file, '--mvp-features', ...features.map((f) => `--enable-${f}`), '-o', os.devNull], { stdio: 'pipe' });
    return { ok: true };
  } catch (error) {
    return { ok: false, message: String(error.stderr).split('\n').slice(0, 3).join(' ') };
  }
}

/** A copy of `wasm` without its target-features section (what a browser ignores anyway). */
function stripped(wasm, dir) {
  const out = path.join(dir, 'stripped.wasm');
  execFileSync(wasmOpt, [wasm, '--all-features', '--strip-target-features', '-o', out], { stdio: 'pipe' });
  return out;
}

test('every release wasm (the app\'s two halves and its lazy part) validates with only the floor\'s WebAssembly features', () => {
  const wasms = readdirSync(distDir).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasms.length, 3, `the app's first load, its second half, the lazy part: ${wasms.join(', ')}`);
  for (const file of wasms) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shuzhi-floor-'));
    try {
      const wasm = stripped(path.join(distDir, file), dir);
      const floor = validates(wasm, WASM_FEATURES);
      assert.ok(floor.ok, `${file} needs more than ${WASM_FEATURES.join(', ')}: ${floor.message}`);
      // The check bites: wasm-bindgen's externref table needs reference types.
      const older = validates(wasm, WASM_FEATURES.filter((f) => f !== 'reference-types' && f !== 'call-indirect-overlong'));
      assert.equal(older.ok, false, `${file} validated without reference types: the check proves nothing`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('app.js probes for exactly the floor\'s WebAssembly features', () => {
  const source = readFileSync(path.join(repoRoot, 'assets/app.js'), 'utf8');
  const list = source.match(/const FLOOR_PROBE = \[([\s\S]*?)\];/)[1].replace(/\/\/.*$/gm, '');
  const bytes = Uint8Array.from(list.split(',').map((s) => s.trim()).filter(Boolean).map(Number));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shuzhi-probe-'));
  try {
    const file = path.join(dir, 'probe.wasm');
    writeFileSync(file, bytes);
    assert.ok(validates(file, WASM_FEATURES).ok, 'the probe needs more than the floor');
    // Each feature the build relies on is in the probe: without it the probe is invalid.
    for (const missing of ['reference-types', 'bulk-memory', 'sign-ext', 'nontrapping-float-to-int', 'multivalue']) {
      const without = WASM_FEATURES.filter((f) => f !== missing && !(missing === 'bulk-memory' && f === 'bulk-memory-opt'));
      assert.equal(validates(file, without).ok, false, `the probe does not use ${missing}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the JavaScript uses no syntax or web API beyond the floor (ESLint, eslint-plugin-compat)', async () => {
  const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'e2e/eslint.config.mjs'), ignore: false });
  // The sources, and what the browser gets: the loader and sw.js as built, wasm-bindgen's glue.
  const built = readdirSync(distDir).filter((f) => f.endsWith('.js')).map((f) => path.join('dist', f));
  assert.ok(built.some((f) => /shuzhi-app-[^/]*\.js$/.test(f)), `no wasm-bindgen glue in dist/: ${built}`);
  const results = await eslint.lintFiles(['assets/*.js', ...built]);
  const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line}:${m.column} ${m.message} (${m.ruleId})`));
  assert.deepEqual(problems, []);
  assert.ok(results.length >= 6, `linted only ${results.map((r) => r.filePath)}`);
});

/**
 * CSS beyond the floor that is only a progressive enhancement: what a floor browser without it
 * gets instead. A new finding fails the test until it is listed here (or avoided).
 */
const PROGRESSIVE = {
  'property field-sizing': 'text areas are grown by script instead (src/ui/adapters/dom.rs autosize)',
  'css-content-visibility': 'off-screen preview blocks are laid out anyway: typing in long drafts is slower',
  'property content-visibility': 'as css-content-visibility',
  'css-zoom': 'Firefox before 126 shows the preview page at full size in its scrolling pane',
  'intrinsic-width': 'the 查看范例 summary is as wide as its column instead of its text',
  'extended-system-fonts': 'ui-monospace is skipped: Consolas or the default monospace font',
  'text-size-adjust': 'only stops mobile browsers from inflating text',
  'property text-size-adjust': 'as text-size-adjust (-webkit-text-size-adjust covers Safari)',
  'property contain-intrinsic-size': 'goes with content-visibility',
  'property zoom': 'as css-zoom',
  'css-text-indent': 'caniuse means the each-line and hanging keywords; we indent by lengths only',
  'css-paged-media': 'Safari before 18.2 prints the .html export with its own page margins (the Word file is the document)',
  'at-rule page': 'as css-paged-media',
};

/** Browsers of the floor that lack a BCD feature (`__compat`): ['firefox 102', …]. */
function lacking(compat) {
  const out = [];
  for (const [browser, floor] of Object.entries(FLOOR)) {
    const statements = [compat.support[browser]].flat().filter((s) => s && !s.flags && !s.prefix && !s.alternative_name);
    const versions = statements.map((s) => s.version_added).filter((v) => typeof v === 'string' && v !== 'preview');
    const first = Math.min(...versions.map((v) => parseFloat(v.replace('≤', ''))));
    if (!(first <= floor)) out.push(`${browser} ${floor}`);
  }
  return out;
}

/** Properties, selectors and at-rules MDN knows, used by `css` and missing in a floor browser. */
function mdnFindings(root) {
  const found = [];
  const check = (kind, name, compat, where) => {
    if (!compat) return;
    const missing = lacking(compat);
    if (missing.length) found.push({ feature: `${kind} ${name}`, where, missing });
  };
  root.walkDecls((decl) => {
    if (decl.prop.startsWith('-')) return; // vendor prefixes and custom properties
    if (decl.parent.type === 'atrule' && decl.parent.name === 'page') return; // @page descriptors, checked with @page
    check('property', decl.prop, bcd.css.properties[decl.prop]?.__compat, decl.source.start.line);
  });
  root.walkRules((rule) => {
    for (const m of rule.selector.matchAll(/::?([a-z-]+)/g)) check('selector', m[1], bcd.css.selectors[m[1]]?.__compat, rule.source.start.line);
  });
  root.walkAtRules((at) => check('at-rule', at.name, bcd.css['at-rules'][at.name]?.__compat, at.source.start.line));
  return found;
}

test('the CSS uses nothing beyond the floor but listed progressive enhancements', async () => {
  const styles = path.join(repoRoot, 'styles');
  const unlisted = [];
  for (const name of readdirSync(styles).filter((f) => f.endsWith('.css'))) {
    const css = readFileSync(path.join(styles, name), 'utf8');
    const usages = [];
    const result = await postcss([doiuse({ browsers: BROWSERS, onFeatureUsage: (u) => usages.push(u) })]).process(css, { from: path.join(styles, name) });
    const found = [
      ...usages.map((u) => ({ feature: u.feature, where: u.usage.source.start.line, missing: [u.message.replace(/^.*?: /, '')] })),
      ...mdnFindings(result.root),
    ];
    for (const f of found) if (!PROGRESSIVE[f.feature]) unlisted.push(`styles/${name}:${f.where} ${f.feature} (missing in ${f.missing.join(', ')})`);
  }
  assert.deepEqual(unlisted, []);
});
