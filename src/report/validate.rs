//! The pre-export check: diagnostics about a draft against its template.
//!
//! Each rule is a small function over the draft's text fields; `check` concatenates their findings
//! and sorts them by severity (a stable sort, so within one severity the order is the rule order,
//! then the order of the fields in the report). Every finding that concerns one text field carries
//! `Place::Text` so the wizard can jump to that field and focus it. The rules aim at few false
//! positives: a reviewer-facing tool that cries wolf gets ignored.

use std::collections::{BTreeSet, HashMap};

use super::diagnostic::{Code, Diagnostic, Fix, Place, Severity};
use super::edit::{Edit, TextRef};
use super::model::{count_chars, Draft, IdRepair, Item, ItemId};
use super::length::{self, thousands};
use super::outline::{cause_connector, cause_lead_in};
use super::template::{FieldKind, LengthTarget, SectionKind, SectionSpec, Template};

/// The stable codes of the check's diagnostics (tests, dismissals and the UI key on them).
pub mod code {
    use super::Code;

    pub const MISSING_FIELD: Code = Code::MissingField;
    pub const YEAR_INVALID: Code = Code::YearInvalid;
    pub const MISSING_INTRO: Code = Code::MissingIntro;
    pub const MISSING_SECTION: Code = Code::MissingSection;
    pub const MISSING_CAUSE: Code = Code::MissingCause;
    pub const CAUSE_LEAD_IN: Code = Code::CauseLeadIn;
    pub const PLACEHOLDER: Code = Code::Placeholder;
    pub const LEFTOVER: Code = Code::Leftover;
    pub const MISSING_TITLE: Code = Code::MissingTitle;
    pub const TITLE_ONLY: Code = Code::TitleOnly;
    pub const ITEM_COUNT: Code = Code::ItemCount;
    pub const MISSING_RECTIFICATION: Code = Code::MissingRectification;
    pub const YEAR_MISMATCH: Code = Code::YearMismatch;
    pub const UNFILLED_PHRASE: Code = Code::UnfilledPhrase;
    pub const LENGTH: Code = Code::Length;
    pub const PLANS_SHARE: Code = Code::PlansShare;
    pub const HALF_WIDTH: Code = Code::HalfWidth;
    pub const HALF_WIDTH_ALL: Code = Code::HalfWidthAll;
    pub const REPEATED: Code = Code::Repeated;
    pub const FACT_LOW: Code = Code::FactLow;
    pub const DUPLICATE_IDS: Code = Code::DuplicateIds;
    pub const IDS_REPAIRED: Code = Code::IdsRepaired;
}

/// Sentences shorter than this repeat legitimately (set phrases such as `一岗双责`).
const REPEAT_MIN_CHARS: usize = 10;

/// Every finding about the draft: errors first, then warnings, then information.
pub fn check(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let fields = fields(draft, template);
    let year = report_year(draft, template);
    let mut out = Vec::new();
    out.extend(item_ids(draft, template));
    out.extend(missing_fields(draft, template));
    out.extend(invalid_year(draft, template));
    out.extend(missing_intro(draft));
    out.extend(missing_sections(draft, template));
    out.extend(missing_causes(draft, template));
    out.extend(cause_lead_ins(draft, template));
    out.extend(placeholders(&fields, year));
    out.extend(leftover(draft, template));
    out.extend(missing_titles(draft, template));
    out.extend(title_only(draft, template));
    out.extend(item_counts(draft, template));
    out.extend(missing_rectification(draft, template));
    out.extend(year_mismatch(&fields, year));
    out.extend(unfilled_phrases(&fields, template));
    out.extend(lengths(draft, template));
    out.extend(plans_share(draft, template));
    out.extend(half_width(&fields));
    out.extend(repeated_sentences(&fields));
    out.extend(low_facts(draft, template));
    super::order::sort_by_key(&mut out, |d| d.severity);
    out
}

/// Sentences identical or nearly identical to last year's report (`yearly::similar_sentences`),
/// one warning each at the field holding it, naming where last year had it. Separate from
/// `check` because it needs last year's draft; the app and `shuzhi check` add these to the
/// check's findings. Sentences the user dismissed (`Draft::dismissed` holds their
/// `Similar::key`) are left out.
pub fn sameness(draft: &Draft, template: &Template, last_year: &Draft) -> Vec<Diagnostic> {
    super::yearly::similar_sentences(draft, last_year, template)
        .into_iter()
        .filter(|s| !draft.dismissed.contains(&s.key))
        .map(|s| {
            let long = s.sentence.chars().count() > 30;
            let shown: String = s.sentence.chars().take(30).collect();
            // `深化、……` reads badly: a cut sentence loses the mark it was cut after.
            let shown = if long { shown.trim_end_matches(['，', '、', '：', '；', ',', ':']).to_string() } else { shown };
            let more = if long { "……" } else { "" };
            let how = if s.similarity >= 1.0 {
                "完全相同".to_string()
            } else {
                // Floor, so a 99.6 % match never reads “100%” next to “几乎相同”.
                format!("几乎相同（相似度 {}%）", (s.similarity * 100.0 + 1e-9).floor() as u32)
            };
            diag(
                Severity::Warning,
                super::yearly::code::SAME_AS_LAST_YEAR,
                format!(
                    "{}中“{shown}{more}”这句话与{}中的一句{how}，评议时容易被认为“年年一个样”，请结合今年的新情况改写",
                    describe_text(&s.target, draft, template),
                    s.last_place
                ),
                Place::Text(s.target),
            )
        })
        .collect()
}

/// Where a place is, in words (`“主要工作情况”第2条的正文`), for lists such as the CLI's.
pub fn describe(place: &Place, draft: &Draft, template: &Template) -> String {
    Places::new(draft, template).describe(place)
}

