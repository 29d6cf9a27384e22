//! Browser tier: the app mounted in headless Chromium (wasm-bindgen-test-runner, see
//! `.cargo/config.toml` and `webdriver.json`). Run with `make test` or
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement};

mod browser_support;
use browser_support::{type_into, until};

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
    yew::Renderer::<shuzhi::ui::App>::with_root(root.clone()).render();
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

#[wasm_bindgen_test]
async fn a_keystroke_replaces_only_its_own_block_of_the_preview() {
    let root = fresh_root();
    web_sys::window().expect("window").location().set_hash("#/intro").expect("hash");
    let handle = yew::Renderer::<shuzhi::ui::App>::with_root(root.clone()).render();
    until("the 导语 step renders", || root.query_selector("#f-intro").ok().flatten().is_some()).await;
    let blocks = || {
        let list = root.query_selector_all(".preview article > *").expect("selector");
        (0..list.length()).filter_map(|i| list.get(i)).collect::<Vec<_>>()
    };
    let preview_text =
        || root.query_selector(".preview article").ok().flatten().and_then(|a| a.text_content()).unwrap_or_default();
    let intro = root.query_selector("#f-intro").expect("selector").expect("导语 field");

    // The 导语 was empty: its paragraph is added, and every other block keeps its node.
    let before = blocks();
    type_into(&intro, "今年我们做了三件事。");
    until("the preview shows the 导语", || preview_text().contains("今年我们做了三件事。")).await;
    assert!(before.iter().all(|b| b.is_connected()), "a block that did not change was replaced");
    assert_eq!(blocks().len(), before.len() + 1, "one new block, the 导语");

    // Typing on: the 导语's own node is replaced, no other.
    let before = blocks();
    type_into(&intro, "今年我们做了四件事。");
    until("the preview follows", || preview_text().contains("四件事")).await;
    let replaced = before.iter().filter(|b| !b.is_connected()).count();
    assert_eq!(replaced, 1, "only the 导语's block is replaced");
    assert_eq!(blocks().len(), before.len());
    handle.destroy();
    until("the app's DOM is removed", || root.child_element_count() == 0).await;
    root.remove();
}
