//! Embedding in a portal (README 嵌入内网门户): the configuration from `config.json` beside
//! index.html and from the page's query, and the host page's `postMessage` requests. Parsed and
//! validated here, so every rule runs under plain `cargo test`; the browser side only moves text.
//!
//! Nothing a portal or a host page sends can stop the app: a bad setting is dropped with a
//! warning in Chinese naming it, a bad message gets an error reply naming the field.
//!
//! Both arrive as JSON the browser has already parsed (`JSON.parse`, structured clone), handed
//! over as a `Json` tree: the app needs no JSON parser of its own for them (bundle size), and the
//! rules below see exactly what the page sent.

use super::render::Format;
use super::template::is_builtin;

/// The portal's settings. Every one is optional; empty strings in config.json mean "not set".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// A built-in template for new reports (its id).
    pub template: Option<String>,
    /// 单位/党组织名称 for new reports.
    pub org: Option<String>,
    /// 年度 for new reports.
    pub year: Option<String>,
    /// A template file of the portal (same origin) for new reports; wins over `template`.
    pub template_url: Option<String>,
    /// Origins of host pages whose messages are answered. Only config.json can set it: a query
    /// is written by whoever links or frames the page, and must not grant itself access.
    pub allowed_origins: Vec<String>,
}

impl Config {
    /// The query's settings over the file's (a portal can vary them per link); the allow-list
    /// is always the file's.
    pub fn merged(file: Config, query: Config) -> Config {
        Config {
            template: query.template.or(file.template),
            org: query.org.or(file.org),
            year: query.year.or(file.year),
            template_url: query.template_url.or(file.template_url),
            allowed_origins: file.allowed_origins,
        }
    }

    /// Whether a host page at `origin` may use the message API. The app's own origin always may
    /// (a page there can read the drafts anyway); `null` (sandboxed or file pages) never.
    pub fn allows(&self, origin: &str, own_origin: &str) -> bool {
        let Ok(origin) = normalize_origin(origin) else { return false };
        normalize_origin(own_origin).is_ok_and(|own| own == origin) || self.allowed_origins.contains(&origin)
    }
}

/// The longest 单位 name accepted (a title line holds about 28 characters; long names wrap).
pub const MAX_ORG_CHARS: usize = 100;
/// Years accepted for 年度.
pub const YEARS: std::ops::RangeInclusive<u32> = 2000..=2100;

const FILE: &str = "config.json";
const KEYS: [&str; 5] = ["template", "org", "year", "templateUrl", "allowedOrigins"];

/// Why the browser's JSON reader handed over no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonReadError {
    /// Not JSON: the browser's own words (`JSON.parse`'s SyntaxError).
    Syntax(String),
    /// More names and texts than the reader's budget allows.
    TooLarge,
}

impl std::fmt::Display for JsonReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Syntax(why) => f.write_str(why),
            Self::TooLarge => f.write_str("内容太多，超过了设置文件的上限"),
        }
    }
}

impl std::error::Error for JsonReadError {}

/// A JSON value as the browser parsed it.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// Members in the order the page wrote them.
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
}

impl std::fmt::Display for Json {
    /// Short, for messages: `"pdf"`, `5`, `[…]`, `{…}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Number(n) => f.write_str(&number_text(*n)),
            Json::String(s) => write!(f, "\"{}\"", s.chars().take(40).collect::<String>()),
            Json::Array(_) => f.write_str("[…]"),
            Json::Object(_) => f.write_str("{…}"),
        }
    }
}

