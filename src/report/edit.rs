//! Every change to a draft: the `Edit` enum and the one function that applies it.
//!
//! The UI reducer, the importer's fixes and the diagnostics' one-click fixes all produce `Edit`s;
//! nothing else mutates a `Draft`. `apply` never panics: an edit naming an item or section that no
//! longer exists (e.g. a stale click after an undo) is reported as `Applied::Ignored`.
//!
//! `apply` also keeps the draft's invariants, whatever the edit carries: text is normalised
//! (`chars::normalize_text`: one kind of line break, no control or bidirectional characters), and
//! item ids stay unique and in range (`Draft::repair` on a replacement, a check on a restore).

use serde::{Deserialize, Serialize};

use super::chars::normalized;
use super::model::{Draft, Item, ItemId, Layout, MAX_ITEM_ID};

/// Which text of a draft an edit or a diagnostic refers to.
///
/// Edits and the references in them travel as JSON only between the page and the lazy part of one
/// build (`app::lazy`), externally tagged (serde's default): an internally tagged enum
/// (`#[serde(tag = …)]`) is read through serde's buffered `Content`, which compiled a third copy of
/// the draft's decoder (for `Edit::Replace`) into the first load.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextRef {
    Info { key: String },
    Intro,
    ItemTitle { section: String, item: ItemId },
    ItemBody { section: String, item: ItemId },
    ItemCause { section: String, item: ItemId },
    Closing,
    Leftover,
    /// The user's own title (empty: the template's pattern).
    Title,
    /// The date line at the end (落款日期).
    Date,
}

/// One change to a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Replace one text field.
    SetText { target: TextRef, value: String },
    /// Add an item to a section, after `after` (or at the end), with a title.
    AddItem { section: String, after: Option<ItemId>, title: String },
    /// Remove an item; `RestoreItem` with the same data undoes it.
    RemoveItem { section: String, item: ItemId },
    /// Put a removed item back at `index` (clamped), keeping its id.
    RestoreItem { section: String, index: usize, item: Item },
    /// Move an item up (`-1`) or down (`+1`) or by any offset, clamped to the list.
    MoveItem { section: String, item: ItemId, by: i64 },
    /// Set or clear a numeric fact.
    SetFact { key: String, value: Option<u32> },
    /// Change the Word layout options.
    SetLayout(Layout),
    /// Print the name line under the title (署名) or not.
    SetByline(bool),
    /// Replace the whole draft (import, restore from backup or snapshot).
    Replace(Box<Draft>),
    /// Accept a sentence that is the same as last year's (hides its warning for good).
    Dismiss { key: String },
    /// Move one paragraph of 未归类内容 (its index among the leftover's lines, and its text, so a
    /// stale click after the text changed does nothing) to the 导语, a new item or the end of an
    /// item ("放到…").
    PlaceLeftover { paragraph: usize, text: String, to: LeftoverTarget },
}

/// Where "放到…" puts a paragraph of 未归类内容.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftoverTarget {
    /// The end of the 导语.
    Intro,
    /// A new item at the end of a section, the paragraph as its text.
    NewItem { section: String },
    /// The end of an item's text, as a new paragraph (the text the importer cut off its item).
    Item { section: String, item: ItemId },
}

/// What `apply` did, so the UI can offer undo or explain a no-op.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    Changed,
    /// An item was removed from `index`; keep it for 撤销.
    Removed { index: usize, item: Item },
    /// Nothing matched (unknown section or item) or nothing changed.
    Ignored,
}

/// Applies one edit to the draft. This is the only function that changes a draft.
pub fn apply(draft: &mut Draft, edit: Edit) -> Applied {
    match edit {
        Edit::SetText { target, value } => {
            let value = normalized(value);
            match text_mut(draft, &target) {
                Some(slot) if *slot != value => {
                    *slot = value;
                    Applied::Changed
                }
                _ => Applied::Ignored,
            }
        }
        Edit::AddItem { section, after, title } => {
            if items_mut(draft, &section).is_none() {
                return Applied::Ignored;
            }
            let id = draft.fresh_id();
            let title = normalized(title);
            let Some(items) = items_mut(draft, &section) else {
                return Applied::Ignored;
            };
            let index = after
                .and_then(|a| items.iter().position(|i| i.id == a))
                .map(|p| p + 1)
                .unwrap_or(items.len());
            items.insert(index, Item { id, title, ..Item::default() });
            Applied::Changed
        }
        Edit::RemoveItem { section, item } => {
            let Some(items) = items_mut(draft, &section) else {
                return Applied::Ignored;
            };
            match items.iter().position(|i| i.id == item) {
                Some(index) => Applied::Removed { index, item: items.remove(index) },
                None => Applied::Ignored,
            }
        }
        Edit::RestoreItem { section, index, item } => {
            // The id must be free in the whole draft (the preview and the fields key on it alone).
            let taken = draft.sections.iter().flat_map(|s| &s.items).any(|i| i.id == item.id);
            if taken || item.id.0 == 0 || item.id.0 > MAX_ITEM_ID {
                return Applied::Ignored;
            }
            let Some(items) = items_mut(draft, &section) else {
                return Applied::Ignored;
            };
            let index = index.min(items.len());
            let Item { id, title, body, cause } = item;
            items.insert(index, Item { id, title: normalized(title), body: normalized(body), cause: normalized(cause) });
            draft.repair_next_id();
            Applied::Changed
        }
        Edit::MoveItem { section, item, by } => {
            let Some(items) = items_mut(draft, &section) else {
                return Applied::Ignored;
            };
            let Some(from) = items.iter().position(|i| i.id == item) else {
                return Applied::Ignored;
            };
            let last = items.len().saturating_sub(1) as i64;
            let to = (from as i64).saturating_add(by).clamp(0, last) as usize;
            if to == from {
                return Applied::Ignored;
            }
            let moved = items.remove(from);
            items.insert(to, moved);
            Applied::Changed
        }
        Edit::SetFact { key, value } => {
            let old = draft.facts.get(&key).copied();
            if old == value {
                return Applied::Ignored;
            }
            match value {
                Some(v) => draft.facts.insert(key, v),
                None => draft.facts.remove(&key),
            };
            Applied::Changed
        }
        Edit::SetLayout(layout) => {
            if draft.layout == layout {
                return Applied::Ignored;
            }
            draft.layout = layout;
            Applied::Changed
        }
        Edit::SetByline(on) => {
            if draft.byline == on {
                return Applied::Ignored;
            }
            draft.byline = on;
            Applied::Changed
        }
        Edit::Dismiss { key } => {
            if draft.dismissed.contains(&key) {
                return Applied::Ignored;
            }
            draft.dismissed.push(key);
            Applied::Changed
        }
        Edit::Replace(new) => {
            *draft = *new;
            draft.repair();
            Applied::Changed
        }
        Edit::PlaceLeftover { paragraph, text, to } => place_leftover(draft, paragraph, &text, to),
    }
}

