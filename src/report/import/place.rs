//! The placing pass: cleaned lines in, every paragraph's part and the rule that decided it out.
//! The draft is built from these decisions afterwards (`build`), so what is placed here is
//! exactly what a review shows and what the user can change.
//!
//! Steps: site clutter out (`declutter`); lines joined into paragraphs and flattened pages cut
//! again (`segment`); the head (title, salutation, byline) and the foot (closing, signature);
//! then the body. Its level-1 headings are decided for the whole text first — the numbering the
//! headings use, and which numbered lines really are headings (a weak wording only in sequence
//! and never where a later known heading takes its number) — then the body is walked once, each
//! paragraph placed by the part it falls in. Text without headings (or before the first heading,
//! when that heading is not the work part) is assigned by cues and wording (`cues`).
//!
//! Rules worth knowing (the tests pin them):
//! - In a part, the numbering style of the *first* numbered paragraph is the item style; only
//!   paragraphs numbered in that style start items. `一是…二是…` inside an item never splits it;
//!   written inline as the part's only numbering, they are its items.
//! - Unnumbered paragraphs belong to the current item. Text in a part before its first numbered
//!   item is its lead: 未归类内容 (the template has no place for it), or the 导语 when it ends with
//!   `现将……报告如下：` and the report has none yet. In a part without numbered items it is the
//!   part's one untitled item.
//! - A cause connector (`以上问题的原因主要是：`) counts where a sentence starts, not inside one.
//!   Causes given apart from the problems pair with the problems by order; a single cause
//!   paragraph goes to the last problem (it then reads "以上问题的原因…").

use super::classify::{
    guess, heading_like, heading_target, is_closing, number, problems_subheading, rectification_section, theme_like, Guess, Strength, Style, Target,
};
use super::clean::Line;
use super::cues::{label, lead_cue, Label};
use super::declutter::{declutter, editor_notes, is_prose, strong_clutter};
use super::review::{Clutter, Paragraph, Part, Rule, Unit};
use super::segment::{connector, cut, inline_run, intro_formula, sentence_starts, unflatten, unwrap, Span};
use super::title::{is_byline, is_date, is_salutation, is_subtitle, is_title_head, leading_year, read_byline, title_core};
use crate::report::diagnostic::{Code, Diagnostic, Place, Severity};
use crate::report::template::{SectionKind, Template};

/// Numbering styles an inline run of points may use.
const RUN_STYLES: &[Style] = &[Style::Shi, Style::Circled, Style::Arabic, Style::ParenArabic, Style::ParenChinese, Style::Ordinal];

/// Lines read one by one; the rest is kept whole as 未归类内容 (`Rule::PastBudget`). A long
/// report has a few hundred lines, a PDF's hard-wrapped text a few thousand; the budget keeps a
/// 5 MB text of short lines from taking seconds of heuristics a line.
pub const MAX_READ_LINES: usize = 20_000;

/// Every paragraph of `lines` with its part and rule, in input order, and notes on what was done.
pub fn place(lines: &[Line], template: &Template, unit: Unit) -> (Vec<Paragraph>, Vec<Diagnostic>) {
    let (lines, rest) = lines.split_at(lines.len().min(MAX_READ_LINES));
    let (kept, removed) = declutter(lines);
    let mut dropped: Vec<Paragraph> =
        removed.into_iter().map(|r| Paragraph { from: r.no, to: r.no, text: r.text, part: Part::Drop, rule: r.rule }).collect();
    let mut spans = unwrap(&kept, unit == Unit::Line);
    strip_head_sentences(&mut spans, &mut dropped);
    let mut spans: Vec<Span> = spans.iter().flat_map(unflatten).collect();
    strip_notes(&mut spans, &mut dropped);
    let mut placer = Placer::new(template, unit);
    placer.run(&spans);
    let (mut paragraphs, notes) = placer.finish();
    // Removed pieces join the list where they stood (a line's marker before its text).
    paragraphs.extend(dropped);
    crate::report::order::sort_by_key(&mut paragraphs, |p| p.from);
    if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
        let text = rest.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
        paragraphs.push(Paragraph { from: first.no, to: last.no, text, part: Part::Leftover, rule: Rule::PastBudget { after: MAX_READ_LINES } });
    }
    (paragraphs, notes)
}

/// A page flattened into one line often opens with the site's blurb: its sentences up to the
/// last one holding a site phrase go.
fn strip_head_sentences(spans: &mut [Span], dropped: &mut Vec<Paragraph>) {
    let Some(first) = spans.first_mut() else {
        return;
    };
    if first.text.chars().count() < 160 {
        return;
    }
    let starts = sentence_starts(&first.text);
    let mut end = None;
    for (n, &s) in starts.iter().enumerate().take(6) {
        let e = starts.get(n + 1).copied().unwrap_or(first.text.len());
        if strong_clutter(&first.text[s..e]).is_some() {
            end = Some(e);
        }
    }
    if let Some(end) = end.filter(|&e| e < first.text.len()) {
        let blurb = first.text[..end].trim().to_string();
        first.text = first.text[end..].trim().to_string();
        dropped.push(Paragraph { from: first.from, to: first.from, text: blurb, part: Part::Drop, rule: Rule::Clutter(Clutter::Site) });
    }
}

/// Editors' notes inside paragraphs go (and are listed).
fn strip_notes(spans: &mut [Span], dropped: &mut Vec<Paragraph>) {
    for span in spans {
        let notes = editor_notes(&span.text);
        for &(s, e) in notes.iter().rev() {
            dropped.push(Paragraph {
                from: span.from,
                to: span.from,
                text: span.text[s..e].to_string(),
                part: Part::Drop,
                rule: Rule::Clutter(Clutter::Site),
            });
            span.text.replace_range(s..e, "");
        }
    }
}

