//! The crash journal's rules, natively: what the storage session hands to the journal, and which
//! journal copies start-up puts back into localStorage (newer ones, missing ones) and which it
//! leaves (older, equal, undecodable) — always keeping the replaced version as a snapshot.

mod common;

use common::{default_template, sample_draft};
use shuzhi::app::journal::{recover, JournalEntry, JournalOp};
use shuzhi::app::session::{StorageSession, StoreKind};
use shuzhi::report::library::{self, MemoryStore, Store};
use shuzhi::report::{apply, storage, Draft, Edit, TextRef};

const NOW: u64 = 1_733_000_000_000;

fn with_intro(draft: &Draft, intro: &str) -> Draft {
    let mut draft = draft.clone();
    apply(&mut draft, Edit::SetText { target: TextRef::Intro, value: intro.into() });
    draft
}

fn entry(id: &str, draft: &Draft, at: u64) -> JournalEntry {
    JournalEntry { id: id.into(), json: storage::encode(draft), at }
}

/// A store holding draft `d1` saved at `at` with `intro`.
fn store_with(intro: &str, at: u64) -> MemoryStore {
    let mut store = MemoryStore::new();
    let mut session = library::adopt(&store, "d1").expect("adopt");
    library::save(&mut store, &mut session, &with_intro(&sample_draft(), intro), at).expect("save");
    store
}

fn stored_intro(store: &MemoryStore, id: &str) -> Option<String> {
    store.get(&library::draft_key(id)).expect("get").map(|t| storage::decode(&t).expect("decodes").intro)
}

#[test]
fn newer_or_missing_copies_come_back_older_ones_do_not() {
    // (what localStorage kept, the journal's copy, what start-up must leave stored)
    type Case = (&'static str, Option<(&'static str, u64)>, (&'static str, u64), &'static str);
    let cases: Vec<Case> = vec![
        ("localStorage lost the last seconds", Some(("旧的", NOW)), ("新的，多写了几个字", NOW + 3000), "新的，多写了几个字"),
        ("localStorage lost the draft's first write", None, ("第一次写的", NOW), "第一次写的"),
        ("localStorage is newer (a journal write failed)", Some(("后来的", NOW + 5000)), ("先前的", NOW), "后来的"),
        ("the same text", Some(("一样", NOW)), ("一样", NOW), "一样"),
    ];
    for (what, kept, (journal_intro, at), expected) in cases {
        let mut store = match kept {
            Some((intro, saved_at)) => store_with(intro, saved_at),
            None => MemoryStore::new(),
        };
        let entries = [entry("d1", &with_intro(&sample_draft(), journal_intro), at)];
        let restored = recover(&mut store, &entries);
        assert_eq!(stored_intro(&store, "d1").as_deref(), Some(expected), "{what}");
        assert_eq!(restored.is_empty(), expected != journal_intro || kept.is_some_and(|(k, _)| k == journal_intro), "{what}: {restored:?}");
    }
}

#[test]
fn the_version_put_back_over_keeps_the_old_one_as_a_snapshot() {
    let mut store = store_with("旧的", NOW);
    recover(&mut store, &[entry("d1", &with_intro(&sample_draft(), "新的"), NOW + 3000)]);
    let snapshots = library::read_snapshots(&store, "d1").expect("snapshots");
    assert!(snapshots.iter().any(|s| s.decode().map(|d| d.intro == "旧的").unwrap_or(false)), "the replaced text is in 版本记录");
    // The draft reopened at start-up is the one put back last (the newest).
    recover(&mut store, &[entry("d2", &with_intro(&sample_draft(), "甲"), NOW + 9000), entry("d3", &with_intro(&sample_draft(), "乙"), NOW + 8000)]);
    assert_eq!(store.get(library::LAST_KEY).expect("get").as_deref(), Some("d2"));
}

#[test]
fn damaged_journal_copies_and_unreadable_stored_drafts_are_left_alone() {
    let mut store = MemoryStore::new();
    store.set(&library::draft_key("d1"), &common::fixture("storage/draft-v2-newer.json")).expect("seed");
    let newer_before = store.get(&library::draft_key("d1")).expect("get");
    let entries = [
        JournalEntry { id: "d1".into(), json: storage::encode(&sample_draft()), at: NOW + 99_999 },
        JournalEntry { id: "d2".into(), json: "{ not json".into(), at: NOW },
    ];
    assert!(recover(&mut store, &entries).is_empty());
    assert_eq!(store.get(&library::draft_key("d1")).expect("get"), newer_before, "a newer version's draft is never written");
    assert_eq!(store.get(&library::draft_key("d2")).expect("get"), None);
}

#[test]
fn the_session_hands_every_write_delete_and_wipe_to_the_journal() {
    let started = StorageSession::start(Ok((Box::new(MemoryStore::new()), StoreKind::Local)), default_template(), NOW);
    let (mut session, open) = (started.session, started.open);
    // Before the journal is started nothing is handed over.
    let first = with_intro(&open.opened.draft, "一");
    session.queue(&open.id, &first, NOW);
    session.flush(NOW);
    assert!(session.take_journal().is_empty());
    session.start_journal();
    let second = with_intro(&first, "二");
    session.queue(&open.id, &second, NOW + 1);
    session.flush(NOW + 1);
    assert_eq!(session.take_journal(), vec![JournalOp::Write(entry(&open.id, &second, NOW + 1))]);
    // Nothing changed, nothing written, nothing journaled.
    session.queue(&open.id, &second, NOW + 2);
    session.flush(NOW + 2);
    assert!(session.take_journal().is_empty());
    session.delete(&open.id).expect("delete");
    assert_eq!(session.take_journal(), vec![JournalOp::Remove(open.id.clone())]);
    session.wipe().expect("wipe");
    assert_eq!(session.take_journal(), vec![JournalOp::Clear]);
    // The passphrase lock's store and memory mode keep no journal (no plain text there).
    let locked = StorageSession::start(Ok((Box::new(MemoryStore::new()), StoreKind::Locked)), default_template(), NOW);
    let (mut locked, open) = (locked.session, locked.open);
    locked.start_journal();
    locked.queue(&open.id, &with_intro(&open.opened.draft, "加密的"), NOW);
    locked.flush(NOW);
    assert!(locked.take_journal().is_empty());
}
