//! The pure core: templates, drafts, edits, outline, renderers, diagnostics, import and storage.
//!
//! Nothing here touches the browser (a tidy test enforces it), so all of it runs under plain
//! `cargo test` and is shared by the web app and the native CLI.

pub mod chars;
pub mod config;
pub mod convert;
pub mod diagnostic;
pub mod docx_read;
pub mod edit;
pub mod facts;
pub mod import;
pub mod length;
pub mod library;
pub mod lock;
pub mod model;
pub mod open;
pub mod order;
pub mod outline;
pub mod render;
pub mod storage;
pub mod template;
pub mod validate;
pub mod yearly;

pub use edit::{apply, Applied, Edit, LeftoverTarget, TextRef};
pub use model::{Draft, Item, ItemId, Layout, LinePitch};
pub use outline::{outline, Anchor, Block, Outline};
pub use render::{file_name, render, Format, RenderError};
pub use template::{builtin, builtin_templates, default_template, is_builtin, Template};
pub use diagnostic::{Diagnostic, Fix, Place, Severity};
