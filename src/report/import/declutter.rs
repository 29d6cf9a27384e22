//! What web pages wrap a report in, found and taken out before the report is read: navigation and
//! publishing metadata, sharing and paywall notices, document-site page and chunk markers, the
//! random characters forums insert against copying, and an outline of the headings printed before
//! the title. Everything taken out is returned with its line, so the importer lists it.
//!
//! Site words alone do not condemn a line: the strongest (`由会员分享`, `ICP备`, a URL) count
//! anywhere on a short line; the weak ones (`分享`, `来源：`, `字号`) only before the report starts
//! or after it ends, where reports have no text of their own.

use super::classify::{heading_like, number, Style};
use super::clean::Line;
use super::review::{Clutter, Rule};
use super::title::title_core;

/// A line that stays, with whether it continues the line before it (a page or chunk marker cut
/// a sentence in two).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub no: usize,
    pub text: String,
    pub glue: bool,
}

/// What was taken out of which line, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub no: usize,
    pub text: String,
    pub rule: Rule,
}

/// Site boilerplate that no report sentence contains: enough on any line of up to 160 characters.
const STRONG: &[(&str, Clutter)] = &[
    ("由会员分享", Clutter::Site),
    ("珍藏版", Clutter::Site),
    ("免费阅读", Clutter::Paywall),
    ("下载本文", Clutter::Paywall),
    ("文档下载", Clutter::Paywall),
    ("正式会员", Clutter::Paywall),
    ("当前仅显示", Clutter::Paywall),
    ("预览结束", Clutter::Paywall),
    ("仅供预览", Clutter::Paywall),
    ("下载后的文档", Clutter::Paywall),
    ("定制代笔", Clutter::Paywall),
    ("联系客服", Clutter::Site),
    ("上一篇", Clutter::Site),
    ("下一篇", Clutter::Site),
    ("ICP备", Clutter::Site),
    ("公网安备", Clutter::Site),
    ("版权说明", Clutter::Site),
    ("版权声明", Clutter::Site),
    ("版权所有", Clutter::Site),
    ("本文标题", Clutter::Site),
    ("链接地址", Clutter::Site),
    ("微信订阅号", Clutter::Site),
    ("小编", Clutter::Site),
    ("整理分享", Clutter::Site),
    ("供您参考", Clutter::Site),
    ("供大家参考", Clutter::Site),
    ("帮助到大家", Clutter::Site),
    ("当前位置", Clutter::Site),
    ("您的位置", Clutter::Site),
    ("相关推荐", Clutter::Site),
    ("相关文章", Clutter::Site),
    ("热门文章", Clutter::Site),
    ("最新文章", Clutter::Site),
    ("猜你喜欢", Clutter::Site),
    ("文档简介", Clutter::Site),
    ("资源描述", Clutter::Site),
    ("信息索引号", Clutter::Site),
    ("发布机构", Clutter::Site),
    ("成文日期", Clutter::Site),
    ("公开方式", Clutter::Site),
    ("浏览量", Clutter::Site),
    ("浏览次数", Clutter::Site),
    ("查看人数", Clutter::Site),
    ("阅读次数", Clutter::Site),
    ("责任编辑", Clutter::Site),
    ("收藏本文", Clutter::Site),
    ("用户上传", Clutter::Site),
    ("下载后可编辑", Clutter::Paywall),
    ("http://", Clutter::Site),
    ("https://", Clutter::Site),
    ("www.", Clutter::Site),
    ("二次传播", Clutter::Site),
    ("点击上方", Clutter::Site),
    ("蓝字关注", Clutter::Site),
    ("关注我们", Clutter::Site),
    ("点个在看", Clutter::Site),
    ("点亮在看", Clutter::Site),
    ("原标题", Clutter::Site),
    ("长按识别", Clutter::Site),
    ("会员权益", Clutter::Site),
];

