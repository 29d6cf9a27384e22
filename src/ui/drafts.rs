//! 我的报告: every stored draft (open, create, duplicate, rename, delete with 撤销), templates
//! (`templates`: new report of a chosen template, 更换模板, 载入模板文件), the open draft's
//! snapshots (preview, restore), backups (export all or one, import with a preview and a choice
//! before anything is replaced), kept damaged data, and 清除本机数据.

use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::browser;
use super::persist;
use super::state::{Action, AppState};
use super::strings as s;
use super::templates::{NewReport, TemplatesSection};
use crate::report::library::{self, Entry, Health, ImportMode, ImportPlan, Removed, Scope};
use crate::report::storage::{format_bytes, SnapshotRecord, BACKUP_MAX_BYTES};
use crate::report::{render, Edit, Format};

#[derive(Properties, PartialEq, Clone)]
pub struct DraftsProps {
    pub state: UseReducerHandle<AppState>,
}

/// Opens a draft the storage layer handed over.
pub(super) fn show(state: &UseReducerHandle<AppState>, opened: persist::ToOpen) {
    state.dispatch(Action::Open { id: opened.id, template: opened.template, draft: Box::new(opened.draft) });
    state.dispatch(Action::SetReadOnly(opened.read_only));
    // Its template is not on this computer: say it was opened with the default one.
    state.dispatch(Action::Notice(opened.notice));
}

