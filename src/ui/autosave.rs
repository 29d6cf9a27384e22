//! Autosave: queues every change, writes it 300 ms after the last one and at once when the page
//! is hidden or closed, reports what happened (已保存 HH:MM:SS / 保存中… / 未保存：why), reacts to
//! other tabs through the `storage` event, and shows the storage banners (`StorageAlerts`).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser;
use super::persist::{self, Conflict, Reaction};
use super::state::{Action, AppState, Step};
use super::strings as s;
use crate::report::library::{Scope, StoreError};
use crate::report::storage::format_bytes;

/// How long after the last change the draft is written.
pub const DEBOUNCE_MS: i32 = 300;

/// The state of the autosave, shown in the header.
#[derive(Clone, PartialEq, Debug)]
pub enum SaveStatus {
    /// Saved at this time (empty: nothing to report yet).
    Saved(String),
    Saving,
    /// Not saved, and why.
    Unsaved(String),
}

/// Saves 300 ms after the last change and at once when the page is hidden or closed; keeps the
/// status line and the reducer's read-only flag in step with storage. (`banner` is the app's
/// general notice line; storage faults have their own banners, `StorageAlerts`.)
#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>, status: &UseStateHandle<SaveStatus>, banner: &UseStateHandle<Option<String>>) {
    let _ = banner;
    let timer = use_mut_ref(|| 0);

    // Storage state → status line and read-only flag.
    {
        let status = status.clone();
        let state = state.clone();
        use_effect_with((), move |_| {
            let sync = Callback::from(move |_: ()| {
                status.set(persist::status());
                state.dispatch(Action::SetReadOnly(persist::read_only_reason()));
            });
            sync.emit(());
            let id = persist::subscribe(sync);
            move || persist::unsubscribe(id)
        });
    }

    // Every change is queued; the timer restarts with each one.
    {
        let timer = timer.clone();
        let state = state.clone();
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 {
                persist::queue(&state.draft_id, &state.draft);
                // A draft opened from elsewhere (an import) may turn out not to be writable.
                state.dispatch(Action::SetReadOnly(persist::read_only_reason()));
                browser::clear_timeout(*timer.borrow());
                *timer.borrow_mut() = browser::set_timeout(DEBOUNCE_MS, persist::flush);
            }
        });
    }

    // Page hidden or closing: write now (a keystroke 0–300 ms before closing is kept). Another
    // tab wrote: follow it or stop, never overwrite it.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let flush = Closure::<dyn FnMut()>::new(persist::flush);
            // Closing with work that could not be saved: the browser asks "leave the site?".
            let before_unload = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
                persist::flush();
                if persist::unsaved_work() {
                    event.prevent_default();
                    let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"".into());
                }
            });
            let on_storage = {
                let state = state.clone();
                Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
                    if is_local_storage_event(&event) {
                        follow(&state, persist::on_storage_event(event.key(), event.new_value()));
                    }
                })
            };
            let window = browser::window();
            let document = browser::document();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref());
                let _ = window.add_event_listener_with_callback("beforeunload", before_unload.as_ref().unchecked_ref());
                let _ = window.add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
            }
            if let Some(document) = &document {
                let _ = document.add_event_listener_with_callback("visibilitychange", flush.as_ref().unchecked_ref());
            }
            // Another tab may have saved between start-up and now, with no one listening.
            follow(&state, persist::catch_up_with_other_tabs());
            move || {
                // Listeners go before their closures are dropped (a dropped closure throws).
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref());
                    let _ = window.remove_event_listener_with_callback("beforeunload", before_unload.as_ref().unchecked_ref());
                    let _ = window.remove_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
                }
                if let Some(document) = &document {
                    let _ = document.remove_event_listener_with_callback("visibilitychange", flush.as_ref().unchecked_ref());
                }
                persist::flush();
                drop((flush, before_unload, on_storage));
            }
        });
    }
}

