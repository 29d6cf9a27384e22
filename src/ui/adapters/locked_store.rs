//! The passphrase lock's store: localStorage with every value encrypted (crypto.rs).
//!
//! Reads come from the decrypted copy in memory; writes go there at once and reach localStorage
//! encrypted a moment later (WebCrypto is asynchronous; a write that fails is reported by the next
//! save). Other tabs' writes come in as `storage` events carrying ciphertext: `receive` decrypts
//! them into the copy, one after another in the order they came, before the session hears of them.
//! The lock record itself is read from localStorage, so a change of the lock in another tab is
//! seen; from then on nothing is written. Turning the lock on encrypts everything stored, all or
//! nothing; turning it off writes the decrypted copy back in plain text.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use crate::app::session::WRITER_PREFIX;
use crate::report::library::{MemoryStore, Store, StoreError, PREFIX};
use crate::report::lock::{LockRecord, CHECK_TEXT, LOCK_KEY, SALT_BYTES};

use super::crypto::{decrypt, derive, encrypt, random, CryptoError};
use super::events::StorageChange;
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
    /// Other tabs' writes waiting to be decrypted, oldest first, and whether that is under way.
    incoming: VecDeque<Incoming>,
    draining: bool,
}

/// Who hears a change once it is in the decrypted copy (boxed: one copy of the code for all callers).
pub type Then = Box<dyn FnOnce(StorageChange)>;

/// Another tab's write, and who hears it.
struct Incoming {
    change: StorageChange,
    then: Then,
}

/// localStorage with every value encrypted; see the module comment.
#[derive(Clone)]
pub struct LockedStore(Rc<RefCell<Shared>>);

