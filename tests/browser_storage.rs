//! Browser tier for storage: the real app mounted in headless Chromium against the real
//! localStorage, with faults injected the way browsers produce them — `Storage.prototype.setItem`
//! throwing `QuotaExceededError`, the `localStorage` getter throwing `SecurityError` (sandboxed
//! and third-party frames), damaged or newer data written before start-up, and `storage` events
//! as another tab sends them. Another tab's Web Lock is held by the test through
//! `navigator.locks`; the optimistic protocol of pages without Web Locks is tested with
//! `navigator.locks` hidden. Run with `make test-browser` or
//! `cargo test --target wasm32-unknown-unknown --test browser_storage`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlTextAreaElement, Storage};

use shuzhi::report::library::{self, DAMAGED_PREFIX, INDEX_KEY};
use shuzhi::report::storage;
use shuzhi::report::{apply, Draft, Edit, TextRef};

mod browser_support;
use browser_support::{next_task, type_into, until};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function stub_quota() {
  if (!window.__realSetItem) window.__realSetItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function () {
    throw new DOMException("Failed to execute 'setItem' on 'Storage': Setting the value exceeded the quota.", 'QuotaExceededError');
  };
}
export function unstub_quota() {
  if (window.__realSetItem) {
    Storage.prototype.setItem = window.__realSetItem;
    delete window.__realSetItem;
  }
}
export function block_storage() {
  if (window.__lsBlocked) return;
  window.__lsBlocked = { own: Object.getOwnPropertyDescriptor(window, 'localStorage') };
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() { throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError'); },
  });
}
export function unblock_storage() {
  const saved = window.__lsBlocked;
  if (!saved) return;
  delete window.localStorage;
  if (saved.own) Object.defineProperty(window, 'localStorage', saved.own);
  delete window.__lsBlocked;
}
export function real_storage() {
  // The getter of the Window prototype chain, even while `block_storage` hides it.
  const saved = window.__lsBlocked;
  if (saved && saved.own) return saved.own.get.call(window);
  let proto = Object.getPrototypeOf(window);
  while (proto) {
    const d = Object.getOwnPropertyDescriptor(proto, 'localStorage');
    if (d && d.get) return d.get.call(window);
    proto = Object.getPrototypeOf(proto);
  }
  return window.localStorage;
}
export function fire_storage_event(key, oldValue, newValue) {
  window.dispatchEvent(new StorageEvent('storage', { key, oldValue, newValue, storageArea: real_storage(), url: location.href }));
}
export function page_hide() {
  window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
}
export function hide_locks() {
  if ('__locks' in window) return;
  window.__locks = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks') || null;
  Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
}
export function show_locks() {
  if (!('__locks' in window)) return;
  if (window.__locks) Object.defineProperty(Navigator.prototype, 'locks', window.__locks);
  else delete Navigator.prototype.locks;
  delete window.__locks;
}
export function hold_lock(name) {
  const holder = {};
  window.__holder = holder;
  return new Promise((granted) => {
    holder.outcome = navigator.locks
      .request(name, () => {
        granted();
        return new Promise((release) => { holder.release = release; });
      })
      .then(() => 'released', (e) => e.name);
  });
}
export function release_lock() {
  const holder = window.__holder;
  if (holder && holder.release) holder.release();
}
export function holder_outcome() {
  return window.__holder.outcome;
}
"#)]
extern "C" {
    fn stub_quota();
    fn unstub_quota();
    fn block_storage();
    fn unblock_storage();
    fn real_storage() -> Storage;
    fn fire_storage_event(key: &str, old_value: Option<String>, new_value: Option<String>);
    fn page_hide();
    fn hide_locks();
    fn show_locks();
    /// Another tab takes the lock `name` (resolves once it holds it).
    fn hold_lock(name: &str) -> js_sys::Promise;
    fn release_lock();
    /// How the other tab's lock ended: `released`, or `AbortError` when this tab took it.
    fn holder_outcome() -> js_sys::Promise;
}

const NEWER: &str = include_str!("fixtures/storage/draft-v2-newer.json");
const TRUNCATED: &str = include_str!("fixtures/storage/draft-truncated.txt");
const HAND_EDITED: &str = include_str!("fixtures/storage/draft-hand-edited.json");
const RELEASE1: &str = include_str!("fixtures/storage/localstorage-release1.json");
const RELEASE2: &str = include_str!("fixtures/storage/localstorage-release2.json");

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn ls() -> Storage {
    real_storage()
}

