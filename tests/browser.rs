//! Browser tier: the app mounted in headless Chromium (wasm-bindgen-test-runner, see
//! `.cargo/config.toml` and `webdriver.json`). Run with `make test` or
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement};

mod browser_support;
use browser_support::until;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// A fresh, attached `<div>` to mount into, so tests don't see each other's DOM.
fn fresh_root() -> Element {
    let root = document().create_element("div").expect("create div");
    document().body().expect("body").append_child(&root).expect("append root");
    root
}

fn step_heading(root: &Element) -> Option<HtmlElement> {
    root.query_selector("#step-heading")
        .expect("valid selector")
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

#[wasm_bindgen_test]
async fn first_step_is_basic_information() {
    let root = fresh_root();
    shuzhi::ui::mount(root.clone());
    until("the step heading renders", || step_heading(&root).is_some()).await;

    let heading = step_heading(&root).expect("step heading");
    assert_eq!(heading.tag_name(), "H2");
    assert_eq!(heading.text_content().as_deref().map(str::trim), Some("基本信息"));
    // Focus moves here on every step change, so it must be focusable by script.
    assert_eq!(heading.get_attribute("tabindex").as_deref(), Some("-1"));
    root.remove();
}

#[wasm_bindgen_test]
async fn app_unmounts_cleanly() {
    let root = fresh_root();
    let handle = yew::Renderer::<shuzhi::ui::App>::with_root(root.clone()).render();
    until("the app renders", || step_heading(&root).is_some()).await;

    // Destroying runs every hook's cleanup (autosave, listeners); none may panic or leave DOM.
    handle.destroy();
    until("the app's DOM is removed", || root.child_element_count() == 0).await;
    root.remove();
}
