//! Signed files (`docs/trust.md`), without a key: reading a JWS and checking
//! its header. The fixture (`fixtures/signed.json`) was made by OpenSSL and
//! Python's standard library (`fixtures/signed.py`), which verified its
//! signature; nothing of it comes from the app.

use serde_json::{json, Value};
use taizhang_catalogue::Worded;
use taizhang_core::problem::FileProblem;
use taizhang_core::trust::*;

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/signed.json")).expect("fixture")
}

fn signed(fixture: &Value) -> Value {
    fixture["signed_exchange"].clone()
}

/// The pointer and fault of the one error a hostile file gets.
fn refused(file: &Value) -> (String, JwsFault) {
    let bytes = serde_json::to_vec(file).expect("json");
    let errors = read_signed(&bytes)
        .expect("a signed file")
        .expect_err("refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    match &errors[0].problem {
        FileProblem::Signature(fault) => {
            // Every refusal has a sentence in both languages.
            let message = errors[0].problem.message();
            assert!(!message.zh.is_empty() && !message.en.is_empty());
            (errors[0].pointer.clone(), fault.clone())
        }
        other => panic!("not a signature fault: {other:?}"),
    }
}

/// `file` with its header rewritten by `change` (keeping the payload and signature).
fn with_header(file: &Value, change: impl Fn(&mut Value)) -> Value {
    let protected = file["protected"].as_str().expect("protected");
    let mut header: Value =
        serde_json::from_slice(&base64url_decode(protected).expect("base64url")).expect("json");
    change(&mut header);
    let mut out = file.clone();
    out["protected"] = json!(base64url_encode(
        &serde_json::to_vec(&header).expect("json")
    ));
    out
}

#[test]
fn the_fingerprint_is_the_rfc_7638_thumbprint() {
    let f = fixture();
    let jwk: PublicJwk = serde_json::from_value(f["jwk"].clone()).expect("jwk");
    assert!(jwk.is_p256());
    assert_eq!(jwk.thumbprint(), f["kid"].as_str().expect("kid"));
    assert_eq!(fingerprint_groups("abcdefghij"), "abcd efgh ij");
}

#[test]
fn a_signed_file_reads_to_its_inner_bytes_header_and_signing_input() {
    let f = fixture();
    let file = signed(&f);
    let bytes = serde_json::to_vec(&file).expect("json");
    let read = read_signed(&bytes).expect("a signed file").expect("good");
    assert_eq!(
        read.payload,
        f["exchange"].as_str().expect("inner").as_bytes()
    );
    assert_eq!(read.header.office, "430204-committee");
    assert_eq!(read.header.cty, "taizhang-exchange");
    assert_eq!(read.header.kid, f["kid"].as_str().expect("kid"));
    let input = format!(
        "{}.{}",
        file["protected"].as_str().expect("protected"),
        file["payload"].as_str().expect("payload")
    );
    assert_eq!(read.signing_input, input.as_bytes());
    assert_eq!(read.signature.len(), 64);
    // What this copy writes around a signature reads back the same way.
    let header = Header::new(
        read.header.jwk.clone(),
        "430204-committee",
        "taizhang-exchange",
    );
    let (protected, payload, signing_input) = header.signing_input(&read.payload);
    let written = signed_file(&protected, &payload, &read.signature);
    let again = read_signed(written.as_bytes())
        .expect("signed")
        .expect("good");
    assert_eq!(
        (again.header, again.payload, again.signing_input),
        (header, read.payload, signing_input)
    );
}

#[test]
fn an_unsigned_file_is_not_a_signed_one() {
    let f = fixture();
    assert_eq!(
        read_signed(f["exchange"].as_str().expect("inner").as_bytes()),
        None
    );
    assert_eq!(read_signed(b"not json"), None);
}

#[test]
fn every_hostile_header_or_part_is_refused_where_it_is() {
    let f = fixture();
    let file = signed(&f);
    let cases: Vec<(Value, &str)> = vec![
        (
            with_header(&file, |h| h["alg"] = json!("none")),
            "/protected/alg",
        ),
        (
            with_header(&file, |h| h["alg"] = json!("HS256")),
            "/protected/alg",
        ),
        (
            with_header(&file, |h| h["jwk"]["crv"] = json!("P-384")),
            "/protected/jwk",
        ),
        (
            with_header(&file, |h| h["jwk"]["kty"] = json!("RSA")),
            "/protected/jwk",
        ),
        (
            with_header(&file, |h| h["jwk"]["x"] = json!("AAAA")),
            "/protected/jwk",
        ),
        (
            with_header(&file, |h| {
                h.as_object_mut().expect("object").remove("kid");
            }),
            "/protected/kid",
        ),
        (
            with_header(&file, |h| h["kid"] = json!(f["jwk"]["x"].clone())),
            "/protected/kid",
        ),
        (
            with_header(&file, |h| h["typ"] = json!("JWT")),
            "/protected/typ",
        ),
        (
            with_header(&file, |h| h["cty"] = json!("taizhang-receipt")),
            "/protected/cty",
        ),
        (
            with_header(&file, |h| h["cty"] = json!("text/html")),
            "/protected/cty",
        ),
        (
            json!({ "payload": "not base64url!", "protected": file["protected"], "signature": file["signature"] }),
            "/payload",
        ),
        (
            json!({ "payload": file["payload"], "protected": file["protected"], "signature": base64url_encode(&[1; 63]) }),
            "/signature",
        ),
        (
            json!({ "payload": file["payload"], "protected": file["protected"], "signature": base64url_encode(&[1; 65]) }),
            "/signature",
        ),
        (
            json!({ "payload": file["payload"], "protected": file["protected"] }),
            "/signature",
        ),
        (
            json!({ "payload": file["payload"], "signature": file["signature"] }),
            "/protected",
        ),
    ];
    for (hostile, pointer) in cases {
        let (at, fault) = refused(&hostile);
        assert_eq!(at, pointer, "{fault:?}");
    }
    // The fault is named: a changed kid is not the key's fingerprint.
    let kid = with_header(&file, |h| h["kid"] = json!("changed"));
    assert_eq!(refused(&kid).1, JwsFault::KidNotFingerprint);
    let short = json!({ "payload": file["payload"], "protected": file["protected"], "signature": base64url_encode(&[1; 63]) });
    assert_eq!(refused(&short).1, JwsFault::SignatureLength(63));
}

#[test]
fn the_signature_verifies_and_any_change_after_signing_breaks_it() {
    let f = fixture();
    let file = signed(&f);
    let read = |file: &Value| {
        read_signed(&serde_json::to_vec(file).expect("json"))
            .expect("signed")
            .expect("well formed")
    };
    assert!(read(&file).verifies(), "OpenSSL's signature verifies");
    // The payload changed by one record's worth: well formed, but it no longer verifies.
    let inner = f["exchange"]
        .as_str()
        .expect("inner")
        .replace("2021-05-03", "2021-05-04");
    let mut changed = file.clone();
    changed["payload"] = json!(base64url_encode(inner.as_bytes()));
    assert!(!read(&changed).verifies());
    // Another office claimed in the header: the signature covers the header too.
    assert!(!read(&with_header(&file, |h| h["office"] = json!("430204-court"))).verifies());
    // A signature's bit flipped.
    let mut bytes = base64url_decode(file["signature"].as_str().expect("sig")).expect("b64");
    bytes[10] ^= 1;
    let mut flipped = file.clone();
    flipped["signature"] = json!(base64url_encode(&bytes));
    assert!(!read(&flipped).verifies());
}
