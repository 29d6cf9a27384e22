//! The draft from the review's decisions: every paragraph goes where its part says, whether the
//! importer chose the part or the user did. Also the diagnostics that describe the result (what
//! was recognised, what went to 未归类内容, the title, the headings).

use std::collections::BTreeMap;

use super::classify::{heading_words, is_closing, number, split_title, CAUSE_CONNECTORS, PARAGRAPH_CAUSE_CONNECTORS};
use super::review::{Clutter, Paragraph, Part, Review, Rule};
use super::title::{byline_info, leading_year, parse_title, year_key};
use crate::report::diagnostic::{Code, Diagnostic, Place, Severity};
use crate::report::model::{Draft, Item, ItemId};
use crate::report::template::{SectionKind, Template};

/// The draft the review describes, and what the importer has to say about it.
pub fn build(review: &Review, template: &Template) -> (Draft, Vec<Diagnostic>) {
    let mut b = Builder { template, review, draft: Draft::empty(template), diags: Vec::new() };
    b.info();
    b.intro();
    b.items();
    b.closing();
    b.leftover();
    b.report_title();
    b.report_headings();
    b.report_clutter();
    b.read_facts();
    b.report_summary();
    // Cleaning already made one kind of line break and dropped control characters; this also
    // drops bidirectional controls, so an imported draft holds what `apply` would let in.
    b.draft.normalize_text();
    (b.draft, b.diags)
}

/// An item's text paragraphs and cause paragraphs, in input order.
type ItemParagraphs<'p> = (Vec<&'p Paragraph>, Vec<&'p Paragraph>);

