//! The placing state machine: walks the cleaned lines once and fills a draft.
//!
//! Two look-ahead decisions are made before the walk, because a line alone cannot tell:
//! which numbering the level-1 headings use (`一、` normally, `（一）` in some reports), and
//! where the title and the closing line are. Then each line is placed according to the zone it
//! falls in (导语, a section, a separate cause part, a rectification part, an unknown part).
//!
//! Rules worth knowing (the tests pin them):
//! - In a section, the numbering style of the *first* numbered line is the item style; only lines
//!   numbered in that style start items. Other numbered lines (`一是…`, `（1）…` under `1.` items)
//!   are paragraphs of the current item, so `一是…二是…` never splits an item.
//! - Unnumbered paragraphs belong to the current item. Text in a section before its first item is
//!   an untitled item when the section has no numbered items, else leftover (it is a lead-in the
//!   template has no place for).
//! - Causes given apart from the problems (a `原因分析` part or sub-heading) pair with the problems
//!   by order; a single cause paragraph goes to the last problem (it then reads "以上问题的原因…").

use std::collections::BTreeMap;

use super::classify::{
    find_connector, heading_like, heading_target, heading_words, is_byline, is_closing, is_title_head,
    is_title_like, number, problems_subheading, rectification_section, split_title, Strength, Style, Target,
};
use super::clean::{Cleaned, Line};
use crate::report::diagnostic::{Diagnostic, Place, Severity};
use crate::report::model::{Draft, Item, ItemId};
use crate::report::template::{FieldKind, SectionKind, Template};

/// What the input's numbers count: lines of pasted text or paragraphs of a Word file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Line,
    Paragraph,
}

impl Unit {
    fn word(self) -> &'static str {
        match self {
            Unit::Line => "行",
            Unit::Paragraph => "段",
        }
    }
}

/// Fills a fresh draft of `template` from cleaned lines; returns it with what was done.
pub fn place(cleaned: &Cleaned, template: &Template, unit: Unit) -> (Draft, Vec<Diagnostic>) {
    let mut placer = Placer::new(template, unit);
    placer.run(&cleaned.lines);
    placer.finish()
}

/// Where the walk is.
#[derive(Debug, Clone, PartialEq)]
enum Zone {
    Intro,
    /// A template section, by index.
    Section(usize),
    /// A separate cause part; paired to the problems at the end.
    Causes,
    /// A separate 上年度问题整改情况 part.
    Rectification,
    /// A level-1 part the template does not know: kept whole as leftover.
    Unknown,
}

/// An item being read: its section, its first line (after the number) and following paragraphs.
struct ItemBuf {
    section: usize,
    lines: Vec<String>,
}

/// One cause read apart from its problem.
struct CauseUnit {
    /// Where it starts, should it have to go to the leftover part.
    line: Line,
    lines: Vec<String>,
    numbered: bool,
}

/// A run of lines sent to the leftover part, with why.
struct Piece {
    first: usize,
    last: usize,
    lines: Vec<String>,
    why: String,
}

/// A level-1 heading as written, for the recognition report.
struct HeadingSeen {
    no: usize,
    text: String,
    target: Option<Target>,
}

struct Placer<'t> {
    template: &'t Template,
    unit: Unit,
    draft: Draft,
    diags: Vec<Diagnostic>,
    section_style: Option<Style>,
    zone: Zone,
    /// Item numbering of the current block (reset at every heading and sub-heading).
    item_style: Option<Style>,
    item: Option<ItemBuf>,
    /// Items started since the last heading.
    block_items: usize,
    /// Section text before its first item.
    preamble: Vec<Line>,
    causes: Vec<CauseUnit>,
    rectification: Vec<Line>,
    leftover: Vec<Piece>,
    headings: Vec<HeadingSeen>,
    /// Value of the last level-1 number, to tell a stray `五、` in a body from a real heading.
    last_section_number: u32,
    title: Option<(usize, String)>,
}

impl<'t> Placer<'t> {
    fn new(template: &'t Template, unit: Unit) -> Self {
        Placer {
            template,
            unit,
            draft: Draft::empty(template),
            diags: Vec::new(),
            section_style: None,
            zone: Zone::Intro,
            item_style: None,
            item: None,
            block_items: 0,
            preamble: Vec::new(),
            causes: Vec::new(),
            rectification: Vec::new(),
            leftover: Vec::new(),
            headings: Vec::new(),
            last_section_number: 0,
            title: None,
        }
    }

