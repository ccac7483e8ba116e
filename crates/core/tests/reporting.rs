//! Monthly reporting and receipts (`docs/reporting.md`); the expected values
//! are worked out by hand from the contract's rules.

use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::reporting::*;
use taizhang_core::trust::{PublicJwk, Trust, TrustedKey};
use taizhang_core::{Day, Office, OfficeLevel, OfficeSystem, Timestamp};

fn office(code: &str, parent: Option<&str>) -> Office {
    Office {
        code: code.into(),
        name: code.into(),
        level: OfficeLevel::County,
        system: OfficeSystem::Committee,
        parent: parent.map(Into::into),
        headcount: None,
    }
}

/// A city with two districts; district A has a court under it.
fn offices() -> Vec<Office> {
    vec![
        office("city", None),
        office("district-a", Some("city")),
        office("district-b", Some("city")),
        office("court-a", Some("district-a")),
    ]
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("timestamp")
}

fn day(y: i32, m: u8, d: u8) -> Day {
    Day::from_ymd(y, m, d).expect("day")
}

fn kid_of(office: &str) -> String {
    format!("key-of-{office}")
}

/// A key trusted for `office`: the fingerprint `entry` signs its files with.
fn key_of(office: &str) -> TrustedKey {
    TrustedKey {
        office: office.into(),
        kid: kid_of(office),
        jwk: PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: String::new(),
            y: String::new(),
        },
        from: None,
        since: None,
        vouched_by: None,
    }
}

/// Every office's key is trusted.
fn all_trusted() -> Vec<TrustedKey> {
    offices().iter().map(|o| key_of(&o.code)).collect()
}

fn received<'a>(log: &'a [LogEntry], trusted: &'a [TrustedKey]) -> Received<'a> {
    Received { log, trusted }
}

fn entry(sender: &str, exported_at: &str) -> LogEntry {
    LogEntry {
        id: format!("{sender}-{exported_at}"),
        file: FileFacts {
            file_name: "f.json".into(),
            sha256: "0".repeat(64),
            source_office: Some(sender.into()),
            exported_at: Some(at(exported_at)),
            signed_by: Some(kid_of(sender)),
        },
        applied_at: at(exported_at),
        counts: [1, 0, 0, 0, 0, 0],
    }
}

const APRIL: Month = Month {
    year: 2021,
    month: 4,
};
const MAY: Month = Month {
    year: 2021,
    month: 5,
};

fn statuses(log: &[LogEntry], months: &[Month], today: Day) -> Vec<Vec<&'static str>> {
    let offices = offices();
    let tree = OfficeTree::new(&offices);
    let trusted = all_trusted();
    let received = received(log, &trusted);
    matrix(
        &offices,
        &tree,
        "city",
        received,
        months,
        DEFAULT_DUE_DAY,
        today,
    )
    .rows
    .iter()
    .map(|row| row.cells.iter().map(|c| c.status.key()).collect())
    .collect()
}

#[test]
fn a_file_reports_for_the_month_before_it_was_exported() {
    assert_eq!(Month::reported_by(day(2021, 5, 3)), APRIL);
    assert_eq!(
        Month::reported_by(day(2021, 1, 3)),
        Month {
            year: 2020,
            month: 12
        }
    );
    assert_eq!(APRIL.due(5), Some(day(2021, 5, 5)));
    assert_eq!(
        Month {
            year: 2021,
            month: 1
        }
        .due(31),
        Some(day(2021, 2, 28)),
        "a short month"
    );
    assert_eq!(APRIL.key(), "2021-04");
    assert_eq!(months_between(day(2021, 3, 31), day(2021, 5, 1)).len(), 3);
}

#[test]
fn on_time_and_late_turn_at_the_end_of_the_due_day_in_utc() {
    let today = day(2021, 7, 1);
    let on_time = [entry("district-a", "2021-05-05T23:59:59Z")];
    let late = [entry("district-a", "2021-05-06T00:00:00Z")];
    assert_eq!(statuses(&on_time, &[APRIL], today)[0], ["on_time"]);
    assert_eq!(statuses(&late, &[APRIL], today)[0], ["late"]);
}

