//! The Yew front end: mounts the app. Everything it shows comes from the core in `report`.

mod app;

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
