//! A bounded, proptest-driven mutator over real .docx files (issue 18): the Word files of
//! tests/fixtures/import/ and our own export, damaged at the byte level (cut, flipped, overwritten)
//! or inside their XML parts (slices deleted, repeated, swapped; hostile snippets inserted) and
//! zipped again. Every mutant is imported in-process: it imports or is refused with a message,
//! never a panic, each within a time limit. 600 mutants, a few seconds in all.

mod common;

use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};

use common::*;
use proptest::prelude::*;
use proptest::sample::Index;
use shuzhi::report::import::{decode_native, import_file};
use shuzhi::report::{render, Format};

/// Every real .docx we have: the fixtures and our export of the sample (read once).
fn sources() -> &'static [Vec<u8>] {
    static SOURCES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SOURCES.get_or_init(read_sources)
}

fn read_sources() -> Vec<Vec<u8>> {
    let mut out = vec![render(&sample_draft(), &default_template(), Format::Docx).expect("renders")];
    let mut paths: Vec<_> = std::fs::read_dir(fixture_path("import"))
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    paths.sort();
    out.extend(paths.iter().map(|p| std::fs::read(p).expect("fixture")));
    assert!(out.len() >= 3, "fixtures found: {}", out.len());
    out
}

/// The parts of a package, in order.
fn unzip(docx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a real .docx is a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let name = file.name().expect("name").to_string();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read");
            (name, bytes)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        // Mutations may make two names equal; the second is then left out.
        if zip.start_file(name.as_str(), options).is_ok() {
            zip.write_all(bytes).expect("write");
        }
    }
    zip.finish().expect("finish").into_inner()
}

/// Snippets that have hurt XML readers.
const SNIPPETS: &[&str] = &[
    "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>",
    "<!ENTITY x SYSTEM \"file:///etc/passwd\">&x;",
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:t xml:space=\"preserve\">", "<w:br/>", "<w:tab/>",
    "<w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"1\"/></w:numPr>",
    "<w:numPr><w:ilvl w:val=\"99999999999\"/><w:numId w:val=\"-1\"/></w:numPr>",
    "<w:lvlText w:val=\"%1.%2.%3.%4.%5.%6.%7.%8.%9.%1%1%1\"/>",
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>",
    "<mc:AlternateContent><mc:Fallback>", "</mc:Fallback>", "<w:delText>", "<w:moveFrom>",
    "&#0;", "&#x1B;", "&#xFFFE;", "&#1114112;", "&amp;", "&lt;", "&", "<", "]]>", "<![CDATA[",
    "\u{0}", "\u{1B}[2J", "\u{202E}", "\u{FFFF}", "\u{FEFF}", "xmlns:w=\"urn:wrong\"", "xmlns=\"\"",
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<w:p w:a=\"1\" w:a=\"2\">", "一、主要工作情况", "1.政治建设。",
    "{\"kind\":\"shuzhi-draft\",\"version\":1,\"draft\":{\"template_id\":\"dangjian-shuzhi\",\"sections\":[{\"id\":\"work\",\"items\":[{\"id\":1},{\"id\":1}]}],\"next_id\":18446744073709551615}}",
];

/// One change to a package.
#[derive(Debug, Clone)]
enum Mutation {
    /// Keep only the first part of the file's bytes.
    Cut(Index),
    /// XOR bytes at a few places.
    Flip(Vec<(Index, u8)>),
    /// Inside one part: delete a slice.
    Delete { part: Index, at: Index, len: usize },
    /// Inside one part: repeat a slice (bounded: ≤ 512 bytes, ≤ 8 times).
    Repeat { part: Index, at: Index, len: usize, times: usize },
    /// Inside one part: insert a snippet.
    Insert { part: Index, at: Index, snippet: Index },
    /// Inside one part: swap two slices.
    Swap { part: Index, a: Index, b: Index, len: usize },
    /// Drop a whole part.
    DropPart(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::Cut),
        2 => prop::collection::vec((any::<Index>(), 1u8..=255), 1..8).prop_map(Mutation::Flip),
        3 => (any::<Index>(), any::<Index>(), 1usize..2000).prop_map(|(part, at, len)| Mutation::Delete { part, at, len }),
        3 => (any::<Index>(), any::<Index>(), 1usize..512, 2usize..=8).prop_map(|(part, at, len, times)| Mutation::Repeat { part, at, len, times }),
        4 => (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(part, at, snippet)| Mutation::Insert { part, at, snippet }),
        2 => (any::<Index>(), any::<Index>(), any::<Index>(), 1usize..400).prop_map(|(part, a, b, len)| Mutation::Swap { part, a, b, len }),
        1 => any::<Index>().prop_map(Mutation::DropPart),
    ]
}

