//! Switching a draft to another template (更换模板): the parts that correspond are mapped, and
//! whatever finds no place goes to the leftover part (未归类内容), so nothing typed is lost.
//!
//! Mapping, most trusted first:
//! - 导语, the closing line, numeric facts and the Word layout stay as they are;
//! - basic information by field key, else by the same label; other filled fields go to the
//!   leftover as `标签：值`;
//! - sections by id, else by heading: the same words, else the same role (work, thought,
//!   integrity, rectification, problems, causes, plans — read from the kind and the heading's
//!   keywords), heading similarity breaking ties. Items move whole and keep their ids. Thought,
//!   integrity and rectification sections with no counterpart join the target's work section;
//! - a rectification item (上年度问题整改) of a work section moves to the target's rectification
//!   section when it has one (the default template writes it as an item, others as a section);
//! - a problem's cause stays with it where the target pairs them (`problems` sections); else it
//!   becomes an item of the target's cause section (原因剖析) when there is one, else it is
//!   appended to the problem's text. A cause section with no counterpart is paired back onto the
//!   target's problems by order;
//! - untouched suggestions (an item with only the old template's suggested title) are dropped —
//!   they were never typed — and target sections left empty get the new template's suggestions.

use std::collections::BTreeMap;

use super::model::{Draft, Item, SectionDraft};
use super::template::{FieldKind, FieldSpec, Guidance, SectionKind, SectionSpec, Template};

/// A switched draft and what happened to its parts, for the confirmation the user sees first.
#[derive(Debug, Clone, PartialEq)]
pub struct Switched {
    pub draft: Draft,
    /// Where parts went, in words: `“思想政治方面” → “主要工作情况”`.
    pub mapped: Vec<String>,
    /// What went to 未归类内容, in words: `“廉洁自律方面”的 2 条`, `基本信息“姓名”`.
    pub moved: Vec<String>,
}

/// The draft rewritten for template `to` (see the module comment for the rules).
pub fn switch_template(draft: &Draft, from: &Template, to: &Template) -> Draft {
    plan_switch(draft, from, to).draft
}

/// What a section is for, whatever its template calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Thought,
    Work,
    Integrity,
    Rectification,
    Problems,
    Causes,
    Plans,
}

/// The role of a section from its kind, flag, heading and id (ids count for templates this
/// program does not have, whose headings are unknown: see `implied_template`).
fn role(id: &str, heading: &str, kind: SectionKind, rectification: bool) -> Role {
    let text = format!("{heading} {}", id.to_ascii_lowercase());
    let has = |keys: &[&str]| keys.iter().any(|k| text.contains(k));
    if rectification {
        return Role::Rectification;
    }
    // `整改措施` is a plan, `整改落实情况` a rectification: plans are decided first.
    if kind == SectionKind::Plans || has(&["打算", "措施", "计划", "方向", "思路", "plan", "measure"]) {
        return Role::Plans;
    }
    if has(&["整改", "rectif"]) {
        return Role::Rectification;
    }
    if kind == SectionKind::Problems || has(&["问题", "不足", "差距", "短板", "problem"]) {
        return Role::Problems;
    }
    if has(&["原因", "根源", "剖析", "cause"]) {
        return Role::Causes;
    }
    if has(&["廉", "纪律", "作风", "integrity"]) {
        return Role::Integrity;
    }
    if has(&["思想", "政治", "学习", "理论", "thought", "study"]) {
        return Role::Thought;
    }
    Role::Work
}

fn spec_role(spec: &SectionSpec) -> Role {
    role(&spec.id, &spec.heading, spec.kind, spec.rectification)
}

/// A heading's letters only (no numbering punctuation or spaces), for comparing.
fn words(heading: &str) -> String {
    heading.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Character-bigram Dice similarity of two headings, in percent.
fn similarity(a: &str, b: &str) -> u32 {
    let bigrams = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut rest = b.clone();
    let mut common = 0;
    for pair in &a {
        if let Some(i) = rest.iter().position(|p| p == pair) {
            rest.swap_remove(i);
            common += 1;
        }
    }
    (200 * common / (a.len() + b.len())) as u32
}

/// How well a source section fits a target section; 0 means not at all.
fn score(heading: &str, source: Role, target: &SectionSpec) -> u32 {
    let (a, b) = (words(heading), words(&target.heading));
    if !a.is_empty() && a == b {
        return 300;
    }
    let similar = similarity(&a, &b);
    let base = match (source, spec_role(target)) {
        (s, t) if s == t => 100,
        // The default template reports thought, integrity and last year's rectification as
        // items of its one work section.
        (Role::Thought | Role::Integrity | Role::Rectification, Role::Work) => 50,
        (Role::Work, Role::Thought | Role::Integrity) => 30,
        _ => 0,
    };
    match base {
        0 if similar >= 60 => similar / 2,
        0 => 0,
        base => base + similar / 2,
    }
}

/// One section of the draft being switched, with what its template says about it.
struct Source<'a> {
    id: &'a str,
    heading: String,
    role: Role,
    spec: Option<&'a SectionSpec>,
    items: &'a [Item],
}

