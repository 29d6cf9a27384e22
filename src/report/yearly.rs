//! Year over year: next year's draft grown from last year's report, last year's promises as a
//! checklist, and the sameness check that finds sentences copied from last year.
//!
//! The review cycle is a loop (docs/design.md §2): the problems a report lists must be answered by next
//! year's 上年度问题整改情况, and reviewers criticise a report that repeats last year's text
//! (“年年一个样”). Everything here is pure and runs the same in the app and the CLI.
//!
//! Choices worth knowing (the tests pin them):
//! - With the built-in template the rectification part is one item of 一、主要工作情况 (the item
//!   whose template spec has `rectification: true`). Each of last year's problems becomes one
//!   *paragraph* of that item, `针对“{问题标题}”问题，`, so the user writes each answer on its own
//!   line; the sample's one-paragraph `；` style remains the user's choice.
//! - A template with a rectification *section* (`SectionSpec::rectification`) gets one item per
//!   problem there, titled after the problem; the section's titled suggestions (`整改总体情况`)
//!   stay, its untitled ones make way.
//! - Last year's problems are the items of the `problems`-kind sections; a template without one
//!   (个人述职报告, 组织生活会) has them in its section with id `problems`. An item whose title is
//!   only the template's suggested heading (`在联系服务群众方面`) is named by its first sentence.
//! - Sentences are compared after removing punctuation and whitespace; similarity is one minus the
//!   edit distance over the longer length, so one changed character in a 12-character sentence
//!   still counts as nearly identical (a bigram Dice coefficient would not). Candidates are found
//!   through an index of last year's character bigrams, so two 20,000-character reports compare
//!   in tens of milliseconds (optimised build) rather than comparing every pair of sentences.

use std::collections::HashMap;
use std::ops::Range;

use super::diagnostic::{Diagnostic, Place, Severity};
use super::edit::TextRef;
use super::model::{Draft, Item};
use super::template::{FieldKind, SectionKind, SectionSpec, Template};

/// The stable codes of this module's diagnostics.
pub mod code {
    use crate::report::diagnostic::Code;

    /// Last year's year field was empty or a placeholder, so this year's cannot be computed.
    pub const YEAR_UNKNOWN: Code = Code::NextYearYearUnknown;
    /// Last year's problems were listed in this year's rectification part.
    pub const RECTIFICATION: Code = Code::NextYearRectification;
    /// Last year's report lists no problems: the rectification part is left to the user.
    pub const NO_PROBLEMS: Code = Code::NextYearNoProblems;
    /// Last year's 下步打算 promised things this year's 主要工作情况 should report on.
    pub const PROMISES: Code = Code::NextYearPromises;
    /// A sentence identical or nearly identical to one of last year's (`validate::sameness`).
    pub const SAME_AS_LAST_YEAR: Code = Code::SameAsLastYear;
}

/// Sentences at least this similar to one of last year's are “nearly identical”.
pub const SIMILAR_MIN: f64 = 0.9;
/// Shorter sentences (punctuation and whitespace not counted) repeat legitimately: set phrases,
/// item titles such as `政治思想建设情况`.
pub const SENTENCE_MIN_CHARS: usize = 12;
/// The title given to a rectification item added to a template that marks none.
pub const RECTIFICATION_TITLE: &str = "上年度问题整改情况";
/// The fact holding the number of last year's problems (built-in template), filled in for the user.
const LAST_PROBLEMS_FACT: &str = "last_problems";
/// At most this many candidates (those sharing most bigrams) get the exact edit distance: bounds
/// the work on texts made of many near-duplicate sentences.
const MAX_CANDIDATES: usize = 16;

// ---------------------------------------------------------------------------------------------
// Next year's draft

