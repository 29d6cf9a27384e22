//! Listening to the page: gloo's `EventListener`s on the window and the document, removed when
//! dropped, and what the app reads from the events it listens to.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::DragEvent;

use super::dom::{document, window};

/// Listens to `name` on the window until the returned listener is dropped.
pub fn on_window(name: &'static str, mut f: impl FnMut() + 'static) -> Option<EventListener> {
    let window = window()?;
    Some(EventListener::new(&window, name, move |_| f()))
}

/// Listens to `name` on the document until the returned listener is dropped.
pub fn on_document(name: &'static str, mut f: impl FnMut() + 'static) -> Option<EventListener> {
    let document = document()?;
    Some(EventListener::new(&document, name, move |_| f()))
}

/// `beforeunload`: `f` says whether leaving would lose work; if so the browser asks first.
pub fn on_before_unload(f: impl Fn() -> bool + 'static) -> Option<EventListener> {
    let window = window()?;
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(&window, "beforeunload", options, move |event| {
        if f() {
            event.prevent_default();
            let _ = js_sys::Reflect::set(event, &"returnValue".into(), &"".into());
        }
    }))
}

/// A change another tab made to this origin's localStorage: the key (`None`: storage cleared)
/// and the value it wrote (`None`: removed).
pub struct StorageChange {
    pub key: Option<String>,
    pub new_value: Option<String>,
}

/// Listens to `storage` events of localStorage (sessionStorage's carry keys too).
pub fn on_storage(mut f: impl FnMut(StorageChange) + 'static) -> Option<EventListener> {
    let window = window()?;
    Some(EventListener::new(&window, "storage", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
        let local = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        let is_local = match (event.storage_area(), local) {
            (Some(area), Some(local)) => js_sys::Object::is(&area, &local),
            _ => false,
        };
        if is_local {
            f(StorageChange { key: event.key(), new_value: event.new_value() });
        }
    }))
}

/// Whether a drag carries files (so text drags inside fields keep working).
pub fn drags_files(event: &DragEvent) -> bool {
    event
        .data_transfer()
        .map(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
        .unwrap_or(false)
}
