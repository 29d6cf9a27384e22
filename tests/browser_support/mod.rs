//! Waiting in browser tests: yield to the browser until a condition holds, with a wall-clock
//! deadline rather than a count of turns, so a loaded CI machine (slow debug wasm, 2 cores shared
//! with the e2e build) gets the same patience as a quiet one. No fixed sleeps: a test that is
//! ready goes on at once.
#![allow(dead_code)]

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export function type_into(el, value) {
  el.value = value;
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
}
"#)]
extern "C" {
    /// Sets a field's value and sends the `input` event a browser sends for typing.
    pub fn type_into(el: &web_sys::Element, value: &str);
}

/// How long a condition may take before the test fails. Generous, because a failure here is
/// about something that never happens, not about speed (speed lives in `make bench`).
const DEADLINE_MS: f64 = 60_000.0;

/// Lets the browser run one task (timers, events), then lets Yew finish everything it has
/// scheduled: renders and the effects after them. Yew yields to the browser every ~16 ms of work,
/// so on a loaded machine a rendered DOM does not yet mean the effects (event listeners, storage
/// subscriptions) are in place; `flush` waits for those too.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    JsFuture::from(promise).await.expect("timeout promise");
    yew::scheduler::flush().await;
}

/// Yields to the browser until `ready()` holds; panics with `what` (and how long it waited) if
/// it does not within the deadline.
pub async fn until(what: &str, ready: impl Fn() -> bool) {
    let started = js_sys::Date::now();
    let mut turns = 0u32;
    yew::scheduler::flush().await;
    loop {
        if ready() {
            return;
        }
        let waited = js_sys::Date::now() - started;
        if waited > DEADLINE_MS {
            panic!("never happened: {what} (waited {waited:.0} ms over {turns} turns)");
        }
        next_task().await;
        turns += 1;
    }
}