/// A new draft for the year after `last`: fresh items from `template` (as `Draft::new`), the same
/// basic information with the year plus one, last year's problems listed in the rectification
/// part as `针对“{问题标题}”问题，` for the user to finish, and `last` kept in `Draft::last_year`.
/// The diagnostics say what was done and what could not be (a year that was empty or `202X` stays
/// as it was: the check flags it).
pub fn next_year(last: &Draft, template: &Template) -> (Draft, Vec<Diagnostic>) {
    let mut draft = Draft::new(template);
    let mut out = Vec::new();
    let is_year = |key: &str| template.fields.iter().any(|f| f.key == key && f.kind == FieldKind::Year);
    for (key, value) in last.info.iter().filter(|(k, _)| !is_year(k)) {
        draft.info.insert(key.clone(), value.clone());
    }
    for field in template.fields.iter().filter(|f| f.kind == FieldKind::Year) {
        let value = last.info(&field.key).trim();
        if let Some(next) = following_year(value) {
            draft.info.insert(field.key.clone(), next.to_string());
            continue;
        }
        if !value.is_empty() {
            draft.info.insert(field.key.clone(), value.to_string());
        }
        let why = if value.is_empty() { "去年的报告没有填写年度".to_string() } else { format!("去年报告的年度是“{value}”") };
        out.push(Diagnostic {
            severity: Severity::Warning,
            code: code::YEAR_UNKNOWN,
            message: format!("{why}，无法推算今年的年度，请在基本信息中填写今年的“{}”（四位数字，如 2025）", field.label),
            place: Place::Text(TextRef::Info { key: field.key.clone() }),
            fix: None,
        });
    }
    // Last year's report travels with the draft for the promises checklist and the sameness
    // check (`Draft::last_year`), without its own last year and dismissals.
    let mut previous = last.clone();
    previous.last_year = None;
    previous.dismissed.clear();
    draft.last_year = Some(Box::new(previous));
    // Layout, the name line and the closing line are preferences, not content: they carry over.
    // The user's own title and the date line name last year: they start again from the template.
    draft.layout = last.layout;
    draft.byline = last.byline;
    if !last.closing.trim().is_empty() {
        draft.closing = last.closing.clone();
    }
    let problems = problem_titles(last, template);
    if !problems.is_empty() && template.fact(LAST_PROBLEMS_FACT).is_some() {
        draft.facts.insert(LAST_PROBLEMS_FACT.into(), u32::try_from(problems.len()).unwrap_or(u32::MAX));
    }
    out.extend(fill_rectification(&mut draft, template, &problems));
    let promises = promises(last, template);
    if !promises.is_empty() {
        let work = work_section(template);
        let plans = template.sections.iter().find(|s| s.kind == SectionKind::Plans).map(|s| s.heading.as_str());
        out.push(Diagnostic {
            severity: Severity::Info,
            code: code::PROMISES,
            message: format!(
                "去年的“{}”有 {} 条承诺，写“{}”时请逐条说明落实得怎样",
                plans.unwrap_or("下步打算"),
                promises.len(),
                work.map(|s| s.heading.as_str()).unwrap_or("主要工作情况")
            ),
            place: work.map(|s| Place::Section(s.id.clone())).unwrap_or(Place::Report),
            fix: None,
        });
    }
    (draft, out)
}

/// Last year's 下步打算 items, as promises to report on: each item's title, or the first
/// sentence of its body when it has no title. Empty items are skipped.
pub fn promises(last: &Draft, template: &Template) -> Vec<String> {
    let mut out = Vec::new();
    for spec in template.sections.iter().filter(|s| s.kind == SectionKind::Plans) {
        for item in last.section(&spec.id).map(|s| s.items.as_slice()).unwrap_or(&[]) {
            let title = item.title.trim();
            let promise = if title.is_empty() { first_sentence(&item.body) } else { title.to_string() };
            if !promise.is_empty() {
                out.push(promise);
            }
        }
    }
    out
}

/// The standard opening of one answer in the rectification part.
pub fn rectification_opening(problem: &str) -> String {
    format!("针对“{problem}”问题，")
}

