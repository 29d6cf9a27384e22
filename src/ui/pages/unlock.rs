//! The unlock page shown before the app when the reports are encrypted (the passphrase lock):
//! only the right passphrase decrypts anything; a wrong one changes nothing. A forgotten
//! passphrase can only mean starting over, after typing 清除.

use yew::prelude::*;

use crate::report::lock::{LockRecord, LockRecordError};
use crate::ui::adapters::dom;
use crate::ui::adapters::locked_store::{self, LockedStore};
use crate::ui::strings as s;

#[derive(Properties, PartialEq)]
pub struct UnlockProps {
    /// The lock record (`Err`: damaged or weakened; nothing can be decrypted with it).
    pub record: Result<LockRecord, LockRecordError>,
    pub on_unlocked: Callback<LockedStore>,
}

#[component]
pub fn UnlockPage(props: &UnlockProps) -> Html {
    let passphrase = use_node_ref();
    let confirm_wipe = use_node_ref();
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (record, passphrase, message, busy, on_unlocked) =
            (props.record.clone(), passphrase.clone(), message.clone(), busy.clone(), props.on_unlocked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(record) = record.clone() else { return };
            if *busy {
                return;
            }
            let text = dom::node_value(&passphrase);
            let (message, busy, on_unlocked, field) = (message.clone(), busy.clone(), on_unlocked.clone(), passphrase.clone());
            busy.set(true);
            message.set(Some(s::LOCK_CHECKING.into()));
            yew::platform::spawn_local(async move {
                match locked_store::unlock(&record, &text).await {
                    Ok(store) => on_unlocked.emit(store),
                    Err(why) => {
                        message.set(Some(s::lock_error(&why)));
                        busy.set(false);
                        dom::focus_node(&field, true);
                    }
                }
            });
        })
    };
    let wipe = {
        let (confirm_wipe, message) = (confirm_wipe.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            if dom::node_value(&confirm_wipe).trim() != s::WIPE_WORD {
                message.set(Some(s::LOCK_WIPE_CONFIRM_FIRST.into()));
                return;
            }
            match locked_store::forget_everything() {
                Ok(()) => dom::reload(None),
                Err(why) => message.set(Some(s::lock_error(&why))),
            }
        })
    };
    let form = match &props.record {
        Ok(_) => html! {
            <form onsubmit={onsubmit} aria-labelledby="unlock-heading">
                <p>{ s::LOCK_LOCKED_BODY }</p>
                <label for="unlock-passphrase">{ s::LOCK_PASSPHRASE }</label>
                <input type="password" id="unlock-passphrase" ref={passphrase} autocomplete="current-password" required=true autofocus=true />
                <button type="submit" class="btn primary" id="unlock-submit" disabled={*busy}>{ s::LOCK_UNLOCK }</button>
            </form>
        },
        Err(why) => html! { <p class="alert bad" role="alert">{ why.to_string() }</p> },
    };
    html! {
        <main class="unlock" id="unlock">
            <h1>{ s::APP_NAME }</h1>
            <h2 id="unlock-heading">{ s::LOCK_LOCKED_TITLE }</h2>
            { form }
            if let Some(text) = (*message).clone() {
                <p class="unlock-message" role="alert" id="unlock-message">{ text }</p>
            }
            <details class="unlock-forgot">
                <summary>{ s::LOCK_FORGOT }</summary>
                <p>{ s::LOCK_FORGOT_BODY }</p>
                <label for="unlock-wipe-confirm">{ s::WIPE_CONFIRM_LABEL }</label>
                <input type="text" id="unlock-wipe-confirm" ref={confirm_wipe} autocomplete="off" />
                <button type="button" class="btn" id="unlock-wipe" onclick={wipe}>{ s::LOCK_WIPE }</button>
            </details>
        </main>
    }
}
