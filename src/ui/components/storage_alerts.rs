//! The storage banners: memory-only mode, a failed save (storage full), another tab (or the
//! passphrase lock changed there), a newer version, damaged data kept aside, and the backup
//! reminder. Each says what happened, what is
//! safe, and offers the way out.

use yew::prelude::*;

use crate::app::session::{Conflict, SessionError};
use crate::app::{Action, AppState};
use crate::report::library::{Scope, StoreError};
use crate::report::storage::format_bytes;
use crate::ui::adapters::{clock, dom, download};
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::context::use_app;
use crate::ui::hooks::context::use_storage;
use crate::ui::hooks::storage::Storage;
use crate::ui::strings as s;

/// The message line under the banners.
type Message = UseStateHandle<Option<String>>;

/// Downloads a backup of every draft (the banners' 导出备份 / 下载备份).
pub fn backup_all(app: &AppState, storage: &Storage) -> Result<String, String> {
    let now = clock::now();
    let backup = storage.read(|s| s.backup(&Scope::All, (&app.draft_id, &app.draft), now)).map_err(|e| s::session_error(&e))?;
    let name = s::backup_file_name(None, now);
    download::download(backup.json.as_bytes(), &name, "application/json").map_err(|e| s::browser_error(&e))?;
    storage.update(|s| s.backup_taken(now));
    Ok(name)
}

fn backup_button(app: &AppHandle, storage: &Storage, message: &Message, id: &'static str, label: &'static str) -> Html {
    let (app, storage, message) = (app.clone(), storage.clone(), message.clone());
    let onclick = Callback::from(move |_: MouseEvent| {
        message.set(Some(match backup_all(&app, &storage) {
            Ok(name) => s::backup_downloaded_keep_safe(&name),
            Err(why) => s::download_failed(&why),
        }));
    });
    html! { <button type="button" class="btn primary" {id} {onclick}>{ label }</button> }
}

#[component]
pub fn StorageAlerts() -> Html {
    let message: Message = use_state(|| None);
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else { return html! {} };
    let alerts = storage.read(|s| s.alerts().clone());
    let dismiss_reminder = {
        let storage = storage.clone();
        Callback::from(move |_: MouseEvent| storage.update(|s| s.dismiss_backup_reminder()))
    };
    html! {
        <div class="storage-alerts">
            if let Some(why) = alerts.memory_only.clone() {
                <div class="alert bad" role="alert" id="alert-memory">
                    <p><strong>{ s::ALERT_MEMORY_TITLE }</strong>{ s::memory_only_body(&why) }</p>
                    <div class="alert-actions">{ backup_button(&app, &storage, &message, "alert-export-backup", s::EXPORT_BACKUP) }</div>
                </div>
            }
            if let Some(error) = alerts.save_failed.clone() {
                { save_failed(&app, &storage, &message, &error) }
            }
            if let Some(version) = alerts.newer {
                { newer_version(&app, &storage, &message, version) }
            }
            if let Some(conflict) = alerts.conflict {
                { other_tab(&app, &storage, &message, conflict) }
            }
            if !alerts.damaged.is_empty() {
                { damaged(&storage, &message) }
            }
            if let Some(due) = alerts.backup_due {
                <div class="alert info" role="alert" id="alert-backup">
                    <p>{ due.to_string() }</p>
                    <div class="alert-actions">
                        { backup_button(&app, &storage, &message, "reminder-export-backup", s::EXPORT_BACKUP) }
                        <button type="button" class="btn" onclick={dismiss_reminder}>{ s::LATER }</button>
                    </div>
                </div>
            }
            if let Some(text) = (*message).clone() {
                <p class="alert-message" role="status">{ text }</p>
            }
        </div>
    }
}

/// The last save failed: what is safe, a backup now, room to make.
fn save_failed(app: &AppHandle, storage: &Storage, message: &Message, error: &StoreError) -> Html {
    let drop_snapshots = {
        let (storage, message) = (storage.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            message.set(Some(match storage.update(|s| s.drop_snapshots(clock::now())) {
                Ok(freed) => s::snapshots_dropped(&format_bytes(freed)),
                Err(why) => s::session_error(&why),
            }))
        })
    };
    let go_drafts = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::StepChosen(crate::app::Step::Drafts)))
    };
    html! {
        <div class="alert bad" role="alert" id="alert-save-failed">
            <p><strong>{ s::save_failed_title(error) }</strong>{ s::ALERT_SAVE_FAILED_BODY }</p>
            <div class="alert-actions">
                { backup_button(app, storage, message, "alert-download-backup", s::DOWNLOAD_BACKUP) }
                if *error == StoreError::Quota {
                    <button type="button" class="btn" onclick={drop_snapshots}>{ s::DROP_SNAPSHOTS }</button>
                }
                <button type="button" class="btn" onclick={go_drafts}>{ s::MY_REPORTS }</button>
            </div>
        </div>
    }
}

