//! The crash journal in IndexedDB: every draft the autosave writes to localStorage is also written
//! here, in a transaction with `durability: "strict"`, which the browser commits to disk before it
//! reports success. Chromium writes localStorage to disk only seconds later, so a browser killed
//! right after typing loses what only localStorage held; at the next start the journal's newer
//! copies are put back (`app::journal::recover`).
//!
//! Everything here may fail (no IndexedDB in some private modes, a sandbox without
//! allow-same-origin, a full disk): then the journal is off and saving works as without it.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest};

use crate::app::journal::{JournalEntry, JournalOp};

use super::timers::Timeout;

const DATABASE: &str = "shuzhi-journal";
const STORE: &str = "drafts";
/// How long opening or reading may take before the app starts without the journal.
const PATIENCE_MS: u32 = 1500;

/// An open journal.
#[derive(Clone)]
pub struct Journal {
    db: IdbDatabase,
    /// Settles when the last transaction started here has committed (or failed).
    last: Rc<RefCell<Option<Promise>>>,
}

impl PartialEq for Journal {
    fn eq(&self, other: &Self) -> bool {
        self.db == other.db
    }
}

/// A promise settled when `transaction` commits, aborts or fails (never rejected).
fn committed(transaction: &web_sys::IdbTransaction) -> Promise {
    let transaction = transaction.clone();
    Promise::new(&mut |resolve: Function, _| {
        let done = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        transaction.set_oncomplete(Some(done.as_ref().unchecked_ref()));
        transaction.set_onabort(Some(done.as_ref().unchecked_ref()));
        transaction.set_onerror(Some(done.as_ref().unchecked_ref()));
        done.forget();
    })
}

/// A promise settled by an IndexedDB request's `success` (with its result) or `error`.
fn settled(request: &IdbRequest) -> Promise {
    let request = request.clone();
    Promise::new(&mut |resolve: Function, reject: Function| {
        let result = request.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &result.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(failed.unchecked_ref()));
    })
}

/// `promise`, or an error after `ms` (some browsers never answer `indexedDB.open` in private mode).
async fn within(promise: Promise, ms: u32) -> Result<JsValue, JsValue> {
    let timer = Promise::new(&mut |_, reject: Function| {
        Timeout::new(ms, move || {
            let _ = reject.call0(&JsValue::NULL);
        })
        .forget();
    });
    JsFuture::from(Promise::race(&Array::of2(&promise, &timer))).await
}

/// What app.js began while the wasm compiled, as `window[key]`'s promise, taken once (so a later
/// call does its own work): `None` when app.js began nothing there, else how the promise settled
/// within the patience.
async fn begun_early(key: &str) -> Option<Result<JsValue, JsValue>> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(key);
    let early = Reflect::get(&window, &key).ok()?.dyn_into::<Promise>().ok()?;
    let _ = Reflect::set(&window, &key, &JsValue::NULL);
    Some(within(early, PATIENCE_MS).await)
}

/// The journal app.js began opening (`window.shuzhiJournal`).
async fn opened_early() -> Option<IdbDatabase> {
    begun_early("shuzhiJournal").await?.ok()?.dyn_into::<IdbDatabase>().ok()
}

/// Opens (creating on first use) the journal; `None` when the browser offers no IndexedDB here.
pub async fn open() -> Option<Journal> {
    let db = match opened_early().await {
        Some(db) => db,
        None => open_here().await?,
    };
    // Another tab deleting the database (the passphrase lock turned on) must not wait for us.
    let close = {
        let db = db.clone();
        Closure::<dyn FnMut()>::new(move || db.close())
    };
    db.set_onversionchange(Some(close.as_ref().unchecked_ref()));
    close.forget();
    Some(Journal { db, last: Rc::default() })
}

async fn open_here() -> Option<IdbDatabase> {
    let factory = web_sys::window()?.indexed_db().ok()??;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1).ok()?;
    let upgrade = {
        let request = request.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(db) = request.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) {
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        })
    };
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = within(settled(&request), PATIENCE_MS).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    opened.ok()?.dyn_into().ok()
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

impl Journal {
    /// A transaction on the store: `readwrite` ones ask for strict durability (through Reflect:
    /// web-sys exposes the options argument only behind its unstable-APIs flag).
    fn store(&self, write: bool) -> Option<web_sys::IdbObjectStore> {
        let mode = JsValue::from_str(if write { "readwrite" } else { "readonly" });
        let options = Object::new();
        let _ = Reflect::set(&options, &"durability".into(), &"strict".into());
        let transaction: Function = Reflect::get(&self.db, &"transaction".into()).ok()?.dyn_into().ok()?;
        let tx: web_sys::IdbTransaction = transaction.call3(&self.db, &STORE.into(), &mode, &options).ok()?.dyn_into().ok()?;
        if write {
            *self.last.borrow_mut() = Some(committed(&tx));
        }
        tx.object_store(STORE).ok()
    }

    /// Resolves once the last write started here has reached the disk or failed: before a reload
    /// that must not find the old entries again (清除本机数据).
    pub async fn settled(&self) {
        let last = self.last.borrow().clone();
        if let Some(last) = last {
            let _ = within(last, PATIENCE_MS).await;
        }
    }

    /// Every journal entry (empty when the journal can't be read in time). app.js reads them as
    /// soon as it has opened the journal (`window.shuzhiJournalEntries`): its answer is taken as a
    /// read here would be, never read again: the code for a read here runs only without app.js
    /// (browser tests), so the first load, which a first visit starts with, does not carry it.
    pub async fn read_all(&self) -> Vec<JournalEntry> {
        let values = match begun_early("shuzhiJournalEntries").await {
            Some(answer) => answer.ok().and_then(|values| values.dyn_into::<Array>().ok()),
            None => self.read_here().await,
        };
        let Some(values) = values else { return Vec::new() };
        values
            .iter()
            .filter_map(|value| {
                let id = field(&value, "id").as_string()?;
                let json = field(&value, "json").as_string()?;
                let at = field(&value, "at").as_f64()?.max(0.0) as u64;
                Some(JournalEntry { id, json, at })
            })
            .collect()
    }

    /// Every entry, read by this code (see `read_all`).
    async fn read_here(&self) -> Option<Array> {
        let request = self.store(false)?.get_all().ok()?;
        within(settled(&request), PATIENCE_MS).await.ok()?.dyn_into::<Array>().ok()
    }

    /// Applies what the storage session did (written, removed, wiped). Fire and forget: a failed
    /// write only means the journal has an older copy, which recovery never prefers.
    pub fn apply(&self, ops: Vec<JournalOp>) {
        if ops.is_empty() {
            return;
        }
        let Some(store) = self.store(true) else { return };
        for op in ops {
            let _ = match op {
                JournalOp::Write(entry) => {
                    let value = Object::new();
                    let _ = Reflect::set(&value, &"id".into(), &entry.id.as_str().into());
                    let _ = Reflect::set(&value, &"json".into(), &entry.json.as_str().into());
                    let _ = Reflect::set(&value, &"at".into(), &JsValue::from_f64(entry.at as f64));
                    store.put_with_key(&value, &entry.id.as_str().into()).map(|_| ())
                }
                JournalOp::Remove(id) => store.delete(&id.as_str().into()).map(|_| ()),
                JournalOp::Clear => store.clear().map(|_| ()),
            };
        }
    }
}

/// Removes the whole journal (清除本机数据 from the lock's page, turning the lock on: the
/// journal holds plain text). Other tabs' connections close on the version change.
pub fn forget() {
    if let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) {
        let _ = factory.delete_database(DATABASE);
    }
}
