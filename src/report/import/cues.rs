//! Parts without headings. A report without `一、` headings (one long paragraph, a fragment, text
//! flattened from a PDF) still says where its parts begin — `存在的不足`, `究其原因`, `下一步，我将`
//! — and its parts read differently: achievements with numbers, shortcomings, causes, intentions.
//! `label` finds the most likely order-respecting assignment of paragraphs to parts (导语 → 工作 →
//! 问题 ⇄ 原因 → 打算) from those cues and words, by dynamic programming over the paragraphs.

use super::classify::{number, Number, Style};
use super::segment::{intro_formula, opening_connector};

/// A part of a report without headings, in the order parts come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Label {
    Intro,
    Work,
    Problem,
    Cause,
    Plan,
}

const LABELS: [Label; 5] = [Label::Intro, Label::Work, Label::Problem, Label::Cause, Label::Plan];

/// The part a paragraph's opening words announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Problem,
    Cause,
    Plan,
}

/// Only the start of a long paragraph is read for words: enough to judge it, and linear.
const READ: usize = 600;

/// The cue in a paragraph's first clause (up to its first `：` or sentence end), if any. Only the
/// paragraph's start is read, so asking at every sentence of a long text stays linear.
pub fn lead_cue(text: &str) -> Option<Cue> {
    let start: usize = text.chars().take(80).map(char::len_utf8).sum();
    let text = &text[..start];
    let body = number(text).map_or(text, |n| &text[n.len..]).trim_start();
    if opening_connector(body, None).is_some() {
        return Some(Cue::Cause);
    }
    let end = body
        .char_indices()
        .find(|(_, c)| matches!(c, '：' | ':' | '。' | '；' | '！' | '？'))
        .map_or(body.len(), |(i, _)| i);
    let clause: String = body[..end].chars().take(40).collect();
    const PLAN_START: &[&str] = &[
        "下一步", "下步", "今后", "明年", "来年", "新的一年", "新年", "新学年", "下一年", "接下来", "未来", "在今后", "在新的一年",
        "展望",
    ];
    const PLAN_WORDS: &[&str] = &["我将", "打算", "努力方向", "工作思路", "工作计划", "整改措施", "改进措施", "工作措施"];
    if PLAN_START.iter().any(|w| clause.starts_with(w)) || PLAN_WORDS.iter().any(|w| clause.contains(w)) {
        return Some(Cue::Plan);
    }
    const CAUSE_WORDS: &[&str] = &["原因", "根源", "根子"];
    if CAUSE_WORDS.iter().any(|w| clause.contains(w)) && !clause.contains("存在") {
        return Some(Cue::Cause);
    }
    const PROBLEM_WORDS: &[&str] = &["问题", "不足", "差距", "短板", "弱项"];
    let announces = clause.contains("存在") || clause.contains("查摆") || end < body.len() && body[end..].starts_with(['：', ':']);
    (announces && PROBLEM_WORDS.iter().any(|w| clause.contains(w)) || clause.starts_with("不足")).then_some(Cue::Problem)
}

const INTRO_WORDS: &[&str] = &[
    "一年来", "今年以来", "年以来", "任职以来", "领导下", "现将", "如下", "本人", "担任", "第一责任人", "述职", "根据", "按照", "统一部署",
    "部署要求", "紧扣", "会议主题", "会前", "对照检查",
];
const WORK_WORDS: &[&str] = &[
    "开展", "组织", "召开", "举办", "完成", "建立", "建成", "实现", "推动", "推进", "落实", "全年", "累计", "先后", "带领", "创建",
    "打造", "获得", "荣获", "评为", "选派", "覆盖", "新建", "改造", "设立", "走访", "帮助", "解决", "办结", "坚持", "制定",
];
const PROBLEM_WORDS: &[&str] = &[
    "不够", "不足", "不强", "不高", "不深", "不实", "不到位", "不明显", "不严", "不规范", "不平衡", "不充分", "不及时", "不紧",
    "欠缺", "缺乏", "薄弱", "弱化", "淡化", "流于形式", "有待", "差距", "短板", "单一", "偏少", "较少", "不多", "滞后", "问题",
    "老龄化", "两张皮", "乏力", "不稳定", "缺位", "不畅",
];
const CAUSE_WORDS: &[&str] = &[
    "原因", "根源", "究其", "主观上", "思想上", "认识不到位", "重视不够", "放松", "满足于", "导致", "造成", "意识不强", "求稳",
    "畏难", "好人主义", "研究不深", "思考不够",
];
const PLAN_WORDS: &[&str] = &[
    "我将", "将继续", "将进一步", "将重点", "进一步", "持续", "着力", "力争", "计划", "下一步", "今后", "明年", "努力", "确保", "争取",
    "每季度", "每月", "每年", "实施", "探索", "推行", "完善",
];

/// Occurrences of each word in `text`, each word counted at most twice (words longer than
/// the text skipped before any search).
fn count(text: &str, words: &[&str]) -> f64 {
    words
        .iter()
        .filter(|w| w.len() <= text.len())
        .map(|w| text.matches(w).take(2).count())
        .sum::<usize>() as f64
}

/// Numbers with a counting word after them (`12次`, `3名`, `96%`): the mark of achievements.
fn counted_numbers(text: &str) -> f64 {
    let mut n = 0;
    let mut prev_digit = false;
    for c in text.chars() {
        if prev_digit && "次名个场项户件人篇期万元亩家条处%".contains(c) {
            n += 1;
        }
        prev_digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
    }
    f64::from(n.min(6))
}

