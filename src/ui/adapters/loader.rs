//! What the external loader (assets/app.js) knows and does: offline readiness and a waiting
//! update (`window.shuzhiPlatform`, re-read on its `shuzhi-platform` event), the portal settings
//! it fetched before start-up (`window.shuzhiBoot`), and the sandbox the page runs in.
//!
//! The service worker itself is JavaScript (assets/sw.js): it costs the wasm bundle nothing.

use gloo_events::EventListener;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::app::portal::Boot;

use super::dom::window;
use super::host::parse_json;
use super::{threw, BrowserError};

/// The loader's report on offline use.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct Offline {
    /// This build is cached: the app opens without network.
    pub ready: bool,
    /// A newer version is ready; `apply_update` switches to it.
    pub update: bool,
    /// Why offline use is unavailable (`insecure`, `unavailable`, `failed`), or empty.
    pub note: String,
}

fn global(name: &str) -> Option<JsValue> {
    let window = window()?;
    Reflect::get(&window, &JsValue::from_str(name)).ok().filter(|v| v.is_object())
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

pub fn offline() -> Offline {
    let Some(state) = global("shuzhiPlatform") else { return Offline::default() };
    Offline {
        ready: field(&state, "offline").as_bool().unwrap_or(false),
        update: field(&state, "update").as_bool().unwrap_or(false),
        note: field(&state, "note").as_string().unwrap_or_default(),
    }
}

/// Calls `f` whenever the loader's state changes, until the listener is dropped.
pub fn on_offline_change(mut f: impl FnMut(Offline) + 'static) -> Option<EventListener> {
    let window = window()?;
    Some(EventListener::new(&window, "shuzhi-platform", move |_| f(offline())))
}

/// Reloads into the new version (the loader tells the waiting worker to take over first).
pub fn apply_update() -> Result<(), BrowserError> {
    let state = global("shuzhiPlatform").ok_or(BrowserError::Unsupported("shuzhiPlatform"))?;
    let apply: Function = field(&state, "apply").dyn_into().map_err(|_| BrowserError::Unsupported("shuzhiPlatform.apply"))?;
    apply.call0(&state).map(|_| ()).map_err(threw)
}

/// Loads the second half of the app's code now, if it isn't in yet (`shuzhiSplit.ensure`: the
/// built-in templates other than the default come with it, `report::template::set_texts_source`).
/// If it can't be loaded the loader tells the user in Chinese and throws, and so does this: the
/// action stops rather than go on without the template (a draft would be opened under another).
/// An unsplit build (`make serve`, the browser tests) has no such loader and has every text.
pub fn second_half_now() {
    let Some(split) = global("shuzhiSplit") else { return };
    let Ok(ensure) = field(&split, "ensure").dyn_into::<Function>() else { return };
    if let Err(error) = ensure.call0(&split) {
        wasm_bindgen::throw_val(error);
    }
}

fn boot_text(boot: &JsValue, name: &str) -> Option<String> {
    field(boot, name).as_string().filter(|s| !s.is_empty())
}

/// How much of config.json is read (characters and values): far more than any real one.
const CONFIG_BUDGET: usize = 64 * 1024;

/// What the loader fetched for the portal settings, and the page's address.
pub fn boot() -> Boot {
    let location = window().map(|w| w.location());
    let own_origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let search = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let Some(boot) = global("shuzhiBoot") else { return Boot { search, own_origin, ..Boot::default() } };
    Boot {
        config: boot_text(&boot, "config").map(|text| parse_json(&text, CONFIG_BUDGET)),
        config_error: boot_text(&boot, "configError"),
        template_url: boot_text(&boot, "templateUrl"),
        template: boot_text(&boot, "template"),
        template_error: boot_text(&boot, "templateError"),
        search,
        own_origin,
    }
}

/// A sandbox permission the app needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Permission {
    SameOrigin,
    Downloads,
    Modals,
}

impl Permission {
    pub const ALL: [Permission; 3] = [Permission::SameOrigin, Permission::Downloads, Permission::Modals];

    /// The sandbox attribute's token for it.
    pub fn token(self) -> &'static str {
        match self {
            Permission::SameOrigin => "allow-same-origin",
            Permission::Downloads => "allow-downloads",
            Permission::Modals => "allow-modals",
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

/// The sandbox this page runs in, if any permission is missing.
pub fn sandbox() -> Option<Sandbox> {
    let window = window()?;
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
