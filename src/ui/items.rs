//! The editor of a section's numbered items: add, remove (with undo), reorder by buttons or
//! Alt+↑/↓, collapse; problem items show problem and cause side by side; facts as number inputs.

use std::collections::HashSet;
use std::rc::Rc;

use yew::prelude::*;

use super::fields::TextField;
use super::state::{Action, AppState};
use super::strings as s;
use crate::report::outline::Anchor;
use crate::report::template::{Guidance, ItemSpec, SectionKind, SectionSpec};
use crate::report::{facts, Edit, Item, TextRef};

#[derive(Properties, PartialEq, Clone)]
pub struct SectionEditorProps {
    pub state: UseReducerHandle<AppState>,
    pub index: usize,
}

/// DOM id of an item field, shared with the check page's links.
pub fn field_id(target: &TextRef) -> String {
    match target {
        TextRef::Info { key } => format!("f-info-{key}"),
        TextRef::Intro => "f-intro".into(),
        TextRef::Closing => "f-closing".into(),
        TextRef::Leftover => "f-leftover".into(),
        TextRef::ItemTitle { item, .. } => format!("f-item-{}-title", item.0),
        TextRef::ItemBody { item, .. } => format!("f-item-{}-body", item.0),
        TextRef::ItemCause { item, .. } => format!("f-item-{}-cause", item.0),
    }
}

/// The template's suggestion matching an item: same title (suggested items start with it).
fn spec_for<'a>(section: &'a SectionSpec, item: &Item) -> Option<&'a ItemSpec> {
    let title = item.title.trim();
    section.items.iter().find(|spec| !spec.title.is_empty() && spec.title == title)
}

#[component]
pub fn SectionEditor(props: &SectionEditorProps) -> Html {
    let state = props.state.clone();
    let collapsed = use_state(HashSet::<u64>::new);
    let Some(spec) = state.template.sections.get(props.index).cloned() else {
        return html! {};
    };
    let section_id = spec.id.clone();
    let items: Vec<Item> = state.draft.section(&spec.id).map(|s| s.items.clone()).unwrap_or_default();
    let count = items.len();
    let section_guidance = Rc::new(spec.guidance.clone());
    let cause_guidance = Rc::new(spec.cause_guidance.clone().unwrap_or_default());
    let suggestions: Vec<String> = spec
        .title_suggestions
        .iter()
        .filter(|t| !items.iter().any(|i| i.title.trim() == t.as_str()))
        .cloned()
        .collect();

    let add = {
        let state = state.clone();
        let section_id = section_id.clone();
        move |title: String| {
            let state = state.clone();
            let section = section_id.clone();
            Callback::from(move |_: MouseEvent| {
                state.dispatch(Action::Edit(Edit::AddItem { section: section.clone(), after: None, title: title.clone() }))
            })
        }
    };

    html! {
        <div class="items">
            if !spec.guidance.hint.is_empty() {
                <p class="section-hint">{ spec.guidance.hint.clone() }</p>
            }
            if !spec.guidance.example.is_empty() {
                <details class="example">
                    <summary>{ s::SHOW_EXAMPLE }</summary>
                    <p>{ spec.guidance.example.clone() }</p>
                </details>
            }
            <super::yearly::PromisesPanel state={state.clone()} section={props.index} />
            <ol class="item-list">
                for (index, item) in items.into_iter().enumerate() {
                    <li key={item.id.0.to_string()} class="item-card" id={format!("item-{}", item.id.0)}>
                        { item_card(&state, &spec, &section_id, index, count, item, &collapsed, &section_guidance, &cause_guidance) }
                    </li>
                }
            </ol>
            <div class="add-items">
                <button type="button" class="btn" onclick={add(String::new())}>{ format!("＋ {}", s::ADD_ITEM) }</button>
                for title in suggestions {
                    <button type="button" class="chip" onclick={add(title.clone())}>{ format!("＋ {title}") }</button>
                }
            </div>
        </div>
    }
}

