//! The outline: a draft laid out as numbered blocks, the single source every renderer prints.
//!
//! Numbering (一、 （一） 1. （1）), run-in item titles, problem/cause joining and the vanishing of
//! empty parts are decided here once, so the live preview and every export file agree.

use super::edit::TextRef;
use super::model::{Draft, Item, ItemId};
use super::template::{SectionKind, SectionSpec, Template, CAUSE_CONNECTORS};

/// Where a block came from, so the preview can scroll to the part being edited.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anchor {
    Title,
    Intro,
    Section(String),
    Item { section: String, item: ItemId },
    Closing,
    Leftover,
    /// The name line under the title.
    Byline,
    /// The date line at the end.
    Date,
}

impl Anchor {
    /// A DOM id for the preview (ASCII, stable while the draft is edited).
    pub fn dom_id(&self) -> String {
        match self {
            Anchor::Title => "pv-title".into(),
            Anchor::Intro => "pv-intro".into(),
            Anchor::Section(id) => format!("pv-s-{}", ascii_id(id)),
            Anchor::Item { item, .. } => format!("pv-i-{}", item.0),
            Anchor::Closing => "pv-closing".into(),
            Anchor::Leftover => "pv-leftover".into(),
            Anchor::Byline => "pv-byline".into(),
            Anchor::Date => "pv-date".into(),
        }
    }

    /// The anchor of the part a text field belongs to.
    pub fn of(target: &TextRef) -> Anchor {
        match target {
            TextRef::Info { .. } | TextRef::Title => Anchor::Title,
            TextRef::Date => Anchor::Date,
            TextRef::Intro => Anchor::Intro,
            TextRef::Closing => Anchor::Closing,
            TextRef::Leftover => Anchor::Leftover,
            TextRef::ItemTitle { section, item }
            | TextRef::ItemBody { section, item }
            | TextRef::ItemCause { section, item } => {
                Anchor::Item { section: section.clone(), item: *item }
            }
        }
    }
}

/// The number and title that open an item's first paragraph: `1.` + `政治思想建设情况。`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub number: String,
    pub title: String,
}

/// One printed unit of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title { text: String },
    /// `level` 1 is `一、`, 2 is `（一）`.
    Heading { level: u8, number: String, text: String, anchor: Anchor },
    /// A body paragraph, possibly opened by a run-in numbered title.
    Paragraph { lead: Option<Lead>, text: String, anchor: Anchor },
    Closing { text: String },
    /// The name line under the title (署名): centred, in 楷体.
    Byline { text: String },
    /// The date line at the end (落款日期): right-aligned, four characters in.
    Date { text: String },
    /// Text the importer could not place; shown so nothing is lost, flagged by the check.
    Leftover { text: String },
}

impl Block {
    /// The block's text as one line, as the plain-text export prints it.
    pub fn plain(&self) -> String {
        match self {
            Block::Title { text }
            | Block::Closing { text }
            | Block::Leftover { text }
            | Block::Byline { text }
            | Block::Date { text } => text.clone(),
            Block::Heading { number, text, .. } => format!("{number}{text}"),
            Block::Paragraph { lead, text, .. } => match lead {
                Some(lead) => format!("{}{}{}", lead.number, lead.title, text),
                None => text.clone(),
            },
        }
    }
}

/// The whole report as blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Lays out a draft. Empty items and sections vanish and numbering stays consecutive.
pub fn outline(draft: &Draft, template: &Template) -> Outline {
    let title = draft.title(template);
    let mut blocks = vec![Block::Title { text: title.clone() }];
    if let Some(text) = draft.byline_text() {
        blocks.push(Block::Byline { text });
    }
    for text in paragraphs(&draft.intro) {
        blocks.push(Block::Paragraph { lead: None, text, anchor: Anchor::Intro });
    }
    let mut section_number = 0;
    for spec in &template.sections {
        let Some(section) = draft.section(&spec.id) else { continue };
        let section_blocks = section_blocks(spec, &section.items);
        if section_blocks.is_empty() {
            continue;
        }
        section_number += 1;
        blocks.push(Block::Heading {
            level: 1,
            number: format!("{}、", chinese_number(section_number)),
            text: spec.heading.clone(),
            anchor: Anchor::Section(spec.id.clone()),
        });
        blocks.extend(section_blocks);
    }
    for text in paragraphs(&draft.leftover) {
        blocks.push(Block::Leftover { text });
    }
    let closing = draft.closing.trim();
    if !closing.is_empty() {
        blocks.push(Block::Closing { text: closing.to_string() });
    }
    let date = draft.date.trim();
    if !date.is_empty() {
        blocks.push(Block::Date { text: date.to_string() });
    }
    Outline { title, blocks }
}

