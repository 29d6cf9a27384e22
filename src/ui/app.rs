//! The root component: header with save status, the step list, the current step, the live
//! preview, and the effects that tie them to the browser (URL hash, focus, autosave).

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser;
use super::check::{locate, CheckPage};
use super::drafts::DraftsPage;
use super::import::{drags_files, dropped_file, import_browser_file, ImportOutcome, ImportPage};
use super::fields::{LineField, TextField};
use super::items::{field_id, SectionEditor};
use super::autosave::{use_autosave, SaveStatus, StorageAlerts};
use super::persist;
use super::platform::PlatformStatus;
use super::state::{Action, AppState, Step};
use super::yearly::SimilarPanel;
use super::strings as s;
use crate::report::diagnostic::Severity;
use crate::report::outline::Anchor;
use crate::report::render::html::{fragment_blocks, PreviewBlock};
use crate::report::template::FieldKind;
use crate::report::{outline, Edit, TextRef};

/// How far a step has got, shown in the step list.
#[derive(Clone, Copy, PartialEq)]
enum StepStatus {
    Empty,
    InProgress,
    Complete,
    Problems,
}

impl StepStatus {
    fn label(self) -> &'static str {
        match self {
            StepStatus::Empty => s::STATUS_EMPTY,
            StepStatus::InProgress => s::STATUS_PROGRESS,
            StepStatus::Complete => s::STATUS_DONE,
            StepStatus::Problems => s::STATUS_PROBLEMS,
        }
    }
    fn class(self) -> &'static str {
        match self {
            StepStatus::Empty => "empty",
            StepStatus::InProgress => "progress",
            StepStatus::Complete => "done",
            StepStatus::Problems => "problems",
        }
    }
}

fn step_title(state: &AppState, step: &Step) -> String {
    match step {
        Step::Info => s::STEP_INFO.into(),
        Step::Intro => s::STEP_INTRO.into(),
        Step::Section(i) => state
            .template
            .sections
            .get(*i)
            .map(|sec| format!("{}、{}", crate::report::outline::chinese_number(i + 1), sec.heading))
            .unwrap_or_default(),
        Step::Check => s::STEP_CHECK.into(),
        Step::Drafts => s::MY_REPORTS.into(),
        Step::Import => s::IMPORT.into(),
    }
}

fn step_status(state: &AppState, step: &Step) -> StepStatus {
    let has_error = state
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && &locate(state, &d.place).0 == step);
    let (filled, complete) = match step {
        Step::Info => {
            let any = state.template.fields.iter().any(|f| !state.draft.info(&f.key).trim().is_empty());
            let all = state.template.fields.iter().filter(|f| f.required).all(|f| !state.draft.info(&f.key).trim().is_empty());
            (any, all)
        }
        Step::Intro => {
            let any = !state.draft.intro.trim().is_empty();
            (any, any)
        }
        Step::Section(i) => {
            let Some(spec) = state.template.sections.get(*i) else { return StepStatus::Empty };
            let items = state.draft.section(&spec.id).map(|s| s.items.as_slice()).unwrap_or_default();
            let written: Vec<_> = items.iter().filter(|it| !(it.body.trim().is_empty() && it.cause.trim().is_empty())).collect();
            let needs_cause = spec.kind == crate::report::template::SectionKind::Problems;
            let all = !written.is_empty()
                && items.iter().all(|it| !it.title.trim().is_empty() && !it.body.trim().is_empty() && (!needs_cause || !it.cause.trim().is_empty()));
            (!written.is_empty(), all)
        }
        Step::Drafts | Step::Import => return StepStatus::Empty,
        Step::Check => return if state.diagnostics.iter().any(|d| d.severity == Severity::Error) { StepStatus::Problems } else { StepStatus::Empty },
    };
    if has_error && filled {
        StepStatus::Problems
    } else if complete {
        StepStatus::Complete
    } else if filled {
        StepStatus::InProgress
    } else {
        StepStatus::Empty
    }
}

