//! The head and foot of a report: titles (with the decorations sites add: `〔*〕`, `（2）`, `篇1`,
//! `.docx`), subtitles, salutations, bylines and dates, and what the title and the byline say
//! about the writer (年度, 单位, 职务, 姓名).

use std::collections::BTreeMap;

use crate::report::template::{FieldKind, Template};

/// Nouns a report's title ends with.
const DOC_NOUNS: &[&str] = &["报告", "材料", "总结", "汇报", "发言", "提纲", "通报", "发言稿", "述职"];
/// Words that make a short line a title of this family rather than any short line.
const DOC_WORDS: &[&str] = &["述职", "述廉", "对照检查", "检视", "剖析", "整改", "报告", "总结", "汇报", "发言", "材料"];
/// Longest title we accept (after its decorations are removed).
const MAX_TITLE: usize = 60;

/// A title without the decorations document sites and copies add, or `None` when `text` is not
/// a report title: `〔*〕…`, `（材料）…范文`, `第1篇 …`, `… 篇1`, `…（2）`, `….docx`, `…（含案例）`.
pub fn title_core(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let core = strip_decorations(&compact);
    let n = core.chars().count();
    if !(4..=MAX_TITLE).contains(&n) || core.contains(['。', '，', '；', '：', ',', ';', ':', '！', '？']) {
        return None;
    }
    let ends_as_doc = DOC_NOUNS.iter().any(|noun| core.ends_with(noun));
    (ends_as_doc && DOC_WORDS.iter().any(|w| core.contains(w))).then_some(core)
}

/// Removes leading and trailing decorations, repeatedly.
fn strip_decorations(text: &str) -> String {
    let mut s = text.to_string();
    loop {
        let before = s.clone();
        s = strip_leading(&s).to_string();
        s = strip_trailing(&s).to_string();
        if s == before {
            return s;
        }
    }
}

fn strip_leading(s: &str) -> &str {
    // `〔*〕` `【范文】` `（材料）` `[原创]`: a short bracket at the start.
    for (open, close) in [('〔', '〕'), ('【', '】'), ('（', '）'), ('(', ')'), ('[', ']')] {
        if let Some(rest) = s.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                if rest[..end].chars().count() <= 4 {
                    return &rest[end + close.len_utf8()..];
                }
            }
        }
    }
    // `第1篇` `第一篇：` `篇一：`
    let rest = s.strip_prefix('第').unwrap_or(s);
    let count: usize = rest.chars().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c)).map(char::len_utf8).sum();
    if count > 0 {
        if let Some(after) = rest[count..].strip_prefix('篇') {
            return after.trim_start_matches(['：', ':', '、', '.']);
        }
    }
    if let Some(after) = s.strip_prefix('篇') {
        let count: usize = after.chars().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c)).map(char::len_utf8).sum();
        if count > 0 {
            return after[count..].trim_start_matches(['：', ':', '、', '.']);
        }
    }
    s
}

fn strip_trailing(s: &str) -> &str {
    for ext in [".docx", ".doc", ".pdf", ".wps", ".txt"] {
        if let Some(rest) = s.strip_suffix(ext) {
            return rest;
        }
    }
    for tail in ["范文", "模板", "全文"] {
        if let Some(rest) = s.strip_suffix(tail) {
            return rest;
        }
    }
    // `（2）` `(含案例)` `（精选6篇）`: a short bracket at the end.
    for (open, close) in [('（', '）'), ('(', ')'), ('〔', '〕'), ('【', '】')] {
        if let Some(rest) = s.strip_suffix(close) {
            if let Some(start) = rest.rfind(open) {
                if rest[start + open.len_utf8()..].chars().count() <= 14 {
                    return &rest[..start];
                }
            }
        }
    }
    // `篇1` `1` `篇一`
    let trimmed = s.trim_end_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    let trimmed = trimmed.strip_suffix('篇').unwrap_or(trimmed);
    if trimmed.len() < s.len() && DOC_NOUNS.iter().any(|n| trimmed.ends_with(n)) {
        return trimmed;
    }
    s
}

/// The first half of a title broken over two lines: short, no sentence punctuation, names the
/// writer's unit or year (`2024年度学工部党支部书记` / `抓基层党建工作述职报告`).
pub fn is_title_head(text: &str) -> bool {
    text.chars().count() <= 30
        && !text.contains(['。', '，', '：', '；', ',', ';', ':'])
        && ["年度", "书记", "党支部", "党委", "党总支", "支部", "班子"].iter().any(|k| text.contains(k))
}

