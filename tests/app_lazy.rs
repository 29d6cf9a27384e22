//! The lazy part's jobs as they travel (JSON out, JSON back): the template check explains a bad
//! file with the full reader's words, a good one passes, the Word file comes back as bytes (the
//! last one again only for the same draft and template), and a message neither side wrote is
//! answered as malformed.

mod common;

use common::*;
use shuzhi::app::lazy::{answer, job_text, render_docx_text, reply_of, resend_template, Job, Reply};
use shuzhi::report::outline;
use shuzhi::report::render::docx;
use shuzhi::report::{Draft, Template};

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

fn job_of(text: &str) -> Job {
    serde_json::from_str(text).expect("a job")
}

#[test]
fn the_word_job_carries_its_template_only_when_it_changed() {
    let (draft, template) = (sample_draft(), default_template());
    let first = render_docx_text(&draft, &template);
    let full = Job::RenderDocx { draft: draft.clone(), template: template.clone(), template_id: 1 };
    assert_eq!((job_of(&first), first), (full.clone(), job_text(&full)));
    let again = render_docx_text(&draft, &template);
    assert_eq!(job_of(&again), Job::RenderDocxAgain { draft: draft.clone(), template_id: 1 });
    assert!(again.len() < job_text(&full).len() / 2, "the template is most of the job");
    let mut other = template.clone();
    other.name.push('二');
    assert_eq!(job_of(&render_docx_text(&draft, &other)), Job::RenderDocx { draft: draft.clone(), template: other.clone(), template_id: 2 });
    // Back to the first template: a new number (the worker keeps one template).
    assert_eq!(job_of(&render_docx_text(&draft, &template)), Job::RenderDocx { draft: draft.clone(), template: template.clone(), template_id: 3 });
    resend_template();
    assert_eq!(job_of(&render_docx_text(&draft, &template)), Job::RenderDocx { draft, template, template_id: 4 });
}

#[test]
fn the_worker_writes_with_the_template_kept_under_that_number_or_asks_for_it() {
    let (draft, template) = (sample_draft(), default_template());
    let other = Template::from_json(&fixture("templates/valid/minimal.json")).expect("valid fixture");
    let again = |id| run(&Job::RenderDocxAgain { draft: draft.clone(), template_id: id });
    assert_eq!(again(1), (Reply::TemplateGone, None), "a new worker keeps nothing");
    let fresh = |template| docx::render(&outline(&draft, template), &draft).expect("renders");
    assert_eq!(run(&Job::RenderDocx { draft: draft.clone(), template: template.clone(), template_id: 1 }), (Reply::Docx, Some(fresh(&template))));
    assert_eq!(again(1), (Reply::Docx, Some(fresh(&template))));
    assert_eq!(run(&Job::RenderDocx { draft: draft.clone(), template: other.clone(), template_id: 2 }), (Reply::Docx, Some(fresh(&other))));
    assert_ne!(fresh(&template), fresh(&other), "the templates give different files");
    assert_eq!(again(2), (Reply::Docx, Some(fresh(&other))));
    assert_eq!(again(1), (Reply::TemplateGone, None), "number 1 is no longer kept");
}

#[test]
fn the_last_word_file_is_given_again_only_for_the_same_draft_and_template_number() {
    let (draft, template) = (sample_draft(), default_template());
    let other = Template::from_json(&fixture("templates/valid/minimal.json")).expect("valid fixture");
    let mut edited = draft.clone();
    edited.intro.push_str("特此说明。");
    let fresh = |draft: &Draft, template| docx::render(&outline(draft, template), draft).expect("renders");
    assert_ne!(fresh(&edited, &template), fresh(&draft, &template), "the edit changes the file");
    let again = |draft: &Draft, id| run(&Job::RenderDocxAgain { draft: draft.clone(), template_id: id }).1;
    assert_eq!(run(&Job::RenderDocx { draft: draft.clone(), template: template.clone(), template_id: 1 }).1, Some(fresh(&draft, &template)));
    assert_eq!(again(&draft, 1), Some(fresh(&draft, &template)), "the same pair: the same file");
    assert_eq!(again(&edited, 1), Some(fresh(&edited, &template)), "an edit since: written again");
    assert_eq!(again(&draft, 1), Some(fresh(&draft, &template)), "and back");
    let with_other = run(&Job::RenderDocx { draft: draft.clone(), template: other.clone(), template_id: 2 }).1;
    assert_eq!(with_other, Some(fresh(&draft, &other)), "the same draft with another template: that template's file");
}

#[test]
fn the_word_file_comes_back_as_bytes() {
    let (reply, bytes) = run(&Job::RenderDocx { draft: sample_draft(), template: default_template(), template_id: 1 });
    assert_eq!(reply, Reply::Docx);
    assert!(bytes.is_some_and(|b| b.starts_with(b"PK")), "a zip file");
}

#[test]
fn a_message_neither_side_wrote_is_malformed() {
    let (text, bytes) = answer("{\"Unknown\":1}", None, &|_, _| None);
    assert_eq!((reply_of(&text), bytes), (Reply::Malformed, None));
    assert_eq!(reply_of("not json"), Reply::Malformed);
}

/// A Word file written from a draft of a loaded template carries that draft; the page sends every
/// template it has, so the draft opens exactly (the lazy part carries no templates of its own).
/// Without its template the file is read by its text instead, and the user is told.
#[test]
fn a_word_file_of_a_loaded_template_opens_its_draft_when_the_page_sends_the_template() {
    let custom = Template::from_json(&fixture("templates/valid/minimal.json")).expect("valid fixture");
    let mut draft = shuzhi::report::Draft::new(&custom);
    draft.info.insert("year".into(), "2025".into());
    draft.intro = "一年来，支部认真履行管党治党责任。".into();
    let (_, docx) = run(&Job::RenderDocx { draft: draft.clone(), template: custom.clone(), template_id: 1 });
    let docx = docx.expect("a Word file");
    let import = |known: Vec<Template>| {
        let job = Job::ImportFile { name: "报告.docx".into(), template: default_template(), known };
        match reply_of(&answer(&job_text(&job), Some(docx.clone()), &|_, _| None).0) {
            Reply::Imported(imported) => *imported,
            other => panic!("not imported: {other:?}"),
        }
    };
    let opened = import(vec![default_template(), custom.clone()]);
    assert_eq!((opened.draft.template_id.as_str(), opened.draft.intro.as_str()), ("minimal-test", draft.intro.as_str()));
    assert!(opened.diagnostics.iter().any(|d| d.message.contains("已打开其中保存的草稿")), "{:?}", opened.diagnostics);
    let reread = import(vec![default_template()]);
    assert!(reread.diagnostics.iter().any(|d| d.message.contains("按文件中的文字重新识别")), "{:?}", reread.diagnostics);
}

/// Next year's draft is grown in the lazy part exactly as the core grows it.
#[test]
fn next_years_draft_comes_back_as_the_core_grows_it() {
    let last = sample_draft();
    let (reply, bytes) = run(&Job::NextYear { last: last.clone(), template: default_template() });
    let expected = shuzhi::report::yearly::next_year(&last, &default_template()).0;
    assert_eq!((reply, bytes), (Reply::NextYear(Box::new(expected)), None));
}
