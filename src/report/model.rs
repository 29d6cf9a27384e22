//! The draft: what the user has written, keyed to a template's parts, with stable item ids.
//!
//! A draft is plain data. It changes only through `edit::apply`, and is stored, backed up and
//! embedded in .docx files as the versioned JSON of `storage`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::chars::{needs_normalizing, normalize_text};

use super::template::{SectionKind, Template};

/// Stable identity of an item within a draft (survives moves and edits; never reused). Unique
/// in the whole draft, from 1 to `MAX_ITEM_ID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(pub u64);

/// The largest item id: 2^53 − 1, JavaScript's `Number.MAX_SAFE_INTEGER`, so an id survives any
/// JSON reader (a host page, a script) exactly. A larger id in a file is renumbered, not refused:
/// refusing would make the whole draft unreadable for one bad number.
pub const MAX_ITEM_ID: u64 = (1 << 53) - 1;

/// One report being written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub template_id: String,
    pub template_version: u32,
    /// Basic information by field key (`year`, `org`, `name`, `position` …).
    #[serde(default)]
    pub info: BTreeMap<String, String>,
    /// The opening paragraph(s) (导语); paragraphs separated by `\n`.
    #[serde(default)]
    pub intro: String,
    /// One entry per template section, in the template's order.
    #[serde(default)]
    pub sections: Vec<SectionDraft>,
    /// The closing line; empty means none.
    #[serde(default)]
    pub closing: String,
    /// Text that could not be placed (import, template switch). Rendered only when non-empty,
    /// flagged by the diagnostics, never silently dropped.
    #[serde(default)]
    pub leftover: String,
    /// Numeric facts by key (集体学习 19 …).
    #[serde(default)]
    pub facts: BTreeMap<String, u32>,
    /// Word layout choices.
    #[serde(default)]
    pub layout: Layout,
    /// The title as the user wrote it; empty means the template's pattern (`title`). Optional
    /// fields like this one are left out of the JSON while unset, so a draft that never used
    /// them is stored exactly as before they existed, and older drafts load unchanged.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Print a name line under the title (署名), made from 单位, 职务 and 姓名 (`byline`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub byline: bool,
    /// The date line at the end (落款日期, e.g. `2026年1月10日`); empty means none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// Next id to hand out; ids are never reused so undo can restore an item with its id.
    #[serde(default)]
    pub next_id: u64,
    /// Last year's report this one grew out of (从上年报告开始), for the promises checklist and
    /// the sameness check. Never nested: its own `last_year` is dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_year: Option<Box<Draft>>,
    /// Keys of sentences the user accepted as unchanged from last year (warning dismissed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<String>,
    /// What `repair` changed when this draft entered the program (decoded, replaced), for the
    /// check to report. Not stored and not part of the content: drafts that differ only here
    /// are equal.
    #[serde(skip)]
    pub repairs: Repairs,
}

/// One repair of a draft's item ids (see `Draft::repair`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdRepair {
    /// An item got a new id: its own was another item's too (typing in one would have changed
    /// the other), or out of range (0, or above `MAX_ITEM_ID`).
    Renumbered { section: String, old: u64, new: ItemId, duplicate: bool },
    /// `next_id` was above `MAX_ITEM_ID`; handing it out would have wrapped around to ids in use.
    NextId { old: u64, new: u64 },
}

/// The repairs made to a draft when it entered the program. Always equal to any other `Repairs`:
/// they describe how a draft arrived, not what it holds.
#[derive(Debug, Clone, Default)]
pub struct Repairs(pub Vec<IdRepair>);

impl PartialEq for Repairs {
    fn eq(&self, _: &Repairs) -> bool {
        true
    }
}

/// The items the user wrote for one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionDraft {
    pub id: String,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// One numbered item: `N.标题。正文…` (and for problems `…以上问题的原因主要是：原因`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    #[serde(default)]
    pub title: String,
    /// Paragraphs separated by `\n`. The first is run in after the title; when the body starts
    /// with a line break the title stands alone on its line.
    #[serde(default)]
    pub body: String,
    /// The cause, for problem items.
    #[serde(default)]
    pub cause: String,
}

