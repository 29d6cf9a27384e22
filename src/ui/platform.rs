//! What the page knows about where it runs: offline readiness and waiting updates (the service
//! worker that assets/app.js registers and reports in `window.shuzhiPlatform`), the permissions a
//! sandboxed iframe lacks, and the 隐私说明 dialog. Shown in the header by `PlatformStatus`.
//!
//! The service worker itself is JavaScript (assets/sw.js): it is naturally JS and costs the wasm
//! bundle nothing. This module only reads the loader's state object and calls its `apply()`.

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::browser;
use super::persist;
use super::strings as s;

/// The loader's report (assets/app.js `platform`).
#[derive(Clone, PartialEq, Default, Debug)]
pub struct Offline {
    /// This build is cached: the app opens without network.
    pub ready: bool,
    /// A newer version is ready; `apply_update` switches to it.
    pub update: bool,
    /// Why offline use is unavailable (`insecure`, `unavailable`, `failed`), or empty.
    pub note: String,
}

fn loader_state() -> Option<JsValue> {
    let window = browser::window()?;
    Reflect::get(&window, &JsValue::from_str("shuzhiPlatform")).ok().filter(|v| v.is_object())
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

pub fn offline() -> Offline {
    let Some(state) = loader_state() else { return Offline::default() };
    Offline {
        ready: field(&state, "offline").as_bool().unwrap_or(false),
        update: field(&state, "update").as_bool().unwrap_or(false),
        note: field(&state, "note").as_string().unwrap_or_default(),
    }
}

/// Reloads into the new version (the loader tells the waiting worker to take over first).
fn apply_update() -> Result<(), String> {
    let state = loader_state().ok_or("页面加载器没有提供更新功能")?;
    let apply: Function = field(&state, "apply").dyn_into().map_err(|_| "页面加载器没有提供更新功能".to_string())?;
    apply.call0(&state).map(|_| ()).map_err(|e| browser::js_error_text(&e))
}

/// The loader's state, re-read whenever it fires `shuzhi-platform`.
#[hook]
fn use_offline() -> Offline {
    let current = use_state(offline);
    {
        let current = current.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn FnMut()>::new(move || current.set(offline()));
            let window = browser::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("shuzhi-platform", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback("shuzhi-platform", listener.as_ref().unchecked_ref());
                }
                drop(listener);
            }
        });
    }
    (*current).clone()
}

// ---------------------------------------------------------------------------------------------
// Sandboxed iframes

/// A sandbox permission the app needs, and what its absence costs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Permission {
    SameOrigin,
    Downloads,
    Modals,
}

impl Permission {
    pub const ALL: [Permission; 3] = [Permission::SameOrigin, Permission::Downloads, Permission::Modals];

    pub fn token(self) -> &'static str {
        match self {
            Permission::SameOrigin => "allow-same-origin",
            Permission::Downloads => "allow-downloads",
            Permission::Modals => "allow-modals",
        }
    }

    fn cost(self) -> &'static str {
        match self {
            Permission::SameOrigin => s::SANDBOX_NO_SAME_ORIGIN,
            Permission::Downloads => s::SANDBOX_NO_DOWNLOADS,
            Permission::Modals => s::SANDBOX_NO_MODALS,
        }
    }
}

/// What the page can tell about its sandbox.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Sandbox {
    pub missing: Vec<Permission>,
    /// Whether the iframe's flags could be read (its `sandbox` attribute, readable only when the
    /// portal page is on the same origin and allow-same-origin is given). Without it only a
    /// missing allow-same-origin shows (the page's own origin is then `null`).
    pub flags_known: bool,
}

/// The sandbox this page runs in, if any can be detected.
pub fn sandbox() -> Option<Sandbox> {
    let window = browser::window()?;
    let opaque = window.origin() == "null";
    let flags = window.frame_element().ok().flatten().and_then(|frame| frame.get_attribute("sandbox"));
    let sandbox = match flags {
        Some(flags) => {
            let tokens: Vec<String> = flags.split_ascii_whitespace().map(str::to_ascii_lowercase).collect();
            let missing = Permission::ALL.into_iter().filter(|p| !tokens.iter().any(|t| t == p.token())).collect();
            Sandbox { missing, flags_known: true }
        }
        None if opaque => Sandbox { missing: vec![Permission::SameOrigin], flags_known: false },
        None => return None,
    };
    (!sandbox.missing.is_empty()).then_some(sandbox)
}

/// What still works, given what is missing.
fn still_works(sandbox: &Sandbox) -> String {
    let mut works = vec![s::SANDBOX_WORKS_EDIT];
    if !sandbox.missing.contains(&Permission::Downloads) {
        works.push(s::SANDBOX_WORKS_DOWNLOAD);
    }
    works.push(s::SANDBOX_WORKS_COPY);
    if !sandbox.missing.contains(&Permission::Modals) && sandbox.flags_known {
        works.push(s::SANDBOX_WORKS_PRINT);
    }
    let mut text = format!("{}{}。", s::SANDBOX_STILL, works.join("、"));
    if !sandbox.flags_known {
        text.push_str(s::SANDBOX_DOWNLOADS_UNKNOWN);
    }
    text
}

