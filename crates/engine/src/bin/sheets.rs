//! The workbook engine's worker: the exchange engine with Excel workbooks
//! and CSV files added (see `taizhang_engine`). A binary of its own, so the
//! workbook crates load only when a workbook is chosen or exported.

#[cfg(target_arch = "wasm32")]
fn main() {
    taizhang_engine::start_sheets();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The workbook engine runs in the browser, as the page's worker.");
}
