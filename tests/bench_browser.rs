//! Benchmarks in headless Chromium (not tests: they print figures).
//! Run: scripts/bench.sh (or `cargo test --target wasm32-unknown-unknown
//! --release --test bench_browser -- --nocapture`).
#![cfg(target_arch = "wasm32")]

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use taizhang_charts as charts;
use taizhang_core::figures::charts as chart_data;
use taizhang_core::figures::dashboard::{kpis, Scope};
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::{ledgers::generate, Day, Lang};
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

/// What the history (留痕) adds at 100k stored records: to saving one record
/// and to an import that changes 10k, in bytes and time, each measured beside
/// the same write without it.
#[wasm_bindgen_test]
async fn history_at_scale() {
    use taizhang_core::base::settings::Settings;
    use taizhang_core::ledgers::chunks::{chunk_slice, encode, CHUNK_LEN};
    use taizhang_core::ledgers::history::{self, FileNamed, How};
    use taizhang_core::reporting::{FileFacts, LogEntry};
    use taizhang_core::{Dataset, Kind, PerKind, Timestamp};
    use taizhang_storage::ImportCounts;
    let n = 100_000;
    let data = generate::province(n, 7);
    let name = "bench-history";
    delete_database(name).await.expect("delete");
    let store = Store::open(name).await.expect("open");
    store
        .save(&data, &Change::everything(&data))
        .await
        .expect("save");
    let at = Timestamp::parse("2022-01-15T00:00:00Z").expect("time");

    // One record saved by its form, 20 times each way, alternating.
    let position = data.cases.len() / 2;
    let (mut plain_ms, mut kept_ms, mut bytes) = (0.0, 0.0, 0);
    let rounds = 20;
    let mut current = data.cases.clone();
    for round in 0..rounds {
        let before = current[position].clone();
        current[position].notes = format!("第 {round} 次修改");
        current[position].revision += 1;
        let revision = history::revision(Some(&before), &current[position], &at, &How::Form)
            .expect("a change");
        let block = position / CHUNK_LEN;
        let t0 = now_ms();
        let bytes_of_block = encode(chunk_slice(&current, block)).expect("block");
        let blocks = vec![(Kind::Cases, block, bytes_of_block)];
        if round % 2 == 0 {
            store.save_blocks(blocks, None, &[]).await.expect("save");
            plain_ms += now_ms() - t0;
        } else {
            let kept = [revision];
            store.save_blocks(blocks, None, &kept).await.expect("save");
            kept_ms += now_ms() - t0;
            bytes += pages_bytes(&kept);
        }
    }
    let half = f64::from(rounds / 2);
    figure(format!(
        "bench history.{n}: save one record {:.1} ms without history, {:.1} ms with it; {} bytes of history per save",
        plain_ms / half,
        kept_ms / half,
        bytes / (rounds as usize / 2)
    ));

    // An import that changes 10k cases, with and without their history.
    let mut next = data.clone();
    next.cases = current;
    let changed: Vec<usize> = (0..10_000)
        .map(|i| i * (n / 2) / 10_000)
        .filter(|&i| i < next.cases.len())
        .collect();
    for &i in &changed {
        next.cases[i].notes = "督导组复核意见".into();
        next.cases[i].revision += 1;
    }
    let touched = PerKind::<Vec<usize>> {
        cases: changed.clone(),
        ..PerKind::default()
    };
    let mut change = Change::default();
    change.touch(Kind::Cases, changed.iter().copied());
    let file = FileNamed {
        file: "台账-210000.json".into(),
        sha256: "ab".repeat(32),
        sender: Some("210000-committee".into()),
    };
    let t0 = now_ms();
    let revisions = history::of_import(&data, &next, &touched, &at, &How::Import(file.clone()));
    let diff_ms = now_ms() - t0;
    assert_eq!(revisions.changed.len(), changed.len());
    let logged = |id: &str| LogEntry {
        id: id.into(),
        file: FileFacts {
            file_name: file.file.clone(),
            sha256: file.sha256.clone(),
            source_office: file.sender.clone(),
            exported_at: Some(at.clone()),
            signed_by: None,
        },
        applied_at: at.clone(),
        counts: [0, 10_000, 0, 0, 0, 0],
    };
    let import = |kept: &'static str, revisions: history::ImportHistory| {
        let (store, data, next, change, logged) = (&store, &data, &next, &change, logged(kept));
        async move {
            let t0 = now_ms();
            store
                .save_undoable(
                    data,
                    &Settings::default(),
                    next,
                    change,
                    "bench".into(),
                    ImportCounts::default(),
                    &logged,
                    &revisions,
                )
                .await
                .expect("import");
            let ms = now_ms() - t0;
            store
                .undo(&at_later(), &Default::default())
                .await
                .expect("undo");
            ms
        }
    };
    fn at_later() -> Timestamp {
        Timestamp::parse("2022-01-16T00:00:00Z").expect("time")
    }
    let bytes = pages_bytes(&revisions.changed);
    let none = history::ImportHistory::none(at.clone(), How::Form);
    let plain = import("plain", none.clone()).await;
    let kept = import("kept", revisions).await;
    figure(format!(
        "bench history.{n}: import changing 10,000 records {plain:.0} ms without history, {kept:.0} ms with it (+ {diff_ms:.0} ms to find the changes); {:.0} KiB of history",
        bytes as f64 / 1024.0
    ));
    store.close();
    delete_database(name).await.expect("delete");

    // A province's file into an empty copy: every record new, the history a
    // line each. Alternating, three rounds each way, each into a fresh database.
    let empty = Dataset::default();
    let touched = PerKind::<Vec<usize>>::from_fn(|kind| (0..data.len_of(kind)).collect());
    let how = How::Import(file.clone());
    let t0 = now_ms();
    let revisions = history::of_import(&empty, &data, &touched, &at, &how);
    let found_ms = now_ms() - t0;
    let t0 = now_ms();
    let written = history::import_pages(&revisions).expect("pages");
    let pages_ms = now_ms() - t0;
    let page_bytes: usize = written.iter().map(|(_, text)| text.len()).sum();
    let (mut plain_ms, mut kept_ms) = (0.0, 0.0);
    for round in 0..6 {
        let name = "bench-history-new";
        delete_database(name).await.expect("delete");
        let store = Store::open(name).await.expect("open");
        let kept = if round % 2 == 0 { &none } else { &revisions };
        let t0 = now_ms();
        store
            .save_undoable(
                &empty,
                &Settings::default(),
                &data,
                &Change::everything(&data),
                "bench".into(),
                ImportCounts::default(),
                &logged("new"),
                kept,
            )
            .await
            .expect("import");
        let ms = now_ms() - t0;
        if round % 2 == 0 {
            plain_ms += ms / 3.0;
        } else {
            kept_ms += ms / 3.0;
        }
        store.close();
        delete_database(name).await.expect("delete");
    }
    figure(format!(
        "bench history.{n}: import of {} new records {plain_ms:.0} ms without history, {kept_ms:.0} ms with it ({:.2}×; + {found_ms:.0} ms to list them, {pages_ms:.0} ms to write {} pages, {:.0} KiB)",
        revisions.created.len(),
        kept_ms / plain_ms,
        written.len(),
        page_bytes as f64 / 1024.0
    ));
}

