//! Report templates as data: the structure of one kind of report and the guidance for each part.
//!
//! Templates are JSON (see `templates/*.json`); the built-in ones are compiled in with
//! `include_str!`. `Template::from_json` parses and validates, and every error names the field.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::chars::{is_bidi_control, is_noncharacter};

/// The usual words joining a problem to its cause (`以上问题的原因主要是：` and its variants): the
/// importer splits problems from causes on them, and the outline prints a cause that starts with
/// one without adding the template's connector again.
pub const CAUSE_CONNECTORS: &[&str] = &[
    "产生以上问题的原因主要有：",
    "以上问题产生的原因主要有：",
    "产生这些问题的原因主要是：",
    "产生这些问题的原因主要有：",
    "问题产生的原因主要有：",
    "原因主要有：",
    "主要原因是：",
    "主要原因是",
    "原因主要是",
    "分析原因，",
    "究其根源，",
    "以上问题的原因主要是：",
    "以上问题的原因主要是:",
    "以上问题产生的原因主要是：",
    "产生以上问题的原因主要是：",
    "产生问题的原因主要是：",
    "产生问题的原因：",
    "产生问题的原因:",
    "问题产生的原因：",
    "存在问题的原因：",
    "主要原因是：",
    "原因主要是：",
    "原因主要是:",
    "原因分析：",
    "原因分析:",
    "究其原因，",
    "究其原因：",
    "究其原因,",
];

/// A template file larger than this is refused before it is parsed, wherever it comes from (a
/// file, the portal, storage, a backup): the built-in ones are ≈ 10 KB.
pub const TEMPLATE_MAX_BYTES: usize = 1024 * 1024;

/// How much a template may hold. Far above any real report (the built-in templates have at most
/// 5 sections, 4 fields, 14 facts, 4 items a section and 7 phrases a part), and low enough that
/// every screen, check and export stays instant with the largest template allowed.
pub mod budget {
    pub const SECTIONS: usize = 50;
    pub const FIELDS: usize = 50;
    pub const FACTS: usize = 100;
    /// Suggested items in one section.
    pub const ITEMS: usize = 50;
    /// Phrases of one part, title suggestions of one section.
    pub const LIST: usize = 200;
    pub const NAME_CHARS: usize = 100;
    pub const TITLE_CHARS: usize = 200;
    pub const HEADING_CHARS: usize = 100;
}

/// One kind of report (e.g. 抓基层党建工作述职报告).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The JSON Schema a hand-written file names for its editor (`templates/template.schema.json`);
    /// accepted and ignored, so a file written with editor support still loads.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Stable identifier stored in drafts, e.g. `dangjian-shuzhi`: English letters, digits, `-`
    /// and `_` (it becomes part of a storage key and of file names).
    pub id: String,
    /// Name shown to the user.
    pub name: String,
    /// Incremented whenever the structure changes; drafts remember the version they were made with.
    pub version: u32,
    /// Title with `{key}` placeholders naming basic-information fields, e.g. `{year}年度{org}抓基层党建工作述职报告`.
    pub title_pattern: String,
    /// Basic information asked for on the first step.
    pub fields: Vec<FieldSpec>,
    /// The opening paragraph (导语).
    pub intro: Guidance,
    /// The numbered sections (一、二、三、…).
    pub sections: Vec<SectionSpec>,
    /// The optional closing line, e.g. `特此报告，请予评议。`.
    #[serde(default)]
    pub closing: Option<ClosingSpec>,
    /// Soft length of the whole report, in characters written.
    #[serde(default)]
    pub length: Option<LengthTarget>,
    /// Numeric facts worth prompting for, composed into a sentence the user can insert.
    #[serde(default)]
    pub facts: Vec<FactSpec>,
}

/// A basic-information field (年度, 单位 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub hint: String,
    #[serde(default)]
    pub placeholder: String,
    #[serde(default)]
    pub required: bool,
    /// `year` fields are checked against years written in the text.
    #[serde(default)]
    pub kind: FieldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    #[default]
    Text,
    Year,
}

/// Help for one part: what to write, an example from a real report, phrases, a target length.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    #[serde(default)]
    pub hint: String,
    #[serde(default)]
    pub example: String,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub target: Option<LengthTarget>,
}