    fn run(&mut self, lines: &[Line]) {
        self.section_style = section_style(lines, self.template);
        let first_heading = lines.iter().position(|l| self.heading(&l.text).is_some()).unwrap_or(lines.len());
        let title = find_title(&lines[..first_heading]);
        let closing = find_closing(lines, first_heading);
        let mut index = 0;
        if let Some((start, end)) = title {
            for line in &lines[..start] {
                self.set_aside(line, "在标题之前，未能识别");
            }
            let text: String = lines[start..=end].iter().map(|l| l.text.as_str()).collect();
            self.read_title(lines[start].no, &text);
            index = end + 1;
            // A signature or date under the title has no place in the template.
            while index < first_heading && is_byline(&lines[index].text) {
                self.set_aside(&lines[index], "像是署名或日期，模板中没有对应位置（姓名、职务可在“基本信息”中填写）");
                index += 1;
            }
        }
        let end = closing.unwrap_or(lines.len());
        for line in &lines[index..end] {
            self.line(line);
        }
        self.end_zone();
        if let Some(closing) = closing {
            self.draft.closing = lines[closing].text.clone();
            for line in &lines[closing + 1..] {
                self.set_aside(line, "在结束语之后（署名或日期），模板中没有对应位置");
            }
        }
    }

    /// Whether a line is a level-1 heading: its target (None: unknown part) and run-in text.
    fn heading(&self, text: &str) -> Option<(Option<Target>, Option<String>)> {
        match number(text) {
            Some(n) if Some(n.style) == self.section_style => {
                let after = &text[n.len..];
                let (head, rest) = heading_parts(after)?;
                let target = heading_target(head, self.template).map(|(t, _)| t);
                // An unknown wording counts as a heading only in sequence (`四、` after `三、`);
                // anything else numbered like a heading is a paragraph that happens to start so.
                if target.is_none() && (rest.is_some() || n.value != self.last_section_number + 1) {
                    return None;
                }
                Some((target, rest.map(str::to_string)))
            }
            Some(_) => None,
            // Unnumbered: only an exact known wording on a short line (checked first: cheap).
            None if heading_like(text) => match heading_target(text, self.template) {
                Some((target, Strength::Strong)) => Some((Some(target), None)),
                _ => None,
            },
            None => None,
        }
    }

    fn line(&mut self, line: &Line) {
        let text = line.text.as_str();
        if let Some((target, rest)) = self.heading(text) {
            self.end_zone();
            if let Some(n) = number(text) {
                self.last_section_number = n.value;
            }
            self.headings.push(HeadingSeen { no: line.no, text: text.to_string(), target });
            self.zone = match target {
                Some(Target::Section(i)) => Zone::Section(i),
                Some(Target::Causes) => Zone::Causes,
                Some(Target::Rectification) => Zone::Rectification,
                None => {
                    self.set_aside(line, UNKNOWN_PART);
                    Zone::Unknown
                }
            };
            // Text run in after the heading is content, never another heading: re-checking it
            // would recurse once per `一、工作：` in a hostile line.
            if let Some(rest) = rest.filter(|r| !r.is_empty()) {
                self.content(&Line { no: line.no, text: rest });
            }
            return;
        }
        self.content(line);
    }

    /// Places a line that is not a level-1 heading, according to the zone.
    fn content(&mut self, line: &Line) {
        let text = line.text.as_str();
        let zone = self.zone.clone();
        match zone {
            Zone::Intro => {
                push_paragraph(&mut self.draft.intro, text);
            }
            Zone::Section(index) => self.section_line(index, line),
            Zone::Causes => self.cause_line(line),
            Zone::Rectification => self.rectification.push(line.clone()),
            Zone::Unknown => self.set_aside(line, UNKNOWN_PART),
        }
    }

    fn section_line(&mut self, index: usize, line: &Line) {
        let text = line.text.as_str();
        let num = number(text);
        let kind = self.template.sections[index].kind;
        if kind == SectionKind::Problems {
            let words = num.map_or(text, |n| &text[n.len..]);
            let other_style = num.is_none_or(|n| Some(n.style) != self.item_style);
            if other_style {
                if let Some(causes) = problems_subheading(words) {
                    self.subheading(line, causes);
                    return;
                }
            }
        }
        match num {
            Some(n) if self.starts_item(n.style) => {
                self.item_style = Some(n.style);
                self.flush_item();
                self.item = Some(ItemBuf { section: index, lines: vec![text[n.len..].to_string()] });
                self.block_items += 1;
            }
            _ => match &mut self.item {
                Some(item) => item.lines.push(text.to_string()),
                None => self.preamble.push(line.clone()),
            },
        }
    }

