//! A text file's bytes into text, honestly: UTF-8 stays UTF-8 even with a few bad bytes (counted
//! and located), UTF-16 is found by its byte-order mark or its NUL bytes (an odd last byte is
//! reported), and GB18030/GBK is used only when the bytes look like Simplified Chinese and decode
//! without a single error. Anything else — Big5, Shift-JIS, a damaged GBK file — is refused with
//! what to do, never shown as mojibake with a note.
//!
//! Every decision is made here, in the core, so the CLI and the browser decide alike. The caller
//! only supplies `decode(bytes, label)`: decode with the WHATWG encoding `label`, *fatally* —
//! `None` when the label is unknown or any byte sequence is malformed (see `import_file`).

use crate::report::diagnostic::{Code, Diagnostic, Place, Severity};
use crate::report::import::ImportError;

use super::BINARY;

/// The only label the core asks the caller's decoder for.
pub const GB18030: &str = "gb18030";

const NOT_UTF8_OR_GBK: &str = "无法识别文件的文字编码：它不是 UTF-8，也不是 GBK/GB18030（可能是繁体中文 Big5、日文 Shift-JIS 等编码）。请用记事本或 WPS 打开后“另存为”UTF-8 编码的文本，或复制文字粘贴";
const NO_GB_DECODER: &str = "这个文件看起来是 GBK/GB18030 编码，但当前环境无法解码这种编码：请另存为 UTF-8 编码的文本，或复制文字粘贴";
/// How many line numbers a message lists before “等”.
const PLACES_SHOWN: usize = 10;

/// The text of a file and what was worth telling about how it was read.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding's name when it is not plain UTF-8 (for the “文件按…编码读取” note).
    pub encoding: Option<&'static str>,
    /// Bad bytes, a cut-off end, an odd UTF-16 byte: warnings with counts and line numbers.
    pub notes: Vec<Diagnostic>,
    /// How many U+FFFD decoding put in (already judged and reported here, so the caller's
    /// binary-file test counts only what the file itself holds).
    pub replaced: usize,
}

impl Decoded {
    fn plain(text: String, encoding: Option<&'static str>) -> Decoded {
        Decoded { text, encoding, notes: Vec::new(), replaced: 0 }
    }
}

/// Bytes into text: BOMs first, then UTF-16 by its NUL bytes, UTF-8 (also with a few bad bytes),
/// then a clean GB18030 decode of bytes that look like GBK, else UTF-8 if the bad bytes are
/// few enough to read around, else a refusal.
pub fn decode_text(bytes: &[u8], decode: &dyn Fn(&[u8], &str) -> Option<String>) -> Result<Decoded, ImportError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let utf8 = Utf8Scan::of(rest);
        return Ok(utf8.decoded(rest));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(utf16(rest, false));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(utf16(rest, true));
    }
    // Neither UTF-8 nor GB18030 text holds NUL bytes; UTF-16 text does (every ASCII character,
    // and CJK characters such as 一 U+4E00). Which byte order: the one whose decoding reads as
    // Chinese text (the other turns digits and line breaks into unrelated scripts).
    if bytes.contains(&0) {
        let (le, be) = (utf16(bytes, false), utf16(bytes, true));
        let (le_score, be_score) = (plausibility(&le.text), plausibility(&be.text));
        let (chosen, score) = if le_score >= be_score { (le, le_score) } else { (be, be_score) };
        if score >= 0.9 {
            return Ok(chosen);
        }
    }
    let utf8 = Utf8Scan::of(bytes);
    if utf8.bad.is_empty() {
        // A UTF-8 file with a stray NUL is still text: the control-character check decides.
        return Ok(Decoded::plain(String::from_utf8_lossy(bytes).into_owned(), None));
    }
    if utf8.is_mostly_valid() {
        return Ok(utf8.decoded(bytes));
    }
    if bytes.contains(&0) {
        return Err(ImportError::Unsupported(BINARY.into()));
    }
    let gb = GbScan::of(bytes);
    if gb.looks_like_gbk() {
        return match decode(bytes, GB18030) {
            Some(text) => Ok(Decoded::plain(text, Some("GB18030（GBK）"))),
            None if decode(b"", GB18030).is_none() => Err(ImportError::Unsupported(NO_GB_DECODER.into())),
            None => Err(ImportError::Unsupported(format!(
                "这个文件看起来是 GBK/GB18030 编码，但{}有无法识别的字节，按 GBK 读取会出现乱码：请用记事本或 WPS 打开，核对后“另存为”UTF-8 编码的文本，或复制文字粘贴",
                line_list(&gb.bad_lines)
            ))),
        };
    }
    if utf8.is_readable() {
        return Ok(utf8.decoded(bytes));
    }
    Err(ImportError::Unsupported(NOT_UTF8_OR_GBK.into()))
}

