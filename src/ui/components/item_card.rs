//! One numbered item of a section: its title and text (problem and cause side by side for
//! problems), the tools to collapse, move (buttons or Alt+↑/↓) and remove it, and its facts.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::{field_id, Action, AppState};
use crate::report::outline::Anchor;
use crate::report::template::{Guidance, ItemSpec, LengthTarget, SectionKind, SectionSpec};
use crate::report::model::title_on_own_line;
use crate::report::{facts, length, Edit, Item, ItemId, TextRef};
use crate::ui::adapters::dom;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

use super::fields::TextField;

/// What an item card shows.
pub struct ItemCard<'a> {
    pub spec: &'a SectionSpec,
    pub item: &'a Item,
    /// Its place in the section (0-based) and the section's item count.
    pub index: usize,
    pub count: usize,
    pub collapsed: bool,
    pub on_toggle: Callback<ItemId>,
    /// The section's length target (`length::section_target`, computed once for all its items).
    pub target: Option<LengthTarget>,
}

/// The template's suggestion matching an item: same title (suggested items start with it).
fn spec_for<'a>(section: &'a SectionSpec, item: &Item) -> Option<&'a ItemSpec> {
    let title = item.title.trim();
    section.items.iter().find(|spec| !spec.title.is_empty() && spec.title == title)
}

/// The item's body guidance: its own when the template has some, else the section's phrases
/// (the section's hint and example are already shown above the list). The target is the item's
/// counter's business (`length::item_hint`): the section's would mislead on one item.
fn body_guidance(section: &SectionSpec, item_spec: Option<&ItemSpec>) -> Rc<Guidance> {
    let guidance = match item_spec.filter(|s| s.guidance != Guidance::default()) {
        Some(spec) => spec.guidance.clone(),
        None => Guidance { hint: String::new(), example: String::new(), ..section.guidance.clone() },
    };
    Rc::new(Guidance { target: None, ..guidance })
}

/// The item's counter: its characters against its own target or its share of the section's.
/// Only a target the check enforces marks it off.
fn item_counter(spec: &SectionSpec, item: &Item, target: Option<LengthTarget>, count: usize) -> Option<(String, bool)> {
    let hint = length::item_hint(spec, item, target, count)?;
    let off = hint.enforced && !item.body.trim().is_empty() && length::fit(hint.count, hint.target) != length::Fit::Within;
    Some((s::item_counter(&hint), off))
}

fn move_by(app: &AppHandle, section: &str, item: ItemId, by: i64) {
    app.dispatch(Action::Edited(Edit::MoveItem { section: section.to_string(), item, by }));
    let field = field_id(&TextRef::ItemTitle { section: section.to_string(), item });
    app.dispatch(Action::FieldRequested { step: app.step.clone(), field });
}

