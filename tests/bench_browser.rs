//! Benchmarks in headless Chromium (not tests: they print figures).
//! Run: scripts/bench.sh (or `cargo test --target wasm32-unknown-unknown
//! --release --test bench_browser -- --nocapture`).
#![cfg(target_arch = "wasm32")]

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use taizhang_charts as charts;
use taizhang_core::charts as chart_data;
use taizhang_core::dashboard::{kpis, Scope};
use taizhang_core::tree::OfficeTree;
use taizhang_core::{generate, Day, Lang};
use taizhang_storage::{delete_database, Change, Store};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

fn canvases(count: usize) -> Vec<web_sys::HtmlCanvasElement> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    (0..count)
        .map(|_| {
            let canvas: web_sys::HtmlCanvasElement = document
                .create_element("canvas")
                .expect("canvas")
                .unchecked_into();
            canvas.set_width(640);
            canvas.set_height(320);
            document
                .body()
                .expect("body")
                .append_child(&canvas)
                .expect("append");
            canvas
        })
        .collect()
}

fn figure(line: String) {
    web_sys::console::log_1(&line.into());
}

#[wasm_bindgen_test]
async fn dashboard_and_storage_at_scale() {
    let today = Day::parse("2022-01-15").expect("day");
    let surfaces = canvases(7);
    for n in [10_000usize, 100_000] {
        let data = generate::province(n, 7);
        let tree = OfficeTree::new(&data.offices);
        let dashboard = |office: &str| {
            let t0 = now_ms();
            let scope = Scope::new(&data, &tree, office, None, None, today);
            let figures = kpis(&data, &scope);
            let all = chart_data::all(&data, &tree, office, &scope, &[]);
            let t1 = now_ms();
            for (chart, canvas) in all.iter().zip(&surfaces) {
                let backend = CanvasBackend::with_canvas_object(canvas.clone()).expect("backend");
                charts::draw(
                    &backend.into_drawing_area(),
                    chart,
                    Lang::Zh,
                    "暂无数据",
                    1.0,
                )
                .expect("draw");
            }
            let t2 = now_ms();
            assert!(figures.received > 0);
            (t1 - t0, t2 - t1)
        };
        let (compute, draw) = dashboard("");
        figure(format!("bench dashboard n={n}: first full compute {compute:.0} ms + draw {draw:.0} ms = {:.0} ms", compute + draw));
        let (compute, draw) = dashboard("210100-committee");
        figure(format!("bench dashboard n={n}: redraw after office-filter change {compute:.0} ms + draw {draw:.0} ms = {:.0} ms", compute + draw));

        let name = format!("bench-{n}");
        delete_database(&name).await.expect("delete");
        let store = Store::open(&name).await.expect("open");
        let t0 = now_ms();
        store
            .save(&data, &Change::everything(&data))
            .await
            .expect("save");
        let t1 = now_ms();
        store.close();
        let reopened = Store::open(&name).await.expect("reopen");
        let loaded = reopened.load().await.expect("load");
        let t2 = now_ms();
        assert_eq!(loaded.dataset.record_count(), n);
        figure(format!(
            "bench storage n={n}: write all blocks {:.0} ms; open + load all {:.0} ms",
            t1 - t0,
            t2 - t1
        ));
        reopened.close();
        delete_database(&name).await.expect("delete");
    }
}

