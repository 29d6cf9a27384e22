//! The portal's settings for new reports, natively: which template and which 单位/年度 a new
//! report starts with, and what is reported when a setting can't be used.

mod common;

use common::default_template;
use shuzhi::app::portal::{Boot, Portal, PortalWarning, TemplateProblem};
use shuzhi::report::config::{number_text, Json};
use shuzhi::report::{builtin, Draft};

const ORIGIN: &str = "https://apps.example.gov.cn";

fn boot(search: &str) -> Boot {
    Boot { search: search.into(), own_origin: ORIGIN.into(), ..Boot::default() }
}

fn portal_template_json(id: &str) -> String {
    let mut template = default_template();
    template.id = id.into();
    template.name = "机关党支部述职报告".into();
    template.to_json()
}

#[test]
fn a_query_fills_a_new_report_but_never_a_written_one() {
    let portal = Portal::read(boot("?org=%E6%9C%BA%E5%85%B3%E7%AC%AC%E4%B8%80%E5%85%9A%E6%94%AF%E9%83%A8&year=2025&template=geren-shuzhi"));
    assert!(portal.warnings.is_empty(), "{:?}", portal.warnings);
    assert_eq!(portal.default_template().id, "geren-shuzhi");
    let blank = default_template();
    let (template, draft) = portal.on_start(blank.clone(), Draft::new(&blank));
    assert_eq!(template.id, "geren-shuzhi");
    assert_eq!((draft.info("org"), draft.info("year")), ("机关第一党支部", "2025"));
    let mut written = Draft::new(&blank);
    written.intro = "已经写了".into();
    let (template, draft) = portal.on_start(blank.clone(), written.clone());
    assert_eq!((template.id.as_str(), draft), (blank.id.as_str(), written));
}

#[test]
fn nothing_configured_changes_nothing() {
    let portal = Portal::read(boot(""));
    assert!(!portal.configures_new_reports());
    let blank = default_template();
    assert_eq!(portal.on_start(blank.clone(), Draft::new(&blank)), (blank.clone(), Draft::new(&blank)));
}

#[test]
fn the_portals_template_file_is_used_when_it_reads() {
    let url = format!("{ORIGIN}/templates/jiguan.json");
    let fetched = Boot {
        config: Some(Ok(Json::Object(vec![("templateUrl".into(), Json::String(url.clone()))]))),
        template_url: Some(url.clone()),
        template: Some(portal_template_json("jiguan")),
        ..boot("")
    };
    let portal = Portal::read(fetched.clone());
    assert!(portal.warnings.is_empty(), "{:?}", portal.warnings);
    assert_eq!(portal.default_template().id, "jiguan");

    // (what went wrong, what the loader reported, the problem named)
    let cases: Vec<(&str, Boot, TemplateProblem)> = vec![
        ("fetched another address", Boot { template_url: Some("x".into()), ..fetched.clone() }, TemplateProblem::NotFetched),
        ("server said 404", Boot { template_error: Some("HTTP 404".into()), ..fetched.clone() }, TemplateProblem::Http("HTTP 404".into())),
        ("another site", Boot { template_error: Some("cross-origin".into()), ..fetched.clone() }, TemplateProblem::CrossOrigin),
        ("empty file", Boot { template: Some(String::new()), ..fetched.clone() }, TemplateProblem::Empty),
        (
            "a built-in id",
            Boot { template: Some(portal_template_json("dangjian-shuzhi")), ..fetched.clone() },
            TemplateProblem::BuiltinId("dangjian-shuzhi".into()),
        ),
    ];
    for (what, boot, problem) in cases {
        let portal = Portal::read(boot);
        assert_eq!(portal.template, None, "{what}");
        assert_eq!(portal.default_template(), builtin("dangjian-shuzhi").expect("default"), "{what}");
        match portal.warnings.as_slice() {
            [PortalWarning::Template { why, .. }] => assert_eq!(why, &problem, "{what}"),
            other => panic!("{what}: {other:?}"),
        }
    }
    let broken = Portal::read(Boot { template: Some("{".into()), ..fetched });
    assert!(matches!(broken.warnings.as_slice(), [PortalWarning::Template { why: TemplateProblem::Invalid(_), .. }]));
}

#[test]
fn bad_settings_are_listed_and_the_rest_still_used() {
    let portal = Portal::read(Boot { config_error: Some("HTTP 500".into()), ..boot("?year=abc&org=%E6%9C%BA%E5%85%B3") });
    assert!(portal.warnings.contains(&PortalWarning::ConfigUnreadable("HTTP 500".into())));
    assert!(portal.warnings.iter().any(|w| matches!(w, PortalWarning::Setting(_))), "{:?}", portal.warnings);
    assert_eq!(portal.config.org.as_deref(), Some("机关"));
}

#[test]
fn numbers_in_messages_read_as_before_without_the_float_formatter() {
    for n in [0.0, 2025.0, -3.0, 1.5, 0.25, -2.125, 12.345678, 1e20, f64::NAN, f64::INFINITY] {
        assert_eq!(number_text(n), n.to_string(), "{n}");
    }
}
