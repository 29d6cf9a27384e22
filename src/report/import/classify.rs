//! The line classifier: what one cleaned line looks like, without knowing where it stands.
//!
//! Numbering prefixes, heading wording (mapped onto the template's sections through the template's
//! own headings plus a synonyms table), titles, closings, bylines and cause connectors. The state
//! machine in `place` decides what a line *is* from these answers and its context.

use crate::report::template::{SectionKind, Template};

/// A family of numbering. Forms that readers treat as the same level share a family
/// (`1.` `1．` `1、` are all `Arabic`), so a report mixing them still has one item style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `一、` `一．` `一.`: normally the level-1 headings.
    Chinese,
    /// `第一部分`: level-1 headings in some reports.
    Part,
    /// `（一）` `(一)`: level 2, or level 1 in reports without `一、`.
    ParenChinese,
    /// `1.` `1．` `1、`
    Arabic,
    /// `(1)` `（1）` `1)` `1）`
    ParenArabic,
    /// `①`
    Circled,
    /// `一是` `二是`: enumerations inside a paragraph, items only when nothing else is numbered.
    Shi,
    /// `第一，` `第二，`
    Ordinal,
}

/// A numbering prefix at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    pub style: Style,
    pub value: u32,
    /// Byte length of the prefix (including the separator and spaces after it).
    pub len: usize,
}

/// The numbering prefix of `line`, if it has one.
pub fn number(line: &str) -> Option<Number> {
    let (style, value, rest) = parse_number(line)?;
    // The prefix must introduce something: `1.` alone is not an item.
    let rest_trimmed = rest.trim_start_matches(char::is_whitespace);
    if rest_trimmed.is_empty() {
        return None;
    }
    Some(Number { style, value, len: line.len() - rest_trimmed.len() })
}

/// A line that is only a numbering label (`1.`, `（一）`, `一、`): its text is on the next line
/// (Word's numbering turned into text, a PDF copy).
pub fn is_bare_number(line: &str) -> bool {
    let line = line.trim();
    parse_number(line).is_some_and(|(_, _, rest)| rest.trim().is_empty())
}

fn parse_number(line: &str) -> Option<(Style, u32, &str)> {
    let first = line.chars().next()?;
    if let Some(after_open) = line.strip_prefix(['（', '(']) {
        if let Some((value, rest)) = digits(after_open) {
            let rest = rest.strip_prefix(['）', ')'])?;
            return Some((Style::ParenArabic, value, skip_separator(rest)));
        }
        let (value, rest) = chinese_numeral(after_open)?;
        let rest = rest.strip_prefix(['）', ')'])?;
        return Some((Style::ParenChinese, value, skip_separator(rest)));
    }
    // `〔一〕`: the same level as `（一）` in some documents.
    if let Some(after_open) = line.strip_prefix('〔') {
        let (value, rest) = chinese_numeral(after_open)?;
        let rest = rest.strip_prefix('〕')?;
        return Some((Style::ParenChinese, value, skip_separator(rest)));
    }
    if ('①'..='⑳').contains(&first) {
        let value = u32::from(first) - u32::from('①') + 1;
        return Some((Style::Circled, value, skip_separator(&line[first.len_utf8()..])));
    }
    if let Some((value, rest)) = digits(line) {
        if let Some(rest) = rest.strip_prefix(['）', ')']) {
            return Some((Style::ParenArabic, value, skip_separator(rest)));
        }
        if let Some(rest) = rest.strip_prefix('、') {
            return Some((Style::Arabic, value, rest));
        }
        let rest = rest.strip_prefix(['.', '．'])?;
        // `1.5倍` is a number, not an item; neither is `2024.12`.
        if rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.') {
            return None;
        }
        return Some((Style::Arabic, value, rest));
    }
    if let Some(after) = line.strip_prefix('第') {
        let (value, rest) = chinese_numeral(after)?;
        if let Some(rest) = rest.strip_prefix("部分") {
            return Some((Style::Part, value, skip_separator(rest)));
        }
        let rest = rest.strip_prefix(['，', ',', '、', '：', ':'])?;
        return Some((Style::Ordinal, value, rest));
    }
    let (value, rest) = chinese_numeral(line)?;
    if let Some(rest) = rest.strip_prefix('是') {
        return Some((Style::Shi, value, rest));
    }
    let rest = rest.strip_prefix(['、', '．', '.'])?;
    Some((Style::Chinese, value, rest))
}

/// A separator some writers put after a closing bracket: `（一）、` `(1).` `第一部分：`.
fn skip_separator(rest: &str) -> &str {
    rest.strip_prefix(['、', '.', '．', '：', ':']).unwrap_or(rest)
}

