//! The host page's messages (`window.postMessage`, protocol in README 嵌入内网门户): reading what
//! arrives into the core's `Json`, and posting the app's messages back. Which origins may talk and
//! what the messages mean are decided above (hooks/host_api.rs and `report::config`).

use gloo_events::EventListener;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::report::config::{Json, JsonReadError};

use super::dom::{document, window};

/// Reads a value the browser parsed or cloned as the core's `Json`, spending `budget` (one per
/// value, one per character of strings and keys). `None`: over budget or nested too deep.
pub fn to_json(value: &JsValue, budget: &mut usize, depth: u32) -> Option<Json> {
    *budget = budget.checked_sub(1)?;
    if depth > 16 {
        return None;
    }
    if value.is_null() || value.is_undefined() {
        return Some(Json::Null);
    }
    if let Some(b) = value.as_bool() {
        return Some(Json::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Some(Json::Number(n));
    }
    if let Some(s) = value.as_string() {
        *budget = budget.checked_sub(s.len())?;
        return Some(Json::String(s));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        return array.iter().map(|item| to_json(&item, budget, depth + 1)).collect::<Option<Vec<_>>>().map(Json::Array);
    }
    if value.is_object() {
        let mut members = Vec::new();
        let object: &Object = value.unchecked_ref();
        for key in Object::keys(object).iter() {
            let name = key.as_string()?;
            *budget = budget.checked_sub(name.len())?;
            let item = Reflect::get(value, &key).ok()?;
            members.push((name, to_json(&item, budget, depth + 1)?));
        }
        return Some(Json::Object(members));
    }
    Some(Json::Null) // functions, symbols: nothing JSON has
}

/// Parses JSON text with the browser's own parser (nothing added to the bundle), within `budget`.
pub fn parse_json(text: &str, budget: usize) -> Result<Json, JsonReadError> {
    let value = js_sys::JSON::parse(text.trim_start_matches('\u{feff}')).map_err(|e| JsonReadError::Syntax(super::js_error_text(&e)))?;
    to_json(&value, &mut budget.clone(), 0).ok_or(JsonReadError::TooLarge)
}

/// A field of a message the app posts.
pub enum Field<'a> {
    Text(&'a str),
    OptionalText(Option<&'a str>),
    Number(f64),
    Texts(&'a [&'a str]),
}

fn value(field: &Field) -> JsValue {
    match field {
        Field::Text(text) => JsValue::from_str(text),
        Field::OptionalText(text) => text.map_or(JsValue::NULL, JsValue::from_str),
        Field::Number(n) => JsValue::from_f64(*n),
        Field::Texts(list) => list.iter().map(|t| JsValue::from_str(t)).collect::<Array>().into(),
    }
}

/// Where a message came from, to answer it.
#[derive(Clone)]
pub struct Sender {
    pub origin: String,
    source: JsValue,
}

impl Sender {
    /// Posts a message to the sender, with `bytes` as a transferred `bytes` field if given.
    pub fn reply(&self, fields: &[(&str, Field)], bytes: Option<&[u8]>) {
        post(&self.source, &self.origin, fields, bytes);
    }
}

/// A message that claims to be ours (`type` starts with `shuzhi:`), read within `budget`.
pub struct Incoming {
    /// The origin of the page that sent it (checked before anything is answered).
    pub origin: String,
    /// Where to answer (`None`: the sender is gone).
    pub sender: Option<Sender>,
    data: JsValue,
}

impl Incoming {
    /// The message as `Json`, read within `budget` (`None`: over budget). Read only once the
    /// origin is known to be allowed.
    pub fn data(&self, budget: usize) -> Option<Json> {
        to_json(&self.data, &mut budget.clone(), 0)
    }
}

/// Listens to the window's messages; only those whose `type` starts with `shuzhi:` are passed on
/// (other scripts on a portal post messages too).
pub fn on_message(mut f: impl FnMut(Incoming) + 'static) -> Option<EventListener> {
    let window = window()?;
    Some(EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
        let data = event.data();
        let ours = Reflect::get(&data, &JsValue::from_str("type"))
            .ok()
            .and_then(|t| t.as_string())
            .is_some_and(|t| t.starts_with("shuzhi:"));
        if !ours {
            return;
        }
        let origin = event.origin();
        let sender = event.source().map(|source| Sender { origin: origin.clone(), source: JsValue::from(source) });
        f(Incoming { origin, sender, data });
    }))
}

/// Posts `fields` to `target` at `origin`.
fn post(target: &JsValue, origin: &str, fields: &[(&str, Field)], bytes: Option<&[u8]>) {
    let object = Object::new();
    for (key, field) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &value(field));
    }
    let mut transfer = None;
    if let Some(bytes) = bytes {
        let array = js_sys::Uint8Array::from(bytes);
        let _ = Reflect::set(&object, &JsValue::from_str("bytes"), &array);
        transfer = Some(Array::of1(&array.buffer()));
    }
    // Through Reflect: `target` may be a cross-origin WindowProxy, which is no `instanceof Window`.
    let Some(post) = Reflect::get(target, &JsValue::from_str("postMessage")).ok().and_then(|f| f.dyn_into::<Function>().ok()) else {
        return;
    };
    let _ = match transfer {
        Some(list) => post.call3(target, &object, &JsValue::from_str(origin), &list),
        None => post.call2(target, &object, &JsValue::from_str(origin)),
    };
}

/// The page embedding this one, if framed: its origin as the browser tells it
/// (`location.ancestorOrigins` in Chromium and Safari, else the referrer).
pub fn embedding_origin() -> Option<String> {
    let window = window()?;
    let parent = window.parent().ok().flatten()?;
    if js_sys::Object::is(&parent, &window) {
        return None;
    }
    let ancestors = Reflect::get(&window.location(), &JsValue::from_str("ancestorOrigins")).ok();
    let first = ancestors
        .filter(|a| a.is_object())
        .and_then(|a| Reflect::get(&a, &JsValue::from_f64(0.0)).ok())
        .and_then(|o| o.as_string());
    first.or_else(|| {
        let referrer = document()?.referrer();
        web_sys::Url::new(&referrer).ok().map(|u| u.origin())
    })
}

/// Posts `fields` to the embedding page at `origin`.
pub fn post_to_parent(origin: &str, fields: &[(&str, Field)]) {
    let Some(parent) = window().and_then(|w| w.parent().ok().flatten()) else { return };
    post(&parent, origin, fields, None);
}
