//! The import's review: every paragraph of the input with the part it was given (导语 / 工作 n /
//! 问题 n / 原因 n / 打算 n / 未归类 / 不要 …) and why; one choice gives it another part, and the lazy
//! part builds the draft again from the changed review. Below, the draft as it would print.

use std::rc::Rc;

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

/// Every part a paragraph can be given, with its `<option>` value and label: built once per review
/// and shared by the rows.
type Options = Rc<Vec<(Part, AttrValue, AttrValue)>>;

#[derive(Properties, PartialEq)]
struct RowProps {
    index: usize,
    part: Part,
    text: AttrValue,
    rule: AttrValue,
    options: Options,
    on_choose: Callback<(usize, Part)>,
    busy: bool,
}

/// One paragraph and its choice of part. The `<select>` lists every part only once the pointer
/// or the focus comes to the row: a long report has hundreds of rows, each with a hundred and
/// more parts to offer (工作 1–40, 问题 1–40 …), and tens of thousands of `<option>`s took the
/// browser most of a second to build and lay out. A pointer always enters, and a keyboard
/// focuses, before the list can open.
#[component]
fn ReviewRow(props: &RowProps) -> Html {
    let expanded = use_state(|| false);
    let expand = {
        let expanded = expanded.clone();
        Callback::from(move |_: ()| {
            if !*expanded {
                expanded.set(true);
            }
        })
    };
    let onchange = {
        let (options, on_choose, index) = (props.options.clone(), props.on_choose.clone(), props.index);
        Callback::from(move |e: Event| {
            // By the option's value (its place among all parts), not its place in the list shown.
            let chosen = dom::selected(&e).0.parse::<usize>().ok().and_then(|i| options.get(i));
            if let Some((part, _, _)) = chosen {
                on_choose.emit((index, *part));
            }
        })
    };
    let index = props.index;
    let shown = props.options.iter().filter(|(part, _, _)| *expanded || *part == props.part);
    html! {
        <li class={classes!("review-row", (props.part == Part::Drop).then_some("dropped"))}
            onpointerenter={expand.reform(|_: PointerEvent| ())}>
            <label class="review-part">
                <span class="visually-hidden">{ s::review_part_label(index + 1) }</span>
                <select id={format!("review-{index}")} disabled={props.busy} {onchange}
                    onfocus={expand.reform(|_: FocusEvent| ())}>
                    for (part, value, label) in shown {
                        <option value={value.clone()} selected={*part == props.part}>{ label.clone() }</option>
                    }
                </select>
            </label>
            <span class="review-text" title={props.text.clone()}>{ shortened(&props.text) }</span>
            <span class="review-rule">{ props.rule.clone() }</span>
        </li>
    }
}

/// The review list and the preview; `on_reassign` gets the review with one part changed.
pub fn review(template: &Template, imported: &Imported, on_reassign: &Callback<Review>, busy: bool) -> Html {
    let review = &imported.review;
    if review.paragraphs.is_empty() {
        return html! {};
    }
    let options: Options =
        Rc::new(review.options(template).into_iter().enumerate().map(|(i, p)| (p, AttrValue::from(i.to_string()), AttrValue::from(p.label(template)))).collect());
    let on_choose = {
        let (review, on_reassign) = (Rc::new(review.clone()), on_reassign.clone());
        Callback::from(move |(index, part): (usize, Part)| {
            let mut changed = (*review).clone();
            changed.assign(index, part);
            on_reassign.emit(changed);
        })
    };
    let preview = fragment(&outline(&imported.draft, template));
    html! {
        <section class="panel import-review" aria-labelledby="import-review-heading">
            <h3 id="import-review-heading">{ s::IMPORT_REVIEW }</h3>
            <p class="section-hint">{ s::IMPORT_REVIEW_HINT }</p>
            <ol class="review-list">
                for (index, paragraph) in review.paragraphs.iter().enumerate() {
                    <ReviewRow key={index} {index} part={paragraph.part} text={AttrValue::from(paragraph.text.clone())}
                        rule={AttrValue::from(paragraph.rule.describe(template))} options={options.clone()}
                        on_choose={on_choose.clone()} {busy} />
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
