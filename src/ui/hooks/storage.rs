//! This tab's storage session as a Yew context. The session itself is plain Rust
//! (`app::session`); the handle lets components read it and change it, and makes every change
//! that the UI shows (status, banners, stored data) re-render the consumers: the root keeps a
//! version that each change bumps, so no change can slip between a render and its effects.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::session::{Alerts, SaveStatus, StorageSession};
use crate::ui::adapters::clock;
use crate::ui::adapters::journal::Journal;
use crate::ui::adapters::locked_store::LockedStore;

/// What decides whether a change is news for the UI.
type Fingerprint = (u64, Alerts, SaveStatus);

fn fingerprint(session: &StorageSession) -> Fingerprint {
    (session.data_version(), session.alerts().clone(), session.status().clone())
}

/// The shared handle on this tab's storage session.
#[derive(Clone)]
pub struct Storage {
    session: Rc<RefCell<StorageSession>>,
    /// The passphrase lock's store, when this page unlocked one.
    lock: Option<LockedStore>,
    /// The crash journal, when the browser offers one (never with the lock on).
    journal: Option<Journal>,
    /// Bumps the root's version (re-rendering every consumer).
    changed: Callback<()>,
    version: u64,
}

impl PartialEq for Storage {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && Rc::ptr_eq(&self.session, &other.session)
    }
}

impl Storage {
    pub fn new(
        session: Rc<RefCell<StorageSession>>,
        lock: Option<LockedStore>,
        journal: Option<Journal>,
        changed: Callback<()>,
        version: u64,
    ) -> Storage {
        Storage { session, lock, journal, changed, version }
    }

    /// Reads the session. (Single-threaded and never re-entered: no session method calls back
    /// into the UI, and every borrow ends before `changed` is emitted.)
    pub fn read<R>(&self, f: impl FnOnce(&StorageSession) -> R) -> R {
        f(&self.session.borrow())
    }

    /// Changes the session; consumers re-render when anything they show changed.
    pub fn update<R>(&self, f: impl FnOnce(&mut StorageSession) -> R) -> R {
        let before = self.fingerprint();
        let result = f(&mut self.session.borrow_mut());
        self.notify_if_changed(before);
        result
    }

    // Not generic and not inlined: `update` is called from many places, and each would otherwise
    // carry its own copy of the comparison (measured: ≈ 1 KB of bundle per call site).
    #[inline(never)]
    fn fingerprint(&self) -> Fingerprint {
        fingerprint(&self.session.borrow())
    }

    /// Hands what was written to the crash journal, and tells the consumers when they have news.
    #[inline(never)]
    fn notify_if_changed(&self, before: Fingerprint) {
        let (changed, journal) = {
            let mut session = self.session.borrow_mut();
            (fingerprint(&session) != before, session.take_journal())
        };
        if let Some(target) = &self.journal {
            target.apply(journal);
        }
        if changed {
            self.changed.emit(());
        }
    }

    /// Writes the pending change now.
    pub fn flush(&self) {
        self.update(|s| s.flush(clock::now()));
    }

    /// The unlocked passphrase store, when the lock is on.
    pub fn lock(&self) -> Option<&LockedStore> {
        self.lock.as_ref()
    }

    /// Resolves once the crash journal has committed what it was given (before a reload).
    pub async fn journal_settled(&self) {
        if let Some(journal) = &self.journal {
            journal.settled().await;
        }
    }
}
