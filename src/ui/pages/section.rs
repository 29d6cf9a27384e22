//! A section's step: its guidance, last year's promises (first work section), the numbered item
//! cards, and the buttons to add an item (blank or one of the template's suggestions).

use std::collections::HashSet;

use yew::prelude::*;

use crate::app::Action;
use crate::report::{length, Edit, Item, ItemId};
use crate::ui::components::item_card::{item_card, ItemCard};
use crate::ui::components::similar::promises_panel;
use crate::ui::hooks::context::use_app;
use crate::ui::strings as s;

#[derive(Properties, PartialEq, Clone)]
pub struct SectionProps {
    pub index: usize,
}

#[component]
pub fn SectionStep(props: &SectionProps) -> Html {
    let collapsed = use_state(HashSet::<ItemId>::new);
    let Some(app) = use_app() else { return html! {} };
    let Some(spec) = app.template.sections.get(props.index).cloned() else { return html! {} };
    let items: Vec<Item> = app.draft.section(&spec.id).map(|s| s.items.clone()).unwrap_or_default();
    let count = items.len();
    let target = length::section_target(&app.draft, &app.template, &spec);
    let written = length::section_chars(&items, spec.kind);
    let prose = items.iter().any(|i| !i.body.trim().is_empty() || !i.cause.trim().is_empty());
    let suggestions: Vec<String> =
        spec.title_suggestions.iter().filter(|t| !items.iter().any(|i| i.title.trim() == t.as_str())).cloned().collect();
    let add = |title: String| {
        let (app, section) = (app.clone(), spec.id.clone());
        Callback::from(move |_: MouseEvent| {
            app.dispatch(Action::Edited(Edit::AddItem { section: section.clone(), after: None, title: title.clone() }))
        })
    };
    let on_toggle = {
        let collapsed = collapsed.clone();
        Callback::from(move |id: ItemId| {
            let mut set = (*collapsed).clone();
            if !set.remove(&id) {
                set.insert(id);
            }
            collapsed.set(set);
        })
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
            if let Some(target) = target {
                // The section's count against the target the check uses (下步打算's capped by its share).
                <p class={classes!("counter", "section-counter", (prose && length::fit(written, target) != length::Fit::Within).then_some("off"))}>
                    { s::section_counter(written, target) }
                </p>
            }
            { promises_panel(&app, props.index) }
            <ol class="item-list">
                for (index, item) in items.into_iter().enumerate() {
                    <li key={item.id.0.to_string()} class="item-card" id={format!("item-{}", item.id.0)}>
                        { item_card(&app, ItemCard { spec: &spec, collapsed: collapsed.contains(&item.id), item: &item, index, count,
                            on_toggle: on_toggle.clone(), target }) }
                    </li>
                }
            </ol>
            <div class="add-items">
                <button type="button" class="btn" onclick={add(String::new())}>{ s::add(s::ADD_ITEM) }</button>
                for title in suggestions {
                    <button type="button" class="chip" onclick={add(title.clone())}>{ s::add(&title) }</button>
                }
            </div>
        </div>
    }
}
