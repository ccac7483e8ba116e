//! The page's wasm keeps its relocations, so that tools/split can cut the
//! screens opened on demand out of it (run by scripts/post-build.mjs).
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=taizhang=--emit-relocs");
    }
}