/// A soft length range in characters (whitespace not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LengthTarget {
    pub min: u32,
    pub max: u32,
}

/// How the items of a section are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// `N.标题。正文…`
    Items,
    /// `N.问题标题。表现…以上问题的原因主要是：原因…`: each item pairs a problem with its cause.
    Problems,
    /// `N.实施“党建＋X”，目标。正文…`; checked against the 1/5 share of the whole text.
    Plans,
}

/// One numbered section (一、主要工作情况 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// Stable identifier, e.g. `work`, `problems`, `plans`.
    pub id: String,
    /// Heading text without its number, e.g. `主要工作情况`.
    pub heading: String,
    /// Short name for the wizard's step list.
    #[serde(default)]
    pub short: String,
    pub kind: SectionKind,
    #[serde(default = "default_true")]
    pub required: bool,
    /// Fewest and most items reviewers expect (e.g. 3–5 problems).
    #[serde(default)]
    pub min_items: Option<u32>,
    #[serde(default)]
    pub max_items: Option<u32>,
    /// For `problems`: the words joining a problem to its cause.
    #[serde(default)]
    pub cause_connector: Option<String>,
    pub guidance: Guidance,
    /// Guidance for the cause field of `problems` items.
    #[serde(default)]
    pub cause_guidance: Option<Guidance>,
    /// Items a new draft starts with (titles editable).
    #[serde(default)]
    pub items: Vec<ItemSpec>,
    /// Other titles to offer when the user adds an item.
    #[serde(default)]
    pub title_suggestions: Vec<String>,
    /// Marks the section that reports on last year's problems (上年度问题整改情况 as a part of its
    /// own), so next year's report and a template switch can find it. At most one per template.
    #[serde(default)]
    pub rectification: bool,
}

/// A suggested item of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    pub title: String,
    #[serde(default)]
    pub guidance: Guidance,
    /// Keys of `Template::facts` to prompt for in this item.
    #[serde(default)]
    pub facts: Vec<String>,
    /// Marks the item that reports on last year's problems (上年度问题整改).
    #[serde(default)]
    pub rectification: bool,
}

/// A numeric fact, e.g. 集体学习 → `开展集体政治理论学习{n}次`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactSpec {
    pub key: String,
    pub label: String,
    /// Clause with `{n}` for the number, joined with `，` after `全年共`.
    pub phrase: String,
    /// A yearly minimum the 支部工作条例 implies, for a plausibility hint.
    #[serde(default)]
    pub min_per_year: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosingSpec {
    pub text: String,
    #[serde(default)]
    pub default_on: bool,
}

fn default_true() -> bool {
    true
}

/// Why a template file was refused, in Chinese, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

/// The built-in templates; the first is the default. Adding a file here adds a report kind: the
/// wizard's steps, the check and the exports all follow the template.
/// Each with its id, so that a template is parsed only when first asked for: start-up reads just
/// the open draft's (tests keep the ids equal to the files').
pub const BUILTIN_JSON: [(&str, &str); 5] = [
    ("dangjian-shuzhi", include_str!("../../templates/dangjian-shuzhi.json")),
    ("zhibu-shuji-shuzhi", include_str!("../../templates/zhibu-shuji-shuzhi.json")),
    ("shuzhi-shulian", include_str!("../../templates/shuzhi-shulian.json")),
    ("zuzhi-shenghuohui", include_str!("../../templates/zuzhi-shenghuohui.json")),
    ("geren-shuzhi", include_str!("../../templates/geren-shuzhi.json")),
];

/// The id of the template a first visit starts with.
pub const DEFAULT_TEMPLATE_ID: &str = "dangjian-shuzhi";

/// All templates compiled into the program. A broken built-in template is a build defect caught by
/// the tests, so it is skipped here rather than crashing the app.
pub fn builtin_templates() -> Vec<Template> {
    (0..BUILTIN_JSON.len()).filter_map(parsed_builtin).cloned().collect()
}

/// Looks a built-in template up by id.
pub fn builtin(id: &str) -> Option<Template> {
    BUILTIN_JSON.iter().position(|(known, _)| *known == id).and_then(parsed_builtin).cloned()
}

