//! The check page's options: the closing line and what the importer could not place, the Word
//! layout, and starting next year's report from this one.

use yew::prelude::*;

use crate::app::{field_id, Action};
use crate::report::{Edit, Layout, LeftoverTarget, LinePitch, TextRef};
use crate::ui::adapters::dom;
use crate::ui::components::fields::TextField;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::context::{use_app, use_lazy, use_storage};
use crate::ui::hooks::next_year::start_next_year;
use crate::ui::strings as s;

fn set_text(app: &AppHandle, target: TextRef) -> Callback<String> {
    let app = app.clone();
    Callback::from(move |value: String| app.dispatch(Action::Edited(Edit::SetText { target: target.clone(), value })))
}

pub fn closing_panel(app: &AppHandle) -> Html {
    let closing_text = app.template.closing.as_ref().map(|c| c.text.clone()).unwrap_or_default();
    let toggle = {
        let (app, closing_text) = (app.clone(), closing_text.clone());
        Callback::from(move |e: Event| {
            let value = if dom::checked(&e) { closing_text.clone() } else { String::new() };
            app.dispatch(Action::Edited(Edit::SetText { target: TextRef::Closing, value }));
        })
    };
    html! {
        <section aria-labelledby="closing-heading" class="panel">
            <h3 id="closing-heading">{ s::CLOSING }</h3>
            if !closing_text.is_empty() {
                <label class="check-line">
                    <input type="checkbox" checked={!app.draft.closing.is_empty()} onchange={toggle} />
                    { s::labelled(s::CLOSING_USE, &closing_text) }
                </label>
            }
            if !app.draft.closing.is_empty() {
                <TextField id={field_id(&TextRef::Closing)} label={s::CLOSING} rows={1}
                    value={app.draft.closing.clone()} on_change={set_text(app, TextRef::Closing)} />
            }
            if !app.draft.leftover.is_empty() {
                <div class="leftover">
                    <TextField id={field_id(&TextRef::Leftover)} label={s::LEFTOVER}
                        value={app.draft.leftover.clone()} on_change={set_text(app, TextRef::Leftover)} rows={6} />
                    <p class="field-hint">{ s::LEFTOVER_HINT }</p>
                    { place_leftover(app) }
                </div>
            }
        </section>
    }
}

/// Where "放到…" can put a paragraph: the 导语, then per section a new item and the end of each
/// of its items, in the draft's order.
fn leftover_targets(app: &AppHandle) -> Vec<(LeftoverTarget, String)> {
    let mut targets = vec![(LeftoverTarget::Intro, s::PLACE_INTRO.to_string())];
    for spec in &app.template.sections {
        targets.push((LeftoverTarget::NewItem { section: spec.id.clone() }, s::place_new_item(&spec.short)));
        let items = app.draft.section(&spec.id).map(|s| s.items.as_slice()).unwrap_or_default();
        targets.extend(items.iter().enumerate().map(|(i, item)| {
            (LeftoverTarget::Item { section: spec.id.clone(), item: item.id }, s::place_into_item(&spec.short, i + 1, &item.title, &item.body))
        }));
    }
    targets
}

/// "放到…": each paragraph of 未归类内容 with one selector that moves it to the 导语, a new item of
/// a section or the end of an item (`Edit::PlaceLeftover`), instead of cutting and pasting
/// between text boxes.
fn place_leftover(app: &AppHandle) -> Html {
    let targets = leftover_targets(app);
    let paragraphs = app.draft.leftover.split('\n').enumerate().filter(|(_, text)| !text.trim().is_empty());
    html! {
        <ol class="review-list leftover-list">
            for (index, text) in paragraphs {
                <li key={format!("{index}-{text}")} class="review-row">
                    <label class="review-part">
                        <span class="visually-hidden">{ s::place_leftover_label(index + 1) }</span>
                        <select class="place-leftover" onchange={
                            let (app, targets, text) = (app.clone(), targets.clone(), text.to_string());
                            Callback::from(move |e: Event| {
                                // Option 0 is the prompt 放到…; the targets follow.
                                let Some((to, _)) = dom::selected(&e).1.checked_sub(1).and_then(|i| targets.get(i)) else { return };
                                app.dispatch(Action::Edited(Edit::PlaceLeftover { paragraph: index, text: text.clone(), to: to.clone() }));
                            })
                        }>
                            <option selected=true>{ s::PLACE_LEFTOVER }</option>
                            for (i, (_, label)) in targets.iter().enumerate() {
                                <option key={i} value={i.to_string()}>{ label.clone() }</option>
                            }
                        </select>
                    </label>
                    <span class="review-text">{ text }</span>
                </li>
            }
        </ol>
    }
}

pub fn layout_panel(app: &AppHandle) -> Html {
    let layout = app.draft.layout;
    let set_layout = {
        let app = app.clone();
        move |layout: Layout| app.dispatch(Action::Edited(Edit::SetLayout(layout)))
    };
    let on_pitch = {
        let set_layout = set_layout.clone();
        Callback::from(move |e: Event| {
            let line_pitch = LinePitch::ALL.get(dom::selected(&e).1).copied().unwrap_or_default();
            set_layout(Layout { line_pitch, ..layout });
        })
    };
    let on_bold = Callback::from(move |e: Event| set_layout(Layout { bold_subheadings: dom::checked(&e), ..layout }));
    html! {
        <section aria-labelledby="layout-heading" class="panel">
            <h3 id="layout-heading">{ s::LAYOUT_HEADING }</h3>
            <label class="inline-field">
                { s::LINE_PITCH }
                <select onchange={on_pitch}>
                    for pitch in LinePitch::ALL {
                        <option selected={pitch == layout.line_pitch}>{ pitch.label() }</option>
                    }
                </select>
            </label>
            <label class="check-line">
                <input type="checkbox" checked={layout.bold_subheadings} onchange={on_bold} />
                { s::BOLD_SUBHEADINGS }
            </label>
        </section>
    }
}

/// 明年: start next year's report from this one (grown by the lazy part; its failure said here).
#[component]
pub fn NextYearPanel() -> Html {
    let failed = use_state(|| None::<String>);
    let lazy = use_lazy();
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else { return html! {} };
    let start = {
        let failed = failed.clone();
        Callback::from(move |_: MouseEvent| {
            let (app, storage, lazy, failed) = (app.clone(), storage.clone(), lazy.clone(), failed.clone());
            let (last, template) = (app.draft.clone(), (*app.template).clone());
            yew::platform::spawn_local(async move { failed.set(start_next_year(&app, &storage, &lazy, last, template).await.err()) });
        })
    };
    html! {
        <section aria-labelledby="next-year-heading" class="panel">
            <h3 id="next-year-heading">{ s::NEXT_YEAR_HEADING }</h3>
            <p class="field-hint">{ s::NEXT_YEAR_HINT }</p>
            <button type="button" class="btn" id="start-next-year" onclick={start}>{ s::NEXT_YEAR_START }</button>
            if let Some(why) = (*failed).clone() {
                <p class="export-message bad-text" role="alert" id="next-year-error">{ why }</p>
            }
        </section>
    }
}