/// One or two ASCII or full-width digits (items beyond 99 do not occur; `2024` is a year).
fn digits(s: &str) -> Option<(u32, &str)> {
    let mut value = 0u32;
    let mut len = 0;
    let mut count = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            '０'..='９' => u32::from(c) - u32::from('０'),
            _ => break,
        };
        value = value * 10 + d;
        len += c.len_utf8();
        count += 1;
        if count > 2 {
            return None;
        }
    }
    (count > 0 && value > 0).then(|| (value, &s[len..]))
}

/// 一 … 九十九 at the start of `s`, longest match.
fn chinese_numeral(s: &str) -> Option<(u32, &str)> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let mut chars = s.char_indices();
    let (_, c0) = chars.next()?;
    let (value, len) = if c0 == '十' {
        match s['十'.len_utf8()..].chars().next().and_then(digit) {
            Some(d) => (10 + d, 6),
            None => (10, 3),
        }
    } else {
        let d0 = digit(c0)?;
        let mut rest = s[3..].chars();
        match rest.next() {
            Some('十') => match rest.next().and_then(digit) {
                Some(d1) => (d0 * 10 + d1, 9),
                None => (d0 * 10, 6),
            },
            _ => (d0, 3),
        }
    };
    Some((value, &s[len..]))
}

/// The heading's wording without decoration, for matching: no spaces, no trailing `：` or `。`.
pub fn heading_words(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .trim_end_matches(['：', ':', '。', '.', '；', ';', '，', ','])
        .to_string()
}

/// Short enough and without sentence punctuation: a heading, not a paragraph.
pub fn heading_like(text: &str) -> bool {
    let words = heading_words(text);
    let n = words.chars().count();
    (1..=30).contains(&n) && !words.contains(['。', '；', ';', '！', '？'])
}

/// A theme line standing over a block of text: short, no sentence punctuation inside, though it
/// may ask a question (`我总想着要以身作则，不知大家是否满意？`).
pub fn theme_like(text: &str) -> bool {
    let t = text.trim();
    let inner = t.strip_suffix(['？', '?']).unwrap_or(t);
    let n = inner.chars().count();
    (4..=30).contains(&n) && !inner.contains(['。', '；', ';', '！', '？', '：', ':']) && !inner.ends_with(['，', ','])
}

/// What a level-1 heading stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A template section, by index.
    Section(usize),
    /// A separate 原因分析 part: causes paired to the problems by order.
    Causes,
    /// A separate 上年度问题整改情况 part: becomes the rectification item of the work section.
    Rectification,
}

/// How sure the match is: `Strong` matches may stand as unnumbered headings; `Weak` ones are
/// trusted only on a line numbered like a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Weak,
    Strong,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Work,
    Problems,
    Causes,
    Plans,
    Rectification,
    Other,
}

/// Exact wordings seen in published reports and notices, by role. Matched after `heading_words`.
const SYNONYMS: &[(Role, &[&str])] = &[
    (
        Role::Work,
        &[
            "主要工作情况", "主要工作", "履职情况", "工作开展情况", "主要工作及成效", "主要工作和成效",
            "主要工作及成绩", "工作完成情况", "履行职责情况", "履职尽责情况", "抓基层党建工作情况",
            "主要做法", "主要做法及成效", "主要做法和成效", "工作成效", "取得的成效", "基本情况",
            "履行抓基层党建工作职责情况", "年度工作情况", "工作情况",
        ],
    ),
    (
        Role::Problems,
        &[
            "存在问题及原因", "存在的问题及原因", "存在问题及原因分析", "存在的问题及原因分析",
            "存在的问题和不足", "存在问题和不足", "存在的问题", "存在问题", "存在的不足", "问题和不足",
            "问题与不足", "存在的主要问题", "差距和不足", "存在的差距和不足", "存在的问题与不足",
            "存在问题与原因", "存在的问题和原因", "存在问题和原因", "主要问题", "突出问题",
        ],
    ),
    (
        Role::Causes,
        &[
            "原因分析", "原因剖析", "问题产生的原因", "产生问题的原因", "产生问题的原因分析",
            "存在问题的原因", "存在问题的原因分析", "问题原因分析", "原因", "主要原因", "问题根源",
        ],
    ),
    (
        Role::Plans,
        &[
            "下步打算", "下一步打算", "下一步工作打算", "下步工作打算", "下一步工作思路", "下步工作思路",
            "今后努力方向", "今后的努力方向", "下一步工作计划", "下步工作计划", "努力方向", "今后打算",
            "下一步工作措施", "下步措施", "整改措施", "下一步整改措施", "今后工作打算", "下一步工作安排",
            "改进措施", "整改方向和措施",
        ],
    ),
    (
        Role::Rectification,
        &[
            "上年度问题整改情况", "上年度述职评议问题整改情况", "问题整改情况", "整改落实情况",
            "上年度问题整改落实情况", "上年度述职评议反馈问题整改情况", "上一年度问题整改情况",
            "整改情况", "上年度整改情况", "推进问题整改情况",
        ],
    ),
];

