//! 检查与导出: the export buttons first (in view without scrolling), the report's length, then the
//! check's findings with links and fixes, the closing line and what could not be placed, the Word
//! layout options and next year's report.

mod diagnostics;
mod export;
mod options;

use yew::prelude::*;

use crate::ui::components::similar::similar_panel;
use crate::ui::hooks::app_state::AppHandle;
use crate::report::length::Size;
use crate::ui::strings as s;

use export::ExportPanel;

pub fn check_page(app: &AppHandle, size: &Size) -> Html {
    html! {
        <div class="check">
            <ExportPanel />
            <p class="size-line" id="check-size">{ s::size_line(size) }</p>
            <section aria-labelledby="check-list-heading">
                { diagnostics::diagnostics(app) }
                { similar_panel(app, None) }
            </section>
            { options::closing_panel(app) }
            { options::layout_panel(app) }
            <options::NextYearPanel />
        </div>
    }
}
