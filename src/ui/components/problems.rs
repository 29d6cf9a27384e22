//! The check's findings as rows with 前往修改 and the core's one-click fix, shared by 检查与导出 and
//! by each step, which lists its own errors (why it is 有问题) and warnings above its fields.

use yew::prelude::*;

use crate::app::{locate, Action, StepReport};
use crate::report::diagnostic::Diagnostic;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

/// One finding: its message, 前往修改, and the fix when the core offers one.
pub fn diagnostic_row(app: &AppHandle, diagnostic: &Diagnostic) -> Html {
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

fn rows(app: &AppHandle, list: &[Diagnostic]) -> Html {
    html! {
        <ul>
            for (i, diagnostic) in list.iter().enumerate() {
                <li key={i}>{ diagnostic_row(app, diagnostic) }</li>
            }
        </ul>
    }
}

/// A step's own findings, on the step (nothing before the user has started it: the report is
/// empty then). Errors in the open, warnings folded.
pub fn step_problems(app: &AppHandle, report: &StepReport) -> Html {
    if report.errors.is_empty() && report.warnings.is_empty() {
        return html! {};
    }
    html! {
        <section class="step-problems" id="step-problems" aria-label={s::CHECK_RESULTS}>
            if !report.errors.is_empty() {
                <div class="diag error">
                    <h3>{ s::step_problems(report.errors.len()) }</h3>
                    { rows(app, &report.errors) }
                </div>
            }
            if !report.warnings.is_empty() {
                <details class="diag warning">
                    <summary>{ s::counted(s::STEP_WARNINGS, report.warnings.len()) }</summary>
                    { rows(app, &report.warnings) }
                </details>
            }
        </section>
    }
}