/// Whether `id` names a built-in template (without parsing it).
pub fn is_builtin(id: &str) -> bool {
    BUILTIN_JSON.iter().any(|(known, _)| *known == id)
}

/// The built-in template at `index`, parsed once (lists of drafts and backups ask for it per
/// draft); `None` if its text does not read or carries another id. Read without `from_json`'s
/// checks: they are for files from outside, and tests/template.rs runs them on every built-in
/// text; skipping them (a second parse into a JSON tree, a path per text) shortens start-up.
fn parsed_builtin(index: usize) -> Option<&'static Template> {
    static PARSED: [std::sync::OnceLock<Option<Template>>; BUILTIN_JSON.len()] = [const { std::sync::OnceLock::new() }; BUILTIN_JSON.len()];
    let (id, json) = BUILTIN_JSON.get(index)?;
    if !text_in_memory(json) {
        if let Some(bring) = TEXTS_SOURCE.get() {
            bring();
        }
        if !text_in_memory(json) {
            return None; // not cached: the next call asks again
        }
    }
    PARSED.get(index)?.get_or_init(|| serde_json::from_str::<Template>(json).ok().filter(|t| t.id == *id)).as_ref()
}

/// What brings the built-in templates' texts into memory when they are not there yet; see
/// `set_texts_source`.
static TEXTS_SOURCE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// In the web app, the texts of the built-in templates other than the default are not in the
/// first download: the build moves their bytes into the second half of the app's code
/// (scripts/split-wasm.mjs, 8.5 KB gzip less before the first step shows), which writes them into
/// memory when it is instantiated. Until then they read as zeros. The app sets `bring` to load
/// the second half at once; the CLI, the lazy part and the tests always have every text.
pub fn set_texts_source(bring: fn()) {
    // A second call would set the same function: ignoring it is right.
    let _ = TEXTS_SOURCE.set(bring);
}

/// Whether a built-in template's text is in memory (its first byte is `{`, never a zero).
fn text_in_memory(json: &'static str) -> bool {
    // black_box: the compiler knows these bytes when it builds, and would fold the test to
    // `true`; in the web app they are read from memory the second half may not have filled yet.
    std::hint::black_box(json.as_bytes()).first().is_some_and(|byte| *byte != 0)
}

/// The default template (抓基层党建工作述职报告).
pub fn default_template() -> Template {
    builtin(DEFAULT_TEMPLATE_ID)
        .or_else(|| builtin_templates().into_iter().next())
        .unwrap_or_else(Template::minimal)
}

impl Template {
    /// Parses and validates a template file (at most `TEMPLATE_MAX_BYTES`).
    pub fn from_json(json: &str) -> Result<Template, TemplateError> {
        Self::parse(json, |e| parse_error(json, e))
    }

    /// The same checks as `from_json`, but a file that is not a template is named only by the
    /// position where reading stopped. For texts that passed `from_json` before (built-in and
    /// stored templates, a portal's template): the app's first load then carries neither the
    /// explaining tables nor a deserialiser per template part; the lazy part (and the CLI) explain.
    pub fn from_json_brief(json: &str) -> Result<Template, TemplateError> {
        Self::parse(json, |e| brief_parse_error(json, e))
    }

    fn parse(json: &str, explain: impl Fn(&serde_json::Error) -> TemplateError) -> Result<Template, TemplateError> {
        if json.len() > TEMPLATE_MAX_BYTES {
            return Err(TemplateError(format!(
                "模板文件太大（{} KB），上限 {} KB：模板一般只有几十 KB，请检查是否选错了文件",
                json.len().div_ceil(1024),
                TEMPLATE_MAX_BYTES / 1024
            )));
        }
        let template: Template = serde_json::from_str(json).map_err(|e| explain(&e))?;
        template.validate()?;
        // It parsed as a template, so it parses as JSON.
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(json) {
            check_texts(&value)?;
        }
        Ok(template)
    }

