//! Guided text fields: a visible label, the hint, a collapsible example, phrase chips that insert
//! at the cursor (as typing, so Ctrl+Z takes them back), a live character counter against the
//! target, and a text area that grows with its text; the one-line field of the basic information;
//! and the styled button that opens a file picker.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::report::model::count_chars;
use crate::report::length::{fit, Fit};
use crate::report::template::Guidance;
use crate::ui::adapters::dom;
use crate::ui::strings as s;

#[derive(Properties, PartialEq, Clone)]
pub struct TextFieldProps {
    /// DOM id of the text area (the check's links focus it).
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    /// Called when the field gains focus (scrolls the preview to this part).
    #[prop_or_default]
    pub on_focus: Callback<()>,
    #[prop_or_default]
    pub guidance: Option<Rc<Guidance>>,
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Single-line fields (titles) use fewer rows.
    #[prop_or(4)]
    pub rows: u32,
    #[prop_or_default]
    pub onkeydown: Option<Callback<KeyboardEvent>>,
    /// The counter's text and whether it is off target, when the caller counts (an item counts
    /// its title, text and cause together); else the field's own characters against the
    /// guidance's target.
    #[prop_or_default]
    pub counter: Option<(String, bool)>,
}

/// `value` with `phrase` in place of the UTF-16 range `start..end`, and the caret after it.
fn insert_at(value: &str, phrase: &str, (start, end): (u32, u32)) -> (String, u32) {
    let units: Vec<u16> = value.encode_utf16().collect();
    let len = units.len();
    let start = (start as usize).min(len);
    let end = (end as usize).clamp(start, len);
    let before = String::from_utf16_lossy(&units[..start]);
    let after = String::from_utf16_lossy(&units[end..]);
    let caret = start + phrase.encode_utf16().count();
    (format!("{before}{phrase}{after}"), caret as u32)
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let area = use_node_ref();
    // Caret position (UTF-16 units) to restore after a phrase was inserted.
    let pending_caret = use_mut_ref(|| Cell::new(None::<u32>));

    {
        let area = area.clone();
        let pending_caret = pending_caret.clone();
        use_effect_with(props.value.clone(), move |_| {
            dom::autosize(&area);
            if let Some(caret) = pending_caret.borrow().take() {
                dom::place_caret(&area, caret);
            }
        });
    }

    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| on_change.emit(dom::input_text(&e)))
    };
    let onfocus = {
        let on_focus = props.on_focus.clone();
        Callback::from(move |_: FocusEvent| on_focus.emit(()))
    };
    let insert = {
        let (area, on_change, value) = (area.clone(), props.on_change.clone(), props.value.clone());
        move |phrase: String| {
            // As the browser's own typing (undoable); where refused, set the value ourselves.
            if dom::insert_text(&area, &phrase) {
                return;
            }
            let end = value.encode_utf16().count() as u32;
            let range = dom::selection(&area).unwrap_or((end, end));
            let (text, caret) = insert_at(&value, &phrase, range);
            pending_caret.borrow().set(Some(caret));
            on_change.emit(text);
        }
    };

    let id = props.id.clone();
    let hint_id = format!("{id}-hint");
    let count_id = format!("{id}-count");
    let guidance = props.guidance.clone().unwrap_or_default();
    let (counter_text, off) = props.counter.clone().unwrap_or_else(|| {
        let count = count_chars(&props.value);
        let off = guidance.target.is_some_and(|t| count > 0 && fit(count, t) != Fit::Within);
        (s::counter(count, guidance.target), off)
    });
    let counter_class = if off { "counter off" } else { "counter" };

    html! {
        <div class="field">
            <label class="field-label" for={id.clone()}>{ props.label.clone() }</label>
            if !guidance.hint.is_empty() {
                <p class="field-hint" id={hint_id.clone()}>{ guidance.hint.clone() }</p>
            }
            if !guidance.example.is_empty() {
                <details class="example">
                    <summary>{ s::SHOW_EXAMPLE }</summary>
                    <p>{ guidance.example.clone() }</p>
                </details>
            }
            <textarea
                ref={area}
                id={id.clone()}
                class="field-input"
                rows={props.rows.to_string()}
                value={props.value.clone()}
                placeholder={props.placeholder.clone()}
                aria-describedby={format!("{hint_id} {count_id}")}
                {oninput}
                {onfocus}
                onkeydown={props.onkeydown.clone()}
            />
            <div class="field-foot">
                if !guidance.phrases.is_empty() {
                    <div class="phrases" role="group" aria-label={s::PHRASES}>
                        for phrase in guidance.phrases.iter().cloned() {
                            <button type="button" class="chip" onclick={
                                let insert = insert.clone();
                                let phrase = phrase.clone();
                                move |_| insert(phrase.clone())
                            }>{ phrase.clone() }</button>
                        }
                    </div>
                }
                <span id={count_id} class={counter_class} aria-live="off">{ counter_text }</span>
            </div>
        </div>
    }
}

/// What a one-line field shows.
pub struct LineField {
    pub id: String,
    pub label: String,
    pub value: String,
    pub on_change: Callback<String>,
    pub on_focus: Callback<()>,
    pub hint: String,
    pub placeholder: String,
    pub required: bool,
    /// `numeric` for years; empty for text.
    pub inputmode: &'static str,
}

/// A one-line input with a visible label and hint (basic information).
pub fn line_field(props: LineField) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| on_change.emit(dom::input_text(&e)))
    };
    let onfocus = {
        let on_focus = props.on_focus.clone();
        Callback::from(move |_: FocusEvent| on_focus.emit(()))
    };
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label class="field-label" for={props.id.clone()}>
                { props.label.clone() }
                if props.required { <span class="required" aria-hidden="true">{ " *" }</span> }
            </label>
            if !props.hint.is_empty() {
                <p class="field-hint" id={hint_id.clone()}>{ props.hint.clone() }</p>
            }
            <input
                id={props.id.clone()}
                class="field-input line"
                type="text"
                value={props.value.clone()}
                placeholder={props.placeholder.clone()}
                required={props.required}
                inputmode={(!props.inputmode.is_empty()).then_some(props.inputmode)}
                aria-describedby={hint_id}
                {oninput}
                {onfocus}
            />
        </div>
    }
}

/// What a file button opens.
pub struct FilePicker {
    /// The id of the hidden `<input type="file">` (tests hand it files directly).
    pub id: &'static str,
    pub label: &'static str,
    pub accept: &'static str,
    /// The id of the hint describing it, if any.
    pub hint: Option<&'static str>,
    pub onchange: Callback<Event>,
}

/// The app's own button for choosing a file: the browser's control is hidden (it still does the
/// choosing, and keeps its id for tests), the button opens it and is what keyboard and screen
/// readers use.
pub fn file_picker(props: FilePicker) -> Html {
    // Bound to this render's input; the click handler of the same render uses it.
    let input = NodeRef::default();
    let onclick = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| dom::open_picker(&input))
    };
    html! {
        <>
            <input type="file" id={props.id} class="visually-hidden" tabindex="-1" aria-hidden="true"
                accept={props.accept} ref={input} onchange={props.onchange} />
            <button type="button" class="btn file-btn" id={format!("{}-button", props.id)}
                aria-describedby={props.hint} {onclick}>{ props.label }</button>
        </>
    }
}