fn keys() -> Vec<String> {
    let storage = ls();
    let n = storage.length().expect("length");
    (0..n).filter_map(|i| storage.key(i).ok().flatten()).collect()
}

fn get(key: &str) -> Option<String> {
    ls().get_item(key).expect("getItem")
}

/// Every test starts from an empty origin (they share one page).
fn clean() {
    unstub_quota();
    unblock_storage();
    show_locks();
    release_lock();
    for key in keys().into_iter().filter(|k| k.starts_with("shuzhi.")) {
        ls().remove_item(&key).expect("removeItem");
    }
}

fn draft_keys() -> Vec<String> {
    keys().into_iter().filter(|k| k.starts_with(library::DRAFT_PREFIX)).collect()
}

fn damaged_keys() -> Vec<String> {
    keys().into_iter().filter(|k| k.starts_with(DAMAGED_PREFIX)).collect()
}

struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<shuzhi::ui::App>>,
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).expect("valid selector")
    }
    fn text(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }
    fn field(&self, id: &str) -> HtmlTextAreaElement {
        self.find(&format!("#{id}")).expect("field present").dyn_into().expect("a textarea")
    }
    fn fieldset_disabled(&self) -> bool {
        self.find("fieldset.step-body").map(|f| f.has_attribute("disabled")).unwrap_or(false)
    }
    async fn unmount(mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        let root = self.root.clone();
        until("unmounted", || root.child_element_count() == 0).await;
        root.remove();
    }
}

/// Mounts the app at a step (`#/intro` …) and waits for it to render.
async fn mount(hash: &str) -> Mounted {
    let window = web_sys::window().expect("window");
    window.location().set_hash(hash).expect("set hash");
    let root = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&root).expect("append");
    let handle = yew::Renderer::<shuzhi::ui::App>::with_root(root.clone()).render();
    let mounted = Mounted { root, handle: Some(handle) };
    until("the app renders", || mounted.find("#step-heading").is_some()).await;
    mounted
}

/// Types into a text area as the browser reports it, and lets Yew handle it.
async fn type_text(app: &Mounted, id: &str, value: &str) {
    type_into(&app.field(id).into(), value);
    let field = app.field(id);
    // The input handler, the render and the autosave effect, and no timer yet: the debounced
    // save cannot have run, whatever the machine's speed.
    yew::scheduler::flush().await;
    assert_eq!(field.value(), value, "the text is in the field");
}

/// The draft under the single draft key.
fn stored_only_draft() -> Draft {
    let keys = draft_keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    storage::decode(&get(&keys[0]).expect("stored")).expect("decodes")
}