#[allow(clippy::too_many_arguments)]
fn item_card(
    state: &UseReducerHandle<AppState>,
    spec: &SectionSpec,
    section_id: &str,
    index: usize,
    count: usize,
    item: Item,
    collapsed: &UseStateHandle<HashSet<u64>>,
    section_guidance: &Rc<Guidance>,
    cause_guidance: &Rc<Guidance>,
) -> Html {
    let id = item.id;
    let number = index + 1;
    let is_collapsed = collapsed.contains(&id.0);
    let item_spec = spec_for(spec, &item).cloned();
    let body_guidance = item_spec
        .as_ref()
        .filter(|s| s.guidance != Guidance::default())
        .map(|s| Rc::new(s.guidance.clone()))
        .unwrap_or_else(|| {
            // The section's hint and example are already shown above the list: keep only its
            // phrases and target here.
            Rc::new(Guidance { hint: String::new(), example: String::new(), ..(**section_guidance).clone() })
        });
    let anchor = Anchor::Item { section: section_id.to_string(), item: id }.dom_id();

    let set = |target: TextRef| {
        let state = state.clone();
        Callback::from(move |value: String| {
            state.dispatch(Action::Edit(Edit::SetText { target: target.clone(), value }))
        })
    };
    let focus = {
        let state = state.clone();
        let anchor = anchor.clone();
        Callback::from(move |_| state.dispatch(Action::Editing(anchor.clone())))
    };
    let mover = |by: i64| {
        let state = state.clone();
        let section = section_id.to_string();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Edit(Edit::MoveItem { section: section.clone(), item: id, by }));
            state.dispatch(Action::GoToField(state.step.clone(), format!("f-item-{}-title", id.0)));
        })
    };
    let remove = {
        let state = state.clone();
        let section = section_id.to_string();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Edit(Edit::RemoveItem { section: section.clone(), item: id })))
    };
    let toggle = {
        let collapsed = collapsed.clone();
        Callback::from(move |_: MouseEvent| {
            let mut set = (*collapsed).clone();
            if !set.remove(&id.0) {
                set.insert(id.0);
            }
            collapsed.set(set);
        })
    };
    // Alt+↑/↓ in the title moves the item; focus stays in the title.
    let title_keys = {
        let state = state.clone();
        let section = section_id.to_string();
        Callback::from(move |e: KeyboardEvent| {
            let by = match e.key().as_str() {
                "ArrowUp" if e.alt_key() => -1,
                "ArrowDown" if e.alt_key() => 1,
                _ => return,
            };
            e.prevent_default();
            state.dispatch(Action::Edit(Edit::MoveItem { section: section.clone(), item: id, by }));
            state.dispatch(Action::GoToField(state.step.clone(), format!("f-item-{}-title", id.0)));
        })
    };

    let title_ref = TextRef::ItemTitle { section: section_id.to_string(), item: id };
    let body_ref = TextRef::ItemBody { section: section_id.to_string(), item: id };
    let cause_ref = TextRef::ItemCause { section: section_id.to_string(), item: id };
    let title_label = format!("第{number}条 {}", s::ITEM_TITLE);
    let heading = if item.title.trim().is_empty() { format!("第{number}条") } else { format!("{number}.{}", item.title.trim()) };
    let problems = spec.kind == SectionKind::Problems;

    html! {
        <>
            <div class="item-head">
                <span class="item-number" aria-hidden="true">{ heading.clone() }</span>
                <div class="item-tools" role="group" aria-label={format!("第{number}条操作")}>
                    <button type="button" class="icon-btn" onclick={toggle} aria-expanded={(!is_collapsed).to_string()}
                        aria-label={format!("{} 第{number}条", if is_collapsed { s::EXPAND } else { s::COLLAPSE })}>
                        { if is_collapsed { "▸" } else { "▾" } }
                    </button>
                    <button type="button" class="icon-btn" onclick={mover(-1)} disabled={index == 0}
                        aria-label={format!("{} 第{number}条", s::MOVE_UP)} title={s::MOVE_UP}>{ "↑" }</button>
                    <button type="button" class="icon-btn" onclick={mover(1)} disabled={index + 1 >= count}
                        aria-label={format!("{} 第{number}条", s::MOVE_DOWN)} title={s::MOVE_DOWN}>{ "↓" }</button>
                    <button type="button" class="icon-btn danger" onclick={remove}
                        aria-label={format!("{} 第{number}条", s::REMOVE)} title={s::REMOVE}>{ "✕" }</button>
                </div>
            </div>
            if !is_collapsed {
                <TextField id={super::items::field_id(&title_ref)} label={title_label} rows={1}
                    value={item.title.clone()} on_change={set(title_ref.clone())} on_focus={focus.clone()}
                    placeholder={"一句话概括，结尾不用加句号"} onkeydown={Some(title_keys)} />
                <div class={if problems { "pair" } else { "single" }}>
                    <TextField id={field_id(&body_ref)} label={if problems { s::PROBLEM_BODY } else { s::ITEM_BODY }}
                        value={item.body.clone()} on_change={set(body_ref)} on_focus={focus.clone()}
                        guidance={Some(body_guidance)} rows={6} />
                    if problems {
                        <TextField id={field_id(&cause_ref)} label={s::PROBLEM_CAUSE}
                            value={item.cause.clone()} on_change={set(cause_ref)} on_focus={focus.clone()}
                            guidance={Some(cause_guidance.clone())} rows={6}
                            placeholder={spec.cause_connector.clone().map(|c| format!("（导出时自动加上“{c}”）")).unwrap_or_default()} />
                    }
                </div>
                if let Some(item_spec) = item_spec.filter(|s| !s.facts.is_empty()) {
                    { facts_panel(state, section_id, &item, &item_spec) }
                }
            }
        </>
    }
}

