//! The lazy part's jobs as they travel (JSON out, JSON back): the template check explains a bad
//! file with the full reader's words, a good one passes, the Word file comes back as bytes, and a
//! message neither side wrote is answered as malformed.

mod common;

use common::*;
use shuzhi::app::lazy::{answer, job_text, reply_of, Job, Reply};
use shuzhi::report::Template;

fn run(job: &Job) -> (Reply, Option<Vec<u8>>) {
    let (text, bytes) = answer(&job_text(job), None, &|_, _| None);
    (reply_of(&text), bytes)
}

#[test]
fn a_bad_template_file_is_explained_with_the_field_it_names() {
    for name in ["wrong-section-kind", "missing-comma", "missing-field", "empty-id"] {
        let json = fixture(&format!("templates/{name}.json"));
        let expected = Template::from_json(&json).expect_err("the fixture is invalid").to_string();
        assert_eq!(run(&Job::CheckTemplate { json }).0, Reply::Refused(expected), "{name}");
    }
}

#[test]
fn a_good_template_file_passes() {
    let json = fixture("templates/valid/minimal.json");
    assert_eq!(run(&Job::CheckTemplate { json }), (Reply::TemplateValid, None));
    let json = default_template().to_json();
    assert_eq!(run(&Job::CheckTemplate { json }).0, Reply::TemplateValid);
}

#[test]
fn the_word_file_comes_back_as_bytes() {
    let (reply, bytes) = run(&Job::RenderDocx { draft: sample_draft(), template: default_template() });
    assert_eq!(reply, Reply::Docx);
    assert!(bytes.is_some_and(|b| b.starts_with(b"PK")), "a zip file");
}

#[test]
fn a_message_neither_side_wrote_is_malformed() {
    let (text, bytes) = answer("{\"Unknown\":1}", None, &|_, _| None);
    assert_eq!((reply_of(&text), bytes), (Reply::Malformed, None));
    assert_eq!(reply_of("not json"), Reply::Malformed);
}