/// Where the walk is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Zone {
    Intro,
    /// A template section, by index.
    Section(usize),
    /// A separate cause part; paired to the problems at the end.
    Causes,
    /// A separate 上年度问题整改情况 part.
    Rectification,
    /// A part the template does not know: kept whole as leftover.
    Unknown,
}

/// What a level-1 heading stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Heads {
    Part(Target),
    /// A theme over work text (`一、履职尽责，党建领航彰显新担当`).
    WorkTheme,
    Unknown,
}

/// What a body paragraph is, decided for the whole text before the walk.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Heading {
        heads: Heads,
        rest: Option<String>,
    },
    /// An unnumbered theme line over a block of text.
    Theme(Heads),
    Content,
}

/// A numbered line that might be a level-1 heading.
struct Candidate {
    at: usize,
    style: Style,
    value: u32,
    strong: bool,
    target: Option<Target>,
    guess: Guess,
    rest: Option<String>,
}

struct Placer<'t> {
    template: &'t Template,
    unit: Unit,
    out: Vec<Paragraph>,
    notes: Vec<Diagnostic>,
    zone: Zone,
    /// The numbering of the level-1 headings.
    section_style: Option<Style>,
    /// The rule for text a part holds without numbering (under a heading, by a cue, by wording).
    zone_rule: Rule,
    /// Item numbering of the current block (reset at every heading and sub-heading).
    item_style: Option<Style>,
    /// Items started since the last heading.
    block_items: usize,
    /// The item being read: (section, item).
    current: Option<(usize, usize)>,
    /// The current item's text has reached its cause.
    in_cause: bool,
    next_item: Vec<usize>,
    /// Paragraphs of a part before its first numbered item (indexes into `out`).
    preamble: Vec<usize>,
    /// A theme heading over the current block (index into `out`).
    theme: Option<usize>,
    /// The current part describes the unit (`一、基本情况`, `学校党支部现状`): without numbered
    /// items it is the 导语's.
    background: Option<usize>,
    /// Causes written apart: each unit's paragraphs, and whether it was numbered.
    causes: Vec<(Vec<usize>, bool)>,
    rectification: Vec<usize>,
    intro_seen: bool,
}

impl<'t> Placer<'t> {
    fn new(template: &'t Template, unit: Unit) -> Self {
        Placer {
            template,
            unit,
            out: Vec::new(),
            notes: Vec::new(),
            zone: Zone::Intro,
            section_style: None,
            zone_rule: Rule::BeforeFirstHeading,
            item_style: None,
            block_items: 0,
            current: None,
            in_cause: false,
            next_item: vec![0; template.sections.len()],
            preamble: Vec::new(),
            theme: None,
            background: None,
            causes: Vec::new(),
            rectification: Vec::new(),
            intro_seen: false,
        }
    }

    fn push(&mut self, span: &Span, part: Part, rule: Rule) -> usize {
        if part == Part::Intro {
            self.intro_seen = true;
        }
        self.out.push(Paragraph { from: span.from, to: span.to, text: span.text.clone(), part, rule });
        self.out.len() - 1
    }

    fn run(&mut self, spans: &[Span]) {
        let head_end = self.head(spans);
        let (tail_start, tail) = self.foot(spans, head_end);
        let body = &spans[head_end..tail_start];
        let (events, style) = self.events(body);
        self.section_style = style;
        match events.iter().position(|e| !matches!(e, Event::Content)) {
            None => self.by_wording(body, Label::Plan),
            Some(first) => {
                let before = &body[..first];
                match self.first_label(&events[first]) {
                    Some(last) if last > Label::Intro => self.by_wording(before, last),
                    _ => {
                        for span in before {
                            let rule = if intro_formula(&span.text) { Rule::IntroFormula } else { Rule::BeforeFirstHeading };
                            self.push(span, Part::Intro, rule);
                        }
                    }
                }
                for (span, event) in body[first..].iter().zip(&events[first..]) {
                    self.event(span, event);
                }
            }
        }
        self.end_zone();
        for (span, part, rule) in tail {
            self.push(&span, part, rule);
        }
    }