/// Number inputs for an item's facts and a button composing them into a sentence.
fn facts_panel(state: &UseReducerHandle<AppState>, section_id: &str, item: &Item, spec: &ItemSpec) -> Html {
    let sentence = facts::compose(&state.template, &spec.facts, &state.draft.facts);
    let insert = {
        let state = state.clone();
        let sentence = sentence.clone();
        let target = TextRef::ItemBody { section: section_id.to_string(), item: item.id };
        let body = item.body.clone();
        Callback::from(move |_: MouseEvent| {
            let value = if body.trim().is_empty() { sentence.clone() } else { format!("{body}{sentence}") };
            state.dispatch(Action::Edit(Edit::SetText { target: target.clone(), value }));
        })
    };
    html! {
        <fieldset class="facts">
            <legend>{ s::FACTS }</legend>
            <div class="facts-grid">
                for key in spec.facts.iter().cloned() {
                    if let Some(fact) = state.template.fact(&key).cloned() {
                        <label class="fact" key={key.clone()}>
                            <span>{ fact.label.clone() }</span>
                            <input type="number" min="0" max="100000" inputmode="numeric"
                                id={format!("fact-{}-{key}", item.id.0)}
                                value={state.draft.facts.get(&key).map(|v| v.to_string()).unwrap_or_default()}
                                oninput={
                                    let state = state.clone();
                                    let key = key.clone();
                                    Callback::from(move |e: InputEvent| {
                                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                        let value = input.value().trim().parse::<u32>().ok();
                                        state.dispatch(Action::Edit(Edit::SetFact { key: key.clone(), value }));
                                    })
                                } />
                        </label>
                    }
                }
            </div>
            if !sentence.is_empty() {
                <p class="facts-sentence">{ sentence.clone() }</p>
                <button type="button" class="btn" onclick={insert}>{ s::FACTS_INSERT }</button>
            }
        </fieldset>
    }
}