/// The bytes of `revisions` as the history stores them (pages' text).
fn pages_bytes(revisions: &[taizhang_core::ledgers::history::Revision]) -> usize {
    taizhang_core::ledgers::history::pages(revisions)
        .expect("pages")
        .iter()
        .map(|(_, text)| text.len())
        .sum()
}

/// The app lock at 100k records: each step on a plain and on a sealed copy
/// of the same data, side by side (alternating, three rounds each), and the
/// unlock's own time (PBKDF2-SHA-256, 600,000 rounds, and the unwrap).
#[wasm_bindgen_test]
async fn app_lock_at_scale() {
    use taizhang_core::base::settings::Settings;
    use taizhang_core::exchange::{self, ExportScope};
    use taizhang_core::ledgers::chunks::{chunk_slice, encode, CHUNK_LEN};
    use taizhang_core::ledgers::history::{self, FileNamed, How};
    use taizhang_core::reporting::{FileFacts, LogEntry};
    use taizhang_core::{Kind, PerKind, Timestamp};
    use taizhang_storage::{new_app_lock, unlock, use_data_key, ImportCounts, Secret};
    const PASSPHRASE: &str = "政法队伍教育整顿";
    let n = 100_000;
    let today = Day::parse("2022-01-15").expect("day");
    let at = Timestamp::parse("2022-01-15T00:00:00Z").expect("time");
    let data = generate::province(n, 7);
    let mut stores = Vec::new();
    for name in ["bench-unlocked", "bench-locked"] {
        delete_database(name).await.expect("delete");
        let store = Store::open(name).await.expect("open");
        store
            .save(&data, &Change::everything(&data))
            .await
            .expect("save");
        stores.push(store);
    }
    let t0 = now_ms();
    let (lock, _, key) = new_app_lock(PASSPHRASE).await.expect("lock");
    let new_ms = now_ms() - t0;
    let t0 = now_ms();
    stores[1].turn_lock_on(&lock, &key).await.expect("on");
    let on_ms = now_ms() - t0;
    let mut unlock_ms = 0.0;
    for _ in 0..3 {
        let t0 = now_ms();
        unlock(&lock, &Secret::Passphrase(PASSPHRASE))
            .await
            .expect("unlock");
        unlock_ms += now_ms() - t0;
    }
    figure(format!(
        "bench applock.{n}: unlock (PBKDF2-SHA-256 600,000 rounds + unwrap) {:.0} ms; lock made {new_ms:.0} ms; turned on over 100k records {on_ms:.0} ms",
        unlock_ms / 3.0
    ));

    // An import that changes 10k cases, as a file would bring them.
    let mut next = data.clone();
    let changed: Vec<usize> = (0..10_000).map(|i| i * (n / 2) / 10_000).collect();
    for &i in &changed {
        next.cases[i].notes = "督导组复核意见".into();
        next.cases[i].revision += 1;
    }
    let mut change = Change::default();
    change.touch(Kind::Cases, changed.iter().copied());
    let touched = PerKind::<Vec<usize>> {
        cases: changed.clone(),
        ..PerKind::default()
    };
    let how = How::Import(FileNamed {
        file: "台账.json".into(),
        sha256: "ab".repeat(32),
        sender: None,
    });
    let revisions = history::of_import(&data, &next, &touched, &at, &how);
    let logged = LogEntry {
        id: "bench".into(),
        file: FileFacts {
            file_name: "台账.json".into(),
            sha256: "ab".repeat(32),
            source_office: None,
            exported_at: Some(at.clone()),
            signed_by: None,
        },
        applied_at: at.clone(),
        counts: [0, 10_000, 0, 0, 0, 0],
    };
    let tree = OfficeTree::new(&data.offices);
    let office = data.offices[0].code.clone();
    let steps = ["first figures", "preview", "apply", "save one", "export"];
    let mut totals = [[0.0f64; 5]; 2];
    let rounds = 3;
    for _ in 0..rounds {
        for (which, store) in stores.iter().enumerate() {
            use_data_key((which == 1).then(|| key.clone()));
            let t = &mut totals[which];
            // Start to the first figures: load everything, count the tiles.
            let t0 = now_ms();
            let loaded = store.load().await.expect("load");
            let scope = Scope::new(&loaded.dataset, &tree, &office, None, None, today);
            let _ = kpis(&loaded.dataset, &scope);
            t[0] += now_ms() - t0;
            drop(loaded);
            // Preview: load the stored data, compare the file with it.
            let t0 = now_ms();
            let loaded = store.load().await.expect("load");
            let plan = exchange::plan(&loaded.dataset, &next);
            t[1] += now_ms() - t0;
            assert!(plan.changes_something());
            // Apply, with its undo copy (undone after, untimed).
            let t0 = now_ms();
            store
                .save_undoable(
                    &loaded.dataset,
                    &Settings::default(),
                    &next,
                    &change,
                    "bench".into(),
                    ImportCounts::default(),
                    &logged,
                    &revisions,
                )
                .await
                .expect("apply");
            t[2] += now_ms() - t0;
            store.undo(&at, &Default::default()).await.expect("undo");
            // One record saved (its block), five times.
            let block = n / 2 / CHUNK_LEN;
            let bytes = encode(chunk_slice(&data.cases, block)).expect("block");
            let t0 = now_ms();
            for _ in 0..5 {
                let blocks = vec![(Kind::Cases, block, bytes.clone())];
                store.save_blocks(blocks, None, &[]).await.expect("save");
            }
            t[3] += (now_ms() - t0) / 5.0;
            // Export: load, build the exchange file, write its JSON.
            let t0 = now_ms();
            let loaded = store.load().await.expect("load");
            let file = exchange::export(&loaded.dataset, &ExportScope::default(), at.clone(), None);
            let json = exchange::to_json(&file);
            t[4] += now_ms() - t0;
            assert!(json.len() > 1_000_000);
        }
    }
    use_data_key(None);
    for (i, step) in steps.iter().enumerate() {
        let (plain, sealed) = (
            totals[0][i] / f64::from(rounds),
            totals[1][i] / f64::from(rounds),
        );
        figure(format!(
            "bench applock.{n}: {step}: unlocked {plain:.0} ms, locked {sealed:.0} ms ({:.2}×)",
            sealed / plain
        ));
    }
    for (store, name) in stores.iter().zip(["bench-unlocked", "bench-locked"]) {
        store.close();
        delete_database(name).await.expect("delete");
    }
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
