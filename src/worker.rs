//! The lazy part's entry point: a second wasm the web app runs as a Web Worker for what the first
//! step never needs (imports, Word files) — see src/ui/adapters/lazy.rs.

#[cfg(target_arch = "wasm32")]
fn main() {
    shuzhi::ui::serve_lazy();
}

/// On native targets the worker binary only points to the right tools.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("shuzhi-lazy 是网页应用在浏览器后台运行的部分，由 `make build` 构建；命令行工具是 `shuzhi`。");
    std::process::exit(2);
}