/// `Edit::PlaceLeftover`: the paragraph leaves 未归类内容 only once it has a place.
fn place_leftover(draft: &mut Draft, paragraph: usize, text: &str, to: LeftoverTarget) -> Applied {
    let mut lines: Vec<&str> = draft.leftover.split('\n').collect();
    if lines.get(paragraph) != Some(&text) || text.trim().is_empty() {
        return Applied::Ignored;
    }
    lines.remove(paragraph);
    let rest = lines.join("\n");
    let moved = text.trim().to_string();
    match to {
        LeftoverTarget::Intro => {
            if !draft.intro.trim().is_empty() {
                draft.intro.push('\n');
            }
            draft.intro.push_str(&moved);
        }
        LeftoverTarget::NewItem { section } => {
            if items_mut(draft, &section).is_none() {
                return Applied::Ignored;
            }
            let id = draft.fresh_id();
            let Some(items) = items_mut(draft, &section) else {
                return Applied::Ignored;
            };
            items.push(Item { id, body: moved, ..Item::default() });
        }
        LeftoverTarget::Item { section, item } => {
            let Some(found) = items_mut(draft, &section).and_then(|items| items.iter_mut().find(|i| i.id == item)) else {
                return Applied::Ignored;
            };
            if !found.body.trim().is_empty() {
                found.body.push('\n');
            }
            found.body.push_str(&moved);
        }
    }
    // A leftover of blank lines only is no leftover.
    draft.leftover = if rest.trim().is_empty() { String::new() } else { rest };
    Applied::Changed
}

/// Reads the text a reference points to (None if the item or key no longer exists).
pub fn text<'a>(draft: &'a Draft, target: &TextRef) -> Option<&'a str> {
    let item = |section: &str, id: ItemId| {
        draft.section(section).and_then(|s| s.items.iter().find(|i| i.id == id))
    };
    match target {
        TextRef::Info { key } => Some(draft.info(key)),
        TextRef::Intro => Some(&draft.intro),
        TextRef::Closing => Some(&draft.closing),
        TextRef::Leftover => Some(&draft.leftover),
        TextRef::Title => Some(&draft.title),
        TextRef::Date => Some(&draft.date),
        TextRef::ItemTitle { section, item: id } => item(section, *id).map(|i| i.title.as_str()),
        TextRef::ItemBody { section, item: id } => item(section, *id).map(|i| i.body.as_str()),
        TextRef::ItemCause { section, item: id } => item(section, *id).map(|i| i.cause.as_str()),
    }
}

fn items_mut<'a>(draft: &'a mut Draft, section: &str) -> Option<&'a mut Vec<Item>> {
    draft.sections.iter_mut().find(|s| s.id == section).map(|s| &mut s.items)
}

fn text_mut<'a>(draft: &'a mut Draft, target: &TextRef) -> Option<&'a mut String> {
    let (section, id) = match target {
        TextRef::Info { key } => return Some(draft.info.entry(key.clone()).or_default()),
        TextRef::Intro => return Some(&mut draft.intro),
        TextRef::Closing => return Some(&mut draft.closing),
        TextRef::Leftover => return Some(&mut draft.leftover),
        TextRef::Title => return Some(&mut draft.title),
        TextRef::Date => return Some(&mut draft.date),
        TextRef::ItemTitle { section, item }
        | TextRef::ItemBody { section, item }
        | TextRef::ItemCause { section, item } => (section, *item),
    };
    let item = items_mut(draft, section)?.iter_mut().find(|i| i.id == id)?;
    Some(match target {
        TextRef::ItemTitle { .. } => &mut item.title,
        TextRef::ItemBody { .. } => &mut item.body,
        _ => &mut item.cause,
    })
}
