//! 无法读取的数据: text that could not be read, kept verbatim; download it or, after a
//! confirmation, delete it.

use yew::prelude::*;

use crate::report::storage::format_bytes;
use crate::ui::components::storage_alerts::download_damaged;
use crate::ui::hooks::context::use_storage;
use crate::ui::strings as s;

use super::SectionProps;

#[component]
pub fn DamagedData(props: &SectionProps) -> Html {
    let confirming = use_state(|| None::<String>);
    let Some(storage) = use_storage() else { return html! {} };
    let copies = storage.read(|s| s.damaged_copies());
    if copies.is_empty() {
        return html! {};
    }
    html! {
        <section class="drafts-section" aria-labelledby="damaged-heading" id="damaged-data">
            <h3 id="damaged-heading">{ s::DAMAGED_HEADING }</h3>
            <p class="section-hint">{ s::DAMAGED_HINT }</p>
            <ul class="damaged-list">
                for (key, size) in copies {
                    <li key={key.clone()}>
                        <span>{ s::sized(&s::damaged_label(&key), &format_bytes(size)) }</span>
                        <button type="button" class="btn" onclick={
                            let (storage, message, key) = (storage.clone(), props.message.clone(), key.clone());
                            Callback::from(move |_: MouseEvent| {
                                if let Err(why) = download_damaged(&storage, &key) {
                                    message.set(Some(s::download_failed(&why)));
                                }
                            })
                        }>{ s::DOWNLOAD }</button>
                        if confirming.as_deref() == Some(key.as_str()) {
                            <button type="button" class="btn danger" onclick={
                                let (storage, message, confirming, key) = (storage.clone(), props.message.clone(), confirming.clone(), key.clone());
                                Callback::from(move |_: MouseEvent| {
                                    if let Err(why) = storage.update(|s| s.remove_damaged(&key)) {
                                        message.set(Some(s::session_error(&why)));
                                    }
                                    confirming.set(None);
                                })
                            }>{ s::CONFIRM_DELETE }</button>
                        } else {
                            <button type="button" class="btn" onclick={
                                let (confirming, key) = (confirming.clone(), key.clone());
                                Callback::from(move |_: MouseEvent| confirming.set(Some(key.clone())))
                            }>{ s::REMOVE }</button>
                        }
                    </li>
                }
            </ul>
        </section>
    }
}
