//! The files the app hands out: the text formats made here, the Word file made by the lazy part
//! (which holds zip and deflate, and is asked to write it ahead on 检查与导出), with one error type
//! for the caller to show.

use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::lazy::{render_docx_text, resend_template, Reply};
use crate::report::render::render_text;
use crate::report::{Draft, Format, Template};
use crate::ui::adapters::lazy::Lazy;
use crate::ui::adapters::timers::Timeout;

use super::context::{use_app, use_lazy};
use super::lazy_job::{run_text, JobError};

/// How long the draft stays as it is on 检查与导出 before its Word file is written ahead: a pause,
/// not every change of an option in a row.
const AHEAD_AFTER_MS: u32 = 300;

/// While the export buttons are shown, the lazy part writes the draft's Word file ahead once the
/// draft has stayed unchanged a moment; it keeps the last one it wrote (`app::lazy`), so the click
/// on 下载 Word only fetches it (the reply here is dropped). Only when the lazy part already runs:
/// this never starts it (on a first visit it waits for the service worker, `Lazy::warm_when_idle`).
#[hook]
pub fn use_word_file_ahead() {
    let lazy = use_lazy();
    let app = use_app();
    let key = app.as_ref().map(|app| (app.draft_id.clone(), app.revision, Rc::as_ptr(&app.template) as usize));
    use_effect_with(key, move |key| {
        let wait = (key.is_some() && lazy.is_ready()).then(|| {
            Timeout::new(AHEAD_AFTER_MS, move || {
                if let Some(app) = app.filter(|_| lazy.is_ready()) {
                    let reply = run_text(&lazy, &render_docx_text(&app.draft, &app.template), None);
                    yew::platform::spawn_local(async move {
                        let _ = reply.await;
                    });
                }
            })
        });
        // A change or leaving the page before the pause is over: not written.
        move || drop(wait)
    });
}

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