impl Source<'_> {
    /// An item holding nothing but the old template's suggestion: not typed, not kept.
    fn untouched(&self, item: &Item) -> bool {
        if !blank(&item.body) || !blank(&item.cause) {
            return false;
        }
        let title = item.title.trim();
        title.is_empty()
            || self.spec.is_some_and(|spec| {
                spec.items.iter().any(|s| s.title.trim() == title) || spec.title_suggestions.iter().any(|s| s.trim() == title)
            })
    }

    /// Whether an item reports on last year's problems (marked in the old template, or titled so
    /// in a section that is not itself about problems or plans).
    fn is_rectification(&self, item: &Item) -> bool {
        let title = item.title.trim();
        let marked = self.spec.is_some_and(|spec| spec.items.iter().any(|s| s.rectification && !title.is_empty() && s.title.trim() == title));
        marked || (matches!(self.role, Role::Work | Role::Thought | Role::Integrity) && title.contains("整改"))
    }

    fn connector(&self) -> String {
        self.spec.and_then(|s| s.cause_connector.clone()).unwrap_or_else(|| "以上问题的原因主要是：".into())
    }
}

/// Plans a switch: the new draft, and in words where everything went.
pub fn plan_switch(draft: &Draft, from: &Template, to: &Template) -> Switched {
    if from.id == to.id {
        let mut same = draft.clone();
        same.conform_to(to);
        return Switched { draft: same, mapped: Vec::new(), moved: Vec::new() };
    }
    // Everything not listed (导语, closing, facts, layout, ids, last year's report …) carries over.
    let mut out = Draft {
        template_id: to.id.clone(),
        template_version: to.version,
        info: BTreeMap::new(),
        sections: to.sections.iter().map(|s| SectionDraft { id: s.id.clone(), items: Vec::new() }).collect(),
        leftover: String::new(),
        ..draft.clone()
    };
    // Moved items keep their ids, so new ones must start above every id in the source.
    let used = draft.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.0)).max().unwrap_or(0);
    out.next_id = out.next_id.max(used.saturating_add(1)).max(1);

    let mut mapped = Vec::new();
    let mut moved = Vec::new();
    let mut leftover: Vec<String> = Vec::new();

    // Basic information.
    for (key, value) in &draft.info {
        if blank(value) {
            continue;
        }
        let label = from.fields.iter().find(|f| &f.key == key).map(|f| f.label.trim().to_string()).unwrap_or_else(|| key.clone());
        if to.fields.iter().any(|f| &f.key == key) {
            out.info.insert(key.clone(), value.clone());
            continue;
        }
        let same_label = to.fields.iter().find(|f| f.label.trim() == label && blank(out.info.get(&f.key).map(String::as_str).unwrap_or("")));
        match same_label {
            Some(field) => {
                out.info.insert(field.key.clone(), value.clone());
                mapped.push(format!("基本信息“{label}” → “{}”", field.label.trim()));
            }
            None => {
                leftover.push(format!("{label}：{}", value.trim()));
                moved.push(format!("基本信息“{label}”"));
            }
        }
    }

    let sources: Vec<Source> = draft
        .sections
        .iter()
        .map(|section| {
            let spec = from.section(&section.id);
            let kind = spec.map(|s| s.kind).unwrap_or(if section.items.iter().any(|i| !blank(&i.cause)) {
                SectionKind::Problems
            } else {
                SectionKind::Items
            });
            let heading = spec.map(|s| s.heading.clone()).unwrap_or_else(|| section.id.clone());
            let role = role(&section.id, &heading, kind, spec.is_some_and(|s| s.rectification));
            Source { id: &section.id, heading, role, spec, items: &section.items }
        })
        .collect();

    let rectification_target = to.sections.iter().position(|s| spec_role(s) == Role::Rectification);
    let causes_target = to.sections.iter().position(|s| spec_role(s) == Role::Causes);
    // Where causes of a cause section without counterpart are paired back: the problems section
    // that pairs causes itself, else any problems section.
    let problems_target = to
        .sections
        .iter()
        .position(|s| s.kind == SectionKind::Problems)
        .or_else(|| to.sections.iter().position(|s| spec_role(s) == Role::Problems));
    let mut unpaired_causes: Vec<(&Source, Vec<String>)> = Vec::new();

    for source in &sources {
        let kept: Vec<&Item> = source.items.iter().filter(|i| !source.untouched(i)).collect();
        if kept.is_empty() {
            continue;
        }
        // Ids first: related templates share them (`work`, `problems`, `plans` …).
        let target = to.sections.iter().position(|s| s.id == source.id).or_else(|| {
            let best = to
                .sections
                .iter()
                .enumerate()
                .map(|(i, spec)| (score(&source.heading, source.role, spec), i))
                .filter(|(score, _)| *score > 0)
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            best.map(|(_, i)| i)
        });
        if target.is_none() && source.role == Role::Causes && problems_target.is_some() {
            let texts = kept.iter().map(|i| cause_text(i)).collect();
            unpaired_causes.push((source, texts));
            continue;
        }
        let mut routed_rectification = Vec::new();
        let mut routed_causes = 0;
        let mut appended_causes = 0;
        let mut placed = 0;
        let mut unplaced: Vec<&Item> = Vec::new();
        for item in kept {
            // A rectification item goes to the target's rectification section even when the rest
            // of its section finds no place.
            let rectification = rectification_target.filter(|&r| Some(r) != target && source.is_rectification(item));
            let Some(destination) = rectification.or(target) else {
                unplaced.push(item);
                continue;
            };
            if rectification.is_some() {
                routed_rectification.push(item.title.trim().to_string());
            }
            let mut item = item.clone();
            if !blank(&item.cause) && to.sections[destination].kind != SectionKind::Problems {
                let cause = std::mem::take(&mut item.cause);
                match causes_target.filter(|&c| c != destination) {
                    Some(c) => {
                        let id = out.fresh_id();
                        out.sections[c].items.push(Item { id, title: String::new(), body: cause, cause: String::new() });
                        routed_causes += 1;
                    }
                    None => {
                        let joined = format!("{}{}", source.connector(), cause.trim_start());
                        item.body = if blank(&item.body) { joined } else { format!("{}\n{joined}", item.body.trim_end()) };
                        appended_causes += 1;
                    }
                }
            }
            out.sections[destination].items.push(item);
            placed += 1;
        }
        if let Some(target) = target.filter(|_| placed > routed_rectification.len()) {
            mapped.push(format!("“{}” → “{}”", source.heading, to.sections[target].heading));
        }
        if let (Some(r), false) = (rectification_target, routed_rectification.is_empty()) {
            let titles: Vec<String> = routed_rectification
                .iter()
                .map(|t| if t.is_empty() { "整改一条".to_string() } else { format!("“{t}”") })
                .collect();
            mapped.push(format!("{} → “{}”", titles.join("、"), to.sections[r].heading));
        }
        if let (Some(c), true) = (causes_target, routed_causes > 0) {
            mapped.push(format!("“{}”中 {routed_causes} 条问题的原因 → “{}”", source.heading, to.sections[c].heading));
        }
        if appended_causes > 0 {
            mapped.push(format!("“{}”中 {appended_causes} 条问题的原因 → 接在各问题的正文后", source.heading));
        }
        if !unplaced.is_empty() {
            leftover.push(format!("原“{}”部分：", source.heading));
            for item in &unplaced {
                leftover.extend(item_lines(item));
            }
            moved.push(format!("“{}”的 {} 条", source.heading, unplaced.len()));
        }
    }

    // A cause section with no counterpart: its causes go onto the problems, by order.
    for (source, texts) in unpaired_causes {
        let Some(p) = problems_target else { continue };
        let pairs_causes = to.sections[p].kind == SectionKind::Problems;
        let count = out.sections[p].items.len();
        if count == 0 {
            leftover.push(format!("原“{}”部分：", source.heading));
            leftover.extend(texts.iter().cloned());
            moved.push(format!("“{}”的 {} 条", source.heading, texts.len()));
            continue;
        }
        for (i, text) in texts.iter().enumerate() {
            let item = &mut out.sections[p].items[i.min(count - 1)];
            let slot = if pairs_causes { &mut item.cause } else { &mut item.body };
            let text = if pairs_causes { text.clone() } else { format!("{}{text}", source.connector()) };
            *slot = if blank(slot) { text } else { format!("{}\n{text}", slot.trim_end()) };
        }
        let how = if pairs_causes { "按顺序作为各问题的原因" } else { "按顺序接在各问题的正文后" };
        mapped.push(format!("“{}” → “{}”，{how}", source.heading, to.sections[p].heading));
    }

    // Sections that received nothing start as in a new draft of the target template.
    for (spec, section) in to.sections.iter().zip(0..) {
        if out.sections[section].items.is_empty() {
            for suggestion in &spec.items {
                let id = out.fresh_id();
                out.sections[section].items.push(Item { id, title: suggestion.title.clone(), ..Item::default() });
            }
        }
    }

    let mut parts: Vec<String> = Vec::new();
    if !blank(&draft.leftover) {
        parts.push(draft.leftover.trim_end().to_string());
    }
    parts.extend(leftover);
    out.leftover = parts.join("\n");
    out.repair_next_id();
    Switched { draft: out, mapped, moved }
}