/// Opens what storage handed over, or says why it could not.
fn open_or_say(app: &AppHandle, message: &Message, opened: Result<crate::app::ToOpen, SessionError>, done: String) {
    match opened {
        Ok(open) => {
            app.dispatch(Action::DraftOpened(Box::new(open)));
            message.set(Some(done));
        }
        Err(why) => message.set(Some(s::session_error(&why))),
    }
}

/// Saved by a newer version: read-only, with a way to an editable copy.
fn newer_version(app: &AppHandle, storage: &Storage, message: &Message, version: u32) -> Html {
    let copy = {
        let (app, storage, message) = (app.clone(), storage.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let now = clock::now();
            let opened = storage.update(|s| s.duplicate(&app.draft_id, now).and_then(|id| s.open(&id, now)));
            open_or_say(&app, &message, opened, s::COPIED_TO_EDIT.into());
        })
    };
    html! {
        <div class="alert warn" role="alert" id="alert-newer">
            <p>{ s::newer_version(version) }</p>
            <div class="alert-actions">
                <button type="button" class="btn" onclick={copy}>{ s::COPY_TO_EDIT }</button>
            </div>
        </div>
    }
}

/// Another tab saved or deleted this draft.
fn other_tab(app: &AppHandle, storage: &Storage, message: &Message, conflict: Conflict) -> Html {
    let take_over = {
        let (app, storage, message) = (app.clone(), storage.clone(), message.clone());
        Callback::from(move |_: MouseEvent| match storage.update(|s| s.take_over(&app.draft, clock::now())) {
            Ok(stored) => {
                if let Some(opened) = stored {
                    app.dispatch(Action::OtherTabSaved(Box::new(opened)));
                }
                message.set(None);
            }
            Err(why) => message.set(Some(s::session_error(&why))),
        })
    };
    let save_as_new = {
        let (app, storage, message) = (app.clone(), storage.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let opened = storage.update(|s| s.create(app.draft.clone(), "", clock::now()));
            open_or_say(&app, &message, opened, s::SAVED_AS_NEW.into());
        })
    };
    html! {
        <div class="alert warn" role="alert" id="alert-conflict">
            <p>{ s::conflict_text(conflict) }</p>
            <div class="alert-actions">
                { match conflict {
                    Conflict::Following | Conflict::OtherWriter => html! {
                        <button type="button" class="btn primary" id="take-over" onclick={take_over}>{ s::EDIT_HERE }</button>
                    },
                    Conflict::TakingOver => html! {},
                    // Nothing is saved here any more: reload (and unlock); a backup first if needed.
                    Conflict::LockChanged => html! { <>
                        <button type="button" class="btn primary" id="lock-changed-reload" onclick={Callback::from(|_: MouseEvent| dom::reload(None))}>{ s::RELOAD_PAGE }</button>
                        { backup_button(app, storage, message, "lock-changed-backup", s::DOWNLOAD_BACKUP) }
                    </> },
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
}

/// Downloads a kept damaged text verbatim.
pub fn download_damaged(storage: &Storage, key: &str) -> Result<(), String> {
    let text = storage.read(|s| s.damaged_text(key)).map_err(|e| s::session_error(&e))?;
    download::download(text.as_bytes(), &s::damaged_file_name(key), "text/plain;charset=utf-8").map_err(|e| s::browser_error(&e))
}

/// Damaged data found at start-up, kept aside: what it is, and the copies to download.
fn damaged(storage: &Storage, message: &Message) -> Html {
    let (notices, keys) = storage.read(|s| (s.alerts().damaged.clone(), s.alerts().damaged_keys.clone()));
    let several = keys.len() > 1;
    let sized: Vec<(usize, String, u64)> = keys.iter().enumerate().map(|(i, k)| (i + 1, k.clone(), storage.read(|s| s.stored_size(k)))).collect();
    let dismiss = {
        let storage = storage.clone();
        Callback::from(move |_: MouseEvent| storage.update(|s| s.dismiss_damaged()))
    };
    html! {
        <div class="alert warn" role="alert" id="alert-damaged">
            for notice in notices.iter() {
                <p>{ notice.to_string() }</p>
            }
            <div class="alert-actions">
                for (n, key, size) in sized {
                    <button type="button" class="btn" onclick={
                        let (storage, message) = (storage.clone(), message.clone());
                        Callback::from(move |_: MouseEvent| {
                            if let Err(why) = download_damaged(&storage, &key) {
                                message.set(Some(s::download_failed(&why)));
                            }
                        })
                    }>{ s::download_damaged_label(several.then_some(n), &format_bytes(size)) }</button>
                }
                <button type="button" class="btn" onclick={dismiss}>{ s::GOT_IT }</button>
            </div>
        </div>
    }
}
