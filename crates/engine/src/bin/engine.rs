//! The exchange engine's worker (see `taizhang_engine`); Trunk builds it
//! beside the page (`data-type="worker"` in index.html).

#[cfg(target_arch = "wasm32")]
fn main() {
    taizhang_engine::start_exchange();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The engine runs in the browser, as the page's worker.");
}