/// `2024` → 2025; also `2024年`, `2024年度` and full-width digits, which people type. Anything
/// else (empty, `202X`, `二〇二四`) has no following year.
fn following_year(value: &str) -> Option<u32> {
    let value = value.trim().trim_end_matches('度').trim_end_matches('年').trim();
    let digits: String = value
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u32 = digits.parse().ok()?;
    (1900..=2198).contains(&year).then_some(year + 1)
}

/// Last year's problems, as they will be quoted: titles (or a title-less item's first sentence)
/// without closing punctuation, wrapping quotes or a trailing `问题` (the form adds its own).
fn problem_titles(last: &Draft, template: &Template) -> Vec<String> {
    let mut out = Vec::new();
    for spec in problem_sections(template) {
        for item in last.section(&spec.id).map(|s| s.items.as_slice()).unwrap_or(&[]) {
            let title = item.title.trim();
            let generic = spec.items.iter().any(|i| !i.title.trim().is_empty() && i.title.trim() == title);
            let first = first_sentence(&item.body);
            let title = if title.is_empty() || (generic && !first.is_empty()) { short_clause(&first) } else { title };
            let title = quotable(title);
            if !title.is_empty() {
                out.push(title);
            }
        }
    }
    out
}

/// The sections listing problems: those of kind `problems`, else the one with id `problems`.
fn problem_sections(template: &Template) -> Vec<&SectionSpec> {
    let mut sections: Vec<&SectionSpec> = template.sections.iter().filter(|s| s.kind == SectionKind::Problems).collect();
    if sections.is_empty() {
        sections.extend(template.section("problems").filter(|s| s.kind != SectionKind::Plans));
    }
    sections
}

fn quotable(title: &str) -> String {
    const CLOSING: &[char] = &['。', '.', '；', ';', '，', ',', '：', ':', '！', '!', '？', '?', '、'];
    let mut t = title.trim().trim_end_matches(|c: char| CLOSING.contains(&c) || c.is_whitespace()).trim();
    for tail in ["的问题", "问题"] {
        if let Some(rest) = t.strip_suffix(tail).filter(|r| !r.trim().is_empty()) {
            t = rest.trim();
            break;
        }
    }
    if let Some(inner) = t.strip_prefix('“').and_then(|s| s.strip_suffix('”')) {
        if !inner.contains(['“', '”']) {
            t = inner;
        }
    }
    // Quotes inside a quotation become single quotes, as Chinese typesetting nests them.
    t.trim().replace('“', "‘").replace('”', "’")
}

/// A long sentence quoted as a problem title is cut at the first comma that leaves enough to say
/// what the problem was (`作为支部书记，` alone does not).
fn short_clause(sentence: &str) -> &str {
    if sentence.chars().count() <= 30 {
        return sentence;
    }
    sentence.match_indices('，').map(|(at, _)| &sentence[..at]).find(|head| head.chars().count() >= 8).unwrap_or(sentence)
}

fn first_sentence(text: &str) -> String {
    text.split(|c: char| "。！？；!?;\n".contains(c)).map(|s| s.trim()).find(|s| !s.is_empty()).unwrap_or("").to_string()
}

/// The section 主要工作情况 (where promises are reported on): the one holding the rectification
/// item, else the section with id `work`, else the first ordinary section.
fn work_section(template: &Template) -> Option<&SectionSpec> {
    template
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::Items && s.items.iter().any(|i| i.rectification))
        .or_else(|| template.section("work"))
        .or_else(|| template.sections.iter().find(|s| s.kind == SectionKind::Items))
}

