//! Shuzhi 述职报告向导: the library behind the web app and the `shuzhi` command-line tool.
//!
//! `report` is the pure core; `app` is the app's logic (state, steps, storage session), plain
//! Rust tested natively; `ui` is the Yew front end over both, compiled only for the browser.

pub mod app;
pub mod report;

#[cfg(target_arch = "wasm32")]
pub mod ui;
