//! Where things are on screen: the DOM id of every text field, and the step and field a
//! diagnostic's place points to (the check's 前往修改, the step's own list of problems).

use crate::report::diagnostic::Place;
use crate::report::{Template, TextRef};

use super::steps::Step;

/// The DOM id of the field editing `target`: the one id the check's links, focus requests after
/// a move and the browser tests use.
pub fn field_id(target: &TextRef) -> String {
    match target {
        TextRef::Info { key } => format!("f-info-{key}"),
        TextRef::Intro => "f-intro".into(),
        TextRef::Closing => "f-closing".into(),
        TextRef::Leftover => "f-leftover".into(),
        TextRef::Title => "f-title".into(),
        TextRef::Date => "f-date".into(),
        TextRef::ItemTitle { item, .. } => format!("f-item-{}-title", item.0),
        TextRef::ItemBody { item, .. } => format!("f-item-{}-body", item.0),
        TextRef::ItemCause { item, .. } => format!("f-item-{}-cause", item.0),
    }
}

/// The heading every page focuses after navigation.
pub const STEP_HEADING: &str = "step-heading";

/// The step and field a diagnostic's place points to.
pub fn locate(template: &Template, place: &Place) -> (Step, String) {
    let section_step =
        |id: &str| template.sections.iter().position(|s| s.id == id).map(Step::Section).unwrap_or(Step::Check);
    match place {
        Place::Report => (Step::Check, STEP_HEADING.into()),
        Place::Info(key) => (Step::Info, field_id(&TextRef::Info { key: key.clone() })),
        Place::Intro => (Step::Intro, field_id(&TextRef::Intro)),
        Place::Section(id) => (section_step(id), STEP_HEADING.into()),
        Place::Closing => (Step::Check, field_id(&TextRef::Closing)),
        Place::Leftover => (Step::Check, field_id(&TextRef::Leftover)),
        Place::Text(target) => {
            let step = match target {
                TextRef::Info { .. } | TextRef::Title | TextRef::Date => Step::Info,
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