    fn starts_item(&self, style: Style) -> bool {
        Some(style) != self.section_style && self.item_style.is_none_or(|s| s == style)
    }

    /// `（一）存在的问题` / `（二）原因分析` inside a problems section.
    fn subheading(&mut self, line: &Line, causes: bool) {
        let problems_zone = self.zone.clone();
        self.end_zone();
        self.note(
            Severity::Info,
            "import-subheading",
            format!(
                "第 {} {}“{}”：其后的{}",
                line.no,
                self.unit.word(),
                line.text,
                if causes { "各条按顺序作为各问题的原因" } else { "各条作为存在的问题" }
            ),
            Place::Report,
        );
        self.zone = if causes {
            Zone::Causes
        } else {
            match problems_zone {
                Zone::Section(i) => Zone::Section(i),
                _ => self.problems_index().map_or(Zone::Causes, Zone::Section),
            }
        };
    }

    fn cause_line(&mut self, line: &Line) {
        let text = line.text.as_str();
        let num = number(text);
        if num.is_none_or(|n| Some(n.style) != self.item_style) {
            if let Some(false) = problems_subheading(num.map_or(text, |n| &text[n.len..])) {
                self.subheading(line, false);
                return;
            }
        }
        match num {
            Some(n) if self.starts_item(n.style) => {
                self.item_style = Some(n.style);
                self.causes.push(CauseUnit { line: line.clone(), lines: vec![text[n.len..].to_string()], numbered: true });
            }
            _ => match self.causes.last_mut() {
                // Numbered causes gather their paragraphs; unnumbered paragraphs are causes each.
                Some(unit) if unit.numbered && self.item_style.is_some() => unit.lines.push(text.to_string()),
                _ => self.causes.push(CauseUnit { line: line.clone(), lines: vec![text.to_string()], numbered: false }),
            },
        }
    }

    /// Closes the open item into the current section.
    fn flush_item(&mut self) {
        if let Some(item) = self.item.take() {
            self.push_item(item.section, &item.lines, true);
        }
    }

    fn push_item(&mut self, index: usize, lines: &[String], numbered: bool) {
        let spec = &self.template.sections[index];
        let connector = spec.cause_connector.as_deref();
        let full = lines.join("\n");
        let (main, cause) = match (spec.kind, find_connector(&full, connector)) {
            (SectionKind::Problems, Some((start, end))) => (full[..start].trim_end(), full[end..].trim()),
            _ => (full.as_str(), ""),
        };
        let (title, body) = if numbered {
            let (first, others) = main.split_once('\n').unwrap_or((main, ""));
            let (title, tail) = split_title(first);
            let body = match (tail.is_empty(), others.is_empty()) {
                (_, true) => tail,
                // The title stands alone on its line: the model marks that with a leading `\n`.
                (true, false) if !title.is_empty() => format!("\n{others}"),
                (true, false) => others.to_string(),
                (false, false) => format!("{tail}\n{others}"),
            };
            (title, body)
        } else {
            (String::new(), main.trim().to_string())
        };
        let id = self.new_id();
        let item = Item { id, title, body, cause: cause.to_string() };
        if let Some(section) = self.draft.sections.get_mut(index) {
            section.items.push(item);
        }
    }

    /// Leaves the current zone: closes the open item and settles the section's lead-in text.
    fn end_zone(&mut self) {
        self.flush_item();
        let preamble = std::mem::take(&mut self.preamble);
        if let (Zone::Section(index), false) = (&self.zone, preamble.is_empty()) {
            let index = *index;
            if self.block_items == 0 {
                let lines: Vec<String> = preamble.iter().map(|l| l.text.clone()).collect();
                self.push_item(index, &lines, false);
            } else {
                let heading = self.template.sections[index].heading.clone();
                for line in &preamble {
                    self.set_aside(line, &format!("是“{heading}”开头的引导语，模板中没有对应位置"));
                }
            }
        }
        self.item_style = None;
        self.block_items = 0;
    }

    fn problems_index(&self) -> Option<usize> {
        self.template.sections.iter().position(|s| s.kind == SectionKind::Problems)
    }