/// `describe` for many places of one draft: item positions are looked up once, so describing
/// every finding of a draft with 100,000 items stays linear.
pub struct Places<'a> {
    draft: &'a Draft,
    template: &'a Template,
    positions: HashMap<(&'a str, ItemId), usize>,
}

impl<'a> Places<'a> {
    pub fn new(draft: &'a Draft, template: &'a Template) -> Places<'a> {
        let mut positions = HashMap::new();
        for section in &draft.sections {
            for (index, item) in section.items.iter().enumerate() {
                // The first of two items sharing an id, as `describe_text` finds it.
                positions.entry((section.id.as_str(), item.id)).or_insert(index);
            }
        }
        Places { draft, template, positions }
    }

    pub fn describe(&self, place: &Place) -> String {
        let template = self.template;
        match place {
            Place::Report => "全文".into(),
            Place::Info(key) => info_label(key, template),
            Place::Intro => "导语".into(),
            Place::Section(id) => format!("“{}”", heading(id, template)),
            Place::Text(TextRef::ItemTitle { section, item }) => self.item_part(section, *item, "标题"),
            Place::Text(TextRef::ItemBody { section, item }) => self.item_part(section, *item, "正文"),
            Place::Text(TextRef::ItemCause { section, item }) => self.item_part(section, *item, "原因"),
            Place::Text(target) => describe_text(target, self.draft, template),
            Place::Closing => "结束语".into(),
            Place::Leftover => "未归类的内容".into(),
        }
    }

    fn item_part(&self, section: &str, item: ItemId, part: &str) -> String {
        match self.positions.get(&(section, item)) {
            Some(p) => format!("“{}”第{}条的{part}", heading(section, self.template), p + 1),
            None => format!("“{}”中已删除的一条", heading(section, self.template)),
        }
    }
}

/// Replaces half-width punctuation next to Chinese text with its full-width form; `None` when
/// nothing changes. Digits (`3.5`, `8:30`), URLs and Latin text are left alone.
pub fn full_width_punctuation(text: &str) -> Option<String> {
    full_width(text).map(|(value, _)| value)
}

/// `full_width_punctuation` plus the half-width marks it replaced (for the message).
///
/// A run of marks (`,(`) changes as a whole when either end touches Chinese text, and a pair of
/// parentheses changes together (`条例(2018)` → `条例（2018）`). Deciding on runs and pairs, not
/// single characters, makes the fix idempotent: what it leaves alone never touches Chinese text
/// afterwards either, so applying the fix leaves nothing for the check to flag.
fn full_width(text: &str) -> Option<(String, BTreeSet<char>)> {
    const MARKS: &str = ",;:?!()";
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let is_mark = |i: usize| MARKS.contains(chars[i]);
    let mut partner: Vec<Option<usize>> = vec![None; n];
    let mut open = Vec::new();
    for i in 0..n {
        match chars[i] {
            '(' => open.push(i),
            ')' => {
                if let Some(j) = open.pop() {
                    partner[i] = Some(j);
                    partner[j] = Some(i);
                }
            }
            _ => {}
        }
    }
    // Seeds: runs of marks with Chinese text on either side.
    let mut replace = vec![false; n];
    let mut queue = Vec::new();
    let mut i = 0;
    while i < n {
        if !is_mark(i) {
            i += 1;
            continue;
        }
        let end = (i..n).find(|&j| !is_mark(j)).unwrap_or(n);
        let touches = (i > 0 && is_cjk(chars[i - 1])) || (end < n && is_cjk(chars[end]));
        if touches {
            queue.extend(i..end);
        }
        i = end;
    }
    // Spread along runs and parenthesis pairs.
    while let Some(i) = queue.pop() {
        if replace[i] {
            continue;
        }
        replace[i] = true;
        let run_mates = [i.checked_sub(1), Some(i + 1)].into_iter().flatten().filter(|&j| j < n && is_mark(j));
        queue.extend(run_mates.chain(partner[i]).filter(|&j| !replace[j]));
    }
    if !replace.contains(&true) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut marks = BTreeSet::new();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        i += 1;
        if !replace[i - 1] {
            out.push(c);
            continue;
        }
        marks.insert(c);
        out.push(match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '?' => '？',
            '!' => '！',
            '(' => '（',
            _ => '）',
        });
        // `学习, 提高` → `学习，提高`: full-width marks carry their own spacing.
        if c != '(' && c != ')' {
            let mut j = i;
            while j < n && chars[j] == ' ' {
                j += 1;
            }
            if j > i && (j == n || is_cjk(chars[j])) {
                i = j;
            }
        }
    }
    Some((out, marks))
}

// ---------------------------------------------------------------------------------------------
// The draft's text fields

/// One text field of the draft, with the words that name it in messages.
struct Field<'a> {
    target: TextRef,
    text: &'a str,
    label: String,
    /// Where the field sits, for rules that depend on it (years in 下步打算 …).
    part: Part,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Basic information: short values, not prose.
    Info,
    /// 导语, closing, and items of ordinary sections.
    Prose,
    /// The item on last year's problems (上年度问题整改), which names last year on purpose.
    Rectification,
    /// 下步打算, which names next year on purpose.
    Plans,
}

