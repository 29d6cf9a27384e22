//! Year over year in the wizard: start next year's report from this one, last year's promises
//! beside 主要工作情况, and sentences unchanged from last year flagged where they stand.

use yew::prelude::*;

use super::check::locate;
use super::state::{Action, AppState, Step};
use crate::report::diagnostic::Place;
use crate::report::template::SectionKind;
use crate::report::yearly::{next_year, promises, Similar};
use crate::report::{Draft, Edit};

/// Opens a new draft for the year after `last`.
pub fn open_next_year(state: &UseReducerHandle<AppState>, last: &Draft) {
    // `next_year` remembers `last` in the new draft for the promises and the sameness check.
    let (draft, _notes) = next_year(last, &state.template);
    let id = format!("d{}", js_sys::Date::now() as u64);
    state.dispatch(Action::Open { id, template: state.template.clone(), draft: Box::new(draft) });
}

#[derive(Properties, PartialEq, Clone)]
pub struct SimilarProps {
    pub state: UseReducerHandle<AppState>,
    /// Only sentences of this step; `None` lists all (检查与导出).
    #[prop_or_default]
    pub step: Option<Step>,
}

/// Sentences nearly identical to last year's, each with its origin, 前往 and 保留（不再提醒）.
#[component]
pub fn SimilarPanel(props: &SimilarProps) -> Html {
    let state = props.state.clone();
    let rows: Vec<(Similar, Step, String)> = state
        .similar
        .iter()
        .map(|s| {
            let (step, field) = locate(&state, &Place::Text(s.target.clone()));
            (s.clone(), step, field)
        })
        .filter(|(_, step, _)| props.step.as_ref().is_none_or(|only| only == step))
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <section class="similar diag warning" aria-labelledby="similar-heading">
            <h4 id="similar-heading">{ format!("与去年报告几乎相同的句子（{}）", rows.len()) }</h4>
            <p class="field-hint">{ "评议时容易被认为“年年一个样”。请改写成今年的新情况；确实没变的可以保留。" }</p>
            <ul>
                for (similar, step, field) in rows {
                    <li key={format!("{}-{}", similar.key, similar.range.start)}>
                        <q>{ similar.sentence.clone() }</q>
                        <span class="similar-origin">{ format!(" —— 与{}相同（相似度 {:.0}%）", similar.last_place, similar.similarity * 100.0) }</span>
                        if props.step.is_none() {
                            <button type="button" class="link" onclick={
                                let state = state.clone();
                                Callback::from(move |_: MouseEvent| state.dispatch(Action::GoToField(step.clone(), field.clone())))
                            }>{ "前往修改" }</button>
                        }
                        <button type="button" class="link" onclick={
                            let state = state.clone();
                            let key = similar.key.clone();
                            Callback::from(move |_: MouseEvent| state.dispatch(Action::Edit(Edit::Dismiss { key: key.clone() })))
                        }>{ "保留，不再提醒" }</button>
                    </li>
                }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct PromisesProps {
    pub state: UseReducerHandle<AppState>,
    pub section: usize,
}

/// Last year's 下步打算, beside the first free-items section: promises this year should report on.
#[component]
pub fn PromisesPanel(props: &PromisesProps) -> Html {
    let state = &props.state;
    let Some(last) = state.draft.last_year.as_deref() else { return html! {} };
    let first_items = state.template.sections.iter().position(|s| s.kind == SectionKind::Items);
    if first_items != Some(props.section) {
        return html! {};
    }
    let list = promises(last, &state.template);
    if list.is_empty() {
        return html! {};
    }
    html! {
        <aside class="promises panel" aria-labelledby="promises-heading">
            <h3 id="promises-heading">{ "去年的“下步打算”" }</h3>
            <p class="field-hint">{ "去年承诺要做的事，今年的工作情况里最好逐一有交代：" }</p>
            <ul>
                for promise in list {
                    <li>{ promise }</li>
                }
            </ul>
        </aside>
    }
}
