//! How long the report is, and how long its parts should be — one source for the check's length
//! rules and the wizard's counters, so a counter never says "write more" where the check says
//! "shorten": each section's target (下步打算's capped by its share of the text), a hint per item
//! derived from it, and the report's size on paper (the 22 × 28 grid) and read aloud
//! (docs/design.md §2 "Length").

use super::model::{count_chars, Draft, Item};
use super::outline::{Block, Outline};
use super::template::{LengthTarget, SectionKind, SectionSpec, Template};

/// 下步打算 should stay within about a fifth of the text (docs/design.md §2); a little slack avoids
/// nagging a report that sits right at 20 %.
pub const PLANS_SHARE_MAX_PERCENT: usize = 22;
/// Reading pace for the estimate: characters a minute (docs/design.md §2).
pub const READING_PACE: usize = 200;
/// The official page grid (GB/T 9704): lines a page, characters a line.
pub const LINES_PER_PAGE: usize = 22;
pub const CHARS_PER_LINE: usize = 28;

/// The characters an item counts for: title, text and (problems) cause — what the check counts.
pub fn item_chars(item: &Item, kind: SectionKind) -> usize {
    let cause = if kind == SectionKind::Problems { count_chars(&item.cause) } else { 0 };
    count_chars(&item.title) + count_chars(&item.body) + cause
}

/// A section's characters.
pub fn section_chars(items: &[Item], kind: SectionKind) -> usize {
    items.iter().map(|i| item_chars(i, kind)).sum()
}

/// `plans` characters as a rounded percentage of `total` (what the check's message shows).
pub fn share_percent(plans: usize, total: usize) -> usize {
    if total == 0 {
        return 0;
    }
    (plans * 100 + total / 2) / total
}

/// Whether 下步打算 with `plans` characters out of `total` is over its share: the check's rule,
/// measured once the report has some body (half the template's minimum length).
pub fn plans_over_share(plans: usize, total: usize, template: &Template) -> bool {
    share_applies(total, template) && plans != total && share_percent(plans, total) > PLANS_SHARE_MAX_PERCENT
}

fn share_applies(total: usize, template: &Template) -> bool {
    let floor = template.length.map(|l| l.min as usize / 2).unwrap_or(0);
    total > 0 && total >= floor
}

/// The most 下步打算 may hold beside `others` characters of the rest without the share rule firing.
pub fn plans_cap(others: usize) -> usize {
    // The share rounds to 22 % up to 22.5 %: p < 22.5 % of (others + p) ⇔ p < 45/155 · others. Start
    // just above that and step down to the first p the rounded rule accepts.
    let half_up = 2 * PLANS_SHARE_MAX_PERCENT + 1;
    let mut p = others * half_up / (200 - half_up) + 2;
    while p > 0 && share_percent(p, others + p) > PLANS_SHARE_MAX_PERCENT {
        p -= 1;
    }
    p
}

/// The target a section's counter shows and the check's length rule uses: the template's, and for
/// 下步打算 no more than its share of the text allows once the share rule applies (so a counter
/// never asks for more than the check accepts).
pub fn section_target(draft: &Draft, template: &Template, spec: &SectionSpec) -> Option<LengthTarget> {
    let target = spec.guidance.target?;
    if spec.kind != SectionKind::Plans {
        return Some(target);
    }
    let total = draft.written_chars();
    let plans = draft.section(&spec.id).map_or(0, |s| section_chars(&s.items, spec.kind));
    if !share_applies(total, template) || plans == total {
        return Some(target);
    }
    let cap = u32::try_from(plans_cap(total - plans)).unwrap_or(u32::MAX);
    let max = target.max.min(cap);
    Some(LengthTarget { min: target.min.min(max), max })
}

/// What an item's counter shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemHint {
    /// The item's characters, counted as the check counts them.
    pub count: usize,
    pub target: LengthTarget,
    /// The template's own target for this item, which the check enforces; otherwise a share of
    /// the section's target, shown as guidance only.
    pub enforced: bool,
}

/// The template's own target for an item: the one of the suggested item with its title.
pub fn own_target(spec: &SectionSpec, item: &Item) -> Option<LengthTarget> {
    let title = item.title.trim();
    spec.items.iter().find(|s| !s.title.trim().is_empty() && s.title.trim() == title)?.guidance.target
}

/// The hint for one item of a section holding `items` items whose target is `section`
/// (`section_target`, computed once per section): the template's target for a suggested item,
/// else the section's shared among its items (rounded to tens). `None` without any target.
pub fn item_hint(spec: &SectionSpec, item: &Item, section: Option<LengthTarget>, items: usize) -> Option<ItemHint> {
    let count = item_chars(item, spec.kind);
    if let Some(target) = own_target(spec, item) {
        return Some(ItemHint { count, target, enforced: true });
    }
    let section = section?;
    let n = u32::try_from(items.max(1)).unwrap_or(u32::MAX);
    let min = section.min / n / 10 * 10;
    let max = section.max.div_ceil(n).div_ceil(10) * 10;
    Some(ItemHint { count, target: LengthTarget { min, max: max.max(min) }, enforced: false })
}

/// Where a count stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Short,
    Within,
    Long,
}

pub fn fit(count: usize, target: LengthTarget) -> Fit {
    if count < target.min as usize {
        Fit::Short
    } else if count > target.max as usize {
        Fit::Long
    } else {
        Fit::Within
    }
}

/// The report's size: characters as the check counts them, lines and pages on the official grid,
/// and minutes read aloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Size {
    pub chars: usize,
    pub lines: usize,
    pub pages: usize,
    pub minutes: usize,
}

/// The size of the report as the Word file prints it: 28 characters a line (half that for Latin
/// letters and digits), body paragraphs indented two characters, the title 20 characters a line in
/// 二号, blank lines where the layout has them (below the title or name line, above the closing and
/// the date), 22 lines a page. Reading time counts every printed character but spaces at
/// `READING_PACE`, rounded, at least one minute for any text.
pub fn size(draft: &Draft, outline: &Outline) -> Size {
    let mut lines = 0;
    let mut spoken = 0;
    for (i, block) in outline.blocks.iter().enumerate() {
        let text = block.plain();
        spoken += count_chars(&text);
        let next_is_byline = matches!(outline.blocks.get(i + 1), Some(Block::Byline { .. }));
        lines += match block {
            Block::Title { .. } => rows(&text, 0, 20) + usize::from(!next_is_byline),
            Block::Byline { .. } => rows(&text, 0, CHARS_PER_LINE) + 1,
            Block::Closing { .. } => 1 + rows(&text, 2, CHARS_PER_LINE),
            Block::Date { .. } => 1 + rows(&text, 0, CHARS_PER_LINE),
            Block::Heading { .. } | Block::Paragraph { .. } | Block::Leftover { .. } => rows(&text, 2, CHARS_PER_LINE),
        };
    }
    let chars = draft.written_chars();
    if chars == 0 {
        return Size::default();
    }
    Size {
        chars,
        lines,
        pages: lines.div_ceil(LINES_PER_PAGE).max(1),
        minutes: ((spoken + READING_PACE / 2) / READING_PACE).max(1),
    }
}

/// 1234 → `1,234`, as lengths are printed (the check's messages, the size line).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Lines a paragraph takes: full-width characters count 2 half-widths, ASCII 1.
fn rows(text: &str, indent: usize, per_line: usize) -> usize {
    let halves: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>() + indent * 2;
    halves.div_ceil(per_line * 2).max(1)
}
