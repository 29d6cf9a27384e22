//! The Word writer the app's worker keeps (`docx::Writer`, `render::package`): its package is the
//! one the `zip` crate's writer makes of the same parts, byte for byte, and a writer that has
//! compressed the draft-independent parts once gives the same bytes as a fresh one — also after
//! the layout those parts follow (styles) changed.

mod common;

use std::io::{Cursor, Read, Write};

use common::*;
use shuzhi::report::render::docx::{self, Writer};
use shuzhi::report::{outline, Draft, LinePitch};

/// The package's parts in their order, as (name, text).
fn parts(docx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).expect("a part");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("readable");
            (file.name().expect("a name").to_string(), bytes)
        })
        .collect()
}

/// The same parts packed by the `zip` crate's writer as the writer did before it was replaced
/// (deflate level 1, the 1980 timestamp).
fn zip_crate_package(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

fn with_layout(pitch: LinePitch, bold: bool) -> Draft {
    let mut draft = sample_draft();
    draft.layout.line_pitch = pitch;
    draft.layout.bold_subheadings = bold;
    draft
}

fn fresh(draft: &Draft) -> Vec<u8> {
    docx::render(&outline(draft, &default_template()), draft).expect("renders")
}

#[test]
fn the_package_is_the_zip_crates_byte_for_byte() {
    let big = draft_from_texts(&(0..9).map(|i| format!("第{i}段：“落实”…… & <标记>\n").repeat(400)).collect::<Vec<_>>());
    // Text that hardly compresses: the deflater runs out of room and resumes.
    let mut seed = 7u32;
    let mut noise = || {
        (0..9)
            .map(|_| {
                (0..6000)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                        char::from_u32(0x4e00 + (seed >> 16) % 0x5000).unwrap_or('中')
                    })
                    .collect()
            })
            .collect::<Vec<String>>()
    };
    let noisy = draft_from_texts(&noise());
    for draft in [sample_draft(), with_layout(LinePitch::Pt28, true), big, noisy, Draft::new(&default_template())] {
        let ours = fresh(&draft);
        assert_eq!(ours, zip_crate_package(&parts(&ours)));
    }
}

#[test]
fn a_writer_that_reuses_parts_gives_a_fresh_writers_bytes() {
    let mut writer = Writer::default();
    let template = default_template();
    let mut drafts = vec![sample_draft(), sample_draft()];
    for pitch in LinePitch::ALL {
        for bold in [false, true] {
            drafts.push(with_layout(pitch, bold));
        }
    }
    let mut other = sample_draft();
    other.intro = "另一份草稿的开头。".into();
    drafts.extend([other, sample_draft()]);
    for draft in &drafts {
        assert_eq!(writer.render(&outline(draft, &template), draft).expect("renders"), fresh(draft));
    }
}

#[test]
fn a_changed_layout_is_not_served_the_cached_styles() {
    let (before, after) = (with_layout(LinePitch::Pt28_95, false), with_layout(LinePitch::Pt29_6, true));
    let styles = |docx: &[u8]| parts(docx).into_iter().find(|(name, _)| name == "word/styles.xml").map(|(_, text)| text);
    // The test means something only if the two layouts' styles differ.
    assert_ne!(styles(&fresh(&before)), styles(&fresh(&after)));
    let mut writer = Writer::default();
    let template = default_template();
    writer.render(&outline(&before, &template), &before).expect("renders");
    let reused = writer.render(&outline(&after, &template), &after).expect("renders");
    assert_eq!(styles(&reused), styles(&fresh(&after)));
    assert_eq!(reused, fresh(&after));
}