/// Site words a report's own sentence may use too (`设立举报箱`, `为企业提供技术支持`,
/// `扫一扫二维码参与学习`): they condemn a line outside the report's text, or a short line that is
/// no sentence.
const SITE_OR_PROSE: &[(&str, Clutter)] = &[
    ("在线阅读", Clutter::Site),
    ("已阅读", Clutter::Paywall),
    ("联系老师", Clutter::Paywall),
    ("主办单位", Clutter::Site),
    ("技术支持", Clutter::Site),
    ("扫一扫", Clutter::Site),
    ("仅供参考", Clutter::Site),
    ("借鉴学习", Clutter::Site),
    ("欢迎访问", Clutter::Site),
    ("欢迎来到", Clutter::Site),
    ("欢迎光临", Clutter::Site),
    ("推荐阅读", Clutter::Site),
    ("举报", Clutter::Site),
    ("公众号", Clutter::Site),
    ("二维码", Clutter::Site),
];

/// Page chrome that reports do say now and then: only outside the report's own text, on short lines.
const WEAK: &[&str] = &[
    "分享", "朗读", "字号", "打印", "收藏", "返回", "关闭", "点击", "发布时间", "发布日期", "时间：", "时间:", "来源：",
    "来源:", "日期：", "日期:", "作者：", "阅读：", "浏览", "编辑：", "审核：", "校对：", "首页", "范文", "精选", "文件名称",
    "主动公开", "下载",
];

/// Longest line a strong site phrase condemns; a longer one is someone's paragraph.
const MAX_STRONG: usize = 160;
/// Longest line a weak site word condemns.
const MAX_WEAK: usize = 40;

pub fn declutter(lines: &[Line]) -> (Vec<Kept>, Vec<Removed>) {
    let mut removed = Vec::new();
    let mut kept: Vec<Kept> = Vec::with_capacity(lines.len());
    for line in lines {
        match strip_junk(&line.text) {
            (text, Some(junk)) => {
                removed.push(Removed { no: line.no, text: junk, rule: Rule::Clutter(Clutter::Junk) });
                if !text.trim().is_empty() {
                    kept.push(Kept { no: line.no, text, glue: false });
                }
            }
            (text, None) => kept.push(Kept { no: line.no, text, glue: false }),
        }
    }
    strip_page_markers(&mut kept, &mut removed);
    strip_chunk_markers(&mut kept, &mut removed);
    let kept = drop_site_lines(kept, &mut removed);
    let kept = drop_outline(kept, &mut removed);
    // In pass order: `place` puts every paragraph in input order once, with one stable sort.
    (kept, removed)
}

/// Random ASCII forums append against copying: a whole line of it, or a tail after the text.
/// Returns the text left and the junk removed.
fn strip_junk(text: &str) -> (String, Option<String>) {
    if looks_like_junk(text) && !text.chars().any(is_han) {
        return (String::new(), Some(text.to_string()));
    }
    // A trailing run without Han characters, after Han text.
    let Some((last_han, c)) = text.char_indices().rev().find(|(_, c)| is_han(*c) || is_cjk_punct(*c)) else {
        return (text.to_string(), None);
    };
    let cut = last_han + c.len_utf8();
    let tail = &text[cut..];
    if looks_like_junk(tail) {
        return (text[..cut].to_string(), Some(tail.trim().to_string()));
    }
    (text.to_string(), None)
}

/// At least eight visible ASCII characters mixing letters or digits with three or more kinds of
/// punctuation and several spaces: `5 A9 X9 d, n/ K# K`.
fn looks_like_junk(s: &str) -> bool {
    let s = s.trim();
    let visible = s.chars().filter(|c| !c.is_whitespace()).count();
    if visible < 8 || !s.is_ascii() {
        return false;
    }
    let spaces = s.chars().filter(|c| *c == ' ').count();
    // Distinct punctuation marks, as bits of one ASCII set.
    let marks = s.bytes().filter(u8::is_ascii_punctuation).fold(0u128, |set, b| set | 1 << b);
    let alnum = s.chars().filter(char::is_ascii_alphanumeric).count();
    let url = s.contains("://") || s.contains("www.");
    !url && spaces >= 3 && marks.count_ones() >= 3 && alnum >= 3
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Sentence-final punctuation: a line ending otherwise continues on the next.
pub fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['。', '！', '？', '；', '：', '!', '?', ';', ':', '”', '’', '）', ')', '…', '」', '》'])
}

