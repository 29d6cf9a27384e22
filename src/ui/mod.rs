//! The Yew front end: a thin layer over the core. State changes go through `state::AppState`'s
//! reducer, which delegates draft edits to `report::apply`; browser effects live in `browser`,
//! `persist` and the hooks of `app`.

mod app;
mod autosave;
mod browser;
mod check;
mod drafts;
mod embed;
mod fields;
mod import;
mod items;
mod lock;
mod persist;
mod platform;
mod state;
mod strings;
mod templates;
mod yearly;

pub use app::App;

/// Mounts the app on `<body>` (behind the passphrase lock's gate, when reports are encrypted).
pub fn start() {
    yew::Renderer::<lock::Gate>::new().render();
}

/// Mounts the app inside `root` (browser tests).
pub fn mount(root: web_sys::Element) {
    yew::Renderer::<App>::with_root(root).render();
}
