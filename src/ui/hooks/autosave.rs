//! Autosave: every change is queued at once and written 300 ms after the last one, or 2 s after
//! the first unwritten one during steady typing (`app::autosave::Debounce`); written at once when
//! the page is hidden or closed; another tab's save is followed or stops this tab, never
//! overwritten. With Web Locks one tab at a time writes the open draft: this hook holds or asks
//! for the lock the session wishes for, keeps the writer mark, and reports the browser's answers.
//! The decisions are the storage session's; this hook only times them.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use yew::prelude::*;

use crate::app::autosave::Debounce;
use crate::app::session::{writer_key, Handover, LockWish, Reaction, HANDOVER_WAIT_MS};
use crate::app::Action;
use crate::report::library::draft_key;
use crate::ui::adapters::events::StorageChange;
use crate::ui::adapters::locked_store::Then;
use crate::ui::adapters::tab_lock::{self, Answer};
use crate::ui::adapters::timers::Timeout;
use crate::ui::adapters::{clock, events};

use super::app_state::AppHandle;
use super::storage::Storage;

/// Keeps storage and the app state in step (see the module comment).
#[hook]
pub fn use_autosave(app: &AppHandle, storage: &Storage) {
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let debounce: Rc<RefCell<Debounce>> = use_mut_ref(Debounce::default);
    let held: Rc<RefCell<Writing>> = use_mut_ref(Writing::default);

    // Storage → the read-only flag the reducer enforces, and the Web Lock and writer mark the
    // session wishes for (one effect: each costs its own code in the bundle).
    {
        let (app, storage) = (app.clone(), storage.clone());
        let wanted = storage.read(|s| (s.read_only(), s.lock_wish(), s.writer_mark()));
        use_effect_with(wanted, move |(read_only, wish, mark)| {
            app.dispatch(match read_only.clone() {
                Some(why) => Action::StorageBecameReadOnly(why),
                None => Action::StorageBecameWritable,
            });
            one_writer(&app, &storage, &held, wish, mark);
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
            let leave = {
                let (storage, flush) = (storage.clone(), flush.clone());
                // The last save, then the writer mark goes: a tab waiting for the lock takes over from it.
                move || {
                    flush();
                    if let Some((key, token)) = storage.read(|s| s.writer_mark()) {
                        unmark_after_saves(&storage, key, token);
                    }
                }
            };
            let listeners = [
                events::on_window("pagehide", leave),
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
                    move |change| hear(&app, &storage, change)
                }),
            ];
            // Another tab may have saved between start-up and now, with no one listening.
            let own = draft_key(&storage.read(|s| s.draft_id().to_string()));
            in_order(&storage, own, {
                let (app, storage) = (app.clone(), storage.clone());
                Box::new(move |_| follow(&app, storage.update(|s| s.catch_up_with_other_tabs(clock::now()))))
            });
            move || {
                drop(listeners);
                storage.flush();
            }
        });
    }
}

/// What this tab holds for the one-writer protocol: the lock request running, the writer mark
/// set, and the wait for the previous writer's last save.
#[derive(Default)]
struct Writing {
    wish: Option<LockWish>,
    request: Option<tab_lock::Request>,
    mark: Option<(String, String)>,
    waiting: Option<Timeout>,
}

/// The app unmounted (browser tests mount it again and again): the mark goes, then the lock.
impl Drop for Writing {
    fn drop(&mut self) {
        if let Some((key, token)) = self.mark.take() {
            tab_lock::unmark(&key, &token);
        }
    }
}

