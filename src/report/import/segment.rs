//! Lines into paragraphs and paragraphs into pieces: hard-wrapped lines (PDF copies, preview
//! pages, a sentence cut by a page or chunk marker) are joined back; a page flattened into one
//! line is cut again at its title, salutation and headings; runs like `一是……二是……` and a cause
//! after `原因主要是：` are found at sentence starts, never inside a sentence.

use super::classify::{is_bare_number, number, Number, Style, CAUSE_CONNECTORS, PARAGRAPH_CAUSE_CONNECTORS};
use super::declutter::{ends_sentence, is_han, Kept};
use super::title::{is_salutation, title_core};

/// A paragraph (or piece of one): its text and the input lines it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub from: usize,
    pub to: usize,
    pub text: String,
}

/// Longest run-in title we accept; a longer first sentence is body text under an empty title.
const MAX_TITLE_LINE: usize = 40;

/// Joins lines that belong to one paragraph: a line cut by a page or chunk marker, and (`wrapped`:
/// lines of text, not a Word file's paragraphs) a line of running text that stops without
/// punctuation (or at a comma) when the next line does not start anything new.
pub fn unwrap(kept: &[Kept], wrapped: bool) -> Vec<Span> {
    let width = wrap_width(kept);
    let mut out: Vec<Span> = Vec::with_capacity(kept.len());
    let mut last_line_full = false;
    for k in kept {
        // A label alone on its line (`1.` then the text) takes the next line as its text.
        let labelled = out.last().is_some_and(|last| is_bare_number(&last.text)) && number(&k.text).is_none() && !is_bare_number(&k.text);
        let join = k.glue || labelled || wrapped && out.last().is_some_and(|last| continues(&last.text, &k.text, last_line_full));
        last_line_full = width.is_some_and(|w| k.text.chars().count() + 1 >= w) && !ends_sentence(&k.text);
        match (join, out.last_mut()) {
            (true, Some(last)) => {
                let space = last.text.ends_with(|c: char| c.is_ascii_alphanumeric()) && k.text.starts_with(|c: char| c.is_ascii_alphanumeric());
                if space {
                    last.text.push(' ');
                }
                last.text.push_str(&k.text);
                last.to = k.no;
            }
            _ => out.push(Span { from: k.no, to: k.no, text: k.text.clone() }),
        }
    }
    out
}

/// The width a PDF or preview page wrapped its lines at: the most common length (15 to
/// `MAX_WRAP` characters) of lines that stop mid-sentence, when at least three share it.
fn wrap_width(kept: &[Kept]) -> Option<usize> {
    const MAX_WRAP: usize = 200;
    let mut counts = vec![0usize; MAX_WRAP + 1];
    for k in kept {
        let n = k.text.chars().count();
        if (15..=MAX_WRAP).contains(&n) && !ends_sentence(&k.text) {
            if let Some(c) = counts.get_mut(n) {
                *c += 1;
            }
        }
    }
    counts.iter().enumerate().filter(|&(_, &c)| c >= 3).max_by_key(|&(n, &c)| (c, n)).map(|(n, _)| n)
}

/// Whether `next` continues the paragraph ending with `last`; `full`: the last line filled the
/// page's wrap width, so it was cut by the page, whatever it looks like.
fn continues(last: &str, next: &str, full: bool) -> bool {
    if number(next).is_some() || next.starts_with(['#', '—', '-']) {
        return false;
    }
    let t = last.trim_end();
    let open_clause = t.ends_with(['，', '、', ',', '（', '“', '(']);
    let unfinished = !ends_sentence(t) && !t.ends_with(['，', '、', ',']);
    // A short line without sentence punctuation is a heading or a title line, not running text;
    // so is a numbered title standing alone on its line (`3.实施“党建＋X”，深化内涵`).
    let prose = t.chars().count() >= 20 && t.contains(['，', '。', '、', '；', ',']);
    let title_alone = number(t).is_some() && t.chars().count() <= MAX_TITLE_LINE && !t.contains('。');
    (open_clause || unfinished) && prose && (!title_alone || full)
}

/// Byte offsets where sentences start: 0 and after `。！？；：` (and their ASCII forms).
pub fn sentence_starts(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':') {
            let next = i + c.len_utf8();
            // Closing quotes and brackets belong to the sentence they close.
            let skip: usize = text[next..].chars().take_while(|c| matches!(c, '”' | '’' | '）' | ')' | '」')).map(char::len_utf8).sum();
            let start = next + skip;
            if start < text.len() {
                out.push(start);
            }
        }
    }
    out.dedup();
    out
}

