//! WebCrypto for the passphrase lock: a key from PBKDF2-SHA-256 (the core's parameters), and
//! AES-256-GCM per value, bound to its storage key. The formats are the core's (`report::lock`).

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use crate::report::lock::{seal, split_sealed, IV_BYTES};

use super::{js_error_text, BrowserError};

/// Why the lock's cryptography could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// Browsers offer WebCrypto only to secure pages (https, localhost).
    NeedsSecurePage,
    Browser(BrowserError),
}

fn failed(e: JsValue) -> CryptoError {
    CryptoError::Browser(BrowserError::Threw(js_error_text(&e)))
}

fn subtle() -> Result<(web_sys::Crypto, SubtleCrypto), CryptoError> {
    let window = web_sys::window().ok_or(CryptoError::Browser(BrowserError::NoWindow))?;
    let crypto = window.crypto().map_err(failed)?;
    let subtle = crypto.subtle();
    if subtle.is_undefined() {
        return Err(CryptoError::NeedsSecurePage);
    }
    Ok((crypto, subtle))
}

/// `n` random bytes.
pub fn random(n: usize) -> Result<Vec<u8>, CryptoError> {
    let (crypto, _) = subtle()?;
    let mut bytes = vec![0; n];
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(failed)?;
    Ok(bytes)
}

fn object(pairs: &[(&str, &JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

async fn wait(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, CryptoError> {
    JsFuture::from(promise.map_err(failed)?).await.map_err(failed)
}

fn as_key(value: JsValue) -> Result<CryptoKey, CryptoError> {
    value.dyn_into().map_err(|_| CryptoError::Browser(BrowserError::Unsupported("CryptoKey")))
}

/// The AES-256-GCM key of a passphrase (not extractable: it never leaves WebCrypto).
pub async fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, CryptoError> {
    let (_, subtle) = subtle()?;
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let raw: Object = Uint8Array::from(passphrase.as_bytes()).into();
    let base = wait(subtle.import_key_with_object("raw", &raw, &object(&[("name", &"PBKDF2".into())]), false, &usages)).await?;
    let base = as_key(base)?;
    let params = object(&[
        ("name", &"PBKDF2".into()),
        ("hash", &"SHA-256".into()),
        ("salt", &Uint8Array::from(salt).into()),
        ("iterations", &JsValue::from_f64(iterations as f64)),
    ]);
    let aes = object(&[("name", &"AES-GCM".into()), ("length", &JsValue::from_f64(256.0))]);
    let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    as_key(wait(subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages)).await?)
}

fn gcm(iv: &[u8], aad: &str) -> Object {
    object(&[
        ("name", &"AES-GCM".into()),
        ("iv", &Uint8Array::from(iv).into()),
        ("additionalData", &Uint8Array::from(aad.as_bytes()).into()),
    ])
}

/// `text` encrypted under `key`, bound to the storage key `aad`, as a sealed value.
pub async fn encrypt(key: &CryptoKey, text: &str, aad: &str) -> Result<String, CryptoError> {
    let (_, subtle) = subtle()?;
    let iv = random(IV_BYTES)?;
    let out = wait(subtle.encrypt_with_object_and_u8_array(&gcm(&iv, aad), key, text.as_bytes())).await?;
    Ok(seal(&iv, &Uint8Array::new(&out).to_vec()))
}

/// The text of a sealed value; `None` when it is not one, or the key (passphrase) is wrong.
pub async fn decrypt(key: &CryptoKey, sealed: &str, aad: &str) -> Option<String> {
    let (iv, ciphertext) = split_sealed(sealed)?;
    let (_, subtle) = subtle().ok()?;
    let out = wait(subtle.decrypt_with_object_and_u8_array(&gcm(&iv, aad), key, &ciphertext)).await.ok()?;
    String::from_utf8(Uint8Array::new(&out).to_vec()).ok()
}
