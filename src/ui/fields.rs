//! A guided text field: visible label, hint, collapsible example, phrase chips that insert at the
//! cursor, a live character counter against the target, and a text area that grows with its text.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::browser;
use super::strings as s;
use crate::report::model::count_chars;
use crate::report::template::{Guidance, LengthTarget};

#[derive(Properties, PartialEq, Clone)]
pub struct TextFieldProps {
    /// DOM id of the text area (diagnostic links focus it).
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
            if let Some(element) = area.cast::<HtmlTextAreaElement>() {
                browser::autosize(&element);
                if let Some(caret) = pending_caret.borrow().take() {
                    let _ = element.focus();
                    let _ = element.set_selection_range(caret, caret);
                }
            }
        });
    }

    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    let onfocus = {
        let on_focus = props.on_focus.clone();
        Callback::from(move |_: FocusEvent| on_focus.emit(()))
    };

    let insert = {
        let area = area.clone();
        let on_change = props.on_change.clone();
        let value = props.value.clone();
        let pending_caret = pending_caret.clone();
        move |phrase: String| {
            let (start, end) = area
                .cast::<HtmlTextAreaElement>()
                .map(|a| {
                    let len = a.value().encode_utf16().count() as u32;
                    let start = a.selection_start().ok().flatten().unwrap_or(len);
                    let end = a.selection_end().ok().flatten().unwrap_or(start);
                    (start.min(len), end.min(len).max(start.min(len)))
                })
                .unwrap_or_else(|| {
                    let len = value.encode_utf16().count() as u32;
                    (len, len)
                });
            let units: Vec<u16> = value.encode_utf16().collect();
            let (start_i, end_i) = (start as usize, end as usize);
            let before = String::from_utf16_lossy(&units[..start_i.min(units.len())]);
            let after = String::from_utf16_lossy(&units[end_i.min(units.len())..]);
            let caret = start + phrase.encode_utf16().count() as u32;
            pending_caret.borrow().set(Some(caret));
            on_change.emit(format!("{before}{phrase}{after}"));
        }
    };

    let id = props.id.clone();
    let hint_id = format!("{id}-hint");
    let count_id = format!("{id}-count");
    let guidance = props.guidance.clone().unwrap_or_default();
    let count = count_chars(&props.value);
    let counter_class = match guidance.target {
        Some(LengthTarget { min, max }) if count > 0 && (count < min as usize || count > max as usize) => "counter off",
        _ => "counter",
    };
    let counter_text = match guidance.target {
        Some(LengthTarget { min, max }) => format!("{count} {} · {} {min}–{max} {}", s::CHARS, s::TARGET, s::CHARS),
        None => format!("{count} {}", s::CHARS),
    };

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

#[derive(Properties, PartialEq, Clone)]
pub struct LineFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub on_focus: Callback<()>,
    #[prop_or_default]
    pub hint: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub inputmode: AttrValue,
}

/// A one-line input with a visible label and hint (basic information).
#[component]
pub fn LineField(props: &LineFieldProps) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on_change.emit(input.value());
        })
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
                inputmode={if props.inputmode.is_empty() { None } else { Some(props.inputmode.clone()) }}
                aria-describedby={hint_id}
                {oninput}
                {onfocus}
            />
        </div>
    }
}
