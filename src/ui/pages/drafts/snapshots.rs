//! 版本记录 of the open draft: preview a version, restore it (the version before the restore is
//! kept too, so a restore can be undone from the same list).

use yew::prelude::*;

use crate::app::Action;
use crate::report::storage::SnapshotRecord;
use crate::ui::adapters::clock;
use crate::ui::hooks::context::use_app;
use crate::ui::hooks::context::use_storage;
use crate::ui::hooks::files_out::plain_text;
use crate::ui::hooks::storage::Storage;
use crate::ui::strings as s;

use super::SectionProps;

fn preview_text(storage: &Storage, record: &SnapshotRecord) -> String {
    let draft = match record.decode() {
        Ok(draft) => draft,
        Err(why) => return s::snapshot_unreadable(&why),
    };
    let opened = storage.read(|s| s.open_under_template(draft));
    plain_text(&opened.draft, &opened.template)
}

#[component]
pub fn Snapshots(props: &SectionProps) -> Html {
    let previewing = use_state(|| None::<u64>);
    let (Some(app), Some(storage)) = (use_app(), use_storage()) else {
        return html! {};
    };
    let now = clock::now();
    let list = storage.read(|s| s.snapshots(&app.draft_id));
    let restore = |record: SnapshotRecord| {
        let (app, storage, message) = (app.clone(), storage.clone(), props.message.clone());
        Callback::from(move |_: MouseEvent| {
            let draft = match record.decode() {
                Ok(draft) => draft,
                Err(why) => return message.set(Some(s::snapshot_unreadable(&why))),
            };
            if let Err(why) = storage.update(|s| s.before_restore(clock::now())) {
                return message.set(Some(s::session_error(&why)));
            }
            // A version from before 更换模板 brings its own template back with it.
            let opened = storage.read(|s| s.open_under_template(draft));
            app.dispatch(Action::SnapshotRestored(Box::new(opened)));
            message.set(Some(s::snapshot_restored(record.at)));
        })
    };
    html! {
        <section class="drafts-section" aria-labelledby="snapshots-heading">
            <h3 id="snapshots-heading">{ s::SNAPSHOTS_HEADING_CURRENT }</h3>
            <p class="section-hint">{ s::SNAPSHOTS_HINT }</p>
            { match list {
                Err(why) => html! { <p class="bad-text">{ s::snapshots_unreadable(&why) }</p> },
                Ok(list) if list.is_empty() => html! { <p class="muted">{ s::NO_SNAPSHOTS }</p> },
                Ok(list) => html! {
                    <ol class="snapshot-list" reversed=true>
                        for record in list.into_iter().rev() {
                            <li key={record.at.to_string()} class="snapshot">
                                <div class="snapshot-head">
                                    <span>{ s::snapshot_line(&record, now) }</span>
                                    <span class="snapshot-actions">
                                        <button type="button" class="btn" aria-expanded={(*previewing == Some(record.at)).to_string()} onclick={
                                            let previewing = previewing.clone();
                                            let at = record.at;
                                            Callback::from(move |_: MouseEvent| previewing.set(if *previewing == Some(at) { None } else { Some(at) }))
                                        }>{ if *previewing == Some(record.at) { s::HIDE_PREVIEW } else { s::PREVIEW_SNAPSHOT } }</button>
                                        <button type="button" class="btn" disabled={app.read_only.is_some()} onclick={restore(record.clone())}>{ s::RESTORE_SNAPSHOT }</button>
                                    </span>
                                </div>
                                if *previewing == Some(record.at) {
                                    <pre class="snapshot-preview" tabindex="0">{ preview_text(&storage, &record) }</pre>
                                }
                            </li>
                        }
                    </ol>
                },
            } }
        </section>
    }
}
