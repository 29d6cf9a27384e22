//! 备份与恢复: export every draft or only the open one; import a backup file with a preview of
//! what it holds and a choice (replace, or add as copies) before anything is written.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::Action;
use crate::report::library::{ImportMode, ImportPlan, Scope};
use crate::report::storage::{BackupError, BACKUP_MAX_BYTES};
use crate::ui::adapters::files::{self, PickedFile};
use crate::ui::adapters::{clock, download};
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::context::use_app;
use crate::ui::hooks::context::use_storage;
use crate::ui::hooks::storage::Storage;
use crate::ui::components::fields::{file_picker, FilePicker};
use crate::ui::strings as s;

use super::{Message, SectionProps};

/// Where 导入备份 stands.
#[derive(Clone, PartialEq)]
enum Importing {
    Idle,
    Reading,
    Refused(String),
    Ready(Rc<ImportPlan>),
}

async fn read_backup(storage: Storage, file: PickedFile) -> Importing {
    if file.size() > BACKUP_MAX_BYTES as u64 {
        return Importing::Refused(BackupError::TooLarge { bytes: file.size() as usize }.to_string());
    }
    match file.bytes().await {
        Ok(bytes) => match storage.read(|s| s.plan_import(&bytes)) {
            Ok(plan) => Importing::Ready(Rc::new(plan)),
            Err(why) => Importing::Refused(s::session_error(&why)),
        },
        Err(why) => Importing::Refused(s::file_unreadable(&why)),
    }
}

/// Downloads a backup of `scope`; the message says what happened.
fn export_backup(app: &AppHandle, storage: &Storage, message: &Message, scope: Scope) -> Callback<MouseEvent> {
    let (app, storage, message) = (app.clone(), storage.clone(), message.clone());
    Callback::from(move |_: MouseEvent| {
        let now = clock::now();
        let result = storage.read(|s| s.backup(&scope, (&app.draft_id, &app.draft), now)).map_err(|e| s::session_error(&e));
        let result = result.and_then(|backup| {
            let name = s::backup_file_name(backup.title.as_deref(), now);
            download::download(backup.json.as_bytes(), &name, "application/json").map_err(|e| s::browser_error(&e))?;
            Ok(name)
        });
        if result.is_ok() && scope == Scope::All {
            storage.update(|s| s.backup_taken(now));
        }
        message.set(Some(match result {
            Ok(name) => s::backup_downloaded(&name),
            Err(why) => s::download_failed(&why),
        }));
    })
}

/// What a backup file holds, and the choice before anything is written.
fn import_plan(plan: &ImportPlan, apply: impl Fn(ImportMode) -> Callback<MouseEvent>, cancel: Callback<MouseEvent>) -> Html {
    html! {
        <div class="confirm import-plan" role="region" aria-labelledby="import-plan-heading" id="import-plan">
            <h4 id="import-plan-heading">{ s::plan_summary(plan) }</h4>
            <ul>
                for row in plan.rows.iter() {
                    <li>
                        <strong>{ row.meta.display_name().to_string() }</strong>
                        { s::plan_row(row) }
                    </li>
                }
            </ul>
            if plan.importable() == 0 {
                <p>{ s::BACKUP_NOTHING_TO_IMPORT }</p>
            } else if plan.conflicts() > 0 {
                <p>{ s::backup_conflicts(plan.conflicts()) }</p>
                <button type="button" class="btn primary" id="import-replace" onclick={apply(ImportMode::Replace)}>{ s::IMPORT_REPLACE }</button>
                <button type="button" class="btn" id="import-copies" onclick={apply(ImportMode::Copies)}>{ s::IMPORT_COPIES }</button>
            } else {
                <button type="button" class="btn primary" id="import-confirm" onclick={apply(ImportMode::Replace)}>{ s::import_all(plan.importable()) }</button>
            }
            <button type="button" class="btn" id="import-cancel" onclick={cancel}>{ s::CANCEL }</button>
        </div>
    }
}

#[component]
pub fn Backups(props: &SectionProps) -> Html {
    let importing = use_state(|| Importing::Idle);
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else { return html! {} };
    let message = props.message.clone();
    let now = clock::now();
    let last = storage.read(|s| s.last_backup());

    let export = |scope: Scope| export_backup(&app, &storage, &message, scope);
    let on_file = {
        let (importing, storage) = (importing.clone(), storage.clone());
        Callback::from(move |e: Event| {
            let Some(file) = files::picked(&e) else { return };
            importing.set(Importing::Reading);
            let (importing, storage) = (importing.clone(), storage.clone());
            yew::platform::spawn_local(async move { importing.set(read_backup(storage, file).await) });
        })
    };
    let apply = |mode: ImportMode| {
        let (importing, app, storage, message) = (importing.clone(), app.clone(), storage.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let Importing::Ready(plan) = (*importing).clone() else { return };
            match storage.update(|s| s.apply_import(&plan, mode, clock::now())) {
                Ok(report) => {
                    // The open draft was replaced in storage: show what is stored now.
                    if report.replaced.contains(&app.draft_id) {
                        if let Ok(open) = storage.update(|s| s.open(&app.draft_id, clock::now())) {
                            app.dispatch(Action::DraftOpened(Box::new(open)));
                        }
                    }
                    message.set(Some(s::backup_imported(&report)));
                }
                Err(why) => message.set(Some(s::backup_import_failed(&why))),
            }
            importing.set(Importing::Idle);
        })
    };
    let cancel = {
        let importing = importing.clone();
        Callback::from(move |_: MouseEvent| importing.set(Importing::Idle))
    };

    html! {
        <section class="drafts-section" aria-labelledby="backup-heading">
            <h3 id="backup-heading">{ s::BACKUP_HEADING }</h3>
            <p class="section-hint">{ s::BACKUP_HINT }</p>
            <p id="last-backup">{ s::last_backup(last, now) }</p>
            <div class="export-buttons">
                <button type="button" class="btn primary" id="export-all" onclick={export(Scope::All)}>{ s::EXPORT_ALL }</button>
                <button type="button" class="btn" id="export-current" onclick={export(Scope::One(app.draft_id.clone()))}>{ s::EXPORT_CURRENT }</button>
            </div>
            <div class="field import-backup">
                <p class="field-hint" id="backup-file-hint">{ s::BACKUP_FILE_HINT }</p>
                { file_picker(FilePicker { id: "backup-file", label: s::IMPORT_BACKUP, accept: ".json,application/json",
                    hint: Some("backup-file-hint"), onchange: on_file }) }
            </div>
            { match &*importing {
                Importing::Idle => html! {},
                Importing::Reading => html! { <p role="status">{ s::READING }</p> },
                Importing::Refused(why) => html! {
                    <div class="confirm" role="alert" id="import-error"><p>{ why.clone() }</p>
                        <button type="button" class="btn" onclick={cancel}>{ s::GOT_IT }</button></div>
                },
                Importing::Ready(plan) => import_plan(plan, apply, cancel),
            } }
        </section>
    }
}
