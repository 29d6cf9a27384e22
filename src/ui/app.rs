//! The root component (placeholder while the wizard is being built).

use yew::prelude::*;

#[component]
pub fn App() -> Html {
    html! {
        <main class="app">
            <h1>{ "述职报告向导" }</h1>
            <section class="step">
                <h2 id="step-heading" tabindex="-1">{ "基本信息" }</h2>
            </section>
        </main>
    }
}
