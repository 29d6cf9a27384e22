//! The top: the passphrase lock's gate, then the app — which starts the storage session, reads
//! the portal settings, and provides the three contexts (portal, storage, app state) to the shell.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::journal::{recover, JournalEntry};
use crate::app::portal::Portal;
use crate::app::session::{MemoryOnly, StorageSession, StoreKind};
use crate::app::{AppState, OpenedDraft, Step, ToOpen};
use crate::report::library::Store;
use crate::report::lock::{LockRecord, LockRecordError};

use super::adapters::journal::{self, Journal};
use super::adapters::lazy::Lazy;
use super::adapters::local_store::{lock_record, LocalStore};
use super::adapters::locked_store::LockedStore;
use super::adapters::{clock, dom, loader, tab_lock};
use super::hooks::app_state::AppHandle;
use super::hooks::context::Shared;
use super::hooks::storage::Storage;
use super::pages::unlock::UnlockPage;
use super::shell::Shell;

/// What the gate waits for before the app can start.
#[derive(Clone, PartialEq)]
enum Phase {
    /// The reports are encrypted: the unlock page first.
    Locked(Result<LockRecord, LockRecordError>),
    /// Reading the crash journal (a few milliseconds; at most its patience).
    ReadingJournal,
    Ready {
        lock: Option<LockedStore>,
        journal: Option<Journal>,
        entries: Rc<Vec<JournalEntry>>,
    },
}

/// The app, or first the unlock page when the reports are encrypted; without the lock, the crash
/// journal is read first, so that start-up puts back what localStorage lost.
#[component]
pub fn Gate() -> Html {
    let phase = use_state(|| match lock_record() {
        Some(text) => Phase::Locked(LockRecord::from_json(&text)),
        None => Phase::ReadingJournal,
    });
    {
        let phase = phase.clone();
        use_effect_with((), move |_| {
            if *phase == Phase::ReadingJournal {
                yew::platform::spawn_local(async move {
                    let journal = journal::open().await;
                    let entries = match &journal {
                        Some(journal) => journal.read_all().await,
                        None => Vec::new(),
                    };
                    phase.set(Phase::Ready { lock: None, journal, entries: Rc::new(entries) });
                });
            }
        });
    }
    match (*phase).clone() {
        Phase::Locked(record) => {
            let on_unlocked =
                Callback::from(move |store: LockedStore| phase.set(Phase::Ready { lock: Some(store), journal: None, entries: Rc::default() }));
            html! { <UnlockPage {record} {on_unlocked} /> }
        }
        Phase::ReadingJournal => html! {},
        Phase::Ready { lock, journal, entries } => html! { <App {lock} {journal} {entries} /> },
    }
}

#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The passphrase lock's store, once unlocked.
    #[prop_or_default]
    pub lock: Option<LockedStore>,
    /// The crash journal and what it held at start-up.
    #[prop_or_default]
    pub journal: Option<Journal>,
    #[prop_or_default]
    pub entries: Rc<Vec<JournalEntry>>,
}

/// What start-up found, made once.
struct Booted {
    portal: Rc<Portal>,
    lazy: Lazy,
    session: Rc<RefCell<StorageSession>>,
    initial: AppState,
}

/// Opens localStorage, putting back first what the crash journal holds newer.
fn local_store(journal: &[JournalEntry]) -> Result<LocalStore, MemoryOnly> {
    let mut store = LocalStore::open().map_err(MemoryOnly::Refused)?;
    recover(&mut store, journal);
    Ok(store)
}

/// Reads storage and the portal settings and decides what to show first.
fn boot(props: &AppProps) -> Booted {
    let portal = Portal::read(loader::boot());
    let store: Result<(Box<dyn Store>, StoreKind), MemoryOnly> = match props.lock.clone() {
        Some(locked) => Ok((Box::new(locked), StoreKind::Locked)),
        // Encrypted storage is never read as plain text.
        None if lock_record().is_some() => Err(MemoryOnly::StillLocked),
        None => local_store(&props.entries).map(|s| (Box::new(s) as Box<dyn Store>, StoreKind::Local)),
    };
    let started = StorageSession::start(store, portal.default_template(), clock::now());
    let mut session = started.session;
    if props.journal.is_some() {
        session.start_journal();
    }
    // One writer per draft across tabs where the browser has Web Locks (not on plain http).
    if tab_lock::available() {
        session.use_locks(&tab_lock::new_token());
    }
    let mut open = started.open;
    // The portal's template stays on this computer, so reports made with it open with it later.
    if let Some(template) = &portal.template {
        let _ = session.keep_template(template);
    }
    // A portal's configuration starts an untouched new report; others stay as they are.
    if open.read_only.is_none() {
        let OpenedDraft { template, draft, missing } = open.opened;
        let (template, draft) = portal.on_start(template, draft);
        open = ToOpen { opened: OpenedDraft { template, draft, missing }, ..open };
    }
    // The URL's step, else the one last shown for this draft (reopening the app returns there).
    let template = &open.opened.template;
    let step = Step::from_hash(&dom::current_hash(), template)
        .or_else(|| session.last_step().and_then(|hash| Step::from_hash(&hash, template)))
        .unwrap_or(Step::Info);
    // On start-up focus stays where the page put it; only later navigations move it.
    let initial = AppState::opened(open, step);
    Booted { portal: Rc::new(portal), lazy: Lazy::default(), session: Rc::new(RefCell::new(session)), initial }
}

/// Bumped on every storage change the UI shows.
#[derive(Default, PartialEq)]
struct Version(u64);

impl Reducible for Version {
    type Action = ();
    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        Rc::new(Version(self.0.wrapping_add(1)))
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let booted = use_memo((), {
        let props = props.clone();
        move |_| boot(&props)
    });
    let state: AppHandle = {
        let booted = booted.clone();
        use_reducer(move || booted.initial.clone())
    };
    let version = use_reducer(Version::default);
    let changed = {
        let dispatcher = version.dispatcher();
        use_callback((), move |_: (), _| dispatcher.dispatch(()))
    };
    let storage = Storage::new(booted.session.clone(), props.lock.clone(), props.journal.clone(), changed, version.0);
    let shared = Shared { app: state, storage, portal: booted.portal.clone(), lazy: booted.lazy.clone() };
    html! {
        <ContextProvider<Shared> context={shared}>
            <Shell />
        </ContextProvider<Shared>>
    }
}
