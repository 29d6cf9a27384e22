//! The bottom layer: the only modules that touch the browser (`web_sys`, `js_sys`,
//! `wasm_bindgen`, gloo — a tidy test enforces it). Each returns typed errors or does nothing
//! instead of panicking: a browser can refuse any of these (sandboxed iframes, privacy modes, old
//! engines). No user-visible text here: `ui::strings` says the errors in Chinese.

pub mod clock;
pub mod crypto;
pub mod dom;
pub mod download;
pub mod events;
pub mod files;
pub mod host;
pub mod journal;
pub mod lazy;
pub mod lazy_worker;
pub mod loader;
pub mod local_store;
pub mod locked_store;
pub mod tab_lock;
pub mod timers;

/// Something the browser refused, with its own words (`Name: message`) when it gave any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserError {
    /// No window or document (never in a page; in a worker or a test harness).
    NoWindow,
    /// The browser lacks the feature.
    Unsupported(&'static str),
    /// A call threw.
    Threw(String),
}

/// A short text for a thrown JS value (its `name` and `message` when it is an Error).
pub fn js_error_text(value: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    if let Some(err) = value.dyn_ref::<js_sys::Error>() {
        let name: String = err.name().into();
        let message: String = err.message().into();
        return format!("{name}: {message}");
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

pub(crate) fn threw(value: wasm_bindgen::JsValue) -> BrowserError {
    BrowserError::Threw(js_error_text(&value))
}
