//! Word's automatic numbering (`word/numbering.xml`, and the numbering paragraph styles carry in
//! `word/styles.xml`): the labels a reader sees — `一、`, `1.`, `（一）` — that Word draws from list
//! definitions instead of storing in the text. Last year's report typed with Word's numbering
//! button, or written in the 编号列表 (List Number) style, would otherwise reach the importer
//! without a single item number, and its items would run together.
//!
//! A paragraph's list comes from its own `w:numPr`, else from its style's (following `basedOn`);
//! its level from its own `w:ilvl`, else the style's, else the level the list links to that style
//! (`w:lvl/w:pStyle`: headings tied to a multilevel list). Lists sharing one definition count on
//! together, as in Word, unless a list restarts (`w:startOverride`) or redefines a level
//! (`w:lvlOverride/w:lvl`).
//!
//! Everything is looked up in maps, never by scanning (a hostile file may define 80 000 lists);
//! a level text longer than any real one, or a label growing past `MAX_LABEL`, gives no label.

use std::collections::{BTreeMap, BTreeSet};

use super::{parse, Event, W_NS, W_STRICT_NS};
use crate::report::outline::chinese_number;

/// Word allows nine levels (`w:ilvl` 0–8).
const LEVELS: usize = 9;
/// Real level texts are a few characters (`%1.`, `第%1章`); a longer one is not read.
const MAX_LEVEL_TEXT: usize = 64;
/// Longest label given (`1.1.1.1.1.1.1.1.1.` is 18).
const MAX_LABEL: usize = 32;
/// How far `basedOn` and style links are followed.
const MAX_CHAIN: usize = 16;

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, PartialEq, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// The paragraph style this level is tied to (`w:pStyle`).
    style: Option<String>,
}

/// A list definition (`w:abstractNum`).
#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the levels live in the list the named numbering style points to.
    style_link: Option<String>,
}

/// A list instance (`w:num`): its definition and what it overrides.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    starts: [Option<u32>; LEVELS],
    levels: [Option<Level>; LEVELS],
}

/// A paragraph style's numbering, as written on the style itself.
#[derive(Debug, Clone, Default)]
struct StyleNum {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// The paragraph styles of a document, for the numbering they carry.
#[derive(Debug, Default)]
pub struct Styles {
    styles: BTreeMap<String, StyleNum>,
}

impl Styles {
    /// Reads `styles.xml`. Anything it cannot read means no style numbering, never an error.
    pub fn read(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut current: Option<(String, StyleNum)> = None;
        let parsed = parse(xml, &mut |event| match event {
            Event::Start { ns, local, attrs } if ns == W_NS || ns == W_STRICT_NS => match local {
                "style" => current = value(attrs, "styleId").map(|id| (id.to_string(), StyleNum::default())),
                "basedOn" => {
                    if let (Some((_, s)), Some(v)) = (&mut current, value(attrs, "val")) {
                        s.based_on = Some(v.to_string());
                    }
                }
                "numId" => {
                    if let (Some((_, s)), Some(v)) = (&mut current, value(attrs, "val")) {
                        s.num_id = Some(v.to_string());
                    }
                }
                "ilvl" => {
                    if let Some((_, s)) = &mut current {
                        s.ilvl = index(value(attrs, "val"));
                    }
                }
                _ => {}
            },
            Event::End { ns, local: "style" } if ns == W_NS || ns == W_STRICT_NS => {
                if let Some((id, s)) = current.take() {
                    styles.styles.insert(id, s);
                }
            }
            _ => {}
        });
        if parsed.is_err() {
            return Styles::default();
        }
        styles
    }

    /// The list and level a style gives its paragraphs, following `basedOn` (each found on the
    /// nearest style that sets it).
    fn numbering(&self, style: &str) -> (Option<String>, Option<usize>) {
        let (mut num_id, mut ilvl) = (None, None);
        let mut seen = BTreeSet::new();
        let mut at = Some(style.to_string());
        while let Some(id) = at.take() {
            if seen.len() >= MAX_CHAIN || !seen.insert(id.clone()) {
                break;
            }
            let Some(s) = self.styles.get(&id) else { break };
            num_id = num_id.or_else(|| s.num_id.clone());
            ilvl = ilvl.or(s.ilvl);
            at = s.based_on.clone();
        }
        (num_id, ilvl)
    }
}

/// A paragraph's own numbering properties (`w:pPr`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphNumbering {
    pub style: Option<String>,
    pub num_id: Option<String>,
    pub ilvl: Option<usize>,
}

