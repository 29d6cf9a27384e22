//! The top: the passphrase lock's gate, then the app — which starts the storage session, reads
//! the portal settings, and provides the three contexts (portal, storage, app state) to the shell.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::portal::Portal;
use crate::app::session::{MemoryOnly, StorageSession, StoreKind};
use crate::app::{AppState, OpenedDraft, Step, ToOpen};
use crate::report::library::Store;
use crate::report::lock::LockRecord;

use super::adapters::locked_store::LockedStore;
use super::adapters::local_store::{lock_record, LocalStore};
use super::adapters::{clock, dom, loader};
use super::hooks::app_state::AppHandle;
use super::hooks::context::Shared;
use super::hooks::storage::Storage;
use super::pages::unlock::UnlockPage;
use super::shell::Shell;

/// The app, or first the unlock page when the reports are encrypted.
#[component]
pub fn Gate() -> Html {
    let phase = use_state(|| lock_record().map(|text| LockRecord::from_json(&text)));
    let unlocked = use_state(|| None::<LockedStore>);
    match ((*phase).clone(), (*unlocked).clone()) {
        (Some(record), None) => {
            let on_unlocked = {
                let (phase, unlocked) = (phase.clone(), unlocked.clone());
                Callback::from(move |store: LockedStore| {
                    unlocked.set(Some(store));
                    phase.set(None);
                })
            };
            html! { <UnlockPage {record} {on_unlocked} /> }
        }
        (_, lock) => html! { <App {lock} /> },
    }
}

#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The passphrase lock's store, once unlocked.
    #[prop_or_default]
    pub lock: Option<LockedStore>,
}

/// What start-up found, made once.
struct Booted {
    portal: Rc<Portal>,
    session: Rc<RefCell<StorageSession>>,
    initial: AppState,
}

/// Reads storage and the portal settings and decides what to show first.
fn boot(lock: Option<LockedStore>) -> Booted {
    let portal = Portal::read(loader::boot());
    let store: Result<(Box<dyn Store>, StoreKind), MemoryOnly> = match lock {
        Some(locked) => Ok((Box::new(locked), StoreKind::Locked)),
        // Encrypted storage is never read as plain text.
        None if lock_record().is_some() => Err(MemoryOnly::StillLocked),
        None => LocalStore::open().map(|s| (Box::new(s) as Box<dyn Store>, StoreKind::Local)).map_err(MemoryOnly::Refused),
    };
    let started = StorageSession::start(store, portal.default_template(), clock::now());
    let mut session = started.session;
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
    let step = Step::from_hash(&dom::current_hash(), &open.opened.template).unwrap_or(Step::Info);
    // On start-up focus stays where the page put it; only later navigations move it.
    let initial = AppState::opened(open, step);
    Booted { portal: Rc::new(portal), session: Rc::new(RefCell::new(session)), initial }
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
        let lock = props.lock.clone();
        move |_| boot(lock)
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
    let storage = Storage::new(booted.session.clone(), props.lock.clone(), changed, version.0);
    let shared = Shared { app: state, storage, portal: booted.portal.clone() };
    html! {
        <ContextProvider<Shared> context={shared}>
            <Shell />
        </ContextProvider<Shared>>
    }
}
