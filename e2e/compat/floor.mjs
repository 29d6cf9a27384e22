// The oldest browsers Shuzhi supports (README 支持的浏览器), in one place: the browserslist queries
// eslint-plugin-compat checks the JavaScript against, and the WebAssembly features the release
// wasm may use (binaryen's names). e2e/compat.test.mjs checks the build against both.
//
// Why these versions: the page's CSP allows WebAssembly with 'wasm-unsafe-eval' and never with
// 'unsafe-eval' (no eval for scripts). Browsers before Chrome/Edge 97, Firefox 102 and Safari 16
// do not know that keyword and refuse to compile the wasm under such a policy, so no build of the
// app could start there. Every wasm feature below predates those versions (reference types:
// Chrome 96, Firefox 79, Safari 15.1).

/** First supported version of each desktop browser (Windows PCs in the field; Safari for Macs). */
export const FLOOR = { chrome: 97, edge: 97, firefox: 102, safari: 16 };

/** The same as browserslist queries (eslint-plugin-compat, doiuse). */
export const BROWSERS = Object.entries(FLOOR).map(([browser, version]) => `${browser} >= ${version}`);

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