/// Writes the problems into the rectification part of the fresh draft.
fn fill_rectification(draft: &mut Draft, template: &Template, problems: &[String]) -> Vec<Diagnostic> {
    let info = |code, message, place| Diagnostic { severity: Severity::Info, code, message, place, fix: None };
    if let Some(spec) = template.rectification_section() {
        let place = Place::Section(spec.id.clone());
        if problems.is_empty() {
            return vec![no_problems(template, &spec.heading, place)];
        }
        let mut items = Vec::new();
        for problem in problems {
            let id = draft.fresh_id();
            items.push(Item { id, title: problem.clone(), body: rectification_opening(problem), cause: String::new() });
        }
        if let Some(section) = draft.sections.iter_mut().find(|s| s.id == spec.id) {
            section.items.retain(|i| !i.title.trim().is_empty());
            section.items.extend(items);
        }
        let message =
            format!("已把去年的 {} 个问题逐条列入“{}”，每个问题一条，请在每条后面接着写采取了哪些措施、整改结果如何", problems.len(), spec.heading);
        return vec![info(code::RECTIFICATION, message, place)];
    }
    let Some(spec) = work_section(template) else {
        return if problems.is_empty() { Vec::new() } else { vec![no_place(problems.len())] };
    };
    let marked = spec.items.iter().find(|i| i.rectification).map(|i| i.title.trim()).filter(|t| !t.is_empty());
    let title = marked.unwrap_or(RECTIFICATION_TITLE).to_string();
    if problems.is_empty() {
        return vec![no_problems(template, &title, Place::Section(spec.id.clone()))];
    }
    let id = draft.fresh_id();
    let Some(section) = draft.sections.iter_mut().find(|s| s.id == spec.id) else {
        return vec![no_place(problems.len())];
    };
    // The fresh draft has the template's item; a template marking none gets one, at the end
    // where the import also puts a separate rectification part.
    let position = section.items.iter().position(|i| i.title.trim() == title).or_else(|| section.items.iter().position(|i| i.title.contains("整改")));
    let index = match position {
        Some(index) => index,
        None => {
            section.items.push(Item { id, title: title.clone(), ..Item::default() });
            section.items.len() - 1
        }
    };
    let item = &mut section.items[index];
    item.body = problems.iter().map(|p| rectification_opening(p)).collect::<Vec<_>>().join("\n");
    let place = Place::Text(TextRef::ItemBody { section: spec.id.clone(), item: item.id });
    let message = format!(
        "已把去年的 {} 个问题列入“{}”第{}条“{}”，每个问题一段，请在每段后面接着写采取了哪些措施、整改结果如何",
        problems.len(),
        spec.heading,
        index + 1,
        item.title.trim()
    );
    vec![info(code::RECTIFICATION, message, place)]
}

fn no_problems(template: &Template, target: &str, place: Place) -> Diagnostic {
    let heading = problem_sections(template).first().map(|s| s.heading.as_str()).unwrap_or("存在问题");
    Diagnostic {
        severity: Severity::Warning,
        code: code::NO_PROBLEMS,
        message: format!("去年的报告中没有找到“{heading}”的内容，“{target}”需要自己填写上年度述职评议指出的问题"),
        place,
        fix: None,
    }
}

fn no_place(n: usize) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        code: code::NO_PROBLEMS,
        message: format!("这个模板没有写问题整改情况的位置，去年的 {n} 个问题没有列入"),
        place: Place::Report,
        fix: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Sameness

/// A sentence of this year's draft that is identical or nearly identical to one of last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// The field this year's sentence is in.
    pub target: TextRef,
    /// Byte range of the sentence in that field's text (for highlighting).
    pub range: Range<usize>,
    /// The sentence as written this year (without its closing punctuation).
    pub sentence: String,
    /// Where last year's sentence is, in words: `去年“存在问题及原因”第2条`, `去年的导语`.
    pub last_place: String,
    /// Last year's sentence as written.
    pub last_sentence: String,
    /// 1.0 for identical (punctuation and whitespace aside), at least `SIMILAR_MIN` otherwise.
    pub similarity: f64,
    /// Stable across runs and versions: a hash of the normalized sentence, for storing a
    /// per-sentence dismissal. The same sentence in two places has the same key.
    pub key: String,
}