/// All fields the report prints, in report order. The leftover part is left out: it is an error
/// on its own and is not part of the report proper.
fn fields<'a>(draft: &'a Draft, template: &'a Template) -> Vec<Field<'a>> {
    let mut out = Vec::new();
    for spec in &template.fields {
        let target = TextRef::Info { key: spec.key.clone() };
        let label = info_label(&spec.key, template);
        out.push(Field { target, text: draft.info(&spec.key), label, part: Part::Info });
    }
    // The user's own title and the date line: short values like the basic information.
    if !blank(&draft.title) {
        out.push(Field { target: TextRef::Title, text: &draft.title, label: "标题".into(), part: Part::Info });
    }
    if !blank(&draft.date) {
        out.push(Field { target: TextRef::Date, text: &draft.date, label: "落款日期".into(), part: Part::Info });
    }
    out.push(Field { target: TextRef::Intro, text: &draft.intro, label: "导语".into(), part: Part::Prose });
    for (spec, items) in sections(draft, template) {
        for (index, item) in items.iter().enumerate() {
            let at = |part: &str| format!("“{}”第{}条的{part}", spec.heading, index + 1);
            let (section, item_id) = (&spec.id, item.id);
            let part = if spec.kind == SectionKind::Plans {
                Part::Plans
            } else if is_rectification(item, spec) {
                Part::Rectification
            } else {
                Part::Prose
            };
            let mut push = |target: TextRef, text: &'a str, label: String| out.push(Field { target, text, label, part });
            push(TextRef::ItemTitle { section: section.clone(), item: item_id }, &item.title, at("标题"));
            push(TextRef::ItemBody { section: section.clone(), item: item_id }, &item.body, at("正文"));
            // Causes print only in problem sections; elsewhere they are not part of the report.
            if spec.kind == SectionKind::Problems {
                push(TextRef::ItemCause { section: section.clone(), item: item_id }, &item.cause, at("原因"));
            }
        }
    }
    out.push(Field { target: TextRef::Closing, text: &draft.closing, label: "结束语".into(), part: Part::Prose });
    out
}

/// The 上年度问题整改 item: any item of a rectification section, the template's marked item, or any
/// item whose title speaks of 整改.
fn is_rectification(item: &Item, spec: &SectionSpec) -> bool {
    let marked = spec.items.iter().any(|s| s.rectification && !blank(&s.title) && s.title.trim() == item.title.trim());
    spec.rectification || marked || item.title.contains("整改")
}

/// The template's sections paired with the draft's items for them.
fn sections<'a>(draft: &'a Draft, template: &'a Template) -> Vec<(&'a SectionSpec, &'a [Item])> {
    template.sections.iter().map(|spec| (spec, draft.section(&spec.id).map(|s| s.items.as_slice()).unwrap_or(&[]))).collect()
}

fn info_label(key: &str, template: &Template) -> String {
    let label = template.fields.iter().find(|f| f.key == key).map(|f| f.label.as_str()).unwrap_or(key);
    format!("基本信息“{label}”")
}

fn heading<'a>(id: &'a str, template: &'a Template) -> &'a str {
    template.section(id).map(|s| s.heading.as_str()).unwrap_or(id)
}

fn describe_text(target: &TextRef, draft: &Draft, template: &Template) -> String {
    let (section, id, part) = match target {
        TextRef::Info { key } => return info_label(key, template),
        TextRef::Intro => return "导语".into(),
        TextRef::Closing => return "结束语".into(),
        TextRef::Leftover => return "未归类的内容".into(),
        TextRef::Title => return "标题".into(),
        TextRef::Date => return "落款日期".into(),
        TextRef::ItemTitle { section, item } => (section, item, "标题"),
        TextRef::ItemBody { section, item } => (section, item, "正文"),
        TextRef::ItemCause { section, item } => (section, item, "原因"),
    };
    let position = draft.section(section).and_then(|s| s.items.iter().position(|i| i.id == *id));
    match position {
        Some(p) => format!("“{}”第{}条的{part}", heading(section, template), p + 1),
        None => format!("“{}”中已删除的一条", heading(section, template)),
    }
}

/// `“主要工作情况”第2条`.
fn item_place(section: &str, id: ItemId, draft: &Draft, template: &Template) -> String {
    let position = draft.section(section).and_then(|s| s.items.iter().position(|i| i.id == id));
    match position {
        Some(p) => format!("“{}”第{}条", heading(section, template), p + 1),
        None => format!("“{}”中的一条", heading(section, template)),
    }
}

/// Items sharing an id — typing in one would change the other; only a draft that bypassed
/// `Draft::repair` can hold them — and what `repair` renumbered when the draft was opened.
fn item_ids(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let duplicates = draft.duplicate_ids();
    if let Some((section, id)) = duplicates.first() {
        let message = format!(
            "有 {} 个条目与别的条目共用一个编号（如{}）：修改其中一条会改动另一条。请点“重新编号”（内容不变），或重新打开这份报告",
            duplicates.len(),
            item_place(section, *id, draft, template)
        );
        let mut d = diag(Severity::Error, code::DUPLICATE_IDS, message, Place::Section(section.clone()));
        // `apply` repairs a replacement, so the draft as it is makes the fix.
        d.fix = Some(Fix { label: "重新编号".into(), edits: vec![Edit::Replace(Box::new(draft.clone()))] });
        out.push(d);
    }
    let mut renumbered = Vec::new();
    let mut first = None;
    for repair in &draft.repairs.0 {
        match repair {
            IdRepair::Renumbered { section, new, duplicate, .. } => {
                first.get_or_insert((section.clone(), *new));
                let why = if *duplicate { "编号重复" } else { "编号超出范围" };
                renumbered.push(format!("{}（{why}）", item_place(section, *new, draft, template)));
            }
            IdRepair::NextId { old, new } => out.push(diag(
                Severity::Info,
                code::IDS_REPAIRED,
                format!("打开时发现草稿的条目计数（next_id = {old}）超出范围，已改为 {new}；内容没有改动"),
                Place::Report,
            )),
        }
    }
    if let Some((section, item)) = first {
        let more = if renumbered.len() > 5 { " 等" } else { "" };
        let list: Vec<String> = renumbered.iter().take(5).cloned().collect();
        out.push(diag(
            Severity::Warning,
            code::IDS_REPAIRED,
            format!(
                "打开时发现 {} 个条目的编号有问题，已重新编号（文字没有改动）：{}{more}。这份草稿可能被手工改过或合并过，请核对这些条目",
                renumbered.len(),
                list.join("、")
            ),
            Place::Text(TextRef::ItemTitle { section, item }),
        ));
    }
    out
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn item_is_empty(item: &Item, kind: SectionKind) -> bool {
    blank(&item.title) && blank(&item.body) && (kind != SectionKind::Problems || blank(&item.cause))
}

fn diag(severity: Severity, code: Code, message: String, place: Place) -> Diagnostic {
    Diagnostic { severity, code, message, place, fix: None }
}

fn quoted(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("“{t}”")).collect()
}