/// Does what `persist` decided about another tab's save: show its copy, or stop editing.
fn follow(state: &UseReducerHandle<AppState>, reaction: Reaction) {
    match reaction {
        Reaction::Nothing => {}
        Reaction::Follow(draft) => {
            let (_, draft) = persist::conform(*draft);
            state.dispatch(Action::ShowStored(Box::new(draft)));
            state.dispatch(Action::SetReadOnly(persist::read_only_reason()));
        }
        Reaction::Freeze => state.dispatch(Action::SetReadOnly(persist::read_only_reason())),
    }
}

/// Only localStorage matters (sessionStorage events carry keys too).
fn is_local_storage_event(event: &web_sys::StorageEvent) -> bool {
    let local = browser::window().and_then(|w| w.local_storage().ok().flatten());
    match (event.storage_area(), local) {
        (Some(area), Some(local)) => js_sys::Object::is(&area, &local),
        _ => false,
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct StorageAlertsProps {
    pub state: UseReducerHandle<AppState>,
}

/// The storage banners: memory-only mode, a failed save (storage full), another tab, a newer
/// version, damaged data kept aside, and the backup reminder. Each says what happened, what is
/// safe, and offers the way out.
#[component]
pub fn StorageAlerts(props: &StorageAlertsProps) -> Html {
    let _version = persist::use_storage_version();
    let alerts = persist::alerts();
    let message = use_state(|| None::<String>);
    let state = props.state.clone();

    let export_all = {
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            let result = persist::export_backup(Scope::All, (&state.draft_id, &state.draft));
            message.set(Some(match result {
                Ok(name) => format!("已下载备份文件 {name}。请把它保存到 U 盘或其他安全的位置。"),
                Err(why) => format!("{}：{why}", s::DOWNLOAD_FAILED),
            }));
        })
    };
    let go_drafts = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::GoTo(Step::Drafts)))
    };
    let drop_snapshots = {
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            message.set(Some(match persist::drop_snapshots() {
                Ok(freed) => format!("已删除版本记录，腾出 {}。", format_bytes(freed)),
                Err(why) => why,
            }))
        })
    };
    let take_over = {
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| match persist::take_over(&state.draft) {
            Ok(stored) => {
                if let Some(draft) = stored {
                    let (_, draft) = persist::conform(draft);
                    state.dispatch(Action::ShowStored(Box::new(draft)));
                }
                state.dispatch(Action::SetReadOnly(persist::read_only_reason()));
                message.set(None);
            }
            Err(why) => message.set(Some(why)),
        })
    };
    let save_as_new = {
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| match persist::create(state.draft.clone(), "") {
            Ok(opened) => {
                state.dispatch(Action::Open { id: opened.id, template: opened.template, draft: Box::new(opened.draft) });
                state.dispatch(Action::SetReadOnly(opened.read_only));
                message.set(Some("已把本页内容另存为一份新报告，可以继续编辑。".into()));
            }
            Err(why) => message.set(Some(why)),
        })
    };
    let copy_newer = {
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            let opened = persist::duplicate(&state.draft_id).and_then(|id| persist::open(&id));
            match opened {
                Ok(opened) => {
                    state.dispatch(Action::Open { id: opened.id, template: opened.template, draft: Box::new(opened.draft) });
                    state.dispatch(Action::SetReadOnly(opened.read_only));
                    message.set(Some("已另存为可编辑的副本。新版本特有的内容可能没有保留。".into()));
                }
                Err(why) => message.set(Some(why)),
            }
        })
    };
    let dismiss_damaged = Callback::from(|_: MouseEvent| persist::dismiss_damaged());
    let dismiss_backup = Callback::from(|_: MouseEvent| persist::dismiss_backup_reminder());
    let several = alerts.damaged_keys.len() > 1;
    let damaged_keys: Vec<(usize, String, u64)> =
        alerts.damaged_keys.iter().enumerate().map(|(i, k)| (i + 1, k.clone(), persist::stored_size(k))).collect();

    html! {
        <div class="storage-alerts">
            if let Some(why) = alerts.memory_only.clone() {
                <div class="alert bad" role="alert" id="alert-memory">
                    <p>
                        <strong>{ s::ALERT_MEMORY_TITLE }</strong>
                        { format!("（{why}）。{}", s::ALERT_MEMORY_BODY) }
                    </p>
                    <div class="alert-actions">
                        <button type="button" class="btn primary" onclick={export_all.clone()}>{ s::EXPORT_BACKUP }</button>
                    </div>
                </div>
            }
            if let Some(error) = alerts.save_failed.clone() {
                <div class="alert bad" role="alert" id="alert-save-failed">
                    <p>
                        <strong>{ if error == StoreError::Quota { s::ALERT_QUOTA_TITLE.to_string() } else { format!("无法写入浏览器存储（{error}）。") } }</strong>
                        { s::ALERT_SAVE_FAILED_BODY }
                    </p>
                    <div class="alert-actions">
                        <button type="button" class="btn primary" id="alert-download-backup" onclick={export_all.clone()}>{ s::DOWNLOAD_BACKUP }</button>
                        if error == StoreError::Quota {
                            <button type="button" class="btn" onclick={drop_snapshots}>{ s::DROP_SNAPSHOTS }</button>
                        }
                        <button type="button" class="btn" onclick={go_drafts.clone()}>{ s::MY_REPORTS }</button>
                    </div>
                </div>
            }
            if let Some(text) = alerts.newer.clone() {
                <div class="alert warn" role="alert" id="alert-newer">
                    <p>{ text }</p>
                    <div class="alert-actions">
                        <button type="button" class="btn" onclick={copy_newer}>{ s::COPY_TO_EDIT }</button>
                    </div>
                </div>
            }
            if let Some(conflict) = alerts.conflict.clone() {
                <div class="alert warn" role="alert" id="alert-conflict">
                    <p>{ persist::conflict_text(&conflict) }</p>
                    <div class="alert-actions">
                        { match conflict {
                            Conflict::Following => html! {
                                <button type="button" class="btn primary" id="take-over" onclick={take_over}>{ s::EDIT_HERE }</button>
                            },
                            Conflict::Diverged => html! { <>
                                <button type="button" class="btn primary" id="save-as-new" onclick={save_as_new}>{ s::SAVE_AS_NEW }</button>
                                <button type="button" class="btn" id="take-over" onclick={take_over}>{ s::LOAD_OTHER_TAB }</button>
                            </> },
                            Conflict::Deleted => html! {
                                <button type="button" class="btn primary" id="save-as-new" onclick={save_as_new}>{ s::SAVE_AS_NEW }</button>
                            },
                        } }
                    </div>
                </div>
            }
            if !alerts.damaged.is_empty() {
                <div class="alert warn" role="alert" id="alert-damaged">
                    for text in alerts.damaged.iter() {
                        <p>{ text.clone() }</p>
                    }
                    <div class="alert-actions">
                        for (n, key, size) in damaged_keys {
                            <button type="button" class="btn" onclick={
                                let message = message.clone();
                                let key = key.clone();
                                Callback::from(move |_: MouseEvent| {
                                    if let Err(why) = persist::download_damaged(&key) {
                                        message.set(Some(format!("{}：{why}", s::DOWNLOAD_FAILED)));
                                    }
                                })
                            }>{
                                if several { format!("{} {n}（{}）", s::DOWNLOAD_DAMAGED, format_bytes(size)) }
                                else { format!("{}（{}）", s::DOWNLOAD_DAMAGED, format_bytes(size)) }
                            }</button>
                        }
                        <button type="button" class="btn" onclick={dismiss_damaged}>{ s::GOT_IT }</button>
                    </div>
                </div>
            }
            if let Some(due) = alerts.backup_due {
                <div class="alert info" role="alert" id="alert-backup">
                    <p>{ due.to_string() }</p>
                    <div class="alert-actions">
                        <button type="button" class="btn primary" onclick={export_all}>{ s::EXPORT_BACKUP }</button>
                        <button type="button" class="btn" onclick={dismiss_backup}>{ s::LATER }</button>
                    </div>
                </div>
            }
            if let Some(text) = (*message).clone() {
                <p class="alert-message" role="status">{ text }</p>
            }
        </div>
    }
}