    /// Title, subtitle, salutation, bylines and repeated titles at the top; returns where the body
    /// starts.
    fn head(&mut self, spans: &[Span]) -> usize {
        const LOOK: usize = 12;
        let limit = spans.len().min(LOOK);
        let is_l1 = |t: &str| number(t).is_some_and(|n| matches!(n.style, Style::Chinese | Style::Part)) && heading_like(t);
        let stop = spans[..limit].iter().position(|s| is_l1(&s.text)).unwrap_or(limit);
        // The title: an undecorated one beats a decorated copy; a title broken over two lines joins.
        let mut title: Option<(usize, usize)> = None;
        for i in 0..stop {
            let text = spans[i].text.as_str();
            let pair = spans.get(i + 1).filter(|_| i + 1 < stop).map(|n| format!("{text}{}", n.text));
            let range = if title_core(text).is_some() {
                if i > 0 && is_title_head(&spans[i - 1].text) && leading_year(text).is_none() && title.is_none() {
                    Some((i - 1, i))
                } else {
                    Some((i, i))
                }
            } else if pair.as_deref().is_some_and(|p| title_core(p).is_some())
                && title_core(&spans[i + 1].text).is_none()
                && !text.contains(['。', '，', '；'])
                && spans[i + 1].text.chars().count() <= 20
            {
                Some((i, i + 1))
            } else {
                None
            };
            let Some(range) = range else { continue };
            let undecorated = |r: (usize, usize)| {
                let joined: String =
                    spans[r.0..=r.1].iter().map(|s| s.text.as_str()).collect::<String>().chars().filter(|c| !c.is_whitespace()).collect();
                title_core(&joined).is_some_and(|core| core == joined)
            };
            match title {
                None => title = Some(range),
                Some(t) if !undecorated(t) && undecorated(range) => title = Some(range),
                _ => {}
            }
        }
        // A first line that reads as a title of something else (`党支部在理论学习方面存在的问题`)
        // over numbered points.
        if title.is_none() && spans.len() > 1 {
            let first = &spans[0].text;
            let next = &spans[1].text;
            let strong = matches!(heading_target(first, self.template), Some((_, Strength::Strong)));
            if theme_like(first) && number(first).is_none() && !strong && !first.contains("如下") && number(next).is_some() && is_prose(next) {
                title = Some((0, 0));
            }
        }
        let mut i = 0;
        let mut body = 0;
        while i < spans.len() {
            let span = &spans[i];
            let text = span.text.as_str();
            if let Some((start, end)) = title.filter(|(s, _)| *s == i) {
                let joined = Span { from: spans[start].from, to: spans[end].to, text: spans[start..=end].iter().map(|s| s.text.as_str()).collect() };
                self.push(&joined, Part::Title, Rule::Title);
                i = end + 1;
                body = i;
                continue;
            }
            let before_title = title.is_some_and(|(s, _)| i < s);
            // The addressee of a report to an office (`区委巡察办：`) opens it like a salutation.
            let addressee = title.is_some_and(|(_, e)| i == e + 1)
                && text.chars().count() <= 20
                && text.ends_with(['：', ':'])
                && !text.contains(['，', '。', '；']);
            let meta = if title_core(text).is_some() {
                None
            } else if is_salutation(text) || addressee {
                Some(Rule::Salutation)
            } else if is_subtitle(text) {
                Some(Rule::Subtitle)
            } else if number(text).is_none() && is_byline(text) && (title.is_some() || i < 3) {
                Some(if is_date(text) { Rule::Date } else { Rule::Byline })
            } else {
                None
            };
            match meta {
                Some(rule) => {
                    self.push(span, Part::Meta, rule);
                }
                None if title_core(text).is_some() && i < stop => {
                    self.push(span, Part::Drop, Rule::DuplicateTitle);
                }
                None if before_title && is_prose(text) => {
                    self.push(span, Part::Intro, Rule::BeforeFirstHeading);
                }
                None if before_title => {
                    self.push(span, Part::Leftover, Rule::BeforeTitle);
                }
                None => break,
            }
            i += 1;
            body = i;
            if title.is_none_or(|(_, e)| i > e) && i >= LOOK {
                break;
            }
        }
        body
    }

    /// The closing and what follows it (signature, date), or trailing bylines: placed at the end.
    fn foot(&self, spans: &[Span], head_end: usize) -> (usize, Vec<(Span, Part, Rule)>) {
        let n = spans.len();
        let tail_like = |t: &str| is_byline(t) || is_date(t) || is_closing(t) || is_salutation(t) || (t.chars().count() <= 30 && !t.contains('。'));
        let window = n.saturating_sub(6).max(head_end);
        let closing = (window..n).find(|&c| is_closing(&spans[c].text) && spans[c + 1..].iter().all(|s| tail_like(&s.text)));
        let mut out = Vec::new();
        if let Some(c) = closing {
            out.push((spans[c].clone(), Part::Meta, Rule::Closing));
            for s in &spans[c + 1..] {
                let t = s.text.as_str();
                let (part, rule) = if is_closing(t) {
                    (Part::Meta, Rule::Closing)
                } else if is_date(t) {
                    (Part::Meta, Rule::Date)
                } else if number(t).is_none() && is_byline(t) {
                    (Part::Meta, Rule::Byline)
                } else {
                    (Part::Leftover, Rule::AfterClosing)
                };
                out.push((s.clone(), part, rule));
            }
            return (c, out);
        }
        let mut k = n;
        while k > head_end && n - k < 3 {
            let t = spans[k - 1].text.as_str();
            let sign = is_date(t) || (number(t).is_none() && t.chars().count() <= 30 && read_byline(t).1.is_some());
            // The issuing body's name above a closing date (`中共某局党组` / `2024年6月18日`).
            let issuer =
                k < n && is_date(&spans[n - 1].text) && number(t).is_none() && t.chars().count() <= 30 && !t.contains(['。', '，', '；', '：']);
            if !(sign || issuer) {
                break;
            }
            k -= 1;
        }
        for s in &spans[k..] {
            let rule = if is_date(&s.text) { Rule::Date } else { Rule::Byline };
            out.push((s.clone(), Part::Meta, rule));
        }
        (k, out)
    }

