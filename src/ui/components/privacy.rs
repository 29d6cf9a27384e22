//! 隐私说明: the button and its dialog (a native modal `<dialog>`: focus stays inside, Esc closes),
//! with the passphrase lock's settings.

use yew::prelude::*;

use crate::ui::adapters::dom;
use crate::ui::strings as s;

use super::lock_settings::LockSettings;

#[component]
pub fn PrivacyButton() -> Html {
    let dialog = use_node_ref();
    let open = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dom::show_dialog(&dialog, true))
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dom::show_dialog(&dialog, false))
    };
    html! { <>
        <button type="button" class="btn topbar-btn" id="open-privacy" aria-haspopup="dialog" onclick={open}>
            <span class="label-long">{ s::PRIVACY }</span><span class="label-short">{ s::PRIVACY_SHORT }</span>
        </button>
        <dialog ref={dialog} class="privacy-dialog" id="privacy-dialog" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">{ s::PRIVACY }</h2>
            for (title, body) in s::PRIVACY_POINTS.iter() {
                <section key={*title}>
                    <h3>{ *title }</h3>
                    <p>{ *body }</p>
                </section>
            }
            <LockSettings />
            <div class="dialog-actions">
                <button type="button" class="btn primary" id="close-privacy" onclick={close}>{ s::CLOSE }</button>
            </div>
        </dialog>
    </> }
}
