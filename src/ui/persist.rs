//! Moving the draft's JSON in and out of localStorage (the codec lives in the core's `storage`).
//! Damaged saved text is copied to a backup key and never overwritten.

use super::browser;
use crate::report::storage::{self, DecodeError};
use crate::report::Draft;

/// The id of the draft a first visit creates (until several drafts exist).
pub const CURRENT_ID: &str = "current";

const DRAFT_KEY: &str = "shuzhi.draft.current";
const DAMAGED_KEY: &str = "shuzhi.damaged";

/// What start-up found in storage.
pub enum Loaded {
    Nothing,
    Draft(Draft),
    /// Saved text we could not read; it was kept under `DAMAGED_KEY`.
    Damaged(DecodeError),
    Unavailable(String),
}

pub fn load() -> Loaded {
    let storage = match browser::local_storage() {
        Ok(storage) => storage,
        Err(why) => return Loaded::Unavailable(why),
    };
    let raw = match storage.get_item(DRAFT_KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Loaded::Nothing,
        Err(e) => return Loaded::Unavailable(browser::js_error_text(&e)),
    };
    match storage::decode(&raw) {
        Ok(draft) => Loaded::Draft(draft),
        Err(why) => {
            // Keep the unreadable text; the next save writes the key anew only after this copy.
            if storage.get_item(DAMAGED_KEY).ok().flatten().is_none() {
                let _ = storage.set_item(DAMAGED_KEY, &raw);
            }
            Loaded::Damaged(why)
        }
    }
}

/// Why a save failed.
pub enum SaveError {
    Quota,
    Unavailable(String),
}

pub fn save(draft: &Draft) -> Result<(), SaveError> {
    let storage = browser::local_storage().map_err(SaveError::Unavailable)?;
    storage.set_item(DRAFT_KEY, &storage::encode(draft)).map_err(|e| {
        if browser::is_quota_error(&e) {
            SaveError::Quota
        } else {
            SaveError::Unavailable(browser::js_error_text(&e))
        }
    })
}