/// Document sites' page markers: `标题_第3页` lines, and `2 / 11` (page 2 of 11) at the start of a
/// line or inside it. The total is learnt from a marker that cannot be misread (followed by a
/// non-digit), then only that total is trusted.
fn strip_page_markers(kept: &mut Vec<Kept>, removed: &mut Vec<Removed>) {
    kept.retain(|k| {
        let t = k.text.trim();
        let thumb = t.rsplit_once("_第").is_some_and(|(_, page)| page.strip_suffix('页').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())));
        if thumb {
            removed.push(Removed { no: k.no, text: k.text.clone(), rule: Rule::Clutter(Clutter::PageMarker) });
        }
        !thumb
    });
    let Some(total) = kept.iter().find_map(|k| page_total(&k.text)) else { return };
    let pattern = format!(" / {total}");
    let mut previous_ends = true;
    for k in kept.iter_mut() {
        let mut text = k.text.clone();
        let mut found = Vec::new();
        let mut search = 0;
        while let Some(at) = text[search..].find(&pattern).map(|i| i + search) {
            let digits_start = text[..at].char_indices().rev().take_while(|(_, c)| c.is_ascii_digit()).last().map(|(i, _)| i);
            match digits_start {
                Some(start) if at - start <= 3 => {
                    found.push(text[start..at + pattern.len()].to_string());
                    let at_start = text[..start].trim().is_empty();
                    text.replace_range(start..at + pattern.len(), "");
                    if at_start && !previous_ends {
                        k.glue = true;
                    }
                    search = start;
                }
                _ => search = at + pattern.len(),
            }
        }
        for marker in found {
            removed.push(Removed { no: k.no, text: marker, rule: Rule::Clutter(Clutter::PageMarker) });
        }
        k.text = text.trim().to_string();
        previous_ends = ends_sentence(&k.text);
    }
    kept.retain(|k| !k.text.is_empty());
}

/// The `M` of a line opening with `N / M` followed by something that is not a digit.
fn page_total(text: &str) -> Option<String> {
    let t = text.trim_start();
    let n: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[n.len()..].strip_prefix(" / ")?;
    let m: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[m.len()..];
    let ok = (1..=3).contains(&n.len()) && (1..=3).contains(&m.len()) && !after.starts_with(|c: char| c.is_ascii_digit());
    ok.then_some(m)
}

/// Document sites cut a text into chunks and number them `1、` `2、` `3、`, often mid-sentence.
/// A run of long lines numbered 1, 2, 3 … of which most continue an unfinished sentence is such
/// a chunking: the numbers go, and the cut sentences are joined again.
fn strip_chunk_markers(kept: &mut [Kept], removed: &mut Vec<Removed>) {
    const MIN_CHUNK: usize = 100;
    let chunk_no = |text: &str| -> Option<(u32, usize)> {
        let n = number(text)?;
        (n.style == Style::Arabic && text[..n.len].trim_end().ends_with('、')).then_some((n.value, n.len))
    };
    let mut run: Vec<usize> = Vec::new();
    let mut expect = 1;
    for (i, k) in kept.iter().enumerate() {
        match chunk_no(&k.text) {
            Some((v, _)) if v == expect && k.text.chars().count() >= MIN_CHUNK => {
                run.push(i);
                expect += 1;
            }
            _ => {}
        }
    }
    if run.len() < 2 {
        return;
    }
    // Items of a report end their sentences; chunks of a site are cut anywhere. All but (in a long
    // run) one of the chunks after the first must continue an unfinished line.
    let cut = run.iter().skip(1).filter(|&&i| i > 0 && !ends_sentence(&kept[i - 1].text)).count();
    let allowed_whole = usize::from(run.len() >= 4);
    if cut + allowed_whole < run.len() - 1 {
        return;
    }
    for (n, &i) in run.iter().enumerate() {
        let Some((_, len)) = chunk_no(&kept[i].text) else { continue };
        let marker = kept[i].text[..len].to_string();
        kept[i].text = kept[i].text[len..].to_string();
        kept[i].glue = n > 0 && i > 0 && !ends_sentence(&kept[i - 1].text);
        removed.push(Removed { no: kept[i].no, text: marker, rule: Rule::Clutter(Clutter::PageMarker) });
    }
}

