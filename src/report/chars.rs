//! What text a draft and a template may hold: one kind of line break, no control characters,
//! no bidirectional controls, no noncharacters (`normalize_text`), and the character classes
//! behind it. A leaf module: the model, the templates and the renderers all use it.

use std::borrow::Cow;

/// What a draft's text may hold, so that the preview, every export and our own .docx read back
/// agree character for character (the .docx cannot hold most control characters, and a bare CR
/// is a line break in Word but not in a text field):
/// - line breaks are `\n`: CR LF, CR, NEL (U+0085), VT (Word's manual line break), FF, and the
///   Unicode line and paragraph separators (U+2028, U+2029) each become one `\n`;
/// - tab stays;
/// - every other control character (NUL, BEL, ESC, DEL, C1 …) goes: invisible, and XML forbids
///   most of them;
/// - bidirectional controls go (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C): a Chinese
///   report has no use for them, and they make text display in another order than it is stored
///   (“告报职述” shown as “述职报告”);
/// - noncharacters go (U+FFFE, U+FFFF, U+FDD0–FDEF and their kin in every plane).
///
/// Everything else, including U+FEFF and zero-width spaces, is kept.
pub fn normalize_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_normalizing) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c if is_line_break(c) => out.push('\n'),
            c if is_removed(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `normalize_text` for an owned string: the string itself when nothing changes (no copy of a
/// long field on every keystroke).
pub fn normalized(text: String) -> String {
    if text.chars().any(needs_normalizing) {
        normalize_text(&text).into_owned()
    } else {
        text
    }
}

/// Whether `normalize_text` would change this character.
pub fn needs_normalizing(c: char) -> bool {
    c == '\r' || is_line_break(c) || is_removed(c)
}

/// Line breaks other than `\n` and CR.
fn is_line_break(c: char) -> bool {
    matches!(c, '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_removed(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c) || is_noncharacter(c)
}

/// The bidirectional formatting characters: embeddings and overrides (U+202A–202E), isolates
/// (U+2066–2069) and the marks (U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Unicode noncharacters: U+FDD0–FDEF and the last two code points of every plane.
pub fn is_noncharacter(c: char) -> bool {
    let u = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}
