//! The check's findings grouped by severity, each with 前往修改 and, when the core offers one, a
//! one-click fix.

use yew::prelude::*;

use crate::app::{locate, Action};
use crate::report::diagnostic::{Diagnostic, Severity};
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
                    <li key={i}>{ row(app, diagnostic) }</li>
                }
            </ul>
        </div>
    }
}

fn row(app: &AppHandle, diagnostic: &Diagnostic) -> Html {
    let (step, field) = locate(&app.template, &diagnostic.place);
    let go = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::FieldRequested { step: step.clone(), field: field.clone() }))
    };
    let fix = diagnostic.fix.clone().map(|fix| {
        let app = app.clone();
        let label = fix.label.clone();
        let onclick = Callback::from(move |_: MouseEvent| app.dispatch(Action::FixApplied(fix.edits.clone())));
        html! { <button type="button" class="link" {onclick}>{ label }</button> }
    });
    html! {
        <>
            <span class="diag-message">{ diagnostic.message.clone() }</span>
            <button type="button" class="link" onclick={go}>{ s::GO_FIX }</button>
            { for fix }
        </>
    }
}
