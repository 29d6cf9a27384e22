//! 我的报告: the list of drafts (create, open, duplicate, rename, delete), import and backups.

use yew::prelude::*;

use super::state::AppState;
use super::strings as s;

#[derive(Properties, PartialEq, Clone)]
pub struct DraftsProps {
    pub state: UseReducerHandle<AppState>,
}

/// Placeholder until the drafts list lands (issue 7): shows the open draft only.
#[component]
pub fn DraftsPage(props: &DraftsProps) -> Html {
    let title = props.state.draft.title(&props.state.template);
    html! {
        <div class="drafts">
            <p>{ format!("{}：{title}", s::MY_REPORTS) }</p>
        </div>
    }
}
