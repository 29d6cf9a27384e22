// Starts the app: an external module, so the CSP needs no 'unsafe-inline' for scripts.
// Trunk writes the hashed file names into this script's own URL (Trunk.toml `pattern_script`):
//   <script type="module" src="./app.js?js=shuzhi-app-<hash>.js&wasm=shuzhi-app-<hash>_bg.wasm">
// so every build gets a fresh URL, and all paths stay relative to the page (sub-path hosting).
const query = new URL(import.meta.url).searchParams;
const here = (name) => new URL(query.get(name), import.meta.url);
const { default: init } = await import(here("js").href);
await init({ module_or_path: here("wasm") });