    /// Adds a line to the leftover part, merging runs with the same reason into one diagnostic.
    fn set_aside(&mut self, line: &Line, why: &str) {
        if let Some(last) = self.leftover.last_mut() {
            if last.why == why && last.last < line.no {
                last.last = line.no;
                last.lines.push(line.text.clone());
                return;
            }
        }
        self.leftover.push(Piece { first: line.no, last: line.no, lines: vec![line.text.clone()], why: why.to_string() });
    }

    fn read_title(&mut self, no: usize, title: &str) {
        let info = parse_title(title, self.template);
        for (key, value) in info {
            self.draft.info.insert(key, value);
        }
        self.title = Some((no, title.to_string()));
    }

    /// The next item id. Not `Draft::fresh_id`: that rescans every item to repair `next_id`,
    /// which makes a 50 000-item paste quadratic; a fresh draft's counter is already right.
    fn new_id(&mut self) -> ItemId {
        let id = ItemId(self.draft.next_id.max(1));
        self.draft.next_id = id.0 + 1;
        id
    }

    fn note(&mut self, severity: Severity, code: &'static str, message: String, place: Place) {
        self.diags.push(Diagnostic { severity, code, message, place, fix: None });
    }

    fn finish(mut self) -> (Draft, Vec<Diagnostic>) {
        self.pair_causes();
        self.place_rectification();
        self.report_title();
        self.report_headings();
        let mut leftover_lines = Vec::new();
        for piece in std::mem::take(&mut self.leftover) {
            let range = if piece.first == piece.last {
                format!("第 {} {}", piece.first, self.unit.word())
            } else {
                format!("第 {}–{} {}", piece.first, piece.last, self.unit.word())
            };
            let snippet = snippet(piece.lines.first().map(String::as_str).unwrap_or(""));
            let message = format!("{range}“{snippet}”{}，已放入“未归类内容”，请移到合适的位置或删除", piece.why);
            self.note(Severity::Warning, "import-leftover", message, Place::Leftover);
            leftover_lines.extend(piece.lines);
        }
        self.draft.leftover = leftover_lines.join("\n");
        self.read_facts();
        self.report_summary();
        (self.draft, self.diags)
    }

    /// Gives the separately written causes to the problems, by order.
    fn pair_causes(&mut self) {
        let Some(index) = self.problems_index() else {
            // Unreachable with today's classifier (causes need a problems section), but text
            // must never vanish on a path someone adds later.
            for unit in std::mem::take(&mut self.causes) {
                let text = unit.lines.join("\n");
                self.set_aside(&Line { no: unit.line.no, text }, "是原因分析，模板中没有“存在问题”部分");
            }
            return;
        };
        let units: Vec<String> = std::mem::take(&mut self.causes)
            .into_iter()
            .map(|u| {
                let text = u.lines.join("\n");
                let connector = self.problems_index().and_then(|i| self.template.sections[i].cause_connector.clone());
                match find_connector(&text, connector.as_deref()) {
                    Some((0, end)) => text[end..].trim().to_string(),
                    _ => text,
                }
            })
            .filter(|t| !t.is_empty())
            .collect();
        if units.is_empty() {
            return;
        }
        let problems = self.draft.sections[index].items.len();
        let (u, p) = (units.len(), problems);
        if p == 0 {
            for cause in units {
                let id = self.new_id();
                self.draft.sections[index].items.push(Item { id, cause, ..Item::default() });
            }
            self.note(
                Severity::Warning,
                "import-causes-without-problems",
                "找到了原因分析，但没有找到对应的问题：已各作为一条只有原因的问题，请补写问题".into(),
                Place::Section(self.template.sections[index].id.clone()),
            );
            return;
        }
        let items = &mut self.draft.sections[index].items;
        if u == 1 && p > 1 {
            append_cause(&mut items[p - 1], &units[0]);
            self.note(
                Severity::Info,
                "import-causes-paired",
                "原因分析只有一段，已作为最后一个问题的原因（导出时写作“以上问题的原因主要是：…”）".into(),
                Place::Section(self.template.sections[index].id.clone()),
            );
            return;
        }
        for (i, cause) in units.iter().enumerate() {
            append_cause(&mut items[i.min(p - 1)], cause);
        }
        let (severity, message) = if u == p {
            (Severity::Info, format!("原因分析的 {u} 条已按顺序对应到 {p} 个问题，请核对"))
        } else {
            (Severity::Warning, format!("原因分析有 {u} 条、问题有 {p} 个，数量不一致：已按顺序对应，多出的原因归入最后一个问题，请核对"))
        };
        self.note(severity, "import-causes-paired", message, Place::Section(self.template.sections[index].id.clone()));
    }

