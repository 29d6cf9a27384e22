//! The one way the UI hands a job to the lazy part: the job goes out as text, the reply comes back
//! typed, and a part that could not load, stopped, or answered something unreadable becomes one
//! typed error whose Chinese message the action shows.

use std::future::Future;

use crate::app::lazy::{job_text, reply_of, Job, Reply};
use crate::ui::adapters::lazy::{Lazy, LazyError};
use crate::ui::strings as s;

/// Why a job brought back no answer to use.
#[derive(Debug, Clone, PartialEq)]
pub enum JobError {
    /// The lazy part did the job and refused it, in the core's words (a file too large, not a
    /// report, a template with a bad field …).
    Refused(String),
    /// The lazy part could not be loaded or stopped while working.
    Lazy(LazyError),
    /// The reply could not be read, or was not the kind the job asks for (two builds mixed).
    Malformed,
}

impl JobError {
    /// What the action tells the user.
    pub fn message(self) -> String {
        match self {
            JobError::Refused(why) => why,
            JobError::Lazy(why) => s::lazy_error(why),
            JobError::Malformed => s::LAZY_MALFORMED.into(),
        }
    }
}

/// The lazy part's reply to `job` (its bytes beside it): every reply but a refusal or an
/// unreadable one; the caller picks the kind it asked for and treats any other as `Malformed`.
/// The job is sent at the call, not at the first poll (`Lazy::call`).
pub fn run_job(lazy: &Lazy, job: &Job, bytes: Option<&[u8]>) -> impl Future<Output = Result<(Reply, Option<Vec<u8>>), JobError>> {
    run_text(lazy, &job_text(job), bytes)
}

/// `run_job` for a job already written as its text (`app::lazy::render_docx_text`).
pub fn run_text(lazy: &Lazy, text: &str, bytes: Option<&[u8]>) -> impl Future<Output = Result<(Reply, Option<Vec<u8>>), JobError>> {
    let reply = lazy.call(text, bytes);
    async move {
        let (text, bytes) = reply.await.map_err(JobError::Lazy)?;
        match reply_of(&text) {
            Reply::Refused(why) => Err(JobError::Refused(why)),
            Reply::Malformed => Err(JobError::Malformed),
            reply => Ok((reply, bytes)),
        }
    }
}
