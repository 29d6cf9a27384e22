// The oldest browsers Shuzhi supports (README 支持的浏览器), in one place: the browserslist queries
// eslint-plugin-compat checks the JavaScript against, and the WebAssembly features the release
// wasm may use (binaryen's names). e2e/compat.test.mjs checks the build against both.
//
// Why these versions: the page's CSP allows WebAssembly with 'wasm-unsafe-eval' and never with
// 'unsafe-eval' (no eval for scripts). Browsers before Chrome/Edge 97, Firefox 102 and Safari 16
// do not know that keyword and refuse to compile the wasm under such a policy, so no build of the
// app could start there. Every wasm feature below predates those versions (reference types:
// Chrome 96, Firefox 79, Safari 15.1).

/** browserslist queries (desktop: the field's Windows PCs; Safari for Macs). */
export const BROWSERS = ['chrome >= 97', 'edge >= 97', 'firefox >= 102', 'safari >= 16'];

/** The floor as people read it (app.js says the same in its message for older browsers). */
export const FLOOR_TEXT = 'Chrome/Edge 97, Firefox 102, Safari 16';

/** WebAssembly features the floor's engines all have, as wasm-opt flags (after --mvp-features). */
export const WASM_FEATURES = [
  'sign-ext', // Chrome 74, Firefox 62, Safari 14.1
  'mutable-globals', // Chrome 74, Firefox 61, Safari 13.1
  'nontrapping-float-to-int', // Chrome 75, Firefox 64, Safari 15
  'bulk-memory', // Chrome 75, Firefox 79, Safari 15
  'bulk-memory-opt', // memory.copy and memory.fill alone: part of bulk memory
  'multivalue', // Chrome 85, Firefox 78, Safari 13.1
  'reference-types', // Chrome 96, Firefox 79, Safari 15.1 (wasm-bindgen's externref table)
  'call-indirect-overlong', // the table index of call_indirect as a LEB: part of reference types
];

/** Features the floor does not have; a build that used one would fail on the floor's engines. */
export const WASM_BEYOND_FLOOR = ['simd', 'relaxed-simd', 'threads', 'tail-call', 'exception-handling', 'gc', 'memory64', 'multimemory', 'extended-const'];