    /// The template as pretty JSON (what `shuzhi template show` prints).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks what serde cannot: sizes within budget, non-empty names, unique ids, known keys.
    /// Linear in the size of the template (sets, not rescans), so even a hostile file is answered
    /// at once. (`from_json` also checks every text for control characters.)
    pub fn validate(&self) -> Result<(), TemplateError> {
        self.validate_budgets()?;
        let err = |field: &str, why: &str| Err(TemplateError(format!("模板字段 {field}：{why}")));
        if self.id.trim().is_empty() {
            return err("id", "不能为空");
        }
        if !is_valid_template_id(&self.id) {
            return err("id", &format!("“{}”无效：只能由英文字母、数字、“-”和“_”组成，最长 64 个字符，如“my-report”", self.id));
        }
        if self.name.trim().is_empty() {
            return err("name", "不能为空");
        }
        if self.title_pattern.trim().is_empty() {
            return err("title_pattern", "不能为空");
        }
        if self.sections.is_empty() {
            return err("sections", "至少需要一个部分");
        }
        let mut field_keys = HashSet::new();
        for (i, field) in self.fields.iter().enumerate() {
            if field.key.trim().is_empty() {
                return err(&format!("fields[{i}].key"), "不能为空");
            }
            if !field_keys.insert(field.key.as_str()) {
                return err(&format!("fields[{i}].key"), &format!("“{}”重复", field.key));
            }
        }
        // `placeholders` stops at an unclosed brace; say so instead of printing `{year年度` later.
        if self.title_pattern.matches('{').count() != self.title_pattern.matches('}').count() {
            return err("title_pattern", "花括号“{”“}”不配对，字段名应写成 {year} 这样");
        }
        for key in placeholders(&self.title_pattern) {
            if !field_keys.contains(key.as_str()) {
                let known: Vec<&str> = self.fields.iter().map(|f| f.key.as_str()).collect();
                return err("title_pattern", &format!("引用了不存在的字段“{key}”（fields 中有：{}）", known.join("、")));
            }
        }
        let targets = std::iter::once(("length".to_string(), self.length))
            .chain(std::iter::once(("intro.target".to_string(), self.intro.target)))
            .chain(self.sections.iter().enumerate().flat_map(|(i, s)| {
                std::iter::once((format!("sections[{i}].guidance.target"), s.guidance.target)).chain(
                    s.items.iter().enumerate().map(move |(j, item)| {
                        (format!("sections[{i}].items[{j}].guidance.target"), item.guidance.target)
                    }),
                )
            }));
        for (path, target) in targets {
            if let Some(t) = target.filter(|t| t.min > t.max) {
                return err(&path, &format!("min（{}）大于 max（{}）", t.min, t.max));
            }
        }
        let fact_keys: HashSet<&str> = self.facts.iter().map(|f| f.key.as_str()).collect();
        let mut section_ids = HashSet::new();
        let mut rectification_seen = false;
        for (i, section) in self.sections.iter().enumerate() {
            if section.rectification && section.kind != SectionKind::Items {
                return err(&format!("sections[{i}].rectification"), "上年度问题整改部分的 kind 应为 items（逐条写整改情况）");
            }
            if section.rectification && rectification_seen {
                return err(&format!("sections[{i}].rectification"), "只能有一个部分标记为上年度问题整改（rectification）");
            }
            rectification_seen |= section.rectification;
            if section.id.trim().is_empty() {
                return err(&format!("sections[{i}].id"), "不能为空");
            }
            if !section_ids.insert(section.id.as_str()) {
                return err(&format!("sections[{i}].id"), &format!("“{}”重复", section.id));
            }
            if section.heading.trim().is_empty() {
                return err(&format!("sections[{i}].heading"), "不能为空");
            }
            if let (Some(min), Some(max)) = (section.min_items, section.max_items) {
                if min > max {
                    return err(&format!("sections[{i}].min_items"), &format!("{min} 大于 max_items（{max}）"));
                }
            }
            for (j, item) in section.items.iter().enumerate() {
                if let Some(key) = item.facts.iter().find(|key| !fact_keys.contains(key.as_str())) {
                    return err(&format!("sections[{i}].items[{j}].facts"), &format!("引用了不存在的数据项“{key}”"));
                }
            }
        }
        let mut seen_facts = HashSet::new();
        for (i, fact) in self.facts.iter().enumerate() {
            if fact.key.trim().is_empty() {
                return err(&format!("facts[{i}].key"), "不能为空");
            }
            if !seen_facts.insert(fact.key.as_str()) {
                return err(&format!("facts[{i}].key"), &format!("“{}”重复", fact.key));
            }
            if !fact.phrase.contains("{n}") {
                return err(&format!("facts[{i}].phrase"), "必须包含 {n}，表示填入数字的位置，如“开展集体学习{n}次”");
            }
        }
        Ok(())
    }

