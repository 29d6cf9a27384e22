//! The files the app hands out: the text formats made here, the Word file made by the lazy part
//! (which holds zip and deflate), with one error type for the caller to show.

use crate::app::lazy::{Job, Reply};
use crate::report::render::render_text;
use crate::report::{Draft, Format, Template};
use crate::ui::adapters::lazy::Lazy;

use super::lazy_job::{run_job, JobError};

/// The bytes of the draft's file in `format`, or what to tell the user instead.
pub async fn file_bytes(lazy: &Lazy, draft: &Draft, template: &Template, format: Format) -> Result<Vec<u8>, String> {
    if let Some(text) = render_text(draft, template, format) {
        return Ok(text.into_bytes());
    }
    let job = Job::RenderDocx { draft: draft.clone(), template: template.clone() };
    match run_job(lazy, &job, None).await {
        Ok((Reply::Docx, Some(bytes))) => Ok(bytes),
        Ok(_) => Err(JobError::Malformed.message()),
        Err(why) => Err(why.message()),
    }
}

/// The draft as plain text (复制全文, snapshot previews): always made here.
pub fn plain_text(draft: &Draft, template: &Template) -> String {
    render_text(draft, template, Format::Txt).unwrap_or_default()
}
