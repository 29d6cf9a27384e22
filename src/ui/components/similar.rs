//! Year over year in the wizard: sentences unchanged from last year flagged where they stand
//! (前往修改, 保留), and last year's promises beside the first work section.

use yew::prelude::*;

use crate::app::{locate, Action, Step};
use crate::report::diagnostic::Place;
use crate::report::template::SectionKind;
use crate::report::yearly::{promises, Similar};
use crate::report::Edit;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

/// Sentences nearly identical to last year's, each with its origin, 前往修改 and 保留: only those
/// of `only` (a step), or all of them with links to each (检查与导出).
pub fn similar_panel(app: &AppHandle, only: Option<&Step>) -> Html {
    let rows: Vec<(Similar, Step, String)> = app
        .similar
        .iter()
        .map(|similar| {
            let (step, field) = locate(&app.template, &Place::Text(similar.target.clone()));
            (similar.clone(), step, field)
        })
        .filter(|(_, step, _)| only.is_none_or(|only| only == step))
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <section class="similar diag warning" aria-labelledby="similar-heading">
            <h4 id="similar-heading">{ s::similar_heading(rows.len()) }</h4>
            <p class="field-hint">{ s::SIMILAR_HINT }</p>
            <ul>
                for (similar, step, field) in rows {
                    <li key={format!("{}-{}", similar.key, similar.range.start)}>
                        <q>{ similar.sentence.clone() }</q>
                        <span class="similar-origin">{ s::similar_origin(&similar) }</span>
                        if only.is_none() {
                            <button type="button" class="link" onclick={
                                let app = app.clone();
                                Callback::from(move |_: MouseEvent| app.dispatch(Action::FieldRequested { step: step.clone(), field: field.clone() }))
                            }>{ s::GO_FIX }</button>
                        }
                        <button type="button" class="link" onclick={
                            let app = app.clone();
                            let key = similar.key.clone();
                            Callback::from(move |_: MouseEvent| app.dispatch(Action::Edited(Edit::Dismiss { key: key.clone() })))
                        }>{ s::KEEP_SENTENCE }</button>
                    </li>
                }
            </ul>
        </section>
    }
}

/// Last year's 下步打算, beside the first free-items section (`section` is the step's index):
/// promises this year should report on.
pub fn promises_panel(app: &AppHandle, section: usize) -> Html {
    let Some(last) = app.draft.last_year.as_deref() else { return html! {} };
    let first_items = app.template.sections.iter().position(|s| s.kind == SectionKind::Items);
    if first_items != Some(section) {
        return html! {};
    }
    let list = promises(last, &app.template);
    if list.is_empty() {
        return html! {};
    }
    html! {
        <aside class="promises panel" aria-labelledby="promises-heading">
            <h3 id="promises-heading">{ s::PROMISES_HEADING }</h3>
            <p class="field-hint">{ s::PROMISES_HINT }</p>
            <ul>
                for promise in list {
                    <li>{ promise }</li>
                }
            </ul>
        </aside>
    }
}