/// `——在全镇党建述职评议会上`: a dash-led line under the title.
pub fn is_subtitle(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with("——") || t.starts_with("--") || t.starts_with('—')) && t.chars().count() <= 60
}

/// `尊敬的各位领导、同志们：` `各位代表：` `大家好！`
pub fn is_salutation(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    if n > 32 || t.contains('。') {
        return false;
    }
    const WHO: &[&str] = &["领导", "同志", "代表", "各位", "老师", "同事", "大家", "评委"];
    let addressed = WHO.iter().any(|w| t.contains(w));
    let greeting = ["大家好", "上午好", "下午好", "晚上好"].iter().any(|g| t.contains(g));
    addressed && (t.ends_with(['：', ':', '！', '!']) || greeting) && (t.starts_with("尊敬") || t.starts_with("各位") || t.starts_with("同志") || greeting || t.starts_with("亲爱"))
}

/// A signature or date line (`学工部党支部书记 张三`, `述职人：李四`, `2024年12月20日`).
pub fn is_byline(text: &str) -> bool {
    if text.chars().count() > 30 || text.contains(['。', '，', '；', ',', ';']) {
        return false;
    }
    if ["书记", "述职人", "报告人", "姓名", "单位：", "单位:", "职务"].iter().any(|k| text.contains(k)) {
        return true;
    }
    is_date(text) || role_and_name(text).is_some()
}

/// `2024年12月20日`, `（二〇二四年十二月）`, `2024.12.20`, `2024-04-18`.
pub fn is_date(text: &str) -> bool {
    let core = text.trim_matches(['（', '）', '(', ')', ' ']);
    let datey = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二三四五六七八九十年月日.-/ ".contains(c)
    };
    let n = core.chars().count();
    let digits = core.chars().filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    let year_month = core.contains('年') && core.contains('月');
    (4..=16).contains(&n) && core.chars().all(datey) && (digits >= 4 || year_month)
}

/// Roles a byline or title names (longest first where one contains another).
const ROLES: &[&str] = &[
    "党总支书记", "党支部书记", "党委副书记", "党委书记", "党组书记", "党工委书记", "总支书记", "支部书记", "第一书记",
    "副书记", "书记", "校长", "院长", "局长", "主任", "副市长", "市长", "副镇长", "镇长", "部长", "队长", "组长", "经理", "董事长",
];

/// `柳庄村党总支书记 韩立民` → (`柳庄村党总支书记`, `韩立民`): a role and a 2–4 character name.
fn role_and_name(text: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let (role, name) = match parts.as_slice() {
        [role, name] => (*role, *name),
        _ => return None,
    };
    let is_name = (2..=4).contains(&name.chars().count()) && name.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '·');
    (is_name && ROLES.iter().any(|r| role.ends_with(r))).then(|| (role.to_string(), name.to_string()))
}

/// What a byline says: (role, name). `述职人：李四` has only a name; `化学学院党委书记 李四` both.
pub fn read_byline(text: &str) -> (Option<String>, Option<String>) {
    let t = text.trim();
    for key in ["述职人", "报告人", "汇报人", "姓名"] {
        if let Some(rest) = t.strip_prefix(key) {
            let name = rest.trim_start_matches(['：', ':', ' ']).trim();
            let ok = (2..=4).contains(&name.chars().count());
            return (None, ok.then(|| name.to_string()));
        }
    }
    if let Some((role, name)) = role_and_name(t) {
        return (Some(role), Some(name));
    }
    let role = ROLES.iter().any(|r| t.ends_with(r)).then(|| t.to_string());
    (role, None)
}

/// Basic information from a byline, filling only what is still empty.
pub fn byline_info(text: &str, template: &Template, info: &mut BTreeMap<String, String>) {
    let (role, name) = read_byline(text);
    let has = |k: &str| template.fields.iter().any(|f| f.key == k);
    if let (Some(name), true) = (name, has("name")) {
        info.entry("name".into()).or_insert(name);
    }
    if let Some(role) = role {
        let mut found = BTreeMap::new();
        found.insert("org".to_string(), role.clone());
        split_role(&mut found, template);
        match found.remove("position") {
            Some(position) => {
                if let (Some(org), true) = (found.remove("org"), has("org")) {
                    info.entry("org".into()).or_insert(org);
                }
                if has("position") {
                    info.entry("position".into()).or_insert(position);
                }
            }
            None if has("position") => {
                info.entry("position".into()).or_insert(role);
            }
            None => {}
        }
    }
}