#[test]
fn of_several_files_the_earliest_counts() {
    let log = [
        entry("district-a", "2021-05-09T08:00:00Z"),
        entry("district-a", "2021-05-02T08:00:00Z"),
    ];
    let offices = offices();
    let tree = OfficeTree::new(&offices);
    let trusted = all_trusted();
    let m = matrix(
        &offices,
        &tree,
        "city",
        received(&log, &trusted),
        &[APRIL],
        5,
        day(2021, 7, 1),
    );
    let cell = &m.rows[0].cells[0];
    assert_eq!(
        (cell.status, cell.sent_on),
        (Status::OnTime, Some(day(2021, 5, 2)))
    );
    assert_eq!(cell.entries, [1, 0]);
}

#[test]
fn a_sender_deep_under_a_child_counts_for_that_child() {
    let log = [entry("court-a", "2021-05-03T08:00:00Z")];
    assert_eq!(
        statuses(&log, &[APRIL], day(2021, 7, 1)),
        [["on_time"], ["missing"]]
    );
    // A file from the office itself, or from nobody, reports for no child.
    let log = [entry("city", "2021-05-03T08:00:00Z")];
    assert_eq!(
        statuses(&log, &[APRIL], day(2021, 7, 1)),
        [["missing"], ["missing"]]
    );
}

#[test]
fn a_month_without_a_file_is_due_until_its_due_date_has_passed() {
    assert_eq!(statuses(&[], &[APRIL], day(2021, 5, 5)), [["due"], ["due"]]);
    assert_eq!(
        statuses(&[], &[APRIL], day(2021, 5, 6)),
        [["missing"], ["missing"]]
    );
}

#[test]
fn rates_count_what_is_expected() {
    let log = [
        entry("district-a", "2021-05-03T08:00:00Z"), // April on time
        entry("district-b", "2021-05-20T08:00:00Z"), // April late
        entry("district-a", "2021-06-04T08:00:00Z"), // May on time
    ];
    let offices = offices();
    let tree = OfficeTree::new(&offices);
    let trusted = all_trusted();
    // On 2021-06-03 May is still due: expected are the two April cells and A's May.
    let m = matrix(
        &offices,
        &tree,
        "city",
        received(&log, &trusted),
        &[APRIL, MAY],
        5,
        day(2021, 6, 3),
    );
    assert_eq!(m.rows[1].cells[1].status, Status::Due);
    assert_eq!(
        m.rows[0].cells[1].status,
        Status::OnTime,
        "sent on 06-04, before its due date"
    );
    let m = matrix(
        &offices,
        &tree,
        "city",
        received(&log, &trusted),
        &[APRIL, MAY],
        5,
        day(2021, 6, 30),
    );
    assert_eq!(
        (m.rates.expected, m.rates.received, m.rates.on_time),
        (4, 3, 2)
    );
    assert_eq!(m.rates.rate(), Some(0.75));
    assert_eq!(m.rates.on_time_rate(), Some(0.5));
    assert_eq!(m.rows[1].rates.rate(), Some(0.5));
    assert_eq!(m.last_due, Some((MAY, vec!["district-b".to_owned()])));
}