impl PartialEq for LockedStore {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Shared {
    /// Refuses to write once the lock record is not the one this page unlocked (switched off,
    /// or to another passphrase, in another tab).
    fn check_record(&self) -> Result<(), StoreError> {
        let stored = self.storage.get_item(LOCK_KEY).map_err(store_error)?;
        if stored != self.plain.get(LOCK_KEY)? {
            return Err(StoreError::Unavailable(LOCK_KEY.into()));
        }
        Ok(())
    }
}

impl Store for LockedStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let shared = self.0.borrow();
        if key == LOCK_KEY {
            return shared.storage.get_item(key).map_err(store_error);
        }
        shared.plain.get(key)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let (serial, crypto_key) = {
            let mut shared = self.0.borrow_mut();
            if let Some(error) = shared.failed.take() {
                return Err(error);
            }
            shared.check_record()?;
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
        shared.check_record()?;
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
    /// Another tab wrote `change` (its value encrypted): decrypted into this page's copy after
    /// every earlier one, then `then` hears it with the plain value.
    pub fn receive(&self, change: StorageChange, then: Then) {
        let start = {
            let mut shared = self.0.borrow_mut();
            shared.incoming.push_back(Incoming { change, then });
            !std::mem::replace(&mut shared.draining, true)
        };
        if start {
            wasm_bindgen_futures::spawn_local(drain(self.0.clone()));
        }
    }

    /// Reads `key` from localStorage again, as if another tab had just written it (`receive`).
    pub fn reread(&self, key: &str, then: Then) {
        let value = self.0.borrow().storage.get_item(key).ok().flatten();
        self.receive(StorageChange { key: Some(key.to_string()), new_value: value }, then);
    }

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

/// Decrypts the other tabs' writes into the copy, in order, telling each `then` in turn.
async fn drain(shared: Rc<RefCell<Shared>>) {
    loop {
        let next = {
            let mut state = shared.borrow_mut();
            match state.incoming.pop_front() {
                Some(next) => next,
                None => {
                    state.draining = false;
                    return;
                }
            }
        };
        let change = take_in(&shared, next.change).await;
        (next.then)(change);
    }
}

/// Puts another tab's write into the copy; the change with its value in plain text.
async fn take_in(shared: &Rc<RefCell<Shared>>, change: StorageChange) -> StorageChange {
    // clear() (never done by this app; it removes the lock record too, which stops all writing),
    // and values stored in plain text, pass as they are.
    let Some(key) = change.key.clone().filter(|k| is_encrypted_key(k)) else { return change };
    let crypto_key = shared.borrow().key.clone();
    let value = match change.new_value {
        // Not ours to read (damaged, or plain text from a tab that turned the lock off): as it is.
        Some(sealed) => Some(decrypt(&crypto_key, &sealed, &key).await.unwrap_or(sealed)),
        None => None,
    };
    let mut state = shared.borrow_mut();
    let _ = match &value {
        Some(text) => state.plain.set(&key, text),
        None => state.plain.remove(&key),
    };
    StorageChange { key: Some(key), new_value: value }
}

/// Whether the lock encrypts this key's value (every app key but the record and writer marks).
fn is_encrypted_key(key: &str) -> bool {
    key.starts_with(PREFIX) && key != LOCK_KEY && !key.starts_with(WRITER_PREFIX)
}

/// Every encrypted app key and its value, straight from localStorage.
/// `app_entries` in key order (the order of `Storage.key` is not stable across writes).
fn sorted_entries(storage: &web_sys::Storage) -> Result<Vec<(String, String)>, StoreError> {
    let mut entries = app_entries(storage)?;
    crate::report::order::sort(&mut entries);
    Ok(entries)
}

fn app_entries(storage: &web_sys::Storage) -> Result<Vec<(String, String)>, StoreError> {
    let n = storage.length().map_err(store_error)?;
    let mut entries = Vec::new();
    for i in 0..n {
        let Some(key) = storage.key(i).map_err(store_error)? else { continue };
        if is_encrypted_key(&key) {
            if let Some(value) = storage.get_item(&key).map_err(store_error)? {
                entries.push((key, value));
            }
        }
    }
    Ok(entries)
}

/// How many times `turn_on` encrypts afresh because another tab saved meanwhile.
const SEAL_TRIES: usize = 20;

/// Encrypts everything stored and writes the lock record. All or nothing: the values are
/// encrypted first, then written without a pause; if storage refuses one (encrypted text is a
/// third larger), what was written is put back and the lock record removed. The values are read
/// after the key is derived (that takes a while), and read again once encrypted: if another tab
/// saved meanwhile, they are encrypted afresh, so its save is neither lost nor left in plain text
/// (once the record is written, other tabs write nothing).
pub async fn turn_on(passphrase: &str) -> Result<(), LockError> {
    let storage = local_storage()?;
    let salt = random(SALT_BYTES)?;
    let record = LockRecord::new(&salt, "");
    let key = derive(passphrase, &salt, record.iterations).await?;
    let check = encrypt(&key, CHECK_TEXT, LOCK_KEY).await?;
    let record = LockRecord { check, ..record };
    let mut entries = sorted_entries(&storage)?;
    let mut sealed = Vec::with_capacity(entries.len());
    for _ in 0..SEAL_TRIES {
        sealed.clear();
        for (name, value) in &entries {
            sealed.push(encrypt(&key, value, name).await?);
        }
        let now = sorted_entries(&storage)?;
        if now == entries {
            break;
        }
        entries = now;
        sealed.clear();
    }
    if sealed.len() != entries.len() {
        // Still changing after every try: encrypt the last reading (what changes after it is
        // another tab's save racing the record; that tab then says to reload and unlock).
        for (name, value) in &entries {
            sealed.push(encrypt(&key, value, name).await?);
        }
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
    // The crash journal holds plain text: it goes (the lock's store keeps none).
    super::journal::forget();
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
    let shared = Shared {
        storage,
        key,
        plain,
        serial: HashMap::new(),
        next: 0,
        failed: None,
        off: false,
        in_flight: 0,
        waiting: Vec::new(),
        incoming: VecDeque::new(),
        draining: false,
    };
    Ok(LockedStore(Rc::new(RefCell::new(shared))))
}

/// 清除并重新开始 (forgotten passphrase): removes every key of the app, the lock record too.
pub fn forget_everything() -> Result<(), LockError> {
    let storage = local_storage()?;
    let n = storage.length().map_err(store_error)?;
    let keys: Vec<String> = (0..n).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).collect();
    for key in keys {
        storage.remove_item(&key).map_err(store_error)?;
    }
    super::journal::forget();
    Ok(())
}
