//! Templates on 我的报告: 新建报告 with a choice of template, 更换模板 for the open draft (a
//! confirmation lists where each part goes before anything changes), 载入模板文件 with the reader's
//! field-naming Chinese error, and the list of templates loaded on this computer.
//!
//! The decisions are the core's (`report::convert`, `report::library`); this module only asks
//! `persist` and dispatches.

use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::browser;
use super::drafts::show;
use super::embed;
use super::persist;
use super::state::{Action, AppState};
use super::strings as s;
use crate::report::convert::{plan_switch, Switched};
use crate::report::library::{TemplateLoadError, TEMPLATE_MAX_BYTES};
use crate::report::outline::chinese_number;
use crate::report::Template;

#[derive(Properties, PartialEq, Clone)]
pub struct TemplateProps {
    pub state: UseReducerHandle<AppState>,
    pub message: UseStateHandle<Option<String>>,
}

/// How a template is named in the choices: loaded ones say so.
fn label(template: &Template) -> String {
    if crate::report::builtin(&template.id).is_some() {
        template.name.clone()
    } else {
        format!("{}（{}）", template.name, s::LOADED_TEMPLATE)
    }
}

/// `一、主要工作情况　二、存在问题及原因　三、下步打算`: what a template's report looks like.
fn outline_text(template: &Template) -> String {
    template
        .sections
        .iter()
        .enumerate()
        .map(|(i, section)| format!("{}、{}", chinese_number(i + 1), section.heading))
        .collect::<Vec<_>>()
        .join("　")
}

fn on_select(choice: &UseStateHandle<String>) -> Callback<Event> {
    let choice = choice.clone();
    Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        choice.set(select.value());
    })
}