/// The report year when the year field holds a plausible four-digit year.
fn report_year(draft: &Draft, template: &Template) -> Option<u32> {
    template.fields.iter().filter(|f| f.kind == FieldKind::Year).find_map(|f| parse_year(draft.info(&f.key)))
}

fn parse_year(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|y| (1900..=2199).contains(y))
}

// ---------------------------------------------------------------------------------------------
// Required parts

fn missing_fields(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    template
        .fields
        .iter()
        .filter(|f| f.required && blank(draft.info(&f.key)))
        .map(|f| {
            diag(
                Severity::Error,
                code::MISSING_FIELD,
                format!("还没有填写“{}”，请在基本信息中填写", f.label),
                Place::Text(TextRef::Info { key: f.key.clone() }),
            )
        })
        .collect()
}

/// A year field that is filled but not a year (`25`, `2025年`, `二〇二五`): the title would read
/// oddly and the year checks cannot run. Placeholders (`202X`) are left to `placeholders`.
fn invalid_year(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    template
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Year)
        .filter(|f| {
            let value = draft.info(&f.key);
            !blank(value) && parse_year(value).is_none() && scan_placeholders(value).is_empty()
        })
        .map(|f| {
            diag(
                Severity::Error,
                code::YEAR_INVALID,
                format!("“{}”填的是“{}”，请填四位数字的年份，如 2025（不要带“年”字，标题会自动加上）", f.label, draft.info(&f.key).trim()),
                Place::Text(TextRef::Info { key: f.key.clone() }),
            )
        })
        .collect()
}

fn missing_intro(draft: &Draft) -> Vec<Diagnostic> {
    if !blank(&draft.intro) {
        return Vec::new();
    }
    vec![diag(
        Severity::Error,
        code::MISSING_INTRO,
        "还没有写导语。请用一段话说明在谁的领导下、以什么思想为指导、抓党建的总体思路".into(),
        Place::Text(TextRef::Intro),
    )]
}

fn missing_sections(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    sections(draft, template)
        .into_iter()
        .filter(|(spec, items)| spec.required && items.iter().all(|i| item_is_empty(i, spec.kind)))
        .map(|(spec, _)| {
            diag(
                Severity::Error,
                code::MISSING_SECTION,
                format!("“{}”还没有内容，这一部分是必写的，请至少写一条", spec.heading),
                Place::Section(spec.id.clone()),
            )
        })
        .collect()
}

fn missing_causes(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (spec, items) in sections(draft, template) {
        if spec.kind != SectionKind::Problems {
            continue;
        }
        for (index, item) in items.iter().enumerate() {
            if blank(&item.cause) && !(blank(&item.title) && blank(&item.body)) {
                out.push(diag(
                    Severity::Error,
                    code::MISSING_CAUSE,
                    format!(
                        "“{}”第{}条还没有写原因。评议要求每个问题都从主观上剖析原因（思想认识、学习思考、统筹谋划、工作作风），请补写",
                        spec.heading,
                        index + 1
                    ),
                    Place::Text(TextRef::ItemCause { section: spec.id.clone(), item: item.id }),
                ));
            }
        }
    }
    out
}

/// A cause that starts with the lead-in the export adds itself (`以上问题的原因主要是：`, copied from an
/// old report): the outline prints it once anyway, but the field should hold the cause alone, so
/// the check offers to remove it. A check with a button rather than stripping on input: removing
/// words while the user types them would move the caret and fight the browser's undo.
fn cause_lead_ins(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (spec, items) in sections(draft, template) {
        if spec.kind != SectionKind::Problems {
            continue;
        }
        let connector = cause_connector(spec);
        for (index, item) in items.iter().enumerate() {
            let Some(end) = cause_lead_in(&item.cause, connector) else { continue };
            let lead = item.cause.get(..end).unwrap_or_default().trim();
            let rest = item.cause.get(end..).unwrap_or_default().trim_start().to_string();
            let target = TextRef::ItemCause { section: spec.id.clone(), item: item.id };
            let mut d = diag(
                Severity::Warning,
                code::CAUSE_LEAD_IN,
                format!(
                    "“{}”第{}条的原因以“{lead}”开头。导出时会自动加上“{connector}”，这里只写原因本身即可",
                    spec.heading,
                    index + 1
                ),
                Place::Text(target.clone()),
            );
            d.fix = Some(Fix { label: format!("删去“{lead}”"), edits: vec![Edit::SetText { target, value: rest }] });
            out.push(d);
        }
    }
    out
}

fn missing_titles(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (spec, items) in sections(draft, template) {
        for (index, item) in items.iter().enumerate() {
            if blank(&item.title) && !item_is_empty(item, spec.kind) {
                out.push(diag(
                    Severity::Warning,
                    code::MISSING_TITLE,
                    format!("“{}”第{}条有正文但没有标题。每条应以一句概括性的标题开头，请补上", spec.heading, index + 1),
                    Place::Text(TextRef::ItemTitle { section: spec.id.clone(), item: item.id }),
                ));
            }
        }
    }
    out
}

