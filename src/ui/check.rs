//! 检查与导出: the core's diagnostics grouped by severity with links to the field, one-click fixes,
//! the closing line and Word layout options, and the export buttons.

use yew::prelude::*;

use super::browser;
use super::fields::TextField;
use super::items::field_id;
use super::state::{Action, AppState, Step};
use super::strings as s;
use crate::report::diagnostic::{Diagnostic, Place, Severity};
use crate::report::{file_name, render, Edit, Format, Layout, LinePitch, TextRef};

/// The step and field a diagnostic's place points to.
pub fn locate(state: &AppState, place: &Place) -> (Step, String) {
    let section_step = |id: &str| {
        state.template.sections.iter().position(|s| s.id == id).map(Step::Section).unwrap_or(Step::Check)
    };
    match place {
        Place::Report => (Step::Check, "step-heading".into()),
        Place::Info(key) => (Step::Info, field_id(&TextRef::Info { key: key.clone() })),
        Place::Intro => (Step::Intro, field_id(&TextRef::Intro)),
        Place::Section(id) => (section_step(id), "step-heading".into()),
        Place::Closing => (Step::Check, field_id(&TextRef::Closing)),
        Place::Leftover => (Step::Check, field_id(&TextRef::Leftover)),
        Place::Text(target) => {
            let step = match target {
                TextRef::Info { .. } => Step::Info,
                TextRef::Intro => Step::Intro,
                TextRef::Closing | TextRef::Leftover => Step::Check,
                TextRef::ItemTitle { section, .. }
                | TextRef::ItemBody { section, .. }
                | TextRef::ItemCause { section, .. } => section_step(section),
            };
            (step, field_id(target))
        }
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct CheckProps {
    pub state: UseReducerHandle<AppState>,
}

#[component]
pub fn CheckPage(props: &CheckProps) -> Html {
    let state = props.state.clone();
    let message = use_state(|| None::<String>);
    // The format waiting for "仍然导出" while errors remain; once confirmed, we don't ask again.
    let confirming = use_state(|| None::<Format>);
    let confirmed = use_state(|| false);
    let errors = state.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();

    let do_export = {
        let state = state.clone();
        let message = message.clone();
        move |format: Format| {
            let bytes = render(&state.draft, &state.template, format);
            let name = file_name(&state.draft, &state.template, format);
            match browser::download(&bytes, &name, format.mime()) {
                Ok(()) => message.set(Some(format!("已生成 {name}"))),
                Err(why) => message.set(Some(format!("{}：{why}", s::DOWNLOAD_FAILED))),
            }
        }
    };
    let export = {
        let confirming = confirming.clone();
        let confirmed = confirmed.clone();
        let do_export = do_export.clone();
        move |format: Format| {
            let confirming = confirming.clone();
            let confirmed = confirmed.clone();
            let do_export = do_export.clone();
            Callback::from(move |_: MouseEvent| {
                if errors > 0 && !*confirmed {
                    confirming.set(Some(format));
                } else {
                    confirming.set(None);
                    do_export(format);
                }
            })
        }
    };
    let confirm = {
        let confirming = confirming.clone();
        let confirmed = confirmed.clone();
        let do_export = do_export.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(format) = *confirming {
                confirmed.set(true);
                confirming.set(None);
                do_export(format);
            }
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(None))
    };
    let print = {
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(why) = browser::print() {
                message.set(Some(why));
            }
        })
    };
    let copy = {
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            let text = String::from_utf8_lossy(&render(&state.draft, &state.template, Format::Txt)).into_owned();
            let message = message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = browser::copy_text(text).await;
                message.set(Some(if outcome.is_ok() { s::COPIED.to_string() } else { s::COPY_FAILED.to_string() }));
            });
        })
    };

    let closing_text = state.template.closing.as_ref().map(|c| c.text.clone()).unwrap_or_default();
    let set_text = |target: TextRef| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::Edit(Edit::SetText { target: target.clone(), value })))
    };
    let toggle_closing = {
        let state = state.clone();
        let closing_text = closing_text.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let value = if input.checked() { closing_text.clone() } else { String::new() };
            state.dispatch(Action::Edit(Edit::SetText { target: TextRef::Closing, value }));
        })
    };
    let layout = state.draft.layout;
    let set_layout = {
        let state = state.clone();
        move |layout: Layout| state.dispatch(Action::Edit(Edit::SetLayout(layout)))
    };

    html! {
        <div class="check">
            <section aria-labelledby="check-list-heading">
                <h3 id="check-list-heading">{ "检查结果" }</h3>
                if state.diagnostics.is_empty() {
                    <p class="ok">{ s::NO_PROBLEMS }</p>
                }
                for severity in [Severity::Error, Severity::Warning, Severity::Info] {
                    { diagnostic_group(&state, severity) }
                }
                <super::yearly::SimilarPanel state={state.clone()} />
            </section>

            <section aria-labelledby="closing-heading" class="panel">
                <h3 id="closing-heading">{ s::CLOSING }</h3>
                if !closing_text.is_empty() {
                    <label class="check-line">
                        <input type="checkbox" checked={!state.draft.closing.is_empty()} onchange={toggle_closing} />
                        { format!("{}：{closing_text}", s::CLOSING_USE) }
                    </label>
                }
                if !state.draft.closing.is_empty() {
                    <TextField id={field_id(&TextRef::Closing)} label={s::CLOSING} rows={1}
                        value={state.draft.closing.clone()} on_change={set_text(TextRef::Closing)} />
                }
                if !state.draft.leftover.is_empty() {
                    <div class="leftover">
                        <TextField id={field_id(&TextRef::Leftover)} label={s::LEFTOVER}
                            value={state.draft.leftover.clone()} on_change={set_text(TextRef::Leftover)} rows={6} />
                        <p class="field-hint">{ s::LEFTOVER_HINT }</p>
                    </div>
                }
            </section>

            <section aria-labelledby="layout-heading" class="panel">
                <h3 id="layout-heading">{ s::LAYOUT_HEADING }</h3>
                <label class="inline-field">
                    { s::LINE_PITCH }
                    <select onchange={
                        let set_layout = set_layout.clone();
                        Callback::from(move |e: Event| {
                            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                            let index = select.selected_index().max(0) as usize;
                            let line_pitch = LinePitch::ALL.get(index).copied().unwrap_or_default();
                            set_layout(Layout { line_pitch, ..layout });
                        })
                    }>
                        for pitch in LinePitch::ALL {
                            <option selected={pitch == layout.line_pitch}>{ pitch.label() }</option>
                        }
                    </select>
                </label>
                <label class="check-line">
                    <input type="checkbox" checked={layout.bold_subheadings} onchange={
                        let set_layout = set_layout.clone();
                        Callback::from(move |e: Event| {
                            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                            set_layout(Layout { bold_subheadings: input.checked(), ..layout });
                        })
                    } />
                    { s::BOLD_SUBHEADINGS }
                </label>
            </section>

            <section aria-labelledby="next-year-heading" class="panel">
                <h3 id="next-year-heading">{ "明年" }</h3>
                <p class="field-hint">{ "明年写述职报告时，可以从这份报告开始：基本信息沿用、年度加一，今年列出的问题自动成为“问题整改”的开头，并提醒与今年重复的句子。" }</p>
                <button type="button" class="btn" id="start-next-year" onclick={
                    let state = state.clone();
                    Callback::from(move |_: MouseEvent| super::yearly::open_next_year(&state, &state.draft))
                }>{ "用本报告开始下一年度报告" }</button>
            </section>

            <section aria-labelledby="export-heading" class="panel">
                <h3 id="export-heading">{ s::EXPORT_HEADING }</h3>
                if let Some(format) = *confirming {
                    <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                        <p id="confirm-text">{ format!("{}（{errors} 个错误，导出 .{}）", s::EXPORT_ERRORS_CONFIRM, format.extension()) }</p>
                        <button type="button" class="btn primary" onclick={confirm}>{ s::EXPORT_ANYWAY }</button>
                        <button type="button" class="btn" onclick={cancel}>{ s::CANCEL }</button>
                    </div>
                }
                <div class="export-buttons">
                    <button type="button" class="btn primary" id="export-docx" onclick={export(Format::Docx)}>{ s::EXPORT_WORD }</button>
                    <button type="button" class="btn" id="export-txt" onclick={export(Format::Txt)}>{ s::EXPORT_TXT }</button>
                    <button type="button" class="btn" id="export-md" onclick={export(Format::Md)}>{ s::EXPORT_MD }</button>
                    <button type="button" class="btn" id="export-html" onclick={export(Format::Html)}>{ s::EXPORT_HTML }</button>
                    <button type="button" class="btn" id="print" onclick={print}>{ s::PRINT }</button>
                    <button type="button" class="btn" id="copy-all" onclick={copy}>{ s::COPY_ALL }</button>
                </div>
                if let Some(text) = (*message).clone() {
                    <p class="export-message" role="status">{ text }</p>
                }
            </section>
        </div>
    }
}

