//! Embedding in a portal (README 嵌入内网门户): the configuration the loader fetched
//! (`window.shuzhiBoot`: config.json and the template file it names) plus the page's query,
//! validated by `report::config`; the first report started from it; and the `postMessage` API
//! through which an allowed host page gets the current report as a file and hears ready/saved.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::browser;
use super::autosave::SaveStatus;
use super::persist;
use super::state::AppState;
use crate::report::config::{self, Config, Json, Refusal, Request, MAX_MESSAGE_BYTES, PROTOCOL};
use crate::report::{apply, builtin, file_name, render, Draft, Edit, Format, Template, TextRef};

/// The configuration of this page load.
pub struct Embed {
    pub config: Config,
    /// The portal's own template (config `templateUrl`), when its file read.
    pub portal_template: Option<Template>,
    /// What could not be used, for the portal's administrator.
    pub warnings: Vec<String>,
    /// `location.origin` (also inside a sandbox, where the document's own origin is `null`).
    pub own_origin: String,
}

thread_local! {
    static EMBED: RefCell<Option<Rc<Embed>>> = const { RefCell::new(None) };
    /// The host page's origin, once known (from the frame's ancestors or its first request).
    static HOST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// This page load's configuration (read once).
pub fn embed() -> Rc<Embed> {
    if let Some(found) = EMBED.with(|cell| cell.borrow().clone()) {
        return found;
    }
    let loaded = Rc::new(load());
    EMBED.with(|cell| *cell.borrow_mut() = Some(loaded.clone()));
    loaded
}

fn boot_text(name: &str) -> Option<String> {
    let window = browser::window()?;
    let boot = Reflect::get(&window, &JsValue::from_str("shuzhiBoot")).ok().filter(|b| b.is_object())?;
    Reflect::get(&boot, &JsValue::from_str(name)).ok()?.as_string().filter(|s| !s.is_empty())
}

fn load() -> Embed {
    let location = browser::window().map(|w| w.location());
    let own_origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let search = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let mut warnings = Vec::new();
    let (file, file_warnings) = match boot_text("config") {
        // The browser's own parser (nothing to add to the bundle); the core checks the values.
        Some(text) => {
            let parsed = js_sys::JSON::parse(text.trim_start_matches('\u{feff}'))
                .map_err(|e| browser::js_error_text(&e))
                .and_then(|value| to_json(&value, &mut CONFIG_BUDGET.clone(), 0).ok_or_else(|| "文件太大".to_string()));
            config::parse_file(parsed, &own_origin)
        }
        None => (Config::default(), Vec::new()),
    };
    if let Some(why) = boot_text("configError") {
        warnings.push(format!("无法读取 config.json（{why}），门户设置未使用"));
    }
    warnings.extend(file_warnings);
    let (query, query_warnings) = config::parse_query(&search, &own_origin);
    warnings.extend(query_warnings);
    let config = Config::merged(file, query);
    let portal_template = config.template_url.as_deref().and_then(|url| match portal_template(url) {
        Ok(template) => Some(template),
        Err(why) => {
            warnings.push(format!("门户指定的模板文件 {url} 不能使用：{why}。新报告改用{}", fallback_name(&config)));
            None
        }
    });
    Embed { config, portal_template, warnings, own_origin }
}

fn fallback_name(config: &Config) -> String {
    let template = config.template.as_deref().and_then(builtin).unwrap_or_else(crate::report::default_template);
    format!("“{}”", template.name)
}

/// The portal's template from the text the loader fetched.
fn portal_template(url: &str) -> Result<Template, String> {
    // The loader fetched the address it found first (query, then file), as `Config::merged`
    // picks it; anything else was not fetched.
    if boot_text("templateUrl").as_deref().map(str::trim) != Some(url) {
        return Err("没有读取".into());
    }
    if let Some(why) = boot_text("templateError") {
        return Err(match why.as_str() {
            "cross-origin" => "不在本网站上".into(),
            why if why.starts_with("HTTP") => format!("服务器返回 {why}"),
            why => format!("无法下载（{why}）"),
        });
    }
    let text = boot_text("template").ok_or("文件是空的")?;
    let template = Template::from_json(text.trim_start_matches('\u{feff}')).map_err(|e| e.to_string())?;
    if builtin(&template.id).is_some() {
        return Err(format!("模板 id“{}”与内置模板相同，请在文件中换一个", template.id));
    }
    Ok(template)
}

/// The template new reports start with: the portal's, a built-in one it names, or the default.
pub fn default_template() -> Template {
    let embed = embed();
    embed
        .portal_template
        .clone()
        .or_else(|| embed.config.template.as_deref().and_then(builtin))
        .unwrap_or_else(crate::report::default_template)
}

/// A new draft of `template` with the portal's 单位 and 年度 filled in (when it has the fields).
pub fn new_draft(template: &Template) -> Draft {
    let embed = embed();
    let mut draft = Draft::new(template);
    for (key, value) in [("org", &embed.config.org), ("year", &embed.config.year)] {
        if let Some(value) = value.clone().filter(|_| template.fields.iter().any(|f| f.key == key)) {
            apply(&mut draft, Edit::SetText { target: TextRef::Info { key: key.into() }, value });
        }
    }
    draft
}

/// At start-up, after storage is read: keeps the portal's template on this computer (so reports
/// made with it open with it later, also offline), and starts an untouched new report from the
/// configuration. A report with anything in it is never changed.
pub fn on_start(template: Rc<Template>, draft: Draft) -> (Rc<Template>, Draft) {
    let embed = embed();
    if let Some(portal) = &embed.portal_template {
        if !persist::custom_templates().contains(portal) {
            if let Err(why) = persist::load_template(&portal.to_json()) {
                web_sys::console::warn_1(&JsValue::from_str(&format!("门户模板没有保存到本机：{why}")));
            }
        }
    }
    let configured = embed.portal_template.is_some() || embed.config.template.is_some() || embed.config.org.is_some() || embed.config.year.is_some();
    if !configured || draft != Draft::new(&template) {
        return (template, draft);
    }
    let template = default_template();
    let draft = new_draft(&template);
    (Rc::new(template), draft)
}

// ---------------------------------------------------------------------------------------------
// The host page's messages

/// How much of config.json is read (characters and values): far more than any real one.
const CONFIG_BUDGET: usize = 64 * 1024;

/// A value the browser parsed (or cloned from a message), as the core's `Json`, spending
/// `budget` (one per value, one per character of strings and keys). `None`: over budget.
fn to_json(value: &JsValue, budget: &mut usize, depth: u32) -> Option<Json> {
    *budget = budget.checked_sub(1)?;
    if depth > 16 {
        return None;
    }
    if value.is_null() || value.is_undefined() {
        return Some(Json::Null);
    }
    if let Some(b) = value.as_bool() {
        return Some(Json::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Some(Json::Number(n));
    }
    if let Some(s) = value.as_string() {
        *budget = budget.checked_sub(s.len())?;
        return Some(Json::String(s));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        return array.iter().map(|item| to_json(&item, budget, depth + 1)).collect::<Option<Vec<_>>>().map(Json::Array);
    }
    if value.is_object() {
        let mut members = Vec::new();
        let object: &Object = value.unchecked_ref();
        for key in Object::keys(object).iter() {
            let name = key.as_string()?;
            *budget = budget.checked_sub(name.len())?;
            let item = Reflect::get(value, &key).ok()?;
            members.push((name, to_json(&item, budget, depth + 1)?));
        }
        return Some(Json::Object(members));
    }
    Some(Json::Null) // functions, symbols: nothing JSON has
}

/// A plain object for a message.
fn message(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

fn text_or_null(value: Option<String>) -> JsValue {
    value.map_or(JsValue::NULL, |v| JsValue::from_str(&v))
}

/// The embedding page's origin, if the app is framed by an allowed one: the browser's
/// `location.ancestorOrigins` (Chromium, Safari), else the referrer; or the origin of the last
/// valid request.
fn host_origin() -> Option<String> {
    if let Some(known) = HOST.with(|h| h.borrow().clone()) {
        return Some(known);
    }
    let window = browser::window()?;
    let parent = window.parent().ok().flatten()?;
    if js_sys::Object::is(&parent, &window) {
        return None;
    }
    let ancestors = Reflect::get(&window.location(), &JsValue::from_str("ancestorOrigins")).ok();
    let first = ancestors
        .filter(|a| a.is_object())
        .and_then(|a| Reflect::get(&a, &JsValue::from_f64(0.0)).ok())
        .and_then(|o| o.as_string());
    let candidate = first.or_else(|| {
        let referrer = browser::document()?.referrer();
        web_sys::Url::new(&referrer).ok().map(|u| u.origin())
    })?;
    let embed = embed();
    embed.config.allows(&candidate, &embed.own_origin).then_some(candidate)
}

/// Posts `object` to `target` at `origin`, with `bytes` as a `bytes` field if given.
fn post(target: &JsValue, origin: &str, object: Object, bytes: Option<&[u8]>) {
    let mut transfer = None;
    if let Some(bytes) = bytes {
        let array = js_sys::Uint8Array::from(bytes);
        let _ = Reflect::set(&object, &JsValue::from_str("bytes"), &array);
        transfer = Some(js_sys::Array::of1(&array.buffer()));
    }
    // Through Reflect: `target` may be a cross-origin WindowProxy, which is no `instanceof Window`.
    let Some(post) = Reflect::get(target, &JsValue::from_str("postMessage")).ok().and_then(|f| f.dyn_into::<Function>().ok()) else {
        return;
    };
    let _ = match transfer {
        Some(list) => post.call3(target, &object, &JsValue::from_str(origin), &list),
        None => post.call2(target, &object, &JsValue::from_str(origin)),
    };
}

fn to_host(message: Object) {
    let (Some(origin), Some(parent)) = (host_origin(), browser::window().and_then(|w| w.parent().ok().flatten())) else { return };
    post(&parent, &origin, message, None);
}

fn ready_message(state: &AppState, id: Option<String>) -> Object {
    let formats: Array = Format::ALL.iter().map(|f| JsValue::from_str(f.extension())).collect();
    message(&[
        ("type", "shuzhi:ready".into()),
        ("id", text_or_null(id)),
        ("protocol", PROTOCOL.into()),
        ("formats", formats.into()),
        ("title", state.draft.title(&state.template).into()),
    ])
}

/// Answers one message event (the caller has the current state).
fn answer(event: &web_sys::MessageEvent, state: &AppState) {
    let embed = embed();
    let origin = event.origin();
    if !embed.config.allows(&origin, &embed.own_origin) {
        return; // not a host this portal allows: no reply, nothing revealed
    }
    let Some(source) = event.source().map(JsValue::from) else { return };
    let data = event.data();
    // Only what claims to be ours is read at all (other scripts on a portal post messages too).
    let ours = Reflect::get(&data, &JsValue::from_str("type")).ok().and_then(|t| t.as_string()).is_some_and(|t| t.starts_with("shuzhi:"));
    if !ours {
        return;
    }
    let request = match to_json(&data, &mut MAX_MESSAGE_BYTES.clone(), 0) {
        Some(json) => config::parse_request(&json),
        None => Err(Refusal::too_large()),
    };
    match request {
        Ok(None) => {}
        Ok(Some(Request::Hello { id })) => {
            HOST.with(|h| *h.borrow_mut() = Some(origin.clone()));
            post(&source, &origin, ready_message(state, id), None);
        }
        Ok(Some(Request::Export { id, format })) => {
            HOST.with(|h| *h.borrow_mut() = Some(origin.clone()));
            let bytes = render(&state.draft, &state.template, format);
            let reply = message(&[
                ("type", "shuzhi:file".into()),
                ("id", text_or_null(id)),
                ("format", format.extension().into()),
                ("fileName", file_name(&state.draft, &state.template, format).into()),
                ("mimeType", format.mime().into()),
                ("size", (bytes.len() as f64).into()),
            ]);
            post(&source, &origin, reply, Some(&bytes));
        }
        Err(Refusal { id, code, message: text }) => {
            let reply = message(&[("type", "shuzhi:error".into()), ("id", text_or_null(id)), ("code", code.into()), ("message", text.into())]);
            post(&source, &origin, reply, None);
        }
    }
}

/// Listens for the host page's requests, announces `shuzhi:ready` once mounted and
/// `shuzhi:saved` after every save.
#[hook]
pub fn use_host_api(state: &UseReducerHandle<AppState>) {
    // The listener is added once; it reads the state of the latest render from here.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    use_effect_with((), move |_| {
        let on_message = {
            let latest = latest.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let state = latest.borrow().clone();
                answer(&event, &state);
            })
        };
        let window = browser::window();
        if let Some(window) = &window {
            let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        }
        to_host(ready_message(&latest.borrow(), None));
        // Every write shows as 保存中… then 已保存 HH:MM:SS in the status; the second is the event.
        let saving = Rc::new(RefCell::new(false));
        let subscription = {
            let latest = latest.clone();
            persist::subscribe(Callback::from(move |_| {
                match persist::status() {
                    SaveStatus::Saving => *saving.borrow_mut() = true,
                    SaveStatus::Saved(time) if !time.is_empty() && *saving.borrow() => *saving.borrow_mut() = false,
                    _ => return,
                }
                if *saving.borrow() {
                    return;
                }
                let state = latest.borrow().clone();
                to_host(message(&[
                    ("type", "shuzhi:saved".into()),
                    ("savedAt", (persist::now() as f64).into()),
                    ("title", state.draft.title(&state.template).into()),
                ]));
            }))
        };
        move || {
            persist::unsubscribe(subscription);
            if let Some(window) = &window {
                let _ = window.remove_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
            }
            drop(on_message);
        }
    });
}
