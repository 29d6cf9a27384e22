//! One writer per draft across tabs: the browser's Web Locks (`navigator.locks.request`) and the
//! writer marks in localStorage (`app::session::WRITER_PREFIX`). The decisions are the storage
//! session's; this module only asks the browser and reports its answers.
//!
//! Called through `js_sys::Reflect`: web-sys exposes `LockManager` only behind its unstable-APIs
//! flag. Web Locks need a secure context (https, or 127.0.0.1/localhost); plain-http intranet pages
//! and older browsers have none, and then `available` is false and the session stays optimistic.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::app::session::Ask;

use super::local_store::local_storage;

/// The browser's answer to a lock request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// This tab holds the lock now.
    Granted,
    /// `ifAvailable`: another tab holds it.
    Unavailable,
    /// Held, then taken by another tab (`steal`).
    Lost,
    /// The browser refused the request (an opaque origin, a broken implementation).
    Failed,
}

/// `navigator.locks`, when the browser offers it here.
fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    let request = Reflect::get(&locks, &"request".into()).ok()?;
    request.is_function().then_some(locks)
}

/// Whether this page can use Web Locks.
pub fn available() -> bool {
    lock_manager().is_some()
}

#[derive(Default)]
struct Held {
    /// Resolving it lets the lock go.
    release: Option<Function>,
    granted: bool,
    dropped: bool,
}

/// A lock request: while it lives the lock is held (once granted); dropping it lets the lock go,
/// and a request still waiting lets it go as soon as it is granted.
pub struct Request(Rc<RefCell<Held>>);

impl Drop for Request {
    fn drop(&mut self) {
        let release = {
            let mut held = self.0.borrow_mut();
            held.dropped = true;
            held.release.take()
        };
        if let Some(release) = release {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// Asks for lock `name` the way `ask` says; `answer` hears what the browser says, possibly more
/// than once (`Granted`, later `Lost`). No answer comes after the request is dropped.
pub fn request(name: &str, ask: Ask, answer: Rc<dyn Fn(Answer)>) -> Request {
    let held = Rc::new(RefCell::new(Held::default()));
    let request = Request(held.clone());
    let Some(locks) = lock_manager() else {
        answer(Answer::Failed);
        return request;
    };
    let options = Object::new();
    let flag = match ask {
        Ask::IfAvailable => Some("ifAvailable"),
        Ask::Steal => Some("steal"),
        Ask::Queue => None,
    };
    if let Some(flag) = flag {
        let _ = Reflect::set(&options, &flag.into(), &JsValue::TRUE);
    }
    let on_grant = {
        let (held, answer) = (held.clone(), answer.clone());
        Closure::once_into_js(move |lock: JsValue| -> JsValue {
            if held.borrow().dropped {
                return JsValue::UNDEFINED; // let go at once
            }
            if lock.is_null() {
                answer(Answer::Unavailable);
                return JsValue::UNDEFINED;
            }
            let holding = Promise::new(&mut |resolve, _| {
                let mut held = held.borrow_mut();
                held.release = Some(resolve);
                held.granted = true;
            });
            answer(Answer::Granted);
            holding.into()
        })
    };
    let call = Reflect::get(&locks, &"request".into())
        .and_then(|f| f.dyn_into::<Function>())
        .and_then(|f| f.call3(&locks, &name.into(), &options, &on_grant));
    let Ok(settled) = call.and_then(|p| p.dyn_into::<Promise>()) else {
        answer(Answer::Failed);
        return request;
    };
    wasm_bindgen_futures::spawn_local(async move {
        // Rejected: stolen (after the grant) or refused (before it).
        if JsFuture::from(settled).await.is_err() {
            let (granted, dropped) = {
                let held = held.borrow();
                (held.granted, held.dropped)
            };
            if !dropped {
                answer(if granted { Answer::Lost } else { Answer::Failed });
            }
        }
    });
    request
}

/// A token naming this page in writer marks.
pub fn new_token() -> String {
    let random = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
    format!("{random:x}")
}

/// The writer mark stored under `key` (read straight from localStorage).
pub fn mark_of(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

/// Marks the draft as written by this page.
pub fn mark(key: &str, token: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.set_item(key, token);
    }
}

/// Removes this page's mark (never another page's).
pub fn unmark(key: &str, token: &str) {
    if mark_of(key).as_deref() == Some(token) {
        if let Ok(storage) = local_storage() {
            let _ = storage.remove_item(key);
        }
    }
}
