//! The Yew front end: a thin layer over the app's logic (`crate::app`) and the core, in layers
//! without import cycles (a test enforces both):
//!
//! - `adapters`: the only modules that touch the browser (web_sys, js_sys, gloo);
//! - `hooks`: contexts (app state, storage session, portal settings) and effects;
//! - `components` and `pages`: what is on screen, built from the hooks;
//! - `app` and `shell` at the top; `strings` holds every user-visible text.

mod adapters;
mod app;
mod components;
mod hooks;
mod pages;
mod shell;
mod strings;

pub use app::App;

/// Mounts the app on `<body>` (behind the passphrase lock's gate, when reports are encrypted).
pub fn start() {
    crate::report::template::set_texts_source(adapters::loader::second_half_now);
    yew::Renderer::<app::Gate>::new().render();
}

/// Serves the lazy part's jobs (inside its Web Worker, `src/worker.rs`).
pub fn serve_lazy() {
    adapters::lazy_worker::serve(answer);
}

/// One lazy job: the browser's `TextDecoder` decodes what the importer asks for.
fn answer(json: &str, bytes: Option<Vec<u8>>) -> (String, Option<Vec<u8>>) {
    crate::app::lazy::answer(json, bytes, &|raw: &[u8], label: &str| adapters::files::decode(raw, label, true))
}
