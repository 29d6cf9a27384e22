//! Numeric facts (学习次数, 党课 …) composed into the sentence reviewers expect to read, and put
//! into an item's text once: a second insertion or a changed number updates the sentence.

use std::collections::BTreeMap;

use super::template::Template;

/// `全年共开展集体政治理论学习19次，上党课2次……。` for the given fact keys that have values, in the
/// order given; empty when none has a value.
pub fn compose(template: &Template, keys: &[String], values: &BTreeMap<String, u32>) -> String {
    let clauses: Vec<String> = keys
        .iter()
        .filter_map(|key| {
            let spec = template.fact(key)?;
            let n = values.get(key)?;
            Some(spec.phrase.replace("{n}", &n.to_string()))
        })
        .collect();
    if clauses.is_empty() {
        return String::new();
    }
    format!("全年共{}。", clauses.join("，"))
}

/// What 数据速填 does with an item's text: add the sentence, put it in place of the one it wrote
/// before (a number changed since), or nothing — the same sentence is already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// The text with the sentence added at the end.
    Added(String),
    /// The text with its earlier facts sentence replaced by the new one.
    Updated(String),
    /// The text already holds exactly this sentence.
    Present,
}

/// Where `sentence` (`compose`'s, for `keys`) goes in `text`: it replaces an earlier sentence of
/// the same shape — `全年共` and clauses of these facts' phrases with any numbers, ending `。` —
/// so inserting twice never duplicates it and a changed number updates the old sentence.
pub fn place(template: &Template, keys: &[String], text: &str, sentence: &str) -> Placed {
    match find_sentence(template, keys, text) {
        Some(range) if text.get(range.clone()) == Some(sentence) => Placed::Present,
        Some(range) => {
            let mut out = text.to_string();
            out.replace_range(range, sentence);
            Placed::Updated(out)
        }
        None => Placed::Added(format!("{text}{sentence}")),
    }
}

/// The byte range of the first facts sentence in `text` (see `place`).
fn find_sentence(template: &Template, keys: &[String], text: &str) -> Option<std::ops::Range<usize>> {
    const OPENING: &str = "全年共";
    let phrases: Vec<(&str, &str)> = keys
        .iter()
        .filter_map(|key| template.fact(key)?.phrase.split_once("{n}"))
        .collect();
    let is_clause = |clause: &str| {
        phrases.iter().any(|(before, after)| {
            let digits = clause.strip_prefix(before).and_then(|rest| rest.strip_suffix(after));
            digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    text.match_indices(OPENING).find_map(|(start, _)| {
        let rest = &text[start + OPENING.len()..];
        let end = rest.find('。')?;
        let clauses = &rest[..end];
        let all = !clauses.contains('\n') && clauses.split('，').all(is_clause);
        all.then(|| start..start + OPENING.len() + end + '。'.len_utf8())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::template::default_template;

    #[test]
    fn composes_the_sample_sentence() {
        let template = default_template();
        let keys: Vec<String> = ["study", "lecture", "seminar", "theme_day"].map(String::from).to_vec();
        let values: BTreeMap<String, u32> =
            [("study", 19), ("lecture", 2), ("seminar", 2), ("theme_day", 8)].map(|(k, v)| (k.to_string(), v)).into();
        assert_eq!(
            compose(&template, &keys, &values),
            "全年共开展集体政治理论学习19次，上党课2次，听专题讲座2次，开展主题党日活动8次。"
        );
        assert_eq!(compose(&template, &keys, &BTreeMap::new()), "");
    }

    #[test]
    fn placing_the_sentence_twice_keeps_one_and_a_new_number_updates_it() {
        let template = default_template();
        let keys: Vec<String> = ["study", "lecture"].map(String::from).to_vec();
        let values = |study: u32| -> BTreeMap<String, u32> { [("study".to_string(), study), ("lecture".to_string(), 2)].into() };
        let first = compose(&template, &keys, &values(19));
        let Placed::Added(text) = place(&template, &keys, "一是提高政治站位。", &first) else { panic!("not added") };
        assert_eq!(text, format!("一是提高政治站位。{first}"));
        let text = format!("{text}二是落实责任制。");
        assert_eq!(place(&template, &keys, &text, &first), Placed::Present);
        let second = compose(&template, &keys, &values(20));
        assert_eq!(
            place(&template, &keys, &text, &second),
            Placed::Updated("一是提高政治站位。全年共开展集体政治理论学习20次，上党课2次。二是落实责任制。".into())
        );
        // An earlier sentence with fewer facts is replaced as well; prose that merely starts alike is not.
        let fewer = "全年共上党课2次。";
        assert_eq!(place(&template, &keys, fewer, &second), Placed::Updated(second.clone()));
        let prose = "全年共开展各类活动多次。";
        assert_eq!(place(&template, &keys, prose, &second), Placed::Added(format!("{prose}{second}")));
    }
}
