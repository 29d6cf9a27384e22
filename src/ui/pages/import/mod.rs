//! 导入已有报告: paste text or open a .txt/.md/.docx (or drop it on the page); the lazy part reads
//! it; every paragraph is shown with the part it was given, and the user can give it another in
//! one choice (`review`); then the result replaces the current draft or opens as a new one
//! (`summary`). Nothing changes until the user confirms; a refused file leaves the draft untouched.

mod review;
mod summary;

use std::rc::Rc;

use yew::prelude::*;

use crate::app::lazy::{Job, Reply};
use crate::report::import::{Imported, MAX_FILE_BYTES};
use crate::report::Template;
use crate::ui::adapters::dom;
use crate::ui::adapters::files::{self, PickedFile};
use crate::ui::adapters::lazy::Lazy;
use crate::ui::components::fields::{file_picker, FilePicker};
use crate::ui::hooks::context::{use_app, use_lazy, use_storage};
use crate::ui::hooks::lazy_job::{run_job, JobError};
use crate::ui::strings as s;

/// The result of reading a file or a paste, shown for confirmation.
#[derive(Clone, PartialEq)]
pub enum ImportOutcome {
    Ready(Rc<Imported>),
    Refused(String),
}

/// Runs an import job in the lazy part.
async fn run(lazy: &Lazy, job: Job, bytes: Option<&[u8]>) -> ImportOutcome {
    match run_job(lazy, &job, bytes).await {
        Ok((Reply::Imported(imported), _)) => ImportOutcome::Ready(Rc::new(*imported)),
        Ok(_) => ImportOutcome::Refused(JobError::Malformed.message()),
        Err(why) => ImportOutcome::Refused(why.message()),
    }
}

/// Reads a picked or dropped file and imports it (the browser decodes GBK and UTF-16 itself).
/// `known`: every template on this computer (a .docx of ours carries its draft and template id).
pub async fn read_import(file: PickedFile, template: Rc<Template>, known: Vec<Template>, lazy: Lazy) -> ImportOutcome {
    if file.size() > MAX_FILE_BYTES as u64 {
        return ImportOutcome::Refused(s::file_too_large(file.size()));
    }
    let bytes = match file.bytes().await {
        Ok(bytes) => bytes,
        Err(why) => return ImportOutcome::Refused(s::file_unreadable(&why)),
    };
    run(&lazy, Job::ImportFile { name: file.name(), template: (*template).clone(), known }, Some(&bytes)).await
}

/// Starts a job, showing 正在读取… meanwhile and the outcome after.
fn spawn(
    busy: &UseStateHandle<bool>,
    outcome: &UseStateHandle<Option<ImportOutcome>>,
    job: impl std::future::Future<Output = ImportOutcome> + 'static,
) {
    let (busy, outcome) = (busy.clone(), outcome.clone());
    busy.set(true);
    yew::platform::spawn_local(async move {
        let read = job.await;
        busy.set(false);
        outcome.set(Some(read));
    });
}

#[derive(Properties, PartialEq, Clone)]
pub struct ImportProps {
    /// A file dropped on the page, already read.
    #[prop_or_default]
    pub dropped: Option<ImportOutcome>,
}

#[component]
pub fn ImportPage(props: &ImportProps) -> Html {
    let pasted = use_state(String::new);
    let outcome = use_state(|| props.dropped.clone());
    let busy = use_state(|| false);
    let confirm_replace = use_state(|| false);
    let next_year_failed = use_state(|| None::<String>);
    let lazy = use_lazy();
    {
        let outcome = outcome.clone();
        use_effect_with(props.dropped.clone(), move |dropped| {
            if dropped.is_some() {
                outcome.set(dropped.clone());
            }
        });
    }
    {
        // A new result comes into view with focus on its heading (a long paste pushes it down).
        let shown = outcome.as_ref().map(|o| matches!(o, ImportOutcome::Ready(_)));
        use_effect_with(shown, move |shown| {
            match shown {
                Some(true) => dom::focus_by_id("import-summary-heading"),
                Some(false) => dom::focus_by_id("import-error"),
                None => false,
            };
        });
    }
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else {
        return html! {};
    };

    let recognise_text = {
        let (outcome, busy, lazy, template, confirm_replace) =
            (outcome.clone(), busy.clone(), lazy.clone(), app.template.clone(), confirm_replace.clone());
        move |text: String| {
            confirm_replace.set(false);
            if text.trim().is_empty() {
                outcome.set(Some(ImportOutcome::Refused(s::PASTE_FIRST.into())));
                return;
            }
            let (lazy, template) = (lazy.clone(), template.clone());
            spawn(&busy, &outcome, async move { run(&lazy, Job::ImportText { text, template: (*template).clone() }, None).await });
        }
    };
    let on_paste_input = {
        let (pasted, recognise_text) = (pasted.clone(), recognise_text.clone());
        Callback::from(move |e: InputEvent| {
            let text = dom::input_text(&e);
            pasted.set(text.clone());
            // Pasting a whole report is the usual way in: recognise it at once.
            if e.input_type() == "insertFromPaste" {
                recognise_text(text);
            }
        })
    };
    let recognise = {
        let pasted = pasted.clone();
        Callback::from(move |_: MouseEvent| recognise_text((*pasted).clone()))
    };
    let on_file = {
        let (outcome, busy, lazy, template, confirm_replace, storage) =
            (outcome.clone(), busy.clone(), lazy.clone(), app.template.clone(), confirm_replace.clone(), storage.clone());
        Callback::from(move |e: Event| {
            let Some(file) = files::picked(&e) else {
                return;
            };
            confirm_replace.set(false);
            let known = storage.read(|s| s.all_templates());
            spawn(&busy, &outcome, read_import(file, template.clone(), known, lazy.clone()));
        })
    };
    let on_reassign = {
        let (outcome, busy, lazy, template) = (outcome.clone(), busy.clone(), lazy.clone(), app.template.clone());
        Callback::from(move |review: crate::report::import::Review| {
            let (lazy, template) = (lazy.clone(), template.clone());
            spawn(&busy, &outcome, async move { run(&lazy, Job::Rebuild { review, template: (*template).clone() }, None).await });
        })
    };
    html! {
        <div class="import">
            <p class="section-hint">{ s::IMPORT_HINT }</p>
            <div class="field">
                // .doc/.wps too: choosing one says to save it as .docx (the core's message).
                { file_picker(FilePicker { id: "import-file", label: s::OPEN_FILE, hint: None, onchange: on_file,
                    accept: ".txt,.md,.markdown,.docx,.doc,.wps,.json,text/plain,text/markdown" }) }
            </div>
            <div class="field">
                <label class="field-label" for="import-paste">{ s::OR_PASTE }</label>
                <textarea id="import-paste" class="field-input" rows="8" value={(*pasted).clone()} oninput={on_paste_input} />
                <div class="sticky-actions">
                    <button type="button" class="btn" id="import-recognise" onclick={recognise}>{ s::RECOGNISE }</button>
                </div>
            </div>
            if *busy {
                <p role="status" id="import-busy">{ s::READING }</p>
            }
            { match (*outcome).clone() {
                None => html! {},
                Some(ImportOutcome::Refused(why)) => html! {
                    <p class="import-error" role="alert" id="import-error" tabindex="-1">{ s::import_refused(&why) }</p>
                },
                Some(ImportOutcome::Ready(imported)) => html! { <>
                    { summary::summary(&app, &storage, &lazy, imported.clone(), &confirm_replace, &next_year_failed) }
                    { review::review(&app.template, &imported, &on_reassign, *busy) }
                </> },
            } }
        </div>
    }
}
