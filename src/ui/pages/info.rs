//! 基本信息: the template's fields (年度, 单位, 姓名 …) as one-line inputs, then the title (the
//! template's, or the user's own, with a way back), the name line under it and the date line.

use yew::prelude::*;

use crate::app::{field_id, Action};
use crate::report::outline::Anchor;
use crate::report::template::{FieldKind, FieldSpec};
use crate::report::{Edit, TextRef};
use crate::ui::adapters::{clock, dom};
use crate::ui::components::fields::{line_field, LineField};
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

fn set_text(app: &AppHandle, target: TextRef) -> Callback<String> {
    let app = app.clone();
    Callback::from(move |value: String| app.dispatch(Action::Edited(Edit::SetText { target: target.clone(), value })))
}

fn focus(app: &AppHandle, anchor: Anchor) -> Callback<()> {
    let app = app.clone();
    Callback::from(move |_| app.dispatch(Action::PartFocused(anchor.dom_id())))
}

pub fn info_step(app: &AppHandle) -> Html {
    let field = |spec: &FieldSpec| {
        let target = TextRef::Info { key: spec.key.clone() };
        line_field(LineField {
            id: field_id(&target),
            label: spec.label.clone(),
            value: app.draft.info(&spec.key).to_string(),
            on_change: set_text(app, target),
            on_focus: focus(app, Anchor::Title),
            hint: spec.hint.clone(),
            placeholder: spec.placeholder.clone(),
            required: spec.required,
            inputmode: if spec.kind == FieldKind::Year { "numeric" } else { "" },
        })
    };
    html! {
        <>
            <div class="info-fields">
                { for app.template.fields.iter().map(field) }
            </div>
            { signing(app) }
        </>
    }
}

/// 标题与落款: the title, the name line under it, the date line at the end.
fn signing(app: &AppHandle) -> Html {
    let pattern = app.draft.pattern_title(&app.template);
    // The field shows the title as printed; typing the template's own title back means "no title
    // of my own" again.
    let on_title = {
        let (app, pattern) = (app.clone(), pattern.clone());
        Callback::from(move |value: String| {
            let value = if value.trim() == pattern { String::new() } else { value };
            app.dispatch(Action::Edited(Edit::SetText { target: TextRef::Title, value }));
        })
    };
    let reset = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            app.dispatch(Action::Edited(Edit::SetText { target: TextRef::Title, value: String::new() }))
        })
    };
    let on_byline = {
        let app = app.clone();
        Callback::from(move |e: Event| app.dispatch(Action::Edited(Edit::SetByline(dom::checked(&e)))))
    };
    let today = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            let now = clock::local(clock::now());
            let value = s::date_line(now.year, now.month, now.day);
            app.dispatch(Action::Edited(Edit::SetText { target: TextRef::Date, value }));
        })
    };
    let byline = app.draft.byline_text();
    html! {
        <fieldset class="signing">
            <legend>{ s::SIGNING_HEADING }</legend>
            { line_field(LineField {
                id: field_id(&TextRef::Title),
                label: s::TITLE_LABEL.into(),
                value: app.draft.title(&app.template),
                on_change: on_title,
                on_focus: focus(app, Anchor::Title),
                hint: s::TITLE_HINT.into(),
                placeholder: pattern,
                required: false,
                inputmode: "",
            }) }
            if !app.draft.title.trim().is_empty() {
                <button type="button" class="btn" id="title-reset" onclick={reset}>{ s::TITLE_RESET }</button>
            }
            <label class="check-line">
                <input type="checkbox" id="f-byline" checked={app.draft.byline} onchange={on_byline} />
                { s::BYLINE_LABEL }
            </label>
            if app.draft.byline {
                <p class="field-hint byline-preview">{ byline.unwrap_or_else(|| s::BYLINE_EMPTY.into()) }</p>
            }
            { line_field(LineField {
                id: field_id(&TextRef::Date),
                label: s::DATE_LABEL.into(),
                value: app.draft.date.clone(),
                on_change: set_text(app, TextRef::Date),
                on_focus: focus(app, Anchor::Date),
                hint: s::DATE_HINT.into(),
                placeholder: String::new(),
                required: false,
                inputmode: "",
            }) }
            <button type="button" class="btn" id="date-today" onclick={today}>{ s::DATE_TODAY }</button>
        </fieldset>
    }
}