    /// A separate rectification part becomes the rectification item of the work section.
    fn place_rectification(&mut self) {
        if self.rectification.is_empty() {
            return;
        }
        let lines = std::mem::take(&mut self.rectification);
        let Some(index) = rectification_section(self.template) else {
            for line in &lines {
                self.set_aside(line, "是问题整改情况，模板中没有对应位置");
            }
            return;
        };
        let paragraphs = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
        let spec = &self.template.sections[index];
        let title = spec
            .items
            .iter()
            .find(|i| i.rectification)
            .map(|i| i.title.clone())
            .unwrap_or_else(|| "推进问题整改情况".to_string());
        let section_id = spec.id.clone();
        let existing = self.draft.sections[index].items.iter_mut().find(|i| i.title.contains("整改"));
        let message = match existing {
            Some(item) => {
                item.body.push('\n');
                item.body.push_str(&paragraphs);
                format!("“上年度问题整改情况”部分已并入“{}”一条", item.title)
            }
            None => {
                let id = self.new_id();
                self.draft.sections[index].items.push(Item { id, title: title.clone(), body: format!("\n{paragraphs}"), cause: String::new() });
                format!("“上年度问题整改情况”部分已作为“{}”的最后一条“{}”", spec.heading, title)
            }
        };
        self.note(Severity::Info, "import-rectification", message, Place::Section(section_id));
    }

    fn report_title(&mut self) {
        // Without a year in the title, the 导语 often opens with it (`2024年，在…`).
        if let Some(key) = year_key(self.template).filter(|k| !self.draft.info.contains_key(k)) {
            if let Some(year) = leading_year(&self.draft.intro) {
                self.draft.info.insert(key.clone(), year.clone());
                self.note(
                    Severity::Info,
                    "import-year",
                    format!("标题中没有年度，按导语开头取为 {year}，可在“基本信息”中修改"),
                    Place::Info(key),
                );
            }
        }
        match self.title.clone() {
            None => {
                self.note(Severity::Info, "import-no-title", "没有找到标题：年度和单位请在“基本信息”中核对".into(), Place::Report);
            }
            Some((no, original)) => {
                let rendered = self.draft.title(self.template);
                let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                if compact(&rendered) != compact(&original) {
                    self.note(
                        Severity::Info,
                        "import-title",
                        format!("第 {no} {}的标题“{original}”按模板写作“{rendered}”，年度和单位可在“基本信息”中修改", self.unit.word()),
                        Place::Report,
                    );
                }
            }
        }
    }

    fn report_headings(&mut self) {
        let headings = std::mem::take(&mut self.headings);
        if headings.is_empty() && !self.draft.intro.is_empty() {
            self.note(
                Severity::Warning,
                "import-no-headings",
                "没有找到“一、主要工作情况”这样的一级标题：正文都放在了导语中，请把各部分移到对应的步骤".into(),
                Place::Intro,
            );
        }
        for seen in headings {
            let Some(target) = seen.target else { continue };
            let (id, name) = match target {
                Target::Section(i) => (self.template.sections[i].id.clone(), self.template.sections[i].heading.clone()),
                Target::Causes => match self.problems_index() {
                    Some(i) => (self.template.sections[i].id.clone(), format!("{}（原因）", self.template.sections[i].heading)),
                    None => continue,
                },
                Target::Rectification => match rectification_section(self.template) {
                    Some(i) => (self.template.sections[i].id.clone(), format!("{}（问题整改）", self.template.sections[i].heading)),
                    None => continue,
                },
            };
            let written = number(&seen.text).map_or(seen.text.as_str(), |n| &seen.text[n.len..]);
            let section_empty = match target {
                Target::Section(i) => self.draft.sections.get(i).is_none_or(|s| s.items.is_empty()),
                _ => false,
            };
            if section_empty {
                self.note(
                    Severity::Warning,
                    "import-empty-section",
                    format!("第 {} {}“{}”下没有找到内容", seen.no, self.unit.word(), seen.text),
                    Place::Section(id),
                );
            } else if heading_words(written) != heading_words(&name) {
                self.note(
                    Severity::Info,
                    "import-heading",
                    format!("第 {} {}“{}”对应“{}”", seen.no, self.unit.word(), seen.text, name),
                    Place::Section(id),
                );
            }
        }
    }

