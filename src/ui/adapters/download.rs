//! Handing files and text to the user: downloads and the clipboard.

use gloo_timers::callback::Timeout;
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use super::dom::document;
use super::{threw, BrowserError};
use crate::report::lock::encode_base64;

/// Files up to this size are handed over as a `data:` URL, larger ones as a Blob's URL. A Blob is
/// registered with the browser and its URL too, which costs the page ≈ 1 ms per Word export
/// (`bench/export-probe.mjs`'s profile: `new Blob` 0.7 ms, `createObjectURL` 1.0 ms); a `data:`
/// URL is a string. Chromium refuses URLs over 2 MB, and base64 makes 4 bytes of 3: 1 MB of file
/// is a 1.4 MB URL.
const DATA_URL_MAX_BYTES: usize = 1 << 20;

/// Offers bytes as a file download.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), BrowserError> {
    let document = document().ok_or(BrowserError::NoWindow)?;
    let url = if bytes.len() <= DATA_URL_MAX_BYTES { format!("data:{mime};base64,{}", encode_base64(bytes)) } else { blob_url(bytes, mime)? };
    let anchor: HtmlAnchorElement = document.create_element("a").map_err(threw)?.dyn_into().map_err(|_| BrowserError::Unsupported("a"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_rel("noopener");
    match document.body() {
        Some(body) => {
            let _ = body.append_child(&anchor);
            anchor.click();
            let _ = body.remove_child(&anchor);
        }
        None => anchor.click(),
    }
    if url.starts_with("blob:") {
        // Revoke later: some browsers read the blob asynchronously after the click.
        Timeout::new(30_000, move || {
            let _ = Url::revoke_object_url(&url);
        })
        .forget();
    }
    Ok(())
}

/// A URL of a Blob holding `bytes`.
fn blob_url(bytes: &[u8], mime: &str) -> Result<String, BrowserError> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(threw)?;
    Url::create_object_url_with_blob(&blob).map_err(threw)
}

/// Copies the report to the clipboard as plain text and as HTML (pasted into Word or WPS, the HTML
/// keeps the official look), from the click that asked for it. The `copy` event's clipboardData is
/// the one way that hands the HTML over as it is: Chromium's async `clipboard.write` parses HTML
/// under the page's CSP, which forbids the inline styles (one console error per styled element).
/// `Err` when the browser refused; `copy_text` then copies the text alone.
pub fn copy_rich(text: &str, html: &str) -> Result<(), BrowserError> {
    let document = document().ok_or(BrowserError::NoWindow)?;
    let (plain, rich) = (text.to_string(), html.to_string());
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    let listener = gloo_events::EventListener::new_with_options(&document, "copy", options, move |event| {
        let data = Reflect::get(event, &"clipboardData".into()).ok().filter(|d| d.is_object());
        let set: Option<js_sys::Function> = data.as_ref().and_then(|d| Reflect::get(d, &"setData".into()).ok()?.dyn_into().ok());
        if let (Some(data), Some(set)) = (data, set) {
            let both = set.call2(&data, &"text/plain".into(), &plain.as_str().into()).is_ok()
                && set.call2(&data, &"text/html".into(), &rich.as_str().into()).is_ok();
            if both {
                event.prevent_default();
            }
        }
    });
    let copied = exec_copy(text);
    drop(listener);
    copied
}

/// Copies text to the clipboard: the async Clipboard API first, then the older `execCommand`
/// (plain http pages and older engines have no `navigator.clipboard`).
pub async fn copy_text(text: String) -> Result<(), BrowserError> {
    if let Some(window) = super::dom::window() {
        let navigator = window.navigator();
        let has_clipboard = Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| c.is_object());
        if has_clipboard {
            let promise = navigator.clipboard().write_text(&text);
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                return Ok(());
            }
        }
    }
    exec_copy(&text)
}

/// The older way: select the text in a hidden text area and `execCommand('copy')`.
fn exec_copy(text: &str) -> Result<(), BrowserError> {
    let document = document().ok_or(BrowserError::NoWindow)?;
    let area: web_sys::HtmlTextAreaElement =
        document.create_element("textarea").map_err(threw)?.dyn_into().map_err(|_| BrowserError::Unsupported("textarea"))?;
    area.set_value(text);
    let body = document.body().ok_or(BrowserError::NoWindow)?;
    let _ = body.append_child(&area);
    area.select();
    let html_document: web_sys::HtmlDocument = document.dyn_into().map_err(|_| BrowserError::Unsupported("execCommand"))?;
    let copied = html_document.exec_command("copy").unwrap_or(false);
    let _ = body.remove_child(&area);
    if copied {
        Ok(())
    } else {
        Err(BrowserError::Unsupported("clipboard"))
    }
}