#[component]
pub fn DraftsPage(props: &DraftsProps) -> Html {
    let _version = persist::use_storage_version();
    let state = props.state.clone();
    let message = use_state(|| None::<String>);
    let now = persist::now();
    let entries = persist::entries();
    let usage = persist::usage();

    html! {
        <div class="drafts">
            <p class="drafts-usage" id="storage-usage">
                { match usage {
                    Some(bytes) => format!("{} {}", s::STORAGE_USED, format_bytes(bytes)),
                    None => String::new(),
                } }
                if persist::is_memory_only() {
                    <strong class="bad-text">{ format!(" {}", s::MEMORY_ONLY_NOTE) }</strong>
                }
            </p>
            <NewReport state={state.clone()} message={message.clone()} />
            if let Some(text) = (*message).clone() {
                <p class="drafts-message" role="status">{ text }</p>
            }
            <DraftList state={state.clone()} entries={Rc::new(entries.clone())} {now} message={message.clone()} />
            <TemplatesSection state={state.clone()} message={message.clone()} />
            <Snapshots state={state.clone()} {now} message={message.clone()} />
            <Backups state={state.clone()} {now} message={message.clone()} entries={Rc::new(entries)} />
            <DamagedData message={message.clone()} />
            <Wipe message={message.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct ListProps {
    state: UseReducerHandle<AppState>,
    entries: Rc<Vec<Entry>>,
    now: u64,
    message: UseStateHandle<Option<String>>,
}

/// What 撤销 puts back, and which removal it belongs to.
#[derive(Clone, PartialEq)]
struct Undo {
    removed: Rc<Removed>,
    name: String,
    serial: u32,
}

#[component]
fn DraftList(props: &ListProps) -> Html {
    let state = props.state.clone();
    let renaming = use_state(|| None::<(String, String)>);
    let undo = use_state(|| None::<Undo>);
    let message = props.message.clone();

    {
        // 撤销 is offered for a few seconds, like item removal in the editor.
        let undo = undo.clone();
        let serial = undo.as_ref().map(|u| u.serial);
        use_effect_with(serial, move |serial| {
            let handle = serial.map(|serial| {
                browser::set_timeout(8000, move || {
                    if undo.as_ref().map(|u| u.serial) == Some(serial) {
                        undo.set(None);
                    }
                })
            });
            move || {
                if let Some(handle) = handle {
                    browser::clear_timeout(handle);
                }
            }
        });
    }

    let open = |id: String| {
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| match persist::open(&id) {
            Ok(opened) => show(&state, opened),
            Err(why) => message.set(Some(why)),
        })
    };
    let duplicate = |id: String| {
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            message.set(Some(match persist::duplicate(&id) {
                Ok(_) => "已复制为一份新报告。".into(),
                Err(why) => why,
            }));
            persist::touch();
        })
    };
    let delete = |entry: Entry| {
        let state = state.clone();
        let message = message.clone();
        let undo = undo.clone();
        let entries = props.entries.clone();
        Callback::from(move |_: MouseEvent| {
            let id = entry.meta.id.clone();
            // The open draft is replaced on screen first, so nothing can save it again.
            if id == state.draft_id {
                let next = library::pick_after_delete(&entries, &id).and_then(|next| persist::open(&next).ok());
                show(&state, next.unwrap_or_else(persist::fresh));
            }
            match persist::delete(&id) {
                Ok(removed) => {
                    let serial = undo.as_ref().map_or(1, |u| u.serial + 1);
                    undo.set(Some(Undo { removed: Rc::new(removed), name: entry.meta.display_name().to_string(), serial }));
                }
                Err(why) => message.set(Some(why)),
            }
        })
    };
    let restore = {
        let undo = undo.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(u) = (*undo).clone() {
                if let Err(why) = persist::undelete(&u.removed) {
                    message.set(Some(why));
                }
                undo.set(None);
            }
        })
    };

    html! {
        <section class="drafts-section" aria-labelledby="drafts-list-heading">
            <h3 id="drafts-list-heading">{ s::STORED_REPORTS }</h3>
            <ul class="draft-list">
                for entry in props.entries.iter().cloned() {
                    <li key={entry.meta.id.clone()} class={classes!("draft-row", (entry.meta.id == state.draft_id).then_some("current"))}
                        data-id={entry.meta.id.clone()}>
                        <div class="draft-main">
                            if renaming.as_ref().map(|(id, _)| id == &entry.meta.id).unwrap_or(false) {
                                <RenameForm id={entry.meta.id.clone()} renaming={renaming.clone()} message={message.clone()} />
                            } else {
                                <h4 class="draft-name">{ entry.meta.display_name().to_string() }</h4>
                            }
                            <p class="draft-meta">
                                { describe(&entry, props.now) }
                                if entry.meta.id == state.draft_id {
                                    <span class="badge current">{ s::CURRENT_BADGE }</span>
                                }
                                { match &entry.health {
                                    Health::Ok => html! {},
                                    Health::Newer { .. } => html! { <span class="badge warn">{ s::READ_ONLY_BADGE }</span> },
                                    Health::Damaged(_) => html! { <span class="badge bad">{ s::DAMAGED_BADGE }</span> },
                                } }
                            </p>
                        </div>
                        <div class="draft-actions" role="group" aria-label={format!("{}：{}", "操作", entry.meta.display_name())}>
                            if entry.meta.id != state.draft_id && !matches!(entry.health, Health::Damaged(_)) {
                                <button type="button" class="btn primary" onclick={open(entry.meta.id.clone())}>{ s::OPEN_DRAFT }</button>
                            }
                            if !matches!(entry.health, Health::Damaged(_)) {
                                <button type="button" class="btn" onclick={duplicate(entry.meta.id.clone())}>{ s::DUPLICATE }</button>
                            }
                            <button type="button" class="btn" onclick={
                                let renaming = renaming.clone();
                                let id = entry.meta.id.clone();
                                let name = entry.meta.display_name().to_string();
                                Callback::from(move |_: MouseEvent| renaming.set(Some((id.clone(), name.clone()))))
                            }>{ s::RENAME }</button>
                            if matches!(entry.health, Health::Damaged(_)) {
                                <button type="button" class="btn" onclick={
                                    let message = message.clone();
                                    let key = library::draft_key(&entry.meta.id);
                                    Callback::from(move |_: MouseEvent| {
                                        if let Err(why) = persist::download_damaged(&key) {
                                            message.set(Some(why));
                                        }
                                    })
                                }>{ s::DOWNLOAD }</button>
                            }
                            <button type="button" class="btn danger" onclick={delete(entry.clone())}>{ s::REMOVE }</button>
                        </div>
                    </li>
                }
            </ul>
            if props.entries.is_empty() {
                <p class="muted">{ "还没有保存的报告。开始填写后会自动保存在这里。" }</p>
            }
            if let Some(u) = (*undo).clone() {
                <div class="toast" role="status">
                    <span>{ format!("已删除“{}”", u.name) }</span>
                    <button type="button" class="btn" id="undo-delete" onclick={restore}>{ s::UNDO }</button>
                </div>
            }
        </section>
    }
}