/// The sandbox notice: each missing permission by name, what it costs, what still works.
#[component]
fn SandboxNotice() -> Html {
    let sandbox = use_memo((), |_| sandbox());
    let dismissed = use_state(|| false);
    let Some(sandbox) = (*sandbox).clone() else { return Html::default() };
    if *dismissed {
        return Html::default();
    }
    let tokens: Vec<&str> = sandbox.missing.iter().map(|p| p.token()).collect();
    html! {
        <div class="alert warn" role="alert" id="sandbox-notice">
            <div class="alert-text">
                <p><strong>{ s::SANDBOX_TITLE }</strong></p>
                <ul>
                    for permission in sandbox.missing.iter().copied() {
                        <li key={permission.token()} data-permission={permission.token()}>
                            <code>{ permission.token() }</code>{ "：" }{ permission.cost() }
                        </li>
                    }
                </ul>
                <p>{ still_works(&sandbox) }</p>
                <p>{ format!("{}{}", s::SANDBOX_ADMIN, tokens.join(" ")) }</p>
            </div>
            <div class="alert-actions">
                <button type="button" class="btn" onclick={
                    let dismissed = dismissed.clone();
                    Callback::from(move |_: MouseEvent| dismissed.set(true))
                }>{ s::GOT_IT }</button>
            </div>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// The header

/// The header's part: 可离线使用, 隐私说明, the update prompt, the sandbox notice and the
/// portal configuration's warnings.
#[component]
pub fn PlatformStatus() -> Html {
    let offline = use_offline();
    let message = use_state(|| None::<String>);
    let dismissed = use_state(|| false);
    let config_warnings = use_state(|| super::embed::embed().warnings.clone());

    let update = {
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            // 保存后刷新: write what is pending, and reload only if nothing would be lost.
            persist::flush();
            if persist::unsaved_work() {
                message.set(Some(s::UPDATE_UNSAVED.into()));
                return;
            }
            message.set(Some(s::UPDATE_RELOADING.into()));
            let message = message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // With the passphrase lock, writes are encrypted asynchronously: let them land.
                super::lock::settled().await;
                if let Err(why) = apply_update() {
                    message.set(Some(format!("{}（{why}）", s::UPDATE_FAILED)));
                }
            });
        })
    };
    let later = {
        let dismissed = dismissed.clone();
        Callback::from(move |_: MouseEvent| dismissed.set(true))
    };

    html! { <>
        if offline.ready {
            <span class="offline-badge" id="offline-status" title={s::OFFLINE_READY_HINT}>{ s::OFFLINE_READY }</span>
        }
        <PrivacyButton />
        <div class="platform-alerts">
            <SandboxNotice />
            if !config_warnings.is_empty() {
                <div class="alert warn" role="alert" id="config-warnings">
                    <div class="alert-text">
                        <p><strong>{ s::CONFIG_WARNINGS_TITLE }</strong></p>
                        <ul>
                            for text in config_warnings.iter() {
                                <li key={text.clone()}>{ text.clone() }</li>
                            }
                        </ul>
                    </div>
                    <div class="alert-actions">
                        <button type="button" class="btn" onclick={
                            let config_warnings = config_warnings.clone();
                            Callback::from(move |_: MouseEvent| config_warnings.set(Vec::new()))
                        }>{ s::GOT_IT }</button>
                    </div>
                </div>
            }
            if offline.update && !*dismissed {
                <div class="alert info" role="alert" id="update-prompt">
                    <p><strong>{ s::UPDATE_TITLE }</strong>{ s::UPDATE_BODY }</p>
                    <div class="alert-actions">
                        <button type="button" class="btn primary" id="apply-update" onclick={update}>{ s::UPDATE_APPLY }</button>
                        <button type="button" class="btn" onclick={later}>{ s::LATER }</button>
                    </div>
                </div>
            }
            if let Some(text) = (*message).clone() {
                <p class="alert-message" role="status">{ text }</p>
            }
        </div>
    </> }
}

// ---------------------------------------------------------------------------------------------
// 隐私说明

/// The 隐私说明 button and its dialog (a native modal `<dialog>`: focus stays inside, Esc closes).
#[component]
fn PrivacyButton() -> Html {
    let dialog = use_node_ref();
    let open = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>() {
                if dialog.show_modal().is_err() {
                    dialog.set_open(true);
                }
            }
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>() {
                dialog.close();
            }
        })
    };
    html! { <>
        <button type="button" class="btn topbar-btn" id="open-privacy" aria-haspopup="dialog" onclick={open}>{ s::PRIVACY }</button>
        <dialog ref={dialog} class="privacy-dialog" id="privacy-dialog" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">{ s::PRIVACY }</h2>
            for (title, body) in s::PRIVACY_POINTS.iter() {
                <section key={*title}>
                    <h3>{ *title }</h3>
                    <p>{ *body }</p>
                </section>
            }
            <super::lock::LockSettings />
            <div class="dialog-actions">
                <button type="button" class="btn primary" id="close-privacy" onclick={close}>{ s::CLOSE }</button>
            </div>
        </dialog>
    </> }
}
