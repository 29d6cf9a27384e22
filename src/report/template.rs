//! Report templates as data: the structure of one kind of report and the guidance for each part.
//!
//! Templates are JSON (see `templates/*.json`); the built-in ones are compiled in with
//! `include_str!`. `Template::from_json` parses and validates, and every error names the field.

use serde::{Deserialize, Serialize};

/// One kind of report (e.g. 抓基层党建工作述职报告).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Stable identifier stored in drafts, e.g. `dangjian-shuzhi`.
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

const BUILTIN_JSON: &[&str] = &[include_str!("../../templates/dangjian-shuzhi.json")];

/// The id of the template a first visit starts with.
pub const DEFAULT_TEMPLATE_ID: &str = "dangjian-shuzhi";

/// All templates compiled into the program. A broken built-in template is a build defect caught by
/// the tests, so it is skipped here rather than crashing the app.
pub fn builtin_templates() -> Vec<Template> {
    BUILTIN_JSON
        .iter()
        .filter_map(|json| Template::from_json(json).ok())
        .collect()
}

/// Looks a built-in template up by id.
pub fn builtin(id: &str) -> Option<Template> {
    builtin_templates().into_iter().find(|t| t.id == id)
}

/// The default template (抓基层党建工作述职报告).
pub fn default_template() -> Template {
    builtin(DEFAULT_TEMPLATE_ID)
        .or_else(|| builtin_templates().into_iter().next())
        .unwrap_or_else(Template::minimal)
}

impl Template {
    /// Parses and validates a template file.
    pub fn from_json(json: &str) -> Result<Template, TemplateError> {
        let template: Template = serde_json::from_str(json).map_err(|e| {
            TemplateError(format!(
                "模板文件无法读取（第 {} 行第 {} 列）：{}",
                e.line(),
                e.column(),
                explain_serde_error(&e.to_string())
            ))
        })?;
        template.validate()?;
        Ok(template)
    }

    /// The template as pretty JSON (what `shuzhi template show` prints).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks what serde cannot: non-empty names, unique ids, known keys.
    pub fn validate(&self) -> Result<(), TemplateError> {
        let err = |field: &str, why: &str| Err(TemplateError(format!("模板字段 {field}：{why}")));
        if self.id.trim().is_empty() {
            return err("id", "不能为空");
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
        for (i, field) in self.fields.iter().enumerate() {
            if field.key.trim().is_empty() {
                return err(&format!("fields[{i}].key"), "不能为空");
            }
            if self.fields[..i].iter().any(|f| f.key == field.key) {
                return err(&format!("fields[{i}].key"), &format!("“{}”重复", field.key));
            }
        }
        for key in placeholders(&self.title_pattern) {
            if !self.fields.iter().any(|f| f.key == key) {
                return err("title_pattern", &format!("引用了不存在的字段“{key}”"));
            }
        }
        for (i, section) in self.sections.iter().enumerate() {
            if section.id.trim().is_empty() {
                return err(&format!("sections[{i}].id"), "不能为空");
            }
            if self.sections[..i].iter().any(|s| s.id == section.id) {
                return err(&format!("sections[{i}].id"), &format!("“{}”重复", section.id));
            }
            if section.heading.trim().is_empty() {
                return err(&format!("sections[{i}].heading"), "不能为空");
            }
            if let (Some(min), Some(max)) = (section.min_items, section.max_items) {
                if min > max {
                    return err(&format!("sections[{i}].min_items"), "大于 max_items");
                }
            }
            for (j, item) in section.items.iter().enumerate() {
                for key in &item.facts {
                    if !self.facts.iter().any(|f| &f.key == key) {
                        return err(
                            &format!("sections[{i}].items[{j}].facts"),
                            &format!("引用了不存在的数据项“{key}”"),
                        );
                    }
                }
            }
        }
        for (i, fact) in self.facts.iter().enumerate() {
            if !fact.phrase.contains("{n}") {
                return err(&format!("facts[{i}].phrase"), "必须包含 {n}");
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

    /// Fallback used only if no built-in template parses (never in a tested build).
    fn minimal() -> Template {
        Template {
            id: "minimal".into(),
            name: "述职报告".into(),
            version: 1,
            title_pattern: "述职报告".into(),
            fields: Vec::new(),
            intro: Guidance::default(),
            sections: vec![SectionSpec {
                id: "body".into(),
                heading: "主要工作".into(),
                short: String::new(),
                kind: SectionKind::Items,
                required: true,
                min_items: None,
                max_items: None,
                cause_connector: None,
                guidance: Guidance::default(),
                cause_guidance: None,
                items: Vec::new(),
                title_suggestions: Vec::new(),
            }],
            closing: None,
            length: None,
            facts: Vec::new(),
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

/// Turns serde's English into a Chinese sentence that still names the field.
fn explain_serde_error(msg: &str) -> String {
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("缺少字段 {rest}");
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest);
        return format!("不认识的字段 {name}");
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let name = rest.split(',').next().unwrap_or(rest);
        return format!("取值 {name} 无效（kind 只能是 items、problems、plans）");
    }
    if msg.starts_with("invalid type") {
        return format!("类型不对：{msg}");
    }
    if msg.starts_with("EOF") {
        return "文件不完整（JSON 提前结束）".into();
    }
    format!("JSON 格式错误：{msg}")
}