/// `模板 · 2024 年度 · 最后修改 2024-11-05 10:31（3 天前）· 1,234 字 · 12 KB`
fn describe(entry: &Entry, now: u64) -> String {
    let meta = &entry.meta;
    let mut parts = Vec::new();
    if !meta.template_name.is_empty() {
        parts.push(meta.template_name.clone());
    }
    if !meta.year.is_empty() {
        parts.push(format!("{} 年度", meta.year));
    }
    parts.push(format!("最后修改 {}（{}）", persist::date_time(meta.edited), library::age_text(meta.edited, now)));
    parts.push(format!("{} 字", meta.chars));
    parts.push(format_bytes(meta.size));
    parts.join(" · ")
}

#[derive(Properties, PartialEq, Clone)]
struct RenameProps {
    id: String,
    renaming: UseStateHandle<Option<(String, String)>>,
    message: UseStateHandle<Option<String>>,
}

#[component]
fn RenameForm(props: &RenameProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
        });
    }
    let value = props.renaming.as_ref().map(|(_, v)| v.clone()).unwrap_or_default();
    let input_id = format!("rename-{}", props.id);
    let oninput = {
        let renaming = props.renaming.clone();
        let id = props.id.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            renaming.set(Some((id.clone(), input.value())));
        })
    };
    let save = {
        let renaming = props.renaming.clone();
        let message = props.message.clone();
        let id = props.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = renaming.as_ref().map(|(_, v)| v.clone()).unwrap_or_default();
            if let Err(why) = persist::rename(&id, &name) {
                message.set(Some(why));
            }
            renaming.set(None);
        })
    };
    let cancel = {
        let renaming = props.renaming.clone();
        Callback::from(move |_: MouseEvent| renaming.set(None))
    };
    let onkeydown = {
        let renaming = props.renaming.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                renaming.set(None);
            }
        })
    };
    html! {
        <form class="rename-form" onsubmit={save}>
            <label for={input_id.clone()} class="field-label">{ "报告名称（留空则使用报告标题）" }</label>
            <input ref={input} id={input_id} class="field-input" type="text" maxlength="100" value={value} {oninput} {onkeydown} />
            <button type="submit" class="btn primary">{ s::SAVE_NAME }</button>
            <button type="button" class="btn" onclick={cancel}>{ s::CANCEL }</button>
        </form>
    }
}

#[derive(Properties, PartialEq, Clone)]
struct SectionProps {
    state: UseReducerHandle<AppState>,
    now: u64,
    message: UseStateHandle<Option<String>>,
}

#[component]
fn Snapshots(props: &SectionProps) -> Html {
    let state = props.state.clone();
    let previewing = use_state(|| None::<u64>);
    let list = persist::snapshots(&state.draft_id);
    let restore = |record: SnapshotRecord| {
        let state = state.clone();
        let message = props.message.clone();
        Callback::from(move |_: MouseEvent| {
            let draft = match record.decode() {
                Ok(draft) => draft,
                Err(why) => return message.set(Some(format!("这个版本无法读取：{why}"))),
            };
            if let Err(why) = persist::before_restore() {
                return message.set(Some(why));
            }
            let (template, draft) = persist::conform(draft);
            // A version from before 更换模板 brings its own template back with it.
            if template.id != state.template.id {
                state.dispatch(Action::ChangeTemplate { template, draft: Box::new(draft) });
            } else {
                state.dispatch(Action::Edit(Edit::Replace(Box::new(draft))));
            }
            message.set(Some(format!("已恢复到 {} 的版本。恢复前的内容已留在版本记录里。", persist::date_time(record.at))));
        })
    };
    html! {
        <section class="drafts-section" aria-labelledby="snapshots-heading">
            <h3 id="snapshots-heading">{ format!("{}（当前报告）", s::SNAPSHOTS_HEADING) }</h3>
            <p class="section-hint">{ s::SNAPSHOTS_HINT }</p>
            { match list {
                Err(why) => html! { <p class="bad-text">{ format!("版本记录无法读取：{why}") }</p> },
                Ok(list) if list.is_empty() => html! { <p class="muted">{ s::NO_SNAPSHOTS }</p> },
                Ok(list) => html! {
                    <ol class="snapshot-list" reversed=true>
                        for record in list.into_iter().rev() {
                            <li key={record.at.to_string()} class="snapshot">
                                <div class="snapshot-head">
                                    <span>{ format!("{}（{}）· {} 字", persist::date_time(record.at), library::age_text(record.at, props.now), record.chars) }</span>
                                    <span class="snapshot-actions">
                                        <button type="button" class="btn" aria-expanded={(*previewing == Some(record.at)).to_string()} onclick={
                                            let previewing = previewing.clone();
                                            let at = record.at;
                                            Callback::from(move |_: MouseEvent| previewing.set(if *previewing == Some(at) { None } else { Some(at) }))
                                        }>{ if *previewing == Some(record.at) { s::HIDE_PREVIEW } else { s::PREVIEW_SNAPSHOT } }</button>
                                        <button type="button" class="btn" disabled={state.read_only.is_some()} onclick={restore(record.clone())}>{ s::RESTORE_SNAPSHOT }</button>
                                    </span>
                                </div>
                                if *previewing == Some(record.at) {
                                    <pre class="snapshot-preview" tabindex="0">{ preview_text(&record) }</pre>
                                }
                            </li>
                        }
                    </ol>
                },
            } }
        </section>
    }
}

