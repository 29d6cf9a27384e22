//! 导入已有报告: paste text or open a .txt/.md/.docx (or drop it on the page), see what was
//! recognised, then replace the current draft or open it as a new one. Nothing changes until the
//! user confirms; a refused file leaves the current draft untouched.

use std::rc::Rc;

use yew::prelude::*;

use super::state::{Action, AppState};
use super::strings as s;
use crate::report::diagnostic::Severity;
use crate::report::import::{import_file, import_text, Imported};
use crate::report::outline::paragraphs;
use crate::report::Draft;

/// Decodes bytes with the browser's TextDecoder (GBK/GB18030/UTF-16 at no bundle cost).
fn decode_in_browser(bytes: &[u8], label: &str) -> Option<String> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    let decoder = web_sys::TextDecoder::new_with_label_and_options(label, &options).ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}

/// Reads a dropped or picked file and imports it.
pub async fn import_browser_file(file: web_sys::File, template: Rc<crate::report::Template>) -> Result<Imported, String> {
    let name = file.name();
    // Refuse huge files before reading them into memory.
    if file.size() > 5.0 * 1024.0 * 1024.0 {
        return Err(format!("文件太大（{:.1} MB），最多 5 MB。", file.size() / 1024.0 / 1024.0));
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("无法读取文件：{}", super::browser::js_error_text(&e)))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    import_file(&name, &bytes, &template, &decode_in_browser).map_err(|e| e.to_string())
}

#[derive(Properties, PartialEq, Clone)]
pub struct ImportProps {
    pub state: UseReducerHandle<AppState>,
    /// A file dropped on the page, to import at once.
    #[prop_or_default]
    pub dropped: Option<ImportOutcome>,
}

/// The result of reading a file or a paste, shown for confirmation.
#[derive(Clone, PartialEq)]
pub enum ImportOutcome {
    Ready(Rc<Imported>),
    Refused(String),
}

#[component]
pub fn ImportPage(props: &ImportProps) -> Html {
    let state = props.state.clone();
    let pasted = use_state(String::new);
    let outcome = use_state(|| props.dropped.clone());
    let confirm_replace = use_state(|| false);
    let busy = use_state(|| false);

    {
        let outcome = outcome.clone();
        use_effect_with(props.dropped.clone(), move |dropped| {
            if dropped.is_some() {
                outcome.set(dropped.clone());
            }
        });
    }

    let on_paste_input = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    let recognise = {
        let pasted = pasted.clone();
        let outcome = outcome.clone();
        let template = state.template.clone();
        let confirm_replace = confirm_replace.clone();
        Callback::from(move |_: MouseEvent| {
            confirm_replace.set(false);
            if pasted.trim().is_empty() {
                outcome.set(Some(ImportOutcome::Refused("请先粘贴报告全文。".into())));
            } else {
                outcome.set(Some(ImportOutcome::Ready(Rc::new(import_text(&pasted, &template)))));
            }
        })
    };
    let on_file = {
        let outcome = outcome.clone();
        let template = state.template.clone();
        let busy = busy.clone();
        let confirm_replace = confirm_replace.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            let outcome = outcome.clone();
            let template = template.clone();
            let busy = busy.clone();
            confirm_replace.set(false);
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let result = import_browser_file(file, template).await;
                busy.set(false);
                outcome.set(Some(match result {
                    Ok(imported) => ImportOutcome::Ready(Rc::new(imported)),
                    Err(why) => ImportOutcome::Refused(why),
                }));
            });
        })
    };

    let current_has_text = state.draft.written_chars() > 0
        && state.draft.sections.iter().flat_map(|s| &s.items).any(|i| !i.body.trim().is_empty());
    let open = |replace: bool| {
        let state = state.clone();
        let outcome = outcome.clone();
        let confirm_replace = confirm_replace.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(ImportOutcome::Ready(imported)) = (*outcome).clone() else { return };
            if replace && current_has_text && !*confirm_replace {
                confirm_replace.set(true);
                return;
            }
            let mut draft: Draft = imported.draft.clone();
            draft.conform_to(&state.template);
            let id = if replace { state.draft_id.clone() } else { format!("d{}", js_sys::Date::now() as u64) };
            state.dispatch(Action::Open { id, template: state.template.clone(), draft: Box::new(draft) });
        })
    };

    html! {
        <div class="import">
            <p class="section-hint">{ "把去年的述职报告或范文粘贴到下面，或打开 .txt、.md、.docx 文件（也可以直接把文件拖到页面上）。识别结果会先给你看，确认后才会使用。" }</p>
            <div class="field">
                <label class="field-label" for="import-file">{ "打开文件" }</label>
                <input type="file" id="import-file" accept=".txt,.md,.markdown,.docx,.json,text/plain,text/markdown"
                    onchange={on_file} />
            </div>
            <div class="field">
                <label class="field-label" for="import-paste">{ "或粘贴全文" }</label>
                <textarea id="import-paste" class="field-input" rows="8" value={(*pasted).clone()} oninput={on_paste_input} />
                <button type="button" class="btn" id="import-recognise" onclick={recognise}>{ "识别" }</button>
            </div>
            if *busy {
                <p role="status">{ "正在读取…" }</p>
            }
            {
                match (*outcome).clone() {
                    None => html! {},
                    Some(ImportOutcome::Refused(why)) => html! {
                        <p class="import-error" role="alert">{ format!("没有导入：{why}当前草稿没有任何改动。") }</p>
                    },
                    Some(ImportOutcome::Ready(imported)) => html! {
                        <section class="panel import-summary" aria-labelledby="import-summary-heading">
                            <h3 id="import-summary-heading" tabindex="-1">{ "识别结果" }</h3>
                            { summary(&state, &imported) }
                            if *confirm_replace {
                                <p class="confirm" role="alert">{ "当前草稿的内容将被替换。再点一次“替换当前草稿”确认；想保留当前草稿请选“作为新报告打开”。" }</p>
                            }
                            <div class="export-buttons">
                                <button type="button" class="btn primary" id="import-new" onclick={open(false)}>{ "作为新报告打开" }</button>
                                <button type="button" class="btn" id="import-replace" onclick={open(true)}>{ "替换当前草稿" }</button>
                                <button type="button" class="btn" id="import-next-year" onclick={
                                    let state = state.clone();
                                    let imported = imported.clone();
                                    Callback::from(move |_: MouseEvent| super::yearly::open_next_year(&state, &imported.draft))
                                }>{ "作为上年报告，开始下一年度" }</button>
                            </div>
                        </section>
                    },
                }
            }
        </div>
    }
}

