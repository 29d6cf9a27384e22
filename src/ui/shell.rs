//! The screen's layout around the current page: header, notice, step list, the edit/preview tabs
//! on narrow screens, the page, the step buttons, the live preview and the undo offer; and the
//! effects that tie them to the browser (autosave, URL, focus, the host page, a dropped file).

use yew::prelude::*;

use crate::app::{Action, Step};
use crate::report::length::{self, Size};
use crate::report::outline::{outline, section_numbers};
use crate::report::render::html::fragment_blocks;

use super::adapters::{events, files};
use super::components::header::header;
use super::components::notices::{draft_notice, undo_toast};
use super::components::preview::preview;
use super::components::problems::step_problems;
use super::components::similar::similar_panel;
use super::components::step_list::{step_buttons, step_list};
use super::hooks::app_state::AppHandle;
use super::hooks::autosave::use_autosave;
use super::hooks::context::use_app;
use super::hooks::context::{use_lazy, use_storage};
use super::hooks::host_api::use_host_api;
use super::hooks::navigation::{use_focus_requests, use_hash_sync, use_preview_follows, use_undo_expiry};
use super::pages::check::check_page;
use super::pages::drafts::DraftsPage;
use super::pages::import::{read_import, ImportOutcome, ImportPage};
use super::pages::info::info_step;
use super::pages::intro::intro_step;
use super::pages::section::SectionStep;
use super::strings as s;

#[component]
pub fn Shell() -> Html {
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else {
        return html! {};
    };
    use_autosave(&app, &storage);
    use_hash_sync(&app, &storage);
    use_focus_requests(&app);
    use_preview_follows(&app);
    use_undo_expiry(&app);
    use_host_api(&app, &storage);
    let lazy = use_lazy();
    {
        // The lazy part (imports, Word files) is fetched once the first step is on screen.
        let lazy = lazy.clone();
        use_effect_with((), move |_| lazy.warm_when_idle());
    }
    let show_preview = use_state(|| false);
    let steps_open = use_state(|| false);
    // A file dropped anywhere on the page goes to the import step for confirmation.
    let dropped = use_state(|| None::<ImportOutcome>);
    let ondragover = Callback::from(|e: DragEvent| {
        if events::drags_files(&e) {
            e.prevent_default();
        }
    });
    let ondrop = {
        let (app, dropped, lazy, storage) = (app.clone(), dropped.clone(), lazy.clone(), storage.clone());
        Callback::from(move |e: DragEvent| {
            let Some(file) = files::dropped(&e) else {
                return;
            };
            e.prevent_default();
            let (app, dropped, lazy) = (app.clone(), dropped.clone(), lazy.clone());
            let known = storage.read(|s| s.all_templates());
            yew::platform::spawn_local(async move {
                dropped.set(Some(read_import(file, app.template.clone(), known, lazy).await));
                app.dispatch(Action::StepChosen(Step::Import));
            });
        })
    };
    let outline = outline(&app.draft, &app.template);
    let size = length::size(&app.draft, &outline);
    let numbers = section_numbers(&app.draft, &app.template);
    // One raw node per block: Yew replaces only the blocks whose HTML changed.
    let blocks = fragment_blocks(&outline);
    let tab = |preview: bool| {
        let show_preview = show_preview.clone();
        Callback::from(move |_: MouseEvent| show_preview.set(preview))
    };
    html! {
        <div class={classes!("app", (*show_preview).then_some("show-preview"))} {ondragover} {ondrop}>
            { header(&app, &storage, &outline.title) }
            { draft_notice(&app) }
            // On a phone this bar stays at the top: the step list and the edit/preview tabs are
            // reachable from anywhere on the page.
            <div class="stepbar">
                { step_list(&app, &size, &steps_open) }
                <div class="view-tabs" role="group" aria-label={s::VIEW_TABS_LABEL}>
                    <button type="button" aria-pressed={(!*show_preview).to_string()} onclick={tab(false)}>{ s::EDIT_TAB }</button>
                    <button type="button" aria-pressed={(*show_preview).to_string()} onclick={tab(true)}>{ s::PREVIEW_TAB }</button>
                </div>
            </div>
            <main class="editor" id="main">
                <h2 id="step-heading" tabindex="-1">{ s::step_title(&app.step, &app.template, &numbers) }</h2>
                if app.step.edits_draft() {
                    { step_problems(&app, &app.step_report(&app.step)) }
                    { similar_panel(&app, Some(&app.step)) }
                }
                // Read-only (a newer version's draft, another tab editing it): the fields are
                // disabled so nothing typed can appear to be kept; 我的报告, import and the
                // check's exports stay usable (the reducer refuses edits anyway).
                <fieldset class="step-body" disabled={app.read_only.is_some() && app.step.edits_draft()}>
                    { page(&app, &dropped, &size) }
                </fieldset>
                { step_buttons(&app) }
            </main>
            { preview(blocks, &app.draft.layout) }
            { undo_toast(&app) }
        </div>
    }
}

fn page(app: &AppHandle, dropped: &Option<ImportOutcome>, size: &Size) -> Html {
    match app.step {
        Step::Info => info_step(app),
        Step::Intro => intro_step(app),
        Step::Section(index) => html! { <SectionStep {index} /> },
        Step::Check => check_page(app, size),
        Step::Drafts => html! { <DraftsPage /> },
        Step::Import => html! { <ImportPage dropped={dropped.clone()} /> },
    }
}