    /// Counts and lengths within `budget`: every screen, check and export walks the template,
    /// so a template far beyond any real report would make each keystroke slow.
    fn validate_budgets(&self) -> Result<(), TemplateError> {
        let mut counts = vec![
            ("fields".to_string(), self.fields.len(), budget::FIELDS),
            ("sections".to_string(), self.sections.len(), budget::SECTIONS),
            ("facts".to_string(), self.facts.len(), budget::FACTS),
            ("intro.phrases".to_string(), self.intro.phrases.len(), budget::LIST),
        ];
        let mut lengths = vec![("name".to_string(), &self.name, budget::NAME_CHARS), ("title_pattern".to_string(), &self.title_pattern, budget::TITLE_CHARS)];
        for (i, s) in self.sections.iter().take(budget::SECTIONS).enumerate() {
            lengths.push((format!("sections[{i}].heading"), &s.heading, budget::HEADING_CHARS));
            counts.push((format!("sections[{i}].items"), s.items.len(), budget::ITEMS));
            counts.push((format!("sections[{i}].title_suggestions"), s.title_suggestions.len(), budget::LIST));
            counts.push((format!("sections[{i}].guidance.phrases"), s.guidance.phrases.len(), budget::LIST));
            let cause_phrases = s.cause_guidance.as_ref().map_or(0, |g| g.phrases.len());
            counts.push((format!("sections[{i}].cause_guidance.phrases"), cause_phrases, budget::LIST));
            for (j, item) in s.items.iter().take(budget::ITEMS).enumerate() {
                counts.push((format!("sections[{i}].items[{j}].guidance.phrases"), item.guidance.phrases.len(), budget::LIST));
                counts.push((format!("sections[{i}].items[{j}].facts"), item.facts.len(), budget::FACTS));
            }
        }
        if let Some((field, n, max)) = counts.into_iter().find(|(_, n, max)| n > max) {
            return Err(TemplateError(format!("模板字段 {field}：太多（{n} 项），最多 {max} 项；真实的报告远用不了这么多，请检查文件")));
        }
        for (field, text, max) in lengths {
            let n = text.chars().count();
            if n > max {
                return Err(TemplateError(format!("模板字段 {field}：太长（{n} 个字），最多 {max} 个字")));
            }
        }
        Ok(())
    }

    pub fn section(&self, id: &str) -> Option<&SectionSpec> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn fact(&self, key: &str) -> Option<&FactSpec> {
        self.facts.iter().find(|f| f.key == key)
    }

    /// The section on last year's problems when the template has one of its own (see
    /// `SectionSpec::rectification`; the default template has an item of 一 instead).
    pub fn rectification_section(&self) -> Option<&SectionSpec> {
        self.sections.iter().find(|s| s.rectification)
    }

    /// Fallback used only if no built-in template parses (never in a tested build).
    fn minimal() -> Template {
        Template {
            schema: None,
            id: "minimal".into(),
            name: "述职报告".into(),
            version: 1,
            title_pattern: "述职报告".into(),
            fields: Vec::new(),
            intro: Guidance::default(),
            sections: vec![SectionSpec::plain("body", "主要工作", SectionKind::Items, true)],
            closing: None,
            length: None,
            facts: Vec::new(),
        }
    }
}

