//! Browser adapters: the only place that talks to `window`, storage, downloads, the clipboard and
//! timers. Every function returns an error or does nothing instead of panicking: a browser can
//! refuse any of these (sandboxed iframes, privacy modes, old engines).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlElement, Storage, Url};

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// localStorage, or why it cannot be used (access itself throws in sandboxed/third-party frames).
pub fn local_storage() -> Result<Storage, String> {
    let window = window().ok_or("没有浏览器窗口")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("浏览器关闭了本地存储".into()),
        Err(e) => Err(js_error_text(&e)),
    }
}

/// A short text for a thrown JS value (its `name` and `message` when it is an Error).
pub fn js_error_text(value: &JsValue) -> String {
    if let Some(err) = value.dyn_ref::<js_sys::Error>() {
        let name: String = err.name().into();
        let message: String = err.message().into();
        return format!("{name}: {message}");
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// Whether a thrown value is the storage quota error (names differ between engines).
pub fn is_quota_error(value: &JsValue) -> bool {
    let text = js_error_text(value);
    text.contains("QuotaExceeded") || text.contains("NS_ERROR_DOM_QUOTA_REACHED") || text.contains("quota")
}

/// Offers bytes as a file download.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), String> {
    let document = document().ok_or("没有文档")?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|e| js_error_text(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| js_error_text(&e))?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_error_text(&e))?
        .dyn_into()
        .map_err(|_| "无法创建链接".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_rel("noopener");
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
        anchor.click();
        let _ = body.remove_child(&anchor);
    } else {
        anchor.click();
    }
    // Revoke later: some browsers read the blob asynchronously after the click.
    set_timeout(30_000, move || {
        let _ = Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Copies text to the clipboard: the async Clipboard API first, then the legacy `execCommand`.
pub async fn copy_text(text: String) -> Result<(), String> {
    if let Some(window) = window() {
        let clipboard = window.navigator().clipboard();
        let promise = clipboard.write_text(&text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return Ok(());
        }
    }
    legacy_copy(&text)
}

fn legacy_copy(text: &str) -> Result<(), String> {
    let document = document().ok_or("没有文档")?;
    let area: web_sys::HtmlTextAreaElement = document
        .create_element("textarea")
        .map_err(|e| js_error_text(&e))?
        .dyn_into()
        .map_err(|_| "无法创建文本框".to_string())?;
    area.set_value(text);
    let body = document.body().ok_or("没有页面主体")?;
    let _ = body.append_child(&area);
    area.select();
    let html_document: web_sys::HtmlDocument = document.dyn_into().map_err(|_| "不支持".to_string())?;
    let ok = html_document.exec_command("copy").unwrap_or(false);
    let _ = body.remove_child(&area);
    if ok {
        Ok(())
    } else {
        Err("复制被拒绝".into())
    }
}

/// Runs `f` once after `ms` milliseconds. Returns the timer handle (0 if none could be set).
pub fn set_timeout(ms: i32, f: impl FnOnce() + 'static) -> i32 {
    let Some(window) = window() else { return 0 };
    let closure = Closure::once_into_js(f);
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(closure.unchecked_ref(), ms)
        .unwrap_or(0)
}

pub fn clear_timeout(handle: i32) {
    if let Some(window) = window() {
        window.clear_timeout_with_handle(handle);
    }
}

pub fn current_hash() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Sets the URL hash (a history entry, so the back button returns to the previous step).
pub fn set_hash(hash: &str) {
    if current_hash() == hash {
        return;
    }
    if let Some(window) = window() {
        let _ = window.location().set_hash(hash);
    }
}

/// Puts the hash in the URL without a history entry or a `hashchange` event: for the step shown
/// at start-up, so the back button does not lead to the same page without its hash.
pub fn replace_hash(hash: &str) {
    if current_hash() == hash {
        return;
    }
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        if history.replace_state_with_url(&JsValue::NULL, "", Some(hash)).is_ok() {
            return;
        }
    }
    set_hash(hash);
}

/// Focuses the element with this id, if present.
pub fn focus_by_id(id: &str) -> bool {
    let element = document().and_then(|d| d.get_element_by_id(id));
    match element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        Some(element) => {
            let _ = element.focus();
            true
        }
        None => false,
    }
}

/// Scrolls the preview so the first block of `anchor` is visible.
pub fn scroll_preview_to(anchor: &str) {
    let Some(document) = document() else { return };
    let selector = format!(".preview [data-anchor=\"{anchor}\"]");
    if let Ok(Some(element)) = document.query_selector(&selector) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_behavior(web_sys::ScrollBehavior::Smooth);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Opens the browser's print dialog (the print stylesheet shows only the document).
pub fn print() -> Result<(), String> {
    window().ok_or("没有浏览器窗口")?.print().map_err(|e| js_error_text(&e))
}

thread_local! {
    /// Whether the browser grows text areas itself (`field-sizing: content`, Chromium 123+).
    static GROWS_BY_ITSELF: bool = js_sys::Reflect::get(&js_sys::global(), &"CSS".into())
        .ok()
        .and_then(|css| js_sys::Reflect::get(&css, &"supports".into()).ok().map(|f| (css, f)))
        .and_then(|(css, f)| f.dyn_into::<js_sys::Function>().ok().map(|f| (css, f)))
        .and_then(|(css, f)| f.call2(&css, &"field-sizing".into(), &"content".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
}

/// Grows a text area to fit its content, for browsers without `field-sizing: content`. Where the
/// stylesheet's `field-sizing` works this does nothing: reading `scrollHeight` forces a layout of
/// the whole page (the preview included) on every keystroke, the largest cost of typing.
pub fn autosize(area: &web_sys::HtmlTextAreaElement) {
    if GROWS_BY_ITSELF.with(|grows| *grows) {
        return;
    }
    let style = area.style();
    let _ = style.set_property("height", "auto");
    let height = area.scroll_height();
    let _ = style.set_property("height", &format!("{}px", height + 2));
}
