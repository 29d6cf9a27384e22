//! 口令锁 in the 隐私说明 dialog: turn it on (after saying plainly that a forgotten passphrase
//! means unreadable reports), off, or lock the page now.

use yew::prelude::*;

use crate::report::lock::passphrase_problem;
use crate::ui::adapters::dom;
use crate::ui::adapters::locked_store::{self, LockedStore};
use crate::ui::hooks::context::use_storage;
use crate::ui::hooks::storage::Storage;
use crate::ui::strings as s;

type Message = UseStateHandle<Option<String>>;

#[component]
pub fn LockSettings() -> Html {
    let open = use_state(|| false);
    let message: Message = use_state(|| None);
    let busy = use_state(|| false);
    let fields = (use_node_ref(), use_node_ref(), use_node_ref());
    let Some(storage) = use_storage() else { return html! {} };
    let body = match storage.lock().cloned() {
        Some(lock) => lock_is_on(&storage, lock, &message),
        None if storage.read(|s| s.is_memory_only()) => return html! {
            <section><h3>{ s::LOCK_HEADING }</h3><p>{ s::LOCK_MEMORY_ONLY }</p></section>
        },
        None if !*open => html! { <>
            <p>{ s::LOCK_WHAT }</p>
            <div class="dialog-actions">
                <button type="button" class="btn" id="lock-start" onclick={Callback::from(move |_: MouseEvent| open.set(true))}>{ s::LOCK_START }</button>
            </div>
        </> },
        None => html! { <>
            <p>{ s::LOCK_WHAT }</p>
            { turn_on_form(&storage, fields, &message, &busy) }
        </> },
    };
    html! {
        <section class="lock-settings" aria-labelledby="lock-heading">
            <h3 id="lock-heading">{ s::LOCK_HEADING }</h3>
            { body }
            if let Some(text) = (*message).clone() {
                <p class="lock-message" role="alert" id="lock-message">{ text }</p>
            }
        </section>
    }
}

/// The lock is on: lock the page now, or turn the lock off.
fn lock_is_on(storage: &Storage, lock: LockedStore, message: &Message) -> Html {
    let lock_now = {
        let (storage, lock) = (storage.clone(), lock.clone());
        Callback::from(move |_: MouseEvent| {
            // Everything typed is encrypted and written before the page forgets the key.
            storage.flush();
            let lock = lock.clone();
            yew::platform::spawn_local(async move {
                lock.settled().await;
                dom::reload(None);
            });
        })
    };
    let off = {
        let (storage, message) = (storage.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            storage.flush();
            match lock.turn_off() {
                Ok(()) => dom::reload(None),
                Err(why) => message.set(Some(s::lock_error(&why))),
            }
        })
    };
    html! { <>
        <p id="lock-state">{ s::LOCK_IS_ON }</p>
        <div class="dialog-actions">
            <button type="button" class="btn primary" id="lock-now" onclick={lock_now}>{ s::LOCK_NOW }</button>
            <button type="button" class="btn" id="lock-off" onclick={off}>{ s::LOCK_OFF }</button>
        </div>
    </> }
}

/// The warning, the passphrase twice and the tick; then everything is encrypted.
fn turn_on_form(storage: &Storage, (first, second, understood): (NodeRef, NodeRef, NodeRef), message: &Message, busy: &UseStateHandle<bool>) -> Html {
    let onsubmit = {
        let (first, second, understood) = (first.clone(), second.clone(), understood.clone());
        let (storage, message, busy) = (storage.clone(), message.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (passphrase, confirm) = (dom::node_value(&first), dom::node_value(&second));
            if let Some(problem) = passphrase_problem(&passphrase, &confirm) {
                message.set(Some(problem));
                return;
            }
            if !dom::node_checked(&understood) {
                message.set(Some(s::LOCK_TICK_FIRST.into()));
                return;
            }
            busy.set(true);
            message.set(Some(s::LOCK_ENCRYPTING.into()));
            turn_on(storage.clone(), passphrase, message.clone(), busy.clone());
        })
    };
    html! {
        <form class="lock-form" {onsubmit}>
            <p class="lock-warning" id="lock-warning"><strong>{ s::LOCK_WARNING }</strong></p>
            <label for="lock-passphrase">{ s::LOCK_NEW_PASSPHRASE }</label>
            <input type="password" id="lock-passphrase" ref={first} autocomplete="new-password" required=true />
            <label for="lock-passphrase-again">{ s::LOCK_PASSPHRASE_AGAIN }</label>
            <input type="password" id="lock-passphrase-again" ref={second} autocomplete="new-password" required=true />
            <label class="lock-understood">
                <input type="checkbox" id="lock-understood" ref={understood} aria-describedby="lock-warning" />
                { s::LOCK_UNDERSTOOD }
            </label>
            <div class="dialog-actions">
                <button type="submit" class="btn primary" id="lock-on" disabled={**busy}>{ s::LOCK_ON }</button>
            </div>
        </form>
    }
}

/// Writes what is pending, encrypts everything and reloads into the locked page.
fn turn_on(storage: Storage, passphrase: String, message: Message, busy: UseStateHandle<bool>) {
    storage.flush();
    yew::platform::spawn_local(async move {
        match locked_store::turn_on(&passphrase).await {
            Ok(()) => dom::reload(None),
            Err(why) => {
                message.set(Some(s::lock_not_on(&why)));
                busy.set(false);
            }
        }
    });
}