/// Line pitch presets for the Word file (GB/T 9704: 22 lines per page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinePitch {
    /// 28 pt, common practice.
    Pt28,
    /// 28.95 pt: exactly 22 lines on the 225 mm text block.
    #[default]
    Pt28_95,
    /// 29.6 pt, looser, as some offices use.
    Pt29_6,
}

impl LinePitch {
    pub const ALL: [LinePitch; 3] = [LinePitch::Pt28, LinePitch::Pt28_95, LinePitch::Pt29_6];

    /// Line pitch in twentieths of a point.
    pub fn twips(self) -> u32 {
        match self {
            LinePitch::Pt28 => 560,
            LinePitch::Pt28_95 => 579,
            LinePitch::Pt29_6 => 592,
        }
    }

    /// The CSS class giving the preview and the .html export this line pitch (no inline styles:
    /// the app's CSP forbids them).
    pub fn css_class(self) -> &'static str {
        match self {
            LinePitch::Pt28 => "doc-pitch-28",
            LinePitch::Pt28_95 => "doc-pitch-2895",
            LinePitch::Pt29_6 => "doc-pitch-296",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LinePitch::Pt28 => "28 磅",
            LinePitch::Pt28_95 => "28.95 磅（每页 22 行）",
            LinePitch::Pt29_6 => "29.6 磅",
        }
    }
}

/// Word layout options stored with the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Layout {
    #[serde(default)]
    pub line_pitch: LinePitch,
    /// Bold level-2/3 headings and run-in item titles.
    #[serde(default)]
    pub bold_subheadings: bool,
}

impl Layout {
    /// Classes of the `<article>` that shows the document in this layout.
    pub fn css_classes(&self) -> String {
        let bold = if self.bold_subheadings { " doc-bold" } else { "" };
        format!("doc {}{bold}", self.line_pitch.css_class())
    }
}

impl Draft {
    /// A new draft of `template`: its suggested items, the closing if on by default.
    pub fn new(template: &Template) -> Draft {
        let mut draft = Draft {
            template_id: template.id.clone(),
            template_version: template.version,
            info: BTreeMap::new(),
            intro: String::new(),
            sections: Vec::new(),
            closing: template
                .closing
                .as_ref()
                .filter(|c| c.default_on)
                .map(|c| c.text.clone())
                .unwrap_or_default(),
            leftover: String::new(),
            facts: BTreeMap::new(),
            layout: Layout::default(),
            title: String::new(),
            byline: false,
            date: String::new(),
            next_id: 1,
            last_year: None,
            dismissed: Vec::new(),
            repairs: Repairs::default(),
        };
        for spec in &template.sections {
            let items = spec
                .items
                .iter()
                .map(|item| {
                    let id = draft.fresh_id();
                    Item { id, title: item.title.clone(), ..Item::default() }
                })
                .collect();
            draft.sections.push(SectionDraft { id: spec.id.clone(), items });
        }
        draft
    }

    /// A new draft with no items at all (what the importer fills).
    pub fn empty(template: &Template) -> Draft {
        let mut draft = Draft::new(template);
        for section in &mut draft.sections {
            section.items.clear();
        }
        draft.closing.clear();
        draft
    }

    /// A new, never-used item id. O(1): `next_id` is kept above every id by `repair`, which every
    /// way a draft enters the program (decode, replace, restore) calls. It never wraps around:
    /// past `MAX_ITEM_ID` (2^53 additions, never in practice) the lowest free id is taken.
    pub fn fresh_id(&mut self) -> ItemId {
        let next = self.next_id.max(1);
        if next <= MAX_ITEM_ID {
            self.next_id = next + 1;
            return ItemId(next);
        }
        let used: HashSet<u64> = self.item_ids().collect();
        ItemId((1..=MAX_ITEM_ID).find(|id| !used.contains(id)).unwrap_or(MAX_ITEM_ID))
    }