/// A run of numbered points inside one paragraph (`一是…；二是…`, `①…②…`, `1.…2.…`): the byte
/// offsets where each point starts, when at least two follow each other in order at sentence
/// starts. The text before the first is the run's lead.
pub fn inline_run(text: &str, styles: &[Style]) -> Option<Vec<usize>> {
    let mut best: Option<Vec<usize>> = None;
    let starts = sentence_starts(text);
    for style in styles {
        let mut run: Vec<usize> = Vec::new();
        let mut next_value = 0;
        for &at in &starts {
            let Some(n) = number(&text[at..]) else { continue };
            if n.style != *style {
                continue;
            }
            if run.is_empty() && n.value == 1 || !run.is_empty() && n.value == next_value {
                run.push(at);
                next_value = n.value + 1;
            }
        }
        if run.len() >= 2 && best.as_ref().is_none_or(|b| run.len() > b.len()) {
            best = Some(run);
        }
    }
    best
}

/// Cuts `span` at the given byte offsets (each piece keeps the span's lines).
pub fn cut(span: &Span, at: &[usize]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for &i in at.iter().chain(std::iter::once(&span.text.len())) {
        if i <= start || i > span.text.len() {
            continue;
        }
        let piece = span.text[start..i].trim();
        if !piece.is_empty() {
            out.push(Span { from: span.from, to: span.to, text: piece.to_string() });
        }
        start = i;
    }
    if out.is_empty() {
        out.push(span.clone());
    }
    out
}

/// The earliest cause connector that starts a sentence (`……。原因主要是：…`, `究其原因，…`):
/// its byte range. A connector inside a sentence (`……不够经常的原因主要是：…`) is part of that
/// sentence. The template's own connector is tried too; among connectors at the same place the
/// longest wins.
pub fn connector(text: &str, template_connector: Option<&str>) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for &start in &sentence_starts(text) {
        let rest = &text[start..];
        let rest_trim = rest.trim_start();
        let offset = start + (rest.len() - rest_trim.len());
        let anywhere = template_connector.into_iter().chain(CAUSE_CONNECTORS.iter().copied());
        // `原因：` is plain enough to begin other sentences; only after a full stop is it a cue.
        let after_full_stop = text[..start].trim_end().ends_with(['。', '！', '？', '\n']);
        let at_paragraph = PARAGRAPH_CAUSE_CONNECTORS.iter().copied().filter(|_| start == 0 || after_full_stop);
        for c in anywhere.chain(at_paragraph) {
            if !c.is_empty() && rest_trim.starts_with(c) && best.is_none_or(|(s, e)| offset < s || (offset == s && offset + c.len() > e)) {
                best = Some((offset, offset + c.len()));
            }
        }
        if best.is_some() {
            return best;
        }
    }
    best
}

/// The byte length of a cause connector `text` opens with (the longest), if any.
pub fn opening_connector(text: &str, template_connector: Option<&str>) -> Option<usize> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    template_connector
        .into_iter()
        .chain(CAUSE_CONNECTORS.iter().copied())
        .chain(PARAGRAPH_CAUSE_CONNECTORS.iter().copied())
        .filter(|c| !c.is_empty() && t.starts_with(c))
        .map(|c| lead + c.len())
        .max()
}

/// Whether a paragraph ends with `现将……报告如下：` (the 导语's last sentence).
pub fn intro_formula(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['：', ':', '。', '.', '，']);
    t.ends_with("如下") && t.chars().count() >= 6
}

/// A page flattened into one long line, cut again: a title (perhaps twice) at its start, a
/// salutation after it, and level-1 headings `一、` `二、` … (with a `（一）` or `一是` straight
/// after a heading's words) where they follow one another at sentence starts.
pub fn unflatten(span: &Span) -> Vec<Span> {
    const LONG: usize = 120;
    if span.text.chars().count() < LONG {
        return vec![span.clone()];
    }
    let text = &span.text;
    let mut cuts = Vec::new();
    let mut pos = 0;
    while let Some(end) = title_prefix(&text[pos..]) {
        pos += end;
        cuts.push(pos);
        let rest = &text[pos..];
        let rest_trim = rest.trim_start();
        pos += rest.len() - rest_trim.len();
    }
    if let Some(end) = salutation_prefix(&text[pos..]) {
        pos += end;
        cuts.push(pos);
    }
    cuts.extend(heading_cuts(text, pos));
    crate::report::order::sort(&mut cuts);
    cuts.dedup();
    cut(span, &cuts)
}

/// The byte length of a title at the start of `text` (with its decorations), followed by more text.
fn title_prefix(text: &str) -> Option<usize> {
    const NOUNS: &[&str] = &["报告", "材料", "总结", "汇报"];
    let head: String = text.chars().take(70).collect();
    let mut found = None;
    for (i, _) in head.char_indices() {
        let Some(noun) = NOUNS.iter().find(|n| head[i..].starts_with(*n)) else { continue };
        let mut end = i + noun.len();
        // Decorations: `1`, `篇1` — not the year of the text that follows (`报告2024年，…`).
        let tail: String = head[end..].chars().take_while(|c| c.is_ascii_digit() || *c == '篇').collect();
        let after = &head[end + tail.len()..];
        if tail.chars().filter(char::is_ascii_digit).count() <= 2 && !after.starts_with(['年', '月', '日', '.', '-']) {
            end += tail.len();
        }
        let candidate = &head[..end];
        if title_core(candidate).is_some_and(|core| core.chars().count() >= 6) && end < text.len() {
            found = Some(end);
            break;
        }
        if head[..i].contains(['。', '，', '；', '：']) {
            break;
        }
    }
    found
}

