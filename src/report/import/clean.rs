//! Clean-up pass: raw pasted text in, numbered non-empty lines out (nothing interpreted yet).
//!
//! What is removed here is exactly what a reader would not count as the report's text: line-ending
//! variants, a BOM and zero-width spaces, control characters, document-site markers such as
//! `##paidbegin##`, page-number lines (`— 3 —`, `- 3 -`, `第3页`), indentation and blank lines.
//! Everything else reaches the classifier, so the "nothing dropped" property of the importer only
//! has to reason about this list.

/// One line of the input that survived cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line (or paragraph) number in the input, for diagnostics.
    pub no: usize,
    pub text: String,
}

/// The cleaned lines and what was removed, so the importer can say so.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub lines: Vec<Line>,
    /// How many `##…##` markers were removed (inline ones included).
    pub markers: usize,
    /// Line numbers of the page-number lines removed.
    pub page_numbers: Vec<usize>,
    /// Control characters removed (a pasted form feed or NUL would otherwise reach the .docx).
    pub control_chars: usize,
}

/// Longest marker body we treat as a site marker; real ones are short ASCII words.
const MAX_MARKER_LEN: usize = 32;

pub fn clean(text: &str) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let normalised = normalise_chars(text, &mut cleaned.control_chars);
    let (unmarked, markers) = strip_markers(&normalised);
    cleaned.markers = markers;
    for (index, raw) in unmarked.split('\n').enumerate() {
        let no = index + 1;
        let line = raw.trim_matches(char::is_whitespace);
        if line.is_empty() {
            continue;
        }
        if is_page_number(line) {
            cleaned.page_numbers.push(no);
            continue;
        }
        cleaned.lines.push(Line { no, text: line.to_string() });
    }
    cleaned
}

/// Whether a character is dropped by cleaning wherever it appears (used by the property test too):
/// whitespace is layout, control characters break Word files, BOM/zero-width spaces are invisible.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{FEFF}' | '\u{200B}')
}

/// One `\n` per line break whatever the source used (`\r\n`, `\r`, Word's vertical tab for a
/// manual line break, form feed, Unicode separators); tabs become spaces; BOMs, zero-width spaces
/// and other control characters go.
fn normalise_chars(text: &str, control_chars: &mut usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{FEFF}' | '\u{200B}' => {}
            c if c.is_control() => *control_chars += 1,
            c => out.push(c),
        }
    }
    out
}

/// Removes `##word##` markers (ASCII letters, digits, `_`, `-` between the hashes), inline too.
/// Chinese text between hashes is left alone: that is the user's, not a site's.
fn strip_markers(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(start) = rest.find("##") {
        let after = &rest[start + 2..];
        let body_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        if (1..=MAX_MARKER_LEN).contains(&body_len) && after[body_len..].starts_with("##") {
            out.push_str(&rest[..start]);
            rest = &after[body_len + 2..];
            count += 1;
        } else {
            // Not a marker: keep one `#` and look again from the next one (`###x##` holds `##x##`).
            out.push_str(&rest[..start + 1]);
            rest = &rest[start + 1..];
        }
    }
    out.push_str(rest);
    (out, count)
}

/// `— 3 —`, `- 3 -`, `－3－`, `第3页`, `第 3 页 共 10 页`, `共10页 第3页`, `Page 3`.
pub fn is_page_number(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let is_dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―' | '─' | '‒' | '−');
    let first = compact.chars().next();
    let last = compact.chars().last();
    if first.is_some_and(is_dash) && last.is_some_and(is_dash) {
        let core = compact.trim_matches(is_dash);
        return is_page_digits(core);
    }
    if let Some(rest) = compact.strip_prefix("Page").or_else(|| compact.strip_prefix("page")) {
        return is_page_digits(rest);
    }
    // 第N页 with an optional 共M页 before or after it.
    let parts: Vec<&str> = compact
        .split([',', '，', '/', '／', '、'])
        .flat_map(|p| p.split_inclusive('页'))
        .filter(|p| !p.is_empty())
        .collect();
    let mut saw_page = false;
    for part in &parts {
        if let Some(n) = part.strip_prefix('第').and_then(|p| p.strip_suffix('页')) {
            if !is_page_digits(n) || saw_page {
                return false;
            }
            saw_page = true;
        } else if let Some(n) = part.strip_prefix('共').and_then(|p| p.strip_suffix('页')) {
            if !is_page_digits(n) {
                return false;
            }
        } else {
            return false;
        }
    }
    saw_page && parts.len() <= 2
}

/// One to four ASCII or full-width digits.
fn is_page_digits(s: &str) -> bool {
    let n = s.chars().count();
    (1..=4).contains(&n) && s.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_go_inline_and_alone() {
        let (out, n) = strip_markers("建##paidbegin##设\n##paidend##\n##重要##\n###x##");
        assert_eq!(out, "建设\n\n##重要##\n#");
        assert_eq!(n, 3);
    }

    #[test]
    fn page_numbers() {
        for yes in ["— 3 —", "- 3 -", "－12－", "—3—", "第3页", "第 3 页", "第3页 共10页", "共10页，第3页", "Page 7", "第３页"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["-", "— —", "第三页", "3", "第3页内容", "1.加强学习", "—12345—", "共3页", "第3页第4页"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn lines_are_numbered_as_the_user_sees_them() {
        let c = clean("\u{FEFF}标题\r\n\r\n\u{3000}\u{3000}正文\r— 2 —\n\t尾\u{0C}x");
        let got: Vec<(usize, &str)> = c.lines.iter().map(|l| (l.no, l.text.as_str())).collect();
        assert_eq!(got, [(1, "标题"), (3, "正文"), (5, "尾"), (6, "x")]);
        assert_eq!(c.page_numbers, [4]);
    }
}
