//! The one context the app provides: the app state, this tab's storage session and the portal
//! settings. One context rather than three: each context type costs its own provider component
//! in the bundle, and every consumer re-renders on any app change anyway.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::portal::Portal;
use crate::ui::adapters::lazy::Lazy;

use super::app_state::AppHandle;
use super::storage::Storage;

/// What the app provides to every component below it.
#[derive(Clone, PartialEq)]
pub struct Shared {
    pub app: AppHandle,
    pub storage: Storage,
    pub portal: Rc<Portal>,
    /// The lazy part (imports, Word files), fetched when idle or when first needed.
    pub lazy: Lazy,
}

/// The app state (`None` only outside the app, where nothing renders).
#[hook]
pub fn use_app() -> Option<AppHandle> {
    use_context::<Shared>().map(|shared| shared.app)
}

/// This tab's storage session.
#[hook]
pub fn use_storage() -> Option<Storage> {
    use_context::<Shared>().map(|shared| shared.storage)
}

/// The lazy part's handle (a fresh, unstarted one outside the app).
#[hook]
pub fn use_lazy() -> Lazy {
    use_context::<Shared>().map(|shared| shared.lazy).unwrap_or_default()
}

/// The portal settings of this page load (empty outside the app).
#[hook]
pub fn use_portal() -> Rc<Portal> {
    use_context::<Shared>().map(|shared| shared.portal).unwrap_or_default()
}
