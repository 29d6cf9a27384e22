//! The pre-export check: diagnostics about a draft against its template. Being written (issue 3).

use super::diagnostic::Diagnostic;
use super::model::Draft;
use super::template::Template;

/// Every finding about the draft, errors first.
pub fn check(_draft: &Draft, _template: &Template) -> Vec<Diagnostic> {
    Vec::new()
}