    /// Decides which body paragraphs are level-1 headings or theme lines.
    fn events(&self, body: &[Span]) -> (Vec<Event>, Option<Style>) {
        let mut events = vec![Event::Content; body.len()];
        let candidates: Vec<Candidate> = body
            .iter()
            .enumerate()
            .filter_map(|(at, span)| {
                let n = number(&span.text)?;
                if !matches!(n.style, Style::Chinese | Style::Part | Style::ParenChinese) {
                    return None;
                }
                let (head, rest) = heading_parts(&span.text[n.len..])?;
                let found = heading_target(head, self.template);
                Some(Candidate {
                    at,
                    style: n.style,
                    value: n.value,
                    strong: matches!(found, Some((_, Strength::Strong))),
                    target: found.map(|(t, _)| t),
                    guess: guess(head, self.template),
                    rest: rest.map(str::to_string),
                })
            })
            .collect();
        let style = section_style(&candidates, body, self.template);
        // The last number of the headings' style seen before each paragraph, heading or not (a
        // flattened page runs `一、` into its text).
        let mut seen = vec![0u32; body.len() + 1];
        for (at, span) in body.iter().enumerate() {
            seen[at + 1] = match number(&span.text) {
                Some(n) if Some(n.style) == style => n.value,
                _ => seen[at],
            };
        }
        let mut last_value = 0;
        let mut past_work = false;
        for c in candidates.iter().filter(|c| Some(c.style) == style) {
            let last_value_seen = last_value.max(seen[c.at]);
            let heads = if c.strong {
                c.target.map_or(Heads::Unknown, Heads::Part)
            } else {
                // A weak wording is a heading only in sequence, without run-in text, and never
                // where a later known heading takes its number (`二、班子成员谈心谈话不够深入。`
                // under `一、查摆的问题` before `二、整改措施`).
                let later_strong = candidates.iter().any(|o| o.at > c.at && o.style == c.style && o.strong && o.value <= c.value);
                // A fragment may start past `一、`: a first heading naming a known part.
                let first_of_fragment = last_value_seen == 0 && c.target.is_some();
                if c.rest.is_some() || (c.value != last_value_seen + 1 && !first_of_fragment) || later_strong {
                    continue;
                }
                match (c.target, c.guess) {
                    (_, Guess::Other) => Heads::Unknown,
                    (Some(t), _) => Heads::Part(t),
                    (None, Guess::Nothing) if !past_work => Heads::WorkTheme,
                    (None, Guess::Target(t)) => Heads::Part(t),
                    (None, _) => Heads::Unknown,
                }
            };
            past_work |= self.is_past_work(heads);
            last_value = c.value;
            events[c.at] = Event::Heading { heads, rest: c.rest.clone() };
        }
        // Unnumbered: an exact known wording on a short line, or theme lines over text.
        let numbered_headings = events.iter().any(|e| matches!(e, Event::Heading { .. }));
        let mut themes = Vec::new();
        for (at, span) in body.iter().enumerate() {
            if events[at] != Event::Content || number(&span.text).is_some() {
                continue;
            }
            let text = span.text.as_str();
            if heading_like(text) {
                if let Some((target, Strength::Strong)) = heading_target(text, self.template) {
                    events[at] = Event::Heading { heads: Heads::Part(target), rest: None };
                    continue;
                }
            }
            let over_text = body.get(at + 1).is_some_and(|next| next.text.contains('。') && next.text.chars().count() > text.chars().count());
            if !numbered_headings && theme_like(text) && over_text {
                themes.push(at);
            }
        }
        if themes.len() >= 2 {
            let mut past_work = false;
            for at in themes {
                let words = &body[at].text;
                let heads = match guess(words, self.template) {
                    Guess::Target(t) => Heads::Part(t),
                    Guess::Nothing if !past_work => Heads::WorkTheme,
                    _ => Heads::Unknown,
                };
                past_work |= self.is_past_work(heads);
                events[at] = Event::Theme(heads);
            }
        }
        (events, style)
    }

    /// Whether a heading starts a part after the work part (problems, causes, plans).
    fn is_past_work(&self, heads: Heads) -> bool {
        match heads {
            Heads::Part(Target::Section(i)) => self.template.sections.get(i).is_some_and(|s| s.kind != SectionKind::Items),
            Heads::Part(Target::Causes) => true,
            _ => false,
        }
    }

    /// The part the first heading opens, as a label: text before it can only be earlier parts.
    fn first_label(&self, event: &Event) -> Option<Label> {
        let heads = match event {
            Event::Heading { heads, .. } | Event::Theme(heads) => *heads,
            Event::Content => return None,
        };
        let previous = |l: Label| match l {
            Label::Intro | Label::Work => Label::Intro,
            Label::Problem => Label::Work,
            Label::Cause => Label::Problem,
            Label::Plan => Label::Cause,
        };
        match heads {
            Heads::Part(Target::Section(i)) => match self.template.sections.get(i).map(|s| s.kind) {
                Some(SectionKind::Problems) => Some(previous(Label::Problem)),
                Some(SectionKind::Plans) => Some(previous(Label::Plan)),
                _ => Some(Label::Intro),
            },
            Heads::Part(Target::Causes) => Some(previous(Label::Cause)),
            _ => Some(Label::Intro),
        }
    }

    /// Places paragraphs without headings by cues and wording, parts in order up to `last`.
    fn by_wording(&mut self, spans: &[Span], last: Label) {
        let pieces: Vec<Span> = spans.iter().flat_map(split_for_wording).collect();
        let texts: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        let labels = label(&texts, last);
        for (piece, l) in pieces.iter().zip(labels) {
            let zone = match l {
                Label::Intro => Zone::Intro,
                Label::Work => self.work_index().map_or(Zone::Unknown, Zone::Section),
                Label::Problem => self.problems_index().map_or(Zone::Unknown, Zone::Section),
                Label::Cause => Zone::Causes,
                Label::Plan => self.plans_index().map_or(Zone::Unknown, Zone::Section),
            };
            let rule = if lead_cue(&piece.text).is_some() { Rule::Cue } else { Rule::Wording };
            if zone != self.zone {
                self.end_zone();
                self.zone = zone;
                self.zone_rule = rule.clone();
            }
            if zone == Zone::Intro {
                let rule = if intro_formula(&piece.text) { Rule::IntroFormula } else { Rule::Wording };
                self.push(piece, Part::Intro, rule);
            } else {
                self.content(piece);
            }
        }
    }

    fn event(&mut self, span: &Span, event: &Event) {
        match event {
            Event::Content => self.content(span),
            Event::Heading { heads, rest } => {
                self.heading(span, *heads, false);
                // Text run in after the heading is content, never another heading.
                if let Some(rest) = rest.as_ref().filter(|r| !r.is_empty()) {
                    self.content(&Span { from: span.from, to: span.to, text: rest.clone() });
                }
            }
            Event::Theme(heads) => self.heading(span, *heads, true),
        }
    }

