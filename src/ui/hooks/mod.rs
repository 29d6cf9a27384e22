//! The middle layer: contexts (the app state, the storage session, the portal settings) and the
//! hooks that tie them to the browser through the adapters (autosave, the URL, focus, the host
//! page's messages, offline status). Components and pages reach shared state only through these.

pub mod app_state;
pub mod autosave;
pub mod context;
pub mod files_out;
pub mod host_api;
pub mod lazy_job;
pub mod navigation;
pub mod next_year;
pub mod offline;
pub mod storage;
