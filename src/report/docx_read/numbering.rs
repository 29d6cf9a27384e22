//! Word's automatic numbering (`word/numbering.xml`): the labels a reader sees — `一、`, `1.`,
//! `（一）` — that Word draws from list definitions instead of storing in the text. Last year's
//! report typed with Word's numbering button would otherwise reach the importer without a single
//! item number, and its items would run together.

use super::{parse, Event, W_NS, W_STRICT_NS};
use crate::report::outline::chinese_number;

/// Word allows nine levels (`w:ilvl` 0–8).
const LEVELS: usize = 9;

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, PartialEq, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// A `w:num` being read: its id, its abstract definition's id, and start overrides by level.
type NumBeingRead = (String, String, Vec<(usize, u32)>);

/// The list definitions of a document, and the counters while its paragraphs are read in order.
#[derive(Debug, Default)]
pub struct Numbering {
    // Vectors searched in order, not maps: a document has a handful of lists, and map code for
    // these keys would cost the bundle more than the search costs the import.
    /// `w:abstractNum`: its id and levels.
    abstracts: Vec<(String, Vec<Level>)>,
    /// `w:num`: its id, its abstract definition's id and per-level start overrides.
    nums: Vec<NumBeingRead>,
    /// Per `w:num` id: the current value of each level (`None`: not used since it last restarted).
    counters: Vec<(String, [Option<u32>; LEVELS])>,
}

