//! The hostile corpus (issue 18): files crafted to hurt a reader — zip bombs, entity expansion,
//! external entities, deep XML, huge counts, bad encodings, control and bidirectional characters,
//! duplicate and out-of-range ids, oversized templates and backups — generated here, offline, from
//! nothing but the code. `tests/hostile.rs` runs each through the CLI with a time and memory
//! limit; `scripts/hostile-corpus.sh DIR` writes them out to look at.

use std::io::Write;

use serde_json::{json, Value};
use shuzhi::report::{render, storage, Format};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// What the CLI does with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// `shuzhi import FILE -o out.json`, then `shuzhi check out.json` when it imported.
    Import,
    /// `shuzhi check FILE`.
    Check,
    /// `shuzhi template validate FILE`, and `shuzhi export sample --template FILE`.
    Template,
    /// `shuzhi backup show FILE`.
    Backup,
}

/// One hostile file.
pub struct Case {
    pub name: String,
    pub bytes: Vec<u8>,
    pub run: Run,
    /// Exit code and words its message must hold, where the outcome is not just “no harm”.
    pub expect: Option<(i32, &'static str)>,
}

fn case(name: &str, bytes: Vec<u8>, run: Run) -> Case {
    Case { name: name.to_string(), bytes, run, expect: None }
}

fn expecting(name: &str, bytes: Vec<u8>, run: Run, code: i32, words: &'static str) -> Case {
    Case { name: name.to_string(), bytes, run, expect: Some((code, words)) }
}

/// Every case, in a stable order.
pub fn corpus() -> Vec<Case> {
    [Run::Import, Run::Check, Run::Template, Run::Backup].into_iter().flat_map(cases).collect()
}

/// The cases run one way (generated only when asked for: some take a second to build).
pub fn cases(run: Run) -> Vec<Case> {
    match run {
        Run::Import => docx_cases().into_iter().chain(text_cases()).collect(),
        Run::Check => draft_cases(),
        Run::Template => template_cases(),
        Run::Backup => backup_cases(),
    }
}

// ---------------------------------------------------------------------------------------------
// Word files

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A part of a package: its name and its content, produced in pieces so a 64 MB part is never
/// held in memory.
struct Part {
    name: String,
    pieces: Box<dyn Iterator<Item = Vec<u8>>>,
}

fn part(name: &str, content: impl Into<Vec<u8>>) -> Part {
    Part { name: name.to_string(), pieces: Box::new(std::iter::once(content.into())) }
}

/// `head`, then `body` `times` times, then `tail`.
fn repeated(name: &str, head: &str, body: &str, times: usize, tail: &str) -> Part {
    let (head, body, tail) = (head.as_bytes().to_vec(), body.as_bytes().to_vec(), tail.as_bytes().to_vec());
    // Bodies are grouped into ≈ 1 MB pieces.
    let per_piece = (1 << 20) / body.len().max(1) + 1;
    let pieces = (0..times.div_ceil(per_piece)).map(move |i| body.repeat(per_piece.min(times - i * per_piece)));
    Part { name: name.to_string(), pieces: Box::new(std::iter::once(head).chain(pieces).chain(std::iter::once(tail))) }
}

fn package(parts: Vec<Part>) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).compression_level(Some(1)).large_file(true);
    for part in parts {
        zip.start_file(part.name, options).expect("start a part");
        for piece in part.pieces {
            zip.write_all(&piece).expect("write a part");
        }
    }
    zip.finish().expect("finish the package").into_inner()
}

/// A .docx with these parts besides the content types and the package relationships.
fn docx(parts: Vec<Part>) -> Vec<u8> {
    let mut all = vec![part("[Content_Types].xml", CONTENT_TYPES), part("_rels/.rels", RELS)];
    all.extend(parts);
    package(all)
}

