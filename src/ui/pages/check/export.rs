//! The export buttons: Word, text, Markdown, HTML, print and 复制全文 (text and the official look
//! as HTML); while errors remain, the first export asks once.

use yew::prelude::*;

use crate::report::diagnostic::Severity;
use crate::report::render::html::clipboard;
use crate::report::{file_name, outline, Format};
use crate::ui::adapters::lazy::Lazy;
use crate::ui::adapters::{dom, download};
use crate::ui::hooks::app_state::AppHandle;
use crate::ui::hooks::context::{use_app, use_lazy};
use crate::ui::hooks::files_out::{file_bytes, plain_text, use_word_file_ahead};
use crate::ui::strings as s;

/// Makes and downloads one format (the Word file in the lazy part); the message says what
/// happened, and 正在生成… meanwhile. The file is asked for before anything else (the name, the
/// message): the lazy part then writes it while the page does the rest and re-renders.
fn export(app: &AppHandle, lazy: &Lazy, format: Format, message: &UseStateHandle<Option<String>>) {
    let file = file_bytes(lazy, &app.draft, &app.template, format);
    let (name, message) = (file_name(&app.draft, &app.template, format), message.clone());
    message.set(Some(s::EXPORTING.into()));
    yew::platform::spawn_local(async move {
        let bytes = match file.await {
            Ok(bytes) => bytes,
            Err(why) => return message.set(Some(why)),
        };
        message.set(Some(match download::download(&bytes, &name, format.mime()) {
            Ok(()) => s::exported(&name),
            Err(why) => s::download_failed(&s::browser_error(&why)),
        }));
    });
}

#[component]
pub fn ExportPanel() -> Html {
    let message = use_state(|| None::<String>);
    // The format waiting for 仍然导出 while errors remain; once confirmed, we don't ask again.
    let confirming = use_state(|| None::<Format>);
    let confirmed = use_state(|| false);
    let lazy = use_lazy();
    use_word_file_ahead();
    let Some(app) = use_app() else {
        return html! {};
    };
    let errors = app.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();

    let start = |format: Format| {
        let (app, lazy, message, confirming, confirmed) = (app.clone(), lazy.clone(), message.clone(), confirming.clone(), confirmed.clone());
        Callback::from(move |_: MouseEvent| {
            if errors > 0 && !*confirmed {
                confirming.set(Some(format));
            } else {
                confirming.set(None);
                export(&app, &lazy, format, &message);
            }
        })
    };
    let confirm = {
        let (app, lazy, message, confirming, confirmed) = (app.clone(), lazy.clone(), message.clone(), confirming.clone(), confirmed.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(format) = *confirming {
                confirmed.set(true);
                confirming.set(None);
                export(&app, &lazy, format, &message);
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
            if let Err(why) = dom::print() {
                message.set(Some(s::browser_error(&why)));
            }
        })
    };
    // Plain text and the official look as HTML: pasted into Word or WPS it keeps its layout.
    let copy = {
        let (app, message) = (app.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let text = plain_text(&app.draft, &app.template);
            let html = clipboard(&outline(&app.draft, &app.template), &app.draft.layout);
            if download::copy_rich(&text, &html).is_ok() {
                return message.set(Some(s::COPIED.into()));
            }
            // Refused: the text alone, through the Clipboard API.
            let message = message.clone();
            yew::platform::spawn_local(async move {
                let copied = download::copy_text(text).await;
                message.set(Some(if copied.is_ok() { s::COPIED_PLAIN.to_string() } else { s::COPY_FAILED.to_string() }));
            });
        })
    };
    html! {
        <section aria-labelledby="export-heading" class="panel">
            <h3 id="export-heading">{ s::EXPORT_HEADING }</h3>
            if let Some(format) = *confirming {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text">{ s::export_errors_confirm(errors, format.extension()) }</p>
                    <button type="button" class="btn primary" onclick={confirm}>{ s::EXPORT_ANYWAY }</button>
                    <button type="button" class="btn" onclick={cancel}>{ s::CANCEL }</button>
                </div>
            }
            <div class="export-buttons">
                <button type="button" class="btn primary" id="export-docx" onclick={start(Format::Docx)}>{ s::EXPORT_WORD }</button>
                <button type="button" class="btn" id="export-txt" onclick={start(Format::Txt)}>{ s::EXPORT_TXT }</button>
                <button type="button" class="btn" id="export-md" onclick={start(Format::Md)}>{ s::EXPORT_MD }</button>
                <button type="button" class="btn" id="export-html" onclick={start(Format::Html)}>{ s::EXPORT_HTML }</button>
                <button type="button" class="btn" id="print" onclick={print}>{ s::PRINT }</button>
                <button type="button" class="btn" id="copy-all" onclick={copy}>{ s::COPY_ALL }</button>
            </div>
            if let Some(text) = (*message).clone() {
                <p class="export-message" role="status">{ text }</p>
            }
        </section>
    }
}