/// No control characters (other than line breaks and tabs in the longer texts) and no
/// bidirectional controls in any string of a template file: its name and headings must display as
/// they are stored (an override makes “告报职述” show as “述职报告”), and its texts are printed in
/// every export. Walks the file's JSON, so the error names the first bad string's path
/// (`sections[1].heading`) without code for every field.
fn check_texts(root: &serde_json::Value) -> Result<(), TemplateError> {
    use serde_json::Value;
    // Depth-first, keys in order; serde_json has already bounded the nesting.
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), root)];
    while let Some((path, value)) = stack.pop() {
        match value {
            Value::String(text) => {
                // Line breaks belong in hints, examples, phrases and placeholders.
                let last = path.rsplit('.').next().unwrap_or("");
                let multiline = ["hint", "example", "phrases", "placeholder"].iter().any(|key| last.starts_with(key));
                if let Some(why) = text_problem(text, multiline) {
                    return Err(TemplateError(format!("模板字段 {path}：{why}")));
                }
            }
            Value::Array(items) => stack.extend(items.iter().enumerate().rev().map(|(i, v)| (format!("{path}[{i}]"), v))),
            Value::Object(fields) => {
                let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
                stack.extend(fields.iter().rev().map(|(key, v)| (join(key), v)));
            }
            _ => {}
        }
    }
    Ok(())
}

/// What is wrong with one of a template's texts, if anything (see `check_texts`).
fn text_problem(text: &str, multiline: bool) -> Option<String> {
    let code = |c: char| format!("U+{:04X}", u32::from(c));
    if let Some(c) = text.chars().find(|&c| is_bidi_control(c)) {
        return Some(format!(
            "含有改变文字显示方向的控制字符（{}），显示出来的文字会与实际内容不同，请删除",
            code(c)
        ));
    }
    let allowed = |c: char| multiline && matches!(c, '\n' | '\t');
    if let Some(c) = text.chars().find(|&c| (c.is_control() && !allowed(c)) || is_noncharacter(c)) {
        let what = if matches!(c, '\n' | '\r') { "换行" } else { "不可见的控制字符" };
        return Some(format!("含有{what}（{}），请删除", code(c)));
    }
    None
}

/// Template ids name storage keys (`shuzhi.template.<id>`) and appear in URLs and file names, so
/// they are kept to a safe alphabet.
pub fn is_valid_template_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl SectionSpec {
    /// A section with no guidance, suggestions or limits (fallbacks and synthesized templates).
    pub fn plain(id: &str, heading: &str, kind: SectionKind, required: bool) -> SectionSpec {
        SectionSpec {
            id: id.into(),
            heading: heading.into(),
            short: String::new(),
            kind,
            required,
            min_items: None,
            max_items: None,
            cause_connector: None,
            guidance: Guidance::default(),
            cause_guidance: None,
            items: Vec::new(),
            title_suggestions: Vec::new(),
            rectification: false,
        }
    }
}

