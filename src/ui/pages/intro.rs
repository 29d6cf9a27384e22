//! 导语: the opening paragraph, with the template's guidance.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::{field_id, Action};
use crate::report::outline::Anchor;
use crate::report::{Edit, TextRef};
use crate::ui::components::fields::TextField;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

pub fn intro_step(app: &AppHandle) -> Html {
    let on_change = {
        let app = app.clone();
        Callback::from(move |value: String| app.dispatch(Action::Edited(Edit::SetText { target: TextRef::Intro, value })))
    };
    let on_focus = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::PartFocused(Anchor::Intro.dom_id())))
    };
    html! {
        <TextField id={field_id(&TextRef::Intro)} label={s::STEP_INTRO} rows={6}
            value={app.draft.intro.clone()} {on_change} {on_focus}
            guidance={Some(Rc::new(app.template.intro.clone()))} />
    }
}