    fn item_ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.0))
    }

    pub fn info(&self, key: &str) -> &str {
        self.info.get(key).map(String::as_str).unwrap_or("")
    }

    pub fn section(&self, id: &str) -> Option<&SectionDraft> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The title: the user's own when set, else the template's pattern (`pattern_title`).
    pub fn title(&self, template: &Template) -> String {
        let own = self.title.trim();
        if own.is_empty() {
            self.pattern_title(template)
        } else {
            own.to_string()
        }
    }

    /// The title from the template's pattern and the basic information. An empty year leaves
    /// the `202X` placeholder so the check flags it.
    pub fn pattern_title(&self, template: &Template) -> String {
        let mut title = template.title_pattern.clone();
        for field in &template.fields {
            let value = self.info(&field.key).trim();
            let value = if value.is_empty() && field.kind == super::template::FieldKind::Year {
                "202X"
            } else {
                value
            };
            title = title.replace(&format!("{{{}}}", field.key), value);
        }
        title
    }

    /// The name line under the title when `byline` is on: 职务 after 单位 (their shared words once:
    /// `机关第一党支部` + `党支部书记` → `机关第一党支部书记`), then 姓名 after a full-width space.
    /// `None` when off or when none of them is filled.
    pub fn byline_text(&self) -> Option<String> {
        if !self.byline {
            return None;
        }
        let (org, position, name) = (self.info("org").trim(), self.info("position").trim(), self.info("name").trim());
        let office = join_overlapping(org, position);
        let line = [office.as_str(), name].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("\u{3000}");
        (!line.is_empty()).then_some(line)
    }

    /// Makes the draft's sections match the template's (adds missing ones, orders them); text in
    /// sections the template does not know moves to the leftover part, so nothing is lost.
    pub fn conform_to(&mut self, template: &Template) {
        let mut old = std::mem::take(&mut self.sections);
        for spec in &template.sections {
            let pos = old.iter().position(|s| s.id == spec.id);
            let section = match pos {
                Some(pos) => old.remove(pos),
                None => SectionDraft { id: spec.id.clone(), items: Vec::new() },
            };
            self.sections.push(section);
        }
        for orphan in old {
            for item in orphan.items {
                let text = [item.title, item.body, item.cause]
                    .into_iter()
                    .filter(|t| !t.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                if !text.is_empty() {
                    if !self.leftover.is_empty() {
                        self.leftover.push('\n');
                    }
                    self.leftover.push_str(&text);
                }
            }
        }
        self.repair_next_id();
    }

    /// Keeps `next_id` above every id in use (a hand-edited or imported draft may disagree) and
    /// within range; it never wraps.
    pub fn repair_next_id(&mut self) {
        let used = self.item_ids().filter(|&id| id <= MAX_ITEM_ID).max().unwrap_or(0);
        if self.next_id > MAX_ITEM_ID + 1 {
            self.next_id = 0;
        }
        self.next_id = self.next_id.max(used + 1).max(1);
    }

    /// Brings a draft from outside (a file, storage, a backup, a replacement) to what the rest of
    /// the program relies on, and records what it changed in `repairs`:
    /// - every item id unique in the draft and in `1..=MAX_ITEM_ID` — the first item holding an
    ///   id keeps it, later ones and out-of-range ones are renumbered (their text is untouched);
    /// - `next_id` above every id and never beyond `MAX_ITEM_ID + 1`;
    /// - text normalised (`chars::normalize_text`).
    ///
    /// Last year's report inside is repaired the same way, silently (it is never edited).
    pub fn repair(&mut self) {
        let mut seen = HashSet::new();
        let mut renumber = Vec::new();
        for (s, section) in self.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                let id = item.id.0;
                if id == 0 || id > MAX_ITEM_ID {
                    renumber.push((s, i, false));
                } else if !seen.insert(id) {
                    renumber.push((s, i, true));
                }
            }
        }
        if self.next_id > MAX_ITEM_ID + 1 {
            let old = self.next_id;
            self.repair_next_id();
            self.repairs.0.push(IdRepair::NextId { old, new: self.next_id });
        } else {
            self.repair_next_id();
        }
        for (s, i, duplicate) in renumber {
            let new = self.fresh_id();
            if let Some(item) = self.sections.get_mut(s).and_then(|sec| sec.items.get_mut(i)) {
                let old = item.id.0;
                item.id = new;
                let section = self.sections.get(s).map(|sec| sec.id.clone()).unwrap_or_default();
                self.repairs.0.push(IdRepair::Renumbered { section, old, new, duplicate });
            }
        }
        self.normalize_text();
        if let Some(last) = &mut self.last_year {
            last.repair();
            last.repairs = Repairs::default();
        }
    }

    /// Pairs of items that share an id, as (section, id): empty for every draft that went
    /// through `repair` (the check reports any other).
    pub fn duplicate_ids(&self) -> Vec<(String, ItemId)> {
        let mut seen: HashSet<u64> = HashSet::new();
        let mut out = Vec::new();
        for section in &self.sections {
            for item in &section.items {
                if !seen.insert(item.id.0) {
                    out.push((section.id.clone(), item.id));
                }
            }
        }
        out
    }

    /// Normalises every text the draft prints (`chars::normalize_text`); `true` if anything changed.
    pub fn normalize_text(&mut self) -> bool {
        let mut changed = false;
        let mut fix = |text: &mut String| {
            if let Cow::Owned(clean) = normalize_text(text) {
                *text = clean;
                changed = true;
            }
        };
        self.info.values_mut().for_each(&mut fix);
        fix(&mut self.intro);
        fix(&mut self.title);
        fix(&mut self.date);
        fix(&mut self.closing);
        fix(&mut self.leftover);
        for item in self.sections.iter_mut().flat_map(|s| s.items.iter_mut()) {
            fix(&mut item.title);
            fix(&mut item.body);
            fix(&mut item.cause);
        }
        changed
    }

    /// Whether every text the draft prints is already normalised (cheap: no allocation).
    pub fn is_normalized(&self) -> bool {
        let clean = |text: &String| !text.chars().any(needs_normalizing);
        self.info.values().all(clean)
            && [&self.intro, &self.title, &self.date, &self.closing, &self.leftover].into_iter().all(clean)
            && self.sections.iter().flat_map(|s| &s.items).all(|i| clean(&i.title) && clean(&i.body) && clean(&i.cause))
    }

    /// All the text the user wrote, for counting and searching (no numbering, no title).
    pub fn written_chars(&self) -> usize {
        let mut n = count_chars(&self.intro) + count_chars(&self.closing);
        for section in &self.sections {
            for item in &section.items {
                n += count_chars(&item.title) + count_chars(&item.body) + count_chars(&item.cause);
            }
        }
        n
    }
}

/// `a` then `b`, with the longest end of `a` that starts `b` written once (`机关第一党支部` and
/// `党支部书记` → `机关第一党支部书记`; `学院党委` and `书记` → `学院党委书记`).
fn join_overlapping(a: &str, b: &str) -> String {
    let overlap = b
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .rev()
        .find(|&end| a.ends_with(&b[..end]))
        .unwrap_or(0);
    format!("{a}{}", &b[overlap..])
}

/// Characters as reviewers count them: everything except whitespace.
pub fn count_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// The text of an item whose title stands on its own line: a body opening with a line break
/// marks that (`1.标题。` printed alone, the text from the next paragraph), as an import of such
/// a report gives it. `None` when the title runs into the text.
pub fn title_on_own_line(body: &str) -> Option<&str> {
    body.trim_start_matches([' ', '\t', '\u{3000}']).strip_prefix('\n')
}

/// Whether a section kind pairs problems with causes.
pub fn has_cause(kind: SectionKind) -> bool {
    kind == SectionKind::Problems
}