fn initial_state() -> (AppState, Option<String>) {
    // What to open (the last opened draft …), read-only or not; storage faults become the
    // banners of `StorageAlerts`, so there is no notice for the general banner.
    let started = persist::start();
    // A portal's configuration starts an untouched new report (embed.rs); others stay as they are.
    let (template, draft) = match started.read_only {
        None => super::embed::on_start(started.template, started.draft),
        Some(_) => (started.template, started.draft),
    };
    let step = Step::from_hash(&browser::current_hash(), &template).unwrap_or(Step::Info);
    let mut state = AppState::new(started.id, template, draft, step);
    state.read_only = started.read_only;
    // The draft's template is not on this computer: it opened with the default one (persist).
    state.notice = started.notice;
    // On start-up, don't steal focus from the page; only later navigations move it.
    state.focus = None;
    (state, None)
}

#[component]
pub fn App() -> Html {
    let notice = use_mut_ref(|| None::<String>);
    let state = {
        let notice = notice.clone();
        use_reducer(move || {
            let (state, why) = initial_state();
            *notice.borrow_mut() = why;
            state
        })
    };
    let banner = use_state(|| notice.borrow().clone());
    let save_status = use_state(|| SaveStatus::Saved(String::new()));
    let show_preview = use_state(|| false);
    // A file dropped anywhere on the page goes to the import step for confirmation.
    let dropped = use_state(|| None::<ImportOutcome>);
    let ondragover = Callback::from(|e: DragEvent| {
        if drags_files(&e) {
            e.prevent_default();
        }
    });
    let ondrop = {
        let state = state.clone();
        let dropped = dropped.clone();
        Callback::from(move |e: DragEvent| {
            let Some(file) = dropped_file(&e) else { return };
            e.prevent_default();
            let state = state.clone();
            let dropped = dropped.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match import_browser_file(file, state.template.clone()).await {
                    Ok(imported) => ImportOutcome::Ready(Rc::new(imported)),
                    Err(why) => ImportOutcome::Refused(why),
                };
                dropped.set(Some(outcome));
                state.dispatch(Action::GoTo(Step::Import));
            });
        })
    };

    use_hash_sync(&state);
    use_focus_requests(&state);
    use_autosave(&state, &save_status, &banner);
    super::embed::use_host_api(&state);

    {
        let anchor = state.anchor.clone();
        use_effect_with((anchor, state.revision), move |(anchor, _)| {
            if let Some(anchor) = anchor {
                browser::scroll_preview_to(anchor);
            }
        });
    }

    {
        // The 撤销 offer lasts a few seconds after a removal.
        let serial = state.removed.as_ref().map(|r| r.serial);
        let state = state.clone();
        use_effect_with(serial, move |serial| {
            let handle = serial.map(|serial| browser::set_timeout(8000, move || state.dispatch(Action::DismissUndo(serial))));
            move || {
                if let Some(handle) = handle {
                    browser::clear_timeout(handle);
                }
            }
        });
    }

    let steps = state.steps();
    let current = steps.iter().position(|st| st == &state.step);
    let statuses: Vec<StepStatus> = steps.iter().map(|st| step_status(&state, st)).collect();
    let countable = steps.len().saturating_sub(1).max(1);
    let done = statuses.iter().take(countable).filter(|st| **st == StepStatus::Complete).count();
    let percent = done * 100 / countable;

    let go = |step: Step| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::GoTo(step.clone())))
    };

    let outline = outline(&state.draft, &state.template);
    // One raw node per block: Yew replaces only the blocks whose HTML changed.
    let preview_blocks = fragment_blocks(&outline);

    let status_text = match &*save_status {
        SaveStatus::Saved(time) if time.is_empty() => String::new(),
        SaveStatus::Saved(time) => format!("{} {time}", s::STATUS_SAVED),
        SaveStatus::Saving => s::STATUS_SAVING.into(),
        SaveStatus::Unsaved(why) => format!("{}：{why}", s::STATUS_UNSAVED),
    };
    let status_class = if matches!(&*save_status, SaveStatus::Unsaved(_)) { "save-status bad" } else { "save-status" };

    html! {
        <div class={classes!("app", (*show_preview).then_some("show-preview"))} {ondragover} {ondrop}>
            <header class="topbar">
                <h1 class="brand">{ s::APP_NAME }</h1>
                <span class="doc-name">{ outline.title.clone() }</span>
                <span class={status_class} role="status" aria-live="polite">{ status_text }</span>
                <button type="button" class="btn topbar-btn" id="open-import" aria-current={(state.step == Step::Import).then_some("page")}
                    onclick={go(Step::Import)}>{ s::IMPORT }</button>
                <button type="button" class="btn topbar-btn" id="open-drafts" aria-current={(state.step == Step::Drafts).then_some("page")}
                    onclick={go(Step::Drafts)}>{ s::MY_REPORTS }</button>
                <PlatformStatus />
                <StorageAlerts state={state.clone()} />
            </header>
            if let Some(text) = state.notice.clone() {
                <div class="banner" role="alert" id="draft-notice">
                    <p>{ text }</p>
                    <button type="button" class="btn" onclick={
                        let state = state.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Action::Notice(None)))
                    }>{ s::GOT_IT }</button>
                </div>
            }
            if let Some(text) = (*banner).clone() {
                <div class="banner" role="alert">
                    <p>{ text }</p>
                    <button type="button" class="btn" onclick={
                        let banner = banner.clone();
                        Callback::from(move |_: MouseEvent| banner.set(None))
                    }>{ "知道了" }</button>
                </div>
            }
            <nav class="steps" aria-label="填写步骤">
                <label class="progress">
                    <span class="progress-text">{ format!("{} {percent}%", s::PROGRESS) }</span>
                    <progress max="100" value={percent.to_string()}>{ format!("{percent}%") }</progress>
                </label>
                <ol>
                    for (i, step) in steps.iter().enumerate() {
                        <li key={i}>
                            <button type="button"
                                class={classes!("step-link", statuses[i].class(), (Some(i) == current).then_some("current"))}
                                aria-current={(Some(i) == current).then_some("step")}
                                onclick={go(step.clone())}>
                                <span class="step-index" aria-hidden="true">{ i + 1 }</span>
                                <span class="step-name">{ step_title(&state, step) }</span>
                                <span class="step-state">{ statuses[i].label() }</span>
                            </button>
                        </li>
                    }
                </ol>
            </nav>
            <div class="view-tabs" role="group" aria-label="切换编辑与预览">
                <button type="button" aria-pressed={(!*show_preview).to_string()} onclick={
                    let show_preview = show_preview.clone();
                    Callback::from(move |_: MouseEvent| show_preview.set(false))
                }>{ s::EDIT_TAB }</button>
                <button type="button" aria-pressed={(*show_preview).to_string()} onclick={
                    let show_preview = show_preview.clone();
                    Callback::from(move |_: MouseEvent| show_preview.set(true))
                }>{ s::PREVIEW_TAB }</button>
            </div>
            <main class="editor" id="main">
                <h2 id="step-heading" tabindex="-1">{ step_title(&state, &state.step) }</h2>
                if !matches!(state.step, Step::Check | Step::Drafts | Step::Import) {
                    <SimilarPanel state={state.clone()} step={Some(state.step.clone())} />
                }
                // Read-only (a newer version's draft, another tab editing it): the fields are
                // disabled so nothing typed can appear to be kept; 我的报告 and import stay usable.
                // Read-only drafts can still be exported and printed: the reducer refuses their edits anyway.
                <fieldset class="step-body" disabled={state.read_only.is_some() && !matches!(state.step, Step::Drafts | Step::Import | Step::Check)}>
                    { step_body(&state, &dropped) }
                </fieldset>
                <div class="step-nav">
                    if let Some(prev) = current.and_then(|c| c.checked_sub(1)).and_then(|p| steps.get(p)) {
                        <button type="button" class="btn" id="prev-step" onclick={go(prev.clone())}>{ format!("← {}", s::PREV) }</button>
                    }
                    if let Some(next) = current.and_then(|c| steps.get(c + 1)) {
                        <button type="button" class="btn primary" id="next-step" onclick={go(next.clone())}>{ format!("{} →", s::NEXT) }</button>
                    }
                </div>
            </main>
            <aside class="preview" aria-label={s::PREVIEW_LABEL} tabindex="0">
                <article class={state.draft.layout.css_classes()}>
                    { for preview_blocks.into_iter().map(preview_block) }
                </article>
            </aside>
            if let Some(removed) = state.removed.clone() {
                <div class="toast" role="status">
                    <span>{ format!("已删除“{}”", if removed.item.title.trim().is_empty() { "一条" } else { removed.item.title.trim() }) }</span>
                    <button type="button" class="btn" onclick={
                        let state = state.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Action::Undo))
                    }>{ s::UNDO }</button>
                </div>
            }
        </div>
    }
}