/// The `{key}` names inside a title pattern.
pub fn placeholders(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// Where a template text stopped reading, without serde's English (see `from_json_brief`).
fn brief_parse_error(json: &str, e: &serde_json::Error) -> TemplateError {
    TemplateError(if json.trim().is_empty() {
        "模板文件是空的".into()
    } else {
        format!("模板文件有误（第 {} 行第 {} 列）：不是本程序能读的模板", e.line(), e.column())
    })
}

/// Turns serde's English into a Chinese sentence with the position and, for data errors, the path
/// of the field (`sections[1].kind`), which serde_json alone does not give.
fn parse_error(json: &str, e: &serde_json::Error) -> TemplateError {
    use serde_json::error::Category;
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let at = format!("第 {} 行第 {} 列", e.line(), e.column());
    TemplateError(match e.classify() {
        Category::Eof if json.trim().is_empty() => "模板文件是空的".into(),
        Category::Eof => format!("模板文件不完整：JSON 在第 {} 行提前结束，可能没有复制全", e.line()),
        Category::Syntax | Category::Io => format!("模板文件不是有效的 JSON（{at}）：{}", explain_syntax(&msg)),
        Category::Data => {
            let root: Option<serde_json::Value> = serde_json::from_str(json).ok();
            match root.as_ref() {
                Some(root) if !root.is_object() => "模板文件的最外层应为对象（{…}）".into(),
                Some(root) => {
                    let line = json.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
                    format!("模板文件有误（{at}）：{}", explain_data(&msg, root, line))
                }
                None => format!("模板文件有误（{at}）：{msg}"),
            }
        }
    })
}

fn explain_syntax(msg: &str) -> String {
    let known: [(&str, &str); 10] = [
        ("expected `,` or `}`", "缺少逗号“,”或右花括号“}”"),
        ("expected `,` or `]`", "缺少逗号“,”或右方括号“]”"),
        ("expected `:`", "字段名后缺少冒号“:”"),
        ("key must be a string", "字段名必须用英文双引号括起来（也可能是多了一个逗号）"),
        ("trailing comma", "多了一个逗号"),
        ("trailing characters", "JSON 结束后还有多余的内容"),
        ("expected value", "这里缺少一个值（可能是多了逗号，或文字没有加引号）"),
        ("expected ident", "这里应为 true、false 或 null"),
        ("control character", "文字中有未转义的控制字符（例如直接换行），换行请写成 \\n"),
        ("invalid escape", "文字中有无效的反斜杠转义"),
    ];
    known
        .iter()
        .find(|(en, _)| msg.starts_with(en))
        .map(|(_, zh)| zh.to_string())
        .unwrap_or_else(|| msg.to_string())
}

/// `missing field`, `unknown field`, `unknown variant`, `invalid type/value` with the field's path.
/// `line` is the source line of the error, to pick the key among several with the same value.
fn explain_data(msg: &str, root: &serde_json::Value, line: &str) -> String {
    let object_path = locate(root, msg);
    let object = lookup(root, &object_path);
    let prefix = |path: &str| if path.is_empty() { String::new() } else { format!("{path} ") };
    let join = |parent: &str, key: &str| if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") };
    let quoted = |s: &str| s.trim_matches('`').to_string();
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("{}缺少字段“{}”", prefix(&object_path), quoted(rest));
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (name, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ").replace('`', "");
        // `$schema` is accepted for editors' sake but is not a field worth suggesting.
        let expected = expected.split(", ").filter(|f| *f != "$schema").collect::<Vec<_>>().join("、");
        let hint = if expected.is_empty() { String::new() } else { format!("（可用的字段：{expected}）") };
        return format!("{}有不认识的字段“{}”{hint}", prefix(&object_path), quoted(name));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let value = quoted(value);
        let expected = expected.trim_start_matches("one of ").replace("` or `", " 或 ").replace('`', "").replace(", ", "、");
        let key = object.and_then(|o| key_with(o, line, |v| v.as_str() == Some(value.as_str())));
        let path = key.map(|k| join(&object_path, &k)).unwrap_or(object_path.clone());
        return format!("{} 的取值“{value}”无效，只能是 {expected}", if path.is_empty() { "字段".into() } else { path });
    }
    let invalid = msg.strip_prefix("invalid type: ").or_else(|| msg.strip_prefix("invalid value: "));
    if let Some(rest) = invalid {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let key = object.and_then(|o| key_with(o, line, |v| json_matches(v, got)));
        let path = key.map(|k| join(&object_path, &k)).unwrap_or(object_path.clone());
        let path = if path.is_empty() { "字段".to_string() } else { path };
        return format!("{path} 应为{}，现在是{}", spaced(&describe_expected(expected)), spaced(&describe_got(got)));
    }
    format!("{}{msg}", prefix(&object_path))
}

/// The path of the innermost template part whose own deserialisation fails with `msg`, or `""`
/// for the top level. Parts are tried in turn; matching the message picks the right one even when
/// a file has several mistakes.
fn locate(root: &serde_json::Value, msg: &str) -> String {
    use serde::de::DeserializeOwned;
    use serde_json::Value;
    // Through the part's text rather than `from_value`: the text deserializers of these types
    // are in the program already (`from_json`), a second set for `Value` would only add size.
    fn fails_with<T: DeserializeOwned>(v: &Value, msg: &str) -> bool {
        serde_json::from_str::<T>(&v.to_string()).err().is_some_and(|e| e.to_string().split(" at line ").next() == Some(msg))
    }
    fn guidance(path: String, g: &Value, msg: &str) -> Option<String> {
        if g.get("target").is_some_and(|t| fails_with::<LengthTarget>(t, msg)) {
            return Some(format!("{path}.target"));
        }
        fails_with::<Guidance>(g, msg).then_some(path)
    }
    let array = |key: &str| root.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    for (i, f) in array("fields").iter().enumerate() {
        if fails_with::<FieldSpec>(f, msg) {
            return format!("fields[{i}]");
        }
    }
    if let Some(found) = root.get("intro").and_then(|g| guidance("intro".into(), g, msg)) {
        return found;
    }
    for (i, s) in array("sections").iter().enumerate() {
        let path = format!("sections[{i}]");
        for key in ["guidance", "cause_guidance"] {
            if let Some(found) = s.get(key).and_then(|g| guidance(format!("{path}.{key}"), g, msg)) {
                return found;
            }
        }
        let items = s.get("items").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        for (j, item) in items.iter().enumerate() {
            let item_path = format!("{path}.items[{j}]");
            if let Some(found) = item.get("guidance").and_then(|g| guidance(format!("{item_path}.guidance"), g, msg)) {
                return found;
            }
            if fails_with::<ItemSpec>(item, msg) {
                return item_path;
            }
        }
        if fails_with::<SectionSpec>(s, msg) {
            return path;
        }
    }
    for (i, f) in array("facts").iter().enumerate() {
        if fails_with::<FactSpec>(f, msg) {
            return format!("facts[{i}]");
        }
    }
    if root.get("closing").is_some_and(|c| !c.is_null() && fails_with::<ClosingSpec>(c, msg)) {
        return "closing".into();
    }
    if root.get("length").is_some_and(|l| !l.is_null() && fails_with::<LengthTarget>(l, msg)) {
        return "length".into();
    }
    String::new()
}

/// The value at a path produced by `locate` (`sections[1].items[0].guidance`).
fn lookup<'a>(root: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut value = root;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        value = value.get(key)?;
        if let Some(i) = index {
            value = value.get(i)?;
        }
    }
    Some(value)
}

