//! The 撤销 offer after an item was removed (it times out: hooks/navigation.rs), and the notice
//! about an open draft whose template is not on this computer.

use yew::prelude::*;

use crate::app::Action;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::strings as s;

pub fn undo_toast(app: &AppHandle) -> Html {
    let Some(removed) = app.removed.clone() else { return html! {} };
    let undo = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::UndoRequested))
    };
    html! {
        <div class="toast" role="status">
            <span>{ s::item_removed(removed.item.title.trim()) }</span>
            <button type="button" class="btn" onclick={undo}>{ s::UNDO }</button>
        </div>
    }
}

/// The open draft's template was not on this computer and it opened with another one.
pub fn draft_notice(app: &AppHandle) -> Html {
    let Some(missing) = app.notice.clone() else { return html! {} };
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::NoticeDismissed))
    };
    html! {
        <div class="banner" role="alert" id="draft-notice">
            <p>{ s::template_missing(&missing) }</p>
            <button type="button" class="btn" onclick={dismiss}>{ s::GOT_IT }</button>
        </div>
    }
}
