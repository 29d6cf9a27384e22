//! 清除本机数据: removes every key of the app after the word 清除 is typed, stops all saving, and
//! reloads so nothing of the reports stays in this tab's memory either.

use yew::prelude::*;

use crate::ui::adapters::dom;
use crate::ui::hooks::context::use_storage;
use crate::ui::strings as s;

use super::SectionProps;

#[component]
pub fn Wipe(props: &SectionProps) -> Html {
    let stage = use_state(|| false);
    let typed = use_state(String::new);
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(*stage, move |open| {
            if *open {
                dom::focus_node(&input, false);
            }
        });
    }
    let Some(storage) = use_storage() else { return html! {} };
    let confirmed = typed.trim() == s::WIPE_WORD;
    let wipe = {
        let message = props.message.clone();
        Callback::from(move |_: MouseEvent| {
            if !confirmed {
                return;
            }
            match storage.update(|s| s.wipe()) {
                // Back to the first step once the crash journal is empty too (else start-up would
                // put the reports back); the old hash may name a step of the wiped draft.
                Ok(_) => {
                    let storage = storage.clone();
                    yew::platform::spawn_local(async move {
                        storage.journal_settled().await;
                        dom::reload(Some("#/info"));
                    });
                }
                Err(why) => message.set(Some(s::wipe_failed(&why))),
            }
        })
    };
    html! {
        <section class="drafts-section danger-zone" aria-labelledby="wipe-heading">
            <h3 id="wipe-heading">{ s::WIPE_HEADING }</h3>
            <p class="section-hint">{ s::WIPE_HINT }</p>
            if *stage {
                <div class="wipe-confirm">
                    <label class="field-label" for="wipe-input">{ s::WIPE_CONFIRM_LABEL }</label>
                    <input ref={input} id="wipe-input" class="field-input" type="text" autocomplete="off" value={(*typed).clone()} oninput={
                        let typed = typed.clone();
                        Callback::from(move |e: InputEvent| typed.set(dom::input_text(&e)))
                    } />
                    <button type="button" class="btn danger-solid" id="wipe-confirm" disabled={!confirmed} onclick={wipe}>{ s::WIPE_CONFIRM }</button>
                    <button type="button" class="btn" onclick={
                        let (stage, typed) = (stage.clone(), typed.clone());
                        Callback::from(move |_: MouseEvent| {
                            typed.set(String::new());
                            stage.set(false);
                        })
                    }>{ s::CANCEL }</button>
                </div>
            } else {
                <button type="button" class="btn danger" id="wipe-start" onclick={
                    let stage = stage.clone();
                    Callback::from(move |_: MouseEvent| stage.set(true))
                }>{ s::WIPE_START }</button>
            }
        </section>
    }
}