/// The key of an object whose value satisfies `pred`, preferring one written on the error's line.
fn key_with(object: &serde_json::Value, line: &str, pred: impl Fn(&serde_json::Value) -> bool) -> Option<String> {
    let candidates: Vec<&String> = object.as_object()?.iter().filter(|(_, v)| pred(v)).map(|(k, _)| k).collect();
    let on_line = candidates.iter().find(|k| line.contains(&format!("\"{k}\"")));
    on_line.or(candidates.first()).map(|k| k.to_string())
}

/// Latin text inside a Chinese sentence gets a space before it (`应为 true 或 false`).
fn spaced(text: &str) -> String {
    match text.chars().next() {
        Some(c) if c.is_ascii() => format!(" {text}"),
        _ => text.to_string(),
    }
}

/// Whether a JSON value is what serde describes as the unexpected `got` (`string "1"`, `map` …).
fn json_matches(v: &serde_json::Value, got: &str) -> bool {
    use serde_json::Value;
    if let Some(text) = got.strip_prefix("string ") {
        return v.as_str().is_some_and(|s| serde_json::to_string(s).ok().as_deref() == Some(text));
    }
    let literal = got.split('`').nth(1).unwrap_or("");
    match v {
        Value::Object(_) => got == "map",
        Value::Array(_) => got == "sequence",
        Value::Null => got == "null" || got == "unit",
        Value::Bool(b) => got.starts_with("boolean") && literal == b.to_string(),
        Value::Number(n) => (got.starts_with("integer") || got.starts_with("floating")) && literal == n.to_string(),
        Value::String(_) => false,
    }
}

fn describe_expected(expected: &str) -> String {
    match expected {
        "u32" | "u64" | "usize" | "u8" | "u16" => "非负整数".into(),
        "a string" => "文字（加英文双引号）".into(),
        "a boolean" => "true 或 false".into(),
        "a sequence" => "数组（[…]）".into(),
        "a map" => "对象（{…}）".into(),
        other if other.starts_with("struct ") => "对象（{…}）".into(),
        other => other.replace('`', ""),
    }
}

fn describe_got(got: &str) -> String {
    if let Some(text) = got.strip_prefix("string ") {
        return format!("文字“{}”", text.trim_matches('"'));
    }
    match got {
        "map" => "对象".into(),
        "sequence" => "数组".into(),
        "null" | "unit" => "null".into(),
        other => other.split('`').nth(1).unwrap_or(other).to_string(),
    }
}
