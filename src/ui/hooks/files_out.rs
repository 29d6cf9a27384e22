//! The files the app hands out: the text formats made here, the Word file made by the lazy part
//! (which holds zip and deflate), with one error type for the caller to show.

use std::future::Future;
use std::rc::Rc;

use crate::app::lazy::{render_docx_text, resend_template, Reply};
use crate::report::render::render_text;
use crate::report::{Draft, Format, Template};
use crate::ui::adapters::lazy::Lazy;

use super::lazy_job::{run_text, JobError};

/// The bytes of the draft's file in `format`, or what to tell the user instead. The Word file's
/// job is sent at the call (`run_text`), so call this before re-rendering around the click.
pub fn file_bytes(lazy: &Lazy, draft: &Draft, template: &Rc<Template>, format: Format) -> impl Future<Output = Result<Vec<u8>, String>> {
    let text = render_text(draft, template, format);
    let reply = text.is_none().then(|| run_text(lazy, &render_docx_text(draft, template), None));
    // Copied after the job went out, while the worker writes: for a worker that no longer has the
    // template (a new one after a crash), the job goes once more with it.
    let again = reply.is_some().then(|| (lazy.clone(), draft.clone(), Rc::clone(template)));
    async move {
        let (Some(reply), Some((lazy, draft, template))) = (reply, again) else {
            return Ok(text.unwrap_or_default().into_bytes());
        };
        let mut reply = reply.await;
        if matches!(reply, Ok((Reply::TemplateGone, _))) {
            resend_template();
            reply = run_text(&lazy, &render_docx_text(&draft, &template), None).await;
        }
        match reply {
            Ok((Reply::Docx, Some(bytes))) => Ok(bytes),
            Ok(_) => Err(JobError::Malformed.message()),
            Err(why) => Err(why.message()),
        }
    }
}

/// The draft as plain text (复制全文, snapshot previews): always made here.
pub fn plain_text(draft: &Draft, template: &Template) -> String {
    render_text(draft, template, Format::Txt).unwrap_or_default()
}
