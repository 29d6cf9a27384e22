//! The import's review: every paragraph of the input with the part it was given (导语 / 工作 n /
//! 问题 n / 原因 n / 打算 n / 未归类 / 不要 …) and why; one choice gives it another part, and the lazy
//! part builds the draft again from the changed review. Below, the draft as it would print.

use yew::prelude::*;

use crate::report::import::{Imported, Part, Review};
use crate::report::outline;
use crate::report::render::html::fragment;
use crate::report::Template;
use crate::ui::adapters::dom;
use crate::ui::strings as s;

/// How much of a paragraph the list shows (the rest on hover and in the preview below).
const SHOWN_CHARS: usize = 60;

fn shortened(text: &str) -> String {
    let mut shown: String = text.chars().take(SHOWN_CHARS).collect();
    if text.chars().count() > SHOWN_CHARS {
        shown.push('…');
    }
    shown
}

/// The review list and the preview; `on_reassign` gets the review with one part changed.
pub fn review(template: &Template, imported: &Imported, on_reassign: &Callback<Review>, busy: bool) -> Html {
    let review = &imported.review;
    if review.paragraphs.is_empty() {
        return html! {};
    }
    let options: Vec<(Part, String)> = review.options(template).into_iter().map(|p| (p, p.label(template))).collect();
    let preview = fragment(&outline(&imported.draft, template));
    html! {
        <section class="panel import-review" aria-labelledby="import-review-heading">
            <h3 id="import-review-heading">{ s::IMPORT_REVIEW }</h3>
            <p class="section-hint">{ s::IMPORT_REVIEW_HINT }</p>
            <ol class="review-list">
                for (index, paragraph) in review.paragraphs.iter().enumerate() {
                    <li key={index} class={classes!("review-row", (paragraph.part == Part::Drop).then_some("dropped"))}>
                        <label class="review-part">
                            <span class="visually-hidden">{ s::review_part_label(index + 1) }</span>
                            <select id={format!("review-{index}")} disabled={busy} onchange={
                                let (review, options, on_reassign) = (review.clone(), options.clone(), on_reassign.clone());
                                Callback::from(move |e: Event| {
                                    let Some((part, _)) = options.get(dom::selected(&e).1) else { return };
                                    let mut changed = review.clone();
                                    changed.assign(index, *part);
                                    on_reassign.emit(changed);
                                })
                            }>
                                for (i, (part, label)) in options.iter().enumerate() {
                                    <option key={i} value={i.to_string()} selected={*part == paragraph.part}>{ label.clone() }</option>
                                }
                            </select>
                        </label>
                        <span class="review-text" title={paragraph.text.clone()}>{ shortened(&paragraph.text) }</span>
                        <span class="review-rule">{ paragraph.rule.describe(template) }</span>
                    </li>
                }
            </ol>
            <details class="review-preview" open=true>
                <summary>{ s::IMPORT_PREVIEW }</summary>
                // Scrolls by itself: focusable, so the keyboard can scroll it too.
                <article class={imported.draft.layout.css_classes()} id="import-preview" tabindex="0" aria-label={s::IMPORT_PREVIEW}>
                    { Html::from_html_unchecked(AttrValue::from(preview)) }
                </article>
            </details>
        </section>
    }
}