    fn heading(&mut self, span: &Span, heads: Heads, unnumbered: bool) {
        self.end_zone();
        self.zone_rule = Rule::UnderHeading;
        let words = number(&span.text).map_or(span.text.as_str(), |n| &span.text[n.len..]);
        let background = !self.past_intro() && ["基本情况", "现状", "概况", "简况"].iter().any(|w| words.contains(w));
        let section = |t: Target| match t {
            Target::Section(i) => Some(i),
            _ => None,
        };
        match heads {
            Heads::Part(target) => {
                let rule =
                    Rule::Heading { section: section(target), causes: target == Target::Causes, rectification: target == Target::Rectification };
                self.push(span, Part::Drop, rule);
                self.zone = match target {
                    Target::Section(i) => Zone::Section(i),
                    Target::Causes => Zone::Causes,
                    Target::Rectification => Zone::Rectification,
                };
                // A themed heading over unnumbered work text titles it, like a theme line; the
                // work part's own name (`一、主要工作情况`) does not.
                if matches!(target, Target::Section(i) if Some(i) == self.work_index()) {
                    let words = number(&span.text).map_or(span.text.as_str(), |n| &span.text[n.len..]);
                    let words = heading_parts(words).map_or(words, |(head, _)| head);
                    let strong = matches!(heading_target(words, self.template), Some((_, Strength::Strong)));
                    if !strong || unnumbered && !heading_like(words) {
                        self.theme = Some(self.out.len() - 1);
                    }
                }
            }
            Heads::WorkTheme => {
                let work = self.work_index();
                let rule = Rule::Heading { section: work, causes: false, rectification: false };
                let at = self.push(span, Part::Drop, rule);
                self.zone = work.map_or(Zone::Unknown, Zone::Section);
                self.theme = Some(at);
            }
            Heads::Unknown => {
                self.push(span, Part::Leftover, Rule::UnknownPart);
                self.zone = Zone::Unknown;
            }
        }
        if background && matches!(self.zone, Zone::Section(_)) {
            self.background = Some(self.out.len() - 1);
        }
    }

    /// Places a paragraph that is not a level-1 heading, according to the zone.
    fn content(&mut self, span: &Span) {
        match self.zone {
            Zone::Intro => {
                let rule = if intro_formula(&span.text) { Rule::IntroFormula } else { self.zone_rule.clone() };
                self.push(span, Part::Intro, rule);
            }
            Zone::Section(index) => self.section_content(index, span),
            Zone::Causes => self.cause_content(span),
            Zone::Rectification => {
                let at = self.push(span, Part::Leftover, Rule::Rectification);
                self.rectification.push(at);
            }
            Zone::Unknown => {
                self.push(span, Part::Leftover, Rule::UnknownPart);
            }
        }
    }

    fn section_content(&mut self, index: usize, span: &Span) {
        let text = span.text.as_str();
        let num = number(text);
        let kind = self.template.sections[index].kind;
        if kind == SectionKind::Problems {
            let words = num.map_or(text, |n| &text[n.len..]);
            if num.is_none_or(|n| Some(n.style) != self.item_style) {
                if let Some(causes) = problems_subheading(words) {
                    self.subheading(span, causes);
                    return;
                }
            }
            // A paragraph opening with a cause connector: the cause of the problem above, or
            // grouped causes of all the problems above.
            if connector(text, self.connector(index)).is_some_and(|(s, _)| s == 0) {
                self.problems_cause(index, span);
                return;
            }
        }
        // Points written inline (`一是…；二是…`) are the part's items when they are its numbering.
        if let Some(pieces) = self.run_pieces(span) {
            for piece in pieces {
                self.section_content(index, &piece);
            }
            return;
        }
        match num {
            Some(n) if self.starts_item(n.style) => {
                if !self.preamble.is_empty() {
                    self.resolve_preamble(true);
                }
                self.item_style = Some(n.style);
                self.block_items += 1;
                let item = self.new_item(index);
                self.current = Some((index, item));
                self.in_cause = false;
                self.item_text(index, item, span, Rule::Numbered);
            }
            _ => match self.current {
                Some((section, item)) if self.in_cause => {
                    self.push(span, Part::Cause { section, item }, Rule::Continues);
                }
                Some((section, item)) => self.item_text(section, item, span, Rule::Continues),
                None => {
                    let rule = self.zone_rule.clone();
                    let at = self.push(span, Part::Leftover, rule);
                    self.preamble.push(at);
                }
            },
        }
    }

    /// An item's paragraph; in a problems part a cause connector at a sentence start splits it.
    fn item_text(&mut self, section: usize, item: usize, span: &Span, rule: Rule) {
        let problems = self.template.sections[section].kind == SectionKind::Problems;
        let start = number(&span.text).map_or(0, |n| n.len);
        let split = problems.then(|| connector(&span.text[start..], self.connector(section))).flatten().map(|(s, _)| s + start);
        match split {
            Some(at) if at > start => {
                let (main, cause) = span.text.split_at(at);
                self.push(&Span { text: main.trim_end().to_string(), ..span.clone() }, Part::Item { section, item }, rule);
                self.push(&Span { text: cause.trim().to_string(), ..span.clone() }, Part::Cause { section, item }, Rule::CauseInline);
                self.in_cause = true;
            }
            _ => {
                self.push(span, Part::Item { section, item }, rule);
            }
        }
    }

