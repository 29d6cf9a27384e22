//! 导入已有报告: paste text or open a .txt/.md/.docx (or drop it on the page), see what was
//! recognised, then replace the current draft or open it as a new one. Nothing changes until the
//! user confirms; a refused file leaves the current draft untouched.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::{open_under_template, Action, ToOpen};
use crate::report::diagnostic::Severity;
use crate::report::import::{import_file, import_text, Imported, MAX_FILE_BYTES};
use crate::report::model::count_chars;
use crate::report::outline::paragraphs;
use crate::report::Template;
use crate::ui::adapters::files::{self, PickedFile};
use crate::ui::adapters::{clock, dom};
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::context::use_app;
use crate::ui::hooks::context::use_storage;
use crate::ui::hooks::storage::Storage;
use crate::ui::strings as s;

/// The result of reading a file or a paste, shown for confirmation.
#[derive(Clone, PartialEq)]
pub enum ImportOutcome {
    Ready(Rc<Imported>),
    Refused(String),
}

/// Reads a picked or dropped file and imports it (the browser decodes GBK and UTF-16 itself).
pub async fn read_import(file: PickedFile, template: Rc<Template>) -> ImportOutcome {
    if file.size() > MAX_FILE_BYTES as u64 {
        return ImportOutcome::Refused(s::file_too_large(file.size()));
    }
    let bytes = match file.bytes().await {
        Ok(bytes) => bytes,
        Err(why) => return ImportOutcome::Refused(s::file_unreadable(&why)),
    };
    let decode = |bytes: &[u8], label: &str| files::decode(bytes, label, true);
    match import_file(&file.name(), &bytes, &template, &decode) {
        Ok(imported) => ImportOutcome::Ready(Rc::new(imported)),
        Err(why) => ImportOutcome::Refused(why.to_string()),
    }
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
    {
        let outcome = outcome.clone();
        use_effect_with(props.dropped.clone(), move |dropped| {
            if dropped.is_some() {
                outcome.set(dropped.clone());
            }
        });
    }
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else { return html! {} };

    let on_paste_input = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| pasted.set(dom::input_text(&e)))
    };
    let recognise = {
        let (pasted, outcome, template, confirm_replace) = (pasted.clone(), outcome.clone(), app.template.clone(), confirm_replace.clone());
        Callback::from(move |_: MouseEvent| {
            confirm_replace.set(false);
            outcome.set(Some(if pasted.trim().is_empty() {
                ImportOutcome::Refused(s::PASTE_FIRST.into())
            } else {
                ImportOutcome::Ready(Rc::new(import_text(&pasted, &template)))
            }));
        })
    };
    let on_file = {
        let (outcome, template, busy, confirm_replace) = (outcome.clone(), app.template.clone(), busy.clone(), confirm_replace.clone());
        Callback::from(move |e: Event| {
            let Some(file) = files::picked(&e) else { return };
            confirm_replace.set(false);
            let (outcome, template, busy) = (outcome.clone(), template.clone(), busy.clone());
            busy.set(true);
            yew::platform::spawn_local(async move {
                let read = read_import(file, template).await;
                busy.set(false);
                outcome.set(Some(read));
            });
        })
    };
    html! {
        <div class="import">
            <p class="section-hint">{ s::IMPORT_HINT }</p>
            <div class="field">
                <label class="field-label" for="import-file">{ s::OPEN_FILE }</label>
                <input type="file" id="import-file" accept=".txt,.md,.markdown,.docx,.json,text/plain,text/markdown"
                    onchange={on_file} />
            </div>
            <div class="field">
                <label class="field-label" for="import-paste">{ s::OR_PASTE }</label>
                <textarea id="import-paste" class="field-input" rows="8" value={(*pasted).clone()} oninput={on_paste_input} />
                <button type="button" class="btn" id="import-recognise" onclick={recognise}>{ s::RECOGNISE }</button>
            </div>
            if *busy {
                <p role="status">{ s::READING }</p>
            }
            { match (*outcome).clone() {
                None => html! {},
                Some(ImportOutcome::Refused(why)) => html! {
                    <p class="import-error" role="alert">{ s::import_refused(&why) }</p>
                },
                Some(ImportOutcome::Ready(imported)) => summary(&app, &storage, imported, &confirm_replace),
            } }
        </div>
    }
}

