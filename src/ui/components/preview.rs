//! The live preview: the document in the official look, one keyed node per block, so a
//! keystroke replaces only the block that changed (render::html::fragment_blocks).

use std::rc::Rc;

use yew::prelude::*;

use crate::report::render::html::PreviewBlock;
use crate::report::Layout;
use crate::ui::strings as s;

pub fn preview(blocks: Vec<PreviewBlock>, layout: &Layout) -> Html {
    html! {
        <aside class="preview" aria-label={s::PREVIEW_LABEL} tabindex="0">
            <article class={layout.css_classes()}>
                { for blocks.into_iter().map(block) }
            </article>
        </aside>
    }
}

/// One block as a keyed fragment (no wrapper element: the document's CSS sees the same tree as in
/// the .html export), so Yew matches blocks by key when one is added or removed.
fn block(block: PreviewBlock) -> Html {
    let raw = Html::from_html_unchecked(AttrValue::from(block.html));
    Html::VList(Rc::new(yew::virtual_dom::VList::with_children(vec![raw], Some(block.key.into()))))
}