fn step_body(state: &UseReducerHandle<AppState>, dropped: &Option<ImportOutcome>) -> Html {
    let set = |target: TextRef| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::Edit(Edit::SetText { target: target.clone(), value })))
    };
    let editing = |anchor: Anchor| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Editing(anchor.dom_id())))
    };
    match state.step.clone() {
        Step::Info => html! {
            <div class="info-fields">
                for field in state.template.fields.iter().cloned() {
                    <LineField key={field.key.clone()}
                        id={field_id(&TextRef::Info { key: field.key.clone() })}
                        label={field.label.clone()} hint={field.hint.clone()} placeholder={field.placeholder.clone()}
                        required={field.required}
                        inputmode={if field.kind == FieldKind::Year { "numeric" } else { "" }}
                        value={state.draft.info(&field.key).to_string()}
                        on_change={set(TextRef::Info { key: field.key.clone() })}
                        on_focus={editing(Anchor::Title)} />
                }
            </div>
        },
        Step::Intro => html! {
            <TextField id={field_id(&TextRef::Intro)} label={s::STEP_INTRO} rows={6}
                value={state.draft.intro.clone()} on_change={set(TextRef::Intro)} on_focus={editing(Anchor::Intro)}
                guidance={Some(Rc::new(state.template.intro.clone()))} />
        },
        Step::Section(index) => html! { <SectionEditor state={state.clone()} {index} /> },
        Step::Check => html! { <CheckPage state={state.clone()} /> },
        Step::Drafts => html! { <DraftsPage state={state.clone()} /> },
        Step::Import => html! { <ImportPage state={state.clone()} dropped={dropped.clone()} /> },
    }
}