    /// A paragraph opening with a cause connector in a problems part. Grouped causes
    /// (`产生以上问题的原因主要有：一是…二是…`) pair with the problems when their counts agree;
    /// otherwise the paragraph is the cause of the problem above, whole.
    fn problems_cause(&mut self, index: usize, span: &Span) {
        let problems = self.real_problems(index);
        if let Some(run) = inline_run(&span.text, RUN_STYLES) {
            if run.len() == problems.len() && run.len() >= 2 {
                let pieces = cut(span, &run[1..]);
                for (piece, &item) in pieces.iter().zip(&problems) {
                    self.push(piece, Part::Cause { section: index, item }, Rule::CauseByOrder);
                }
                self.note(
                    Severity::Info,
                    Code::ImportCausesPaired,
                    format!("第 {} {}的 {} 条原因已按顺序对应到 {} 个问题，请核对", span.from, self.unit.word(), run.len(), problems.len()),
                    Place::Section(self.template.sections[index].id.clone()),
                );
                self.in_cause = true;
                return;
            }
            if problems.len() > 1 {
                self.note(
                    Severity::Warning,
                    Code::ImportCausesGrouped,
                    format!(
                        "第 {} {}的原因分了 {} 条，问题有 {} 个，对应不上：已整段作为最后一个问题的原因，请核对",
                        span.from,
                        self.unit.word(),
                        run.len(),
                        problems.len()
                    ),
                    Place::Section(self.template.sections[index].id.clone()),
                );
            }
        }
        match self.current {
            Some((section, item)) => {
                self.push(span, Part::Cause { section, item }, Rule::CauseInline);
                self.in_cause = true;
            }
            None => {
                let at = self.push(span, Part::Leftover, Rule::CauseByOrder);
                self.causes.push((vec![at], false));
            }
        }
    }

    /// The problem items of a section so far.
    fn real_problems(&self, section: usize) -> Vec<usize> {
        let mut items: Vec<usize> = self
            .out
            .iter()
            .filter_map(|p| match p.part {
                Part::Item { section: s, item } if s == section => Some(item),
                _ => None,
            })
            .collect();
        crate::report::order::sort(&mut items);
        items.dedup();
        items
    }

    /// `span` cut before each point of an inline run, when that run is this part's numbering: the
    /// paragraph does not itself start with another numbering, and the block has no other item
    /// style. A lead that is only a cause connector stays with the first point.
    fn run_pieces(&self, span: &Span) -> Option<Vec<Span>> {
        if self.theme.is_some() {
            return None;
        }
        let run = inline_run(&span.text, RUN_STYLES)?;
        let style = number(&span.text[run[0]..])?.style;
        let own = number(&span.text);
        if own.is_some_and(|n| n.style != style) || self.item_style.is_some_and(|s| s != style) || Some(style) == self.section_style {
            return None;
        }
        let lead = span.text[..run[0]].trim();
        let lead_is_connector = !lead.is_empty() && connector(lead, None).is_some_and(|(s, e)| s == 0 && e >= lead.len());
        let at: Vec<usize> = if lead_is_connector { run[1..].to_vec() } else { run };
        let pieces = cut(span, &at);
        (pieces.len() > 1).then_some(pieces)
    }

    fn starts_item(&self, style: Style) -> bool {
        Some(style) != self.section_style && self.item_style.is_none_or(|s| s == style)
    }

    /// `（一）存在的问题` / `（二）原因分析` inside a problems part.
    fn subheading(&mut self, span: &Span, causes: bool) {
        let zone = self.zone;
        self.end_zone();
        self.note(
            Severity::Info,
            Code::ImportSubheading,
            format!(
                "第 {} {}“{}”：其后的{}",
                span.from,
                self.unit.word(),
                span.text,
                if causes { "各条按顺序作为各问题的原因" } else { "各条作为存在的问题" }
            ),
            Place::Report,
        );
        self.push(span, Part::Drop, Rule::SubHeading { causes });
        self.zone = if causes {
            Zone::Causes
        } else {
            match zone {
                Zone::Section(i) => Zone::Section(i),
                _ => self.problems_index().map_or(Zone::Causes, Zone::Section),
            }
        };
    }

    fn cause_content(&mut self, span: &Span) {
        let text = span.text.as_str();
        let num = number(text);
        if num.is_none_or(|n| Some(n.style) != self.item_style) {
            if let Some(false) = problems_subheading(num.map_or(text, |n| &text[n.len..])) {
                self.subheading(span, false);
                return;
            }
        }
        if let Some(pieces) = self.run_pieces(span) {
            for piece in pieces {
                self.cause_content(&piece);
            }
            return;
        }
        match num {
            Some(n) if self.starts_item(n.style) => {
                self.item_style = Some(n.style);
                let at = self.push(span, Part::Leftover, Rule::CauseByOrder);
                self.causes.push((vec![at], true));
            }
            _ => {
                let at = self.push(span, Part::Leftover, Rule::CauseByOrder);
                match self.causes.last_mut() {
                    // Numbered causes gather their paragraphs; unnumbered paragraphs are causes each.
                    Some((unit, true)) if self.item_style.is_some() => unit.push(at),
                    _ => self.causes.push((vec![at], false)),
                }
            }
        }
    }

    /// Settles the paragraphs a part holds before its first numbered item: the 导语 when they end
    /// with `现将……报告如下` and there is none yet, else an untitled item of their own.
    fn resolve_preamble(&mut self, numbered_follows: bool) {
        let preamble = std::mem::take(&mut self.preamble);
        let (Some(&last), Zone::Section(index)) = (preamble.last(), self.zone) else {
            return;
        };
        if !self.intro_seen && intro_formula(&self.out[last].text) {
            for &at in &preamble {
                self.out[at].part = Part::Intro;
                self.out[at].rule = Rule::IntroFormula;
            }
            self.intro_seen = true;
            return;
        }
        // Before numbered items, it introduces them: the template has no place for that.
        if numbered_follows {
            for &at in &preamble {
                self.out[at].part = Part::Leftover;
                self.out[at].rule = Rule::SectionLead { section: index };
            }
            return;
        }
        // Under a themed heading the block is one item (the theme titles it); a part with no
        // numbering at all writes one point per paragraph, as the wizard does.
        let one_item = self.theme.is_some() || self.background.is_some();
        let mut item = self.new_item(index);
        for (n, &at) in preamble.iter().enumerate() {
            if n > 0 && !one_item {
                item = self.new_item(index);
            }
            self.out[at].part = Part::Item { section: index, item };
            if n > 0 && one_item {
                self.out[at].rule = Rule::Continues;
            }
        }
        self.current = Some((index, item));
    }

