//! The step list: every wizard step with its number, name and status, the progress bar and the
//! report's length; on a phone it folds into a bar naming the current step, which opens the list
//! from any step. Sections are numbered as the preview prints them.

use yew::prelude::*;

use crate::app::status::progress;
use crate::app::{Action, Step};
use crate::report::length::Size;
use crate::report::outline::section_numbers;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

pub fn step_list(app: &AppHandle, size: &Size, open: &UseStateHandle<bool>) -> Html {
    let steps = app.steps();
    let numbers = section_numbers(&app.draft, &app.template);
    let reports: Vec<_> = steps.iter().map(|step| app.step_report(step)).collect();
    let percent = progress(&reports);
    let current = steps.iter().position(|step| step == &app.step);
    let go = |step: Step| {
        let (app, open) = (app.clone(), open.clone());
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            app.dispatch(Action::StepChosen(step.clone()));
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let here = match current {
        Some(i) => format!("{} {}", s::step_of(i + 1, steps.len()), s::step_title(&app.step, &app.template, &numbers)),
        None => s::STEPS_TOGGLE.to_string(),
    };
    html! {
        <nav class={classes!("steps", (**open).then_some("open"))} aria-label={s::STEPS_LABEL}>
            <button type="button" class="steps-toggle" id="steps-toggle" aria-expanded={open.to_string()}
                aria-controls="step-list" onclick={toggle}>
                <span class="steps-here">{ here }</span>
                <span class="steps-caret" aria-hidden="true">{ if **open { "▴" } else { "▾" } }</span>
            </button>
            <div class="steps-body" id="step-list">
                <label class="progress-bar">
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
                                <span class="step-name">{ s::step_title(step, &app.template, &numbers) }</span>
                                <span class="step-state">{ s::status_label(report.status) }</span>
                            </button>
                        </li>
                    }
                </ol>
                if size.chars > 0 {
                    <p class="size-line" id="size-line">{ s::size_line(size) }</p>
                }
            </div>
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