/// The byte range `[at, at + len)` of `bytes`, clamped.
fn span(bytes: &[u8], at: &Index, len: usize) -> (usize, usize) {
    let start = at.index(bytes.len() + 1).min(bytes.len());
    (start, (start + len).min(bytes.len()))
}

fn mutate_part(parts: &mut [(String, Vec<u8>)], mutation: &Mutation) {
    if parts.is_empty() {
        return;
    }
    let which = |part: &Index| part.index(parts.len());
    match mutation {
        Mutation::Delete { part, at, len } => {
            let bytes = &mut parts[which(part)].1;
            let (a, b) = span(bytes, at, *len);
            bytes.drain(a..b);
        }
        Mutation::Repeat { part, at, len, times } => {
            let bytes = &mut parts[which(part)].1;
            let (a, b) = span(bytes, at, *len);
            let slice = bytes[a..b].to_vec();
            let insert: Vec<u8> = slice.repeat(*times);
            bytes.splice(b..b, insert);
        }
        Mutation::Insert { part, at, snippet } => {
            let bytes = &mut parts[which(part)].1;
            let (a, _) = span(bytes, at, 0);
            let text = SNIPPETS[snippet.index(SNIPPETS.len())].as_bytes().to_vec();
            bytes.splice(a..a, text);
        }
        Mutation::Swap { part, a, b, len } => {
            let bytes = &mut parts[which(part)].1;
            let (a0, a1) = span(bytes, a, *len);
            let (b0, b1) = span(bytes, b, *len);
            if a1 <= b0 || b1 <= a0 {
                let (x, y) = (bytes[a0..a1].to_vec(), bytes[b0..b1].to_vec());
                let (first, second) = if a0 < b0 { ((a0, a1, y), (b0, b1, x)) } else { ((b0, b1, x), (a0, a1, y)) };
                bytes.splice(second.0..second.1, second.2);
                bytes.splice(first.0..first.1, first.2);
            }
        }
        Mutation::Cut(_) | Mutation::Flip(_) | Mutation::DropPart(_) => {}
    }
}

/// Applies the mutations: part-level ones on the unzipped parts (then zipped again), byte-level
/// ones on the package's bytes.
fn mutant(source: &[u8], mutations: &[Mutation], deflate: bool) -> Vec<u8> {
    let mut parts = unzip(source);
    for m in mutations {
        if let Mutation::DropPart(i) = m {
            if !parts.is_empty() {
                let at = i.index(parts.len());
                parts.remove(at);
            }
        } else {
            mutate_part(&mut parts, m);
        }
    }
    let mut bytes = rezip(&parts, deflate);
    for m in mutations {
        match m {
            Mutation::Cut(at) => bytes.truncate(at.index(bytes.len() + 1)),
            Mutation::Flip(flips) => {
                for (at, mask) in flips {
                    if !bytes.is_empty() {
                        let i = at.index(bytes.len());
                        bytes[i] ^= mask;
                    }
                }
            }
            _ => {}
        }
    }
    bytes
}

/// Per mutant: a debug-build import of these ≤ 100 KB files takes milliseconds.
const TIME_LIMIT: Duration = Duration::from_secs(5);

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_word_files_import_or_are_refused(
        source in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..5),
        deflate in any::<bool>(),
        name in prop::sample::select(vec!["报告.docx", "报告.txt", "报告"]),
    ) {
        let sources = sources();
        let source = &sources[source.index(sources.len())];
        let bytes = mutant(source, &mutations, deflate);
        let start = Instant::now();
        let result = import_file(name, &bytes, &default_template(), &decode_native);
        let took = start.elapsed();
        prop_assert!(took < TIME_LIMIT, "{took:?} for {mutations:?}");
        match result {
            Ok(imported) => {
                prop_assert_eq!(imported.draft.sections.len(), default_template().sections.len());
                // What was imported exports again.
                prop_assert!(render(&imported.draft, &default_template(), Format::Docx).is_ok_and(|bytes| !bytes.is_empty()));
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "{message}");
            }
        }
    }
}
