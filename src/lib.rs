//! Shuzhi 述职报告向导: the library behind the web app and the `shuzhi` command-line tool.
//!
//! `report` is the pure core; `ui` is the Yew front end, compiled only for the browser.

pub mod report;

#[cfg(target_arch = "wasm32")]
pub mod ui;
