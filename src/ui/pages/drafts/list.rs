//! The list of stored drafts: open, duplicate, rename, download damaged ones, delete with 撤销.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::Action;
use crate::report::library::{self, Entry, Health, Removed};
use crate::ui::adapters::{clock, dom};
use crate::ui::components::storage_alerts::download_damaged;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::context::{use_app, use_storage};
use crate::ui::hooks::navigation::{use_fading, UNDO_MS};
use crate::ui::hooks::storage::Storage;
use crate::ui::strings as s;

use super::{Message, SectionProps};

/// What 撤销 puts back, and which removal it belongs to.
#[derive(Clone, PartialEq)]
struct Undo {
    removed: Rc<Removed>,
    name: String,
    serial: u32,
}

/// What every row of the list needs: the handles, and the list's own state.
struct Rows {
    app: AppHandle,
    storage: Storage,
    message: Message,
    renaming: UseStateHandle<Option<(String, String)>>,
    undo: UseStateHandle<Option<Undo>>,
    entries: Rc<Vec<Entry>>,
    now: u64,
}

impl Rows {
    fn open(&self, id: String) -> Callback<MouseEvent> {
        let (app, storage, message) = (self.app.clone(), self.storage.clone(), self.message.clone());
        Callback::from(move |_: MouseEvent| match storage.update(|s| s.open(&id, clock::now())) {
            Ok(open) => app.dispatch(Action::DraftOpened(Box::new(open))),
            Err(why) => message.set(Some(s::open_failed(&why))),
        })
    }

    fn duplicate(&self, id: String) -> Callback<MouseEvent> {
        let (storage, message) = (self.storage.clone(), self.message.clone());
        Callback::from(move |_: MouseEvent| {
            message.set(Some(match storage.update(|s| s.duplicate(&id, clock::now())) {
                Ok(_) => s::DUPLICATED.into(),
                Err(why) => s::session_error(&why),
            }));
        })
    }

    fn rename(&self, entry: &Entry) -> Callback<MouseEvent> {
        let (renaming, id, name) = (self.renaming.clone(), entry.meta.id.clone(), entry.meta.display_name().to_string());
        Callback::from(move |_: MouseEvent| renaming.set(Some((id.clone(), name.clone()))))
    }

    fn download(&self, id: &str) -> Callback<MouseEvent> {
        let (storage, message, key) = (self.storage.clone(), self.message.clone(), library::draft_key(id));
        Callback::from(move |_: MouseEvent| {
            if let Err(why) = download_damaged(&storage, &key) {
                message.set(Some(why));
            }
        })
    }

    /// Deletes a draft, offering 撤销; the open draft is replaced on screen first, so nothing can
    /// save it again.
    fn delete(&self, entry: Entry) -> Callback<MouseEvent> {
        let (app, storage, message) = (self.app.clone(), self.storage.clone(), self.message.clone());
        let (undo, entries) = (self.undo.clone(), self.entries.clone());
        Callback::from(move |_: MouseEvent| {
            let id = entry.meta.id.clone();
            if id == app.draft_id {
                let next = library::pick_after_delete(&entries, &id);
                let open = storage.update(|s| {
                    let now = clock::now();
                    next.and_then(|next| s.open(&next, now).ok()).unwrap_or_else(|| s.fresh(now))
                });
                app.dispatch(Action::DraftOpened(Box::new(open)));
            }
            match storage.update(|s| s.delete(&id)) {
                Ok(removed) => {
                    let serial = undo.as_ref().map_or(1, |u| u.serial.wrapping_add(1));
                    undo.set(Some(Undo { removed: Rc::new(removed), name: entry.meta.display_name().to_string(), serial }));
                }
                Err(why) => message.set(Some(s::session_error(&why))),
            }
        })
    }

