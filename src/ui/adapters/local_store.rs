//! `window.localStorage` as the core's `Store`, in plain text: so it refuses every write once the
//! passphrase lock's record exists (another tab switched the lock on; this page must reload and
//! unlock — the storage session says so).
//!
//! Not gloo-storage: it stores every value as JSON (a string gains quotes), which would not read
//! the drafts already on users' computers, and it folds the quota error into a generic one, which
//! the storage banners need to tell apart. So the raw calls stay here, and only here.

use wasm_bindgen::{JsCast, JsValue};

use crate::report::library::{Store, StoreError};
use crate::report::lock::LOCK_KEY;

use super::js_error_text;

/// A thrown storage error as the core's `StoreError` (quota names differ between engines).
pub fn store_error(e: JsValue) -> StoreError {
    let text = js_error_text(&e);
    if text.contains("QuotaExceeded") || text.contains("NS_ERROR_DOM_QUOTA_REACHED") || text.contains("quota") {
        StoreError::Quota
    } else {
        StoreError::Unavailable(text)
    }
}

/// The browser's localStorage, or why it can't be used (access itself throws in sandboxed and
/// third-party frames; privacy settings disable it).
pub fn local_storage() -> Result<web_sys::Storage, StoreError> {
    let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("window".into()))?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(StoreError::Unavailable("localStorage = null".into())),
        Err(e) => Err(store_error(e)),
    }
}

/// `window.localStorage` as a `Store`.
#[derive(Clone)]
pub struct LocalStore(pub web_sys::Storage);

impl LocalStore {
    pub fn open() -> Result<LocalStore, StoreError> {
        local_storage().map(LocalStore)
    }

    /// No plain text where the lock is on (and no removals from a view of the data that is stale).
    fn refuse_when_locked(&self) -> Result<(), StoreError> {
        match self.0.get_item(LOCK_KEY).map_err(store_error)? {
            Some(_) => Err(StoreError::Unavailable(LOCK_KEY.into())),
            None => Ok(()),
        }
    }
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.get_item(key).map_err(store_error)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.refuse_when_locked()?;
        self.0.set_item(key, value).map_err(store_error)
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.refuse_when_locked()?;
        self.0.remove_item(key).map_err(store_error)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let n = self.0.length().map_err(store_error)?;
        let mut keys = Vec::with_capacity(n as usize);
        for i in 0..n {
            if let Some(key) = self.0.key(i).map_err(store_error)? {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// The length straight from the JS string: measuring megabytes needs no copy into wasm.
    fn units(&self, key: &str) -> Result<Option<usize>, StoreError> {
        let get = js_sys::Reflect::get(&self.0, &JsValue::from_str("getItem")).map_err(store_error)?;
        let get: js_sys::Function = get.dyn_into().map_err(|_| StoreError::Unavailable("getItem".into()))?;
        let value = get.call1(&self.0, &JsValue::from_str(key)).map_err(store_error)?;
        Ok(value.dyn_ref::<js_sys::JsString>().map(|s| s.length() as usize))
    }
}

/// The passphrase lock's record, when storage holds one (then nothing may read it as plain text).
pub fn lock_record() -> Option<String> {
    local_storage().ok().and_then(|s| s.get_item(LOCK_KEY).ok().flatten())
}
