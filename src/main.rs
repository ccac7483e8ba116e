#[cfg(target_arch = "wasm32")]
fn main() {
    taizhang::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Taizhang is a web app: build it with `trunk build` and open it in a browser.");
}
