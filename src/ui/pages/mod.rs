//! Pages: what the main area shows for each step (基本信息, 导语, each section, 检查与导出) and
//! for 我的报告, 导入已有报告 and the passphrase lock's unlock page. They are built from
//! components and dispatch the app's events; they never import each other's internals.

pub mod check;
pub mod drafts;
pub mod import;
pub mod info;
pub mod intro;
pub mod section;
pub mod unlock;