/// `尊敬的领导：` at the start of `text`: its byte length.
fn salutation_prefix(text: &str) -> Option<usize> {
    let end = text.char_indices().take(32).find(|(_, c)| matches!(c, '：' | ':' | '！' | '!')).map(|(i, c)| i + c.len_utf8())?;
    (is_salutation(&text[..end]) && end < text.len()).then_some(end)
}

/// Where inline level-1 headings start (`…如下。一、…二、…`), from byte `from` on, and, straight
/// after a heading's short words, its first sub-point (`一、履职情况（一）…`, `二、存在的问题一是…`).
fn heading_cuts(text: &str, from: usize) -> Vec<usize> {
    let starts: Vec<usize> = sentence_starts(text).into_iter().filter(|&s| s >= from).chain(std::iter::once(from)).collect();
    let mut heads: Vec<(usize, Number)> = Vec::new();
    let mut expect = 1;
    let mut sorted = starts;
    crate::report::order::sort(&mut sorted);
    sorted.dedup();
    for at in sorted {
        let Some(n) = number(&text[at..]) else { continue };
        if n.style == Style::Chinese && n.value == expect {
            heads.push((at, n));
            expect += 1;
        }
    }
    if heads.len() < 2 {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    for (at, n) in heads {
        cuts.push(at);
        // The heading's words run until a sub-point opens, or a space, within a few characters.
        let body = at + n.len;
        for (i, c) in text[body..].char_indices().take(16) {
            let words = &text[body..body + i];
            let all_han = !words.is_empty() && words.chars().all(is_han);
            if c.is_whitespace() && all_han {
                cuts.push(body + i);
                break;
            }
            let Some(sub) = number(&text[body + i..]) else { continue };
            if all_han && matches!(sub.style, Style::ParenChinese | Style::Shi | Style::Arabic) && sub.value == 1 {
                cuts.push(body + i);
                break;
            }
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(lines: &[&str]) -> Vec<Kept> {
        lines.iter().enumerate().map(|(i, t)| Kept { no: i + 1, text: t.to_string(), glue: false }).collect()
    }

    #[test]
    fn hard_wrapped_lines_join_headings_and_titles_do_not() {
        let spans = unwrap(&kept(&[
            "一、存在的主要问题",
            "理论武装抓得不够深，学用转化有差距。虽然能够坚持学习党的创新",
            "理论，但运用理论指导实践的能力还不够强。",
            "3.实施“党建＋文化建设”，深化支部内涵",
            "正文另起一段。",
        ]), true);
        let texts: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["一、存在的主要问题", "理论武装抓得不够深，学用转化有差距。虽然能够坚持学习党的创新理论，但运用理论指导实践的能力还不够强。", "3.实施“党建＋文化建设”，深化支部内涵", "正文另起一段。"]);
        assert_eq!((spans[1].from, spans[1].to), (2, 3));
    }

    #[test]
    fn runs_and_connectors_only_at_sentence_starts() {
        let text = "还存在不足：一是学习不深；二是创新不够。三是作风不实。";
        let run = inline_run(text, &[Style::Shi]).unwrap();
        assert_eq!(run.len(), 3);
        assert_eq!(&text[..run[0]], "还存在不足：");
        assert_eq!(inline_run("坚持一是一、二是二的原则", &[Style::Shi]), None);
        assert_eq!(connector("三、对照检查发现参加组织生活不够经常的原因主要是：制度执行不严。", None), None);
        let text = "问题。原因主要是：认识不足。";
        assert_eq!(connector(text, None).map(|(s, _)| &text[s..]), Some("原因主要是：认识不足。"));
    }

    #[test]
    fn a_flattened_page_is_cut_at_title_salutation_and_headings() {
        let body = "今年的工作就快结束了，我常常问自己怎样办好一所学校，让孩子们每天都有收获，让老师们每天都有成长。现对今年的工作述职如下。";
        let text = format!("中心小学校长述职报告1尊敬的领导：{body}一、继续推进学校文化建设，今年重点梳理了校训和教风，组织师生共同设计校园文化墙，把学校文化落到课堂和活动中。二、存在的问题一是家校沟通不畅；二是薄弱学科指导不够。");
        let pieces: Vec<String> = unflatten(&Span { from: 1, to: 1, text }).into_iter().map(|s| s.text).collect();
        assert_eq!(pieces[0], "中心小学校长述职报告1");
        assert_eq!(pieces[1], "尊敬的领导：");
        assert_eq!(pieces[2], body);
        assert!(pieces[3].starts_with("一、继续推进"));
        assert_eq!(pieces[4], "二、存在的问题");
        assert!(pieces[5].starts_with("一是家校沟通"));
    }
}