    /// Numbers the template prompts for, when the text states them in the template's own words
    /// (`开展集体政治理论学习19次`), so the facts step starts filled.
    fn read_facts(&mut self) {
        let mut text = self.draft.intro.clone();
        for section in &self.draft.sections {
            for item in &section.items {
                text.push('\n');
                text.push_str(&item.body);
            }
        }
        for fact in &self.template.facts {
            let Some((before, after)) = fact.phrase.split_once("{n}") else { continue };
            if before.is_empty() {
                continue;
            }
            let found = text.match_indices(before).find_map(|(i, _)| {
                let rest = &text[i + before.len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).take(6).collect();
                let tail = &rest[digits.len()..];
                (!digits.is_empty() && tail.starts_with(after)).then(|| digits.parse::<u32>().ok()).flatten()
            });
            if let Some(n) = found {
                self.draft.facts.insert(fact.key.clone(), n);
            }
        }
    }

    fn report_summary(&mut self) {
        let mut parts = Vec::new();
        if self.title.is_some() {
            parts.push("标题".to_string());
        }
        let intro = self.draft.intro.lines().filter(|l| !l.trim().is_empty()).count();
        if intro > 0 {
            parts.push(format!("导语 {intro} 段"));
        }
        for (spec, section) in self.template.sections.iter().zip(&self.draft.sections) {
            let n = section.items.len();
            if n == 0 {
                continue;
            }
            let causes = section.items.iter().filter(|i| !i.cause.trim().is_empty()).count();
            if spec.kind == SectionKind::Problems {
                parts.push(format!("{} {n} 条（{causes} 条有原因）", spec.heading));
            } else {
                parts.push(format!("{} {n} 条", spec.heading));
            }
        }
        if !self.draft.closing.is_empty() {
            parts.push("结束语".into());
        }
        if !self.draft.leftover.is_empty() {
            parts.push(format!("未归类内容 {} 段", self.draft.leftover.lines().count()));
        }
        let message = if parts.is_empty() { "没有可导入的文字".to_string() } else { format!("已识别：{}", parts.join("；")) };
        self.diags.insert(0, Diagnostic { severity: Severity::Info, code: "import-summary", message, place: Place::Report, fix: None });
    }
}

/// Why a part's lines went to the leftover when its heading names nothing in the template.
const UNKNOWN_PART: &str = "所在部分未能对应到模板中的任何部分，未能识别";

fn push_paragraph(field: &mut String, text: &str) {
    if !field.is_empty() {
        field.push('\n');
    }
    field.push_str(text);
}

fn append_cause(item: &mut Item, cause: &str) {
    push_paragraph(&mut item.cause, cause);
}