/// The template section or special part a heading's wording stands for.
///
/// Order of trust: the template's own headings, the synonyms table, similarity with the
/// template's headings (for templates this table does not know), then keywords.
pub fn heading_target(text: &str, template: &Template) -> Option<(Target, Strength)> {
    let words = heading_words(text);
    if words.is_empty() {
        return None;
    }
    if let Some(i) = template
        .sections
        .iter()
        .position(|s| heading_words(&s.heading) == words || (!s.short.is_empty() && s.short == words))
    {
        return Some((Target::Section(i), Strength::Strong));
    }
    for (role, words_list) in SYNONYMS {
        if words_list.contains(&words.as_str()) {
            return resolve(*role, template).map(|t| (t, Strength::Strong));
        }
    }
    if let Some(i) = most_similar_heading(&words, template) {
        return Some((Target::Section(i), Strength::Weak));
    }
    keyword_role(&words).filter(|r| *r != Role::Other).and_then(|role| resolve(role, template)).map(|t| (t, Strength::Weak))
}

/// Roles from keywords. The keyword that comes first decides (`正视短板不足，找准努力方向` is about
/// problems, `对标先进，扎实谋划明年工作` about plans); `整改措施` is a plan, `整改情况` a
/// rectification, `存在问题及原因` problems. Work words only count when nothing else does.
fn keyword_role(words: &str) -> Option<Role> {
    const KEYS: &[(Role, &[&str])] = &[
        (Role::Plans, &["下步", "下一步", "今后", "明年", "来年", "新学年", "新的一年", "打算", "努力方向", "措施", "工作思路", "工作计划", "施策", "展望", "谋划", "改进方向"]),
        (Role::Causes, &["原因", "根源", "剖析", "根子"]),
        (Role::Problems, &["问题", "不足", "差距", "短板", "弱项", "检视", "查摆"]),
        (Role::Rectification, &["整改"]),
        (Role::Other, &["体会", "感悟", "启示", "建议", "意见", "经验", "附件", "附："]),
    ];
    let has = |k: &str| words.contains(k);
    let any = |ks: &[&str]| ks.iter().any(|k| words.contains(k));
    if has("整改") && !any(&["措施", "打算", "思路", "方向", "计划"]) {
        return Some(Role::Rectification);
    }
    if (has("原因") || has("根源")) && !any(&["存在", "及原因", "和原因", "与原因", "不足"]) {
        return Some(Role::Causes);
    }
    // 存在问题及原因 / 问题和不足: a problems part even though 原因 comes later.
    if any(&["存在", "及原因", "和原因", "与原因"]) && any(&["问题", "不足"]) {
        return Some(Role::Problems);
    }
    let mut best: Option<(usize, Role)> = None;
    for (role, keys) in KEYS {
        for k in *keys {
            if let Some(at) = words.find(k) {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, *role));
                }
            }
        }
    }
    if let Some((_, role)) = best {
        return Some(role);
    }
    if any(&["工作", "情况", "成效", "履职", "做法", "成绩"]) {
        return Some(Role::Work);
    }
    None
}

/// What a heading without an exact known wording is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    /// A template part (or the causes or rectification part).
    Target(Target),
    /// Something the template has no part for (体会, 建议 …).
    Other,
    /// No telling words: in a report of themed headings, a work theme.
    Nothing,
}

/// The part a heading's words point to, by keywords.
pub fn guess(text: &str, template: &Template) -> Guess {
    let words = heading_words(text);
    match keyword_role(&words) {
        Some(Role::Other) => Guess::Other,
        Some(role) => resolve(role, template).map_or(Guess::Other, Guess::Target),
        None => Guess::Nothing,
    }
}