/// The kind of clutter a sentence at the head of a flattened page is, by its site phrases.
pub fn strong_clutter(sentence: &str) -> Option<Clutter> {
    STRONG.iter().chain(SITE_OR_PROSE).find(|(w, _)| sentence.contains(w)).map(|(_, k)| *k)
}

/// Editors' notes left in copied text (`（注：原文为三级，此处改为四级）`): byte ranges.
pub fn editor_notes(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(['（', '(']).map(|i| i + from) {
        let open = text[i..].chars().next().map_or(1, char::len_utf8);
        let inner_start = i + open;
        let Some(len) = text[inner_start..].find(['）', ')']) else { break };
        let inner = &text[inner_start..inner_start + len];
        let close = text[inner_start + len..].chars().next().map_or(1, char::len_utf8);
        let end = inner_start + len + close;
        let note = inner.starts_with("注") || inner.starts_with("编者");
        if note && ["原文", "此处", "编者", "小编"].iter().any(|w| inner.contains(w)) && inner.chars().count() <= 60 {
            out.push((i, end));
        }
        from = end;
    }
    out
}

/// Where the report's own text starts and ends: the first and last line that reads as prose
/// (or as a numbered heading). Weak site words only count outside.
fn body_bounds(kept: &[Kept]) -> (usize, usize) {
    let is_body = |k: &Kept| is_prose(&k.text) || number(&k.text).is_some_and(|n| matches!(n.style, Style::Chinese | Style::Part));
    let first = kept.iter().position(is_body).unwrap_or(kept.len());
    let last = kept.iter().rposition(is_body).map_or(0, |i| i + 1);
    (first, last.max(first))
}

/// A sentence-like line: long enough, with sentence punctuation.
pub fn is_prose(text: &str) -> bool {
    text.chars().count() >= 30 && text.contains(['。', '，', '；', '！', '？'])
}

fn drop_site_lines(kept: Vec<Kept>, removed: &mut Vec<Removed>) -> Vec<Kept> {
    // Strong phrases first, anywhere: then the report's bounds are those of what is left.
    let is_key = |t: &str| t.ends_with(['：', ':']) && t.chars().count() <= 8;
    let mut rest = Vec::with_capacity(kept.len());
    let mut after_key: Vec<bool> = Vec::with_capacity(kept.len());
    let mut key_before = false;
    let mut list_at: Option<usize> = None;
    const LISTS: &[&str] = &["相关推荐", "相关文章", "热门文章", "推荐阅读", "猜你喜欢", "最新文章"];
    for k in kept {
        match site_kind(&k.text, false) {
            Some(kind) => {
                key_before = is_key(k.text.trim());
                if LISTS.iter().any(|w| k.text.contains(w)) {
                    list_at = list_at.or(Some(rest.len()));
                }
                removed.push(Removed { no: k.no, text: k.text, rule: Rule::Clutter(kind) });
            }
            None => {
                after_key.push(key_before);
                key_before = false;
                rest.push(k);
            }
        }
    }
    let (first, last) = body_bounds(&rest);
    let mut out = Vec::with_capacity(rest.len());
    let mut value_of_key = false;
    for (i, k) in rest.into_iter().enumerate() {
        let outside = i < first || i >= last;
        let tail_list = list_at.is_some_and(|at| i >= at && i >= last);
        value_of_key |= after_key.get(i).copied().unwrap_or(false);
        let t = k.text.trim();
        let kind = site_kind(t, outside).or_else(|| {
            // The value under a metadata key (`文件名称：` / `中共某局党组关于…的通报`), and the
            // list of links after `相关推荐：`.
            ((value_of_key || tail_list) && outside && t.chars().count() <= MAX_WEAK * 2).then_some(Clutter::Site)
        });
        value_of_key = outside && kind.is_some() && is_key(t);
        match kind {
            Some(kind) => removed.push(Removed { no: k.no, text: k.text, rule: Rule::Clutter(kind) }),
            None => out.push(k),
        }
    }
    out
}

