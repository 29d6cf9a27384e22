//! What the importer decided, paragraph by paragraph: the part each paragraph was given and the
//! rule that decided it. The draft is built from these decisions alone (`build`), so a review
//! step can change any paragraph's part and rebuild the draft the user asked for.

use serde::{Deserialize, Serialize};

use crate::report::template::{SectionKind, Template};

/// What the input's numbers count: lines of pasted text or paragraphs of a Word file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Unit {
    #[default]
    Line,
    Paragraph,
}

impl Unit {
    pub fn word(self) -> &'static str {
        match self {
            Unit::Line => "行",
            Unit::Paragraph => "段",
        }
    }
}

/// Where a paragraph goes in the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Part {
    /// The report's title: read into 基本信息 (年度、单位、职务), not kept as text.
    Title,
    /// A salutation, byline, date, subtitle or closing: bylines fill 基本信息, closings 结束语,
    /// the rest is left out (and listed here).
    Meta,
    /// 导语.
    Intro,
    /// An item of a template section: `section` indexes `Template::sections`, `item` orders the
    /// items of that section (0-based; the first paragraph of an item carries its number and title).
    Item { section: usize, item: usize },
    /// The cause of a problem item.
    Cause { section: usize, item: usize },
    /// 未归类内容.
    Leftover,
    /// Not wanted: headings the template writes itself, site clutter, repeated titles.
    Drop,
}

impl Part {
    /// The part as the review shows it: 导语 / 工作 3 / 问题 2 / 原因 2 / 打算 1 / 未归类 / 不要 …
    pub fn label(&self, template: &Template) -> String {
        match self {
            Part::Title => "标题".into(),
            Part::Meta => "称呼/落款".into(),
            Part::Intro => "导语".into(),
            Part::Item { section, item } => {
                format!("{} {}", section_word(template, *section), item + 1)
            }
            Part::Cause { item, .. } => format!("原因 {}", item + 1),
            Part::Leftover => "未归类".into(),
            Part::Drop => "不要".into(),
        }
    }

    /// Whether the paragraph's text ends up in the draft's text fields (title and meta are read,
    /// not kept; dropped paragraphs are only listed).
    pub fn keeps_text(&self) -> bool {
        matches!(self, Part::Intro | Part::Item { .. } | Part::Cause { .. } | Part::Leftover)
    }
}

/// `工作`, `问题`, `打算` for the built-in kinds; a section's short name when a template has more
/// than one section of a kind.
fn section_word(template: &Template, section: usize) -> String {
    let Some(spec) = template.sections.get(section) else {
        return "条目".into();
    };
    let same_kind = template.sections.iter().filter(|s| s.kind == spec.kind).count();
    if same_kind > 1 {
        return if spec.short.is_empty() { spec.heading.clone() } else { spec.short.clone() };
    }
    match spec.kind {
        SectionKind::Items => "工作".into(),
        SectionKind::Problems => "问题".into(),
        SectionKind::Plans => "打算".into(),
    }
}

/// Kinds of site clutter the importer removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Clutter {
    /// Navigation, page chrome, publishing metadata, sharing buttons.
    Site,
    /// Document-site page and chunk markers (`2 / 11`, `标题_第3页`, a chunk's `2、`).
    PageMarker,
    /// Paywall and download notices.
    Paywall,
    /// Random characters inserted against copying.
    Junk,
}

/// How a part was decided. `describe` says it in Chinese for the review and `--explain`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rule {
    Clutter(Clutter),
    /// A list of the report's headings printed before the title.
    Outline,
    Title,
    DuplicateTitle,
    Subtitle,
    Salutation,
    Byline,
    Date,
    Closing,
    /// After the closing and not a byline or date.
    AfterClosing,
    /// A level-1 heading: the template writes its own. `section` is the template section it
    /// stands for (`None` for a separate causes or rectification part).
    Heading {
        section: Option<usize>,
        causes: bool,
        rectification: bool,
    },
    /// `（一）存在的问题` / `（二）原因分析` inside a problems part.
    SubHeading {
        causes: bool,
    },
    /// An unnumbered theme line, or a numbered theme heading over one block of text: the title of
    /// the item under it.
    ThemeTitle,
    /// Text before the title that is not a title, byline or known clutter.
    BeforeTitle,
    /// Running text before the first heading.
    BeforeFirstHeading,
    /// A paragraph ending in `现将……报告如下：`.
    IntroFormula,
    /// A first part describing the unit (`一、基本情况` with no numbered items): the 导语's.
    Background,
    /// A numbered paragraph: it starts a new item.
    Numbered,
    /// A paragraph following an item's first paragraph.
    Continues,
    /// Text between a part's heading and its first numbered item.
    SectionLead {
        section: usize,
    },
    /// Text under a part's heading that has no numbered items: one untitled item.
    UnderHeading,
    /// A paragraph opening with words that start a part (`存在的不足`, `究其原因`, `下一步`).
    Cue,
    /// No heading or cue: the part was judged from the wording and the order of the parts.
    Wording,
    /// A cause after `原因主要是：` in the problem's own paragraph.
    CauseInline,
    /// A cause written apart from its problem, paired by order (or with the last problem).
    CauseByOrder,
    /// A 上年度问题整改情况 part: an item of the work part.
    Rectification,
    /// A part whose heading names nothing in the template.
    UnknownPart,
    /// Causes or rectification text the template has no part for.
    NoPlace,
    /// Past the `after` lines read one by one (`place::MAX_READ_LINES`): kept whole.
    PastBudget {
        after: usize,
    },
    /// Set in the review by the user.
    Chosen,
}