fn preview_text(record: &SnapshotRecord) -> String {
    match record.decode() {
        Ok(draft) => {
            let (template, draft) = persist::conform(draft);
            String::from_utf8_lossy(&render(&draft, &template, Format::Txt)).into_owned()
        }
        Err(why) => format!("这个版本无法读取：{why}"),
    }
}

#[derive(Properties, PartialEq, Clone)]
struct BackupProps {
    state: UseReducerHandle<AppState>,
    now: u64,
    message: UseStateHandle<Option<String>>,
    entries: Rc<Vec<Entry>>,
}

/// Where 导入备份 stands.
#[derive(Clone, PartialEq)]
enum Importing {
    Idle,
    Reading,
    Refused(String),
    Ready(Rc<ImportPlan>),
}

#[component]
fn Backups(props: &BackupProps) -> Html {
    let state = props.state.clone();
    let importing = use_state(|| Importing::Idle);
    let last = persist::last_backup();
    let message = props.message.clone();

    let export = |scope: Scope| {
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            let result = persist::export_backup(scope.clone(), (&state.draft_id, &state.draft));
            message.set(Some(match result {
                Ok(name) => format!("已下载备份文件 {name}。"),
                Err(why) => format!("{}：{why}", s::DOWNLOAD_FAILED),
            }));
        })
    };
    let on_file = {
        let importing = importing.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            // The same file can be chosen again after a cancel.
            input.set_value("");
            if file.size() > BACKUP_MAX_BYTES as f64 {
                let error = crate::report::storage::BackupError::TooLarge { bytes: file.size() as usize };
                importing.set(Importing::Refused(error.to_string()));
                return;
            }
            importing.set(Importing::Reading);
            let importing = importing.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let next = match JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => {
                        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                        match persist::plan_import(&bytes) {
                            Ok(plan) => Importing::Ready(Rc::new(plan)),
                            Err(why) => Importing::Refused(why),
                        }
                    }
                    Err(e) => Importing::Refused(format!("无法读取文件：{}", browser::js_error_text(&e))),
                };
                importing.set(next);
            });
        })
    };
    let apply = |mode: ImportMode| {
        let importing = importing.clone();
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            let Importing::Ready(plan) = (*importing).clone() else { return };
            match persist::apply_import(&plan, mode) {
                Ok(report) => {
                    // The open draft was replaced in storage: show what is stored now.
                    if report.replaced.contains(&state.draft_id) {
                        if let Ok(opened) = persist::open(&state.draft_id) {
                            show(&state, opened);
                        }
                    }
                    let mut text = format!("已导入 {} 份报告。", report.written.len());
                    if !report.replaced.is_empty() {
                        text.push_str(&format!("替换了 {} 份，替换前的内容留在了它们的版本记录里。", report.replaced.len()));
                    }
                    for (name, why) in &report.failed {
                        text.push_str(&format!("“{name}”没有导入：{why}。"));
                    }
                    if !report.templates_loaded.is_empty() {
                        text.push_str(&format!("载入了模板：{}。", report.templates_loaded.join("、")));
                    }
                    message.set(Some(text));
                }
                Err(why) => message.set(Some(format!("导入失败：{why}。本机原有的报告没有改变。"))),
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
            <p id="last-backup">{ match last {
                Some(at) => format!("上次导出全部报告：{}（{}）", persist::date_time(at), library::age_text(at, props.now)),
                None => s::NEVER_BACKED_UP.to_string(),
            } }</p>
            <div class="export-buttons">
                <button type="button" class="btn primary" id="export-all" onclick={export(Scope::All)}>{ s::EXPORT_ALL }</button>
                <button type="button" class="btn" id="export-current" onclick={export(Scope::One(state.draft_id.clone()))}>{ s::EXPORT_CURRENT }</button>
            </div>
            <div class="field import-backup">
                <label class="field-label" for="backup-file">{ s::IMPORT_BACKUP }</label>
                <p class="field-hint" id="backup-file-hint">{ "选择以前导出的备份文件（.json）。导入前会先列出其中的报告，由你决定是否替换。" }</p>
                <input type="file" id="backup-file" accept=".json,application/json" aria-describedby="backup-file-hint" onchange={on_file} />
            </div>
            { match &*importing {
                Importing::Idle => html! {},
                Importing::Reading => html! { <p role="status">{ "正在读取…" }</p> },
                Importing::Refused(why) => html! {
                    <div class="confirm" role="alert" id="import-error"><p>{ why.clone() }</p>
                        <button type="button" class="btn" onclick={cancel}>{ s::GOT_IT }</button></div>
                },
                Importing::Ready(plan) => html! {
                    <div class="confirm import-plan" role="region" aria-labelledby="import-plan-heading" id="import-plan">
                        <h4 id="import-plan-heading">{ plan_summary(plan) }</h4>
                        <ul>
                            for row in plan.rows.iter() {
                                <li>
                                    <strong>{ row.meta.display_name().to_string() }</strong>
                                    { match (&row.draft, &row.existing) {
                                        (Err(why), _) => format!("：无法导入（{why}）"),
                                        (Ok(_), Some(local)) => format!(
                                            "：本机已有同一份报告（本机最后修改 {}，备份中的最后修改 {}）",
                                            persist::date_time(local.edited), persist::date_time(row.meta.edited)
                                        ),
                                        (Ok(_), None) => format!("：{} · 最后修改 {}", row.meta.template_name, persist::date_time(row.meta.edited)),
                                    } }
                                </li>
                            }
                        </ul>
                        if plan.importable() == 0 {
                            <p>{ "这个备份里没有可以导入的报告。" }</p>
                        } else if plan.conflicts() > 0 {
                            <p>{ format!("其中 {} 份本机已有。替换会用备份中的内容覆盖本机的版本（本机版本会先留在版本记录里）；作为副本添加则不改动本机已有的报告。", plan.conflicts()) }</p>
                            <button type="button" class="btn primary" id="import-replace" onclick={apply(ImportMode::Replace)}>{ s::IMPORT_REPLACE }</button>
                            <button type="button" class="btn" id="import-copies" onclick={apply(ImportMode::Copies)}>{ s::IMPORT_COPIES }</button>
                        } else {
                            <button type="button" class="btn primary" id="import-confirm" onclick={apply(ImportMode::Replace)}>{ format!("{} {} 份报告", s::IMPORT_ALL, plan.importable()) }</button>
                        }
                        <button type="button" class="btn" id="import-cancel" onclick={cancel}>{ s::CANCEL }</button>
                    </div>
                },
            } }
        </section>
    }
}