struct Builder<'a> {
    template: &'a Template,
    review: &'a Review,
    draft: Draft,
    diags: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn with(&self, part: Part) -> impl Iterator<Item = &'a Paragraph> + 'a {
        let review: &'a Review = self.review;
        review.paragraphs.iter().filter(move |p| p.part == part)
    }

    /// 年度、单位、职务 from the first title; 姓名 and what the title left out from bylines.
    fn info(&mut self) {
        if let Some(title) = self.with(Part::Title).next() {
            for (key, value) in parse_title(&title.text, self.template) {
                self.draft.info.insert(key, value);
            }
        }
        let bylines: Vec<String> = self
            .with(Part::Meta)
            .filter(|p| !is_closing(&p.text) && p.rule != Rule::Salutation && p.rule != Rule::Subtitle)
            .map(|p| p.text.clone())
            .collect();
        for text in bylines {
            byline_info(&text, self.template, &mut self.draft.info);
        }
    }

    fn intro(&mut self) {
        self.draft.intro = self.with(Part::Intro).map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
    }

    fn items(&mut self) {
        // Items in the order of their numbers; paragraphs in input order.
        let mut items: BTreeMap<(usize, usize), ItemParagraphs> = BTreeMap::new();
        for p in &self.review.paragraphs {
            match p.part {
                Part::Item { section, item } => items.entry((section, item)).or_default().0.push(p),
                Part::Cause { section, item } => items.entry((section, item)).or_default().1.push(p),
                _ => {}
            }
        }
        let mut next_id = self.draft.next_id.max(1);
        for ((section, _), (texts, causes)) in items {
            let Some(spec) = self.template.sections.get(section) else {
                continue;
            };
            let connector = spec.cause_connector.as_deref();
            let (title, body) = title_and_body(&texts, spec.items.iter().find(|i| i.rectification).map(|i| i.title.as_str()));
            let cause = causes.iter().map(|p| strip_connector(&p.text, connector)).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n");
            let item = Item { id: ItemId(next_id), title, body, cause };
            next_id += 1;
            if let Some(draft_section) = self.draft.sections.get_mut(section) {
                draft_section.items.push(item);
                self.draft.next_id = next_id;
            }
        }
    }

    /// The closing lines, joined.
    fn closing(&mut self) {
        self.draft.closing = self.with(Part::Meta).filter(|p| is_closing(&p.text)).map(|p| p.text.trim()).collect::<Vec<_>>().join("");
    }

    /// 未归类内容, with one diagnostic per run of paragraphs set aside for the same reason.
    fn leftover(&mut self) {
        let word = self.review.unit.word();
        let mut runs: Vec<(usize, usize, String, &Rule)> = Vec::new();
        let mut lines = Vec::new();
        for p in self.with(Part::Leftover) {
            lines.push(p.text.as_str());
            match runs.last_mut() {
                Some(run) if run.3 == &p.rule && run.1 < p.from => run.1 = p.to,
                _ => runs.push((p.from, p.to, p.text.clone(), &p.rule)),
            }
        }
        self.draft.leftover = lines.join("\n");
        let messages: Vec<String> = runs
            .into_iter()
            .map(|(first, last, text, rule)| {
                let range = if first == last { format!("第 {first} {word}") } else { format!("第 {first}–{last} {word}") };
                let why = match rule {
                    Rule::Chosen => String::new(),
                    rule => rule.describe(self.template),
                };
                format!("{range}“{}”{why}，已放入“未归类内容”，请移到合适的位置或删除", snippet(&text))
            })
            .collect();
        for message in messages {
            self.note(Severity::Warning, Code::ImportLeftover, message, Place::Leftover);
        }
    }

    fn report_title(&mut self) {
        // Without a year in the title, the 导语 often opens with it (`2024年，在…`).
        if let Some(key) = year_key(self.template).filter(|k| !self.draft.info.contains_key(k)) {
            if let Some(year) = leading_year(&self.draft.intro) {
                self.draft.info.insert(key.clone(), year.clone());
                self.note(Severity::Info, Code::ImportYear, format!("标题中没有年度，按导语开头取为 {year}，可在“基本信息”中修改"), Place::Info(key));
            }
        }
        let title = self.with(Part::Title).next().map(|p| (p.from, p.text.clone()));
        match title {
            None => self.note(Severity::Info, Code::ImportNoTitle, "没有找到标题：年度和单位请在“基本信息”中核对".into(), Place::Report),
            Some((no, original)) => {
                let rendered = self.draft.title(self.template);
                let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                if compact(&rendered) != compact(&original) {
                    self.note(
                        Severity::Info,
                        Code::ImportTitle,
                        format!("第 {no} {}的标题“{original}”按模板写作“{rendered}”，年度和单位可在“基本信息”中修改", self.review.unit.word()),
                        Place::Report,
                    );
                }
            }
        }
    }

    fn report_headings(&mut self) {
        let word = self.review.unit.word();
        let headings: Vec<(usize, String, &Rule)> = self
            .review
            .paragraphs
            .iter()
            .filter(|p| matches!(p.rule, Rule::Heading { .. }) && p.part == Part::Drop)
            .map(|p| (p.from, p.text.clone(), &p.rule))
            .collect();
        let guessed = self.review.paragraphs.iter().any(|p| matches!(p.part, Part::Item { .. } | Part::Cause { .. }));
        let any_structure = self.review.paragraphs.iter().any(|p| matches!(p.rule, Rule::Heading { .. } | Rule::ThemeTitle | Rule::UnknownPart));
        if !any_structure && (guessed || !self.draft.intro.is_empty()) {
            let message = if guessed {
                "没有找到“一、主要工作情况”这样的一级标题：已按提示语和用词划分各部分，请在识别结果中逐段核对"
            } else {
                "没有找到“一、主要工作情况”这样的一级标题：正文都放在了导语中，请把各部分移到对应的步骤"
            };
            self.note(Severity::Warning, Code::ImportNoHeadings, message.into(), Place::Intro);
        }
        let mut notes = Vec::new();
        for (no, text, rule) in headings {
            let Rule::Heading { section, causes, rectification } = rule else {
                continue;
            };
            let problems = self.template.sections.iter().position(|s| s.kind == SectionKind::Problems);
            let (index, name) = match (section, causes, rectification) {
                (Some(i), _, _) => (*i, self.template.sections[*i].heading.clone()),
                (None, true, _) => match problems {
                    Some(i) => (i, format!("{}（原因）", self.template.sections[i].heading)),
                    None => continue,
                },
                (None, _, true) => match super::classify::rectification_section(self.template) {
                    Some(i) => (i, format!("{}（问题整改）", self.template.sections[i].heading)),
                    None => continue,
                },
                _ => continue,
            };
            let id = self.template.sections[index].id.clone();
            let written = number(&text).map_or(text.as_str(), |n| &text[n.len..]);
            let empty = section.is_some() && self.draft.sections.get(index).is_none_or(|s| s.items.is_empty());
            if empty {
                notes.push((Severity::Warning, Code::ImportEmptySection, format!("第 {no} {word}“{text}”下没有找到内容"), Place::Section(id)));
            } else if heading_words(written) != heading_words(&name) {
                notes.push((Severity::Info, Code::ImportHeading, format!("第 {no} {word}“{text}”对应“{name}”"), Place::Section(id)));
            }
        }
        for (severity, code, message, place) in notes {
            self.note(severity, code, message, place);
        }
    }

    /// Site clutter and repeated titles left out: listed, never silent.
    fn report_clutter(&mut self) {
        let word = self.review.unit.word();
        let removed: Vec<&Paragraph> = self
            .review
            .paragraphs
            .iter()
            .filter(|p| p.part == Part::Drop && matches!(p.rule, Rule::Clutter(_) | Rule::Outline | Rule::DuplicateTitle))
            .collect();
        if removed.is_empty() {
            return;
        }
        let mut at: Vec<usize> = removed.iter().map(|p| p.from).collect();
        at.dedup();
        let places: Vec<String> = at.iter().take(10).map(usize::to_string).collect();
        let more = if at.len() > 10 { " 等" } else { "" };
        let examples: Vec<String> = removed.iter().take(3).map(|p| format!("“{}”", snippet(&p.text))).collect();
        let kinds = [
            (removed.iter().any(|p| matches!(p.rule, Rule::Clutter(Clutter::Site))), "网站导航和发布信息"),
            (removed.iter().any(|p| matches!(p.rule, Rule::Clutter(Clutter::Paywall))), "付费和下载提示"),
            (removed.iter().any(|p| matches!(p.rule, Rule::Clutter(Clutter::PageMarker))), "分页标记"),
            (removed.iter().any(|p| matches!(p.rule, Rule::Clutter(Clutter::Junk))), "乱码"),
            (removed.iter().any(|p| p.rule == Rule::Outline), "标题前的提纲"),
            (removed.iter().any(|p| p.rule == Rule::DuplicateTitle), "重复的标题"),
        ];
        let kinds: Vec<&str> = kinds.iter().filter(|(yes, _)| *yes).map(|(_, k)| *k).collect();
        self.note(
            Severity::Info,
            Code::ImportClutter,
            format!(
                "已删除 {} 处{}（第 {} {word}{more}），如 {}；可在识别结果中恢复",
                removed.len(),
                kinds.join("、"),
                places.join("、"),
                examples.join("、")
            ),
            Place::Report,
        );
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
            let Some((before, after)) = fact.phrase.split_once("{n}") else {
                continue;
            };
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
        if self.with(Part::Title).next().is_some() {
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
        self.diags.insert(0, Diagnostic { severity: Severity::Info, code: Code::ImportSummary, message, place: Place::Report, fix: None });
    }

    fn note(&mut self, severity: Severity, code: Code, message: String, place: Place) {
        self.diags.push(Diagnostic { severity, code, message, place, fix: None });
    }
}

