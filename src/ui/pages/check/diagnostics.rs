//! The check's findings grouped by severity, each with 前往修改 and, when the core offers one, a
//! one-click fix.

use yew::prelude::*;

use crate::report::diagnostic::{Diagnostic, Severity};
use crate::ui::components::problems::diagnostic_row;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

pub fn diagnostics(app: &AppHandle) -> Html {
    html! { <>
        <h3 id="check-list-heading">{ s::CHECK_RESULTS }</h3>
        if app.diagnostics.is_empty() {
            <p class="ok">{ s::NO_PROBLEMS }</p>
        }
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            { group(app, severity) }
        }
    </> }
}

fn group(app: &AppHandle, severity: Severity) -> Html {
    let list: Vec<&Diagnostic> = app.diagnostics.iter().filter(|d| d.severity == severity).collect();
    if list.is_empty() {
        return html! {};
    }
    let class = match severity {
        Severity::Error => "diag error",
        Severity::Warning => "diag warning",
        Severity::Info => "diag info",
    };
    html! {
        <div class={class}>
            <h4>{ s::counted(severity.label(), list.len()) }</h4>
            <ul>
                for (i, diagnostic) in list.into_iter().enumerate() {
                    <li key={i}>{ diagnostic_row(app, diagnostic) }</li>
                }
            </ul>
        </div>
    }
}