fn summary(state: &AppState, imported: &Imported) -> Html {
    let draft = &imported.draft;
    let template = &state.template;
    let leftover_chars = crate::report::model::count_chars(&draft.leftover);
    html! {
        <>
            <p>{ format!("标题：{}", draft.title(template)) }</p>
            <ul class="import-parts">
                <li>{ format!("导语：{}", if draft.intro.trim().is_empty() { "未识别".to_string() } else { format!("{} 段", paragraphs(&draft.intro).len()) }) }</li>
                for spec in template.sections.iter() {
                    <li key={spec.id.clone()}>{ format!("{}：{} 条", spec.heading, draft.section(&spec.id).map_or(0, |s| s.items.len())) }</li>
                }
                if !draft.closing.is_empty() {
                    <li>{ format!("结束语：{}", draft.closing) }</li>
                }
                if leftover_chars > 0 {
                    <li class="warn">{ format!("{}：{leftover_chars} 字（导入后请在“检查与导出”中处理）", s::LEFTOVER) }</li>
                }
            </ul>
            if !imported.diagnostics.is_empty() {
                <details>
                    <summary>{ format!("导入说明（{} 条）", imported.diagnostics.len()) }</summary>
                    <ul>
                        for (i, d) in imported.diagnostics.iter().enumerate() {
                            <li key={i} class={if d.severity == Severity::Error { "warn" } else { "" }}>{ format!("{}：{}", d.severity.label(), d.message) }</li>
                        }
                    </ul>
                </details>
            }
        </>
    }
}

/// The first file of a drop event, if any.
pub fn dropped_file(e: &DragEvent) -> Option<web_sys::File> {
    e.data_transfer()?.files()?.get(0)
}

/// Whether a drag carries files (so text drags inside fields keep working).
pub fn drags_files(e: &DragEvent) -> bool {
    e.data_transfer()
        .map(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
        .unwrap_or(false)
}