/// A work or plan item that is only a title (typically a suggested title never written up) prints
/// as a bare line. Problem items are covered by `missing_causes` instead.
fn title_only(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (spec, items) in sections(draft, template) {
        if spec.kind == SectionKind::Problems {
            continue;
        }
        for (index, item) in items.iter().enumerate() {
            if !blank(&item.title) && blank(&item.body) {
                out.push(diag(
                    Severity::Warning,
                    code::TITLE_ONLY,
                    format!("“{}”第{}条“{}”只有标题，还没有写正文。请补写，或者删除这一条", spec.heading, index + 1, item.title.trim()),
                    Place::Text(TextRef::ItemBody { section: spec.id.clone(), item: item.id }),
                ));
            }
        }
    }
    out
}

/// Too few or too many items (e.g. 3–5 problems). An empty section is `missing_sections`' business.
fn item_counts(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (spec, items) in sections(draft, template) {
        let count = items.iter().filter(|i| !item_is_empty(i, spec.kind)).count();
        if count == 0 {
            continue;
        }
        let (min, max) = (spec.min_items.map(|m| m as usize), spec.max_items.map(|m| m as usize));
        let expected = match (min, max) {
            (Some(min), Some(max)) if count < min || count > max => {
                format!("一般写 {min}–{max} 条")
            }
            (Some(min), None) if count < min => format!("一般至少写 {min} 条"),
            (None, Some(max)) if count > max => format!("一般不超过 {max} 条"),
            _ => continue,
        };
        let advice = if min.is_some_and(|m| count < m) { "请补充" } else { "请合并或精简" };
        out.push(diag(
            Severity::Warning,
            code::ITEM_COUNT,
            format!("“{}”写了 {count} 条，{expected}，{advice}", spec.heading),
            Place::Section(spec.id.clone()),
        ));
    }
    out
}

/// 上年度问题整改情况 is mandatory in most local notices (docs/design.md §2). Warn when the section the
/// template puts it in has content but says nothing about 整改. An empty section is
/// `missing_sections`' business, a suggested 整改 title with no body `title_only`'s.
fn missing_rectification(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (spec, items) in sections(draft, template) {
        let Some(suggested) = spec.items.iter().find(|i| i.rectification) else {
            continue;
        };
        if items.iter().all(|i| item_is_empty(i, spec.kind)) {
            continue;
        }
        let written = items.iter().any(|i| !blank(&i.body) && (is_rectification(i, spec) || i.body.contains("整改")));
        let announced = spec.kind != SectionKind::Problems && items.iter().any(|i| is_rectification(i, spec));
        if written || announced {
            continue;
        }
        out.push(diag(
            Severity::Warning,
            code::MISSING_RECTIFICATION,
            format!(
                "“{}”里还没有写上年度问题整改情况。多数通知要求逐条说明上年度述职评议指出的问题整改得怎样，建议加一条“{}”",
                spec.heading, suggested.title
            ),
            Place::Section(spec.id.clone()),
        ));
    }
    out
}