/// A role on this template: the first section of the matching kind (the one with id `work` for
/// work, when there are several item sections).
fn resolve(role: Role, template: &Template) -> Option<Target> {
    let first_of = |kind: SectionKind| template.sections.iter().position(|s| s.kind == kind);
    match role {
        Role::Work => template
            .sections
            .iter()
            .position(|s| s.id == "work")
            .or_else(|| first_of(SectionKind::Items))
            .map(Target::Section),
        Role::Problems => first_of(SectionKind::Problems).map(Target::Section),
        Role::Plans => first_of(SectionKind::Plans).map(Target::Section),
        Role::Causes => first_of(SectionKind::Problems).map(|_| Target::Causes),
        Role::Rectification => rectification_section(template).map(|_| Target::Rectification),
        Role::Other => None,
    }
}

/// The work section: the one with id `work`, else the first item section.
pub fn work_section(template: &Template) -> Option<usize> {
    match resolve(Role::Work, template) {
        Some(Target::Section(i)) => Some(i),
        _ => None,
    }
}

/// The section holding the rectification item: the one whose suggested items include it, else
/// the work section.
pub fn rectification_section(template: &Template) -> Option<usize> {
    template
        .sections
        .iter()
        .position(|s| s.items.iter().any(|i| i.rectification))
        .or_else(|| match resolve(Role::Work, template) {
            Some(Target::Section(i)) => Some(i),
            _ => None,
        })
}

