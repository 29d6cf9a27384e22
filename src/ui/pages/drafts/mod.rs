//! 我的报告: every stored draft (open, duplicate, rename, delete with 撤销), templates (new report
//! of a chosen template, 更换模板, 载入模板文件), the open draft's snapshots, backups (export all or
//! one, import with a preview and a choice), kept damaged data, and 清除本机数据.

mod backups;
mod damaged;
mod list;
mod snapshots;
mod templates;
mod wipe;

use yew::prelude::*;

use crate::report::storage::format_bytes;
use crate::ui::hooks::context::use_storage;
use crate::ui::strings as s;

/// The page's message line, shared by its sections.
pub type Message = UseStateHandle<Option<String>>;

#[derive(Properties, PartialEq, Clone)]
pub struct SectionProps {
    pub message: Message,
}

#[component]
pub fn DraftsPage() -> Html {
    let message: Message = use_state(|| None);
    let Some(storage) = use_storage() else { return html! {} };
    let (usage, memory_only) = storage.read(|s| (s.usage(), s.is_memory_only()));
    html! {
        <div class="drafts">
            <p class="drafts-usage" id="storage-usage">
                { usage.map(|bytes| format!("{} {}", s::STORAGE_USED, format_bytes(bytes))).unwrap_or_default() }
                if memory_only {
                    <strong class="bad-text">{ format!(" {}", s::MEMORY_ONLY_NOTE) }</strong>
                }
            </p>
            <templates::NewReport message={message.clone()} />
            if let Some(text) = (*message).clone() {
                <p class="drafts-message" role="status">{ text }</p>
            }
            <list::DraftList message={message.clone()} />
            <templates::TemplatesSection message={message.clone()} />
            <snapshots::Snapshots message={message.clone()} />
            <backups::Backups message={message.clone()} />
            <damaged::DamagedData message={message.clone()} />
            <wipe::Wipe message={message.clone()} />
        </div>
    }
}
