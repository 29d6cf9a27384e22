//! Templates on 我的报告: 新建报告 with a choice of template, 更换模板 for the open draft (a
//! confirmation lists where each part goes before anything changes), 载入模板文件 with the
//! reader's field-naming Chinese error (from the lazy part, which holds the explaining reader),
//! and the templates loaded on this computer.
//!
//! The decisions are the core's (`report::convert`, `report::library`); this module only asks the
//! storage session and dispatches.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::lazy::Job;
use crate::app::{Action, OpenedDraft};
use crate::report::convert::{plan_switch, Switched};
use crate::report::library::{TemplateLoadError, TEMPLATE_MAX_BYTES};
use crate::report::{is_builtin, Template};
use crate::ui::adapters::files::{self, PickedFile};
use crate::ui::adapters::lazy::Lazy;
use crate::ui::adapters::{clock, dom};
use crate::ui::hooks::context::{use_app, use_lazy, use_portal, use_storage};
use crate::ui::hooks::lazy_job::{run_job, JobError};
use crate::ui::hooks::storage::Storage;
use crate::ui::components::fields::{file_picker, FilePicker};
use crate::ui::strings as s;

use super::{Message, SectionProps};

/// How a template is named in the choices: loaded ones say so.
fn label(template: &Template) -> String {
    s::template_label(template, !is_builtin(&template.id))
}

fn on_select(choice: &UseStateHandle<String>) -> Callback<Event> {
    let choice = choice.clone();
    Callback::from(move |e: Event| choice.set(dom::selected(&e).0))
}

/// 新建报告 and the template it uses (the portal's, else the default one, unless chosen).
#[component]
pub fn NewReport(props: &SectionProps) -> Html {
    let portal = use_portal();
    let choice = use_state(|| portal.default_template().id);
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else { return html! {} };
    let templates = storage.read(|s| s.all_templates());
    let chosen = templates.iter().find(|t| t.id == *choice).cloned().unwrap_or_else(|| portal.default_template());
    let create = {
        let (message, chosen) = (props.message.clone(), chosen.clone());
        // With the portal's 单位 and 年度 when it configures them, like the first report.
        Callback::from(move |_: MouseEvent| match storage.update(|s| s.create(portal.new_draft(&chosen), "", clock::now())) {
            Ok(open) => app.dispatch(Action::DraftOpened(Box::new(open))),
            Err(why) => message.set(Some(s::session_error(&why))),
        })
    };
    html! {
        <div class="drafts-toolbar new-report">
            <label class="inline-field">
                { s::NEW_REPORT_TEMPLATE }
                <select id="new-template" aria-describedby="new-template-outline" onchange={on_select(&choice)}>
                    for t in templates.iter() {
                        <option value={t.id.clone()} selected={t.id == chosen.id}>{ label(t) }</option>
                    }
                </select>
            </label>
            <button type="button" class="btn primary" id="new-draft" onclick={create}>{ s::NEW_REPORT }</button>
            <p class="field-hint" id="new-template-outline">{ s::outline_text(&chosen) }</p>
        </div>
    }
}

/// A switch the user is looking at before confirming it.
#[derive(Clone, PartialEq)]
struct Pending {
    template: Rc<Template>,
    switched: Rc<Switched>,
}