fn leftover(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !blank(&draft.leftover) {
        out.push(diag(Severity::Error, code::LEFTOVER, "有未归类的内容，请移到合适位置或删除".into(), Place::Leftover));
    }
    // Sections the template does not know are not printed at all; say so rather than lose them.
    for section in &draft.sections {
        let unknown = template.section(&section.id).is_none();
        if unknown && section.items.iter().any(|i| !item_is_empty(i, SectionKind::Problems)) {
            out.push(diag(
                Severity::Error,
                code::LEFTOVER,
                format!("部分“{}”不属于当前模板，导出时不会出现。请把内容移到合适位置或删除", section.id),
                Place::Section(section.id.clone()),
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Placeholders

/// What kind of placeholder a token is: year placeholders can be fixed from the year field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hole {
    Year,
    Other,
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | '×' | 'Ｘ' | 'ｘ')
}

/// Words a count follows (`X次`, `N名` …).
fn is_measure(c: char) -> bool {
    "次名项人个篇场期位家所条件批届户年月日天元万余多%％".contains(c)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Chinese text for the punctuation rule: ideographs, CJK and full-width punctuation, the curly
/// quotes and ellipsis Chinese text uses.
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF) || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Placeholder tokens in `text`, in order, without duplicates.
fn scan_placeholders(text: &str) -> Vec<(String, Hole)> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).copied();
    let latin = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|c| c.is_ascii_alphabetic());
    let alnum = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|c| c.is_ascii_alphanumeric());
    let mut found: Vec<(String, Hole)> = Vec::new();
    let mut push = |token: String, hole: Hole| {
        if !found.iter().any(|(t, _)| *t == token) {
            found.push((token, hole));
        }
    };
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let prev = i.checked_sub(1);
        // `202X`, `20XX`: a year left for the user to fill.
        if c == '2'
            && at(i + 1) == Some('0')
            && at(i + 2).is_some_and(|d| d.is_ascii_digit() || is_x(d))
            && at(i + 3).is_some_and(is_x)
            && !prev.and_then(at).is_some_and(|p| p.is_ascii_digit())
        {
            push(chars[i..i + 4].iter().collect(), Hole::Year);
            i += 4;
            continue;
        }
        if is_x(c) {
            let end = (i..n).find(|&j| !is_x(chars[j])).unwrap_or(n);
            let run: String = chars[i..end].iter().collect();
            // `XX`, `××`, `xx学院`: but not inside Latin words (`XXL`, `Exxon`).
            if end - i >= 2 && !latin(prev) && !latin(Some(end)) {
                let year = end - i == 4 && at(end) == Some('年');
                push(run, if year { Hole::Year } else { Hole::Other });
                i = end;
                continue;
            }
            // `X次`, `X名`: a count never filled in (`3×4次` is arithmetic, not a hole).
            if end - i == 1 && !alnum(prev) && at(end).is_some_and(is_measure) {
                push(format!("{c}{}", chars[end]), Hole::Other);
                i = end + 1;
                continue;
            }
            i = end;
            continue;
        }
        if matches!(c, 'N' | 'n' | 'Ｎ') && !alnum(prev) && at(i + 1).is_some_and(is_measure) {
            push(format!("{c}{}", chars[i + 1]), Hole::Other);
            i += 2;
            continue;
        }
        // `党建＋X`, `党建＋”`: the template's plan pattern with its X never replaced.
        if matches!(c, '＋' | '+') {
            let lead: String = chars[i.saturating_sub(2)..i].iter().filter(|c| is_han(**c)).collect();
            if at(i + 1).is_some_and(is_x) && !at(i + 2).is_some_and(|d| is_x(d) || d.is_ascii_alphanumeric()) {
                push(format!("{lead}{c}{}", chars[i + 1]), Hole::Other);
                i += 2;
                continue;
            }
            if !lead.is_empty() && at(i + 1) == Some('”') {
                push(format!("{lead}{c}"), Hole::Other);
                i += 1;
                continue;
            }
        }
        // `【单位名称】`, `[请填写]`, `（此处填写）`.
        if let Some(close) = bracket_close(c) {
            if let Some(end) = (i + 1..n.min(i + 32)).find(|&j| chars[j] == close) {
                let inner: String = chars[i + 1..end].iter().collect();
                let hole = match c {
                    '【' => true,
                    '[' | '［' => inner.chars().any(is_han),
                    _ => ["请填", "填写", "待补充", "待填", "此处"].iter().any(|w| inner.contains(w)),
                };
                if hole {
                    push(chars[i..=end].iter().collect(), Hole::Other);
                    i = end + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

fn bracket_close(open: char) -> Option<char> {
    match open {
        '【' => Some('】'),
        '[' => Some(']'),
        '［' => Some('］'),
        '(' => Some(')'),
        '（' => Some('）'),
        _ => None,
    }
}

/// One error per field and kind: year placeholders (fixable from the year field, when it is
/// filled in) apart from the rest.
fn placeholders(fields: &[Field], year: Option<u32>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for field in fields {
        let found = scan_placeholders(field.text);
        if found.is_empty() {
            continue;
        }
        let place = Place::Text(field.target.clone());
        let in_title = if matches!(field.target, TextRef::Info { .. } | TextRef::Title) { "（它会出现在标题中）" } else { "" };
        let years: Vec<String> = found.iter().filter(|(_, h)| *h == Hole::Year).map(|(t, _)| t.clone()).collect();
        let others: Vec<String> = found.iter().filter(|(_, h)| *h == Hole::Other).map(|(t, _)| t.clone()).collect();
        if !years.is_empty() {
            let mut d = diag(
                Severity::Error,
                code::PLACEHOLDER,
                format!("{}里还有年份占位符{}{in_title}，请改成实际年份", field.label, quoted(&years)),
                place.clone(),
            );
            // Replacing `202X` by the report year is what the user wants almost always; it is a
            // button, not an automatic change, so the rare exception stays in their hands.
            if let (Some(year), false) = (year, field.part == Part::Info) {
                let mut value = field.text.to_string();
                for token in &years {
                    value = value.replace(token.as_str(), &year.to_string());
                }
                d.fix = Some(Fix { label: format!("改为 {year}"), edits: vec![Edit::SetText { target: field.target.clone(), value }] });
            }
            out.push(d);
        }
        if !others.is_empty() {
            out.push(diag(
                Severity::Error,
                code::PLACEHOLDER,
                format!("{}里还有占位符{}{in_title}，请改成实际内容", field.label, quoted(&others)),
                place,
            ));
        }
    }
    out
}

/// `以……为抓手`, `针对“……”问题`: a phrase-bank entry inserted and never filled in. An ellipsis
/// closing a list (`学习活动……。`) is left alone; only these fill-in shapes are flagged.
fn unfilled_phrases(fields: &[Field], template: &Template) -> Vec<Diagnostic> {
    let bank = phrase_bank_holes(template);
    let mut out = Vec::new();
    for field in fields.iter().filter(|f| f.part != Part::Info) {
        let found = scan_unfilled(field.text, &bank);
        if found.is_empty() {
            continue;
        }
        out.push(diag(
            Severity::Warning,
            code::UNFILLED_PHRASE,
            format!("{}里的{}还没有填完整，请把“……”换成具体内容", field.label, quoted(&found)),
            Place::Text(field.target.clone()),
        ));
    }
    out
}

/// The phrase-bank entries with a `……` to fill, trimmed of their punctuation (`以……为抓手`).
fn phrase_bank_holes(template: &Template) -> Vec<String> {
    let mut guidance = vec![&template.intro];
    for section in &template.sections {
        guidance.push(&section.guidance);
        guidance.extend(section.cause_guidance.as_ref());
        guidance.extend(section.items.iter().map(|i| &i.guidance));
    }
    let mut out: Vec<String> = Vec::new();
    for phrase in guidance.iter().flat_map(|g| g.phrases.iter()) {
        let core = phrase.trim_matches(|c: char| c.is_whitespace() || "，。：；、,.:;".contains(c));
        if core.contains('…') && core.chars().any(is_han) && !out.iter().any(|p| p == core) {
            out.push(core.to_string());
        }
    }
    out
}

fn scan_unfilled(text: &str, bank: &[String]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for core in bank {
        for (start, m) in text.match_indices(core.as_str()) {
            covered.push((start, start + m.len()));
            if !found.contains(core) {
                found.push(core.clone());
            }
        }
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        if c != '…' || covered.iter().any(|&(s, e)| byte >= s && byte < e) {
            i += 1;
            continue;
        }
        let end = (i..chars.len()).find(|&j| chars[j].1 != '…').unwrap_or(chars.len());
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(end).map(|&(_, c)| c);
        let between_han = prev.is_some_and(is_han) && next.is_some_and(is_han);
        let in_quotes = prev == Some('“') && next == Some('”');
        if between_han || in_quotes {
            let from = i - 1;
            let token: String = chars[from..=end].iter().map(|&(_, c)| c).collect();
            if !found.contains(&token) {
                found.push(token);
            }
        }
        i = end;
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Years

/// A `YYYY年` in the text that contradicts the report year. Two shapes, chosen for few false
/// positives: the working-year opener (`2023年，…` at the start of a sentence) naming another
/// year, and a year just after the report year (the year the meeting is held, a common slip)
/// outside 下步打算. `2019年以来`, `到2027年`, `（2024—2026年）` and far targets like `2035年`
/// are context, not contradictions.
fn year_mismatch(fields: &[Field], year: Option<u32>) -> Vec<Diagnostic> {
    let Some(year) = year else { return Vec::new() };
    let mut out = Vec::new();
    for field in fields.iter().filter(|f| f.part != Part::Info) {
        let plans = field.part == Part::Plans;
        let rectification = field.part == Part::Rectification;
        let mut tokens: Vec<String> = Vec::new();
        for mention in year_mentions(field.text) {
            let other = mention.year != year;
            let flagged = if mention.opener {
                // 下步打算 is about next year (and later); 整改 is about last year's problems.
                other && !(plans && mention.year > year) && !(rectification && mention.year + 1 == year)
            } else {
                !plans && mention.year > year && mention.year <= year + 3 && !mention.ranged
            };
            if flagged && !tokens.contains(&mention.token) {
                tokens.push(mention.token);
            }
        }
        if tokens.is_empty() {
            continue;
        }
        out.push(diag(
            Severity::Warning,
            code::YEAR_MISMATCH,
            format!(
                "{}中的{}与述职年度 {year} 年不一致。如果是沿用往年的材料，请改成 {year} 年；如果年度填错了，请在基本信息中修改",
                field.label,
                quoted(&tokens)
            ),
            Place::Text(field.target.clone()),
        ));
    }
    out
}

struct YearMention {
    year: u32,
    /// What to quote: `2023年，` for openers, `2026年` otherwise.
    token: String,
    /// At the start of a sentence and followed by `，`: names the working year.
    opener: bool,
    /// Part of a range or a deadline (`到2027年`, `2024—2026年`, `2026年前`).
    ranged: bool,
}

fn year_mentions(text: &str) -> Vec<YearMention> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 < n {
        let digits = &chars[i..i + 4];
        let starts = i == 0 || !chars[i - 1].is_ascii_digit();
        if !(starts && digits.iter().all(|c| c.is_ascii_digit()) && chars[i + 4] == '年') {
            i += 1;
            continue;
        }
        let year: u32 = digits.iter().fold(0, |acc, c| acc * 10 + c.to_digit(10).unwrap_or(0));
        let mut after = i + 5;
        if chars.get(after) == Some(&'度') {
            after += 1;
        }
        let sentence_start = sentence_starts_before(&chars[..i]);
        let comma = matches!(chars.get(after), Some('，' | ','));
        let opener = sentence_start && comma;
        let before = i.checked_sub(1).map(|p| chars[p]);
        let rest: String = chars[i + 5..n.min(i + 8)].iter().collect();
        let ranged =
            before.is_some_and(|c| "到至—–-~～".contains(c)) || rest.starts_with('前') || rest.starts_with("底前") || rest.starts_with("以前");
        let end = if opener { after + 1 } else { i + 5 };
        out.push(YearMention { year, token: chars[i..end].iter().collect(), opener, ranged });
        i += 5;
    }
    out
}

/// Whether the text before a position ends a sentence or paragraph (opening quotes, brackets and
/// indentation aside).
fn sentence_starts_before(before: &[char]) -> bool {
    for &c in before.iter().rev() {
        if c == '\n' || "。！？；!?;".contains(c) {
            return true;
        }
        if !(c.is_whitespace() || matches!(c, '“' | '（' | '(')) {
            return false;
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Lengths

fn length_warning(what: String, n: usize, target: Option<LengthTarget>, place: Place) -> Option<Diagnostic> {
    let target = target?;
    let (min, max) = (target.min as usize, target.max as usize);
    let advice = if n < min {
        "可以再充实一些：用事例说话、用数据报账"
    } else if n > max {
        "可以适当精简"
    } else {
        return None;
    };
    Some(diag(Severity::Warning, code::LENGTH, format!("{what} {} 字，建议 {}–{} 字，{advice}", thousands(n), thousands(min), thousands(max)), place))
}

/// Whole report, 导语, each section and each suggested item against the template's targets — the
/// targets the wizard's counters show (`length::section_target`, `length::item_hint`), so the two
/// never disagree. Parts not yet written are skipped (the required-part rules speak about those),
/// and so is a section holding only titles: a new draft starts with the template's suggested titles.
/// 下步打算 over its share of the text is `plans_share`'s to say, once.
fn lengths(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sections = sections(draft, template);
    let has_prose = |items: &[Item]| items.iter().any(|i| !blank(&i.body) || !blank(&i.cause));
    let total = draft.written_chars();
    if !blank(&draft.intro) || sections.iter().any(|(_, items)| has_prose(items)) {
        out.extend(length_warning("全文".into(), total, template.length, Place::Report));
    }
    let intro = count_chars(&draft.intro);
    if intro > 0 {
        out.extend(length_warning("导语".into(), intro, template.intro.target, Place::Text(TextRef::Intro)));
    }
    for (spec, items) in sections {
        if !has_prose(items) {
            continue;
        }
        let n = length::section_chars(items, spec.kind);
        let over_share = spec.kind == SectionKind::Plans && length::plans_over_share(n, total, template);
        if !over_share {
            let what = format!("“{}”共", spec.heading);
            let target = length::section_target(draft, template, spec);
            out.extend(length_warning(what, n, target, Place::Section(spec.id.clone())));
        }
        for (index, item) in items.iter().enumerate() {
            let Some(target) = length::own_target(spec, item) else { continue };
            if blank(&item.body) {
                continue;
            }
            let what = format!("“{}”第{}条“{}”共", spec.heading, index + 1, item.title.trim());
            let place = Place::Text(TextRef::ItemBody { section: spec.id.clone(), item: item.id });
            out.extend(length_warning(what, length::item_chars(item, spec.kind), Some(target), place));
        }
    }
    out
}

/// 下步打算 over about a fifth of the text. Measured only once the report has some body
/// (half the template's minimum), so a draft written back to front is not nagged early.
fn plans_share(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let total = draft.written_chars();
    let mut out = Vec::new();
    for (spec, items) in sections(draft, template) {
        if spec.kind != SectionKind::Plans {
            continue;
        }
        let n = length::section_chars(items, spec.kind);
        // Decided on the rounded percentage the message shows, so it never says “22%” and complains.
        if !length::plans_over_share(n, total, template) {
            continue;
        }
        out.push(diag(
            Severity::Warning,
            code::PLANS_SHARE,
            format!(
                "“{}”共 {} 字，占全文 {} 字的 {}%，一般不超过五分之一左右，请精简到 {} 字以内",
                spec.heading,
                thousands(n),
                thousands(total),
                length::share_percent(n, total),
                // The counter's maximum (`length::section_target`): the two name one number.
                thousands(length::plans_cap(total - n))
            ),
            Place::Section(spec.id.clone()),
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Punctuation

fn half_width(fields: &[Field]) -> Vec<Diagnostic> {
    let mut per_field = Vec::new();
    let mut all_edits = Vec::new();
    for field in fields {
        let Some((value, marks)) = full_width(field.text) else {
            continue;
        };
        let shown: String = marks.iter().map(|c| format!("“{c}”")).collect();
        let edit = Edit::SetText { target: field.target.clone(), value };
        all_edits.push(edit.clone());
        per_field.push(Diagnostic {
            severity: Severity::Warning,
            code: code::HALF_WIDTH,
            message: format!("{}里有半角标点{shown}，中文里应使用全角标点", field.label),
            place: Place::Text(field.target.clone()),
            fix: Some(Fix { label: "改为全角标点".into(), edits: vec![edit] }),
        });
    }
    let mut out = Vec::new();
    if per_field.len() > 1 {
        out.push(Diagnostic {
            severity: Severity::Warning,
            code: code::HALF_WIDTH_ALL,
            message: format!("共有 {} 处文字用了半角标点，可以一次全部改为全角", per_field.len()),
            place: Place::Report,
            fix: Some(Fix { label: "全部改为全角标点".into(), edits: all_edits }),
        });
    }
    out.extend(per_field);
    out
}

// ---------------------------------------------------------------------------------------------
// Repetition

/// Sentences of a field, whitespace removed, split on `。！？；` and line breaks.
fn sentences(text: &str) -> Vec<String> {
    text.split(|c: char| "。！？；!?;\n".contains(c))
        .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .map(|s| s.trim_matches(|c: char| "，、：,:".contains(c)).to_string())
        .filter(|s| s.chars().count() >= REPEAT_MIN_CHARS)
        .collect()
}

/// The same sentence in two different places (copy-paste between sections): one warning per pair
/// of places, at the later one, naming the earlier.
fn repeated_sentences(fields: &[Field]) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (j, field) in fields.iter().enumerate().filter(|(_, f)| f.part != Part::Info) {
        let mut reported: Vec<usize> = Vec::new();
        for sentence in sentences(field.text) {
            match first_seen.get(&sentence) {
                Some(&i) if i != j && !reported.contains(&i) => {
                    reported.push(i);
                    let shown: String = sentence.chars().take(30).collect();
                    let more = if sentence.chars().count() > 30 { "……" } else { "" };
                    out.push(diag(
                        Severity::Warning,
                        code::REPEATED,
                        format!("{}与{}有一句相同的话：“{shown}{more}”。请删去或改写其中一处", field.label, fields[i].label),
                        Place::Text(field.target.clone()),
                    ));
                }
                Some(_) => {}
                None => {
                    first_seen.insert(sentence, j);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Facts

/// A number the user entered below the yearly minimum the template states (支部工作条例):
/// information only — the number may well be true, but reviewers will ask.
fn low_facts(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for fact in &template.facts {
        let (Some(min), Some(&value)) = (fact.min_per_year, draft.facts.get(&fact.key)) else {
            continue;
        };
        if value >= min {
            continue;
        }
        let (name, unit) = split_label(&fact.label);
        out.push(diag(
            Severity::Info,
            code::FACT_LOW,
            format!("{name}全年 {value} {unit}，按《中国共产党支部工作条例（试行）》等规定一般每年不少于 {min} {unit}。如属实可以忽略，否则请核对"),
            fact_place(&fact.key, draft, template),
        ));
    }
    out
}

/// `主题党日（次）` → (`主题党日`, `次`).
fn split_label(label: &str) -> (&str, &str) {
    match label.split_once('（') {
        Some((name, rest)) => (name, rest.trim_end_matches('）')),
        None => (label, ""),
    }
}

/// The item whose guidance prompts for the fact, so the wizard opens where the number is written.
fn fact_place(key: &str, draft: &Draft, template: &Template) -> Place {
    let prompting =
        template.sections.iter().find_map(|spec| spec.items.iter().find(|i| i.facts.iter().any(|f| f == key)).map(|item_spec| (spec, item_spec)));
    let Some((spec, item_spec)) = prompting else {
        return Place::Report;
    };
    let item = draft.section(&spec.id).and_then(|s| s.items.iter().find(|i| i.title.trim() == item_spec.title.trim()));
    match item {
        Some(item) => Place::Text(TextRef::ItemBody { section: spec.id.clone(), item: item.id }),
        None => Place::Section(spec.id.clone()),
    }
}
