//! The step list: every wizard step with its number, name and status, and the progress bar.

use yew::prelude::*;

use crate::app::status::progress;
use crate::app::{Action, Step};
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

pub fn step_list(app: &AppHandle) -> Html {
    let steps = app.steps();
    let reports: Vec<_> = steps.iter().map(|step| app.step_report(step)).collect();
    let percent = progress(&reports);
    let current = steps.iter().position(|step| step == &app.step);
    let go = |step: Step| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::StepChosen(step.clone())))
    };
    html! {
        <nav class="steps" aria-label={s::STEPS_LABEL}>
            <label class="progress">
                <span class="progress-text">{ format!("{} {percent}%", s::PROGRESS) }</span>
                <progress max="100" value={percent.to_string()}>{ format!("{percent}%") }</progress>
            </label>
            <ol>
                for (i, (step, report)) in steps.iter().zip(&reports).enumerate() {
                    <li key={i}>
                        <button type="button"
                            class={classes!("step-link", s::status_class(report.status), (Some(i) == current).then_some("current"))}
                            aria-current={(Some(i) == current).then_some("step")}
                            onclick={go(step.clone())}>
                            <span class="step-index" aria-hidden="true">{ i + 1 }</span>
                            <span class="step-name">{ s::step_title(step, &app.template) }</span>
                            <span class="step-state">{ s::status_label(report.status) }</span>
                        </button>
                    </li>
                }
            </ol>
        </nav>
    }
}

/// 上一步 / 下一步 under the page.
pub fn step_buttons(app: &AppHandle) -> Html {
    let steps = app.steps();
    let current = steps.iter().position(|step| step == &app.step);
    let go = |step: Step| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::StepChosen(step.clone())))
    };
    html! {
        <div class="step-nav">
            if let Some(prev) = current.and_then(|c| c.checked_sub(1)).and_then(|p| steps.get(p)) {
                <button type="button" class="btn" id="prev-step" onclick={go(prev.clone())}>{ format!("← {}", s::PREV) }</button>
            }
            if let Some(next) = current.and_then(|c| steps.get(c + 1)) {
                <button type="button" class="btn primary" id="next-step" onclick={go(next.clone())}>{ format!("{} →", s::NEXT) }</button>
            }
        </div>
    }
}