    /// Leaves the current zone: settles the lead, and a theme over unnumbered text titles it.
    fn end_zone(&mut self) {
        let had_items = self.block_items > 0;
        if let (Some(heading), false, false) = (self.background.take(), had_items, self.preamble.is_empty()) {
            self.out[heading].rule = Rule::Background;
            for at in std::mem::take(&mut self.preamble) {
                self.out[at].part = Part::Intro;
                self.out[at].rule = Rule::Background;
            }
            self.intro_seen = true;
            self.theme = None;
        }
        if !self.preamble.is_empty() {
            self.resolve_preamble(false);
        }
        if let (Some(at), false, Zone::Section(index)) = (self.theme.take(), had_items, self.zone) {
            let item = match self.current {
                Some((section, item)) if section == index => item,
                _ => self.new_item(index),
            };
            self.out[at].part = Part::Item { section: index, item };
            self.out[at].rule = Rule::ThemeTitle;
        }
        self.theme = None;
        self.item_style = None;
        self.block_items = 0;
        self.current = None;
        self.in_cause = false;
    }

    /// Whether any part after the 导语 has received text.
    fn past_intro(&self) -> bool {
        self.out.iter().any(|p| matches!(p.part, Part::Item { .. } | Part::Cause { .. }))
    }

    fn new_item(&mut self, section: usize) -> usize {
        let slot = &mut self.next_item[section];
        let item = *slot;
        *slot += 1;
        item
    }

    fn connector(&self, section: usize) -> Option<&'t str> {
        self.template.sections.get(section).and_then(|s| s.cause_connector.as_deref())
    }

    fn work_index(&self) -> Option<usize> {
        super::classify::work_section(self.template)
    }

    fn problems_index(&self) -> Option<usize> {
        self.template.sections.iter().position(|s| s.kind == SectionKind::Problems)
    }

    fn plans_index(&self) -> Option<usize> {
        self.template.sections.iter().position(|s| s.kind == SectionKind::Plans)
    }

    fn note(&mut self, severity: Severity, code: Code, message: String, place: Place) {
        self.notes.push(Diagnostic { severity, code, message, place, fix: None });
    }

    fn finish(mut self) -> (Vec<Paragraph>, Vec<Diagnostic>) {
        self.end_zone();
        self.pair_causes();
        self.place_rectification();
        (self.out, self.notes)
    }

    /// Gives the separately written causes to the problems, by order.
    fn pair_causes(&mut self) {
        let units = std::mem::take(&mut self.causes);
        if units.is_empty() {
            return;
        }
        let Some(index) = self.problems_index() else {
            for (paragraphs, _) in units {
                for at in paragraphs {
                    self.out[at].rule = Rule::NoPlace;
                }
            }
            return;
        };
        // A unit that is nothing but a connector (`原因分析：`) is a heading, not a cause.
        let connector = self.connector(index);
        let mut real = Vec::new();
        for (paragraphs, _) in units {
            let text: String = paragraphs.iter().map(|&at| self.out[at].text.as_str()).collect::<Vec<_>>().join("\n");
            let bare = match connector_at_start(&text, connector) {
                Some(end) => text[end..].trim().is_empty(),
                None => text.trim().is_empty(),
            };
            if bare {
                for at in paragraphs {
                    self.out[at].part = Part::Drop;
                    self.out[at].rule = Rule::SubHeading { causes: true };
                }
            } else {
                real.push(paragraphs);
            }
        }
        if real.is_empty() {
            return;
        }
        let problems = self.real_problems(index);
        let (u, p) = (real.len(), problems.len());
        let section_id = self.template.sections[index].id.clone();
        let assign = |placer: &mut Self, paragraphs: &[usize], item: usize| {
            for &at in paragraphs {
                placer.out[at].part = Part::Cause { section: index, item };
            }
        };
        if p == 0 {
            for paragraphs in &real {
                let item = self.new_item(index);
                assign(self, paragraphs, item);
            }
            self.note(
                Severity::Warning,
                Code::ImportCausesWithoutProblems,
                "找到了原因分析，但没有找到对应的问题：已各作为一条只有原因的问题，请补写问题".into(),
                Place::Section(section_id),
            );
            return;
        }
        if u == 1 && p > 1 {
            assign(self, &real[0], problems[p - 1]);
            self.note(
                Severity::Info,
                Code::ImportCausesPaired,
                "原因分析只有一段，已作为最后一个问题的原因（导出时写作“以上问题的原因主要是：…”）".into(),
                Place::Section(section_id),
            );
            return;
        }
        for (i, paragraphs) in real.iter().enumerate() {
            assign(self, paragraphs, problems[i.min(p - 1)]);
        }
        let (severity, message) = if u == p {
            (Severity::Info, format!("原因分析的 {u} 条已按顺序对应到 {p} 个问题，请核对"))
        } else {
            (Severity::Warning, format!("原因分析有 {u} 条、问题有 {p} 个，数量不一致：已按顺序对应，多出的原因归入最后一个问题，请核对"))
        };
        self.note(severity, Code::ImportCausesPaired, message, Place::Section(section_id));
    }

    /// A separate rectification part joins the work part's 整改 item, or becomes its last item.
    fn place_rectification(&mut self) {
        let paragraphs = std::mem::take(&mut self.rectification);
        if paragraphs.is_empty() {
            return;
        }
        let Some(index) = rectification_section(self.template) else {
            for at in paragraphs {
                self.out[at].rule = Rule::NoPlace;
            }
            return;
        };
        let spec = &self.template.sections[index];
        let title = spec.items.iter().find(|i| i.rectification).map(|i| i.title.clone()).unwrap_or_else(|| "推进问题整改情况".to_string());
        let heading = spec.heading.clone();
        // The existing item about 整改: its first paragraph's title mentions it.
        let mut firsts: Vec<(usize, &Paragraph)> = Vec::new();
        for p in &self.out {
            if let Part::Item { section, item } = p.part {
                if section == index && !firsts.iter().any(|(i, _)| *i == item) {
                    firsts.push((item, p));
                }
            }
        }
        let existing = firsts.iter().find_map(|(item, p)| {
            let words = number(&p.text).map_or(p.text.as_str(), |n| &p.text[n.len..]);
            let title = super::classify::split_title(words).0;
            title.contains("整改").then_some((*item, title))
        });
        let fresh = existing.is_none();
        let (item, message) = match existing {
            Some((item, existing_title)) => (item, format!("“上年度问题整改情况”部分已并入“{existing_title}”一条")),
            None => (self.new_item(index), format!("“上年度问题整改情况”部分已作为“{heading}”的最后一条“{title}”")),
        };
        for (n, &at) in paragraphs.iter().enumerate() {
            self.out[at].part = Part::Item { section: index, item };
            self.out[at].rule = if n == 0 && fresh { Rule::Rectification } else { Rule::Continues };
        }
        let id = self.template.sections[index].id.clone();
        self.note(Severity::Info, Code::ImportRectification, message, Place::Section(id));
    }
}

