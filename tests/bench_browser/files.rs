//! Exchange files at 100k records: signed and verified, protected and
//! opened, and the reach check beside the preview it is part of.

use crate::support::{figure, now_ms};
use taizhang_core::ledgers::generate;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

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

/// Protecting and opening a 100k-record workbook (ECMA-376 agile, AES-256)
/// and exchange file (ZIP, AES-256 AE-2), beside writing and reading the
/// plain file, in one run.
#[wasm_bindgen_test]
async fn protecting_and_opening_at_scale() {
    use taizhang_core::exchange::{export, to_json, ExportScope};
    let n = 100_000;
    let password = "台账-口令-2022";
    let data = generate::province(n, 7);
    let now = taizhang_core::Timestamp::parse("2022-01-15T00:00:00Z").expect("time");
    let kib = |bytes: &[u8]| bytes.len() as f64 / 1024.0;

    let t0 = now_ms();
    let xlsx = taizhang_formats::workbook(&data, &ExportScope::default(), &now, None, false)
        .expect("a workbook");
    let write_ms = now_ms() - t0;
    let t0 = now_ms();
    let sheets = taizhang_formats::open("台账.xlsx", &xlsx).expect("sheets");
    let read_ms = now_ms() - t0;
    drop(sheets);
    let t0 = now_ms();
    let locked = taizhang_protect::encrypt_workbook(&xlsx, password).expect("encrypted");
    let protect_ms = now_ms() - t0;
    let t0 = now_ms();
    let opened = taizhang_protect::decrypt_workbook(&locked, password).expect("decrypted");
    let open_ms = now_ms() - t0;
    assert_eq!(opened, xlsx);
    figure(format!(
        "bench protected.{n} workbook: {:.0} KiB plain, {:.0} KiB protected; write {write_ms:.0} ms + protect {protect_ms:.0} ms; open {open_ms:.0} ms + read the sheets {read_ms:.0} ms",
        kib(&xlsx),
        kib(&locked)
    ));
    drop((xlsx, locked, opened));

    let text = to_json(&export(
        &data,
        &ExportScope::default(),
        now,
        Some("210000-committee".into()),
    ));
    drop(data);
    let t0 = now_ms();
    let zip = taizhang_protect::protect("台账.json", text.as_bytes(), password).expect("zip");
    let protect_ms = now_ms() - t0;
    let t0 = now_ms();
    let (_, inside) =
        taizhang_protect::open_zip(&zip, Some(password), 512 * 1024 * 1024).expect("opened");
    let open_ms = now_ms() - t0;
    assert_eq!(inside, text.as_bytes());
    let t0 = now_ms();
    let read_back = taizhang_core::exchange::read(&inside).expect("an accepted file");
    let read_ms = now_ms() - t0;
    drop(read_back);
    figure(format!(
        "bench protected.{n} exchange file: {:.0} KiB plain, {:.0} KiB in the ZIP; protect {protect_ms:.0} ms; open {open_ms:.0} ms + read and check {read_ms:.0} ms",
        kib(text.as_bytes()),
        kib(&zip)
    ));
}

/// The reach check (trust-format §6) beside the preview it is part of: a
/// province's file of n records read, planned against a copy holding the
/// same offices and half the records, and every row judged against its
/// signer's reach (the province's committee, so every row is looked at).
#[wasm_bindgen_test]
async fn reach_at_scale() {
    use taizhang_core::exchange::{export, plan, read, to_json, ExportScope};
    use taizhang_core::trust::{judge_reach, Signer};
    let n = 100_000usize;
    let data = generate::province(n, 11);
    let root = data
        .offices
        .iter()
        .find(|o| o.parent.is_none())
        .map(|o| o.code.clone())
        .expect("a root");
    let at = taizhang_core::Timestamp::parse("2022-01-15T00:00:00Z").expect("time");
    let file = to_json(&export(
        &data,
        &ExportScope::default(),
        at,
        Some(root.clone()),
    ));
    let mut local = data.clone();
    local.cases.truncate(local.cases.len() / 2);
    local
        .training_sessions
        .truncate(local.training_sessions.len() / 2);
    let mut read_ms = Vec::new();
    let mut plan_ms = Vec::new();
    let mut reach_ms = Vec::new();
    for _ in 0..3 {
        let t0 = now_ms();
        let incoming = read(file.as_bytes()).expect("read").into_dataset();
        let t1 = now_ms();
        let planned = plan(&local, &incoming);
        let t2 = now_ms();
        let signer = Signer {
            office: &root,
            vouched_by: None,
        };
        let reach = judge_reach(&local, &incoming, &planned, signer, &|c: &str| c.to_owned());
        let t3 = now_ms();
        assert!(reach.refused.is_empty());
        read_ms.push(t1 - t0);
        plan_ms.push(t2 - t1);
        reach_ms.push(t3 - t2);
    }
    let best = |v: &[f64]| v.iter().copied().fold(f64::MAX, f64::min);
    let (r, p, c) = (best(&read_ms), best(&plan_ms), best(&reach_ms));
    figure(format!(
        "bench reach.{n}: read and check {r:.0} ms + plan {p:.0} ms = preview {:.0} ms; reach check {c:.1} ms ({:.1}% of the preview); best of 3",
        r + p,
        100.0 * c / (r + p)
    ));
}
