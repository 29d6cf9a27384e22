//! The jobs the page hands to the lazy part (a second wasm in a Web Worker, `src/worker.rs`):
//! importing a file or a paste, rebuilding an import after the user reassigned paragraphs,
//! writing the Word file, growing next year's draft, and explaining what is wrong with a template
//! file. They are what the first step never needs — the importer, Word's numbering, zip and
//! deflate — so the first load is that much smaller, and long jobs run off the typing thread. A job travels as JSON (with its bytes beside it); `answer` runs it on the other
//! side. Both sides are this module, so they can't disagree; natively tested.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};

use crate::report::import::{import_file_among, import_text, rebuild, Imported, Review};
use crate::report::render::docx;
use crate::report::{outline, Draft, Template};

/// What the lazy part is asked to do. One lives per message, briefly: its size doesn't matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Import a file (its bytes travel beside the job); `known`: every template the page has, for
    /// a .docx carrying a draft made with another one.
    ImportFile { name: String, template: Template, known: Vec<Template> },
    /// Import pasted text.
    ImportText { text: String, template: Template },
    /// Build the draft again from a review the user changed.
    Rebuild { review: Review, template: Template },
    /// Write the Word file (its bytes come back beside the reply). The worker keeps the template
    /// as `template_id` (the page's number for it) for `RenderDocxAgain`.
    RenderDocx { draft: Draft, template: Template, template_id: u32 },
    /// Write the Word file with the template last sent as `template_id`: the page's template is
    /// ≈10 KB of JSON, most of the job, written on the page and read in the worker at each export
    /// otherwise. A worker that doesn't have it (a new one) answers `Reply::TemplateGone`.
    RenderDocxAgain { draft: Draft, template_id: u32 },
    /// Grow next year's draft from `last` (`report::yearly::next_year`).
    NextYear { last: Draft, template: Template },
    /// Read a template file the user picked with every explanation (`Template::from_json`): the
    /// field's path and serde's error in Chinese. The page keeps only the brief reader.
    CheckTemplate { json: String },
}

/// What the lazy part answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Imported(Box<Imported>),
    /// The Word file is the bytes beside this reply.
    Docx,
    /// The template file reads as a template.
    TemplateValid,
    /// Next year's draft.
    NextYear(Box<Draft>),
    /// The job was refused, and why (the core's words: a file too large, not a report …).
    Refused(String),
    /// One side could not read the other's message (never between parts of one build).
    Malformed,
    /// `RenderDocxAgain` named a template this worker doesn't keep: send it with the job.
    TemplateGone,
}

/// The job as the text that travels.
pub fn job_text(job: &Job) -> String {
    serde_json::to_string(job).unwrap_or_default()
}

/// The Word export's job as its text, from borrowed parts (the same text as `job_text`'s of
/// `Job::RenderDocx` or `Job::RenderDocxAgain`): the export is timed from the click, and cloning
/// the draft and template only to serialise them is time spent before the job goes out. The
/// template travels only when it is not the one last sent (`SENT`); the numbers never repeat on a
/// page, so a number always means the template it was first sent with, whatever the worker kept.
pub fn render_docx_text(draft: &Draft, template: &Template) -> String {
    /// The jobs borrowed: serde writes a variant by its name, so the texts are the same.
    #[derive(Serialize)]
    enum Borrowed<'a> {
        RenderDocx { draft: &'a Draft, template: &'a Template, template_id: u32 },
        RenderDocxAgain { draft: &'a Draft, template_id: u32 },
    }
    let job = SENT.with_borrow_mut(|(id, sent)| {
        if sent.as_ref() == Some(template) {
            return Borrowed::RenderDocxAgain { draft, template_id: *id };
        }
        *id = id.wrapping_add(1);
        *sent = Some(template.clone());
        Borrowed::RenderDocx { draft, template, template_id: *id }
    });
    serde_json::to_string(&job).unwrap_or_default()
}

/// After `Reply::TemplateGone`: the next Word job sends its template again (under a new number).
pub fn resend_template() {
    SENT.with_borrow_mut(|(_, sent)| *sent = None);
}

/// The reply of a text that travelled back.
pub fn reply_of(text: &str) -> Reply {
    serde_json::from_str(text).unwrap_or(Reply::Malformed)
}

