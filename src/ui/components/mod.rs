//! Components: small pieces of the screen shared by the pages (fields, the header, the step list,
//! the preview, banners, dialogs, item cards). They read shared state through the hooks' contexts
//! and reach the browser only through the adapters.
//!
//! A `#[component]` costs about 1.5 KB gzip of bundle (Yew's lifecycle code is generic over each
//! one, measured with bench/wasm-breakdown.mjs), so only pieces with their own state (hooks) are
//! components; the rest are view functions taking the context handles from their caller.

pub mod fields;
pub mod header;
pub mod item_card;
pub mod lock_settings;
pub mod notices;
pub mod platform;
pub mod preview;
pub mod privacy;
pub mod problems;
pub mod similar;
pub mod step_list;
pub mod storage_alerts;
