//! The clock and the local calendar: the core has no clock, so every `now` comes from here.

use wasm_bindgen::JsValue;

/// Milliseconds since the epoch.
pub fn now() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// A moment in the local time zone, split into its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Local {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// `ms` in the local time zone.
pub fn local(ms: u64) -> Local {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    Local {
        year: date.get_full_year(),
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
        second: date.get_seconds(),
    }
}