thread_local! {
    /// On the page: the number last given to a template, and the template last sent with a Word
    /// job (under that number).
    static SENT: RefCell<(u32, Option<Template>)> = const { RefCell::new((0, None)) };
    /// In the worker: the template last sent with a Word job, by the page's number for it.
    static KEPT: RefCell<Option<(u32, Template)>> = const { RefCell::new(None) };
    /// The lazy part's Word writer, kept while the worker lives (a worker is one thread): the
    /// parts no draft changes are compressed at its first export only (`docx::Writer`).
    static DOCX: RefCell<docx::Writer> = RefCell::default();
    /// In the worker: the last Word file written, with the draft and the template's number it was
    /// written from. 检查与导出 has the file written ahead while the user reads the check
    /// (`ui::hooks::files_out::use_word_file_ahead`); the click's job then finds it here. A number
    /// always means one template (never reused on a page) and writing is a function of the draft
    /// and the template alone (no clock), so the same pair is the same file.
    static LAST_DOCX: RefCell<Option<(u32, Draft, Vec<u8>)>> = const { RefCell::new(None) };
}

/// Runs one job (in the lazy part). `decode` turns bytes in an encoding the importer asks for into
/// text (the browser's `TextDecoder`; the CLI's encoding_rs in tests).
pub fn answer(text: &str, bytes: Option<Vec<u8>>, decode: &dyn Fn(&[u8], &str) -> Option<String>) -> (String, Option<Vec<u8>>) {
    let (reply, bytes) = match serde_json::from_str::<Job>(text) {
        Err(_) => (Reply::Malformed, None),
        Ok(Job::ImportFile { name, template, known }) => match import_file_among(&name, &bytes.unwrap_or_default(), &template, &known, decode) {
            Ok(imported) => (Reply::Imported(Box::new(imported)), None),
            Err(why) => (Reply::Refused(why.to_string()), None),
        },
        Ok(Job::ImportText { text, template }) => (Reply::Imported(Box::new(import_text(&text, &template))), None),
        Ok(Job::Rebuild { review, template }) => (Reply::Imported(Box::new(rebuild(&review, &template))), None),
        Ok(Job::RenderDocx { draft, template, template_id }) => {
            let reply = word_file(draft, &template, template_id);
            KEPT.set(Some((template_id, template)));
            reply
        }
        Ok(Job::RenderDocxAgain { draft, template_id }) => KEPT.with_borrow(|kept| match kept {
            Some((id, template)) if *id == template_id => word_file(draft, template, template_id),
            _ => (Reply::TemplateGone, None),
        }),
        Ok(Job::NextYear { last, template }) => (Reply::NextYear(Box::new(crate::report::yearly::next_year(&last, &template).0)), None),
        Ok(Job::CheckTemplate { json }) => match Template::from_json(&json) {
            Ok(_) => (Reply::TemplateValid, None),
            Err(why) => (Reply::Refused(why.to_string()), None),
        },
    };
    (serde_json::to_string(&reply).unwrap_or_default(), bytes)
}

/// The Word file of `draft` with the template numbered `template_id`: the one last written when
/// it was of the same pair, else written now (and kept for the next job).
fn word_file(draft: Draft, template: &Template, template_id: u32) -> (Reply, Option<Vec<u8>>) {
    let kept = LAST_DOCX.with_borrow(|last| match last {
        Some((id, written, file)) if *id == template_id && *written == draft => Some(file.clone()),
        _ => None,
    });
    if let Some(file) = kept {
        return (Reply::Docx, Some(file));
    }
    let reply = render_docx(&draft, template);
    if let (Reply::Docx, Some(file)) = &reply {
        LAST_DOCX.set(Some((template_id, draft, file.clone())));
    }
    reply
}

/// The Word file, by the worker's kept writer.
fn render_docx(draft: &Draft, template: &Template) -> (Reply, Option<Vec<u8>>) {
    match DOCX.with_borrow_mut(|writer| writer.render(&outline(draft, template), draft)) {
        Ok(file) => (Reply::Docx, Some(file)),
        Err(why) => (Reply::Refused(why.to_string()), None),
    }
}
