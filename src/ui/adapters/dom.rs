//! The page itself: the URL hash, focus, scrolling the preview, printing, reloading, and reading
//! form controls from their events or node refs (so components never name `web_sys` types).

use std::cell::OnceCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::{Event, InputEvent, NodeRef};

use super::{threw, BrowserError};

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

// ---------------------------------------------------------------------------------------------
// The URL

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

/// Reloads the page, at `hash` when given (after 清除本机数据 the old hash may name a step of a
/// draft that is gone).
pub fn reload(hash: Option<&str>) {
    if let Some(window) = window() {
        let location = window.location();
        if let Some(hash) = hash {
            let _ = location.set_hash(hash);
        }
        let _ = location.reload();
    }
}

// ---------------------------------------------------------------------------------------------
// Focus, scrolling, printing

/// Focuses the element with this id, if present.
pub fn focus_by_id(id: &str) -> bool {
    let element = document().and_then(|d| d.get_element_by_id(id));
    match element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        Some(element) => element.focus().is_ok(),
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
pub fn print() -> Result<(), BrowserError> {
    window().ok_or(BrowserError::NoWindow)?.print().map_err(threw)
}

// ---------------------------------------------------------------------------------------------
// Form controls

/// The text of the input or text area an `input` event came from.
pub fn input_text(event: &InputEvent) -> String {
    let target = event.target();
    if let Some(area) = target.as_ref().and_then(|t| t.dyn_ref::<HtmlTextAreaElement>()) {
        return area.value();
    }
    target.as_ref().and_then(|t| t.dyn_ref::<HtmlInputElement>()).map(|i| i.value()).unwrap_or_default()
}

/// Whether the checkbox a `change` event came from is checked.
pub fn checked(event: &Event) -> bool {
    event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

/// The value and index of the option chosen in the select a `change` event came from.
pub fn selected(event: &Event) -> (String, usize) {
    match event.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) {
        Some(select) => (select.value(), select.selected_index().max(0) as usize),
        None => (String::new(), 0),
    }
}

/// The value of the input `node` refers to.
pub fn node_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}

/// Whether the checkbox `node` refers to is checked.
pub fn node_checked(node: &NodeRef) -> bool {
    node.cast::<HtmlInputElement>().is_some_and(|i| i.checked())
}

/// Focuses the element `node` refers to; `select_all` also selects an input's text.
pub fn focus_node(node: &NodeRef, select_all: bool) {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        let _ = input.focus();
        if select_all {
            input.select();
        }
    } else if let Some(element) = node.cast::<HtmlElement>() {
        let _ = element.focus();
    }
}

/// The selection in the text area `node` refers to, in UTF-16 units: `(start, end)`.
pub fn selection(node: &NodeRef) -> Option<(u32, u32)> {
    let area = node.cast::<HtmlTextAreaElement>()?;
    let start = area.selection_start().ok().flatten()?;
    let end = area.selection_end().ok().flatten().unwrap_or(start);
    Some((start, end))
}

/// Types `text` into the text area `node` refers to, over its selection, as the browser's own
/// editing (`execCommand('insertText')`): it fires `input` like typing and lands in the browser's
/// undo stack, so Ctrl+Z takes it back. `false` when the browser refused (the caller then sets
/// the value itself, without undo).
pub fn insert_text(node: &NodeRef, text: &str) -> bool {
    let Some(area) = node.cast::<HtmlTextAreaElement>() else { return false };
    if area.focus().is_err() {
        return false;
    }
    let Some(document) = document().and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok()) else { return false };
    document.exec_command_with_show_ui_and_value("insertText", false, text).unwrap_or(false)
}

/// Opens the file picker of the `<input type="file">` `node` refers to (a styled button stands in
/// for the browser's own control).
pub fn open_picker(node: &NodeRef) {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        input.click();
    }
}

/// Puts the caret at `caret` (UTF-16 units) in the text area `node` refers to, focused.
pub fn place_caret(node: &NodeRef, caret: u32) {
    if let Some(area) = node.cast::<HtmlTextAreaElement>() {
        let _ = area.focus();
        let _ = area.set_selection_range(caret, caret);
    }
}

/// Opens (modal) or closes the `<dialog>` `node` refers to.
pub fn show_dialog(node: &NodeRef, open: bool) {
    let Some(dialog) = node.cast::<web_sys::HtmlDialogElement>() else { return };
    if !open {
        dialog.close();
    } else if dialog.show_modal().is_err() {
        dialog.set_open(true);
    }
}

thread_local! {
    /// Whether the browser grows text areas itself (`field-sizing: content`, Chromium 123+): a
    /// fact about the browser, asked once.
    static GROWS_BY_ITSELF: OnceCell<bool> = const { OnceCell::new() };
}

fn grows_by_itself() -> bool {
    GROWS_BY_ITSELF.with(|cell| {
        *cell.get_or_init(|| {
            let supports = js_sys::Reflect::get(&js_sys::global(), &"CSS".into())
                .ok()
                .and_then(|css| js_sys::Reflect::get(&css, &"supports".into()).ok().map(|f| (css, f)))
                .and_then(|(css, f)| f.dyn_into::<js_sys::Function>().ok().map(|f| (css, f)))
                .and_then(|(css, f)| f.call2(&css, &"field-sizing".into(), &"content".into()).ok());
            supports.and_then(|v| v.as_bool()).unwrap_or(false)
        })
    })
}

/// Grows the text area `node` refers to so it fits its content, for browsers without
/// `field-sizing: content`. Where the stylesheet's `field-sizing` works this does nothing:
/// reading `scrollHeight` forces a layout of the whole page (the preview included) on every
/// keystroke, the largest cost of typing.
pub fn autosize(node: &NodeRef) {
    if grows_by_itself() {
        return;
    }
    let Some(area) = node.cast::<HtmlTextAreaElement>() else { return };
    let style = area.style();
    let _ = style.set_property("height", "auto");
    let height = area.scroll_height();
    let _ = style.set_property("height", &format!("{}px", height + 2));
}