/// Signing and verifying an exchange file of 100k records, beside what its
/// preview costs most (reading and checking it), in one run.
#[wasm_bindgen_test]
async fn signing_and_verifying_at_scale() {
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use taizhang_core::exchange::{export, read, to_json, ExportScope};
    use taizhang_core::trust::{read_signed, signed_file, Header, PublicJwk};
    use wasm_bindgen_futures::JsFuture;
    let set = |o: &Object, k: &str, v: &str| {
        Reflect::set(o, &k.into(), &v.into()).expect("set");
    };
    let subtle = web_sys::window()
        .expect("window")
        .crypto()
        .expect("crypto")
        .subtle();
    let algorithm = Object::new();
    set(&algorithm, "name", "ECDSA");
    set(&algorithm, "namedCurve", "P-256");
    let usages = Array::of1(&"sign".into());
    let pair = JsFuture::from(
        subtle
            .generate_key_with_object(&algorithm, false, &usages)
            .expect("generate"),
    )
    .await
    .expect("key pair");
    let key = |name: &str| -> web_sys::CryptoKey {
        Reflect::get(&pair, &name.into())
            .expect("key")
            .unchecked_into()
    };
    let jwk = JsFuture::from(subtle.export_key("jwk", &key("publicKey")).expect("export"))
        .await
        .expect("jwk");
    let member = |k: &str| {
        Reflect::get(&jwk, &k.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let jwk = PublicJwk {
        kty: member("kty"),
        crv: member("crv"),
        x: member("x"),
        y: member("y"),
    };
    let n = 100_000;
    let data = generate::province(n, 7);
    let now = taizhang_core::Timestamp::parse("2022-01-15T00:00:00Z").expect("time");
    let text = to_json(&export(
        &data,
        &ExportScope::default(),
        now,
        Some("210000-committee".into()),
    ));
    drop(data);
    let megabytes = text.len() as f64 / 1_048_576.0;

    let t0 = now_ms();
    let read_back = read(text.as_bytes()).expect("an accepted file");
    let read_ms = now_ms() - t0;
    drop(read_back);

    let t0 = now_ms();
    let header = Header::new(jwk, "210000-committee", "taizhang-exchange");
    let (protected, payload, input) = header.signing_input(text.as_bytes());
    let encode_ms = now_ms() - t0;
    let sign = Object::new();
    set(&sign, "name", "ECDSA");
    set(&sign, "hash", "SHA-256");
    let t0 = now_ms();
    let signature = JsFuture::from(
        subtle
            .sign_with_object_and_u8_array(&sign, &key("privateKey"), &input)
            .expect("sign"),
    )
    .await
    .expect("signature");
    let webcrypto_ms = now_ms() - t0;
    let signature = Uint8Array::new(&signature).to_vec();
    let file = signed_file(&protected, &payload, &signature);
    drop((payload, input));

    let t0 = now_ms();
    let signed = read_signed(file.as_bytes())
        .expect("signed")
        .expect("well formed");
    let open_ms = now_ms() - t0;
    let t0 = now_ms();
    assert!(signed.verifies());
    let pure_ms = now_ms() - t0;
    // As the engine does it: WebCrypto's SHA-256, then the ECDSA check in Rust.
    let t0 = now_ms();
    let digest = JsFuture::from(
        subtle
            .digest_with_str_and_u8_array("SHA-256", &signed.signing_input)
            .expect("digest"),
    )
    .await
    .expect("digest");
    assert!(signed.verifies_digest(&Uint8Array::new(&digest).to_vec()));
    let engine_ms = now_ms() - t0;
    figure(format!(
        "bench signing.{n}: file {megabytes:.1} MiB ({:.1} MiB signed); read and check (the preview's core) {read_ms:.0} ms",
        file.len() as f64 / 1_048_576.0
    ));
    figure(format!(
        "bench signing.{n}: sign {:.0} ms = base64url {encode_ms:.0} + WebCrypto ES256 {webcrypto_ms:.0}",
        encode_ms + webcrypto_ms
    ));
    figure(format!(
        "bench signing.{n}: verify {:.0} ms = open the JWS (base64url) {open_ms:.0} + WebCrypto SHA-256 and RustCrypto ES256 {engine_ms:.0} ({:.0}% of read and check); all in Rust (plain http) {:.0} ms",
        open_ms + engine_ms,
        (open_ms + engine_ms) / read_ms * 100.0,
        open_ms + pure_ms
    ));
}