/// One block of the preview as a keyed fragment (no wrapper element: the document's CSS sees the
/// same tree as in the .html export), so Yew matches blocks by key when one is added or removed.
fn preview_block(block: PreviewBlock) -> Html {
    let raw = Html::from_html_unchecked(AttrValue::from(block.html));
    Html::VList(std::rc::Rc::new(yew::virtual_dom::VList::with_children(vec![raw], Some(block.key.into()))))
}

/// Keeps the URL hash and the step in sync both ways (reload and the back button work).
#[hook]
fn use_hash_sync(state: &UseReducerHandle<AppState>) {
    let started = use_mut_ref(|| false);
    {
        let hash = state.step.hash(&state.template);
        use_effect_with(hash, move |hash| {
            // The first step shown replaces the URL; each later one is a history entry.
            if started.replace(true) {
                browser::set_hash(hash);
            } else {
                browser::replace_hash(hash);
            }
        });
    }
    // The template of the latest render (another template can be chosen while the page is open).
    let template = use_mut_ref(|| state.template.clone());
    *template.borrow_mut() = state.template.clone();
    let state = state.clone();
    use_effect_with((), move |_| {
        let listener: Option<Closure<dyn FnMut()>> = browser::window().map(|window| {
            let state = state.clone();
            let closure = Closure::<dyn FnMut()>::new(move || {
                let template = template.borrow().clone();
                if let Some(step) = Step::from_hash(&browser::current_hash(), &template) {
                    state.dispatch(Action::GoTo(step));
                }
            });
            let _ = window.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
            closure
        });
        move || {
            if let (Some(window), Some(listener)) = (browser::window(), listener) {
                let _ = window.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
        }
    });
}

/// Moves focus where the state asks (step heading after navigation, a field from a diagnostic).
#[hook]
fn use_focus_requests(state: &UseReducerHandle<AppState>) {
    let state = state.clone();
    let request = state.focus.clone();
    use_effect_with(request, move |request| {
        if let Some(id) = request {
            browser::focus_by_id(id);
            state.dispatch(Action::FocusDone);
        }
    });
}
