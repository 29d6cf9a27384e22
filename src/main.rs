//! The web app's entry point (built by Trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    shuzhi::ui::start();
}

/// On native targets the app binary only points to the right tools.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("shuzhi-app 是网页应用，请用 `make serve` 启动；命令行工具是 `shuzhi`。");
    std::process::exit(2);
}