/// The end of a cause connector at the very start of `text`.
pub fn connector_at_start(text: &str, template_connector: Option<&str>) -> Option<usize> {
    connector(text, template_connector).filter(|(s, _)| *s == 0).map(|(_, e)| e)
}

/// A paragraph cut for placing by wording: before sentences that open a part (`但也存在不足：`,
/// `究其原因，`, `下一步，`), and before the points of an inline run.
fn split_for_wording(span: &Span) -> Vec<Span> {
    // A "paragraph" longer than a whole report is no report's paragraph: not worth reading closely.
    const LONGEST: usize = 60_000;
    let cues: Vec<usize> = if span.text.len() > LONGEST {
        Vec::new()
    } else {
        sentence_starts(&span.text).into_iter().skip(1).filter(|&s| lead_cue(&span.text[s..]).is_some()).collect()
    };
    let mut out = Vec::new();
    for piece in cut(span, &cues) {
        let own = number(&piece.text);
        match inline_run(&piece.text, RUN_STYLES) {
            Some(run) if own.is_none_or(|n| number(&piece.text[run[0]..]).is_some_and(|r| r.style == n.style)) => {
                let lead = piece.text[..run[0]].trim();
                let lead_is_connector = !lead.is_empty() && connector(lead, None).is_some_and(|(s, e)| s == 0 && e >= lead.len());
                let at: Vec<usize> = if lead_is_connector { run[1..].to_vec() } else { run };
                out.extend(cut(&piece, &at));
            }
            _ => out.push(piece),
        }
    }
    out
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
fn section_style(candidates: &[Candidate], body: &[Span], template: &Template) -> Option<Style> {
    // `一、` `二、` in sequence are level-1 headings even when a `（一）存在的问题` below names a
    // known part more exactly.
    for style in [Style::Chinese, Style::Part] {
        let values: Vec<u32> = candidates.iter().filter(|c| c.style == style && c.rest.is_none()).map(|c| c.value).collect();
        if values.windows(2).any(|w| w[0] + 1 == w[1]) && values.first() == Some(&1) {
            return Some(style);
        }
    }
    if let Some(c) = candidates.iter().find(|c| c.strong) {
        return Some(c.style);
    }
    if let Some(c) = candidates.iter().find(|c| matches!(c.style, Style::Chinese | Style::Part)) {
        return Some(c.style);
    }
    let strong = |text: &str| matches!(heading_target(text, template), Some((_, Strength::Strong)));
    let unnumbered_headings = body.iter().any(|s| number(&s.text).is_none() && heading_like(&s.text) && strong(&s.text));
    if unnumbered_headings {
        return None;
    }
    candidates.iter().find(|c| c.target.is_some()).map(|c| c.style)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::template::default_template;

    fn parts(text: &str) -> Vec<(String, String)> {
        let lines: Vec<Line> = text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t.to_string() }).collect();
        let t = default_template();
        place(&lines, &t, Unit::Line).0.into_iter().map(|p| (p.part.label(&t), p.text)).collect()
    }

    #[test]
    fn heading_words_of_a_weak_line_out_of_sequence_are_text() {
        let got = parts("一、查摆的问题\n一、对照检查发现班子成员参加组织生活不够经常的原因主要是：制度执行不严。\n二、班子成员谈心谈话不够深入，有时只谈工作。\n二、整改措施\n一是严格制度。");
        let labels: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
        // Text, not headings: with no item numbering in the part, one point per paragraph.
        assert_eq!(labels, ["不要", "问题 1", "问题 2", "不要", "打算 1"]);
        assert!(got[1].1.contains("不够经常的原因主要是"), "the cue inside a sentence stays in it");
    }

    #[test]
    fn themes_title_their_text() {
        let got = parts("共学共建，让支部堡垒强起来\n组织党员集中学习12次，开展主题党日10次，参学率九成以上。\n共商共治，让乡村治理活起来\n召开议事会14次，解决道路维修等难题9件，群众满意度明显提升。\n查找短板，让问题清单清起来\n党员队伍老龄化明显，合作社规模小，抗风险能力弱。");
        let labels: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["工作 1", "工作 1", "工作 2", "工作 2", "不要", "问题 1"]);
    }
}
