//! Build script: the app's wasm gets a link map (issue 15). scripts/split-wasm.mjs reads where
//! each constant of the program lies in memory, to give the second half the constants only its
//! code reads (docs/design.md §5). Only the wasm build of `shuzhi-app`; the map costs no bytes.

use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32") {
        return;
    }
    // OUT_DIR is <target>/wasm32-unknown-unknown/<profile>/build/<pkg>-<hash>/out: the map goes
    // beside the linked wasm, <target>/wasm32-unknown-unknown/<profile>/shuzhi-app.map.
    let Some(profile_dir) = env::var_os("OUT_DIR").map(PathBuf::from).and_then(|out| out.ancestors().nth(3).map(PathBuf::from)) else {
        return;
    };
    let map = profile_dir.join("shuzhi-app.map");
    println!("cargo:rustc-link-arg-bin=shuzhi-app=--Map={}", map.display());
}
