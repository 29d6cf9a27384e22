//! The files the app hands out: the text formats made here, the Word file made by the lazy part
//! (which holds zip and deflate), with one error type for the caller to show.

use crate::app::lazy::{job_text, reply_of, Job, Reply};
use crate::report::render::render_text;
use crate::report::{Draft, Format, Template};
use crate::ui::adapters::lazy::Lazy;
use crate::ui::strings as s;

/// The bytes of the draft's file in `format`, or what to tell the user instead.
pub async fn file_bytes(lazy: &Lazy, draft: &Draft, template: &Template, format: Format) -> Result<Vec<u8>, String> {
    if let Some(text) = render_text(draft, template, format) {
        return Ok(text.into_bytes());
    }
    let job = Job::RenderDocx { draft: draft.clone(), template: template.clone() };
    match lazy.call(&job_text(&job), None).await {
        Ok((reply, bytes)) => match (reply_of(&reply), bytes) {
            (Reply::Docx, Some(bytes)) => Ok(bytes),
            (Reply::Refused(why), _) => Err(why),
            _ => Err(s::LAZY_MALFORMED.into()),
        },
        Err(why) => Err(s::lazy_error(why)),
    }
}

/// The draft as plain text (复制全文, snapshot previews): always made here.
pub fn plain_text(draft: &Draft, template: &Template) -> String {
    render_text(draft, template, Format::Txt).unwrap_or_default()
}
