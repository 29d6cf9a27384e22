//! The app's logic as plain Rust, compiled and tested natively: the state on screen and the
//! events that change it (`state`), when the autosave writes (`autosave`), the crash journal's rules
//! (`journal`), the jobs of the lazy part (`lazy`), the wizard's steps (`steps`) and their status (`status`), where fields
//! are (`navigation`), this tab's storage session (`session`), and the portal's settings for new reports
//! (`portal`). Opening a draft under a template is the core's (`report::open`), shared with the CLI.
//!
//! No browser crates and no user-visible text here (tidy tests): the Yew layer (`ui`) adapts
//! these types to the browser and says them in Chinese.

pub mod autosave;
pub mod journal;
pub mod lazy;
pub mod navigation;
pub mod portal;
pub mod session;
pub mod state;
pub mod status;
pub mod steps;

pub use crate::report::open::{open_under_template, OpenedDraft, TemplateMissing};
pub use navigation::{field_id, locate};
pub use session::{Conflict, ReadOnly, SaveStatus, StorageSession, ToOpen};
pub use state::{update, Action, AppState};
pub use status::{StepReport, StepStatus};
pub use steps::Step;