fn document(body: &str) -> Part {
    part("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#))
}

fn paragraph(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn numbered(num_id: usize, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn numbering(inner: impl Into<String>) -> Part {
    part("word/numbering.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{}</w:numbering>"#, inner.into()))
}

fn abstract_num(id: usize, lvl_text: &str) -> String {
    format!(r#"<w:abstractNum w:abstractNumId="{id}"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum>"#)
}

fn num(id: usize, abstract_id: usize) -> String {
    format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>"#)
}

/// Our own export of the sample, and parts of it replaced.
fn our_docx() -> Vec<u8> {
    render(&sample_draft(), &default_template(), Format::Docx).expect("renders")
}

fn with_part(docx: &[u8], name: &str, content: Vec<u8>) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("our export is a zip");
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let entry = file.name().expect("entry name").to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).expect("read entry");
        parts.push(part(&entry, if entry == name { content.clone() } else { bytes }));
    }
    package(parts)
}

/// A bomb's part: 384 × 64 KB = 24 MB of spaces, past the reader's 20 MB cap per part, in
/// ≈ 25 KB of deflate. (How far past does not matter: the reader stops one byte after the cap,
/// and refuses a part whose declared size is over it before reading anything.)
const BOMB_PIECES: usize = 384;

fn docx_cases() -> Vec<Case> {
    let bomb = |name: &str, inner: &str| {
        let (head, tail) = if inner == "word/document.xml" {
            (format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>"#), "</w:t></w:r></w:p></w:body></w:document>".to_string())
        } else {
            (String::new(), String::new())
        };
        let mut parts = vec![part("[Content_Types].xml", CONTENT_TYPES), repeated(inner, &head, &" ".repeat(1 << 16), BOMB_PIECES, &tail)];
        if inner != "_rels/.rels" {
            parts.push(part("_rels/.rels", RELS));
        }
        if inner != "word/document.xml" {
            parts.push(document(&paragraph("正文")));
        }
        // The main part over the cap is a refusal; an optional one (numbering, our embedded
        // draft, the package relationships) is left out and the text still imports.
        match inner {
            "word/document.xml" => expecting(name, package(parts), Run::Import, 2, "20 MB"),
            _ => case(name, package(parts), Run::Import),
        }
    };
    let billion_laughs = {
        let mut dtd = String::from(r#"<!DOCTYPE w:document [<!ENTITY lol0 "哈哈哈哈哈哈哈哈哈哈">"#);
        for i in 1..10 {
            let refs = format!("&lol{};", i - 1).repeat(10);
            dtd.push_str(&format!(r#"<!ENTITY lol{i} "{refs}">"#));
        }
        dtd.push_str("]>");
        format!(r#"<?xml version="1.0"?>{dtd}<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#, paragraph("&lol9;"))
    };
    let external = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % remote SYSTEM "http://example.invalid/x.dtd">%remote;]><w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
        paragraph("&xxe;")
    );
    let deep = |element: &str, depth: usize| {
        let open = format!("<w:{element}>").repeat(depth);
        let close = format!("</w:{element}>").repeat(depth);
        document(&format!("{open}{}{close}", paragraph("深")))
    };
    let many_attributes: String = (0..100_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let many_namespaces: String = (0..100_000).map(|i| format!(" xmlns:n{i}=\"urn:n{i}\"")).collect();
    let ours = our_docx();
    let mut flipped = ours.clone();
    for i in (100..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5A;
    }
    let draft_part = |draft: Value| with_part(&ours, "shuzhi/draft.json", draft.to_string().into_bytes());
    let mut embedded = serde_json::from_str::<Value>(&storage::encode(&sample_draft())).expect("json");
    let first_id = embedded["draft"]["sections"][0]["items"][0]["id"].clone();
    embedded["draft"]["sections"][0]["items"][1]["id"] = first_id.clone();
    embedded["draft"]["sections"][2]["items"][0]["id"] = first_id;
    embedded["draft"]["next_id"] = json!(u64::MAX);
    let mut embedded_controls = serde_json::from_str::<Value>(&storage::encode(&sample_draft())).expect("json");
    embedded_controls["draft"]["intro"] = json!("导语\u{1B}[2J\u{0}\u{202E}告报职述\r结束");
    let utf16_document = {
        let xml = format!(r#"<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#, paragraph("一、主要工作情况"));
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
        bytes.push(0x41);
        bytes
    };
    let list_paragraphs = |count: usize, num_id: &dyn Fn(usize) -> usize| -> String { (0..count).map(|i| numbered(num_id(i), "条目")).collect() };

    vec![
        bomb("zip-bomb-document.docx", "word/document.xml"),
        bomb("zip-bomb-numbering.docx", "word/numbering.xml"),
        bomb("zip-bomb-embedded-draft.docx", "shuzhi/draft.json"),
        bomb("zip-bomb-rels.docx", "_rels/.rels"),
        case("zip-20000-entries.docx", docx((0..20_000).map(|i| part(&format!("junk/{i}.bin"), vec![0u8; 64])).chain([document(&paragraph("正文"))]).collect()), Run::Import),
        case("entity-expansion.docx", docx(vec![part("word/document.xml", billion_laughs)]), Run::Import),
        case("external-entities.docx", docx(vec![part("word/document.xml", external)]), Run::Import),
        case("deep-100000-paragraphs.docx", docx(vec![deep("p", 100_000)]), Run::Import),
        case("deep-100000-sdt.docx", docx(vec![deep("sdt", 100_000)]), Run::Import),
        case("deep-100000-runs.docx", docx(vec![deep("r", 100_000)]), Run::Import),
        case("attributes-100000.docx", docx(vec![document(&format!("<w:p{many_attributes}><w:r><w:t>属性</w:t></w:r></w:p>"))]), Run::Import),
        case("namespaces-100000.docx", docx(vec![document(&format!("<w:p{many_namespaces}><w:r><w:t>命名空间</w:t></w:r></w:p>"))]), Run::Import),
        case("runs-100000.docx", docx(vec![document(&format!("<w:p>{}</w:p>", "<w:r><w:t>党</w:t></w:r>".repeat(100_000)))]), Run::Import),
        case("breaks-100000.docx", docx(vec![document(&format!("<w:p><w:r>{}</w:r></w:p>", "<w:t>行</w:t><w:br/>".repeat(100_000)))]), Run::Import),
        case("unclosed-tags.docx", docx(vec![document(&"<w:p><w:r><w:t>未闭合".repeat(10_000))]), Run::Import),
        case("wrong-namespace.docx", docx(vec![part("word/document.xml", format!(r#"<w:document xmlns:w="urn:wrong"><w:body>{}</w:body></w:document>"#, paragraph("一、主要工作情况")))]), Run::Import),
        case("document-utf16-odd-byte.docx", docx(vec![part("word/document.xml", utf16_document)]), Run::Import),
        case("document-invalid-utf8.docx", docx(vec![part("word/document.xml", [format!("<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>").into_bytes(), vec![0xFF, 0xC3, 0x28], b"</w:t></w:r></w:p></w:body></w:document>".to_vec()].concat())]), Run::Import),
        case("empty-zip.docx", b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(), Run::Import),
        case("truncated.docx", ours[..ours.len() / 2].to_vec(), Run::Import),
        case("flipped-bytes.docx", flipped, Run::Import),
        case("traversal-names.docx", docx(vec![part("../../evil.xml", "x"), part("/abs/evil.xml", "x"), document(&paragraph("正文"))]), Run::Import),
        case("embedded-duplicate-ids.docx", draft_part(embedded), Run::Import),
        case("embedded-control-chars.docx", draft_part(embedded_controls), Run::Import),
        case("embedded-deep-json.docx", with_part(&ours, "shuzhi/draft.json", [b"[".repeat(100_000), b"]".repeat(100_000)].concat()), Run::Import),
        // Amplification and budgets: numbering placeholders and lookups, paragraph and text floods.
        case("numbering-million-placeholders.docx", docx(vec![
            numbering(abstract_num(0, &"%1".repeat(1_000_000)) + &num(1, 0)),
            document(&list_paragraphs(200, &|_| 1)),
        ]), Run::Import),
        case("numbering-80000-num.docx", docx(vec![
            numbering(abstract_num(0, "%1.") + &(1..=80_000).map(|i| num(i, 0)).collect::<String>()),
            document(&list_paragraphs(80_000, &|i| 80_000 - i)),
        ]), Run::Import),
        case("numbering-80000-abstractnum.docx", docx(vec![
            numbering((0..80_000).map(|i| abstract_num(i, "%1.")).collect::<String>() + &(1..=2_000).map(|i| num(i, 80_000 - i)).collect::<String>()),
            document(&list_paragraphs(2_000, &|i| i + 1)),
        ]), Run::Import),
        case("numbering-40000-list-ids.docx", docx(vec![
            numbering(abstract_num(0, "%1.") + &(1..=40_000).map(|i| num(i, 0)).collect::<String>()),
            document(&list_paragraphs(40_000, &|i| i + 1)),
        ]), Run::Import),
        case("million-paragraphs.docx", docx(vec![repeated("word/document.xml", &format!(r#"<document xmlns="{W}"><body>"#), "<p><t>段</t></p>", 1_000_000, "</body></document>")]), Run::Import),
        case("one-15mb-paragraph.docx", docx(vec![repeated("word/document.xml", &format!(r#"<document xmlns="{W}"><body><p><r><t>"#), "党建工作", 1_250_000, "</t></r></p></body></document>")]), Run::Import),
    ]
}

// ---------------------------------------------------------------------------------------------
// Text files

fn sample_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sample.txt")).expect("sample.txt")
}

fn text_cases() -> Vec<Case> {
    let text = sample_text();
    let mut stray = text.clone().into_bytes();
    stray.insert(stray.len() / 2 - (stray.len() / 2) % 3, 0xFF);
    let cut = text.trim_end().as_bytes();
    let cut = cut[..cut.len() - 1].to_vec();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).chain([0x41]).collect();
    let surrogates: Vec<u8> = [0xFF, 0xFE].into_iter().chain(std::iter::repeat_n(0xD800u16, 50_000).flat_map(u16::to_le_bytes)).collect();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let mut gbk_broken = gbk.to_vec();
    gbk_broken.insert(gbk_broken.len() / 2, 0xFF);
    let controls: String = (0u32..0x20).chain(0x7F..0xA0).filter_map(char::from_u32).collect();
    let control_text = text.lines().map(|line| format!("{line}\u{1B}[2J\u{7}\r")).collect::<String>();
    let bidi = text.replace('，', "，\u{202E}").replace('。', "\u{2066}。\u{2069}\u{200F}");
    vec![
        expecting("utf8-stray-byte.txt", stray, Run::Import, 0, ""),
        expecting("utf8-cut.txt", cut, Run::Import, 0, ""),
        expecting("utf16-odd-byte.txt", utf16, Run::Import, 0, ""),
        case("utf16-lone-surrogates.txt", surrogates, Run::Import),
        expecting("big5.txt", encoding_rs::BIG5.encode(&text.replace("党", "黨")).0.into_owned(), Run::Import, 2, "Big5"),
        expecting("shift-jis.txt", encoding_rs::SHIFT_JIS.encode("主な業務の状況について報告します。学習会を十九回開催しました。\n").0.into_owned(), Run::Import, 2, "UTF-8"),
        expecting("gbk-broken.txt", gbk_broken, Run::Import, 2, "GBK"),
        case("all-control-characters.txt", controls.repeat(100).into_bytes(), Run::Import),
        case("escape-sequences.txt", control_text.into_bytes(), Run::Import),
        case("bidi-controls.txt", bidi.into_bytes(), Run::Import),
        case("exactly-5mb.txt", exactly_5mb(&text), Run::Import),
        // 400,000 short lines: linear, but ≈ 17 µs a line in classify (7 s in a release build,
        // 23 s in a debug one); the import branch's paragraph budget bounds it.
        case("400000-short-lines.txt", "党建工作\n".repeat(5 * 1024 * 1024 / 13).into_bytes(), Run::Import),
        expecting("over-5mb.txt", vec![b'a'; 5 * 1024 * 1024 + 1], Run::Import, 2, "太大"),
        case("brackets.md", format!("{}{}", "[".repeat(1_000_000), "](".repeat(100_000)).into_bytes(), Run::Import),
        case("tags.html", "<p><b>".repeat(400_000).into_bytes(), Run::Import),
        case("one-line.txt", "党建".repeat(800_000).into_bytes(), Run::Import),
        case("nul-every-other.txt", "一、主要工作情况".bytes().flat_map(|b| [b, 0]).collect::<Vec<u8>>().repeat(1000), Run::Import),
    ]
}

/// The sample's lines repeated to exactly the 5 MB an import reads.
fn exactly_5mb(text: &str) -> Vec<u8> {
    let mut bytes = text.repeat(5 * 1024 * 1024 / text.len() + 1).into_bytes();
    bytes.truncate(5 * 1024 * 1024);
    // Cut at a character boundary, padded with ASCII to the byte.
    while std::str::from_utf8(&bytes).is_err() {
        bytes.pop();
    }
    bytes.resize(5 * 1024 * 1024, b'\n');
    bytes
}

// ---------------------------------------------------------------------------------------------
// Draft files

fn sample_draft() -> shuzhi::report::Draft {
    let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sample.draft.json")).expect("sample draft");
    storage::decode(&json).expect("sample draft decodes")
}

fn default_template() -> shuzhi::report::Template {
    shuzhi::report::default_template()
}

fn draft_with(items: Vec<Value>, next_id: Value) -> Vec<u8> {
    json!({ "kind": "shuzhi-draft", "version": 1, "draft": {
        "template_id": "dangjian-shuzhi", "template_version": 1,
        "sections": [ { "id": "work", "items": items }, { "id": "problems", "items": [] }, { "id": "plans", "items": [] } ],
        "next_id": next_id
    } })
    .to_string()
    .into_bytes()
}

fn draft_cases() -> Vec<Case> {
    let item = |id: Value, text: &str| json!({ "id": id, "title": text, "body": format!("{text}的正文") });
    let mut nested = json!({ "template_id": "dangjian-shuzhi", "template_version": 1 });
    for _ in 0..200 {
        nested = json!({ "template_id": "dangjian-shuzhi", "template_version": 1, "last_year": nested });
    }
    let many: Vec<Value> = (0..100_000).map(|i| json!({ "id": i + 1, "title": "", "body": "正文XX" })).collect();
    vec![
        expecting("duplicate-ids.json", draft_with(vec![item(json!(3), "甲"), item(json!(3), "乙"), item(json!(3), "丙")], json!(4)), Run::Check, 1, "重新编号"),
        expecting("next-id-max.json", draft_with(vec![item(json!(1), "甲")], json!(u64::MAX)), Run::Check, 1, "next_id"),
        expecting("ids-beyond-2-53.json", draft_with(vec![item(json!(1u64 << 53), "甲"), item(json!(u64::MAX), "乙")], json!(5)), Run::Check, 1, "重新编号"),
        case("id-negative.json", draft_with(vec![item(json!(-1), "甲")], json!(2)), Run::Check),
        case("id-float.json", draft_with(vec![item(json!(1.5), "甲")], json!(2)), Run::Check),
        case("id-beyond-u64.json", br#"{"kind":"shuzhi-draft","version":1,"draft":{"template_id":"dangjian-shuzhi","template_version":1,"sections":[{"id":"work","items":[{"id":184467440737095516160}]}]}}"#.to_vec(), Run::Check),
        case("deep-json.json", [b"{\"kind\":\"shuzhi-draft\",\"version\":1,\"draft\":".to_vec(), b"[".repeat(100_000), b"]".repeat(100_000), b"}".to_vec()].concat(), Run::Check),
        case("last-year-200-deep.json", json!({ "kind": "shuzhi-draft", "version": 1, "draft": nested }).to_string().into_bytes(), Run::Check),
        case("control-chars.json", json!({ "kind": "shuzhi-draft", "version": 1, "draft": {
            "template_id": "dangjian-shuzhi", "template_version": 1,
            "intro": "导语\u{1B}[2J\u{1B}]0;标题\u{7}\u{0}\u{202E}告报职述XX", "closing": "导语\u{1B}[2J\u{1B}]0;标题\u{7}\u{0}\u{202E}告报职述XX" } }).to_string().into_bytes(), Run::Check),
        case("100000-items.json", draft_with(many, json!(100_001)), Run::Check),
        case("newer-version.json", br#"{"kind":"shuzhi-draft","version":4294967296,"draft":{}}"#.to_vec(), Run::Check),
        case("huge-number.json", br#"{"kind":"shuzhi-draft","version":1e400,"draft":{}}"#.to_vec(), Run::Check),
    ]
}

// ---------------------------------------------------------------------------------------------
// Templates

fn template_value() -> Value {
    serde_json::to_value(default_template()).expect("serialises")
}

fn template_with(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value = template_value();
    value["id"] = json!("hostile");
    change(&mut value);
    value.to_string().into_bytes()
}

fn fields(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({ "key": format!("f{i}"), "label": "字段" })).collect())
}

fn sections(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({ "id": format!("s{i}"), "heading": "部分", "kind": "items", "guidance": {} })).collect())
}

fn template_cases() -> Vec<Case> {
    vec![
        expecting("template-2mb.json", template_with(|t| t["intro"]["hint"] = json!("说".repeat(700_000))), Run::Template, 1, "太大"),
        expecting("template-100000-fields.json", template_with(|t| t["fields"] = fields(100_000)), Run::Template, 1, "太大"),
        expecting("template-30000-fields.json", template_with(|t| t["fields"] = fields(30_000)), Run::Template, 1, "太多"),
        expecting("template-15000-sections.json", template_with(|t| t["sections"] = sections(15_000)), Run::Template, 1, "太多"),
        expecting("template-100000-phrases.json", template_with(|t| t["intro"]["phrases"] = Value::Array((0..100_000).map(|i| json!(i.to_string())).collect())), Run::Template, 1, "太多"),
        expecting("template-long-title.json", template_with(|t| t["title_pattern"] = json!("{year}".repeat(100_000))), Run::Template, 1, "title_pattern"),
        expecting("template-escape-in-name.json", template_with(|t| t["name"] = json!("述职\u{1B}[2J\u{1B}]0;x\u{7}报告")), Run::Template, 1, "U+001B"),
        expecting("template-rlo-in-name.json", template_with(|t| t["name"] = json!("\u{202E}告报职述")), Run::Template, 1, "U+202E"),
        expecting("template-isolate-in-heading.json", template_with(|t| t["sections"][0]["heading"] = json!("主要\u{2067}工作\u{2069}")), Run::Template, 1, "sections[0].heading"),
        case("template-deep-json.json", [b"{\"id\":".to_vec(), b"[".repeat(100_000), b"]".repeat(100_000), b"}".to_vec()].concat(), Run::Template),
        case("template-not-utf8.json", [b"{\"id\":\"x\",\"name\":\"".to_vec(), vec![0xFF, 0xFE], b"\"}".to_vec()].concat(), Run::Template),
        case("template-nul.json", template_with(|t| t["name"] = json!("名\u{0}称")), Run::Template),
        case("template-dup-keys-quadratic.json", template_with(|t| t["facts"] = Value::Array((0..20_000).map(|_| json!({ "key": "k", "label": "x", "phrase": "{n}" })).collect())), Run::Template),
    ]
}

// ---------------------------------------------------------------------------------------------
// Backups

fn backup(drafts: Vec<Value>, templates: Vec<Value>) -> Vec<u8> {
    json!({ "kind": "shuzhi-backup", "version": 1, "exported_at": 1, "drafts": drafts, "templates": templates }).to_string().into_bytes()
}

fn stored(draft: Vec<u8>) -> Value {
    json!({ "meta": { "id": "d1" }, "draft": serde_json::from_slice::<Value>(&draft).expect("json") })
}

fn backup_cases() -> Vec<Case> {
    let sample = serde_json::from_str::<Value>(&storage::encode(&sample_draft())).expect("json");
    let big_template = String::from_utf8(template_with(|t| t["fields"] = fields(150_000))).expect("utf-8");
    let near_cap = String::from_utf8(template_with(|t| t["intro"]["hint"] = json!("说".repeat(340_000)))).expect("utf-8");
    let tiny = json!({ "draft": { "kind": "shuzhi-draft", "version": 1, "draft": { "template_id": "x", "template_version": 1 } } });
    let mut over_32mb = backup(vec![json!({ "draft": sample })], Vec::new());
    over_32mb.extend(std::iter::repeat_n(b' ', 32 * 1024 * 1024));
    vec![
        expecting("backup-5mb-template.json", backup(vec![json!({ "draft": sample })], vec![json!(big_template)]), Run::Backup, 1, "太大"),
        case("backup-30-templates-of-1mb.json", backup(vec![json!({ "draft": sample })], vec![json!(near_cap); 30]), Run::Backup),
        expecting("backup-300-templates.json", backup(vec![], vec![json!("{}"); 300]), Run::Backup, 2, "太多"),
        expecting("backup-10000-drafts.json", backup(vec![tiny.clone(); 10_000], vec![]), Run::Backup, 2, "太多"),
        case("backup-5000-drafts.json", backup(vec![tiny; 5_000], vec![]), Run::Backup),
        expecting("backup-over-32mb.json", over_32mb, Run::Backup, 2, "太大"),
        expecting("backup-duplicate-ids.json", backup(vec![stored(draft_with(vec![json!({ "id": 2 }), json!({ "id": 2 })], json!(u64::MAX)))], vec![]), Run::Backup, 0, "1 份可以恢复"),
        case("backup-deep-json.json", [b"{\"kind\":\"shuzhi-backup\",\"version\":1,\"drafts\":".to_vec(), b"[".repeat(100_000), b"]".repeat(100_000), b"}".to_vec()].concat(), Run::Backup),
        case("backup-escape-names.json", json!({ "kind": "shuzhi-backup", "version": 1, "drafts": [ { "meta": { "id": "d1", "name": "备份\u{1B}[2J\u{202E}" }, "draft": sample } ] }).to_string().into_bytes(), Run::Backup),
        case("backup-10mb-damaged-copy.json", json!({ "kind": "shuzhi-backup", "version": 1, "drafts": [], "damaged": [ { "key": "shuzhi.damaged.1", "text": "坏".repeat(3_500_000) } ] }).to_string().into_bytes(), Run::Backup),
    ]
}
