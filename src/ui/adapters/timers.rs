//! Timers: gloo's `Timeout`, cancelled when dropped (the autosave debounce, the undo offer), so a
//! hook keeps it in a ref and replacing it restarts the wait.

pub use gloo_timers::callback::Timeout;
