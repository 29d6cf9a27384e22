//! The page's side of the lazy part: a second wasm (`src/worker.rs`, built by Trunk as a classic
//! Web Worker) that holds what the first step never needs — reading imports (.txt/.md/.docx,
//! Word's numbering) and writing Word files (zip, deflate). It is fetched when the browser is idle
//! after the first step is shown, or at the first action that needs it; long imports and exports
//! then run off the typing thread. Offline it comes from the service worker's precache like every
//! other file of the build.
//!
//! Messages are a JSON text (`app::lazy`'s types) and optional bytes, transferred, not copied.
//! The JSON travels as its UTF-8 bytes too: as a JS string it would be decoded on one side and
//! encoded again on the other (a Word export's job is ≈16 KB of JSON, mostly Chinese: ≈0.25 ms of
//! the page's `TextDecoder` alone).
//! Not gloo-worker: it panics when a worker can't be created (a sandboxed iframe, a blocked URL)
//! and on a message it can't decode; here every failure is a `LazyError` the action says in
//! Chinese, and everything else keeps working.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::timers::Timeout;

/// The lazy part's loader (Trunk's shim: `importScripts` of the glue, then the wasm).
const LOADER: &str = "shuzhi-lazy_loader.js";
/// How long the lazy part may take to start before an action says it can't (a slow line loads
/// it in well under this).
const START_PATIENCE_MS: u32 = 60_000;

/// Why the lazy part could not do a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LazyError {
    /// It could not be loaded (offline before it was ever fetched, blocked, missing from the
    /// server, or the browser refuses workers here).
    Unavailable,
    /// It stopped while working (out of memory on a huge file, a crash).
    Stopped,
}

type Waiting = (Function, Function);

enum Phase {
    Idle,
    Starting { worker: web_sys::Worker, queued: Vec<(JsValue, Array)> },
    Ready(web_sys::Worker),
    Failed(LazyError),
}

struct Inner {
    phase: Phase,
    next_id: u32,
    waiting: HashMap<u32, Waiting>,
    /// The worker's event handlers, kept alive while it runs.
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    start_timer: Option<Timeout>,
}

/// A handle on the lazy part (cheap to clone; one worker per page).
#[derive(Clone)]
pub struct Lazy(Rc<RefCell<Inner>>);

