// What e2e/compat.test.mjs lints (it runs ESLint with this file on the sources and on dist/): that
// the JavaScript the browser runs uses no syntax and no web API beyond the supported floor
// (compat/floor.mjs). eslint-plugin-compat knows the web APIs (MDN's compatibility data), es-x
// the syntax and built-ins by ECMAScript edition.
import compat from 'eslint-plugin-compat';
import esx from 'eslint-plugin-es-x';
import globals from 'globals';
import { BROWSERS } from './compat/floor.mjs';

const browser = { ...globals.browser, ...globals.serviceworker };
const rules = (config) => config.rules;

export default [
  {
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: browser },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { compat, 'es-x': esx },
    settings: { browsers: BROWSERS, lintAllEsApis: true },
    rules: {
      'compat/compat': 'error',
      // ES2022 is in every floor browser but for class static blocks (Safari 16.4).
      ...rules(esx.configs['flat/restrict-to-es2022']),
      'es-x/no-class-static-block': 'error',
      'no-undef': 'error',
    },
  },
  {
    // The loader runs in engines below the floor too, to tell their users why nothing starts:
    // ES2017 plus import() and import.meta (Chrome 64, Firefox 67, Safari 11.1).
    files: ['assets/app.js', 'dist/app.js'],
    rules: {
      ...rules(esx.configs['flat/restrict-to-es2017']),
      'es-x/no-dynamic-import': 'off',
      'es-x/no-import-meta': 'off',
    },
  },
  {
    // wasm-bindgen's glue looks for `global` (Node) behind typeof checks.
    files: ['dist/shuzhi-app-*.js'],
    rules: { 'no-undef': 'off' },
  },
  {
    // The lazy part's glue (a classic Web Worker): wasm-bindgen's typeof checks for `global` and
    // DedicatedWorkerGlobalScope; Trunk's loader shim calls the glue's `wasm_bindgen` global.
    files: ['dist/shuzhi-lazy*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.worker, wasm_bindgen: 'readonly' } },
    rules: { 'no-undef': 'off' },
  },
  {
    // The service worker is a classic script.
    files: ['assets/sw.js', 'dist/sw.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    // Runs in IE 7 document mode (兼容模式): ES3.
    files: ['assets/compat.js', 'dist/compat.js'],
    languageOptions: { ecmaVersion: 3, sourceType: 'script', globals: browser },
    rules: { ...rules(esx.configs['flat/restrict-to-es3']) },
  },
];