fn plan_summary(plan: &ImportPlan) -> String {
    let when = if plan.exported_at > 0 { format!("（导出于 {}）", persist::date_time(plan.exported_at)) } else { String::new() };
    let mut text = format!("备份文件{when}包含 {} 份报告", plan.rows.len());
    if !plan.damaged.is_empty() {
        text.push_str(&format!("和 {} 份无法读取的数据（会原样保留）", plan.damaged.len()));
    }
    if !plan.templates.is_empty() {
        let names: Vec<&str> = plan.templates.iter().map(|(name, _)| name.as_str()).collect();
        text.push_str(&format!("，以及报告用到的模板：{}", names.join("、")));
    }
    text.push('：');
    text
}

#[derive(Properties, PartialEq, Clone)]
struct MessageProps {
    message: UseStateHandle<Option<String>>,
}

#[component]
fn DamagedData(props: &MessageProps) -> Html {
    let copies = persist::damaged_copies();
    let confirming = use_state(|| None::<String>);
    if copies.is_empty() {
        return html! {};
    }
    html! {
        <section class="drafts-section" aria-labelledby="damaged-heading" id="damaged-data">
            <h3 id="damaged-heading">{ s::DAMAGED_HEADING }</h3>
            <p class="section-hint">{ s::DAMAGED_HINT }</p>
            <ul class="damaged-list">
                for (key, size) in copies {
                    <li key={key.clone()}>
                        <span>{ format!("{}（{}）", damaged_label(&key), format_bytes(size)) }</span>
                        <button type="button" class="btn" onclick={
                            let message = props.message.clone();
                            let key = key.clone();
                            Callback::from(move |_: MouseEvent| {
                                if let Err(why) = persist::download_damaged(&key) {
                                    message.set(Some(format!("{}：{why}", s::DOWNLOAD_FAILED)));
                                }
                            })
                        }>{ s::DOWNLOAD }</button>
                        if confirming.as_deref() == Some(key.as_str()) {
                            <button type="button" class="btn danger" onclick={
                                let message = props.message.clone();
                                let confirming = confirming.clone();
                                let key = key.clone();
                                Callback::from(move |_: MouseEvent| {
                                    if let Err(why) = persist::remove_damaged(&key) {
                                        message.set(Some(why));
                                    }
                                    confirming.set(None);
                                })
                            }>{ s::CONFIRM_DELETE }</button>
                        } else {
                            <button type="button" class="btn" onclick={
                                let confirming = confirming.clone();
                                let key = key.clone();
                                Callback::from(move |_: MouseEvent| confirming.set(Some(key.clone())))
                            }>{ s::REMOVE }</button>
                        }
                    </li>
                }
            </ul>
        </section>
    }
}