/// The kind of site clutter a line is, if any. `outside`: before or after the report's text.
fn site_kind(text: &str, outside: bool) -> Option<Clutter> {
    let t = text.trim();
    // Numbered lines are the report's own (outlines and chunk markers are handled apart).
    if number(t).is_some() {
        return None;
    }
    let n = t.chars().count();
    if n <= MAX_STRONG {
        if let Some((_, kind)) = STRONG.iter().find(|(w, _)| t.contains(w)) {
            return Some(*kind);
        }
        let sentence = t.ends_with(['。', '；', '！']) || t.contains('，') && n > MAX_WEAK;
        if outside || !sentence {
            if let Some((_, kind)) = SITE_OR_PROSE.iter().find(|(w, _)| t.contains(w)) {
                return Some(*kind);
            }
        }
        if t.contains("省略") && t.contains('字') && t.starts_with(['…', '.', '（', '(']) {
            return Some(Clutter::Paywall);
        }
        if t.contains("全文共") && t.contains('字') {
            return Some(Clutter::Paywall);
        }
    }
    if !outside || n > MAX_WEAK || title_core(t).is_some_and(|core| !core.contains("范文")) && !has_count_of_pieces(t) {
        return None;
    }
    let sentence = t.ends_with('。');
    if !sentence && WEAK.iter().any(|w| t.contains(w)) || is_breadcrumb(t) || has_count_of_pieces(t) || is_bare_id(t) {
        return Some(Clutter::Site);
    }
    None
}

/// `首页 > 范文大全 > 述职报告`: three or more short steps.
fn is_breadcrumb(t: &str) -> bool {
    let steps: Vec<&str> = t.split(['>', '＞', '»', '›']).map(str::trim).filter(|p| !p.is_empty()).collect();
    steps.len() >= 3 && steps.iter().all(|p| p.chars().count() <= 20 && !p.contains(['。', '，']))
}

/// `述职报告（5篇）` `（精选6篇）` `3篇`: a site's list of pieces.
fn has_count_of_pieces(t: &str) -> bool {
    t.char_indices().any(|(i, c)| {
        c == '篇' && t[..i].chars().next_back().is_some_and(|d| d.is_ascii_digit() || "一二三四五六七八九十".contains(d))
    }) && !t.contains(['。', '，'])
}

/// `113307020501234567/2024-10086`: an index number.
fn is_bare_id(t: &str) -> bool {
    t.chars().count() >= 10 && t.chars().all(|c| c.is_ascii_digit() || "/-_".contains(c))
}