/// The first characters of a line, for pointing at it in a message.
fn snippet(text: &str) -> String {
    const MAX: usize = 16;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// A heading's words and, for `一、主要工作情况：今年…`, the text run in after it. A `：` or `。`
/// with text after it ends the heading; one at the very end is just the heading's punctuation.
fn heading_parts(text: &str) -> Option<(&str, Option<&str>)> {
    let split = text.char_indices().find(|(_, c)| matches!(c, '：' | ':' | '。'));
    if let Some((i, c)) = split {
        let rest = text[i + c.len_utf8()..].trim();
        if !rest.is_empty() {
            let head = &text[..i];
            return heading_like(head).then_some((head, Some(rest)));
        }
    }
    heading_like(text).then_some((text, None))
}

/// Which numbering the level-1 headings use. The first numbered line naming a known part decides
/// with full confidence; else the first `一、`-style short line; else a `（一）` line with a
/// plausible wording, unless the report already has unnumbered headings (then `（一）` are items).
fn section_style(lines: &[Line], template: &Template) -> Option<Style> {
    let candidates: Vec<(Style, &str)> = lines
        .iter()
        .filter_map(|l| {
            let n = number(&l.text)?;
            matches!(n.style, Style::Chinese | Style::Part | Style::ParenChinese).then(|| (n.style, &l.text[n.len..]))
        })
        .filter_map(|(style, text)| heading_parts(text).map(|(head, _)| (style, head)))
        .collect();
    let strong = |text: &str| matches!(heading_target(text, template), Some((_, Strength::Strong)));
    if let Some((style, _)) = candidates.iter().find(|(_, text)| strong(text)) {
        return Some(*style);
    }
    if let Some((style, _)) = candidates.iter().find(|(style, _)| matches!(style, Style::Chinese | Style::Part)) {
        return Some(*style);
    }
    let unnumbered_headings = lines.iter().any(|l| number(&l.text).is_none() && heading_like(&l.text) && strong(&l.text));
    if unnumbered_headings {
        return None;
    }
    candidates
        .iter()
        .find(|(_, text)| heading_target(text, template).is_some())
        .map(|(style, _)| *style)
}

/// The title among the lines before the first heading: the first line naming a 述职 report,
/// joined with the line before it when the title was broken over two lines.
fn find_title(lines: &[Line]) -> Option<(usize, usize)> {
    const LOOK: usize = 8;
    let i = lines.iter().take(LOOK).position(|l| is_title_like(&l.text))?;
    if i > 0 && is_title_head(&lines[i - 1].text) && leading_year(&lines[i].text).is_none() {
        return Some((i - 1, i));
    }
    Some((i, i))
}

/// The closing line: a 特此报告-like line after the first heading, followed only by a few short
/// lines (signature, date).
fn find_closing(lines: &[Line], first_heading: usize) -> Option<usize> {
    let start = first_heading.saturating_add(1).min(lines.len());
    let tail_start = lines.len().saturating_sub(4).max(start);
    (tail_start..lines.len()).find(|&i| {
        is_closing(&lines[i].text)
            && lines[i + 1..].iter().all(|l| l.text.chars().count() <= 30 && !l.text.contains('。'))
    })
}

/// A year as people write it in a title: `2024`, `202X`, `２０２４`; normalised to ASCII.
fn year_at(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().take(4).collect();
    if chars.len() < 4 {
        return None;
    }
    let norm: String = chars
        .iter()
        .map(|&c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c),
            'x' | '×' | 'Ｘ' | 'ｘ' => 'X',
            c => c,
        })
        .collect();
    let ok = norm.starts_with("19") || norm.starts_with("20");
    (ok && norm.chars().all(|c| c.is_ascii_digit() || c == 'X')).then_some(norm)
}

/// `2024年，在…`: the year opening a text.
fn leading_year(text: &str) -> Option<String> {
    let year = year_at(text)?;
    let rest: String = text.chars().skip(4).take(1).collect();
    (rest == "年").then_some(year)
}

fn year_key(template: &Template) -> Option<String> {
    template.fields.iter().find(|f| f.kind == FieldKind::Year).map(|f| f.key.clone())
}

/// Basic information from the title: by the template's title pattern when the title follows it,
/// else the year wherever it stands and the organisation around it.
fn parse_title(title: &str, template: &Template) -> BTreeMap<String, String> {
    let compact: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let chunks = pattern_chunks(&template.title_pattern);
    let mut out = BTreeMap::new();
    let year_key = year_key(template);
    if match_chunks(&chunks, &compact, &mut out) {
        let year_ok = year_key
            .as_ref()
            .is_none_or(|k| out.get(k).is_none_or(|v| v.is_empty() || (v.chars().count() == 4 && year_at(v).is_some())));
        if year_ok {
            if let Some(k) = &year_key {
                if let Some(v) = out.get(k).and_then(|v| year_at(v)) {
                    out.insert(k.clone(), v);
                }
            }
            out.retain(|_, v| !v.is_empty());
            split_role(&mut out, template);
            return out;
        }
    }
    out.clear();
    // The fallback: `[关于][单位]2024年[度][单位]…述职报告`.
    let org_key = chunks.iter().find_map(|c| match c {
        Chunk::Field(k) if Some(k) != year_key.as_ref() => Some(k.clone()),
        _ => None,
    });
    const SUFFIXES: &[&str] = &["抓基层党建工作述职报告", "抓基层党建述职报告", "抓党建工作述职报告", "党建工作述职报告", "述职述廉报告", "述职报告"];
    let body = compact.strip_prefix("关于").unwrap_or(&compact);
    let body = SUFFIXES.iter().find_map(|s| body.find(s).map(|i| &body[..i])).unwrap_or(body);
    let year_pos = body.char_indices().find(|(i, _)| leading_year(&body[*i..]).is_some()).map(|(i, _)| i);
    let org = match year_pos {
        Some(i) => {
            let after_year = &body[i..];
            let year = leading_year(after_year).unwrap_or_default();
            let skip: usize = after_year.chars().take(5).map(char::len_utf8).sum();
            let rest = &after_year[skip..];
            let rest = rest.strip_prefix('度').unwrap_or(rest);
            if let Some(k) = &year_key {
                out.insert(k.clone(), year);
            }
            format!("{}{}", &body[..i], rest)
        }
        None => body.to_string(),
    };
    let org = org.trim_end_matches(['的']).to_string();
    if let (Some(k), false) = (org_key, org.is_empty()) {
        out.insert(k, org);
    }
    split_role(&mut out, template);
    out
}