impl PartialEq for Lazy {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Lazy {
    fn default() -> Self {
        Lazy(Rc::new(RefCell::new(Inner { phase: Phase::Idle, next_id: 1, waiting: HashMap::new(), handlers: Vec::new(), start_timer: None })))
    }
}

/// Runs `callback` when the browser is idle: `requestIdleCallback` where there is one, else after
/// a short timer.
fn on_idle(window: &web_sys::Window, callback: &JsValue) {
    let idle = Reflect::get(window, &"requestIdleCallback".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let _ = match idle {
        Some(idle) => idle.call1(window, callback).map(|_| ()),
        None => window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 1500).map(|_| ()),
    };
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A message: `{ id, json, bytes? }` (`json` as UTF-8 bytes), and what to transfer with it.
pub(crate) fn message(id: u32, json: &str, bytes: Option<&[u8]>) -> (JsValue, Array) {
    let object = Object::new();
    let _ = Reflect::set(&object, &"id".into(), &JsValue::from(id));
    let text = Uint8Array::from(json.as_bytes());
    let transfer = Array::of1(&text.buffer());
    let _ = Reflect::set(&object, &"json".into(), &text);
    if let Some(bytes) = bytes {
        let array = Uint8Array::from(bytes);
        transfer.push(&array.buffer());
        let _ = Reflect::set(&object, &"bytes".into(), &array);
    }
    (object.into(), transfer)
}

/// The parts of a message: its id, JSON text and bytes.
pub(crate) fn parts(data: &JsValue) -> Option<(u32, String, Option<Vec<u8>>)> {
    let id = field(data, "id").as_f64()? as u32;
    let json = String::from_utf8(field(data, "json").dyn_into::<Uint8Array>().ok()?.to_vec()).ok()?;
    let bytes = field(data, "bytes").dyn_into::<Uint8Array>().ok().map(|a| a.to_vec());
    Some((id, json, bytes))
}

impl Lazy {
    /// Starts fetching the lazy part when the browser has nothing better to do after the first
    /// step is shown. Where a service worker is on its way to control the page (the first visit),
    /// it waits until it does: the worker's files then come from the precache the service worker
    /// has just filled, not a second time from the server (which may send no validators).
    pub fn warm_when_idle(&self) {
        let lazy = self.clone();
        let when_idle = Closure::once_into_js(move || lazy.start());
        let Some(window) = web_sys::window() else {
            return;
        };
        let container = Reflect::get(&window.navigator(), &"serviceWorker".into()).unwrap_or(JsValue::UNDEFINED);
        let controlled = !container.is_undefined() && !field(&container, "controller").is_null() && !field(&container, "controller").is_undefined();
        if container.is_undefined() || controlled {
            return on_idle(&window, &when_idle);
        }
        // Not yet controlled: the first visit (or a registration that fails — then the first
        // action that needs the lazy part starts it).
        let after_claim = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                on_idle(&window, &when_idle);
            }
        });
        if let Some(listen) = field(&container, "addEventListener").dyn_ref::<Function>() {
            let options = Object::new();
            let _ = Reflect::set(&options, &"once".into(), &JsValue::TRUE);
            let _ = listen.call3(&container, &"controllerchange".into(), &after_claim, &options);
        }
    }

    /// Whether the lazy part runs (a job sent now starts nothing).
    pub fn is_ready(&self) -> bool {
        matches!(self.0.borrow().phase, Phase::Ready(_))
    }

    /// Starts the worker if it is not running.
    fn start(&self) {
        if !matches!(self.0.borrow().phase, Phase::Idle) {
            return;
        }
        let worker = match web_sys::Worker::new(LOADER) {
            Ok(worker) => worker,
            Err(_) => return self.fail(LazyError::Unavailable),
        };
        let on_message = {
            let lazy = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| lazy.received(field(&event, "data")))
        };
        let on_error = {
            let lazy = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                let ready = matches!(lazy.0.borrow().phase, Phase::Ready(_));
                lazy.fail(if ready { LazyError::Stopped } else { LazyError::Unavailable });
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let timer = {
            let lazy = self.clone();
            Timeout::new(START_PATIENCE_MS, move || {
                if matches!(lazy.0.borrow().phase, Phase::Starting { .. }) {
                    lazy.fail(LazyError::Unavailable);
                }
            })
        };
        let mut inner = self.0.borrow_mut();
        inner.handlers = vec![on_message, on_error];
        inner.start_timer = Some(timer);
        inner.phase = Phase::Starting { worker, queued: Vec::new() };
    }

    /// A message from the worker: `{ ready: true }` once it runs, else a reply.
    fn received(&self, data: JsValue) {
        if field(&data, "ready").as_bool() == Some(true) {
            let mut inner = self.0.borrow_mut();
            inner.start_timer = None;
            if let Phase::Starting { worker, queued } = std::mem::replace(&mut inner.phase, Phase::Idle) {
                for (message, transfer) in queued {
                    let _ = worker.post_message_with_transfer(&message, &transfer);
                }
                inner.phase = Phase::Ready(worker);
            }
            return;
        }
        let Some(id) = field(&data, "id").as_f64().map(|id| id as u32) else {
            return;
        };
        let waiting = self.0.borrow_mut().waiting.remove(&id);
        if let Some((resolve, _)) = waiting {
            let _ = resolve.call1(&JsValue::NULL, &data);
        }
    }

    /// The worker can't (or can no longer) do anything: every waiting job fails with `why`.
    fn fail(&self, why: LazyError) {
        let waiting: Vec<Waiting> = {
            let mut inner = self.0.borrow_mut();
            if let Phase::Starting { worker, .. } | Phase::Ready(worker) = &inner.phase {
                worker.terminate();
            }
            inner.phase = Phase::Failed(why);
            inner.start_timer = None;
            inner.waiting.drain().map(|(_, w)| w).collect()
        };
        let code = JsValue::from(why as u32);
        for (_, reject) in waiting {
            let _ = reject.call1(&JsValue::NULL, &code);
        }
    }

    /// Runs one job: `json` and optional `bytes` in, the reply's JSON and bytes out. After a
    /// failure to start, a later call tries again (the line may be back). The job is posted now,
    /// before the caller's next await: the worker starts while the page re-renders around the
    /// click (a Yew render queued by then runs before a spawned future's first poll).
    pub fn call(&self, json: &str, bytes: Option<&[u8]>) -> impl Future<Output = Result<(String, Option<Vec<u8>>), LazyError>> {
        if matches!(self.0.borrow().phase, Phase::Failed(LazyError::Unavailable)) {
            self.0.borrow_mut().phase = Phase::Idle;
        }
        self.start();
        let id = {
            let mut inner = self.0.borrow_mut();
            inner.next_id = inner.next_id.wrapping_add(1);
            inner.next_id
        };
        let (outgoing, transfer) = message(id, json, bytes);
        let reply = Promise::new(&mut |resolve, reject| {
            let mut inner = self.0.borrow_mut();
            match &mut inner.phase {
                Phase::Failed(why) => {
                    let _ = reject.call1(&JsValue::NULL, &JsValue::from(*why as u32));
                    return;
                }
                Phase::Starting { queued, .. } => queued.push((outgoing.clone(), transfer.clone())),
                Phase::Ready(worker) => {
                    let _ = worker.post_message_with_transfer(&outgoing, &transfer);
                }
                Phase::Idle => {
                    let _ = reject.call1(&JsValue::NULL, &JsValue::from(LazyError::Unavailable as u32));
                    return;
                }
            }
            inner.waiting.insert(id, (resolve, reject));
        });
        async move {
            match JsFuture::from(reply).await {
                Ok(data) => parts(&data).map(|(_, json, bytes)| (json, bytes)).ok_or(LazyError::Stopped),
                Err(code) if code.as_f64() == Some(LazyError::Stopped as u32 as f64) => Err(LazyError::Stopped),
                Err(_) => Err(LazyError::Unavailable),
            }
        }
    }
}