/// This year's sentences that are identical or nearly identical (≥ `SIMILAR_MIN`) to one of
/// last year's, in report order, each with the best match. Sentences are split on `。！？；` and
/// line breaks; short ones (< `SENTENCE_MIN_CHARS` characters without punctuation), placeholders
/// (`XX…`, an unfinished `针对“…”问题，`) and the template's own item titles and phrases are not
/// compared. The template's *suggested* problem titles are: naming last year's problem again is
/// exactly what reviewers notice. Closing lines are formulas and are left out; last year's
/// unplaced (leftover) text counts as last year's.
pub fn similar_sentences(draft: &Draft, last: &Draft, template: &Template) -> Vec<Similar> {
    let index = Index::new(&last_year_fields(last, template));
    if index.sentences.is_empty() {
        return Vec::new();
    }
    let stock = template_texts(template);
    let mut memo: HashMap<String, Option<(usize, usize)>> = HashMap::new();
    let mut out = Vec::new();
    for (target, text) in this_year_fields(draft, template) {
        for (range, norm) in sentences(text) {
            if content_chars(&norm) < SENTENCE_MIN_CHARS || stock.contains(&norm) || is_bare_opening(&text[range.clone()]) {
                continue;
            }
            let found = match memo.get(&norm) {
                Some(found) => *found,
                None => {
                    let found = index.best(&norm);
                    memo.insert(norm.clone(), found);
                    found
                }
            };
            let Some((j, distance)) = found else { continue };
            let last_sentence = &index.sentences[j];
            let longest = norm.chars().count().max(last_sentence.len);
            out.push(Similar {
                target: target.clone(),
                sentence: text[range.clone()].to_string(),
                range,
                last_place: last_sentence.place.clone(),
                last_sentence: last_sentence.text.clone(),
                similarity: (longest - distance) as f64 / longest as f64,
                key: key(&norm),
            });
        }
    }
    out
}

/// The stable key of a sentence (see `Similar::key`): FNV-1a over the normalized text, in hex.
pub fn key(normalized: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in normalized.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// What sentences are compared on: letters, digits and ideographs only, full-width ASCII folded
/// to ASCII, Latin letters lower-cased. Punctuation, symbols and whitespace go.
pub fn normalize(sentence: &str) -> String {
    sentence
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Sentences of a text with their byte ranges (trimmed of spaces and joining punctuation) and
/// normalized forms.
fn sentences(text: &str) -> Vec<(Range<usize>, String)> {
    const TRIM: &[char] = &['，', '、', '：', ',', ':'];
    let mut out = Vec::new();
    let mut start = 0;
    let ends = text.char_indices().filter(|(_, c)| "。！？；!?;\n\r".contains(*c)).map(|(i, c)| (i, i + c.len_utf8()));
    for (end, next) in ends.chain(std::iter::once((text.len(), text.len()))) {
        if end < start {
            continue;
        }
        let piece = &text[start..end];
        let lead = piece.len() - piece.trim_start_matches(|c: char| c.is_whitespace() || TRIM.contains(&c) || "”’）)".contains(c)).len();
        let trimmed = piece[lead..].trim_end_matches(|c: char| c.is_whitespace() || TRIM.contains(&c));
        if !trimmed.is_empty() {
            let range = start + lead..start + lead + trimmed.len();
            out.push((range, normalize(trimmed)));
        }
        start = next;
    }
    out
}

/// Characters that are content: a run of `X` (`XX大`, `X次`) is a placeholder, not words.
fn content_chars(normalized: &str) -> usize {
    normalized.chars().filter(|c| *c != 'x').count()
}

/// `针对“…”问题，` with nothing written after it: the form `next_year` leaves for the user.
fn is_bare_opening(sentence: &str) -> bool {
    let s = sentence.trim_end_matches(|c: char| c.is_whitespace() || "，,。".contains(c));
    s.starts_with("针对“") && s.ends_with("”问题") && s.matches('”').count() == 1
}

/// The template's own item titles and phrases (normalized): every draft has them, every year.
fn template_texts(template: &Template) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        let norm = normalize(text);
        if !norm.is_empty() && !out.contains(&norm) {
            out.push(norm);
        }
    };
    for phrase in &template.intro.phrases {
        add(phrase);
    }
    for section in &template.sections {
        section.guidance.phrases.iter().for_each(|p| add(p));
        section.cause_guidance.iter().flat_map(|g| &g.phrases).for_each(|p| add(p));
        for item in &section.items {
            add(&item.title);
            item.guidance.phrases.iter().for_each(|p| add(p));
        }
    }
    out
}