/// 模板: 更换模板 for the open draft, 载入模板文件, and the loaded templates.
#[component]
pub fn TemplatesSection(props: &SectionProps) -> Html {
    let target = use_state(String::new);
    let pending = use_state(|| None::<Pending>);
    let loading = use_state(|| Loading::Idle);
    let lazy = use_lazy();
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else { return html! {} };
    let message = props.message.clone();
    let templates = storage.read(|s| s.all_templates());
    let others: Vec<&Template> = templates.iter().filter(|t| t.id != app.template.id).collect();
    let target_template = others.iter().find(|t| t.id == *target).or(others.first()).map(|t| (*t).clone());
    let read_only = app.read_only.is_some();

    let plan = {
        let (app, pending, target_template) = (app.clone(), pending.clone(), target_template.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(to) = target_template.clone() else { return };
            let switched = plan_switch(&app.draft, &app.template, &to);
            pending.set(Some(Pending { template: Rc::new(to), switched: Rc::new(switched) }));
        })
    };
    let apply = {
        let (app, storage, pending, message) = (app.clone(), storage.clone(), pending.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(plan) = (*pending).clone() else { return };
            pending.set(None);
            // The version before the switch stays in 版本记录, so the switch can be undone there.
            if let Err(why) = storage.update(|s| s.before_restore(clock::now())) {
                return message.set(Some(s::switch_failed(&why)));
            }
            let opened = OpenedDraft { template: (*plan.template).clone(), draft: plan.switched.draft.clone(), missing: None };
            app.dispatch(Action::TemplateChanged(Box::new(opened)));
            message.set(Some(s::switched(&plan.template.name, &plan.switched.moved)));
        })
    };
    let cancel = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(None))
    };
    html! {
        <section class="drafts-section" aria-labelledby="templates-heading" id="templates">
            <h3 id="templates-heading">{ s::TEMPLATES_HEADING }</h3>
            <p class="section-hint">{ s::current_template(&app.template) }</p>
            <div class="switch-template">
                <label class="inline-field">
                    { s::SWITCH_TO }
                    <select id="switch-template" disabled={read_only} onchange={on_select(&target)}>
                        for t in others.iter() {
                            <option value={t.id.clone()} selected={target_template.as_ref().is_some_and(|x| x.id == t.id)}>{ label(t) }</option>
                        }
                    </select>
                </label>
                <button type="button" class="btn" id="switch-plan" disabled={read_only || target_template.is_none()} onclick={plan}>
                    { s::SWITCH_TEMPLATE }
                </button>
            </div>
            if let Some(p) = (*pending).clone() {
                <div class="confirm import-plan" role="region" aria-labelledby="switch-confirm-heading" id="switch-confirm">
                    <h4 id="switch-confirm-heading">{ s::switch_question(&p.template.name) }</h4>
                    <p>{ s::new_structure(&p.template) }</p>
                    if !p.switched.mapped.is_empty() {
                        <p>{ s::SWITCH_MAPPED }</p>
                        <ul id="switch-mapped">
                            for line in p.switched.mapped.iter() { <li>{ line.clone() }</li> }
                        </ul>
                    }
                    if p.switched.moved.is_empty() {
                        <p id="switch-moved">{ s::SWITCH_NOTHING_MOVED }</p>
                    } else {
                        <p>{ s::SWITCH_MOVED }</p>
                        <ul id="switch-moved">
                            for line in p.switched.moved.iter() { <li>{ line.clone() }</li> }
                        </ul>
                    }
                    <p>{ s::SWITCH_UNDO_HINT }</p>
                    <button type="button" class="btn primary" id="switch-apply" onclick={apply}>{ s::SWITCH_CONFIRM }</button>
                    <button type="button" class="btn" onclick={cancel}>{ s::CANCEL }</button>
                </div>
            }
            { load_template(&storage, &lazy, &loading, &message) }
            { loaded_templates(&storage, &message) }
        </section>
    }
}

/// Where 载入模板文件 stands.
#[derive(Clone, PartialEq)]
enum Loading {
    Idle,
    Reading,
    Refused(String),
}

/// What the lazy part says is wrong with a template file, with the field's path (`None`: nothing,
/// or the lazy part could not answer — the page's own brief reader still refuses a bad file).
async fn explain(lazy: &Lazy, json: &str) -> Option<String> {
    let job = Job::CheckTemplate { json: json.to_string() };
    match run_job(lazy, &job, None).await {
        Err(JobError::Refused(why)) => Some(why),
        _ => None,
    }
}

