//! The app state as a Yew context: `Reducible` is a thin adapter over `app::update`, and every
//! component reads and dispatches through `use_app`.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::{update, Action, AppState};

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if update(&mut next, action) {
            Rc::new(next)
        } else {
            self
        }
    }
}

/// The handle components read the state from and dispatch events to.
pub type AppHandle = UseReducerHandle<AppState>;
