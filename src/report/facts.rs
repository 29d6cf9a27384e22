//! Numeric facts (学习次数, 党课 …) composed into the sentence reviewers expect to read.

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
}