/// How well each part fits paragraph `i` of `n`.
fn scores(text: &str, i: usize) -> [f64; 5] {
    let head: String = text.chars().take(READ).collect();
    let numbered = number(&head).is_some();
    let count = |words: &[&str]| count(&head, words);
    let mut s = [0.0; 5];
    s[0] = 0.6 * count(INTRO_WORDS).min(5.0) - 0.8 * i as f64;
    s[1] = 0.5 + 0.5 * count(WORK_WORDS).min(6.0) + 0.4 * counted_numbers(&head);
    s[2] = 0.7 * count(PROBLEM_WORDS).min(6.0);
    s[3] = 0.7 * count(CAUSE_WORDS).min(6.0);
    s[4] = 0.6 * count(PLAN_WORDS).min(6.0);
    if i == 0 && !numbered {
        s[0] += 3.0;
    }
    if numbered {
        s[0] -= 3.0;
    }
    if i <= 3 && intro_formula(&head) {
        s[0] += 6.0;
    }
    match lead_cue(&head) {
        Some(Cue::Problem) => s[2] += 6.0,
        Some(Cue::Cause) => s[3] += 8.0,
        Some(Cue::Plan) => s[4] += 6.0,
        None => {}
    }
    s
}

/// Whether `b` may follow `a`: parts only move forward, except that a cause may be followed by
/// the next problem (problems and causes written in turn).
fn may_follow(a: Label, b: Label) -> bool {
    b >= a || (a == Label::Cause && b == Label::Problem)
}

/// Whether paragraph `b` continues the numbering of paragraph `a` (`二是` after `一是`): points of
/// one part. `一、` `二、` number parts, so they do not count.
fn continues_run(a: &str, b: &str) -> bool {
    match (number(a), number(b)) {
        (Some(Number { style: sa, value: va, .. }), Some(Number { style: sb, value: vb, .. })) => {
            sa == sb && vb == va + 1 && !matches!(sa, Style::Chinese | Style::Part)
        }
        _ => false,
    }
}

/// The most likely part of each paragraph, parts in order; `last` is the latest part allowed
/// (the part of the heading that follows the paragraphs, if any).
pub fn label(texts: &[&str], last: Label) -> Vec<Label> {
    const SWITCH: f64 = 1.0;
    const RUN: f64 = 3.0;
    let n = texts.len();
    if n == 0 {
        return Vec::new();
    }
    let allowed = |l: Label| l <= last;
    let mut best = vec![[f64::NEG_INFINITY; 5]; n];
    let mut from = vec![[0usize; 5]; n];
    let first = scores(texts[0], 0);
    for (j, &l) in LABELS.iter().enumerate() {
        if allowed(l) {
            best[0][j] = first[j];
        }
    }
    for i in 1..n {
        let s = scores(texts[i], i);
        let run = continues_run(texts[i - 1], texts[i]);
        for (j, &l) in LABELS.iter().enumerate() {
            if !allowed(l) {
                continue;
            }
            for (k, &p) in LABELS.iter().enumerate() {
                if !may_follow(p, l) || best[i - 1][k] == f64::NEG_INFINITY {
                    continue;
                }
                let step = match (j == k, run) {
                    (true, true) => RUN,
                    (true, false) => 0.0,
                    (false, true) => -RUN - SWITCH,
                    (false, false) => -SWITCH,
                };
                let total = best[i - 1][k] + step + s[j];
                if total > best[i][j] {
                    best[i][j] = total;
                    from[i][j] = k;
                }
            }
        }
    }
    let mut j = (0..5).max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b])).unwrap_or(0);
    let mut out = vec![Label::Intro; n];
    for i in (0..n).rev() {
        out[i] = LABELS[j];
        j = from[i][j];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues() {
        assert_eq!(lead_cue("但对照上级要求，工作中还存在一些不足：一是……"), Some(Cue::Problem));
        assert_eq!(lead_cue("究其原因，主要是学习不够。"), Some(Cue::Cause));
        assert_eq!(lead_cue("下一步，我将重点抓好三个方面："), Some(Cue::Plan));
        assert_eq!(lead_cue("今后，我将着力改进。"), Some(Cue::Plan));
        assert_eq!(lead_cue("组织集体学习15次，解决了一批问题。"), None);
    }

    #[test]
    fn a_report_without_headings() {
        let texts = [
            "一年来，在局党组的领导下，我认真履行支部书记职责，较好完成了各项任务。",
            "在理论学习上，我带头落实“第一议题”制度，组织集中学习15次，专题研讨4次。",
            "在组织建设上，按期完成支部换届，规范开展民主评议，支部被评为先进党支部。",
            "对照上级要求，我的工作还存在一些差距和不足：抓党建的办法不够多，学习不够系统。",
            "究其原因，主要是对党建工作研究思考不够，存在重业务轻党建的思想。",
            "今后，我将着力改进：一是创新活动方式；二是加强学习。",
        ];
        use Label::*;
        assert_eq!(label(&texts, Plan), [Intro, Work, Work, Problem, Cause, Plan]);
        assert_eq!(label(&texts[..3], Intro), [Intro, Intro, Intro], "nothing past the allowed part");
    }
}