impl Rule {
    /// Why the paragraph went where it did, in Chinese.
    pub fn describe(&self, template: &Template) -> String {
        let heading = |i: usize| template.sections.get(i).map_or(String::new(), |s| s.heading.clone());
        match self {
            Rule::Clutter(Clutter::Site) => "网站导航、发布信息等页面杂项，已删除".into(),
            Rule::Clutter(Clutter::PageMarker) => "文档网站的分页或分块标记，已删除".into(),
            Rule::Clutter(Clutter::Paywall) => "网站的付费、下载提示，已删除".into(),
            Rule::Clutter(Clutter::Junk) => "防复制插入的乱码，已删除".into(),
            Rule::Outline => "标题前列出的提纲（正文中有同样的标题），已删除".into(),
            Rule::Title => "标题：年度、单位、职务读入“基本信息”".into(),
            Rule::DuplicateTitle => "重复的标题，已删除".into(),
            Rule::Subtitle => "副标题".into(),
            Rule::Salutation => "称呼，不放入正文".into(),
            Rule::Byline => "署名：姓名、职务读入“基本信息”".into(),
            Rule::Date => "日期，不放入正文".into(),
            Rule::Closing => "结束语".into(),
            Rule::AfterClosing => "在结束语之后（署名或日期），模板中没有对应位置".into(),
            Rule::Heading { section: Some(i), .. } => format!("一级标题，对应“{}”（标题由模板生成）", heading(*i)),
            Rule::Heading { causes: true, .. } => "一级标题：原因分析部分".into(),
            Rule::Heading { rectification: true, .. } => "一级标题：上年度问题整改情况部分".into(),
            Rule::Heading { .. } => "一级标题".into(),
            Rule::SubHeading { causes: true } => "小标题：其后各条是原因".into(),
            Rule::SubHeading { causes: false } => "小标题：其后各条是问题".into(),
            Rule::ThemeTitle => "主题句小标题，作为其下一条的标题".into(),
            Rule::BeforeTitle => "在标题之前，未能识别".into(),
            Rule::BeforeFirstHeading => "在第一个一级标题之前".into(),
            Rule::IntroFormula => "以“现将……报告如下”结尾，是导语".into(),
            Rule::Background => "介绍单位基本情况，并入导语".into(),
            Rule::Numbered => "编号段落，开始新的一条".into(),
            Rule::Continues => "接在上一段之后，属于同一条".into(),
            Rule::SectionLead { section } => {
                format!("是“{}”开头的引导语，模板中没有对应位置", heading(*section))
            }
            Rule::UnderHeading => "在该部分标题之下，没有编号：作为一条（无标题）".into(),
            Rule::Cue => "开头的提示语表明所属部分".into(),
            Rule::Wording => "没有标题，按用词和各部分的先后判断".into(),
            Rule::CauseInline => "同一段中“原因……”之后的文字".into(),
            Rule::CauseByOrder => "单独写的原因，按顺序对应到问题".into(),
            Rule::Rectification => "上年度问题整改情况，并入工作部分".into(),
            Rule::UnknownPart => "所在部分未能对应到模板中的任何部分，未能识别".into(),
            Rule::NoPlace => "模板中没有对应位置".into(),
            Rule::PastBudget { after } => {
                format!("在第 {after} 行（段）之后：文字太长，不再逐段识别，原样保留")
            }
            Rule::Chosen => "由你指定".into(),
        }
    }
}

/// One paragraph of the input and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// First and last line (or Word paragraph) of the input it came from, 1-based.
    pub from: usize,
    pub to: usize,
    /// The text, cleaned; hard-wrapped lines joined back.
    pub text: String,
    pub part: Part,
    pub rule: Rule,
}

/// The importer's decisions for a whole input, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Review {
    pub unit: Unit,
    pub paragraphs: Vec<Paragraph>,
}

impl Review {
    /// Gives paragraph `index` a new part (marked as the user's choice). Out-of-range indexes are
    /// ignored.
    pub fn assign(&mut self, index: usize, part: Part) {
        if let Some(p) = self.paragraphs.get_mut(index) {
            p.part = part;
            p.rule = Rule::Chosen;
        }
    }

    /// One line per paragraph: where it came from, the part it was given, the rule that decided
    /// it and the start of its text — what `shuzhi import --explain` prints.
    pub fn explain(&self, template: &Template) -> String {
        const SHOWN: usize = 36;
        let word = self.unit.word();
        let mut out = String::new();
        for p in &self.paragraphs {
            let at = if p.from == p.to { format!("第 {} {word}", p.from) } else { format!("第 {}–{} {word}", p.from, p.to) };
            let mut text: String = p.text.chars().take(SHOWN).collect();
            if p.text.chars().count() > SHOWN {
                text.push('…');
            }
            out.push_str(&format!("{at}｜{}｜{}｜{text}\n", p.part.label(template), p.rule.describe(template)));
        }
        out
    }

    /// The parts a paragraph can be given: 导语, every item of every section plus one new item per
    /// section, the causes of problem items, 未归类, 不要, 标题, 称呼/落款.
    pub fn options(&self, template: &Template) -> Vec<Part> {
        let mut out = vec![Part::Intro];
        for (section, spec) in template.sections.iter().enumerate() {
            let used = self
                .paragraphs
                .iter()
                .filter_map(|p| match p.part {
                    Part::Item { section: s, item } | Part::Cause { section: s, item } if s == section => Some(item + 1),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            for item in 0..=used {
                out.push(Part::Item { section, item });
            }
            if spec.kind == SectionKind::Problems {
                for item in 0..=used {
                    out.push(Part::Cause { section, item });
                }
            }
        }
        out.extend([Part::Leftover, Part::Drop, Part::Title, Part::Meta]);
        out
    }
}