/// The template heading sharing at least half of its character pairs with `words`.
fn most_similar_heading(words: &str, template: &Template) -> Option<usize> {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let mine = pairs(words);
    let mut best: Option<(usize, f64)> = None;
    for (i, spec) in template.sections.iter().enumerate() {
        let theirs = pairs(&heading_words(&spec.heading));
        if theirs.is_empty() {
            continue;
        }
        let shared = theirs.iter().filter(|p| mine.contains(p)).count();
        let score = shared as f64 / theirs.len().max(mine.len()) as f64;
        if score >= 0.5 && best.is_none_or(|(_, b)| score > b) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

/// A sub-heading inside a problems section that switches between problems and causes
/// (`（一）存在的问题` / `（二）原因分析`): `Some(true)` for causes, `Some(false)` for problems.
pub fn problems_subheading(text: &str) -> Option<bool> {
    if !heading_like(text) {
        return None;
    }
    let words = heading_words(text);
    SYNONYMS.iter().find_map(|(role, list)| {
        if !list.contains(&words.as_str()) {
            return None;
        }
        match role {
            Role::Causes => Some(true),
            Role::Problems => Some(false),
            _ => None,
        }
    })
}

/// The words joining a problem to its cause (kept with the template's connector, whose variants
/// they are). The template's own connector is tried first.
pub use crate::report::template::CAUSE_CONNECTORS;

/// Connectors too plain to trust mid-sentence (`分析原因：`), so only at a paragraph's start:
/// `表现：…` / `原因：…` is how 对照检查-style reports lay a problem out.
pub const PARAGRAPH_CAUSE_CONNECTORS: &[&str] = &["原因：", "原因:", "问题原因：", "原因剖析："];

/// Longest run-in title we accept; a longer first sentence is body text under an empty title.
pub const MAX_TITLE_CHARS: usize = 40;

/// Splits an item's first line into a run-in title and the rest of the paragraph.
///
/// The title ends at the first `。` (dropped: the outline adds it back) or at a `：` `！` `？`
/// (kept: the outline keeps a title ending in them). A line without such an end that is short and
/// not a clause (no `；`) is all title (a title on its own line); anything else is body under an
/// empty title, so nothing is cut mid-sentence.
pub fn split_title(line: &str) -> (String, String) {
    let end = line.char_indices().find(|(_, c)| matches!(c, '。' | '：' | ':' | '！' | '？'));
    match end {
        Some((i, c)) => {
            let keep = if c == '。' { 0 } else { c.len_utf8() };
            let title = line[..i + keep].trim();
            let tail = line[i + c.len_utf8()..].trim();
            if !title.is_empty() && title.chars().count() <= MAX_TITLE_CHARS {
                (title.to_string(), tail.to_string())
            } else {
                (String::new(), line.trim().to_string())
            }
        }
        // A short line without a full stop is a title on its own line, unless it reads as a
        // clause of a sentence (`一是创新活动形式，开展…；`).
        None if line.chars().count() <= MAX_TITLE_CHARS
            && !line.contains(['；', ';'])
            && !line.trim_end().ends_with(['，', ',']) =>
        {
            (line.trim().to_string(), String::new())
        }
        None => (String::new(), line.trim().to_string()),
    }
}

/// `特此报告，请予评议。` and its relatives.
pub fn is_closing(text: &str) -> bool {
    const PHRASES: &[&str] = &[
        "特此报告", "请予评议", "请予审议", "请审议", "请评议", "请批评指正", "敬请批评指正",
        "不妥之处", "述职完毕", "以上述职", "以上报告", "谢谢大家",
    ];
    text.chars().count() <= 40 && PHRASES.iter().any(|p| text.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::template::default_template;

    fn style_value(line: &str) -> Option<(Style, u32, &str)> {
        number(line).map(|n| (n.style, n.value, &line[n.len..]))
    }

    #[test]
    fn numbering_forms() {
        use Style::*;
        let cases = [
            ("一、主要工作", Some((Chinese, 1, "主要工作"))),
            ("十二．标题", Some((Chinese, 12, "标题"))),
            ("二十、x", Some((Chinese, 20, "x"))),
            ("（三）组织", Some((ParenChinese, 3, "组织"))),
            ("(一) 组织", Some((ParenChinese, 1, "组织"))),
            ("1.政治", Some((Arabic, 1, "政治"))),
            ("１．政治", Some((Arabic, 1, "政治"))),
            ("12、政治", Some((Arabic, 12, "政治"))),
            ("（1）政治", Some((ParenArabic, 1, "政治"))),
            ("(2)政治", Some((ParenArabic, 2, "政治"))),
            ("3）政治", Some((ParenArabic, 3, "政治"))),
            ("②政治", Some((Circled, 2, "政治"))),
            ("一是提高", Some((Shi, 1, "提高"))),
            ("第二，加强", Some((Ordinal, 2, "加强"))),
            ("第一部分 主要工作", Some((Part, 1, "主要工作"))),
            ("1.5倍", None),
            ("2024.12", None),
            ("2024年", None),
            ("123.x", None),
            ("一", None),
            ("1.", None),
            ("一方面", None),
            ("十分重视", None),
            ("（注）", None),
        ];
        for (line, want) in cases {
            assert_eq!(style_value(line), want, "{line}");
        }
    }

    #[test]
    fn headings_map_to_sections() {
        let t = default_template();
        let target = |s: &str| heading_target(s, &t).map(|(t, _)| t);
        assert_eq!(target("主要工作情况"), Some(Target::Section(0)));
        assert_eq!(target("履职情况"), Some(Target::Section(0)));
        assert_eq!(target("主要工作及成效："), Some(Target::Section(0)));
        assert_eq!(target("存在的问题及原因分析"), Some(Target::Section(1)));
        assert_eq!(target("存在的问题和不足"), Some(Target::Section(1)));
        assert_eq!(target("原因分析"), Some(Target::Causes));
        assert_eq!(target("产生问题的根源"), Some(Target::Causes));
        assert_eq!(target("下一步工作思路"), Some(Target::Section(2)));
        assert_eq!(target("今后努力方向"), Some(Target::Section(2)));
        assert_eq!(target("上年度问题整改情况"), Some(Target::Rectification));
        assert_eq!(target("党风廉政建设情况"), Some(Target::Section(0)));
        assert_eq!(target("其他事项"), None);
        assert_eq!(target("正视短板不足，找准努力方向"), Some(Target::Section(1)), "the first keyword decides");
        assert_eq!(target("对标先进、创新突破，扎实谋划明年工作"), Some(Target::Section(2)));
        assert_eq!(guess("二、几点体会", &t), Guess::Other);
        assert_eq!(guess("一、履职尽责，党建领航彰显新担当", &t), Guess::Target(Target::Section(0)));
        assert_eq!(guess("共学共建，让支部堡垒“强”起来", &t), Guess::Nothing);
    }

    #[test]
    fn titles_split_at_the_first_full_stop() {
        assert_eq!(split_title("政治建设。正文"), ("政治建设".into(), "正文".into()));
        assert_eq!(split_title("主要做法：正文"), ("主要做法：".into(), "正文".into()));
        assert_eq!(split_title("独立标题"), ("独立标题".into(), String::new()));
        assert_eq!(split_title("实施“党建＋X”，提高站位"), ("实施“党建＋X”，提高站位".into(), String::new()));
        assert_eq!(split_title("创新活动形式，开展特色活动；"), (String::new(), "创新活动形式，开展特色活动；".into()));
        let long = "这是一个非常长的第一句话，超过了四十个字的限制，所以它应当被当作正文而不是标题来处理才对。后文";
        assert_eq!(split_title(long), (String::new(), long.into()));
    }

    #[test]
    fn closings_and_bylines() {
        assert!(is_closing("特此报告，请予评议。"));
        assert!(is_closing("以上报告，请予评议。"));
        assert!(!is_closing("特此报告".repeat(12).as_str()));
        assert!(is_closing("谢谢大家！"));
    }
}