impl Numbering {
    /// Reads `numbering.xml`. Anything it cannot read means no labels, never an error: the text
    /// is still all there.
    pub fn read(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num: Option<NumBeingRead> = None;
        let mut override_level: Option<usize> = None;
        let parsed = parse(xml, &mut |event| match event {
            Event::Start { ns, local, attrs } if ns == W_NS || ns == W_STRICT_NS => {
                let val = value(attrs, "val");
                match local {
                    "abstractNum" => abstract_id = value(attrs, "abstractNumId").map(str::to_string),
                    "lvl" if abstract_id.is_some() => {
                        level = index(value(attrs, "ilvl")).map(|i| (i, Level { start: 1, ..Level::default() }));
                    }
                    "start" => {
                        if let (Some((_, level)), Some(start)) = (&mut level, val.and_then(|v| v.parse().ok())) {
                            level.start = start;
                        }
                    }
                    "numFmt" => {
                        if let (Some((_, level)), Some(v)) = (&mut level, val) {
                            level.format = v.to_string();
                        }
                    }
                    "lvlText" => {
                        if let (Some((_, level)), Some(v)) = (&mut level, val) {
                            level.text = v.to_string();
                        }
                    }
                    "num" => num = value(attrs, "numId").map(|id| (id.to_string(), String::new(), Vec::new())),
                    "abstractNumId" => {
                        if let (Some(num), Some(v)) = (&mut num, val) {
                            num.1 = v.to_string();
                        }
                    }
                    "lvlOverride" => override_level = index(value(attrs, "ilvl")),
                    "startOverride" => {
                        if let (Some(num), Some(i), Some(start)) = (&mut num, override_level, val.and_then(|v| v.parse().ok())) {
                            num.2.push((i, start));
                        }
                    }
                    _ => {}
                }
            }
            Event::End { ns, local } if ns == W_NS || ns == W_STRICT_NS => match local {
                "lvl" => {
                    if let (Some(id), Some((i, done))) = (&abstract_id, level.take()) {
                        let at = match numbering.abstracts.iter().position(|(a, _)| a == id) {
                            Some(at) => at,
                            None => {
                                numbering.abstracts.push((id.clone(), Vec::new()));
                                numbering.abstracts.len() - 1
                            }
                        };
                        let levels = &mut numbering.abstracts[at].1;
                        if levels.len() <= i {
                            levels.resize(i + 1, Level::default());
                        }
                        levels[i] = done;
                    }
                }
                "abstractNum" => abstract_id = None,
                "lvlOverride" => override_level = None,
                "num" => {
                    if let Some(done) = num.take() {
                        numbering.nums.retain(|(id, _, _)| *id != done.0);
                        numbering.nums.push(done);
                    }
                }
                _ => {}
            },
            _ => {}
        });
        if parsed.is_err() {
            return Numbering::default();
        }
        numbering
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl` (`""`: no label, as for
    /// bullets, `numId` 0 and lists the document does not define).
    pub fn next_label(&mut self, num_id: &str, ilvl: usize) -> String {
        let Some((_, abstract_id, overrides)) = self.nums.iter().find(|(id, _, _)| id == num_id) else {
            return String::new();
        };
        let Some((_, levels)) = self.abstracts.iter().find(|(id, _)| id == abstract_id) else { return String::new() };
        let Some(level) = levels.get(ilvl.min(LEVELS - 1)) else { return String::new() };
        // Bullets have no number; letters and Roman numerals number sub-points the importer does
        // not read as items: without a label they stay in the text of the item above, as before.
        let unread = ["bullet", "none", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman"];
        if unread.contains(&level.format.as_str()) || level.text.is_empty() {
            return String::new();
        }
        let ilvl = ilvl.min(LEVELS - 1);
        let start_of = |i: usize| {
            overrides.iter().find(|(l, _)| *l == i).map(|(_, s)| *s).or_else(|| levels.get(i).map(|l| l.start)).unwrap_or(1)
        };
        let at = match self.counters.iter().position(|(id, _)| id == num_id) {
            Some(at) => at,
            None => {
                self.counters.push((num_id.to_string(), [None; LEVELS]));
                self.counters.len() - 1
            }
        };
        let counters = &mut self.counters[at].1;
        counters[ilvl] = Some(counters[ilvl].map_or(start_of(ilvl), |n| n.saturating_add(1)));
        // A higher level moving on restarts the levels below it.
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let i = d as usize - 1;
                    let n = counters[i].unwrap_or_else(|| start_of(i));
                    let format = levels.get(i).map_or("decimal", |l| l.format.as_str());
                    label.push_str(&format_number(n, format));
                }
                _ => label.push(c),
            }
        }
        label
    }
}

/// An attribute by its local name (`w:val`, `val`).
fn value<'a>(attrs: &'a [(String, String)], local: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k.rsplit(':').next() == Some(local)).map(|(_, v)| v.as_str())
}

fn index(raw: Option<&str>) -> Option<usize> {
    raw.and_then(|v| v.parse::<usize>().ok()).filter(|&i| i < LEVELS)
}

/// A counter in one of Word's number formats that Chinese reports use (ECMA-376 §17.18.59);
/// others as decimal.
fn format_number(n: u32, format: &str) -> String {
    let n_usize = n as usize;
    match format {
        "chineseCounting" | "chineseCountingThousand" | "taiwaneseCounting" | "taiwaneseCountingThousand"
        | "japaneseCounting" | "ideographTraditional" | "chineseLegalSimplified" => chinese_number(n_usize),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().filter_map(|d| char::from_u32(0xFF10 + d.to_digit(10).unwrap_or(0))).collect()
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map(String::from).unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map(String::from).unwrap_or_else(|| n.to_string())
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%1"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="5"/></w:num>
</w:numbering>"#;

    #[test]
    fn labels_count_per_list_and_restart_below_a_higher_level() {
        let mut n = Numbering::read(XML);
        let labels: Vec<String> =
            [(1, 0), (1, 2), (1, 2), (1, 0), (1, 1), (1, 2), (1, 1), (1, 2)].iter().map(|&(id, l)| n.next_label(&id.to_string(), l)).collect();
        assert_eq!(labels, ["一、", "1.", "2.", "二、", "（一）", "1.", "（二）", "1."]);
        assert_eq!(n.next_label("3", 0), "三、", "a start override");
        assert_eq!(n.next_label("3", 0), "四、");
        assert_eq!(n.next_label("2", 0), "", "bullets have no number");
        assert_eq!(n.next_label("5", 0), "", "a), b) are not item numbers to the importer");
        assert_eq!(n.next_label("0", 0), "", "numId 0 is no list");
        assert_eq!(n.next_label("99", 0), "", "an undefined list");
        assert_eq!(n.next_label("1", 8), "", "an undefined level");
    }

    #[test]
    fn formats_and_hostile_input() {
        assert_eq!(format_number(12, "chineseCountingThousand"), "十二");
        assert_eq!(format_number(10, "ideographDigital"), "一〇");
        assert_eq!(format_number(3, "decimalFullWidth"), "３");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(7, "somethingNew"), "7");
        let mut n = Numbering::read("<not-xml");
        assert_eq!(n.next_label("1", 0), "");
        let mut n = Numbering::read(XML);
        assert_eq!(n.next_label("4", 0), "1.1", "a level may repeat itself");
    }
}
