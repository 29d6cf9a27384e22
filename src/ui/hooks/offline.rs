//! The loader's offline status as a hook, re-read whenever it reports a change.

use yew::prelude::*;

use crate::ui::adapters::loader::{self, Offline};

/// Offline readiness and a waiting update, kept current.
#[hook]
pub fn use_offline() -> Offline {
    let current = use_state(loader::offline);
    {
        let current = current.clone();
        use_effect_with((), move |_| {
            let listener = loader::on_offline_change(move |offline| current.set(offline));
            move || drop(listener)
        });
    }
    (*current).clone()
}
