//! The host page's message API (README 嵌入内网门户): answers `shuzhi:hello` and `shuzhi:export`
//! from allowed origins only, announces `shuzhi:ready` once mounted and `shuzhi:saved` after every
//! save. Requests are validated by the core (`report::config`); the adapter only moves messages.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::session::SaveStatus;
use crate::app::AppState;
use crate::report::config::{self, Refusal, Request, MAX_MESSAGE_BYTES, PROTOCOL};
use crate::report::{file_name, Format};
use crate::ui::adapters::host::{self, Field, Incoming, Sender};
use crate::ui::adapters::lazy::Lazy;

use super::app_state::AppHandle;
use super::context::{use_lazy, use_portal};
use super::files_out::file_bytes;
use super::storage::Storage;

fn ready_fields<'a>(title: &'a str, id: Option<&'a str>, formats: &'a [&'a str]) -> Vec<(&'static str, Field<'a>)> {
    vec![
        ("type", Field::Text("shuzhi:ready")),
        ("id", Field::OptionalText(id)),
        ("protocol", Field::Number(PROTOCOL as f64)),
        ("formats", Field::Texts(formats)),
        ("title", Field::Text(title)),
    ]
}

fn formats() -> Vec<&'static str> {
    Format::ALL.iter().map(|f| f.extension()).collect()
}

/// Sends the file a host asked for, or `shuzhi:error` (the Word file comes from the lazy part).
async fn send_file(sender: Sender, id: Option<String>, format: Format, state: AppState, lazy: Lazy) {
    match file_bytes(&lazy, &state.draft, &state.template, format).await {
        Ok(bytes) => {
            let name = file_name(&state.draft, &state.template, format);
            let fields = [
                ("type", Field::Text("shuzhi:file")),
                ("id", Field::OptionalText(id.as_deref())),
                ("format", Field::Text(format.extension())),
                ("fileName", Field::Text(&name)),
                ("mimeType", Field::Text(format.mime())),
                ("size", Field::Number(bytes.len() as f64)),
            ];
            sender.reply(&fields, Some(&bytes));
        }
        Err(message) => {
            let fields = [
                ("type", Field::Text("shuzhi:error")),
                ("id", Field::OptionalText(id.as_deref())),
                ("code", Field::Text("render-failed")),
                ("message", Field::Text(&message)),
            ];
            sender.reply(&fields, None);
        }
    }
}

/// Answers one request from an allowed origin.
fn answer(sender: &Sender, request: Result<Option<Request>, Refusal>, state: &AppState, lazy: &Lazy) {
    match request {
        Ok(None) => {}
        Ok(Some(Request::Hello { id })) => {
            let title = state.draft.title(&state.template);
            sender.reply(&ready_fields(&title, id.as_deref(), &formats()), None);
        }
        Ok(Some(Request::Export { id, format })) => {
            yew::platform::spawn_local(send_file(sender.clone(), id, format, state.clone(), lazy.clone()));
        }
        Err(Refusal { id, code, message }) => {
            let fields = [
                ("type", Field::Text("shuzhi:error")),
                ("id", Field::OptionalText(id.as_deref())),
                ("code", Field::Text(code)),
                ("message", Field::Text(&message)),
            ];
            sender.reply(&fields, None);
        }
    }
}

/// Listens for the host page's requests and announces the app's news to it.
#[hook]
pub fn use_host_api(app: &AppHandle, storage: &Storage) {
    let portal = use_portal();
    let lazy = use_lazy();
    // The host's origin, once known (from the frame's ancestors or its first valid request).
    let host: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    // The listener is added once; it reads the state of the latest render from here.
    let latest = use_mut_ref(|| app.clone());
    *latest.borrow_mut() = app.clone();
    {
        let (portal, host, latest, lazy) = (portal.clone(), host.clone(), latest.clone(), lazy.clone());
        use_effect_with((), move |_| {
            let allows = {
                let portal = portal.clone();
                move |origin: &str| portal.config.allows(origin, &portal.own_origin)
            };
            if let Some(origin) = host::embedding_origin().filter(|o| allows(o)) {
                *host.borrow_mut() = Some(origin);
            }
            let listener = host::on_message({
                let (host, latest, lazy) = (host.clone(), latest.clone(), lazy.clone());
                move |incoming: Incoming| {
                    if !allows(&incoming.origin) {
                        return; // not a host this portal allows: no reply, nothing revealed
                    }
                    let Some(sender) = incoming.sender.clone() else {
                        return;
                    };
                    let request = match incoming.data(MAX_MESSAGE_BYTES) {
                        Some(json) => config::parse_request(&json),
                        None => Err(Refusal::too_large()),
                    };
                    if matches!(request, Ok(Some(_))) {
                        *host.borrow_mut() = Some(incoming.origin.clone());
                    }
                    let state = latest.borrow().clone();
                    answer(&sender, request, &state, &lazy);
                }
            });
            if let Some(origin) = host.borrow().clone() {
                let state = latest.borrow().clone();
                let title = state.draft.title(&state.template);
                host::post_to_parent(&origin, &ready_fields(&title, None, &formats()));
            }
            move || drop(listener)
        });
    }
    // Every save the header shows as 已保存 is a `shuzhi:saved`.
    let saved_at = storage.read(|s| match s.status() {
        SaveStatus::Saved { at, .. } => Some(*at),
        _ => None,
    });
    let app = app.clone();
    use_effect_with(saved_at, move |saved_at| {
        if let (Some(at), Some(origin)) = (saved_at, host.borrow().clone()) {
            let title = app.draft.title(&app.template);
            host::post_to_parent(
                &origin,
                &[("type", Field::Text("shuzhi:saved")), ("savedAt", Field::Number(*at as f64)), ("title", Field::Text(&title))],
            );
        }
    });
}
