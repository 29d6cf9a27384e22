//! Autosave: writes the draft 300 ms after the last change and at once when the page is hidden or
//! closed, and reports what happened (已保存 HH:MM:SS / 保存中 / 未保存 and why).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser;
use super::persist;
use super::state::AppState;
use crate::report::Draft;

/// The state of the autosave, shown in the header.
#[derive(Clone, PartialEq)]
pub enum SaveStatus {
    Saved(String),
    Saving,
    Unsaved(String),
}

/// Saves 300 ms after the last change, and at once when the page is hidden or closed.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>, status: &UseStateHandle<SaveStatus>, banner: &UseStateHandle<Option<String>>) {
    // The latest draft not yet written, shared with the flush listeners.
    let pending: Rc<RefCell<Option<Draft>>> = use_mut_ref(|| None);
    let timer = use_mut_ref(|| 0);

    let flush = {
        let pending = pending.clone();
        let status = status.clone();
        let banner = banner.clone();
        Rc::new(move || {
            let Some(draft) = pending.borrow_mut().take() else { return };
            match persist::save(&draft) {
                Ok(()) => status.set(SaveStatus::Saved(clock())),
                Err(persist::SaveError::Quota) => {
                    status.set(SaveStatus::Unsaved("浏览器存储空间已满".into()));
                    banner.set(Some("浏览器存储空间已满，最新的修改没有保存。请导出文件保存，或删除不用的草稿。上次保存的内容仍然完好。".into()));
                    *pending.borrow_mut() = Some(draft);
                }
                Err(persist::SaveError::Unavailable(why)) => {
                    status.set(SaveStatus::Unsaved(format!("无法写入浏览器存储（{why}）")));
                    *pending.borrow_mut() = Some(draft);
                }
            }
        })
    };

    {
        let pending = pending.clone();
        let timer = timer.clone();
        let flush = flush.clone();
        let status = status.clone();
        let draft = state.draft.clone();
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 {
                *pending.borrow_mut() = Some(draft);
                status.set(SaveStatus::Saving);
                browser::clear_timeout(*timer.borrow());
                let flush = flush.clone();
                *timer.borrow_mut() = browser::set_timeout(300, move || flush());
            }
        });
    }

    use_effect_with((), move |_| {
        let listener = browser::window().map(|window| {
            let flush = flush.clone();
            let closure = Closure::<dyn FnMut()>::new(move || flush());
            for event in ["pagehide", "beforeunload"] {
                let _ = window.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
            }
            if let Some(document) = window.document() {
                let _ = document.add_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref());
            }
            closure
        });
        move || drop(listener)
    });
}

/// The local time as HH:MM:SS.
fn clock() -> String {
    let now = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", now.get_hours(), now.get_minutes(), now.get_seconds())
}