/// An item's title and body from its paragraphs. The first paragraph gives the title: after its
/// number (if any), up to the first full stop when that is short (`split_title`); a theme line is
/// all title; a 上年度问题整改情况 part takes the template's title. Numbered or not, the same
/// split: the exported `1.正文` reads back as the same item.
fn title_and_body(texts: &[&Paragraph], rectification_title: Option<&str>) -> (String, String) {
    let Some((first, others)) = texts.split_first() else {
        return (String::new(), String::new());
    };
    let mut others: Vec<&str> = others.iter().map(|p| p.text.as_str()).collect();
    let (title, tail) = match &first.rule {
        Rule::Rectification => {
            others.insert(0, first.text.as_str());
            (rectification_title.unwrap_or("推进问题整改情况").to_string(), String::new())
        }
        _ => split_title(number(&first.text).map_or(first.text.as_str(), |n| &first.text[n.len..])),
    };
    let others = others.join("\n");
    let body = match (tail.is_empty(), others.is_empty()) {
        (_, true) => tail,
        // The title stands alone on its line: the model marks that with a leading `\n`.
        (true, false) if !title.is_empty() => format!("\n{others}"),
        (true, false) => others,
        (false, false) => format!("{tail}\n{others}"),
    };
    (title, body)
}

/// A cause's text without the connector it opens with (the template writes its own).
fn strip_connector<'s>(text: &'s str, template_connector: Option<&str>) -> &'s str {
    let t = text.trim();
    let all = template_connector.into_iter().chain(CAUSE_CONNECTORS.iter().copied()).chain(PARAGRAPH_CAUSE_CONNECTORS.iter().copied());
    let longest = all.filter(|c| !c.is_empty() && t.starts_with(c)).max_by_key(|c| c.len());
    match longest {
        Some(c) => t[c.len()..].trim(),
        None => t,
    }
}

/// The first characters of a text, for pointing at it in a message.
fn snippet(text: &str) -> String {
    const MAX: usize = 16;
    let shown: String = text.chars().take(MAX).map(|c| if c == '\n' { ' ' } else { c }).collect();
    if text.chars().nth(MAX).is_some() {
        format!("{shown}…")
    } else {
        shown
    }
}