/// 新建报告 and the template it uses (the default one unless chosen).
#[component]
pub fn NewReport(props: &TemplateProps) -> Html {
    // Re-rendered when a template is loaded or removed (the choices change).
    let _version = persist::use_storage_version();
    // The portal's template (config.json / the query) is the default where there is one.
    let choice = use_state(|| embed::default_template().id);
    let templates = persist::all_templates();
    let chosen = templates.iter().find(|t| t.id == *choice).cloned().unwrap_or_else(embed::default_template);
    let create = {
        let state = props.state.clone();
        let message = props.message.clone();
        let chosen = chosen.clone();
        // With the portal's 单位 and 年度 when it configures them, like the first report.
        Callback::from(move |_: MouseEvent| match persist::create(embed::new_draft(&chosen), "") {
            Ok(opened) => show(&state, opened),
            Err(why) => message.set(Some(why)),
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
            <p class="field-hint" id="new-template-outline">{ outline_text(&chosen) }</p>
        </div>
    }
}

/// A switch the user is looking at before confirming it.
#[derive(Clone, PartialEq)]
struct Pending {
    template: Rc<Template>,
    switched: Rc<Switched>,
}

/// Where 载入模板文件 stands.
#[derive(Clone, PartialEq)]
enum Loading {
    Idle,
    Reading,
    Refused(String),
}

/// 模板: 更换模板 for the open draft, 载入模板文件, and the loaded templates.
#[component]
pub fn TemplatesSection(props: &TemplateProps) -> Html {
    let _version = persist::use_storage_version();
    let state = props.state.clone();
    let message = props.message.clone();
    let target = use_state(String::new);
    let pending = use_state(|| None::<Pending>);
    let loading = use_state(|| Loading::Idle);
    let templates = persist::all_templates();
    let others: Vec<&Template> = templates.iter().filter(|t| t.id != state.template.id).collect();
    let target_template = others.iter().find(|t| t.id == *target).or(others.first()).map(|t| (*t).clone());
    let read_only = state.read_only.is_some();

    let plan = {
        let state = state.clone();
        let pending = pending.clone();
        let target_template = target_template.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(to) = target_template.clone() else { return };
            let switched = plan_switch(&state.draft, &state.template, &to);
            pending.set(Some(Pending { template: Rc::new(to), switched: Rc::new(switched) }));
        })
    };
    let apply = {
        let state = state.clone();
        let pending = pending.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(plan) = (*pending).clone() else { return };
            pending.set(None);
            // The version before the switch stays in 版本记录, so the switch can be undone there.
            if let Err(why) = persist::before_restore() {
                message.set(Some(format!("{}：{why}", s::SWITCH_FAILED)));
                return;
            }
            let mut text = format!("已改用“{}”。", plan.template.name);
            if plan.switched.moved.is_empty() {
                text.push_str(s::SWITCH_ALL_PLACED);
            } else {
                text.push_str(&format!("{}放在了“未归类内容”中，请在“检查与导出”中移到合适位置。", plan.switched.moved.join("、")));
            }
            text.push_str(s::SWITCH_UNDO_HINT);
            state.dispatch(Action::ChangeTemplate { template: plan.template.clone(), draft: Box::new(plan.switched.draft.clone()) });
            message.set(Some(text));
        })
    };
    let cancel = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(None))
    };

    let on_file = {
        let loading = loading.clone();
        let message = message.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            // The same file can be chosen again after fixing it.
            input.set_value("");
            if file.size() > TEMPLATE_MAX_BYTES as f64 {
                loading.set(Loading::Refused(TemplateLoadError::TooLarge { bytes: file.size() as usize }.to_string()));
                return;
            }
            loading.set(Loading::Reading);
            let loading = loading.clone();
            let message = message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = match JsFuture::from(file.text()).await {
                    Ok(text) => text.as_string().unwrap_or_default(),
                    Err(e) => return loading.set(Loading::Refused(format!("无法读取文件：{}", browser::js_error_text(&e)))),
                };
                // `text()` decodes UTF-8 and replaces what is not; a GBK file would read as garbage.
                if text.contains('\u{fffd}') {
                    return loading.set(Loading::Refused(s::TEMPLATE_NOT_UTF8.into()));
                }
                match persist::load_template(&text) {
                    Ok((t, replaced)) => {
                        loading.set(Loading::Idle);
                        let how = if replaced { "已更新" } else { "已载入" };
                        message.set(Some(format!("{how}模板“{}”（{}，版本 {}）。{}", t.name, t.id, t.version, s::TEMPLATE_LOADED_HINT)));
                    }
                    Err(why) => loading.set(Loading::Refused(why)),
                }
            });
        })
    };

    let custom = persist::custom_templates();
    html! {
        <section class="drafts-section" aria-labelledby="templates-heading" id="templates">
            <h3 id="templates-heading">{ s::TEMPLATES_HEADING }</h3>
            <p class="section-hint">{ format!("当前报告使用“{}”：{}", state.template.name, outline_text(&state.template)) }</p>
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
                    <h4 id="switch-confirm-heading">{ format!("把当前报告改用“{}”？", p.template.name) }</h4>
                    <p>{ format!("新的结构：{}", outline_text(&p.template)) }</p>
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
            <div class="field import-backup">
                <label class="field-label" for="template-file">{ s::LOAD_TEMPLATE }</label>
                <p class="field-hint" id="template-file-hint">{ s::LOAD_TEMPLATE_HINT }</p>
                <input type="file" id="template-file" accept=".json,application/json" aria-describedby="template-file-hint" onchange={on_file} />
            </div>
            { match &*loading {
                Loading::Idle => html! {},
                Loading::Reading => html! { <p role="status">{ "正在读取…" }</p> },
                Loading::Refused(why) => html! {
                    <div class="confirm" role="alert" id="template-error">
                        <p>{ format!("{}：{why}", s::TEMPLATE_REFUSED) }</p>
                        <button type="button" class="btn" onclick={
                            let loading = loading.clone();
                            Callback::from(move |_: MouseEvent| loading.set(Loading::Idle))
                        }>{ s::GOT_IT }</button>
                    </div>
                },
            } }
            if !custom.is_empty() {
                <ul class="draft-list" id="loaded-templates">
                    for t in custom.iter() {
                        <li key={t.id.clone()} class="draft-row" data-id={t.id.clone()}>
                            <div class="draft-main">
                                <h4 class="draft-name">{ t.name.clone() }</h4>
                                <p class="draft-meta">{ format!("{} · 版本 {} · {}", t.id, t.version, outline_text(t)) }</p>
                            </div>
                            <div class="draft-actions">
                                <button type="button" class="btn danger" aria-label={format!("{} {}", s::REMOVE, t.name)} onclick={
                                    let message = message.clone();
                                    let id = t.id.clone();
                                    let name = t.name.clone();
                                    Callback::from(move |_: MouseEvent| {
                                        message.set(Some(match persist::remove_template(&id) {
                                            Ok(()) => format!("已删除模板“{name}”。{}", s::TEMPLATE_REMOVED_HINT),
                                            Err(why) => why,
                                        }));
                                    })
                                }>{ s::REMOVE }</button>
                            </div>
                        </li>
                    }
                </ul>
            }
        </section>
    }
}