#[wasm_bindgen_test]
async fn a_keystroke_is_written_when_the_page_hides_at_once() {
    clean();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", "关页面前最后一个字：终").await;
    // No waiting for the 300 ms debounce: the page goes away now.
    page_hide();
    assert_eq!(stored_only_draft().intro, "关页面前最后一个字：终");
    app.unmount().await;

    let app = mount("#/intro").await;
    assert_eq!(app.field("f-intro").value(), "关页面前最后一个字：终");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn autosave_waits_300_ms_and_reports_the_time() {
    clean();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", "导语").await;
    assert!(app.text(".save-status").contains("保存中"), "{}", app.text(".save-status"));
    until("saved after the debounce", || app.text(".save-status").starts_with("已保存")).await;
    assert_eq!(stored_only_draft().intro, "导语");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn quota_exceeded_while_typing_keeps_typing_and_the_last_saved_copy() {
    clean();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", "第一句。").await;
    page_hide();
    let saved = get(&draft_keys()[0]).expect("saved");

    stub_quota();
    type_text(&app, "f-intro", "第一句。第二句。").await;
    page_hide();
    until("the banner shows", || app.find("#alert-save-failed").is_some()).await;
    let banner = app.find("#alert-save-failed").expect("banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(app.text("#alert-save-failed").contains("存储空间已满"));
    assert!(app.text("#alert-save-failed").contains("上次保存的内容仍然完好"));
    assert!(app.find("#alert-download-backup").is_some(), "a button to download a backup");
    assert!(app.text(".save-status").contains("未保存"));
    assert_eq!(get(&draft_keys()[0]).as_deref(), Some(saved.as_str()), "the last saved copy is intact");
    // Typing goes on in memory.
    type_text(&app, "f-intro", "第一句。第二句。第三句。").await;
    assert!(app.text(".preview").contains("第三句"));
    assert!(!app.fieldset_disabled());

    // Space again: everything typed meanwhile is written, the banner goes.
    unstub_quota();
    type_text(&app, "f-intro", "第一句。第二句。第三句。第四句。").await;
    page_hide();
    until("the banner goes", || app.find("#alert-save-failed").is_none()).await;
    assert_eq!(stored_only_draft().intro, "第一句。第二句。第三句。第四句。");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn quota_exceeded_at_start_up_still_opens() {
    clean();
    ls().set_item("shuzhi.draft.current", TRUNCATED).unwrap();
    stub_quota();
    let app = mount("#/intro").await;
    // It opened, said what happened, and left the unreadable text where it was.
    until("the damaged-data banner", || app.find("#alert-damaged").is_some()).await;
    assert!(app.text("#alert-damaged").contains("无法另存备份"), "{}", app.text("#alert-damaged"));
    assert_eq!(get("shuzhi.draft.current").as_deref(), Some(TRUNCATED));
    type_text(&app, "f-intro", "照样可以写").await;
    page_hide();
    until("the quota banner", || app.find("#alert-save-failed").is_some()).await;
    assert_eq!(get("shuzhi.draft.current").as_deref(), Some(TRUNCATED));
    unstub_quota();
    app.unmount().await;
    assert_eq!(get("shuzhi.draft.current").as_deref(), Some(TRUNCATED), "never overwritten");
}

#[wasm_bindgen_test]
async fn storage_access_that_throws_means_memory_only_with_a_warning() {
    clean();
    block_storage();
    let app = mount("#/intro").await;
    unblock_storage();
    until("the memory-only banner", || app.find("#alert-memory").is_some()).await;
    let text = app.text("#alert-memory");
    assert!(text.contains("关闭或刷新页面就会全部丢失"), "{text}");
    assert!(text.contains("SecurityError"), "says why: {text}");
    assert!(app.text("#alert-memory").contains("导出备份"));
    type_text(&app, "f-intro", "只在内存里").await;
    page_hide();
    assert!(app.text(".save-status").contains("只在本页内存中"), "{}", app.text(".save-status"));
    assert!(app.text(".preview").contains("只在内存里"));
    // Nothing was written (the storage came back meanwhile, but this page never read it).
    assert!(draft_keys().is_empty());
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn damaged_data_is_kept_under_backup_keys_that_never_overwrite_each_other() {
    clean();
    ls().set_item("shuzhi.draft.current", TRUNCATED).unwrap();
    let app = mount("#/intro").await;
    until("the damaged-data banner", || app.find("#alert-damaged").is_some()).await;
    assert!(app.text("#alert-damaged").contains("原样另存为备份"));
    assert!(app.text("#alert-damaged").contains("下载无法读取的数据"), "offered for download");
    let first = damaged_keys();
    assert_eq!(first.len(), 1);
    assert_eq!(get(&first[0]).as_deref(), Some(TRUNCATED));
    // The app works on a new draft under a new key.
    type_text(&app, "f-intro", "新的导语").await;
    page_hide();
    assert_eq!(stored_only_draft().intro, "新的导语");
    app.unmount().await;

    // A hand-edited draft next time: a second copy, the first intact.
    let id = draft_keys()[0].clone();
    ls().set_item(&id, HAND_EDITED).unwrap();
    let app = mount("#/intro").await;
    until("the damaged-data banner", || app.find("#alert-damaged").is_some()).await;
    let now = damaged_keys();
    assert_eq!(now.len(), 2, "{now:?}");
    assert_eq!(get(&first[0]).as_deref(), Some(TRUNCATED));
    assert!(now.iter().any(|k| get(k).as_deref() == Some(HAND_EDITED)));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_newer_versions_draft_opens_read_only_and_edits_are_refused() {
    clean();
    ls().set_item("shuzhi.draft.future", NEWER).unwrap();
    ls().set_item("shuzhi.last", "future").unwrap();
    let app = mount("#/intro").await;
    until("the read-only banner", || app.find("#alert-newer").is_some()).await;
    assert!(app.text("#alert-newer").contains("只能查看"));
    assert_eq!(app.field("f-intro").value(), "未来版本保存的导语。");
    assert!(app.fieldset_disabled(), "the fields are disabled");
    // Even an input event that gets through is refused by the reducer and never saved.
    type_into(&app.field("f-intro").into(), "想改一下");
    next_task().await;
    next_task().await;
    page_hide();
    assert!(!app.text(".preview").contains("想改一下"));
    assert_eq!(get("shuzhi.draft.future").as_deref(), Some(NEWER));
    app.unmount().await;
    assert_eq!(get("shuzhi.draft.future").as_deref(), Some(NEWER));
}

#[wasm_bindgen_test]
async fn the_first_releases_draft_is_migrated() {
    clean();
    seed(RELEASE1);
    let app = mount("#/intro").await;
    assert!(app.field("f-intro").value().starts_with("2024年，在学校党委的正确领导下"));
    assert!(get(INDEX_KEY).is_some(), "the draft joined the index");
    assert!(app.find("#alert-damaged").is_none());
    app.unmount().await;
}

fn seed(dump: &str) {
    let dump: std::collections::BTreeMap<String, String> = serde_json::from_str(dump).expect("fixture");
    for (k, v) in &dump {
        ls().set_item(k, v).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_week_without_a_backup_brings_a_reminder() {
    clean();
    seed(RELEASE2);
    // The last backup was long ago and the drafts were edited after it.
    ls().set_item(library::BACKUP_AT_KEY, "1").unwrap();
    let app = mount("#/info").await;
    until("the reminder", || app.find("#alert-backup").is_some()).await;
    assert!(app.text("#alert-backup").contains("天没有备份"), "{}", app.text("#alert-backup"));
    let later = app
        .root
        .query_selector_all("#alert-backup button")
        .expect("buttons")
        .get(1)
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        .expect("以后再说");
    assert_eq!(later.text_content().as_deref(), Some("以后再说"));
    later.click();
    until("dismissed", || app.find("#alert-backup").is_none()).await;
    app.unmount().await;
    // A recent backup: no reminder.
    ls().set_item(library::BACKUP_AT_KEY, &(js_sys::Date::now() as u64).to_string()).unwrap();
    let app = mount("#/info").await;
    next_task().await;
    assert!(app.find("#alert-backup").is_none());
    app.unmount().await;
}

/// Another tab saves `intro` into the stored draft, and its `storage` event arrives here.
fn other_tab_saves(intro: &str) {
    let (key, old, json) = other_tab_writes(intro);
    fire_storage_event(&key, old, Some(json));
}

fn other_tab_writes(intro: &str) -> (String, Option<String>, String) {
    let key = draft_keys()[0].clone();
    let old = get(&key);
    let mut draft = storage::decode(old.as_deref().expect("stored")).expect("decodes");
    apply(&mut draft, Edit::SetText { target: TextRef::Intro, value: intro.into() });
    let json = storage::encode(&draft);
    ls().set_item(&key, &json).unwrap();
    (key, old, json)
}

#[wasm_bindgen_test]
async fn without_web_locks_another_tab_saving_turns_this_tab_read_only_and_it_follows() {
    clean();
    hide_locks();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", "本页写的").await;
    page_hide();
    let (key, old, json) = other_tab_writes("另一个标签页写的");
    fire_storage_event(&key, old, Some(json.clone()));
    until("the conflict banner", || app.find("#alert-conflict").is_some()).await;
    assert!(app.text("#alert-conflict").contains("另一个标签页"));
    until("shows the other tab's copy", || app.field("f-intro").value() == "另一个标签页写的").await;
    assert!(app.fieldset_disabled());
    page_hide();
    assert_eq!(get(&key).as_deref(), Some(json.as_str()), "nothing overwritten");

    // 在本页继续编辑 takes over from the newest copy.
    let button: web_sys::HtmlElement = app.find("#take-over").expect("button").dyn_into().unwrap();
    button.click();
    until("editable again", || !app.fieldset_disabled() && app.find("#alert-conflict").is_none()).await;
    type_text(&app, "f-intro", "另一个标签页写的，本页接着写").await;
    page_hide();
    assert_eq!(stored_only_draft().intro, "另一个标签页写的，本页接着写");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn without_web_locks_another_tabs_save_while_this_tab_has_unsaved_changes_loses_neither() {
    clean();
    hide_locks();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", "第一版").await;
    page_hide();
    // This tab types (not yet written) when the other tab's save arrives.
    type_text(&app, "f-intro", "第一版，本页新加的").await;
    let (key, old, json) = other_tab_writes("第一版，另一页新加的");
    fire_storage_event(&key, old, Some(json.clone()));
    until("the conflict banner", || app.find("#alert-conflict").is_some()).await;
    assert!(app.text("#alert-conflict").contains("没保存的修改"));
    assert_eq!(app.field("f-intro").value(), "第一版，本页新加的", "this tab's text stays on screen");
    page_hide();
    assert_eq!(get(&key).as_deref(), Some(json.as_str()), "the other tab's save is not overwritten");

    // 另存为新报告 keeps this tab's text as a new draft.
    let button: web_sys::HtmlElement = app.find("#save-as-new").expect("button").dyn_into().unwrap();
    button.click();
    until("a second draft", || draft_keys().len() == 2).await;
    let texts: Vec<String> = draft_keys().iter().map(|k| storage::decode(&get(k).unwrap()).unwrap().intro).collect();
    assert!(texts.contains(&"第一版，本页新加的".to_string()), "{texts:?}");
    assert!(texts.contains(&"第一版，另一页新加的".to_string()), "{texts:?}");
    until("editable again", || !app.fieldset_disabled()).await;
    app.unmount().await;
}

/// A stored draft `dtabs` (opened at start-up), as another tab left it.
fn seed_draft(intro: &str) -> String {
    let mut draft = Draft::new(&shuzhi::report::default_template());
    apply(&mut draft, Edit::SetText { target: TextRef::Intro, value: intro.into() });
    ls().set_item(&library::draft_key("dtabs"), &storage::encode(&draft)).unwrap();
    ls().set_item(library::LAST_KEY, "dtabs").unwrap();
    library::draft_key("dtabs")
}

const MARK: &str = "shuzhi.writer.dtabs";

/// Another tab writes `key` = `value` and the `storage` event arrives here.
fn other_tab_sets(key: &str, value: Option<&str>) {
    let old = get(key);
    match value {
        Some(value) => ls().set_item(key, value).unwrap(),
        None => ls().remove_item(key).unwrap(),
    }
    fire_storage_event(key, old, value.map(str::to_string));
}

#[wasm_bindgen_test]
async fn with_web_locks_this_tab_follows_the_lock_holder_and_writes_once_it_closes() {
    clean();
    let key = seed_draft("那边写的");
    JsFuture::from(hold_lock(&key)).await.expect("the other tab holds the lock");
    ls().set_item(MARK, "other").unwrap();
    let app = mount("#/intro").await;
    until("the other-tab banner", || app.find("#alert-conflict").is_some()).await;
    assert!(app.text("#alert-conflict").contains("那个标签页关闭后，本页自动接着编辑"), "{}", app.text("#alert-conflict"));
    until("read-only", || app.fieldset_disabled()).await;
    assert!(app.text(".save-status").contains("只读"), "{}", app.text(".save-status"));

    // The other tab saves: shown here.
    other_tab_saves("那边又写了");
    until("follows", || app.field("f-intro").value() == "那边又写了").await;
    // It closes: the lock reaches this tab before its last save and its mark's removal.
    release_lock();
    until("taking over", || app.text("#alert-conflict").contains("正在改由本页编辑")).await;
    assert!(app.fieldset_disabled(), "still read-only until the last save is in");
    other_tab_saves("那边最后一次保存");
    other_tab_sets(MARK, None);
    until("writable", || !app.fieldset_disabled() && app.find("#alert-conflict").is_none()).await;
    assert_eq!(app.field("f-intro").value(), "那边最后一次保存");
    assert!(get(MARK).is_some_and(|m| m != "other"), "this tab's mark");
    type_text(&app, "f-intro", "那边最后一次保存，本页接着写").await;
    page_hide();
    assert_eq!(stored_only_draft().intro, "那边最后一次保存，本页接着写");
    app.unmount().await;
    assert_eq!(get(MARK), None, "the mark goes with the page");
}

#[wasm_bindgen_test]
async fn with_web_locks_edit_here_takes_the_lock_and_waits_for_the_other_tabs_last_save() {
    clean();
    let key = seed_draft("那边写的");
    JsFuture::from(hold_lock(&key)).await.expect("the other tab holds the lock");
    ls().set_item(MARK, "other").unwrap();
    let app = mount("#/intro").await;
    until("the take-over button", || app.find("#take-over").is_some()).await;
    let button: web_sys::HtmlElement = app.find("#take-over").expect("button").dyn_into().unwrap();
    button.click();
    let outcome = JsFuture::from(holder_outcome()).await.expect("outcome");
    assert_eq!(outcome.as_string().as_deref(), Some("AbortError"), "the other tab learns it lost the lock");
    until("taking over", || app.text("#alert-conflict").contains("正在改由本页编辑")).await;
    // The other tab's last keystrokes, then its mark goes.
    other_tab_saves("那边最后打的字");
    other_tab_sets(MARK, None);
    until("writable", || !app.fieldset_disabled() && app.find("#alert-conflict").is_none()).await;
    assert_eq!(app.field("f-intro").value(), "那边最后打的字");
    type_text(&app, "f-intro", "那边最后打的字，本页的").await;
    page_hide();
    assert_eq!(stored_only_draft().intro, "那边最后打的字，本页的");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn with_web_locks_the_writer_takes_a_save_made_without_the_lock_and_stays_writable() {
    clean();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", "本页写的").await;
    page_hide();
    until("this tab writes (its mark)", || keys().iter().any(|k| k.starts_with("shuzhi.writer."))).await;
    // A late save of a previous writer, or an older version of the app in another tab.
    other_tab_saves("晚到的保存");
    until("shown", || app.field("f-intro").value() == "晚到的保存").await;
    assert!(!app.fieldset_disabled());
    assert!(app.find("#alert-conflict").is_none());
    type_text(&app, "f-intro", "晚到的保存，接着写").await;
    page_hide();
    assert_eq!(stored_only_draft().intro, "晚到的保存，接着写");
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_change_by_another_tab_is_caught_even_without_the_event() {
    clean();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", "本页").await;
    page_hide();
    // The other tab's event never arrives (e.g. the save raced the page hiding).
    let (key, _, json) = other_tab_writes("另一页");
    type_text(&app, "f-intro", "本页又改了").await;
    page_hide();
    until("the conflict banner", || app.find("#alert-conflict").is_some()).await;
    assert_eq!(get(&key).as_deref(), Some(json.as_str()));
    assert!(app.text(".save-status").contains("未保存"));
    app.unmount().await;
}

#[wasm_bindgen_test]
async fn a_million_cjk_characters_save_and_restore_exactly() {
    clean();
    let pool: Vec<char> = "述职报告抓基层党建工作情况一是二是三会一课𠀋“”，。、；：\n".chars().collect();
    let mut n = 7u64;
    let text: String = (0..1_000_000)
        .map(|_| {
            n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            pool[(n >> 33) as usize % pool.len()]
        })
        .collect();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", &text).await;
    page_hide();
    until("saved", || app.text(".save-status").starts_with("已保存")).await;
    assert!(app.text(".save-status").contains("本机已用"), "the status shows storage used: {}", app.text(".save-status"));
    assert_eq!(stored_only_draft().intro, text);
    app.unmount().await;

    let app = mount("#/intro").await;
    assert!(app.field("f-intro").value() == text, "restored exactly");
    app.unmount().await;
    clean();
}

#[wasm_bindgen_test]
async fn my_reports_lists_creates_and_shows_usage() {
    clean();
    let app = mount("#/intro").await;
    type_text(&app, "f-intro", "第一份").await;
    page_hide();
    app.unmount().await;
    let app = mount("#/drafts").await;
    until("the list", || app.find(".draft-row").is_some()).await;
    assert!(app.text("#storage-usage").contains("本机已用"));
    assert!(app.text(".draft-row").contains("抓基层党建工作述职报告"));
    let new: web_sys::HtmlElement = app.find("#new-draft").expect("button").dyn_into().unwrap();
    new.click();
    until("two drafts stored", || draft_keys().len() == 2).await;
    app.unmount().await;
}