fn diagnostic_group(state: &UseReducerHandle<AppState>, severity: Severity) -> Html {
    let list: Vec<&Diagnostic> = state.diagnostics.iter().filter(|d| d.severity == severity).collect();
    if list.is_empty() {
        return html! {};
    }
    let class = match severity {
        Severity::Error => "diag error",
        Severity::Warning => "diag warning",
        Severity::Info => "diag info",
    };
    html! {
        <div class={class}>
            <h4>{ format!("{}（{}）", severity.label(), list.len()) }</h4>
            <ul>
                for (i, diagnostic) in list.into_iter().enumerate() {
                    <li key={i}>{ diagnostic_row(state, diagnostic) }</li>
                }
            </ul>
        </div>
    }
}

fn diagnostic_row(state: &UseReducerHandle<AppState>, diagnostic: &Diagnostic) -> Html {
    let (step, field) = locate(state, &diagnostic.place);
    let go = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::GoToField(step.clone(), field.clone())))
    };
    let fix = diagnostic.fix.clone().map(|fix| {
        let state = state.clone();
        let label = fix.label.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            for edit in fix.edits.clone() {
                state.dispatch(Action::Edit(edit));
            }
        });
        html! { <button type="button" class="link" {onclick}>{ label }</button> }
    });
    html! {
        <>
            <span class="diag-message">{ diagnostic.message.clone() }</span>
            <button type="button" class="link" onclick={go}>{ s::GO_FIX }</button>
            { for fix }
        </>
    }
}
