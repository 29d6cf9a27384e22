//! The passphrase lock's store: localStorage with every value encrypted (crypto.rs).
//!
//! Reads come from the decrypted copy in memory; writes go there at once and reach localStorage
//! encrypted a moment later (WebCrypto is asynchronous; a write that fails is reported by the next
//! save). Turning the lock on encrypts everything stored, all or nothing; turning it off writes
//! the decrypted copy back in plain text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use crate::report::library::{MemoryStore, Store, StoreError, PREFIX};
use crate::report::lock::{LockRecord, CHECK_TEXT, LOCK_KEY, SALT_BYTES};

use super::crypto::{decrypt, derive, encrypt, random, CryptoError};
use super::local_store::{local_storage, store_error};
use super::BrowserError;

fn browser_text(e: BrowserError) -> String {
    match e {
        BrowserError::NoWindow => "window".into(),
        BrowserError::Unsupported(what) => what.into(),
        BrowserError::Threw(text) => text,
    }
}

/// Why the lock could not be turned on, off, or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockError {
    Crypto(CryptoError),
    Store(StoreError),
    /// The passphrase does not open the record.
    WrongPassphrase,
    /// Encrypted text is a third larger, and storage has no room for it.
    NoRoom,
}

impl From<CryptoError> for LockError {
    fn from(e: CryptoError) -> Self {
        LockError::Crypto(e)
    }
}

impl From<StoreError> for LockError {
    fn from(e: StoreError) -> Self {
        LockError::Store(e)
    }
}

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

/// localStorage with every value encrypted; see the module comment.
#[derive(Clone)]
pub struct LockedStore(Rc<RefCell<Shared>>);

impl PartialEq for LockedStore {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Store for LockedStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.borrow().plain.get(key)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let (serial, crypto_key) = {
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
            let sealed = encrypt(&crypto_key, &value, &key).await;
            let mut shared = shared.borrow_mut();
            // Skipped when a newer write of this key, or a removal, came after.
            if shared.serial.get(&key) == Some(&serial) && !shared.off {
                let written = match sealed {
                    Ok(sealed) => shared.storage.set_item(&key, &sealed).map_err(store_error),
                    Err(CryptoError::NeedsSecurePage) => Err(StoreError::Unavailable("crypto.subtle".into())),
                    Err(CryptoError::Browser(e)) => Err(StoreError::Unavailable(browser_text(e))),
                };
                if let Err(error) = written {
                    shared.failed = Some(error);
                }
            }
            shared.in_flight = shared.in_flight.saturating_sub(1);
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

impl LockedStore {
    /// Resolves once every write made so far has reached localStorage (before a reload).
    pub async fn settled(&self) {
        let shared = self.0.clone();
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

    /// Writes the decrypted copy back in plain text and removes the lock record.
    pub fn turn_off(&self) -> Result<(), LockError> {
        let mut shared = self.0.borrow_mut();
        shared.off = true;
        let entries: Vec<(String, String)> = shared.plain.entries().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (key, value) in entries.iter().filter(|(k, _)| k != LOCK_KEY) {
            shared.storage.set_item(key, value).map_err(store_error)?;
        }
        shared.storage.remove_item(LOCK_KEY).map_err(store_error)?;
        Ok(())
    }
}

/// Every app key and its value, straight from localStorage.
fn app_entries(storage: &web_sys::Storage) -> Result<Vec<(String, String)>, StoreError> {
    let n = storage.length().map_err(store_error)?;
    let mut entries = Vec::new();
    for i in 0..n {
        let Some(key) = storage.key(i).map_err(store_error)? else { continue };
        if key.starts_with(PREFIX) && key != LOCK_KEY {
            if let Some(value) = storage.get_item(&key).map_err(store_error)? {
                entries.push((key, value));
            }
        }
    }
    Ok(entries)
}

/// Encrypts everything stored and writes the lock record. All or nothing: the values are
/// encrypted first, then written without a pause; if storage refuses one (encrypted text is a
/// third larger), what was written is put back and the lock record removed.
pub async fn turn_on(passphrase: &str) -> Result<(), LockError> {
    let storage = local_storage()?;
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
        return Err(match store_error(e) {
            StoreError::Quota => LockError::NoRoom,
            other => LockError::Store(other),
        });
    }
    Ok(())
}

/// Decrypts everything with the passphrase. With a wrong passphrase nothing is read or written.
pub async fn unlock(record: &LockRecord, passphrase: &str) -> Result<LockedStore, LockError> {
    let storage = local_storage()?;
    let key = derive(passphrase, &record.salt_bytes(), record.iterations).await?;
    if decrypt(&key, &record.check, LOCK_KEY).await.as_deref() != Some(CHECK_TEXT) {
        return Err(LockError::WrongPassphrase);
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
    Ok(LockedStore(Rc::new(RefCell::new(shared))))
}

/// 清除并重新开始 (forgotten passphrase): removes every key of the app, the lock record too.
pub fn forget_everything() -> Result<(), LockError> {
    let storage = local_storage()?;
    let mut keys: Vec<String> = app_entries(&storage)?.into_iter().map(|(k, _)| k).collect();
    keys.push(LOCK_KEY.into());
    for key in keys {
        storage.remove_item(&key).map_err(store_error)?;
    }
    Ok(())
}