#[test]
fn a_receipt_names_the_file_by_its_hash_and_reads_back() {
    let mut applied = entry("district-a", "2021-05-03T08:00:00Z");
    applied.file.sha256 = sha256_hex(b"abc");
    // SHA-256("abc"), from FIPS 180-2's example.
    assert_eq!(
        applied.file.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let receipt = receipt_for(&applied, "city");
    let text = serde_json::to_string(&receipt).expect("json");
    assert!(text.contains(r#""format":"taizhang-receipt""#));
    assert_eq!(read_receipt(text.as_bytes()), Some(Ok(receipt.clone())));
    assert_eq!(receipt.counts.new, 1);
    assert_eq!(receipt_name(&receipt), "回执-city-20210503.json");
    // Not a receipt at all: read as an exchange file instead.
    assert_eq!(read_receipt(br#"{"format":"taizhang-exchange"}"#), None);
    // A receipt with a forged hash is refused.
    let forged = text.replace(&receipt.file_sha256, "not-a-hash");
    assert!(matches!(read_receipt(forged.as_bytes()), Some(Err(_))));
}

#[test]
fn a_large_file_is_not_parsed_as_a_receipt_first() {
    // An exchange file of any size says its format first; one far larger than
    // any receipt goes straight to the exchange reader (which names the format).
    let padded = format!(
        r#"{{"format":"taizhang-receipt","notes":"{}"}}"#,
        "x".repeat(70 * 1024)
    );
    assert_eq!(read_receipt(padded.as_bytes()), None);
}

#[test]
fn a_receipt_fits_the_file_it_names_or_is_refused() {
    let mut applied = entry("district-a", "2021-05-03T08:00:00Z");
    applied.counts = [3, 1, 6, 0, 0, 0]; // 10 records read by the city
    let sent = SentFile {
        file: applied.file.clone(),
        receipt: None,
        records: Some(10),
    };
    let receipt = receipt_for(&applied, "city");
    assert_eq!(receipt_fits(&sent, &receipt), Ok(()));
    let field = |r: &Receipt| match receipt_fits(&sent, r) {
        Err(taizhang_core::base::problem::FileProblem::ReceiptDoesNotFit { field, .. }) => field,
        other => panic!("refused: {other:?}"),
    };
    let mut counts = receipt.clone();
    counts.counts.new += 1;
    assert_eq!(field(&counts), "counts");
    // Moved between outcomes, the sum still fits: only a signature tells that.
    let mut moved = receipt.clone();
    moved.counts.new -= 1;
    moved.counts.updated += 1;
    assert_eq!(receipt_fits(&sent, &moved), Ok(()));
    let mut sender = receipt.clone();
    sender.source_office = Some("district-b".into());
    assert_eq!(field(&sender), "source_office");
    let mut time = receipt.clone();
    time.exported_at = Timestamp::parse("2021-05-04T08:00:00Z");
    assert_eq!(field(&time), "exported_at");
    let mut own = receipt.clone();
    own.received_by = "district-a".into();
    assert_eq!(field(&own), "received_by");
    // A workbook's records are not known: its counts are not checked.
    let workbook = SentFile {
        records: None,
        ..sent.clone()
    };
    assert_eq!(receipt_fits(&workbook, &counts), Ok(()));
}

/// The city's view of district A's April, from `log`, with `trusted` keys.
fn april_of_a(log: &[LogEntry], trusted: &[TrustedKey]) -> MatrixCell {
    let offices = offices();
    let tree = OfficeTree::new(&offices);
    let m = matrix(
        &offices,
        &tree,
        "city",
        received(log, trusted),
        &[APRIL],
        5,
        day(2021, 7, 1),
    );
    m.rows[0].cells[0].clone()
}

#[test]
fn only_a_file_signed_by_a_key_trusted_for_its_sender_counts() {
    let signed = entry("district-a", "2021-05-02T08:00:00Z");
    let unsigned = LogEntry {
        file: FileFacts {
            signed_by: None,
            ..signed.file.clone()
        },
        ..signed.clone()
    };
    let cell = april_of_a(std::slice::from_ref(&unsigned), &all_trusted());
    assert_eq!(
        (cell.status, cell.sent_on, cell.uncounted.as_slice()),
        (Status::Missing, None, &[Trust::Unsigned][..])
    );
    // Signed, but its key trusted for no office, or for another office only.
    for trusted in [vec![], vec![key_of("district-b")]] {
        let mut wrong = key_of("district-a");
        wrong.office = "district-b".into();
        let trusted: Vec<_> = trusted.into_iter().chain([wrong]).collect();
        let cell = april_of_a(std::slice::from_ref(&signed), &trusted);
        assert_eq!(
            (cell.status, cell.uncounted.as_slice()),
            (Status::Missing, &[Trust::Unknown][..])
        );
    }
    // The key trusted later (a roster, or the user's word): the file counts from then on.
    let cell = april_of_a(&[unsigned, signed], &[key_of("district-a")]);
    assert_eq!(
        (
            cell.status,
            cell.sent_on,
            cell.entries.len(),
            cell.uncounted.as_slice()
        ),
        (
            Status::OnTime,
            Some(day(2021, 5, 2)),
            2,
            &[Trust::Unsigned][..]
        )
    );
}

#[test]
fn a_late_verified_file_makes_the_month_late_though_an_unsigned_one_came_in_time() {
    let mut in_time = entry("district-a", "2021-05-02T08:00:00Z");
    in_time.file.signed_by = None;
    let late = entry("district-a", "2021-05-20T08:00:00Z");
    let cell = april_of_a(&[in_time, late], &all_trusted());
    assert_eq!(
        (cell.status, cell.sent_on),
        (Status::Late, Some(day(2021, 5, 20)))
    );
}
