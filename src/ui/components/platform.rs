//! The header's platform part: 可离线使用, 隐私说明, the update prompt, the sandbox notice and
//! the portal configuration's warnings. One component holds what the user dismissed; the notices
//! are view functions.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::portal::Portal;
use crate::ui::adapters::loader::{self, Sandbox};
use crate::ui::hooks::context::{use_portal, use_storage};
use crate::ui::hooks::offline::use_offline;
use crate::ui::hooks::storage::Storage;
use crate::ui::strings as s;

use super::privacy::PrivacyButton;

/// Notices the user closed with 知道了 / 以后再说 (for this page load).
#[derive(Clone, Copy, PartialEq, Default)]
struct Dismissed {
    update: bool,
    config: bool,
    sandbox: bool,
}

type Message = UseStateHandle<Option<String>>;

#[component]
pub fn PlatformStatus() -> Html {
    let offline = use_offline();
    let portal = use_portal();
    let dismissed = use_state(Dismissed::default);
    let message: Message = use_state(|| None);
    let sandbox = use_memo((), |_| loader::sandbox());
    let Some(storage) = use_storage() else { return html! {} };
    let dismiss = |set: fn(&mut Dismissed)| {
        let dismissed = dismissed.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = *dismissed;
            set(&mut next);
            dismissed.set(next);
        })
    };
    html! { <>
        if offline.ready {
            <span class="offline-badge" id="offline-status" title={s::OFFLINE_READY_HINT}>
                <span class="label-long">{ s::OFFLINE_READY }</span><span class="label-short">{ s::OFFLINE_SHORT }</span>
            </span>
        }
        <PrivacyButton />
        <div class="platform-alerts">
            if let Some(sandbox) = (*sandbox).clone().filter(|_| !dismissed.sandbox) {
                { sandbox_notice(&sandbox, dismiss(|d| d.sandbox = true)) }
            }
            if !portal.warnings.is_empty() && !dismissed.config {
                { config_warnings(&portal, dismiss(|d| d.config = true)) }
            }
            if offline.update && !dismissed.update {
                { update_prompt(&storage, &message, dismiss(|d| d.update = true)) }
            }
        </div>
    </> }
}

/// 更新可用: 保存后刷新 writes what is pending, and reloads only if nothing would be lost.
fn update_prompt(storage: &Storage, message: &Message, later: Callback<MouseEvent>) -> Html {
    let update = {
        let (storage, message) = (storage.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            storage.flush();
            if storage.read(|s| s.unsaved_work()) {
                message.set(Some(s::UPDATE_UNSAVED.into()));
                return;
            }
            message.set(Some(s::UPDATE_RELOADING.into()));
            let (message, lock) = (message.clone(), storage.lock().cloned());
            yew::platform::spawn_local(async move {
                // With the passphrase lock, writes are encrypted asynchronously: let them land.
                if let Some(lock) = lock {
                    lock.settled().await;
                }
                if let Err(why) = loader::apply_update() {
                    message.set(Some(s::update_failed(&why)));
                }
            });
        })
    };
    html! {
        <div class="alert info" role="alert" id="update-prompt">
            <p><strong>{ s::UPDATE_TITLE }</strong>{ s::UPDATE_BODY }</p>
            <div class="alert-actions">
                <button type="button" class="btn primary" id="apply-update" onclick={update}>{ s::UPDATE_APPLY }</button>
                <button type="button" class="btn" onclick={later}>{ s::LATER }</button>
            </div>
            if let Some(text) = (**message).clone() {
                <p class="alert-message" role="status">{ text }</p>
            }
        </div>
    }
}

/// The portal settings that could not be used, for the portal's administrator.
fn config_warnings(portal: &Rc<Portal>, got_it: Callback<MouseEvent>) -> Html {
    html! {
        <div class="alert warn" role="alert" id="config-warnings">
            <div class="alert-text">
                <p><strong>{ s::CONFIG_WARNINGS_TITLE }</strong></p>
                <ul>
                    for (i, warning) in portal.warnings.iter().enumerate() {
                        <li key={i}>{ s::portal_warning(warning) }</li>
                    }
                </ul>
            </div>
            <div class="alert-actions">
                <button type="button" class="btn" onclick={got_it}>{ s::GOT_IT }</button>
            </div>
        </div>
    }
}

/// The sandbox notice: each missing permission by name, what it costs, what still works.
fn sandbox_notice(sandbox: &Sandbox, got_it: Callback<MouseEvent>) -> Html {
    let tokens: Vec<&str> = sandbox.missing.iter().map(|p| p.token()).collect();
    html! {
        <div class="alert warn" role="alert" id="sandbox-notice">
            <div class="alert-text">
                <p><strong>{ s::SANDBOX_TITLE }</strong></p>
                <ul>
                    for permission in sandbox.missing.iter().copied() {
                        <li key={permission.token()} data-permission={permission.token()}>
                            <code>{ permission.token() }</code>{ s::COLON }{ s::sandbox_cost(permission) }
                        </li>
                    }
                </ul>
                <p>{ s::sandbox_still_works(sandbox) }</p>
                <p>{ format!("{}{}", s::SANDBOX_ADMIN, tokens.join(" ")) }</p>
            </div>
            <div class="alert-actions">
                <button type="button" class="btn" onclick={got_it}>{ s::GOT_IT }</button>
            </div>
        </div>
    }
}