/// The list definitions of a document, and the counters while its paragraphs are read in order.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: BTreeMap<String, Abstract>,
    nums: BTreeMap<String, Num>,
    styles: Styles,
    /// Per list being counted: the current value of each level (`None`: not used since it last
    /// restarted). Lists sharing a definition share counters, unless one restarts.
    counters: BTreeMap<String, [Option<u32>; LEVELS]>,
}

/// Where a `w:lvl` being read belongs.
enum LevelOf {
    Abstract(String, usize),
    Override(usize),
}

impl Numbering {
    /// Reads `numbering.xml` with the document's styles. Anything it cannot read means no labels,
    /// never an error: the text is still all there.
    pub fn read(xml: &str, styles: Styles) -> Numbering {
        let mut numbering = Numbering { styles, ..Numbering::default() };
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(LevelOf, Level)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut override_level: Option<usize> = None;
        let parsed = parse(xml, &mut |event| match event {
            Event::Start { ns, local, attrs } if ns == W_NS || ns == W_STRICT_NS => {
                let val = value(attrs, "val");
                match local {
                    "abstractNum" => {
                        abstract_id = value(attrs, "abstractNumId").map(str::to_string);
                        if let Some(id) = &abstract_id {
                            numbering.abstracts.entry(id.clone()).or_default();
                        }
                    }
                    "lvl" => {
                        let of = match (&num, override_level, &abstract_id) {
                            (Some(_), Some(i), _) => Some(LevelOf::Override(i)),
                            (None, _, Some(id)) => index(value(attrs, "ilvl")).map(|i| LevelOf::Abstract(id.clone(), i)),
                            _ => None,
                        };
                        level = of.map(|of| (of, Level { start: 1, ..Level::default() }));
                    }
                    "start" => {
                        if let (Some((_, level)), Some(start)) = (&mut level, val.and_then(|v| v.parse().ok())) {
                            level.start = start;
                        }
                    }
                    "numFmt" => {
                        if let (Some((_, level)), Some(v)) = (&mut level, val) {
                            level.format = v.to_string();
                        }
                    }
                    "lvlText" => {
                        // A level text no list uses (a million `%1`) is not read: no label, and
                        // nothing to multiply by the paragraphs.
                        if let (Some((_, level)), Some(v)) = (&mut level, val.filter(|v| v.chars().count() <= MAX_LEVEL_TEXT)) {
                            level.text = v.to_string();
                        }
                    }
                    "pStyle" => {
                        if let (Some((_, level)), Some(v)) = (&mut level, val) {
                            level.style = Some(v.to_string());
                        }
                    }
                    "numStyleLink" => {
                        if let (Some(id), Some(v)) = (&abstract_id, val) {
                            if let Some(a) = numbering.abstracts.get_mut(id) {
                                a.style_link = Some(v.to_string());
                            }
                        }
                    }
                    "num" => num = value(attrs, "numId").map(|id| (id.to_string(), Num::default())),
                    "abstractNumId" => {
                        if let (Some((_, num)), Some(v)) = (&mut num, val) {
                            num.abstract_id = v.to_string();
                        }
                    }
                    "lvlOverride" => override_level = index(value(attrs, "ilvl")),
                    "startOverride" => {
                        if let (Some((_, num)), Some(i), Some(start)) = (&mut num, override_level, val.and_then(|v| v.parse().ok())) {
                            if let Some(slot) = num.starts.get_mut(i) {
                                *slot = Some(start);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End { ns, local } if ns == W_NS || ns == W_STRICT_NS => match local {
                "lvl" => match level.take() {
                    Some((LevelOf::Abstract(id, i), done)) => {
                        if let Some(slot) = numbering.abstracts.get_mut(&id).and_then(|a| a.levels.get_mut(i)) {
                            *slot = Some(done);
                        }
                    }
                    Some((LevelOf::Override(i), done)) => {
                        if let Some(slot) = num.as_mut().and_then(|(_, num)| num.levels.get_mut(i)) {
                            *slot = Some(done);
                        }
                    }
                    None => {}
                },
                "abstractNum" => abstract_id = None,
                "lvlOverride" => override_level = None,
                "num" => {
                    if let Some((id, done)) = num.take() {
                        numbering.nums.insert(id, done);
                    }
                }
                _ => {}
            },
            _ => {}
        });
        if parsed.is_err() {
            return Numbering::default();
        }
        numbering
    }

    /// The label Word shows before a paragraph with these properties (`""`: none — bullets,
    /// `numId` 0, lists the document does not define, levels the importer does not read).
    pub fn label(&mut self, p: &ParagraphNumbering) -> String {
        let (style_num, style_ilvl) = match &p.style {
            Some(style) => self.styles.numbering(style),
            None => (None, None),
        };
        let Some(num_id) = p.num_id.clone().or(style_num) else { return String::new() };
        let Some(abstract_id) = self.nums.get(&num_id).map(|n| n.abstract_id.clone()) else { return String::new() };
        let Some(abstract_id) = self.resolve_abstract(&abstract_id) else { return String::new() };
        // The level: the paragraph's own, else its style's, else the one tied to its style.
        let linked = || {
            let style = p.style.as_deref()?;
            self.abstracts.get(&abstract_id)?.levels.iter().position(|l| l.as_ref().is_some_and(|l| l.style.as_deref() == Some(style)))
        };
        let ilvl = p.ilvl.or(style_ilvl).or_else(linked).unwrap_or(0).min(LEVELS - 1);
        self.next_label(&num_id, &abstract_id, ilvl)
    }

    /// The definition holding a list's levels, following a numbering-style link.
    fn resolve_abstract(&self, id: &str) -> Option<String> {
        let mut id = id.to_string();
        for _ in 0..MAX_CHAIN {
            let a = self.abstracts.get(&id)?;
            let Some(link) = a.style_link.as_ref().filter(|_| a.levels.iter().all(Option::is_none)) else { return Some(id) };
            let num = self.styles.numbering(link).0?;
            id = self.nums.get(&num)?.abstract_id.clone();
        }
        None
    }

    fn level(&self, num_id: &str, abstract_id: &str, ilvl: usize) -> Option<&Level> {
        let own = self.nums.get(num_id).and_then(|n| n.levels.get(ilvl)?.as_ref());
        own.or_else(|| self.abstracts.get(abstract_id).and_then(|a| a.levels.get(ilvl)?.as_ref()))
    }

    fn next_label(&mut self, num_id: &str, abstract_id: &str, ilvl: usize) -> String {
        let Some(level) = self.level(num_id, abstract_id, ilvl).cloned() else { return String::new() };
        // Bullets have no number; letters and Roman numerals number sub-points the importer does
        // not read as items: without a label they stay in the text of the item above, as before.
        let unread = ["bullet", "none", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman"];
        if unread.contains(&level.format.as_str()) || level.text.is_empty() {
            return String::new();
        }
        let restarts = self.nums.get(num_id).is_some_and(|n| n.starts.iter().any(Option::is_some) || n.levels.iter().any(Option::is_some));
        let key = if restarts { format!("n:{num_id}") } else { format!("a:{abstract_id}") };
        let mut starts = [1u32; LEVELS];
        let mut formats: Vec<String> = vec!["decimal".to_string(); LEVELS];
        for (i, slot) in starts.iter_mut().enumerate() {
            let override_start = self.nums.get(num_id).and_then(|n| n.starts.get(i).copied().flatten());
            let level = self.level(num_id, abstract_id, i);
            *slot = override_start.or(level.map(|l| l.start)).unwrap_or(1);
            if let Some(l) = level {
                formats[i] = l.format.clone();
            }
        }
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        counters[ilvl] = Some(counters[ilvl].map_or(starts[ilvl], |n| n.saturating_add(1)));
        // A higher level moving on restarts the levels below it.
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let i = d as usize - 1;
                    let n = counters[i].unwrap_or(starts[i]);
                    label.push_str(&format_number(n, &formats[i]));
                }
                _ => label.push(c),
            }
            if label.chars().count() > MAX_LABEL {
                return String::new();
            }
        }
        label
    }
}

/// An attribute by its local name (`w:val`, `val`).
fn value<'a>(attrs: &'a [(String, String)], local: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k.rsplit(':').next() == Some(local)).map(|(_, v)| v.as_str())
}

fn index(raw: Option<&str>) -> Option<usize> {
    raw.and_then(|v| v.parse::<usize>().ok()).filter(|&i| i < LEVELS)
}

/// A counter in one of Word's number formats that Chinese reports use (ECMA-376 §17.18.59);
/// others as decimal.
fn format_number(n: u32, format: &str) -> String {
    let n_usize = n as usize;
    match format {
        "chineseCounting" | "chineseCountingThousand" | "taiwaneseCounting" | "taiwaneseCountingThousand"
        | "japaneseCounting" | "ideographTraditional" | "chineseLegalSimplified" => chinese_number(n_usize),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().filter_map(|d| char::from_u32(0xFF10 + d.to_digit(10).unwrap_or(0))).collect()
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map(String::from).unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map(String::from).unwrap_or_else(|| n.to_string())
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%1"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="5"/></w:num>
</w:numbering>"#;

    fn direct(num_id: &str, ilvl: usize) -> ParagraphNumbering {
        ParagraphNumbering { style: None, num_id: Some(num_id.into()), ilvl: Some(ilvl) }
    }

    #[test]
    fn labels_count_per_list_and_restart_below_a_higher_level() {
        let mut n = Numbering::read(XML, Styles::default());
        let labels: Vec<String> =
            [(1, 0), (1, 2), (1, 2), (1, 0), (1, 1), (1, 2), (1, 1), (1, 2)].iter().map(|&(id, l)| n.label(&direct(&id.to_string(), l))).collect();
        assert_eq!(labels, ["一、", "1.", "2.", "二、", "（一）", "1.", "（二）", "1."]);
        assert_eq!(n.label(&direct("3", 0)), "三、", "a start override");
        assert_eq!(n.label(&direct("3", 0)), "四、");
        assert_eq!(n.label(&direct("2", 0)), "", "bullets have no number");
        assert_eq!(n.label(&direct("5", 0)), "", "a), b) are not item numbers to the importer");
        assert_eq!(n.label(&direct("0", 0)), "", "numId 0 is no list");
        assert_eq!(n.label(&direct("99", 0)), "", "an undefined list");
        assert_eq!(n.label(&direct("1", 8)), "", "an undefined level");
    }

    #[test]
    fn style_numbering_basedon_links_and_lists_sharing_a_definition() {
        let styles = Styles::read(
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:styleId="ListNumber"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
<w:style w:styleId="MyItems"><w:basedOn w:val="ListNumber"/></w:style>
<w:style w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="8"/></w:numPr></w:pPr></w:style>
<w:style w:styleId="Heading2"><w:basedOn w:val="Heading1"/></w:style>
<w:style w:styleId="LoopA"><w:basedOn w:val="LoopB"/></w:style><w:style w:styleId="LoopB"><w:basedOn w:val="LoopA"/></w:style>
</w:styles>"#,
        );
        let xml = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="ListNumber"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
<w:num w:numId="7"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="9"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="8"><w:abstractNumId w:val="8"/></w:num>
</w:numbering>"#;
        let mut n = Numbering::read(xml, styles);
        let style = |s: &str| ParagraphNumbering { style: Some(s.into()), num_id: None, ilvl: None };
        assert_eq!(n.label(&style("ListNumber")), "1.");
        assert_eq!(n.label(&style("MyItems")), "2.", "basedOn carries the numbering");
        assert_eq!(n.label(&ParagraphNumbering { num_id: Some("9".into()), ..style("ListNumber") }), "1.", "a restart");
        assert_eq!(n.label(&ParagraphNumbering { num_id: Some("9".into()), ..style("ListNumber") }), "2.");
        assert_eq!(n.label(&ParagraphNumbering { num_id: Some("0".into()), ..style("ListNumber") }), "", "numId 0 switches a style's list off");
        let headings: Vec<String> = ["Heading1", "Heading2", "Heading2", "Heading1", "Heading2"].iter().map(|s| n.label(&style(s))).collect();
        assert_eq!(headings, ["一、", "1.", "2.", "二、", "1."], "levels tied to heading styles");
        assert_eq!(n.label(&style("LoopA")), "", "a basedOn loop ends");
    }

    #[test]
    fn formats_and_hostile_input() {
        assert_eq!(format_number(12, "chineseCountingThousand"), "十二");
        assert_eq!(format_number(10, "ideographDigital"), "一〇");
        assert_eq!(format_number(3, "decimalFullWidth"), "３");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(7, "somethingNew"), "7");
        let mut n = Numbering::read("<not-xml", Styles::default());
        assert_eq!(n.label(&direct("1", 0)), "");
        let mut n = Numbering::read(XML, Styles::default());
        assert_eq!(n.label(&direct("4", 0)), "1.1", "a level may repeat itself");
        let huge = format!(
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#,
            "%1".repeat(10_000)
        );
        let mut n = Numbering::read(&huge, Styles::default());
        assert_eq!(n.label(&direct("1", 0)), "", "a level text no list uses gives no label");
    }
}