/// Reads config.json, as the browser parsed it (`Err`: its syntax error). Never fails: what
/// cannot be used is left out, with a warning each. `own_origin` is the page's origin
/// (`https://portal.example`), for the same-origin rule.
pub fn parse_file(parsed: Result<Json, JsonReadError>, own_origin: &str) -> (Config, Vec<String>) {
    let mut warnings = Vec::new();
    let value = match parsed {
        Ok(value) => value,
        Err(why) => {
            warnings.push(format!("{FILE} 不是有效的 JSON（{why}），全部设置未使用"));
            return (Config::default(), warnings);
        }
    };
    let Json::Object(members) = &value else {
        warnings.push(format!("{FILE} 应是一个对象（{{ … }}），全部设置未使用"));
        return (Config::default(), warnings);
    };
    for (key, _) in members.iter().filter(|(k, _)| !KEYS.contains(&k.as_str()) && !k.starts_with('$') && !k.starts_with('_')) {
        warnings.push(format!("{FILE} 中的“{key}”不是可用的设置（可用：{}），已忽略", KEYS.join("、")));
    }
    let mut config = Config {
        template: string(&value, "template", &mut warnings).and_then(|v| check(template_id(&v), FILE, "template", &mut warnings)),
        org: string(&value, "org", &mut warnings).and_then(|v| check(org(&v), FILE, "org", &mut warnings)),
        year: string_or_number(&value, "year", &mut warnings).and_then(|v| check(year(&v), FILE, "year", &mut warnings)),
        template_url: string(&value, "templateUrl", &mut warnings)
            .and_then(|v| check(template_url(&v, own_origin), FILE, "templateUrl", &mut warnings)),
        allowed_origins: Vec::new(),
    };
    match value.get("allowedOrigins") {
        None | Some(Json::Null) => {}
        Some(Json::Array(items)) => {
            for item in items {
                match item.as_str().map(normalize_origin) {
                    Some(Ok(origin)) if !config.allowed_origins.contains(&origin) => config.allowed_origins.push(origin),
                    Some(Ok(_)) => {}
                    Some(Err(why)) => warnings.push(format!("{FILE} 的 allowedOrigins 中“{}”{why}，已忽略", item.as_str().unwrap_or_default())),
                    None => warnings.push(format!("{FILE} 的 allowedOrigins 只能列出字符串，{item} 已忽略")),
                }
            }
        }
        Some(_) => warnings.push(format!("{FILE} 的 allowedOrigins 应是数组，如 [\"https://portal.example.gov.cn\"]，已忽略")),
    }
    (config, warnings)
}

/// Reads the page's query (`?org=…&year=2025&template=…&templateUrl=…`). Parameters the app does
/// not know are left alone (portals add their own); `allowedOrigins` is refused with a warning.
pub fn parse_query(search: &str, own_origin: &str) -> (Config, Vec<String>) {
    let mut warnings = Vec::new();
    let mut config = Config::default();
    const WHERE: &str = "网址参数";
    for (key, value) in decode_query(search) {
        let value = value.trim().to_string();
        if value.is_empty() && key != "allowedOrigins" {
            continue;
        }
        match key.as_str() {
            "template" => config.template = check(template_id(&value), WHERE, "template", &mut warnings),
            "org" => config.org = check(org(&value), WHERE, "org", &mut warnings),
            "year" => config.year = check(year(&value), WHERE, "year", &mut warnings),
            "templateUrl" => config.template_url = check(template_url(&value, own_origin), WHERE, "templateUrl", &mut warnings),
            "allowedOrigins" => warnings.push(format!("allowedOrigins 只能写在 {FILE} 中，{WHERE}中的已忽略")),
            _ => {}
        }
    }
    (config, warnings)
}

fn string(value: &Json, key: &str, warnings: &mut Vec<String>) -> Option<String> {
    match value.get(key) {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) if s.trim().is_empty() => None,
        Some(Json::String(s)) => Some(s.trim().to_string()),
        Some(other) => {
            warnings.push(format!("{FILE} 的 {key} 应是字符串（写在引号中），现在是 {other}，已忽略"));
            None
        }
    }
}

/// A JSON number as text (`2025`, `1.5`), without the float formatter: that code is 10 KB of the
/// first load. Integers exactly (past ±1.7e38, which no setting means, the nearest i128); other
/// numbers to six decimals, trailing zeros dropped.
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return if n.is_nan() { "NaN".into() } else if n > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if n.fract() == 0.0 {
        return (n as i128).to_string();
    }
    let micros = (n.abs() * 1e6).round() as u64;
    let sign = if n < 0.0 { "-" } else { "" };
    let fraction = format!("{:06}", micros % 1_000_000);
    format!("{sign}{}.{}", micros / 1_000_000, fraction.trim_end_matches('0')).trim_end_matches('.').to_string()
}

fn string_or_number(value: &Json, key: &str, warnings: &mut Vec<String>) -> Option<String> {
    match value.get(key) {
        Some(Json::Number(n)) => Some(number_text(*n)),
        _ => string(value, key, warnings),
    }
}