/// Three or more short numbered heading lines at the top, before the title or the first sentence,
/// at least half of which come again later: a site's outline of the report.
fn drop_outline(kept: Vec<Kept>, removed: &mut Vec<Removed>) -> Vec<Kept> {
    let is_outline_line = |k: &Kept| {
        number(&k.text).is_some_and(|n| matches!(n.style, Style::Chinese | Style::ParenChinese | Style::Arabic | Style::Part))
            && heading_like(&k.text)
            && k.text.chars().count() <= 24
    };
    let run = kept.iter().take_while(|k| is_outline_line(k)).count();
    if run < 3 || run >= kept.len() {
        return kept;
    }
    let words = |t: &str| -> String { number(t).map_or(t, |n| &t[n.len..]).chars().filter(|c| !c.is_whitespace()).collect() };
    let later: Vec<String> = kept[run..].iter().map(|k| words(&k.text)).collect();
    let again = kept[..run].iter().filter(|k| {
        let w = words(&k.text);
        !w.is_empty() && later.iter().any(|l| l.starts_with(&w))
    });
    if again.count() * 2 < run {
        return kept;
    }
    let mut kept = kept;
    for k in kept.drain(..run) {
        removed.push(Removed { no: k.no, text: k.text, rule: Rule::Outline });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t.to_string() }).collect()
    }

    #[test]
    fn site_lines_go_report_lines_stay() {
        let text = "欢迎来到某某公文网\n当前位置：首页 > 范文 > 述职报告\n2024年度某村党支部书记述职报告\n一年来，我认真履行职责，带领支部党员完成了各项任务，现报告如下：\n一、主要工作情况\n组织党员分享学习体会12次，效果很好，大家都有收获。\n上一篇：某某总结\n分享";
        let (kept, removed) = declutter(&lines(text));
        let kept: Vec<&str> = kept.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(kept, ["2024年度某村党支部书记述职报告", "一年来，我认真履行职责，带领支部党员完成了各项任务，现报告如下：", "一、主要工作情况", "组织党员分享学习体会12次，效果很好，大家都有收获。"]);
        assert_eq!(removed.len(), 4);
    }

    #[test]
    fn report_sentences_with_site_words_stay() {
        let text = "2024年度某局机关党支部述职报告\n一年来，我认真履行职责，带领支部党员完成了各项任务，现报告如下：\n一、主要工作情况\n畅通信访举报渠道，全年受理举报3件，均已办结。\n组织党员到先进单位借鉴学习2次，为企业提供技术支持12次。\n开展“扫一扫学党史”活动，党员参与率达到九成。\n二、存在问题及原因\n学习不够深入，形式比较单一，效果还不够明显。";
        let (kept, removed) = declutter(&lines(text));
        assert!(removed.is_empty(), "{removed:?}");
        assert_eq!(kept.len(), 8);
    }

    #[test]
    fn junk_page_and_chunk_markers() {
        assert_eq!(strip_junk("汇报如下：x: I! j: g/ H: g8 Q+ k# J"), ("汇报如下：".into(), Some("x: I! j: g/ H: g8 Q+ k# J".into())));
        assert_eq!(strip_junk("运用PDCA循环，提升质量（ISO 9001）"), ("运用PDCA循环，提升质量（ISO 9001）".into(), None));
        let long = "党建".repeat(60);
        let text = format!("1、{long}开展\n2、工作{long}，\n3、{long}");
        let (kept, removed) = declutter(&lines(&text));
        assert_eq!(removed.len(), 3);
        assert!(kept[1].glue && kept[1].text.starts_with("工作"));
        let text = format!("1 / 8标题{long}，问题\n2 / 819件，{long}。");
        let (kept, removed) = declutter(&lines(&text));
        assert_eq!(removed.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["1 / 8", "2 / 8"]);
        assert!(kept[1].glue && kept[1].text.starts_with("19件"));
    }

    #[test]
    fn an_outline_before_the_title_goes() {
        let text = "一、履职尽责\n（一）理论武装\n二、对标检视\n某校2024年度述职报告\n2024年，我认真履职，推动学校党建工作取得新进展。\n一、履职尽责，党建领航\n（一）理论武装，打牢根基。全年学习24次。\n二、对标检视";
        let (kept, removed) = declutter(&lines(text));
        assert_eq!(removed.len(), 3);
        assert_eq!(kept[0].text, "某校2024年度述职报告");
    }
}