/// This year's text fields as the report prints them, in report order (as the check sees them).
fn this_year_fields<'a>(draft: &'a Draft, template: &Template) -> Vec<(TextRef, &'a str)> {
    let mut out = vec![(TextRef::Intro, draft.intro.as_str())];
    for spec in &template.sections {
        for item in draft.section(&spec.id).map(|s| s.items.as_slice()).unwrap_or(&[]) {
            let (section, id) = (spec.id.clone(), item.id);
            out.push((TextRef::ItemTitle { section: section.clone(), item: id }, item.title.as_str()));
            out.push((TextRef::ItemBody { section: section.clone(), item: id }, item.body.as_str()));
            if spec.kind == SectionKind::Problems {
                out.push((TextRef::ItemCause { section, item: id }, item.cause.as_str()));
            }
        }
    }
    out
}

/// Every text of last year's report with where it was, in words. All of last year's sections
/// count, whatever template they were written with, and so does its unplaced text.
fn last_year_fields<'a>(last: &'a Draft, template: &Template) -> Vec<(String, &'a str)> {
    let mut out = vec![("去年的导语".to_string(), last.intro.as_str())];
    for section in &last.sections {
        let heading = template.section(&section.id).map(|s| s.heading.as_str()).unwrap_or(section.id.as_str());
        for (index, item) in section.items.iter().enumerate() {
            let at = format!("去年“{heading}”第{}条", index + 1);
            out.push((format!("{at}的标题"), item.title.as_str()));
            out.push((at.clone(), item.body.as_str()));
            out.push((format!("{at}的原因"), item.cause.as_str()));
        }
    }
    out.push(("去年报告中未归类的内容".to_string(), last.leftover.as_str()));
    out
}

/// One of last year's sentences in the index.
struct LastSentence {
    text: String,
    place: String,
    chars: Vec<char>,
    len: usize,
}

/// Last year's distinct sentences, with an inverted index from character bigrams to the sentences
/// containing them (and how often).
struct Index {
    sentences: Vec<LastSentence>,
    exact: HashMap<String, usize>,
    postings: HashMap<(char, char), Vec<(usize, usize)>>,
}

impl Index {
    fn new(fields: &[(String, &str)]) -> Index {
        let mut index = Index { sentences: Vec::new(), exact: HashMap::new(), postings: HashMap::new() };
        for (place, text) in fields {
            for (range, norm) in sentences(text) {
                let chars: Vec<char> = norm.chars().collect();
                // One character shorter can still be ≥ 90 % similar to a sentence of the minimum length.
                if chars.len() + 1 < SENTENCE_MIN_CHARS || index.exact.contains_key(&norm) {
                    continue;
                }
                let j = index.sentences.len();
                for (bigram, count) in bigrams(&chars) {
                    index.postings.entry(bigram).or_default().push((j, count));
                }
                index.exact.insert(norm, j);
                index.sentences.push(LastSentence { text: text[range].to_string(), place: place.clone(), len: chars.len(), chars });
            }
        }
        index
    }

