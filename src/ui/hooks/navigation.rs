//! Navigation effects: the URL hash and the step kept in sync both ways (reload and the back
//! button work), focus requests carried out, the preview scrolled to the part being edited, and
//! the undo offer's timeout.

use yew::prelude::*;

use crate::app::{Action, Step};
use crate::ui::adapters::timers::Timeout;
use crate::ui::adapters::{dom, events};

use super::app_state::AppHandle;
use super::storage::Storage;

/// How long 撤销 is offered after a removal (ms).
pub const UNDO_MS: u32 = 8000;

/// Keeps the URL hash and the step in sync both ways, and remembers the wizard step shown for
/// the open draft (reopening the app without a step in the URL returns there).
#[hook]
pub fn use_hash_sync(app: &AppHandle, storage: &Storage) {
    let started = use_mut_ref(|| false);
    let hash = app.step.hash(&app.template);
    {
        use_effect_with(hash.clone(), move |hash| {
            // The first step shown replaces the URL; each later one is a history entry.
            if started.replace(true) {
                dom::set_hash(hash);
            } else {
                dom::replace_hash(hash);
            }
        });
    }
    {
        let wizard = !matches!(app.step, Step::Drafts | Step::Import);
        let storage = storage.clone();
        // Also when the save status changes: a draft's first save stores it, and its step with it.
        let saved = storage.read(|s| s.status().clone());
        use_effect_with((hash, wizard, saved), move |(hash, wizard, _)| {
            if *wizard {
                storage.update(|s| s.remember_step(hash));
            }
        });
    }
    // The template of the latest render (another template can be chosen while the page is open).
    let template = use_mut_ref(|| app.template.clone());
    *template.borrow_mut() = app.template.clone();
    let app = app.clone();
    use_effect_with((), move |_| {
        let listener = events::on_window("hashchange", move || {
            let template = template.borrow().clone();
            if let Some(step) = Step::from_hash(&dom::current_hash(), &template) {
                app.dispatch(Action::StepChosen(step));
            }
        });
        move || drop(listener)
    });
}

/// Moves focus where the state asks (step heading after navigation, a field from a diagnostic).
#[hook]
pub fn use_focus_requests(app: &AppHandle) {
    let app = app.clone();
    let request = app.focus.clone();
    use_effect_with(request, move |request| {
        if let Some(id) = request {
            dom::focus_by_id(id);
            app.dispatch(Action::FocusMoved);
        }
    });
}

/// Scrolls the preview to the part being edited, as it changes.
#[hook]
pub fn use_preview_follows(app: &AppHandle) {
    let anchor = app.anchor.clone();
    use_effect_with((anchor, app.revision), move |(anchor, _)| {
        if let Some(anchor) = anchor {
            dom::scroll_preview_to(anchor);
        }
    });
}

/// Withdraws the offer to undo a removal after a few seconds.
#[hook]
pub fn use_undo_expiry(app: &AppHandle) {
    let serial = app.removed.as_ref().map(|r| r.serial);
    let app = app.clone();
    use_effect_with(serial, move |serial| {
        let timer = serial.map(|serial| Timeout::new(UNDO_MS, move || app.dispatch(Action::UndoExpired(serial))));
        move || drop(timer)
    });
}

/// A message shown for a few seconds: `Some` until the timer clears it.
#[hook]
pub fn use_fading<T: Clone + PartialEq + 'static>(ms: u32) -> UseStateHandle<Option<T>> {
    let value = use_state(|| None::<T>);
    {
        let handle = value.clone();
        use_effect_with((*value).clone(), move |shown| {
            let timer = shown.is_some().then(|| Timeout::new(ms, move || handle.set(None)));
            move || drop(timer)
        });
    }
    value
}
