//! 基本信息: the template's fields (年度, 单位, 姓名 …) as one-line inputs.

use yew::prelude::*;

use crate::app::{field_id, Action};
use crate::report::outline::Anchor;
use crate::report::template::FieldKind;
use crate::report::{Edit, TextRef};
use crate::ui::components::fields::{line_field, LineField};
use crate::ui::hooks::app_state::AppHandle;

pub fn info_step(app: &AppHandle) -> Html {
    let on_focus = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::PartFocused(Anchor::Title.dom_id())))
    };
    let field = |spec: &crate::report::template::FieldSpec| {
        let target = TextRef::Info { key: spec.key.clone() };
        let on_change = {
            let (app, target) = (app.clone(), target.clone());
            Callback::from(move |value: String| app.dispatch(Action::Edited(Edit::SetText { target: target.clone(), value })))
        };
        line_field(LineField {
            id: field_id(&target),
            label: spec.label.clone(),
            value: app.draft.info(&spec.key).to_string(),
            on_change,
            on_focus: on_focus.clone(),
            hint: spec.hint.clone(),
            placeholder: spec.placeholder.clone(),
            required: spec.required,
            inputmode: if spec.kind == FieldKind::Year { "numeric" } else { "" },
        })
    };
    html! {
        <div class="info-fields">
            { for app.template.fields.iter().map(field) }
        </div>
    }
}