    fn restore(&self) -> Callback<MouseEvent> {
        let (storage, message, undo) = (self.storage.clone(), self.message.clone(), self.undo.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(u) = (*undo).clone() {
                if let Err(why) = storage.update(|s| s.undelete(&u.removed)) {
                    message.set(Some(s::session_error(&why)));
                }
                undo.set(None);
            }
        })
    }

    /// One stored draft: its name (or the rename form), what it is, and what can be done with it.
    fn row(&self, entry: &Entry) -> Html {
        let id = entry.meta.id.clone();
        let current = id == self.app.draft_id;
        let damaged = matches!(entry.health, Health::Damaged(_));
        let badge = match &entry.health {
            Health::Ok => html! {},
            Health::Newer { .. } => html! { <span class="badge warn">{ s::READ_ONLY_BADGE }</span> },
            Health::Damaged(_) => html! { <span class="badge bad">{ s::DAMAGED_BADGE }</span> },
        };
        html! {
            <li key={id.clone()} class={classes!("draft-row", current.then_some("current"))} data-id={id.clone()}>
                <div class="draft-main">
                    if self.renaming.as_ref().is_some_and(|(renamed, _)| renamed == &id) {
                        <RenameForm id={id.clone()} renaming={self.renaming.clone()} message={self.message.clone()} />
                    } else {
                        <h4 class="draft-name">{ entry.meta.display_name().to_string() }</h4>
                    }
                    <p class="draft-meta">
                        { s::describe_entry(entry, self.now) }
                        if current {
                            <span class="badge current">{ s::CURRENT_BADGE }</span>
                        }
                        { badge }
                    </p>
                </div>
                <div class="draft-actions" role="group" aria-label={s::entry_actions(entry.meta.display_name())}>
                    if !current && !damaged {
                        <button type="button" class="btn primary" onclick={self.open(id.clone())}>{ s::OPEN_DRAFT }</button>
                    }
                    if !damaged {
                        <button type="button" class="btn" onclick={self.duplicate(id.clone())}>{ s::DUPLICATE }</button>
                    }
                    <button type="button" class="btn" onclick={self.rename(entry)}>{ s::RENAME }</button>
                    if damaged {
                        <button type="button" class="btn" onclick={self.download(&id)}>{ s::DOWNLOAD }</button>
                    }
                    <button type="button" class="btn danger" onclick={self.delete(entry.clone())}>{ s::REMOVE }</button>
                </div>
            </li>
        }
    }
}

#[component]
pub fn DraftList(props: &SectionProps) -> Html {
    let renaming = use_state(|| None::<(String, String)>);
    let undo = use_fading::<Undo>(UNDO_MS);
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else { return html! {} };
    let entries = Rc::new(storage.read(|s| s.entries()));
    let rows = Rows { app, storage, message: props.message.clone(), renaming, undo: undo.clone(), entries: entries.clone(), now: clock::now() };
    html! {
        <section class="drafts-section" aria-labelledby="drafts-list-heading">
            <h3 id="drafts-list-heading">{ s::STORED_REPORTS }</h3>
            <ul class="draft-list">
                { for entries.iter().map(|entry| rows.row(entry)) }
            </ul>
            if entries.is_empty() {
                <p class="muted">{ s::NO_REPORTS_YET }</p>
            }
            if let Some(u) = (*undo).clone() {
                <div class="toast" role="status">
                    <span>{ s::item_removed(&u.name) }</span>
                    <button type="button" class="btn" id="undo-delete" onclick={rows.restore()}>{ s::UNDO }</button>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct RenameProps {
    id: String,
    renaming: UseStateHandle<Option<(String, String)>>,
    message: Message,
}

#[component]
fn RenameForm(props: &RenameProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| dom::focus_node(&input, true));
    }
    let Some(storage) = use_storage() else { return html! {} };
    let value = props.renaming.as_ref().map(|(_, v)| v.clone()).unwrap_or_default();
    let input_id = format!("rename-{}", props.id);
    let oninput = {
        let (renaming, id) = (props.renaming.clone(), props.id.clone());
        Callback::from(move |e: InputEvent| renaming.set(Some((id.clone(), dom::input_text(&e)))))
    };
    let save = {
        let (renaming, message, id) = (props.renaming.clone(), props.message.clone(), props.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = renaming.as_ref().map(|(_, v)| v.clone()).unwrap_or_default();
            if let Err(why) = storage.update(|s| s.rename(&id, &name)) {
                message.set(Some(s::session_error(&why)));
            }
            renaming.set(None);
        })
    };
    let cancel = {
        let renaming = props.renaming.clone();
        Callback::from(move |_: MouseEvent| renaming.set(None))
    };
    let onkeydown = {
        let renaming = props.renaming.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                renaming.set(None);
            }
        })
    };
    html! {
        <form class="rename-form" onsubmit={save}>
            <label for={input_id.clone()} class="field-label">{ s::RENAME_LABEL }</label>
            <input ref={input} id={input_id} class="field-input" type="text" maxlength="100" value={value} {oninput} {onkeydown} />
            <button type="submit" class="btn primary">{ s::SAVE_NAME }</button>
            <button type="button" class="btn" onclick={cancel}>{ s::CANCEL }</button>
        </form>
    }
}
