//! The optional passphrase lock for shared computers (README 隐私说明): drafts encrypted at rest
//! with WebCrypto — a key from PBKDF2-SHA-256 (600,000 rounds, random salt) and AES-256-GCM
//! per value. The formats and rules are the core's (`report::lock`).
//!
//! - `Gate` stands before the app: with a lock record in storage it asks for the passphrase, and
//!   only the right one (AES-GCM's tag checks it) decrypts anything; a wrong one changes nothing.
//! - `LockedStore` is the storage `persist` uses after unlocking: reads come from the decrypted
//!   copy in memory, writes go there at once and reach localStorage encrypted a moment later
//!   (WebCrypto is asynchronous; a write that fails is reported by the next save).
//! - `LockSettings` (in the 隐私说明 dialog) turns the lock on — after saying plainly that a
//!   forgotten passphrase means unreadable reports — off, or locks the page now.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, HtmlInputElement, SubtleCrypto};
use yew::prelude::*;

use super::app::App;
use super::browser;
use super::persist;
use super::strings as s;
use crate::report::library::{MemoryStore, Store, StoreError, PREFIX};
use crate::report::lock::{
    passphrase_problem, seal, split_sealed, LockRecord, CHECK_TEXT, IV_BYTES, LOCK_KEY, SALT_BYTES,
};

// ---------------------------------------------------------------------------------------------
// WebCrypto

fn subtle() -> Result<(web_sys::Crypto, SubtleCrypto), String> {
    let crypto = browser::window().ok_or("没有浏览器窗口")?.crypto().map_err(|e| browser::js_error_text(&e))?;
    let subtle = crypto.subtle();
    if subtle.is_undefined() {
        // Browsers offer WebCrypto only to secure pages.
        return Err(s::LOCK_NEEDS_HTTPS.into());
    }
    Ok((crypto, subtle))
}

fn random(n: usize) -> Result<Vec<u8>, String> {
    let (crypto, _) = subtle()?;
    let mut bytes = vec![0; n];
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|e| browser::js_error_text(&e))?;
    Ok(bytes)
}

