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
    let status_class = if matches!(status, SaveStatus::Unsaved(_)) { "save-status bad" } else { "save-status" };
    let go = |step: Step| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::StepChosen(step.clone())))
    };
    html! {
        <header class="topbar">
            <h1 class="brand">{ s::APP_NAME }</h1>
            <span class="doc-name">{ title.to_string() }</span>
            <span class={status_class} role="status" aria-live="polite">{ s::save_status(&status) }</span>
            <button type="button" class="btn topbar-btn" id="open-import" aria-current={(app.step == Step::Import).then_some("page")}
                onclick={go(Step::Import)}>{ s::IMPORT }</button>
            <button type="button" class="btn topbar-btn" id="open-drafts" aria-current={(app.step == Step::Drafts).then_some("page")}
                onclick={go(Step::Drafts)}>{ s::MY_REPORTS }</button>
            <PlatformStatus />
            <StorageAlerts />
        </header>
    }
}