/// An item of a cause section as one cause: `标题。正文`.
fn cause_text(item: &Item) -> String {
    let title = item.title.trim();
    let mut text = match (title.is_empty(), blank(&item.body)) {
        (true, _) => item.body.trim().to_string(),
        (false, true) => title.to_string(),
        (false, false) => {
            let stop = if title.ends_with(['。', '！', '？', '：', '；', '.', '!', '?', ':', ';']) { "" } else { "。" };
            format!("{title}{stop}{}", item.body.trim())
        }
    };
    if !blank(&item.cause) {
        text.push('\n');
        text.push_str(item.cause.trim());
    }
    text
}

/// An item's text as leftover lines: title, body, cause, each non-empty.
fn item_lines(item: &Item) -> Vec<String> {
    [&item.title, &item.body, &item.cause]
        .into_iter()
        .filter(|t| !blank(t))
        .map(|t| t.trim().to_string())
        .collect()
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The template a draft implies when its own is not available (a template file not loaded on this
/// computer, or a newer version's built-in): sections named by their ids, basic information by its
/// keys. Only good as the `from` of `plan_switch`, whose id and keyword rules it is made for.
pub fn implied_template(draft: &Draft) -> Template {
    let fields = draft
        .info
        .keys()
        .map(|key| FieldSpec {
            key: key.clone(),
            label: key.clone(),
            hint: String::new(),
            placeholder: String::new(),
            required: false,
            kind: FieldKind::Text,
        })
        .collect();
    let sections = draft
        .sections
        .iter()
        .map(|section| {
            let kind = if section.items.iter().any(|i| !blank(&i.cause)) { SectionKind::Problems } else { SectionKind::Items };
            SectionSpec::plain(&section.id, &section.id, kind, false)
        })
        .collect();
    Template {
        schema: None,
        id: draft.template_id.clone(),
        name: draft.template_id.clone(),
        version: draft.template_version,
        title_pattern: "述职报告".into(),
        fields,
        intro: Guidance::default(),
        sections,
        closing: None,
        length: None,
        facts: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_headings() {
        let r = |heading: &str, kind| role("x", heading, kind, false);
        assert_eq!(r("主要工作情况", SectionKind::Items), Role::Work);
        assert_eq!(r("工作实绩", SectionKind::Items), Role::Work);
        assert_eq!(r("思想政治方面", SectionKind::Items), Role::Thought);
        assert_eq!(r("廉洁自律方面", SectionKind::Items), Role::Integrity);
        assert_eq!(r("上年度问题整改情况", SectionKind::Items), Role::Rectification);
        assert_eq!(r("上次组织生活会整改落实情况", SectionKind::Items), Role::Rectification);
        assert_eq!(r("存在问题及原因", SectionKind::Items), Role::Problems);
        assert_eq!(r("查摆的问题", SectionKind::Items), Role::Problems);
        assert_eq!(r("原因剖析", SectionKind::Items), Role::Causes);
        assert_eq!(r("整改措施", SectionKind::Items), Role::Plans);
        assert_eq!(r("下一年度工作打算", SectionKind::Items), Role::Plans);
        assert_eq!(role("causes", "causes", SectionKind::Items, false), Role::Causes);
    }

    #[test]
    fn similarity_of_headings() {
        assert_eq!(similarity("主要工作情况", "主要工作情况"), 100);
        assert!(similarity("主要工作情况", "主要工作及成效") >= 50);
        assert_eq!(similarity("原因剖析", "下步打算"), 0);
        assert_eq!(similarity("", "下步打算"), 0);
    }
}