fn check(result: Result<String, String>, place: &str, key: &str, warnings: &mut Vec<String>) -> Option<String> {
    result.map_err(|why| warnings.push(format!("{place}中的 {key} {why}，已忽略"))).ok()
}

fn template_id(value: &str) -> Result<String, String> {
    if is_builtin(value) {
        Ok(value.to_string())
    } else {
        let known: Vec<&str> = super::template::BUILTIN_JSON.iter().map(|(id, _)| *id).collect();
        Err(format!("“{value}”不是内置模板（内置：{}；单位自己的模板请用 templateUrl）", known.join("、")))
    }
}

fn org(value: &str) -> Result<String, String> {
    if value.chars().any(char::is_control) {
        return Err("含有控制字符".into());
    }
    if value.chars().count() > MAX_ORG_CHARS {
        return Err(format!("超过 {MAX_ORG_CHARS} 个字"));
    }
    Ok(value.to_string())
}

fn year(value: &str) -> Result<String, String> {
    match value.parse::<u32>() {
        Ok(y) if value.len() == 4 && YEARS.contains(&y) => Ok(value.to_string()),
        _ => Err(format!("“{value}”不是 {}–{} 之间的四位年份", YEARS.start(), YEARS.end())),
    }
}

/// A template file's address: a relative path (resolved against the app's directory), a path
/// from the site root, or a full address on the page's own origin. Never another site.
pub fn template_url(value: &str, own_origin: &str) -> Result<String, String> {
    if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("含有空白或控制字符".into());
    }
    if value.chars().count() > 500 {
        return Err("太长".into());
    }
    if value.starts_with("//") || value.starts_with('\\') || value.starts_with("/\\") {
        return Err("不能指向其他网站".into());
    }
    let scheme_end = value.find(':').filter(|&i| !value[..i].contains(['/', '?', '#']));
    if let Some(end) = scheme_end {
        let scheme = value[..end].to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!("只能是网址（{scheme}: 不可用）"));
        }
        let elsewhere = || format!("只能使用本网站（{own_origin}）上的文件");
        let rest = value[end..].strip_prefix("://").ok_or_else(elsewhere)?;
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let origin = format!("{scheme}://{}", &rest[..authority_end]);
        match (normalize_origin(&origin), normalize_origin(own_origin)) {
            (Ok(a), Ok(b)) if a == b => {}
            _ => return Err(elsewhere()),
        }
    }
    Ok(value.to_string())
}

/// `https://Portal.example:443/` → `https://portal.example`: the form browsers give
/// `MessageEvent.origin` in. Refuses paths, wildcards and anything but http(s).
pub fn normalize_origin(value: &str) -> Result<String, String> {
    let value = value.trim().to_ascii_lowercase();
    let value = value.strip_suffix('/').unwrap_or(&value);
    let (scheme, rest) = if let Some(rest) = value.strip_prefix("https://") {
        ("https", rest)
    } else if let Some(rest) = value.strip_prefix("http://") {
        ("http", rest)
    } else {
        return Err("不是网站来源（应写成 https://主机名[:端口]）".into());
    };
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', '*', '\\']) || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("不是网站来源（只写 https://主机名[:端口]，不带路径，不能用 *）".into());
    }
    let (host, port) = match rest.rsplit_once(':') {
        // An IPv6 literal's colons are inside brackets.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (rest, None),
    };
    if host.is_empty() {
        return Err("缺少主机名".into());
    }
    match port {
        None => Ok(format!("{scheme}://{host}")),
        Some(port) if port.is_empty() || !port.chars().all(|c| c.is_ascii_digit()) || port.parse::<u32>().map_or(true, |p| p > 65535) => {
            Err(format!("端口“{port}”不对"))
        }
        Some(port) if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") => Ok(format!("{scheme}://{host}")),
        Some(port) => Ok(format!("{scheme}://{host}:{port}")),
    }
}

/// `?a=1&b=%E5%8D%95+%E4%BD%8D` → pairs, decoded like `URLSearchParams` (`+` is a space; bad
/// `%` escapes stay as written; bytes that are not UTF-8 become U+FFFD).
pub fn decode_query(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (decode_component(key), decode_component(value))
        })
        .collect()
}

fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() && hex(bytes[i + 1]).is_some() && hex(bytes[i + 2]).is_some() => {
                out.push(hex(bytes[i + 1]).unwrap_or(0) * 16 + hex(bytes[i + 2]).unwrap_or(0));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

// ---------------------------------------------------------------------------------------------
// The host page's messages

/// The message protocol's version, sent in `shuzhi:ready`.
pub const PROTOCOL: u32 = 1;
/// Requests are small; anything bigger that claims to be ours is refused unread.
pub const MAX_MESSAGE_BYTES: usize = 4096;
const MAX_ID_CHARS: usize = 100;

/// What a host page asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `{ type: "shuzhi:hello" }`: answered with `shuzhi:ready` (for hosts that listen late).
    Hello { id: Option<String> },
    /// `{ type: "shuzhi:export", format: "docx", id: "…" }`: the current report as a file.
    Export { id: Option<String>, format: Format },
}

/// Why a message that is ours was refused; sent back as `shuzhi:error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The request's `id`, when it could be read, so the host can match the reply.
    pub id: Option<String>,
    /// Stable, for programs: `too-large`, `not-json`, `unknown-type`, `unknown-field`, `bad-id`,
    /// `bad-format`.
    pub code: &'static str,
    /// For people, in Chinese, naming the field.
    pub message: String,
}

/// Reads a message's data. `Ok(None)`: not for this app (no `type` starting with `shuzhi:`),
/// ignored without a reply, since other scripts on a portal use messages too. The browser side
/// converts at most `MAX_MESSAGE_BYTES` worth of a message; a bigger one of ours is
/// `Refusal::too_large`.
pub fn parse_request(data: &Json) -> Result<Option<Request>, Refusal> {
    let Json::Object(members) = data else { return Ok(None) };
    let Some(kind) = data.get("type").and_then(Json::as_str).filter(|t| t.starts_with("shuzhi:")) else {
        return Ok(None);
    };
    let refuse = |id: Option<String>, code, message: String| Err(Refusal { id, code, message });
    let id = match data.get("id") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) if s.chars().count() <= MAX_ID_CHARS => Some(s.clone()),
        Some(Json::String(_)) => return refuse(None, "bad-id", format!("id 超过 {MAX_ID_CHARS} 个字符")),
        Some(other) => return refuse(None, "bad-id", format!("id 应是字符串，现在是 {other}")),
    };
    let allowed: &[&str] = match kind {
        "shuzhi:hello" => &["type", "id"],
        "shuzhi:export" => &["type", "id", "format"],
        _ => return refuse(id, "unknown-type", format!("不认识的消息类型“{kind}”（可用：shuzhi:hello、shuzhi:export）")),
    };
    if let Some((extra, _)) = members.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
        return refuse(id, "unknown-field", format!("{kind} 消息中不应有“{extra}”（可有：{}）", allowed.join("、")));
    }
    if kind == "shuzhi:hello" {
        return Ok(Some(Request::Hello { id }));
    }
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.extension()).collect();
    match data.get("format").and_then(Json::as_str).and_then(Format::parse) {
        Some(format) => Ok(Some(Request::Export { id, format })),
        None => {
            let got = data.get("format").map_or("没有".to_string(), |v| v.to_string());
            refuse(id, "bad-format", format!("format 应是 {} 之一（现在：{got}）", names.join("、")))
        }
    }
}

