//! 用本报告开始下一年度报告 (from 检查与导出 and from an import): the lazy part grows next
//! year's draft (`report::yearly`, not in the first load), the storage session opens it.

use crate::app::lazy::{Job, Reply};
use crate::app::Action;
use crate::report::{Draft, Template};
use crate::ui::adapters::clock;
use crate::ui::adapters::lazy::Lazy;

use super::app_state::AppHandle;
use super::lazy_job::{run_job, JobError};
use super::storage::Storage;

/// Grows next year's draft from `last` and opens it; the Chinese reason when it can't.
pub async fn start_next_year(app: &AppHandle, storage: &Storage, lazy: &Lazy, last: Draft, template: Template) -> Result<(), String> {
    let job = Job::NextYear { last, template: template.clone() };
    let grown = match run_job(lazy, &job, None).await {
        Ok((Reply::NextYear(draft), _)) => *draft,
        Ok(_) => return Err(JobError::Malformed.message()),
        Err(why) => return Err(why.message()),
    };
    let open = storage.read(|s| s.open_next_year(grown, &template, clock::now()));
    app.dispatch(Action::DraftOpened(Box::new(open)));
    Ok(())
}