async fn load(storage: Storage, lazy: Lazy, file: PickedFile, message: Message) -> Loading {
    if file.size() > TEMPLATE_MAX_BYTES as u64 {
        return Loading::Refused(TemplateLoadError::TooLarge { bytes: file.size() as usize }.to_string());
    }
    let bytes = match file.bytes().await {
        Ok(bytes) => bytes,
        Err(why) => return Loading::Refused(s::file_unreadable(&why)),
    };
    // A GBK file would read as garbage: only UTF-8 is accepted.
    let Ok(text) = String::from_utf8(bytes) else { return Loading::Refused(s::TEMPLATE_NOT_UTF8.into()) };
    let json = text.trim_start_matches('\u{feff}');
    if let Some(why) = explain(&lazy, json).await {
        return Loading::Refused(why);
    }
    match storage.update(|s| s.load_template(json)) {
        Ok((template, replaced)) => {
            message.set(Some(s::template_loaded(&template, replaced)));
            Loading::Idle
        }
        Err(why) => Loading::Refused(s::session_error(&why)),
    }
}

/// 载入模板文件.
fn load_template(storage: &Storage, lazy: &Lazy, loading: &UseStateHandle<Loading>, message: &Message) -> Html {
    let on_file = {
        let (loading, message, storage, lazy) = (loading.clone(), message.clone(), storage.clone(), lazy.clone());
        Callback::from(move |e: Event| {
            let Some(file) = files::picked(&e) else { return };
            loading.set(Loading::Reading);
            let (loading, storage, lazy, message) = (loading.clone(), storage.clone(), lazy.clone(), message.clone());
            yew::platform::spawn_local(async move { loading.set(load(storage, lazy, file, message).await) });
        })
    };
    html! { <>
        <div class="field import-backup">
            <p class="field-hint" id="template-file-hint">{ s::LOAD_TEMPLATE_HINT }</p>
            { file_picker(FilePicker { id: "template-file", label: s::LOAD_TEMPLATE, accept: ".json,application/json",
                hint: Some("template-file-hint"), onchange: on_file }) }
        </div>
        { match &**loading {
            Loading::Idle => html! {},
            Loading::Reading => html! { <p role="status">{ s::READING }</p> },
            Loading::Refused(why) => html! {
                <div class="confirm" role="alert" id="template-error">
                    <p>{ s::labelled(s::TEMPLATE_REFUSED, why) }</p>
                    <button type="button" class="btn" onclick={
                        let loading = loading.clone();
                        Callback::from(move |_: MouseEvent| loading.set(Loading::Idle))
                    }>{ s::GOT_IT }</button>
                </div>
            },
        } }
    </> }
}

/// The templates loaded on this computer, each with 删除.
fn loaded_templates(storage: &Storage, message: &Message) -> Html {
    let custom = storage.read(|s| s.custom_templates());
    if custom.is_empty() {
        return html! {};
    }
    html! {
        <ul class="draft-list" id="loaded-templates">
            for t in custom.iter() {
                <li key={t.id.clone()} class="draft-row" data-id={t.id.clone()}>
                    <div class="draft-main">
                        <h4 class="draft-name">{ t.name.clone() }</h4>
                        <p class="draft-meta">{ s::loaded_template_meta(t) }</p>
                    </div>
                    <div class="draft-actions">
                        <button type="button" class="btn danger" aria-label={format!("{} {}", s::REMOVE, t.name)} onclick={
                            let (storage, message, id, name) = (storage.clone(), message.clone(), t.id.clone(), t.name.clone());
                            Callback::from(move |_: MouseEvent| {
                                message.set(Some(match storage.update(|s| s.remove_template(&id)) {
                                    Ok(()) => s::template_removed(&name),
                                    Err(why) => s::session_error(&why),
                                }));
                            })
                        }>{ s::REMOVE }</button>
                    </div>
                </li>
            }
        </ul>
    }
}
