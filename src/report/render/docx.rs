//! Word (.docx) export in the official format (GB/T 9704-2012) — being written (issue 5).

use crate::report::model::Draft;
use crate::report::outline::Outline;

/// The .docx package bytes.
pub fn render(_outline: &Outline, _draft: &Draft) -> Vec<u8> {
    Vec::new()
}