/// The number each template section prints under (`1` for 一、), `None` for a section that
/// prints nothing: the step list and the step's heading number sections as the preview does.
pub fn section_numbers(draft: &Draft, template: &Template) -> Vec<Option<usize>> {
    let mut number = 0;
    template
        .sections
        .iter()
        .map(|spec| {
            let items = draft.section(&spec.id).map(|s| s.items.as_slice()).unwrap_or(&[]);
            let printed = items.iter().any(|item| prints(spec.kind, item));
            printed.then(|| {
                number += 1;
                number
            })
        })
        .collect()
}

/// Whether an item prints at all (an item with nothing but blanks vanishes).
fn prints(kind: SectionKind, item: &Item) -> bool {
    let written = |text: &str| !text.trim().is_empty();
    written(&item.title) || written(&item.body) || (kind == SectionKind::Problems && written(&item.cause))
}

/// The words the template puts before a problem's cause.
pub fn cause_connector(spec: &SectionSpec) -> &str {
    spec.cause_connector.as_deref().unwrap_or(DEFAULT_CAUSE_CONNECTOR)
}

/// The connector a template without its own uses.
pub const DEFAULT_CAUSE_CONNECTOR: &str = "以上问题的原因主要是：";

/// The length (bytes) of a cause lead-in the user wrote at the start of a cause (`以上问题的原因主要是：`,
/// `究其原因，` … — the template's connector and the importer's list of connectors), after any
/// indentation. The outline then prints the user's words instead of adding the connector again,
/// and the check offers to remove them.
pub fn cause_lead_in(cause: &str, connector: &str) -> Option<usize> {
    let text = cause.trim_start();
    let indent = cause.len() - text.len();
    std::iter::once(connector)
        .chain(CAUSE_CONNECTORS.iter().copied())
        .filter(|lead| !lead.is_empty() && text.starts_with(lead))
        .map(|lead| indent + lead.len())
        .max()
}

fn section_blocks(spec: &SectionSpec, items: &[Item]) -> Vec<Block> {
    let connector = cause_connector(spec);
    let mut out = Vec::new();
    let mut item_number = 0;
    for item in items {
        if !prints(spec.kind, item) {
            continue;
        }
        item_number += 1;
        let anchor = Anchor::Item { section: spec.id.clone(), item: item.id };
        let cause = if spec.kind == SectionKind::Problems { item.cause.as_str() } else { "" };
        let mut body: Vec<String> = paragraphs(&item.body);
        let title_alone = super::model::title_on_own_line(&item.body).is_some();
        let mut cause_paras = paragraphs(cause);
        if let Some(first_cause) = cause_paras.first_mut() {
            // A lead-in the user wrote stands instead of the connector, never beside it.
            let lead = if cause_lead_in(first_cause, connector).is_some() { "" } else { connector };
            let joined = format!("{lead}{first_cause}");
            match body.last_mut() {
                Some(last) => last.push_str(&joined),
                None => body.push(joined),
            }
            cause_paras.remove(0);
        }
        body.extend(cause_paras);
        let lead = Lead { number: format!("{item_number}."), title: run_in_title(item.title.trim()) };
        let mut rest = body.into_iter();
        let first = if title_alone { String::new() } else { rest.next().unwrap_or_default() };
        out.push(Block::Paragraph { lead: Some(lead), text: first, anchor: anchor.clone() });
        for text in rest {
            out.push(Block::Paragraph { lead: None, text, anchor: anchor.clone() });
        }
    }
    out
}

/// Non-empty lines of a text field, trimmed of indentation (ASCII and full-width spaces).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.trim_matches(|c: char| c.is_whitespace()).to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

/// A run-in title ends with `。` unless the user already closed it with punctuation.
fn run_in_title(title: &str) -> String {
    if title.is_empty() {
        return String::new();
    }
    match title.chars().last() {
        Some('。' | '！' | '？' | '：' | '；' | '.' | '!' | '?' | ':') => title.to_string(),
        _ => format!("{title}。"),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers fall back to digits.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!("{}十{}", DIGITS[n / 10], if n % 10 == 0 { "" } else { DIGITS[n % 10] }),
        _ => n.to_string(),
    }
}

fn ascii_id(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    use super::chinese_number;

    #[test]
    fn chinese_numbers() {
        let got: Vec<String> = [1, 3, 10, 11, 20, 21, 99, 100].iter().map(|&n| chinese_number(n)).collect();
        assert_eq!(got, ["一", "三", "十", "十一", "二十", "二十一", "九十九", "100"]);
    }
}