/// Keeps one writer per draft with Web Locks (see the module comment): the lock request the
/// session wishes for (a new wish drops the old request, letting the lock go), and the writer mark
/// while this tab writes (removed once its last save is in localStorage).
fn one_writer(app: &AppHandle, storage: &Storage, held: &Rc<RefCell<Writing>>, wish: &Option<LockWish>, mark: &Option<(String, String)>) {
    if held.borrow().wish != *wish {
        // The old request goes first (it may hold the lock this one asks for).
        let old = held.borrow_mut().request.take();
        drop(old);
        let request = wish.as_ref().map(|wish| {
            let ticket = wish.ticket;
            // Weak: the browser keeps this answer while the lock is held, and the lock is let go
            // when `Writing` is dropped.
            let (app, storage, held) = (app.clone(), storage.clone(), Rc::downgrade(held));
            let answer: Rc<dyn Fn(Answer)> = Rc::new(move |answer| on_answer(&app, &storage, &held, ticket, answer));
            tab_lock::request(&wish.name, wish.ask, answer)
        });
        let mut held = held.borrow_mut();
        held.request = request;
        held.wish = wish.clone();
    }
    let mut held = held.borrow_mut();
    if held.mark != *mark {
        if let Some((key, token)) = held.mark.take() {
            unmark_after_saves(storage, key, token);
        }
        if let Some((key, token)) = mark {
            tab_lock::mark(key, token);
        }
        held.mark = mark.clone();
    }
}

/// What the browser said about lock request `ticket`, told to the session.
fn on_answer(app: &AppHandle, storage: &Storage, held: &Weak<RefCell<Writing>>, ticket: u64, answer: Answer) {
    match answer {
        Answer::Granted => granted(app, storage, held, ticket),
        Answer::Unavailable => {
            let mark = tab_lock::mark_of(&writer_key(&storage.read(|s| s.draft_id().to_string())));
            follow(app, storage.update(|s| s.lock_unavailable(ticket, mark.as_deref())))
        }
        Answer::Lost => storage.update(|s| s.lock_lost(ticket, clock::now())),
        Answer::Failed => storage.update(|s| s.locks_failed(ticket)),
    }
}

/// This tab holds the lock: the writer mark is read, then the stored copy (in that order, so the
/// copy holds every save made before the mark went), and the session decides.
fn granted(app: &AppHandle, storage: &Storage, held: &Weak<RefCell<Writing>>, ticket: u64) {
    let id = storage.read(|s| s.draft_id().to_string());
    let mark = tab_lock::mark_of(&writer_key(&id));
    let (app, storage_, held) = (app.clone(), storage.clone(), held.clone());
    in_order(
        storage,
        draft_key(&id),
        Box::new(move |_| {
            let storage = storage_;
            match storage.update(|s| s.lock_granted(ticket, mark.as_deref(), clock::now())) {
                Handover::Ignore => {}
                Handover::Done(reaction) => follow(&app, reaction),
                Handover::Wait => {
                    let timeout = Timeout::new(HANDOVER_WAIT_MS, move || follow(&app, storage.update(|s| s.handover_timeout(ticket, clock::now()))));
                    if let Some(held) = held.upgrade() {
                        held.borrow_mut().waiting = Some(timeout);
                    }
                }
            }
        }),
    );
}

/// Removes this tab's writer mark once its writes are in localStorage (the lock's encryption is
/// asynchronous).
fn unmark_after_saves(storage: &Storage, key: String, token: String) {
    match storage.lock().cloned() {
        Some(lock) => yew::platform::spawn_local(async move {
            lock.settled().await;
            tab_lock::unmark(&key, &token);
        }),
        None => tab_lock::unmark(&key, &token),
    }
}

/// Another tab wrote: with the passphrase lock its value is decrypted first (in the order the
/// writes came), then the session decides.
fn hear(app: &AppHandle, storage: &Storage, change: StorageChange) {
    let tell: Then = {
        let (app, storage) = (app.clone(), storage.clone());
        Box::new(move |change: StorageChange| follow(&app, storage.update(|s| s.on_storage_event(change.key, change.new_value, clock::now()))))
    };
    match storage.lock() {
        Some(lock) => lock.receive(change, tell),
        None => tell(change),
    }
}

/// Runs `then` once this page's copy of `key` is what localStorage holds now (with the passphrase
/// lock: decrypted after every write heard before; without it: at once).
fn in_order(storage: &Storage, key: String, then: Then) {
    match storage.lock() {
        Some(lock) => lock.reread(&key, then),
        None => then(StorageChange { key: Some(key), new_value: None }),
    }
}

/// Does what the session decided about another tab's save.
#[inline(never)]
fn follow(app: &AppHandle, reaction: Reaction) {
    if let Reaction::Follow(opened) = reaction {
        app.dispatch(Action::OtherTabSaved(opened));
    }
}
