//! The lazy part's side of the channel (runs inside the Web Worker, `src/worker.rs`): each message
//! `{ id, json, bytes? }` is answered by `answer` with the same id; `{ ready: true }` tells the
//! page the worker is listening.

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::DedicatedWorkerGlobalScope;

use super::lazy::{message, parts};

/// Answers one job: its JSON text and bytes in, the reply's JSON text and bytes out.
pub type Answer = fn(&str, Option<Vec<u8>>) -> (String, Option<Vec<u8>>);

/// Serves jobs with `answer` until the worker is closed.
pub fn serve(answer: Answer) {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let on_message = {
        let scope = scope.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some((id, json, bytes)) = parts(&event.data()) else {
                return;
            };
            let (reply, reply_bytes) = answer(&json, bytes);
            let (outgoing, transfer) = message(id, &reply, reply_bytes.as_deref());
            let _ = scope.post_message_with_transfer(&outgoing, &transfer);
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}
