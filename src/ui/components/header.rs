//! The header: the app's name, the report's title, the save status, the way to 导入 and 我的报告,
//! and the platform and storage banners under it.

use yew::prelude::*;

use crate::app::session::SaveStatus;
use crate::app::{Action, Step};
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::storage::Storage;
use crate::ui::strings as s;

use super::platform::PlatformStatus;
use super::storage_alerts::StorageAlerts;

/// The header; `title` is the report's title as printed.
pub fn header(app: &AppHandle, storage: &Storage, title: &str) -> Html {
    let status = storage.read(|s| s.status().clone());
    // Read-only, the status says what is true of the draft (another tab keeping it, a newer
    // version's copy) rather than a bare 未保存.
    let (status_text, bad) = match &app.read_only {
        Some(why) => s::read_only_status(why),
        None => (s::save_status(&status), matches!(status, SaveStatus::Unsaved(_))),
    };
    let status_class = if bad { "save-status bad" } else { "save-status" };
    let go = |step: Step| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::StepChosen(step.clone())))
    };
    html! {
        <header class="topbar">
            <h1 class="brand">{ s::APP_NAME }</h1>
            <span class="doc-name">{ title.to_string() }</span>
            <span class={status_class} role="status" aria-live="polite">{ status_text }</span>
            // On a phone the short label shows (CSS): one row for the whole header.
            <button type="button" class="btn topbar-btn" id="open-import" aria-current={(app.step == Step::Import).then_some("page")}
                onclick={go(Step::Import)}>
                <span class="label-long">{ s::IMPORT }</span><span class="label-short">{ s::IMPORT_SHORT }</span>
            </button>
            <button type="button" class="btn topbar-btn" id="open-drafts" aria-current={(app.step == Step::Drafts).then_some("page")}
                onclick={go(Step::Drafts)}>{ s::MY_REPORTS }</button>
            <PlatformStatus />
            <StorageAlerts />
        </header>
    }
}
