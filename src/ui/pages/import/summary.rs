//! What an import recognised, what the importer noticed, and the three ways to use it.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::{open_under_template, Action, ToOpen};
use crate::report::diagnostic::Severity;
use crate::report::import::Imported;
use crate::report::model::count_chars;
use crate::report::outline::paragraphs;
use crate::ui::adapters::clock;
use crate::ui::adapters::lazy::Lazy;
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::next_year::start_next_year;
use crate::ui::hooks::storage::Storage;
use crate::ui::strings as s;

/// Opens the imported draft (made for the open draft's template) under storage id `id`: the
/// current one, or a new one.
fn open(app: &AppHandle, id: String, imported: &Imported) {
    let template = (*app.template).clone();
    let opened = open_under_template(imported.draft.clone(), |_| Some(template.clone()), template.clone());
    app.dispatch(Action::DraftOpened(Box::new(ToOpen { id, opened, read_only: None })));
}

/// `next_year_failed`: why 作为去年的报告 could not start (the lazy part grows next year's draft).
pub fn summary(
    app: &AppHandle,
    storage: &Storage,
    lazy: &Lazy,
    imported: Rc<Imported>,
    confirm_replace: &UseStateHandle<bool>,
    next_year_failed: &UseStateHandle<Option<String>>,
) -> Html {
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
        let (app, storage, lazy, imported, failed) = (app.clone(), storage.clone(), lazy.clone(), imported.clone(), next_year_failed.clone());
        Callback::from(move |_: MouseEvent| {
            let (app, storage, lazy, failed) = (app.clone(), storage.clone(), lazy.clone(), failed.clone());
            let (last, template) = (imported.draft.clone(), (*app.template).clone());
            yew::platform::spawn_local(async move { failed.set(start_next_year(&app, &storage, &lazy, last, template).await.err()) });
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
            if let Some(why) = (**next_year_failed).clone() {
                <p class="export-message bad-text" role="alert" id="next-year-error">{ why }</p>
            }
        </section>
    }
}
