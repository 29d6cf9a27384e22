//! Half-width punctuation in Chinese text: found and offered as a fix, never changed silently
//! (a `1,000` or a `10:30` must survive, and the user may have reasons we cannot see).

use crate::report::diagnostic::{Code, Diagnostic, Fix, Place, Severity};
use crate::report::edit::{Edit, TextRef};
use crate::report::model::Draft;
use crate::report::template::Template;

/// Beyond this many fields, only the fix-everything diagnostic is given.
const MAX_FIELD_DIAGNOSTICS: usize = 30;

/// One diagnostic per text field holding half-width punctuation in Chinese context, each with a
/// fix that rewrites that field; plus one fixing all of them when there are several.
pub fn diagnostics(draft: &Draft, template: &Template) -> Vec<Diagnostic> {
    let mut fields: Vec<(TextRef, String, &str)> = Vec::new();
    for (key, value) in &draft.info {
        let label = template.fields.iter().find(|f| &f.key == key).map_or(key.clone(), |f| f.label.clone());
        fields.push((TextRef::Info { key: key.clone() }, label, value));
    }
    fields.push((TextRef::Intro, "导语".into(), &draft.intro));
    for section in &draft.sections {
        let heading = template.section(&section.id).map_or(section.id.as_str(), |s| s.heading.as_str());
        for (n, item) in section.items.iter().enumerate() {
            let (sid, id) = (section.id.clone(), item.id);
            let at = format!("“{heading}”第 {} 条的", n + 1);
            fields.push((TextRef::ItemTitle { section: sid.clone(), item: id }, format!("{at}标题"), &item.title));
            fields.push((TextRef::ItemBody { section: sid.clone(), item: id }, format!("{at}正文"), &item.body));
            fields.push((TextRef::ItemCause { section: sid, item: id }, format!("{at}原因"), &item.cause));
        }
    }
    fields.push((TextRef::Closing, "结束语".into(), &draft.closing));

    let mut out = Vec::new();
    let mut all_edits = Vec::new();
    let mut total = 0;
    let mut fields_with_marks = 0;
    for (target, label, text) in fields {
        let Some((fixed, count, kinds)) = to_fullwidth(text) else {
            continue;
        };
        let edit = Edit::SetText { target: target.clone(), value: fixed };
        total += count;
        fields_with_marks += 1;
        all_edits.push(edit.clone());
        // One message per field is useful for a report; for a pasted novel it is noise, and
        // the fix-everything diagnostic below still covers every field.
        if out.len() >= MAX_FIELD_DIAGNOSTICS {
            continue;
        }
        out.push(Diagnostic {
            severity: Severity::Warning,
            code: Code::ImportHalfwidthPunct,
            message: format!("{label}中有 {count} 处半角标点（{kinds}），中文行文应使用全角标点"),
            place: Place::Text(target),
            fix: Some(Fix { label: "改为全角标点".into(), edits: vec![edit] }),
        });
    }
    if fields_with_marks > 1 {
        out.insert(
            0,
            Diagnostic {
                severity: Severity::Warning,
                code: Code::ImportHalfwidthPunctAll,
                message: format!("导入的文字中共有 {total} 处半角标点夹在中文里（分布在 {fields_with_marks} 处文字中）"),
                place: Place::Report,
                fix: Some(Fix { label: "全部改为全角标点".into(), edits: all_edits }),
            },
        );
    }
    out
}

/// Chinese context: Han characters, CJK and full-width punctuation, Chinese quotes and dashes.
fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FFFF}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

fn full(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        _ => return None,
    })
}

/// The text with half-width punctuation in Chinese context made full-width, how many were
/// changed and which; `None` when there is nothing to change.
///
/// A mark is in Chinese context when the nearest non-space character before or after it is
/// Chinese; brackets are judged as a pair (Chinese inside or around either one converts both).
/// `1,000` and `10:30` (digits on both sides) are left alone.
pub fn to_fullwidth(text: &str) -> Option<(String, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    if !chars.iter().any(|&c| full(c).is_some()) {
        return None;
    }
    let near = |i: usize, back: bool| -> Option<char> {
        let mut j = i;
        loop {
            if back {
                j = j.checked_sub(1)?;
            } else {
                j += 1;
            }
            let c = *chars.get(j)?;
            if c != ' ' {
                return Some(c);
            }
        }
    };
    let context = |i: usize| near(i, true).is_some_and(is_chinese) || near(i, false).is_some_and(is_chinese);
    // Chinese characters before each position, so "is there Chinese inside this bracket pair"
    // costs O(1) even for deeply nested brackets.
    let mut chinese_before = Vec::with_capacity(chars.len() + 1);
    chinese_before.push(0usize);
    for &c in &chars {
        let last = chinese_before.last().copied().unwrap_or(0);
        chinese_before.push(last + usize::from(is_chinese(c)));
    }
    let mut convert = vec![false; chars.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => match open.pop() {
                Some(start) => {
                    let inside = chinese_before[i] > chinese_before[start + 1];
                    let pair = inside || near(start, true).is_some_and(is_chinese) || near(i, false).is_some_and(is_chinese);
                    convert[start] = pair;
                    convert[i] = pair;
                }
                None => convert[i] = context(i),
            },
            ',' | ':' => {
                let digits = i > 0 && chars.get(i - 1).is_some_and(char::is_ascii_digit) && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                convert[i] = !digits && context(i);
            }
            ';' | '?' | '!' => convert[i] = context(i),
            _ => {}
        }
    }
    for start in open {
        convert[start] = context(start);
    }
    let mut kinds: Vec<char> = Vec::new();
    let mut count = 0;
    let fixed: String = chars
        .iter()
        .zip(&convert)
        .map(|(&c, &conv)| match (conv, full(c)) {
            (true, Some(f)) => {
                count += 1;
                if !kinds.contains(&c) {
                    kinds.push(c);
                }
                f
            }
            _ => c,
        })
        .collect();
    if count == 0 {
        return None;
    }
    let kinds = kinds.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" ");
    Some((fixed, count, kinds))
}

#[cfg(test)]
mod tests {
    use super::to_fullwidth;

    #[test]
    fn converts_only_in_chinese_context() {
        let fixed = |s: &str| to_fullwidth(s).map(|(f, _, _)| f);
        assert_eq!(fixed("学习,提高;效果:好(很好)吗?是!").as_deref(), Some("学习，提高；效果：好（很好）吗？是！"));
        assert_eq!(fixed("共1,000人,10:30开会").as_deref(), Some("共1,000人，10:30开会"));
        assert_eq!(fixed("运用(PDCA)循环").as_deref(), Some("运用（PDCA）循环"));
        assert_eq!(fixed("see (a), b: c"), None);
        assert_eq!(fixed("全角，无需修改"), None);
        assert_eq!(fixed("孤立的(括号").as_deref(), Some("孤立的（括号"));
    }
}
