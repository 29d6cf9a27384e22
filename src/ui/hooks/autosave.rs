//! Autosave: every change is queued at once and written 300 ms after the last one, or 2 s after
//! the first unwritten one during steady typing (`app::autosave::Debounce`); written at once when
//! the page is hidden or closed; another tab's save is followed or stops this tab, never
//! overwritten. The decisions are the storage session's; this hook only times them.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::autosave::Debounce;
use crate::app::session::Reaction;
use crate::app::Action;
use crate::ui::adapters::timers::Timeout;
use crate::ui::adapters::{clock, events};

use super::app_state::AppHandle;
use super::storage::Storage;

/// Keeps storage and the app state in step (see the module comment).
#[hook]
pub fn use_autosave(app: &AppHandle, storage: &Storage) {
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let debounce: Rc<RefCell<Debounce>> = use_mut_ref(Debounce::default);

    // Storage → the read-only flag the reducer enforces.
    {
        let app = app.clone();
        let read_only = storage.read(|s| s.read_only());
        use_effect_with(read_only, move |read_only| {
            app.dispatch(match read_only.clone() {
                Some(why) => Action::StorageBecameReadOnly(why),
                None => Action::StorageBecameWritable,
            });
        });
    }

    // Every change is queued; the timer restarts with each one (dropping the old one cancels it).
    {
        let (app, storage) = (app.clone(), storage.clone());
        let debounce = debounce.clone();
        use_effect_with(app.revision, move |revision| {
            if *revision > 0 {
                let now = clock::now();
                storage.update(|s| s.queue(&app.draft_id, &app.draft, now));
                let wait = debounce.borrow_mut().changed(now);
                let storage = storage.clone();
                *timer.borrow_mut() = Some(Timeout::new(wait as u32, move || {
                    storage.flush();
                    debounce.borrow_mut().written();
                }));
            }
        });
    }

    // Page hidden or closing: write now (a keystroke 0–300 ms before closing is kept). Another
    // tab wrote: follow it or stop, never overwrite it.
    {
        let (app, storage) = (app.clone(), storage.clone());
        use_effect_with((), move |_| {
            let flush = {
                let storage = storage.clone();
                move || {
                    storage.flush();
                    debounce.borrow_mut().written();
                }
            };
            let listeners = [
                events::on_window("pagehide", flush.clone()),
                events::on_document("visibilitychange", flush),
                events::on_before_unload({
                    let storage = storage.clone();
                    // Closing with work that could not be saved: the browser asks "leave the site?".
                    move || {
                        storage.flush();
                        storage.read(|s| s.unsaved_work())
                    }
                }),
                events::on_storage({
                    let (app, storage) = (app.clone(), storage.clone());
                    move |change| follow(&app, storage.update(|s| s.on_storage_event(change.key, change.new_value)))
                }),
            ];
            // Another tab may have saved between start-up and now, with no one listening.
            follow(&app, storage.update(|s| s.catch_up_with_other_tabs()));
            move || {
                drop(listeners);
                storage.flush();
            }
        });
    }
}

/// Does what the session decided about another tab's save.
fn follow(app: &AppHandle, reaction: Reaction) {
    if let Reaction::Follow(opened) = reaction {
        app.dispatch(Action::OtherTabSaved(opened));
    }
}