impl Refusal {
    /// A message of ours bigger than `MAX_MESSAGE_BYTES`, refused unread.
    pub fn too_large() -> Refusal {
        Refusal { id: None, code: "too-large", message: format!("消息太大（上限 {MAX_MESSAGE_BYTES} 字节）") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &str = "https://portal.example.gov.cn";

    /// What the browser's `JSON.parse` would hand over (serde_json stands in for it here).
    fn json(text: &str) -> Result<Json, JsonReadError> {
        fn convert(value: serde_json::Value) -> Json {
            match value {
                serde_json::Value::Null => Json::Null,
                serde_json::Value::Bool(b) => Json::Bool(b),
                serde_json::Value::Number(n) => Json::Number(n.as_f64().unwrap_or(f64::NAN)),
                serde_json::Value::String(s) => Json::String(s),
                serde_json::Value::Array(items) => Json::Array(items.into_iter().map(convert).collect()),
                serde_json::Value::Object(map) => Json::Object(map.into_iter().map(|(k, v)| (k, convert(v))).collect()),
            }
        }
        serde_json::from_str(text).map(convert).map_err(|e| JsonReadError::Syntax(e.to_string()))
    }

    fn file(text: &str) -> (Config, Vec<String>) {
        parse_file(json(text), OWN)
    }

    fn request(text: &str) -> Result<Option<Request>, Refusal> {
        parse_request(&json(text).expect("test JSON"))
    }

    #[test]
    fn a_full_file_reads() {
        let (config, warnings) = file(
            r#"{ "template": "dangjian-shuzhi", "org": " 机关第一党支部 ", "year": 2025,
                 "templateUrl": "templates/dw.json",
                 "allowedOrigins": ["https://Portal.example.gov.cn:443/", "http://10.1.2.3:8080"] }"#,
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(config.template.as_deref(), Some("dangjian-shuzhi"));
        assert_eq!(config.org.as_deref(), Some("机关第一党支部"));
        assert_eq!(config.year.as_deref(), Some("2025"));
        assert_eq!(config.template_url.as_deref(), Some("templates/dw.json"));
        assert_eq!(config.allowed_origins, ["https://portal.example.gov.cn", "http://10.1.2.3:8080"]);
    }

    #[test]
    fn the_shipped_file_sets_nothing() {
        assert_eq!(file(include_str!("../../assets/config.json")), (Config::default(), Vec::new()));
    }

    #[test]
    fn bad_values_are_dropped_one_by_one_with_a_warning_naming_them() {
        let (config, warnings) = file(
            r#"{ "template": "nope", "org": "一支部", "year": "25", "templateUrl": "https://evil.example/t.json",
                 "allowedOrigins": ["*", "https://ok.example", 7], "colour": "red", "$comment": "说明" }"#,
        );
        assert_eq!(config.org.as_deref(), Some("一支部"));
        assert_eq!(config.template, None);
        assert_eq!(config.year, None);
        assert_eq!(config.template_url, None);
        assert_eq!(config.allowed_origins, ["https://ok.example"]);
        let text = warnings.join("\n");
        for needle in ["“colour”", "“nope”不是内置模板", "“25”不是", "只能使用本网站", "“*”", "7 已忽略"] {
            assert!(text.contains(needle), "{needle} in {text}");
        }
        assert_eq!(warnings.len(), 6, "{text}");
    }

    #[test]
    fn broken_files_set_nothing() {
        let (config, warnings) = parse_file(Err(JsonReadError::Syntax("Unexpected end of JSON input".into())), OWN);
        assert_eq!(config, Config::default());
        assert!(warnings[0].contains("不是有效的 JSON（Unexpected end of JSON input）"), "{warnings:?}");
        let (config, warnings) = parse_file(Err(JsonReadError::TooLarge), OWN);
        assert_eq!(config, Config::default());
        assert_eq!(warnings, ["config.json 不是有效的 JSON（内容太多，超过了设置文件的上限），全部设置未使用"]);
        let (_, warnings) = file("[1]");
        assert!(warnings[0].contains("应是一个对象"));
        let (_, warnings) = file(r#"{"org": 5, "allowedOrigins": "https://a.example"}"#);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("org 应是字符串（写在引号中），现在是 5"), "{warnings:?}");
    }

    #[test]
    fn the_query_overrides_the_file_but_cannot_grant_access() {
        let (file, _) = file(r#"{"org": "文件里的支部", "year": "2024", "allowedOrigins": ["https://a.example"]}"#);
        let (query, warnings) =
            parse_query("?org=%E7%BD%91%E5%9D%80%E9%87%8C%E7%9A%84+%E6%94%AF%E9%83%A8&allowedOrigins=https://evil.example&portalTab=3", OWN);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("只能写在 config.json"));
        let config = Config::merged(file, query);
        assert_eq!(config.org.as_deref(), Some("网址里的 支部"));
        assert_eq!(config.year.as_deref(), Some("2024"));
        assert_eq!(config.allowed_origins, ["https://a.example"]);
        assert!(config.allows("https://a.example", OWN));
        assert!(!config.allows("https://evil.example", OWN));
    }

    #[test]
    fn origins_are_compared_in_the_browsers_form() {
        let config = Config { allowed_origins: vec!["http://127.0.0.1:8081".into()], ..Config::default() };
        assert!(config.allows("http://127.0.0.1:8081", OWN));
        assert!(config.allows(OWN, OWN), "the app's own origin");
        assert!(config.allows("https://PORTAL.example.gov.cn:443", OWN));
        for origin in ["null", "", "http://127.0.0.1:8082", "https://127.0.0.1:8081", "file://"] {
            assert!(!config.allows(origin, OWN), "{origin}");
        }
        assert_eq!(normalize_origin("http://[::1]:80").as_deref(), Ok("http://[::1]"));
        for bad in ["*", "https://a.example/path", "ftp://a.example", "https://", "https://a:b", "https://u@a.example", "https://a.example:99999"] {
            assert!(normalize_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn template_files_must_be_on_the_same_site() {
        for ok in ["t.json", "../templates/t.json", "/portal/t.json", "https://portal.example.gov.cn/t.json", "HTTPS://portal.example.gov.cn:443/t.json?v=2"] {
            assert_eq!(template_url(ok, OWN).as_deref(), Ok(ok), "{ok}");
        }
        for bad in ["//evil.example/t.json", "\\\\evil\\t.json", "https://evil.example/t.json", "https://portal.example.gov.cn.evil.example/t.json",
            "javascript:alert(1)", "data:application/json,{}", "http://portal.example.gov.cn/t.json", "t .json", "https:/t.json"] {
            assert!(template_url(bad, OWN).is_err(), "{bad}");
        }
    }

    #[test]
    fn query_decoding_matches_url_search_params() {
        assert_eq!(decode_query("?a=1&b=&c&d=%E5%8D%95%E4%BD%8D&e=a+b&f=%zz&g=%E5"), vec![
            ("a".into(), "1".into()),
            ("b".into(), "".into()),
            ("c".into(), "".into()),
            ("d".into(), "单位".into()),
            ("e".into(), "a b".into()),
            ("f".into(), "%zz".into()),
            ("g".into(), "\u{fffd}".into()),
        ]);
        assert_eq!(decode_query(""), vec![]);
    }

    #[test]
    fn requests_are_read_and_refused_precisely() {
        assert_eq!(request(r#"{"type":"shuzhi:hello"}"#), Ok(Some(Request::Hello { id: None })));
        assert_eq!(
            request(r#"{"type":"shuzhi:export","format":"DOCX","id":"r1"}"#),
            Ok(Some(Request::Export { id: Some("r1".into()), format: Format::Docx }))
        );
        // Other scripts' messages: ignored, no reply.
        for other in ["null", "\"shuzhi:hello\"", "[1]", r#"{"type":"webpackOk"}"#, r#"{"hello":1}"#, r#"{"type":5}"#] {
            assert_eq!(request(other), Ok(None), "{other}");
        }
        let refused = |json: &str| request(json).err().map(|r| (r.code, r.id, r.message)).unwrap_or_else(|| panic!("{json} accepted"));
        assert_eq!(refused(r#"{"type":"shuzhi:delete","id":"x"}"#).0, "unknown-type");
        assert_eq!(refused(r#"{"type":"shuzhi:delete","id":"x"}"#).1.as_deref(), Some("x"));
        let (code, _, message) = refused(r#"{"type":"shuzhi:export","format":"pdf","id":"x"}"#);
        assert_eq!(code, "bad-format");
        assert!(message.contains("docx、txt、md、html") && message.contains("\"pdf\""), "{message}");
        assert_eq!(refused(r#"{"type":"shuzhi:export","id":"x"}"#).0, "bad-format");
        assert_eq!(refused(r#"{"type":"shuzhi:export","format":"txt","path":"/etc"}"#).0, "unknown-field");
        assert_eq!(refused(r#"{"type":"shuzhi:hello","id":5}"#).0, "bad-id");
        assert_eq!(refused(&format!(r#"{{"type":"shuzhi:hello","id":"{}"}}"#, "x".repeat(101))).0, "bad-id");
        assert_eq!(Refusal::too_large().code, "too-large");
    }
}
