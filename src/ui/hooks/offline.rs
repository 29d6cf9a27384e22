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
            let listener = loader::on_offline_change({
                let current = current.clone();
                move |offline| current.set(offline)
            });
            // The loader may have reported between the first render and this effect, with no one
            // listening (the service worker answers on its own schedule): catch up once.
            let now = loader::offline();
            if now != *current {
                current.set(now);
            }
            move || drop(listener)
        });
    }
    (*current).clone()
}