/// Where UTF-8 decoding fails in a byte string, and how much of it is valid multi-byte text.
struct Utf8Scan {
    /// Valid characters of two to four bytes (evidence that the file is UTF-8).
    multibyte: usize,
    /// All characters a lossy decode gives, bad sequences included.
    chars: usize,
    /// Line number (from 1) of each malformed sequence, one per U+FFFD a lossy decode gives.
    bad: Vec<usize>,
    /// The last sequence is the start of a character the file ends in the middle of.
    cut_at_end: bool,
}

impl Utf8Scan {
    fn of(bytes: &[u8]) -> Utf8Scan {
        let mut scan = Utf8Scan { multibyte: 0, chars: 0, bad: Vec::new(), cut_at_end: false };
        let mut line = 1;
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                scan.chars += 1;
                scan.multibyte += usize::from(c.len_utf8() > 1);
                line += usize::from(c == '\n');
            }
            if !chunk.invalid().is_empty() {
                scan.chars += 1;
                scan.bad.push(line);
            }
        }
        // `from_utf8` tells a malformed sequence from one the input ended in the middle of.
        if let Err(e) = std::str::from_utf8(bytes) {
            scan.cut_at_end = scan.bad.len() == 1 && e.error_len().is_none() && e.valid_up_to() > 0;
        }
        scan
    }

    /// A few bad bytes in UTF-8 text: at least twice as many valid multi-byte characters as bad
    /// sequences and at most one character in four bad, or only a character cut off at the end.
    /// (GBK read as UTF-8 is mostly bad sequences: its accidental valid pairs are fewer than its
    /// bad ones. A short line of Chinese with three stray bytes, each perhaps splitting a
    /// character into two bad sequences, still passes.)
    fn is_mostly_valid(&self) -> bool {
        self.cut_at_end || (self.multibyte >= 2 * self.bad.len() && self.bad.len() * 4 <= self.chars)
    }

    /// Few enough bad sequences (at most one character in twenty) to read the rest.
    fn is_readable(&self) -> bool {
        self.bad.len() * 20 <= self.chars
    }

    fn decoded(&self, bytes: &[u8]) -> Decoded {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut notes = Vec::new();
        if self.cut_at_end {
            notes.push(warning("文件末尾的最后一个字不完整（文件可能没有保存完整或被截断），已显示为“\u{FFFD}”，请核对结尾".into()));
        } else if !self.bad.is_empty() {
            notes.push(warning(format!(
                "文件按 UTF-8 编码读取，其中有 {} 处无效的字节（{}），已显示为“\u{FFFD}”，请核对这些地方",
                self.bad.len(),
                line_list(&self.bad)
            )));
        }
        Decoded { text, encoding: None, notes, replaced: self.bad.len() }
    }
}

/// The shape of a byte string read as GB18030: how many two- and four-byte characters, how many
/// of the two-byte ones fall where GB2312's punctuation and Han characters are, and where the
/// byte structure is broken.
struct GbScan {
    multibyte: usize,
    /// Rows A1–A3 (punctuation, full-width forms) and B0–F7 (the 6,763 GB2312 Han characters)
    /// with a trail byte A1–FE: nearly every character of a Simplified Chinese text. Big5 or
    /// Shift-JIS read as GBK land here for well under half of their characters.
    common: usize,
    bad_lines: Vec<usize>,
}

