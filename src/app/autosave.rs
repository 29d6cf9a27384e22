//! When the autosave writes: 300 ms after the last change, but never later than 2 s after the
//! first change not yet written — steady typing (a keystroke every 150 ms for a minute) is saved
//! every 2 s instead of only at the first pause, so a crash loses at most the last 2 s.

/// The wait after the last change.
pub const DEBOUNCE_MS: u64 = 300;
/// The longest a change waits, counted from the first change not yet written.
pub const MAX_WAIT_MS: u64 = 2000;

/// The autosave's clock: when the first unwritten change happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Debounce {
    first_unwritten: Option<u64>,
}

impl Debounce {
    /// A change at `now`: how long to wait before writing (the timer restarts with each change).
    pub fn changed(&mut self, now: u64) -> u64 {
        let first = *self.first_unwritten.get_or_insert(now);
        let deadline = first.saturating_add(MAX_WAIT_MS);
        DEBOUNCE_MS.min(deadline.saturating_sub(now))
    }

    /// Everything was written (the timer fired, or the page was hidden).
    pub fn written(&mut self) {
        self.first_unwritten = None;
    }
}