/// `机关第一党支部书记` in a title is an organisation and the writer's role: the 单位 gets
/// `机关第一党支部`, and 职务 (when the template asks for it) `党支部书记`. A bare `党支部书记`
/// names no organisation, so only the role is kept.
fn split_role(out: &mut BTreeMap<String, String>, template: &Template) {
    const ROLES: &[&str] = &["副书记", "书记"];
    const BODIES: &[&str] = &["党总支", "党支部", "党工委", "党委", "党组", "支部"];
    let Some(org) = out.get("org").cloned() else { return };
    let Some((unit, role)) = ROLES.iter().find_map(|r| org.strip_suffix(r).map(|unit| (unit.to_string(), *r))) else {
        return;
    };
    let Some(body) = BODIES.iter().find(|b| unit.ends_with(*b)) else { return };
    if unit.len() > body.len() {
        out.insert("org".into(), unit);
    } else {
        out.remove("org");
    }
    if template.fields.iter().any(|f| f.key == "position") && !out.contains_key("position") {
        out.insert("position".into(), format!("{body}{role}"));
    }
}

#[derive(Debug, PartialEq)]
enum Chunk {
    Lit(String),
    Field(String),
}

fn pattern_chunks(pattern: &str) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            chunks.push(Chunk::Lit(rest[..start].chars().filter(|c| !c.is_whitespace()).collect()));
        }
        chunks.push(Chunk::Field(rest[start + 1..start + len].to_string()));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        chunks.push(Chunk::Lit(rest.chars().filter(|c| !c.is_whitespace()).collect()));
    }
    chunks
}

/// Matches `text` against the chunks; fields take the shortest text that lets the rest match.
fn match_chunks(chunks: &[Chunk], text: &str, out: &mut BTreeMap<String, String>) -> bool {
    match chunks.split_first() {
        None => text.is_empty(),
        Some((Chunk::Lit(lit), rest)) => text.strip_prefix(lit.as_str()).is_some_and(|t| match_chunks(rest, t, out)),
        Some((Chunk::Field(key), rest)) => match rest.first() {
            None => {
                out.insert(key.clone(), text.to_string());
                true
            }
            Some(Chunk::Field(_)) => {
                out.insert(key.clone(), String::new());
                match_chunks(rest, text, out)
            }
            Some(Chunk::Lit(lit)) => {
                for (i, _) in text.match_indices(lit.as_str()) {
                    out.insert(key.clone(), text[..i].to_string());
                    if match_chunks(rest, &text[i..], out) {
                        return true;
                    }
                }
                false
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::template::default_template;

    #[test]
    fn titles() {
        let t = default_template();
        let info = |s: &str| parse_title(s, &t).into_iter().collect::<Vec<_>>();
        let kv = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        assert_eq!(info("202X年度抓基层党建工作述职报告"), kv(&[("year", "202X")]));
        assert_eq!(info("2024年度学工部党支部抓基层党建工作述职报告"), kv(&[("org", "学工部党支部"), ("year", "2024")]));
        assert_eq!(info("２０２４年度 机关党委 抓基层党建工作述职报告"), kv(&[("org", "机关党委"), ("year", "2024")]));
        assert_eq!(info("2023年党支部书记述职报告"), kv(&[("position", "党支部书记"), ("year", "2023")]));
        assert_eq!(
            info("2025年度机关第一党支部书记抓基层党建工作述职报告"),
            kv(&[("org", "机关第一党支部"), ("position", "党支部书记"), ("year", "2025")])
        );
        assert_eq!(info("2025年度学院党委副书记抓基层党建工作述职报告"), kv(&[("org", "学院党委"), ("position", "党委副书记"), ("year", "2025")]));
        assert_eq!(info("2025年度秘书处抓基层党建工作述职报告"), kv(&[("org", "秘书处"), ("year", "2025")]), "书 alone is no role");
        assert_eq!(info("关于学院党委2024年度抓基层党建述职报告"), kv(&[("org", "学院党委"), ("year", "2024")]));
        assert_eq!(info("述职报告"), kv(&[]));
    }
}