/// `保存于 2024-11-05 10:31 的无法读取数据` from `shuzhi.damaged.<ms>[-n]`.
fn damaged_label(key: &str) -> String {
    let ms = key
        .strip_prefix(library::DAMAGED_PREFIX)
        .and_then(|r| r.strip_prefix('.'))
        .and_then(|r| r.split('-').next())
        .and_then(|r| r.parse::<u64>().ok());
    match ms {
        Some(ms) => format!("发现于 {} 的数据", persist::date_time(ms)),
        None => "旧版本留下的数据".into(),
    }
}

#[component]
fn Wipe(props: &MessageProps) -> Html {
    let stage = use_state(|| false);
    let typed = use_state(String::new);
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(*stage, move |open| {
            if *open {
                if let Some(input) = input.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    }
    let confirmed = typed.trim() == s::WIPE_WORD;
    let wipe = {
        let message = props.message.clone();
        Callback::from(move |_: MouseEvent| {
            if !confirmed {
                return;
            }
            if let Err(why) = persist::wipe() {
                message.set(Some(format!("清除失败：{why}")));
            }
        })
    };
    html! {
        <section class="drafts-section danger-zone" aria-labelledby="wipe-heading">
            <h3 id="wipe-heading">{ s::WIPE_HEADING }</h3>
            <p class="section-hint">{ s::WIPE_HINT }</p>
            if *stage {
                <div class="wipe-confirm">
                    <label class="field-label" for="wipe-input">{ s::WIPE_CONFIRM_LABEL }</label>
                    <input ref={input} id="wipe-input" class="field-input" type="text" autocomplete="off" value={(*typed).clone()} oninput={
                        let typed = typed.clone();
                        Callback::from(move |e: InputEvent| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            typed.set(input.value());
                        })
                    } />
                    <button type="button" class="btn danger-solid" id="wipe-confirm" disabled={!confirmed} onclick={wipe}>{ s::WIPE_CONFIRM }</button>
                    <button type="button" class="btn" onclick={
                        let stage = stage.clone();
                        let typed = typed.clone();
                        Callback::from(move |_: MouseEvent| {
                            typed.set(String::new());
                            stage.set(false);
                        })
                    }>{ s::CANCEL }</button>
                </div>
            } else {
                <button type="button" class="btn danger" id="wipe-start" onclick={
                    let stage = stage.clone();
                    Callback::from(move |_: MouseEvent| stage.set(true))
                }>{ s::WIPE_START }</button>
            }
        </section>
    }
}
