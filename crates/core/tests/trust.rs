//! Signed files (`docs/trust.md`), without a key: reading a JWS and checking
//! its header. The fixture (`fixtures/signed.json`) was made by OpenSSL and
//! Python's standard library (`fixtures/signed.py`), which verified its
//! signature; nothing of it comes from the app.

use serde_json::{json, Value};
use taizhang_catalogue::Worded;
use taizhang_core::base::problem::FileProblem;
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

/// A signed fixture file as read and verified: its header and inner bytes.
fn opened(file: &Value) -> Signed {
    let signed = read_signed(&serde_json::to_vec(file).expect("json"))
        .expect("signed")
        .expect("well formed");
    assert!(signed.verifies(), "OpenSSL's signature verifies");
    signed
}

fn offices() -> Vec<taizhang_core::Office> {
    taizhang_core::ledgers::sample::offices()
        .into_iter()
        .chain(["430202-committee"].map(|code| taizhang_core::Office {
            code: code.into(),
            name: "荷塘区委政法委".into(),
            level: taizhang_core::OfficeLevel::County,
            system: taizhang_core::OfficeSystem::Committee,
            parent: Some("430200-committee".into()),
            headcount: None,
        }))
        .collect()
}

#[test]
fn a_roster_signed_by_independent_code_reads_with_every_key_and_its_fingerprint() {
    let f = fixture();
    let r = &f["roster"];
    let signed = opened(&r["signed"]);
    assert_eq!(signed.header.cty, ROSTER_FORMAT);
    let roster = read_roster(&signed.payload)
        .expect("a roster")
        .expect("a good one");
    assert_eq!(roster.issued_by, "430200-committee");
    assert_eq!(signed.header.office, roster.issued_by);
    let listed: Vec<(&str, &str)> = roster
        .keys
        .iter()
        .map(|k| (k.office.as_str(), k.kid.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("430200-committee", r["city_kid"].as_str().expect("kid")),
            ("430202-committee", r["first_kid"].as_str().expect("kid")),
        ]
    );
    // Its issuer's key is the roster's first.
    assert_eq!(signed.header.kid, listed[0].1);
    // An exchange file is no roster.
    assert!(read_roster(f["exchange"].as_str().expect("inner").as_bytes()).is_none());
}

#[test]
fn a_roster_with_a_key_off_the_curve_or_a_kid_not_its_fingerprint_is_refused_where_it_is() {
    let f = fixture();
    let inner: Value =
        serde_json::from_str(f["roster"]["inner"].as_str().expect("inner")).expect("json");
    let refused_at = |change: &dyn Fn(&mut Value)| {
        let mut roster = inner.clone();
        change(&mut roster);
        let errors = read_roster(&serde_json::to_vec(&roster).expect("json"))
            .expect("a roster")
            .expect_err("refused");
        let message = errors[0].problem.message();
        assert!(!message.zh.is_empty() && !message.en.is_empty());
        errors.iter().map(|e| e.pointer.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        refused_at(&|r| r["keys"][1]["kid"] = json!(f["kid"])),
        ["/keys/1/kid"]
    );
    assert_eq!(
        refused_at(&|r| r["keys"][0]["jwk"]["crv"] = json!("P-384")),
        ["/keys/0/jwk"]
    );
    assert_eq!(
        refused_at(&|r| r["keys"][1]["jwk"]["x"] = json!("AAAA")),
        ["/keys/1/jwk"]
    );
    assert_eq!(refused_at(&|r| r["version"] = json!(2)), ["/version"]);
    assert_eq!(refused_at(&|r| r["extra"] = json!(1)), [""]);
}

#[test]
fn a_roster_is_taken_as_is_only_when_its_key_is_trusted_for_an_office_above() {
    let f = fixture();
    let signed = opened(&f["roster"]["signed"]);
    let key = TrustedKey {
        office: signed.header.office.clone(),
        kid: signed.header.kid.clone(),
        jwk: signed.header.jwk.clone(),
        from: None,
        since: None,
        vouched_by: None,
    };
    let offices = offices();
    let tree = taizhang_core::ledgers::tree::OfficeTree::new(&offices);
    let standing_for = |trust: Trust, own: Option<&str>| {
        let sender = Sender {
            trust,
            own: false,
            key: Some(key.clone()),
        };
        standing(&sender, "430200-committee", own, &offices, &tree)
    };
    // The city is above 石峰 (430204) and 荷塘 (430202).
    assert_eq!(
        standing_for(Trust::Verified, Some("430204-committee")),
        RosterStanding::FromAbove
    );
    assert_eq!(
        standing_for(Trust::Verified, Some("430204-court")),
        RosterStanding::FromAbove
    );
    // Not yet trusted, or not above: the user compares the fingerprint.
    assert_eq!(
        standing_for(Trust::Unknown, Some("430204-committee")),
        RosterStanding::ToCompare
    );
    assert_eq!(
        standing_for(Trust::Verified, Some("430000-committee")),
        RosterStanding::ToCompare
    );
    assert_eq!(
        standing_for(Trust::Verified, Some("430200-committee")),
        RosterStanding::ToCompare
    );
    assert_eq!(
        standing_for(Trust::Verified, None),
        RosterStanding::ToCompare
    );
}

#[test]
fn the_roster_an_office_issues_lists_its_own_key_first_and_the_keys_under_it_once() {
    let f = fixture();
    let listed = |file: &Value| opened(file).header;
    let city = listed(&f["roster"]["signed"]);
    let district = listed(&f["roster"]["exchange_by_first"]);
    let other = listed(&f["signed_exchange"]);
    let key = |office: &str, header: &Header| key_for(office, header.jwk.clone());
    let trusted = [
        key("430202-committee", &district),
        key("430202-committee", &district),
        key("430000-committee", &other), // the province: above, not listed
        key("430204-court", &other),     // under 石峰, under the city: listed
    ];
    let offices = offices();
    let tree = taizhang_core::ledgers::tree::OfficeTree::new(&offices);
    let at = taizhang_core::Timestamp::parse("2021-05-01T08:00:00Z").expect("time");
    let roster = roster_of(
        key("430200-committee", &city),
        &trusted,
        &offices,
        &tree,
        at,
    );
    let listed: Vec<&str> = roster.keys.iter().map(|k| k.office.as_str()).collect();
    assert_eq!(
        listed,
        ["430200-committee", "430202-committee", "430204-court"]
    );
    assert_eq!(
        roster.keys[0].kid,
        f["roster"]["city_kid"].as_str().expect("kid")
    );
    assert_eq!(roster_name(&roster), "名册-430200-committee-20210501.json");
    // What it writes reads back as the same roster.
    let text = serde_json::to_vec(&roster).expect("json");
    assert_eq!(read_roster(&text).expect("roster").expect("good"), roster);
}