/// Opens the imported draft (made for the open draft's template) under storage id `id`: the
/// current one, or a new one.
fn open(app: &AppHandle, id: String, imported: &Imported) {
    let template = (*app.template).clone();
    let opened = open_under_template(imported.draft.clone(), |_| Some(template.clone()), template.clone());
    app.dispatch(Action::DraftOpened(Box::new(ToOpen { id, opened, read_only: None })));
}

/// What was recognised, what the importer noticed, and the three ways to use it.
fn summary(app: &AppHandle, storage: &Storage, imported: Rc<Imported>, confirm_replace: &UseStateHandle<bool>) -> Html {
    let current_has_text = app.draft.sections.iter().flat_map(|s| &s.items).any(|i| !i.body.trim().is_empty());
    let as_new = {
        let (app, storage, imported) = (app.clone(), storage.clone(), imported.clone());
        Callback::from(move |_: MouseEvent| open(&app, storage.read(|s| s.new_id(clock::now())), &imported))
    };
    let replace = {
        let (app, imported, confirm_replace) = (app.clone(), imported.clone(), confirm_replace.clone());
        Callback::from(move |_: MouseEvent| {
            if current_has_text && !*confirm_replace {
                confirm_replace.set(true);
                return;
            }
            open(&app, app.draft_id.clone(), &imported);
        })
    };
    let next_year = {
        let (app, storage, imported) = (app.clone(), storage.clone(), imported.clone());
        Callback::from(move |_: MouseEvent| {
            let open = storage.read(|s| s.next_year(&imported.draft, &app.template, clock::now()));
            app.dispatch(Action::DraftOpened(Box::new(open)));
        })
    };
    let draft = &imported.draft;
    let leftover_chars = count_chars(&draft.leftover);
    html! {
        <section class="panel import-summary" aria-labelledby="import-summary-heading">
            <h3 id="import-summary-heading" tabindex="-1">{ s::IMPORT_RESULT }</h3>
            <p>{ s::import_title(&draft.title(&app.template)) }</p>
            <ul class="import-parts">
                <li>{ s::import_intro(paragraphs(&draft.intro).len()) }</li>
                for spec in app.template.sections.iter() {
                    <li key={spec.id.clone()}>{ s::import_section(&spec.heading, draft.section(&spec.id).map_or(0, |s| s.items.len())) }</li>
                }
                if !draft.closing.is_empty() {
                    <li>{ s::import_closing(&draft.closing) }</li>
                }
                if leftover_chars > 0 {
                    <li class="warn">{ s::import_leftover(leftover_chars) }</li>
                }
            </ul>
            if !imported.diagnostics.is_empty() {
                <details>
                    <summary>{ s::import_notes(imported.diagnostics.len()) }</summary>
                    <ul>
                        for (i, d) in imported.diagnostics.iter().enumerate() {
                            <li key={i} class={if d.severity == Severity::Error { "warn" } else { "" }}>{ s::labelled(d.severity.label(), &d.message) }</li>
                        }
                    </ul>
                </details>
            }
            if **confirm_replace {
                <p class="confirm" role="alert">{ s::IMPORT_CONFIRM_REPLACE }</p>
            }
            <div class="export-buttons">
                <button type="button" class="btn primary" id="import-new" onclick={as_new}>{ s::IMPORT_AS_NEW }</button>
                <button type="button" class="btn" id="import-replace" onclick={replace}>{ s::IMPORT_REPLACE_CURRENT }</button>
                <button type="button" class="btn" id="import-next-year" onclick={next_year}>{ s::IMPORT_AS_LAST_YEAR }</button>
            </div>
        </section>
    }
}