pub fn item_card(app: &AppHandle, props: ItemCard) -> Html {
    let (spec, item) = (props.spec, props.item);
    let (id, section) = (item.id, spec.id.clone());
    let number = props.index + 1;
    let item_spec = spec_for(spec, item).cloned();
    let anchor = Anchor::Item { section: section.clone(), item: id }.dom_id();

    let set = |target: TextRef| {
        let app = app.clone();
        Callback::from(move |value: String| app.dispatch(Action::Edited(Edit::SetText { target: target.clone(), value })))
    };
    let focus = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::PartFocused(anchor.clone())))
    };
    let mover = |by: i64| {
        let (app, section) = (app.clone(), section.clone());
        Callback::from(move |_: MouseEvent| move_by(&app, &section, id, by))
    };
    let remove = {
        let (app, section) = (app.clone(), section.clone());
        Callback::from(move |_: MouseEvent| app.dispatch(Action::Edited(Edit::RemoveItem { section: section.clone(), item: id })))
    };
    let toggle = {
        let on_toggle = props.on_toggle.clone();
        Callback::from(move |_: MouseEvent| on_toggle.emit(id))
    };
    // Alt+↑/↓ in the title moves the item; focus stays in the title.
    let title_keys = {
        let (app, section) = (app.clone(), section.clone());
        Callback::from(move |e: KeyboardEvent| {
            let by = match e.key().as_str() {
                "ArrowUp" if e.alt_key() => -1,
                "ArrowDown" if e.alt_key() => 1,
                _ => return,
            };
            e.prevent_default();
            move_by(&app, &section, id, by);
        })
    };

    let title_ref = TextRef::ItemTitle { section: section.clone(), item: id };
    let body_ref = TextRef::ItemBody { section: section.clone(), item: id };
    let cause_ref = TextRef::ItemCause { section: section.clone(), item: id };
    let problems = spec.kind == SectionKind::Problems;
    let collapsed = props.collapsed;
    // A title on its own line is marked by a line break opening the body: the box shows the text
    // without it (no blank first line) and a switch says what it means.
    let own_line = title_on_own_line(&item.body);
    let shown_body = own_line.unwrap_or(&item.body);
    let set_body = {
        let set = set(body_ref.clone());
        let mark = if own_line.is_some() { "\n" } else { "" };
        Callback::from(move |value: String| set.emit(format!("{mark}{value}")))
    };
    let toggle_own_line = {
        let (set, text) = (set(body_ref.clone()), shown_body.to_string());
        Callback::from(move |e: Event| set.emit(if dom::checked(&e) { format!("\n{text}") } else { text.clone() }))
    };
    let counter = item_counter(spec, item, props.target, props.count);
    html! {
        <>
            <div class="item-head">
                <span class="item-number" aria-hidden="true">{ s::item_heading(number, item.title.trim()) }</span>
                <div class="item-tools" role="group" aria-label={s::item_tools(number)}>
                    <button type="button" class="icon-btn" onclick={toggle} aria-expanded={(!collapsed).to_string()}
                        aria-label={s::item_action(if collapsed { s::EXPAND } else { s::COLLAPSE }, number)}>
                        { if collapsed { "▸" } else { "▾" } }
                    </button>
                    <button type="button" class="icon-btn" onclick={mover(-1)} disabled={props.index == 0}
                        aria-label={s::item_action(s::MOVE_UP, number)} title={s::MOVE_UP}>{ "↑" }</button>
                    <button type="button" class="icon-btn" onclick={mover(1)} disabled={number >= props.count}
                        aria-label={s::item_action(s::MOVE_DOWN, number)} title={s::MOVE_DOWN}>{ "↓" }</button>
                    <button type="button" class="icon-btn danger" onclick={remove}
                        aria-label={s::item_action(s::REMOVE, number)} title={s::REMOVE}>{ "✕" }</button>
                </div>
            </div>
            if !collapsed {
                <TextField id={field_id(&title_ref)} label={s::item_title_label(number)} rows={1}
                    value={item.title.clone()} on_change={set(title_ref.clone())} on_focus={focus.clone()}
                    placeholder={s::ITEM_TITLE_PLACEHOLDER} onkeydown={Some(title_keys)} />
                <div class={if problems { "pair" } else { "single" }}>
                    <TextField id={field_id(&body_ref)} label={if problems { s::PROBLEM_BODY } else { s::ITEM_BODY }}
                        value={shown_body.to_string()} on_change={set_body} on_focus={focus.clone()}
                        guidance={Some(body_guidance(spec, item_spec.as_ref()))} rows={6}
                        counter={if problems { None } else { counter.clone() }} />
                    if problems {
                        <TextField id={field_id(&cause_ref)} label={s::PROBLEM_CAUSE}
                            value={item.cause.clone()} on_change={set(cause_ref)} on_focus={focus.clone()}
                            guidance={Some(Rc::new(spec.cause_guidance.clone().unwrap_or_default()))} rows={6}
                            placeholder={spec.cause_connector.as_deref().map(s::cause_placeholder).unwrap_or_default()} />
                    }
                </div>
                if !item.title.trim().is_empty() {
                    <label class="check-line title-own-line">
                        <input type="checkbox" checked={own_line.is_some()} onchange={toggle_own_line} />
                        { s::TITLE_OWN_LINE }
                    </label>
                }
                if problems {
                    if let Some((text, off)) = counter {
                        <p class={classes!("counter", "item-counter", off.then_some("off"))}>{ text }</p>
                    }
                }
                if let Some(item_spec) = item_spec.filter(|s| !s.facts.is_empty()) {
                    { facts_panel(app, &section, item, &item_spec) }
                }
            }
        </>
    }
}

/// Number inputs for an item's facts and a button composing them into a sentence.
fn facts_panel(app: &AppHandle, section: &str, item: &Item, spec: &ItemSpec) -> Html {
    let state: &AppState = app;
    let sentence = facts::compose(&state.template, &spec.facts, &state.draft.facts);
    // Once in the text: a second click changes nothing, a changed number updates the sentence.
    let placed = facts::place(&state.template, &spec.facts, item.body.trim_end(), &sentence);
    let (label, value) = match placed {
        facts::Placed::Added(value) => (s::FACTS_INSERT, Some(value)),
        facts::Placed::Updated(value) => (s::FACTS_UPDATE, Some(value)),
        facts::Placed::Present => (s::FACTS_PRESENT, None),
    };
    let present = value.is_none();
    let insert = {
        let app = app.clone();
        let target = TextRef::ItemBody { section: section.to_string(), item: item.id };
        Callback::from(move |_: MouseEvent| {
            if let Some(value) = value.clone() {
                app.dispatch(Action::Edited(Edit::SetText { target: target.clone(), value }));
            }
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
                                    let app = app.clone();
                                    let key = key.clone();
                                    Callback::from(move |e: InputEvent| {
                                        let value = dom::input_text(&e).trim().parse::<u32>().ok();
                                        app.dispatch(Action::Edited(Edit::SetFact { key: key.clone(), value }));
                                    })
                                } />
                        </label>
                    }
                }
            </div>
            if !sentence.is_empty() {
                <p class="facts-sentence">{ sentence.clone() }</p>
                <button type="button" class="btn" onclick={insert} disabled={present}>{ label }</button>
            }
        </fieldset>
    }
}