fn object(pairs: &[(&str, &JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

async fn wait(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    JsFuture::from(promise.map_err(|e| browser::js_error_text(&e))?).await.map_err(|e| browser::js_error_text(&e))
}

/// The AES-256-GCM key of a passphrase (not extractable: it never leaves WebCrypto).
async fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, String> {
    let (_, subtle) = subtle()?;
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let raw: Object = Uint8Array::from(passphrase.as_bytes()).into();
    let base = wait(subtle.import_key_with_object("raw", &raw, &object(&[("name", &"PBKDF2".into())]), false, &usages)).await?;
    let base: CryptoKey = base.dyn_into().map_err(|_| "无法生成密钥".to_string())?;
    let params = object(&[
        ("name", &"PBKDF2".into()),
        ("hash", &"SHA-256".into()),
        ("salt", &Uint8Array::from(salt).into()),
        ("iterations", &JsValue::from_f64(iterations as f64)),
    ]);
    let aes = object(&[("name", &"AES-GCM".into()), ("length", &JsValue::from_f64(256.0))]);
    let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let key = wait(subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages)).await?;
    key.dyn_into().map_err(|_| "无法生成密钥".to_string())
}

fn gcm(iv: &[u8], aad: &str) -> Object {
    object(&[
        ("name", &"AES-GCM".into()),
        ("iv", &Uint8Array::from(iv).into()),
        ("additionalData", &Uint8Array::from(aad.as_bytes()).into()),
    ])
}

/// `text` encrypted under `key`, bound to the storage key `aad`, as a sealed value.
async fn encrypt(key: &CryptoKey, text: &str, aad: &str) -> Result<String, String> {
    let (_, subtle) = subtle()?;
    let iv = random(IV_BYTES)?;
    let out = wait(subtle.encrypt_with_object_and_u8_array(&gcm(&iv, aad), key, text.as_bytes())).await?;
    let ciphertext = Uint8Array::new(&out).to_vec();
    Ok(seal(&iv, &ciphertext))
}

/// The text of a sealed value; `None` when it is not one, or the key (passphrase) is wrong.
async fn decrypt(key: &CryptoKey, sealed: &str, aad: &str) -> Option<String> {
    let (iv, ciphertext) = split_sealed(sealed)?;
    let (_, subtle) = subtle().ok()?;
    let out = wait(subtle.decrypt_with_object_and_u8_array(&gcm(&iv, aad), key, &ciphertext)).await.ok()?;
    String::from_utf8(Uint8Array::new(&out).to_vec()).ok()
}

// ---------------------------------------------------------------------------------------------
// The encrypted store

struct Shared {
    storage: web_sys::Storage,
    key: CryptoKey,
    /// The decrypted copy: what the app reads.
    plain: MemoryStore,
    /// Per key, the number of the latest write, so a slower earlier encryption never lands last.
    serial: HashMap<String, u64>,
    next: u64,
    /// A write that failed after `set` returned; reported by the next `set`.
    failed: Option<StoreError>,
    /// The lock was turned off: values go back in plain text.
    off: bool,
    /// Encryptions not yet written, and who waits for them all (`settled`).
    in_flight: u32,
    waiting: Vec<js_sys::Function>,
}

/// Resolves once every write made so far has reached localStorage (before a reload).
pub async fn settled() {
    let Some(shared) = UNLOCKED.with(|u| u.borrow().clone()) else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let mut shared = shared.borrow_mut();
        if shared.in_flight == 0 {
            let _ = resolve.call0(&JsValue::NULL);
        } else {
            shared.waiting.push(resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// localStorage with every value encrypted; see the module comment.
pub struct LockedStore(Rc<RefCell<Shared>>);

thread_local! {
    /// Handed from the gate to `persist::start`, and kept for turning the lock off.
    static UNLOCKED: RefCell<Option<Rc<RefCell<Shared>>>> = const { RefCell::new(None) };
}

/// The unlocked store, for `persist::start` (None: the lock is off, or not unlocked).
pub fn unlocked_store() -> Option<LockedStore> {
    UNLOCKED.with(|u| u.borrow().clone()).map(LockedStore)
}

/// Whether this page unlocked an encrypted store.
pub fn is_unlocked() -> bool {
    UNLOCKED.with(|u| u.borrow().is_some())
}

/// Whether storage holds a lock record (then nothing may read it as plain text).
pub fn locked_at_rest() -> bool {
    browser::local_storage().ok().and_then(|s| s.get_item(LOCK_KEY).ok().flatten()).is_some()
}

fn store_error(e: JsValue) -> StoreError {
    if browser::is_quota_error(&e) {
        StoreError::Quota
    } else {
        StoreError::Unavailable(browser::js_error_text(&e))
    }
}

impl Store for LockedStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.borrow().plain.get(key)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let (serial, encrypted) = {
            let mut shared = self.0.borrow_mut();
            if let Some(error) = shared.failed.take() {
                return Err(error);
            }
            shared.plain.set(key, value)?;
            shared.next += 1;
            let serial = shared.next;
            shared.serial.insert(key.to_string(), serial);
            if key == LOCK_KEY || shared.off {
                shared.storage.set_item(key, value).map_err(store_error)?;
                return Ok(());
            }
            shared.in_flight += 1;
            (serial, shared.key.clone())
        };
        let shared = self.0.clone();
        let (key, value) = (key.to_string(), value.to_string());
        wasm_bindgen_futures::spawn_local(async move {
            let sealed = encrypt(&encrypted, &value, &key).await;
            let mut shared = shared.borrow_mut();
            // Skipped when a newer write of this key, or a removal, came after.
            if shared.serial.get(&key) == Some(&serial) && !shared.off {
                let result = sealed.map_err(StoreError::Unavailable).and_then(|sealed| shared.storage.set_item(&key, &sealed).map_err(store_error));
                if let Err(error) = result {
                    shared.failed = Some(error);
                }
            }
            shared.in_flight -= 1;
            if shared.in_flight == 0 {
                for resolve in std::mem::take(&mut shared.waiting) {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            }
        });
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        let mut shared = self.0.borrow_mut();
        shared.plain.remove(key)?;
        shared.next += 1;
        let serial = shared.next;
        shared.serial.insert(key.to_string(), serial);
        shared.storage.remove_item(key).map_err(store_error)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.0.borrow().plain.keys()
    }
}

// ---------------------------------------------------------------------------------------------
// Turning it on and off

/// Every app key and its value, straight from localStorage.
fn app_entries(storage: &web_sys::Storage) -> Result<Vec<(String, String)>, String> {
    let n = storage.length().map_err(|e| browser::js_error_text(&e))?;
    let mut entries = Vec::new();
    for i in 0..n {
        let Some(key) = storage.key(i).map_err(|e| browser::js_error_text(&e))? else { continue };
        if key.starts_with(PREFIX) && key != LOCK_KEY {
            if let Some(value) = storage.get_item(&key).map_err(|e| browser::js_error_text(&e))? {
                entries.push((key, value));
            }
        }
    }
    Ok(entries)
}

/// Encrypts everything stored and writes the lock record. All or nothing: the values are
/// encrypted first, then written without a pause; if storage refuses one (encrypted text is a
/// third larger), what was written is put back and the lock record removed.
async fn turn_on(passphrase: &str) -> Result<(), String> {
    persist::flush();
    let storage = browser::local_storage()?;
    let entries = app_entries(&storage)?;
    let salt = random(SALT_BYTES)?;
    let record = LockRecord::new(&salt, "");
    let key = derive(passphrase, &salt, record.iterations).await?;
    let check = encrypt(&key, CHECK_TEXT, LOCK_KEY).await?;
    let record = LockRecord { check, ..record };
    let mut sealed = Vec::with_capacity(entries.len());
    for (name, value) in &entries {
        sealed.push(encrypt(&key, value, name).await?);
    }
    let mut written = 0;
    let mut result = storage.set_item(LOCK_KEY, &record.to_json());
    if result.is_ok() {
        for ((name, _), value) in entries.iter().zip(&sealed) {
            result = storage.set_item(name, value);
            if result.is_err() {
                break;
            }
            written += 1;
        }
    }
    if let Err(e) = result {
        for (name, value) in entries.iter().take(written) {
            let _ = storage.set_item(name, value);
        }
        let _ = storage.remove_item(LOCK_KEY);
        let why = if browser::is_quota_error(&e) { s::LOCK_NO_ROOM.to_string() } else { browser::js_error_text(&e) };
        return Err(format!("{}：{why}", s::LOCK_NOT_ON));
    }
    Ok(())
}

/// Writes the decrypted copy back in plain text and removes the lock record.
fn turn_off() -> Result<(), String> {
    persist::flush();
    let shared = UNLOCKED.with(|u| u.borrow().clone()).ok_or("没有上锁")?;
    let mut shared = shared.borrow_mut();
    shared.off = true;
    let entries: Vec<(String, String)> = shared.plain.entries().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (key, value) in entries.iter().filter(|(k, _)| k != LOCK_KEY) {
        shared.storage.set_item(key, value).map_err(|e| browser::js_error_text(&e))?;
    }
    shared.storage.remove_item(LOCK_KEY).map_err(|e| browser::js_error_text(&e))
}

fn reload() {
    if let Some(window) = browser::window() {
        let _ = window.location().reload();
    }
}

/// Decrypts everything with the passphrase. `Err` names what went wrong; with a wrong
/// passphrase nothing was read and nothing written.
async fn unlock(record: &LockRecord, passphrase: &str) -> Result<(), String> {
    let storage = browser::local_storage()?;
    let key = derive(passphrase, &record.salt_bytes(), record.iterations).await?;
    if decrypt(&key, &record.check, LOCK_KEY).await.as_deref() != Some(CHECK_TEXT) {
        return Err(s::LOCK_WRONG.into());
    }
    let mut plain = MemoryStore::new();
    let _ = plain.set(LOCK_KEY, &record.to_json());
    for (name, value) in app_entries(&storage)? {
        // Not ours to read (damaged, or plain text from before): kept as it is, so the
        // storage layer sets damaged text aside instead of losing it.
        let text = decrypt(&key, &value, &name).await.unwrap_or(value);
        let _ = plain.set(&name, &text);
    }
    let shared = Shared { storage, key, plain, serial: HashMap::new(), next: 0, failed: None, off: false, in_flight: 0, waiting: Vec::new() };
    UNLOCKED.with(|u| *u.borrow_mut() = Some(Rc::new(RefCell::new(shared))));
    Ok(())
}

/// 清除并重新开始 (forgotten passphrase): removes every key of the app, the lock record too.
fn forget_everything() -> Result<(), String> {
    let storage = browser::local_storage()?;
    let mut keys: Vec<String> = app_entries(&storage)?.into_iter().map(|(k, _)| k).collect();
    keys.push(LOCK_KEY.into());
    for key in keys {
        storage.remove_item(&key).map_err(|e| browser::js_error_text(&e))?;
    }
    Ok(())
}

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// The gate

#[derive(Clone, PartialEq)]
enum Phase {
    Open,
    Locked(Result<LockRecord, String>),
}

fn initial_phase() -> Phase {
    let record = browser::local_storage().ok().and_then(|s| s.get_item(LOCK_KEY).ok().flatten());
    match record {
        Some(text) => Phase::Locked(LockRecord::from_json(&text)),
        None => Phase::Open,
    }
}

/// The app, or first the unlock page when the reports are encrypted.
#[component]
pub fn Gate() -> Html {
    let phase = use_state(initial_phase);
    match (*phase).clone() {
        Phase::Open => html! { <App /> },
        Phase::Locked(record) => {
            let on_unlocked = {
                let phase = phase.clone();
                Callback::from(move |_| phase.set(Phase::Open))
            };
            html! { <UnlockPage {record} {on_unlocked} /> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct UnlockProps {
    record: Result<LockRecord, String>,
    on_unlocked: Callback<()>,
}

#[component]
fn UnlockPage(props: &UnlockProps) -> Html {
    let passphrase = use_node_ref();
    let confirm_wipe = use_node_ref();
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let record = props.record.clone();
        let passphrase = passphrase.clone();
        let message = message.clone();
        let busy = busy.clone();
        let on_unlocked = props.on_unlocked.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(record) = record.clone() else { return };
            if *busy {
                return;
            }
            let text = input_value(&passphrase);
            let (message, busy, on_unlocked, field) = (message.clone(), busy.clone(), on_unlocked.clone(), passphrase.clone());
            busy.set(true);
            message.set(Some(s::LOCK_CHECKING.into()));
            wasm_bindgen_futures::spawn_local(async move {
                match unlock(&record, &text).await {
                    Ok(()) => on_unlocked.emit(()),
                    Err(why) => {
                        message.set(Some(why));
                        busy.set(false);
                        if let Some(input) = field.cast::<HtmlInputElement>() {
                            input.select();
                        }
                    }
                }
            });
        })
    };
    let wipe = {
        let confirm_wipe = confirm_wipe.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            if input_value(&confirm_wipe).trim() != s::WIPE_WORD {
                message.set(Some(s::LOCK_WIPE_CONFIRM_FIRST.into()));
                return;
            }
            match forget_everything() {
                Ok(()) => reload(),
                Err(why) => message.set(Some(why)),
            }
        })
    };
    let form = match &props.record {
        Ok(_) => html! {
            <form onsubmit={onsubmit} aria-labelledby="unlock-heading">
                <p>{ s::LOCK_LOCKED_BODY }</p>
                <label for="unlock-passphrase">{ s::LOCK_PASSPHRASE }</label>
                <input type="password" id="unlock-passphrase" ref={passphrase} autocomplete="current-password" required=true autofocus=true />
                <button type="submit" class="btn primary" id="unlock-submit" disabled={*busy}>{ s::LOCK_UNLOCK }</button>
            </form>
        },
        // A damaged or weakened record: nothing can be decrypted with it.
        Err(why) => html! { <p class="alert bad" role="alert">{ why.clone() }</p> },
    };
    html! {
        <main class="unlock" id="unlock">
            <h1>{ s::APP_NAME }</h1>
            <h2 id="unlock-heading">{ s::LOCK_LOCKED_TITLE }</h2>
            { form }
            if let Some(text) = (*message).clone() {
                <p class="unlock-message" role="alert" id="unlock-message">{ text }</p>
            }
            <details class="unlock-forgot">
                <summary>{ s::LOCK_FORGOT }</summary>
                <p>{ s::LOCK_FORGOT_BODY }</p>
                <label for="unlock-wipe-confirm">{ s::WIPE_CONFIRM_LABEL }</label>
                <input type="text" id="unlock-wipe-confirm" ref={confirm_wipe} autocomplete="off" />
                <button type="button" class="btn" id="unlock-wipe" onclick={wipe}>{ s::LOCK_WIPE }</button>
            </details>
        </main>
    }
}

// ---------------------------------------------------------------------------------------------
// Settings (in the 隐私说明 dialog)

/// 口令锁: on (with the plain warning first), off, or lock now.
#[component]
pub fn LockSettings() -> Html {
    let open = use_state(|| false);
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let first = use_node_ref();
    let second = use_node_ref();
    let understood = use_node_ref();

    if persist::is_memory_only() && !is_unlocked() {
        return html! { <section><h3>{ s::LOCK_HEADING }</h3><p>{ s::LOCK_MEMORY_ONLY }</p></section> };
    }
    let status = html! {
        if let Some(text) = (*message).clone() {
            <p class="lock-message" role="alert" id="lock-message">{ text }</p>
        }
    };
    if is_unlocked() {
        let off = {
            let message = message.clone();
            Callback::from(move |_: MouseEvent| match turn_off() {
                Ok(()) => reload(),
                Err(why) => message.set(Some(why)),
            })
        };
        return html! {
            <section class="lock-settings" aria-labelledby="lock-heading">
                <h3 id="lock-heading">{ s::LOCK_HEADING }</h3>
                <p id="lock-state">{ s::LOCK_IS_ON }</p>
                <div class="dialog-actions">
                    <button type="button" class="btn primary" id="lock-now" onclick={Callback::from(|_: MouseEvent| {
                        // Everything typed is encrypted and written before the page forgets the key.
                        persist::flush();
                        wasm_bindgen_futures::spawn_local(async {
                            settled().await;
                            reload();
                        });
                    })}>{ s::LOCK_NOW }</button>
                    <button type="button" class="btn" id="lock-off" onclick={off}>{ s::LOCK_OFF }</button>
                </div>
                { status }
            </section>
        };
    }
    let onsubmit = {
        let (first, second, understood) = (first.clone(), second.clone(), understood.clone());
        let (message, busy) = (message.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (passphrase, confirm) = (input_value(&first), input_value(&second));
            if let Some(problem) = passphrase_problem(&passphrase, &confirm) {
                message.set(Some(problem));
                return;
            }
            if !understood.cast::<HtmlInputElement>().is_some_and(|c| c.checked()) {
                message.set(Some(s::LOCK_TICK_FIRST.into()));
                return;
            }
            let (message, busy) = (message.clone(), busy.clone());
            busy.set(true);
            message.set(Some(s::LOCK_ENCRYPTING.into()));
            wasm_bindgen_futures::spawn_local(async move {
                match turn_on(&passphrase).await {
                    Ok(()) => reload(),
                    Err(why) => {
                        message.set(Some(why));
                        busy.set(false);
                    }
                }
            });
        })
    };
    html! {
        <section class="lock-settings" aria-labelledby="lock-heading">
            <h3 id="lock-heading">{ s::LOCK_HEADING }</h3>
            <p>{ s::LOCK_WHAT }</p>
            if !*open {
                <div class="dialog-actions">
                    <button type="button" class="btn" id="lock-start" onclick={
                        let open = open.clone();
                        Callback::from(move |_: MouseEvent| open.set(true))
                    }>{ s::LOCK_START }</button>
                </div>
            } else {
                <form class="lock-form" {onsubmit}>
                    <p class="lock-warning" id="lock-warning"><strong>{ s::LOCK_WARNING }</strong></p>
                    <label for="lock-passphrase">{ s::LOCK_NEW_PASSPHRASE }</label>
                    <input type="password" id="lock-passphrase" ref={first} autocomplete="new-password" required=true />
                    <label for="lock-passphrase-again">{ s::LOCK_PASSPHRASE_AGAIN }</label>
                    <input type="password" id="lock-passphrase-again" ref={second} autocomplete="new-password" required=true />
                    <label class="lock-understood">
                        <input type="checkbox" id="lock-understood" ref={understood} aria-describedby="lock-warning" />
                        { s::LOCK_UNDERSTOOD }
                    </label>
                    <div class="dialog-actions">
                        <button type="submit" class="btn primary" id="lock-on" disabled={*busy}>{ s::LOCK_ON }</button>
                    </div>
                </form>
            }
            { status }
        </section>
    }
}