impl GbScan {
    fn of(bytes: &[u8]) -> GbScan {
        let mut scan = GbScan { multibyte: 0, common: 0, bad_lines: Vec::new() };
        let mut line = 1;
        let mut i = 0;
        while let Some(&lead) = bytes.get(i) {
            let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
            match lead {
                b'\n' => {
                    line += 1;
                    i += 1;
                }
                // ASCII, and 0x80 (the euro sign in GB18030).
                0x00..=0x80 => i += 1,
                0x81..=0xFE if (0x30..=0x39).contains(&next(1)) && (0x81..=0xFE).contains(&next(2)) && (0x30..=0x39).contains(&next(3)) => {
                    scan.multibyte += 1;
                    i += 4;
                }
                0x81..=0xFE if matches!(next(1), 0x40..=0x7E | 0x80..=0xFE) => {
                    scan.multibyte += 1;
                    let common_row = matches!(lead, 0xA1..=0xA3 | 0xB0..=0xF7);
                    scan.common += usize::from(common_row && (0xA1..=0xFE).contains(&next(1)));
                    i += 2;
                }
                _ => {
                    scan.bad_lines.push(line);
                    i += 1;
                }
            }
        }
        scan
    }

    /// Simplified Chinese in GBK: nine characters in ten from GB2312's common rows.
    fn looks_like_gbk(&self) -> bool {
        self.multibyte > 0 && self.common * 10 >= self.multibyte * 9
    }
}

/// UTF-16 without its BOM. Unpaired surrogates become U+FFFD and an odd last byte is dropped;
/// both are reported.
fn utf16(bytes: &[u8], big_endian: bool) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len());
    let mut bad = Vec::new();
    let mut line = 1;
    for unit in char::decode_utf16(units) {
        let c = unit.unwrap_or_else(|_| {
            bad.push(line);
            '\u{FFFD}'
        });
        line += usize::from(c == '\n');
        text.push(c);
    }
    let mut notes = Vec::new();
    if !bad.is_empty() {
        notes.push(warning(format!(
            "文件按 UTF-16 编码读取，其中有 {} 处无效的字符（{}），已显示为“\u{FFFD}”，请核对这些地方",
            bad.len(),
            line_list(&bad)
        )));
    }
    if bytes.len() % 2 == 1 {
        notes.push(warning(
            "文件按 UTF-16 编码读取，但末尾多出 1 个字节（UTF-16 文件的字节数应为偶数，文件可能被截断），这个字节已忽略，请核对结尾".into(),
        ));
    }
    Decoded { text, encoding: Some(" UTF-16 "), notes, replaced: bad.len() }
}

/// The share of characters that occur in Chinese reports: CJK ideographs and punctuation,
/// full-width forms, general punctuation (quotes, dashes), printable ASCII and line breaks.
fn plausibility(text: &str) -> f64 {
    let mut total = 0usize;
    let mut good = 0usize;
    for c in text.chars() {
        total += 1;
        let plausible = matches!(c,
            '\n' | '\r' | '\t' | ' '..='~' | '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}'
            | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{FEFF}');
        if plausible {
            good += 1;
        }
    }
    if total == 0 {
        return 0.0;
    }
    good as f64 / total as f64
}

/// `第 3、17、20 行` (distinct lines, the first ten, then `等`).
fn line_list(lines: &[usize]) -> String {
    let mut distinct: Vec<usize> = lines.to_vec();
    distinct.dedup();
    let shown: Vec<String> = distinct.iter().take(PLACES_SHOWN).map(usize::to_string).collect();
    let more = if distinct.len() > PLACES_SHOWN { " 等" } else { "" };
    format!("第 {} 行{more}", shown.join("、"))
}

fn warning(message: String) -> Diagnostic {
    Diagnostic { severity: Severity::Warning, code: Code::ImportBadBytes, message, place: Place::Report, fix: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_without_bom_is_found_by_its_nuls() {
        let le: Vec<u8> = "党建1\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "党建1\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let none = |_: &[u8], _: &str| None;
        assert_eq!(decode_text(&le, &none).unwrap().text, "党建1\n");
        assert_eq!(decode_text(&be, &none).unwrap().text, "党建1\n");
    }

    #[test]
    fn line_lists_stop_at_ten() {
        assert_eq!(line_list(&[3, 3, 17]), "第 3、17 行");
        let many: Vec<usize> = (1..=12).collect();
        assert_eq!(line_list(&many), "第 1、2、3、4、5、6、7、8、9、10 行 等");
    }
}