/// A year as people write it in a title: `2024`, `202X`, `２０２４`; normalised to ASCII.
pub fn year_at(s: &str) -> Option<String> {
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
pub fn leading_year(text: &str) -> Option<String> {
    let year = year_at(text)?;
    let rest: String = text.chars().skip(4).take(1).collect();
    (rest == "年").then_some(year)
}

pub fn year_key(template: &Template) -> Option<String> {
    template.fields.iter().find(|f| f.kind == FieldKind::Year).map(|f| f.key.clone())
}

/// Basic information from the title: by the template's title pattern when the title follows it,
/// else the year wherever it stands and the organisation around it.
pub fn parse_title(title: &str, template: &Template) -> BTreeMap<String, String> {
    let compact: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = strip_decorations(&compact);
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
    // `关于2025年度抓基层党建工作的述职报告`: the topic before 的 is no organisation.
    const TOPICS: &[&str] = &["抓基层党建工作", "抓基层党建", "基层党建工作", "抓党建工作", "党建工作"];
    let org = org.trim_end_matches(['的']);
    let org = TOPICS.iter().find_map(|t| org.strip_suffix(t)).unwrap_or(org).trim_end_matches(['的']).to_string();
    // Only a title of this template's kind names the organisation where the pattern puts it.
    if let (Some(k), false) = (org_key, org.is_empty() || org.chars().count() > 30 || !SUFFIXES.iter().any(|s| compact.contains(s))) {
        out.insert(k, org);
    }
    split_role(&mut out, template);
    out
}

/// `机关第一党支部书记` in a title is an organisation and the writer's role: the 单位 gets
/// `机关第一党支部`, and 职务 (when the template asks for it) `党支部书记`. A bare `党支部书记`
/// names no organisation, so only the role is kept.
pub fn split_role(out: &mut BTreeMap<String, String>, template: &Template) {
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
        assert_eq!(info("关于2025年度抓基层党建工作的述职报告"), kv(&[("year", "2025")]), "the topic is no organisation");
        assert_eq!(info("关于学院党委2024年度抓基层党建工作的述职报告"), kv(&[("org", "学院党委"), ("year", "2024")]));
        assert_eq!(info("述职报告"), kv(&[]));
        assert_eq!(info("〔*〕2024年度学工部党支部抓基层党建工作述职报告"), kv(&[("org", "学工部党支部"), ("year", "2024")]));
    }

    #[test]
    fn decorated_titles() {
        let core = |s: &str| title_core(s);
        assert_eq!(core("第1篇 村党支部书记述职报告").as_deref(), Some("村党支部书记述职报告"));
        assert_eq!(core("驻村第一书记述职报告 篇1").as_deref(), Some("驻村第一书记述职报告"));
        assert_eq!(core("校长年度述职报告（2）").as_deref(), Some("校长年度述职报告"));
        assert_eq!(core("〔*〕小学党支部书记对照检查材料").as_deref(), Some("小学党支部书记对照检查材料"));
        assert_eq!(core("公立医院党支部书记述职报告.docx").as_deref(), Some("公立医院党支部书记述职报告"));
        assert_eq!(core("（材料）社区党委述职范文").as_deref(), Some("社区党委述职"));
        assert_eq!(core("镇党委班子民主生活会对照检查材料（含案例）").as_deref(), Some("镇党委班子民主生活会对照检查材料"));
        assert_eq!(core("现将有关情况报告如下："), None);
        assert_eq!(core("一、主要工作情况"), None);
        assert_eq!(core("2024年12月20日"), None);
    }

    #[test]
    fn head_and_foot_lines() {
        assert!(is_salutation("尊敬的各位领导、同志们："));
        assert!(is_salutation("各位代表："));
        assert!(is_salutation("大家好！"));
        assert!(is_salutation("尊敬的各位领导、各位同事，大家下午好！"));
        assert!(!is_salutation("各位党员同志积极参加学习，效果很好。"));
        assert!(is_subtitle("——在全镇2024年度党建述职评议会上"));
        assert_eq!(read_byline("柳庄村党总支书记 韩立民"), (Some("柳庄村党总支书记".into()), Some("韩立民".into())));
        assert_eq!(read_byline("述职人：孙建国"), (None, Some("孙建国".into())));
        assert!(is_byline("学工部党支部书记 张三"));
        assert!(is_byline("2024年12月20日"));
        assert!(is_byline("（二〇二四年十二月）"));
        assert!(!is_byline("全年开展学习19次，效果明显"));
        let t = default_template();
        let mut info = BTreeMap::new();
        byline_info("柳庄村党总支书记 韩立民", &t, &mut info);
        let got: Vec<_> = info.into_iter().collect();
        assert_eq!(got, [("name".into(), "韩立民".into()), ("org".into(), "柳庄村党总支".into()), ("position".into(), "党总支书记".into())]);
    }
}
