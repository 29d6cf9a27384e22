//! 检查与导出: the check's findings with links and fixes, the closing line and what could not be
//! placed, the Word layout options, next year's report, and the export buttons.

mod diagnostics;
mod export;
mod options;

use yew::prelude::*;

use crate::ui::components::similar::similar_panel;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::storage::Storage;

use export::ExportPanel;

pub fn check_page(app: &AppHandle, storage: &Storage) -> Html {
    html! {
        <div class="check">
            <section aria-labelledby="check-list-heading">
                { diagnostics::diagnostics(app) }
                { similar_panel(app, None) }
            </section>
            { options::closing_panel(app) }
            { options::layout_panel(app) }
            { options::next_year_panel(app, storage) }
            <ExportPanel />
        </div>
    }
}
