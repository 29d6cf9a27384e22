//! The portal's settings for new reports (config.json and the page's query, read by the loader):
//! which template a new report uses, the 单位 and 年度 it starts with, and what could not be used.
//!
//! The parsing and validation of the settings are the core's (`report::config`); this module
//! decides what they mean for the app and stays testable natively. The browser adapter hands it
//! what the loader fetched (`Boot`).

use crate::report::config::{self, Config, Json, JsonReadError};
use crate::report::{apply, builtin, default_template, is_builtin, Draft, Edit, Template, TextRef};

/// What the loader (assets/app.js) fetched before the app started.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Boot {
    /// config.json, parsed by the browser (`Err`: it was not JSON, or too large).
    pub config: Option<Result<Json, JsonReadError>>,
    /// config.json could not be fetched (the loader's words).
    pub config_error: Option<String>,
    /// The template address the loader fetched, its text, and why it failed when it did.
    pub template_url: Option<String>,
    pub template: Option<String>,
    pub template_error: Option<String>,
    /// The page's query string (`?org=…`).
    pub search: String,
    /// `location.origin` (also inside a sandbox, where the document's own origin is `null`).
    pub own_origin: String,
}

/// The portal configuration of this page load.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Portal {
    pub config: Config,
    /// The portal's own template (`templateUrl`), when its file could be used.
    pub template: Option<Template>,
    /// What could not be used, for the portal's administrator.
    pub warnings: Vec<PortalWarning>,
    pub own_origin: String,
}

/// A setting that could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum PortalWarning {
    /// The core's words about one setting (config.json or the query).
    Setting(String),
    /// config.json could not be fetched.
    ConfigUnreadable(String),
    /// The portal's template file can't be used; new reports use `fallback` (its name).
    Template { url: String, why: TemplateProblem, fallback: String },
}

/// Why the portal's template file can't be used.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateProblem {
    /// The loader fetched another address (or none).
    NotFetched,
    /// The address is on another site.
    CrossOrigin,
    /// The server answered with this HTTP status.
    Http(String),
    /// The download failed (the browser's words).
    Download(String),
    Empty,
    /// The file is not a valid template (the reader's field-naming words).
    Invalid(String),
    /// Its id is a built-in template's.
    BuiltinId(String),
}

impl Portal {
    /// Reads what the loader fetched.
    pub fn read(boot: Boot) -> Portal {
        let mut warnings = Vec::new();
        let (file, file_warnings) = match boot.config.clone() {
            Some(parsed) => config::parse_file(parsed, &boot.own_origin),
            None => (Config::default(), Vec::new()),
        };
        if let Some(why) = boot.config_error.clone() {
            warnings.push(PortalWarning::ConfigUnreadable(why));
        }
        warnings.extend(file_warnings.into_iter().map(PortalWarning::Setting));
        let (query, query_warnings) = config::parse_query(&boot.search, &boot.own_origin);
        warnings.extend(query_warnings.into_iter().map(PortalWarning::Setting));
        let config = Config::merged(file, query);
        let template = config.template_url.as_deref().and_then(|url| match portal_template(&boot, url) {
            Ok(template) => Some(template),
            Err(why) => {
                let fallback = builtin_or_default(&config).name;
                warnings.push(PortalWarning::Template { url: url.to_string(), why, fallback });
                None
            }
        });
        Portal { config, template, warnings, own_origin: boot.own_origin }
    }

    /// Whether the portal sets anything for new reports.
    pub fn configures_new_reports(&self) -> bool {
        self.template.is_some() || self.config.template.is_some() || self.config.org.is_some() || self.config.year.is_some()
    }

    /// The template new reports start with: the portal's, a built-in one it names, or the default.
    pub fn default_template(&self) -> Template {
        self.template.clone().unwrap_or_else(|| builtin_or_default(&self.config))
    }

    /// A new draft of `template` with the portal's 单位 and 年度 (when the template has them).
    pub fn new_draft(&self, template: &Template) -> Draft {
        let mut draft = Draft::new(template);
        for (key, value) in [("org", &self.config.org), ("year", &self.config.year)] {
            if let Some(value) = value.clone().filter(|_| template.fields.iter().any(|f| f.key == key)) {
                apply(&mut draft, Edit::SetText { target: TextRef::Info { key: key.into() }, value });
            }
        }
        draft
    }

    /// At start-up: an untouched new report becomes the portal's new report; a report with
    /// anything in it is never changed. Returns the template and draft to show.
    pub fn on_start(&self, template: Template, draft: Draft) -> (Template, Draft) {
        if !self.configures_new_reports() || draft != Draft::new(&template) {
            return (template, draft);
        }
        let template = self.default_template();
        let draft = self.new_draft(&template);
        (template, draft)
    }
}

fn builtin_or_default(config: &Config) -> Template {
    config.template.as_deref().and_then(builtin).unwrap_or_else(default_template)
}

/// The portal's template from the text the loader fetched.
fn portal_template(boot: &Boot, url: &str) -> Result<Template, TemplateProblem> {
    // The loader fetched the address it found first (query, then file), as `Config::merged`
    // picks it; anything else was not fetched.
    if boot.template_url.as_deref().map(str::trim) != Some(url) {
        return Err(TemplateProblem::NotFetched);
    }
    if let Some(why) = boot.template_error.clone() {
        return Err(match why.as_str() {
            "cross-origin" => TemplateProblem::CrossOrigin,
            why if why.starts_with("HTTP") => TemplateProblem::Http(why.to_string()),
            _ => TemplateProblem::Download(why),
        });
    }
    let text = boot.template.as_deref().filter(|t| !t.is_empty()).ok_or(TemplateProblem::Empty)?;
    let template = Template::from_json_brief(text.trim_start_matches('\u{feff}')).map_err(|e| TemplateProblem::Invalid(e.to_string()))?;
    if is_builtin(&template.id) {
        return Err(TemplateProblem::BuiltinId(template.id));
    }
    Ok(template)
}
