//! Reading a .docx package: the paragraphs' text and, if present, the draft JSON we embedded.

/// What a .docx holds that the importer can use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocxContent {
    /// The text of every body paragraph, in order.
    pub paragraphs: Vec<String>,
    /// The draft JSON embedded by our own Word export, if any.
    pub embedded_draft: Option<String>,
}

/// Why a file could not be read as a .docx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxReadError {
    /// Not a zip archive, or a damaged one.
    NotZip(String),
    /// A zip, but without `word/document.xml`.
    NotWord,
    /// `word/document.xml` is not well-formed.
    BadXml(String),
}

impl std::fmt::Display for DocxReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxReadError::NotZip(why) => write!(f, "文件已损坏，不是有效的 Word (.docx) 文件：{why}"),
            DocxReadError::NotWord => f.write_str("这个压缩包不是 Word 文档（缺少 word/document.xml）"),
            DocxReadError::BadXml(why) => write!(f, "Word 文档内容损坏，无法读取：{why}"),
        }
    }
}

impl std::error::Error for DocxReadError {}

/// Reads a .docx (being written, issue 5).
pub fn read(_bytes: &[u8]) -> Result<DocxContent, DocxReadError> {
    Err(DocxReadError::NotWord)
}