    /// The most similar of last year's sentences and the edit distance to it, if ≥ `SIMILAR_MIN`.
    fn best(&self, norm: &str) -> Option<(usize, usize)> {
        if let Some(&j) = self.exact.get(norm) {
            return Some((j, 0));
        }
        let chars: Vec<char> = norm.chars().collect();
        let n = chars.len();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for (bigram, count) in bigrams(&chars) {
            for &(j, theirs) in self.postings.get(&bigram).map(Vec::as_slice).unwrap_or(&[]) {
                *shared.entry(j).or_default() += count.min(theirs);
            }
        }
        // Within edit distance d, two strings share at least max(len) − 1 − 2d bigrams (the q-gram
        // lemma); ≥ 90 % similar means d ≤ max(len) / 10. Candidates failing either bound are out.
        let mut candidates: Vec<(usize, usize)> = shared
            .into_iter()
            .filter(|&(j, s)| {
                let longest = n.max(self.sentences[j].len);
                let d = longest / 10;
                n.abs_diff(self.sentences[j].len) <= d && s + 1 + 2 * d >= longest
            })
            .collect();
        super::order::sort_by(&mut candidates, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut best: Option<(usize, usize, usize)> = None;
        for &(j, _) in candidates.iter().take(MAX_CANDIDATES) {
            let other = &self.sentences[j];
            let longest = n.max(other.len);
            let Some(d) = bounded_distance(&chars, &other.chars, longest / 10) else {
                continue;
            };
            // Compare d / longest across candidates without floating point.
            let better = best.is_none_or(|(_, bd, bl)| d * bl < bd * longest);
            if better {
                best = Some((j, d, longest));
            }
        }
        best.map(|(j, d, _)| (j, d))
    }
}

/// Character bigrams of a sentence with their counts.
fn bigrams(chars: &[char]) -> HashMap<(char, char), usize> {
    let mut out: HashMap<(char, char), usize> = HashMap::new();
    for pair in chars.windows(2) {
        *out.entry((pair[0], pair[1])).or_default() += 1;
    }
    out
}

/// The Levenshtein distance if it is at most `k`, computed on the diagonal band |i − j| ≤ k only
/// (O(n·k)), giving up as soon as a whole row exceeds `k`.
fn bounded_distance(a: &[char], b: &[char], k: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    let far = k + 1;
    let mut prev: Vec<usize> = (0..=m).map(|j| if j <= k { j } else { far }).collect();
    let mut cur = vec![far; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(m);
        cur[0] = if i <= k { i } else { far };
        if lo > 1 {
            cur[lo - 1] = far;
        }
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let value = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1).min(far);
            cur[j] = value;
            row_min = row_min.min(value);
        }
        // The next row reads one cell further right; outside the band it must count as too far.
        if hi < m {
            cur[hi + 1] = far;
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.get(m).copied().filter(|&d| d <= k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut cur = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                cur[j] = (prev[j - 1] + usize::from(a[i - 1] != b[j - 1])).min(prev[j] + 1).min(cur[j - 1] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn bounded_distance_agrees_with_the_textbook_one() {
        let words = ["", "a", "ab", "abc", "党建工作", "党建业务工作", "抓党建促业务", "abcabcabc", "cbacbacba", "aaaaaaaaaaaa", "aaaaaaaaaaab"];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let d = naive(&a, &b);
                for k in 0..14 {
                    let expected = (d <= k).then_some(d);
                    assert_eq!(bounded_distance(&a, &b, k), expected, "{a:?} {b:?} k={k}");
                }
            }
        }
    }

    #[test]
    fn years() {
        assert_eq!(following_year("2024"), Some(2025));
        assert_eq!(following_year(" 2024年度 "), Some(2025));
        assert_eq!(following_year("２０２４"), Some(2025));
        for bad in ["", "202X", "二〇二四", "24", "20245", "2024-2025"] {
            assert_eq!(following_year(bad), None, "{bad}");
        }
    }

    #[test]
    fn problem_titles_are_made_quotable() {
        assert_eq!(quotable("党建工作品牌特色不明显、亮点不突出。"), "党建工作品牌特色不明显、亮点不突出");
        assert_eq!(quotable("“重业务、轻党建”"), "重业务、轻党建");
        assert_eq!(quotable("存在“重业务、轻党建”的问题"), "存在‘重业务、轻党建’");
        assert_eq!(quotable("问题"), "问题");
        assert_eq!(quotable("“重业务、轻党建”的问题。"), "重业务、轻党建");
    }
}
