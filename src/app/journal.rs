//! The crash journal's rules: what the storage session hands to the journal (every draft written,
//! removed, or everything wiped), and at start-up which journal copies are put back because they
//! are newer than what localStorage kept. The journal itself is the browser's IndexedDB
//! (`ui::adapters::journal`); this module decides, natively tested.

use crate::report::library::{self, Store};
use crate::report::storage;

/// A draft as it was written, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: String,
    /// The draft's stored JSON, exactly as written to localStorage.
    pub json: String,
    /// When it was written (ms).
    pub at: u64,
}

/// What the journal must do after a storage change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalOp {
    Write(JournalEntry),
    Remove(String),
    Clear,
}

/// Puts back every journal copy that is newer than the stored one (or whose draft is missing
/// from storage altogether — localStorage lost its first write). The stored version it replaces
/// becomes a snapshot, so nothing is lost either way. Returns the ids put back, oldest first.
/// Copies that don't decode, and drafts stored in a form this version can't read, are left alone.
pub fn recover(store: &mut dyn Store, entries: &[JournalEntry]) -> Vec<String> {
    let mut entries: Vec<&JournalEntry> = entries.iter().collect();
    // The newest last: saving sets the draft reopened at start-up.
    crate::report::order::sort_by_key(&mut entries, |e| e.at);
    let known = library::list(store).unwrap_or_default();
    let mut restored = Vec::new();
    for entry in entries {
        let Ok(draft) = storage::decode(&entry.json) else { continue };
        let stored = store.get(&library::draft_key(&entry.id)).ok().flatten();
        if stored.as_deref() == Some(entry.json.as_str()) {
            continue;
        }
        let stored_at = known.iter().find(|e| e.meta.id == entry.id).map(|e| e.meta.edited);
        if stored.is_some() && stored_at.is_some_and(|at| at >= entry.at) {
            continue;
        }
        let Ok(mut session) = library::adopt(store, &entry.id) else { continue };
        if library::save(store, &mut session, &draft, entry.at).is_ok() {
            restored.push(entry.id.clone());
        }
    }
    restored
}
