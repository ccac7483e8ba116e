//! `taizhang-split IN.wasm OUT_DIR MAIN_JS`: splits the page's wasm, as the
//! linker left it (with `--emit-relocs`), at its `#[wasm_split]` functions.
//! Writes OUT_DIR/main.wasm (for wasm-bindgen), one .wasm per chunk, and
//! OUT_DIR/__wasm_split.js, the loader that fetches a chunk when it is first
//! called; MAIN_JS is the module path, from the loader, of wasm-bindgen's JS.
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_js] = args.as_slice() else {
        eprintln!("usage: taizhang-split IN.wasm OUT_DIR MAIN_JS");
        return ExitCode::from(2);
    };
    let wasm = match std::fs::read(input) {
        Ok(wasm) => wasm,
        Err(error) => {
            eprintln!("taizhang-split: cannot read {input}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let out_dir = PathBuf::from(out_dir);
    let main_out = out_dir.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = &out_dir;
    options.main_out_path = &main_out;
    options.main_module = main_js;
    match wasm_split_cli_support::transform(options) {
        Ok(split) => {
            for (split, files) in &split.prefetch_map {
                println!("{split}: {}", files.join(" "));
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("taizhang-split: {error:?}");
            ExitCode::FAILURE
        }
    }
}
