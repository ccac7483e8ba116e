//! Approval of a month (审核确认): the month's hash as the contract defines
//! it, checked against lines canonicalised by hand; which months lock; and
//! the approval file as read.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use taizhang_core::base::settings::Settings;
use taizhang_core::reporting::approval::{
    canonical, month_sha256, read_approval, Action, Approval, Locks,
};
use taizhang_core::reporting::Month;
use taizhang_core::{Case, Dataset, Day, Office, Timestamp, TrainingSession};

const CITY: &str = "430200-committee";
const DISTRICT: &str = "430204-committee";
const COURT: &str = "430204-court";
const OTHER: &str = "430211-committee";

fn office(code: &str, level: &str, system: &str, parent: Option<&str>) -> Office {
    serde_json::from_value(json!({
        "code": code, "name": code, "level": level, "system": system,
        "parent": parent, "headcount": null
    }))
    .expect("an office")
}

fn offices() -> Vec<Office> {
    vec![
        // A child before its parent: the subtree must not rely on order.
        office(COURT, "county", "court", Some(DISTRICT)),
        office(CITY, "city", "committee", None),
        office(DISTRICT, "county", "committee", Some(CITY)),
        office(OTHER, "county", "committee", Some(CITY)),
    ]
}

fn case(id: &str, office: &str, received_on: &str, deleted: bool, notes: &str) -> Case {
    serde_json::from_value(json!({
        "id": id, "office": office, "revision": 2,
        "updated_at": "2021-04-20T08:00:00Z", "deleted": deleted,
        "reference": "石法〔2021〕12号", "source": "public_report",
        "category": "interference", "received_on": received_on,
        "deadline": null, "status": "received", "resolved_on": null,
        "outcome": null, "notes": notes
    }))
    .expect("a case")
}

fn session(id: &str, start_date: &str, hours: f64) -> TrainingSession {
    serde_json::from_value(json!({
        "id": id, "office": DISTRICT, "revision": 1,
        "updated_at": "2021-04-02T01:00:00Z", "deleted": false,
        "title": "警示教育大会", "kind": "warning_education", "format": "in_person",
        "start_date": start_date, "end_date": start_date, "participants": 120,
        "hours": hours, "notes": "引号\"与换行\n"
    }))
    .expect("a training session")
}

fn dataset() -> Dataset {
    Dataset {
        offices: offices(),
        training_sessions: vec![
            session("b0000000-0000-4000-8000-000000000002", "2021-04-30", 2.5),
            session("e0000000-0000-4000-8000-000000000005", "2021-05-01", 3.0),
        ],
        honoured_models: vec![],
        cases: vec![
            case(
                "c0000000-0000-4000-8000-000000000003",
                COURT,
                "2021-04-12",
                false,
                "",
            ),
            case(
                "a0000000-0000-4000-8000-000000000001",
                DISTRICT,
                "2021-04-01",
                true,
                "撤回",
            ),
            case(
                "d0000000-0000-4000-8000-000000000004",
                OTHER,
                "2021-04-15",
                false,
                "",
            ),
        ],
    }
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_months_hash_is_of_its_records_canonicalised_sorted_by_id_and_joined_by_newlines() {
    // Written by hand from RFC 8785: members in code-unit order, no spaces,
    // 2.5 as ECMAScript prints it, the tombstone counted, the other
    // district's case and May's session left out.
    let lines = [
        r#"{"category":"interference","deadline":null,"deleted":true,"id":"a0000000-0000-4000-8000-000000000001","notes":"撤回","office":"430204-committee","outcome":null,"received_on":"2021-04-01","reference":"石法〔2021〕12号","resolved_on":null,"revision":2,"source":"public_report","status":"received","updated_at":"2021-04-20T08:00:00Z"}"#,
        r#"{"deleted":false,"end_date":"2021-04-30","format":"in_person","hours":2.5,"id":"b0000000-0000-4000-8000-000000000002","kind":"warning_education","notes":"引号\"与换行\n","office":"430204-committee","participants":120,"revision":1,"start_date":"2021-04-30","title":"警示教育大会","updated_at":"2021-04-02T01:00:00Z"}"#,
        r#"{"category":"interference","deadline":null,"deleted":false,"id":"c0000000-0000-4000-8000-000000000003","notes":"","office":"430204-court","outcome":null,"received_on":"2021-04-12","reference":"石法〔2021〕12号","resolved_on":null,"revision":2,"source":"public_report","status":"received","updated_at":"2021-04-20T08:00:00Z"}"#,
    ];
    let april = Month::parse("2021-04").expect("month");
    assert_eq!(
        month_sha256(&dataset(), DISTRICT, april),
        sha256_hex(&lines.join("\n"))
    );
}

#[test]
fn a_whole_number_of_hours_is_written_without_a_fraction_and_an_empty_month_hashes_nothing() {
    let may = Month::parse("2021-05").expect("month");
    let line = r#"{"deleted":false,"end_date":"2021-05-01","format":"in_person","hours":3,"id":"e0000000-0000-4000-8000-000000000005","kind":"warning_education","notes":"引号\"与换行\n","office":"430204-committee","participants":120,"revision":1,"start_date":"2021-05-01","title":"警示教育大会","updated_at":"2021-04-02T01:00:00Z"}"#;
    assert_eq!(month_sha256(&dataset(), DISTRICT, may), sha256_hex(line));
    let june = Month::parse("2021-06").expect("month");
    assert_eq!(
        month_sha256(&dataset(), DISTRICT, june),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn any_change_to_a_record_of_the_month_changes_its_hash_and_others_do_not() {
    let april = Month::parse("2021-04").expect("month");
    let before = month_sha256(&dataset(), DISTRICT, april);
    let mut edited = dataset();
    edited.cases[0].notes = "补充".into();
    assert_ne!(month_sha256(&edited, DISTRICT, april), before);
    let mut elsewhere = dataset();
    elsewhere.cases[2].notes = "别的区县".into();
    elsewhere.training_sessions[1].participants = 1;
    assert_eq!(month_sha256(&elsewhere, DISTRICT, april), before);
}

fn approval(action: Action, month: &str, at: &str) -> Approval {
    Approval::new(
        DISTRICT,
        Month::parse(month).expect("month"),
        action,
        CITY,
        Timestamp::parse(at).expect("time"),
        "0".repeat(64),
        String::new(),
    )
}

fn day(text: &str) -> Day {
    Day::parse(text).expect("day")
}

#[test]
fn an_approval_locks_its_month_for_the_office_and_those_under_it_until_a_later_reopen() {
    let approved = approval(Action::Approve, "2021-04", "2021-05-10T00:00:00Z");
    let locks = Locks::new(
        std::slice::from_ref(&approved),
        &[],
        &offices(),
        Some(DISTRICT),
        None,
        5,
        day("2021-06-01"),
    );
    let lock = locks
        .of(COURT, day("2021-04-30"))
        .expect("the court's April");
    assert_eq!(
        (lock.by.as_str(), lock.month.key()),
        (CITY, "2021-04".into())
    );
    assert!(locks.of(DISTRICT, day("2021-04-01")).is_some());
    assert!(
        locks.of(DISTRICT, day("2021-05-01")).is_none(),
        "May is open"
    );
    assert!(
        locks.of(OTHER, day("2021-04-15")).is_none(),
        "another district"
    );

    let reopened = approval(Action::Reopen, "2021-04", "2021-05-11T00:00:00Z");
    let both = [approved.clone(), reopened.clone()];
    let locks = Locks::new(
        &both,
        &[],
        &offices(),
        Some(DISTRICT),
        None,
        5,
        day("2021-06-01"),
    );
    assert!(
        locks.of(COURT, day("2021-04-30")).is_none(),
        "the later word counts"
    );
    let again = approval(Action::Approve, "2021-04", "2021-05-12T00:00:00Z");
    let all = [reopened, again, approved];
    let locks = Locks::new(
        &all,
        &[],
        &offices(),
        Some(DISTRICT),
        None,
        5,
        day("2021-06-01"),
    );
    assert!(
        locks.of(COURT, day("2021-04-30")).is_some(),
        "by its time, not the order it was kept in"
    );
}

#[test]
fn canonical_members_are_ordered_by_utf16_code_units_as_rfc_8785_orders_them() {
    // RFC 8785 §3.2.3: U+1F600 sorts before U+FB33 in UTF-16 (a surrogate,
    // 0xD83D), after it in UTF-8; "\r" and "1" by code unit too.
    let value =
        json!({"\u{fb33}": 3, "\u{1f600}": 2, "1": 1, "\r": 0, "é": [true, null, 0.5, -0.0]});
    assert_eq!(
        canonical(&value),
        "{\"\\r\":0,\"1\":1,\"é\":[true,null,0.5,0],\"\u{1f600}\":2,\"\u{fb33}\":3}"
    );
}

#[test]
fn expiry_days_lock_a_childs_month_that_many_days_after_its_due_day_unless_sent_back() {
    // April is due on 5 May; with 10 expiry days it locks on 15 May.
    let at = |today: &str| Locks::new(&[], &[], &offices(), Some(CITY), Some(10), 5, day(today));
    assert!(at("2021-05-14").of(COURT, day("2021-04-12")).is_none());
    let lock = at("2021-05-15")
        .of(COURT, day("2021-04-12"))
        .expect("expired");
    assert!(lock.expired);
    assert_eq!((lock.office.as_str(), lock.by.as_str()), (DISTRICT, CITY));
    assert!(at("2021-05-15").of(COURT, day("2021-05-01")).is_none());
    assert!(
        at("2021-05-15").of(CITY, day("2021-04-01")).is_none(),
        "the committee's own records are not a child's"
    );
    let reopened = [approval(Action::Reopen, "2021-04", "2021-05-16T00:00:00Z")];
    let locks = Locks::new(
        &[],
        &reopened,
        &offices(),
        Some(CITY),
        Some(10),
        5,
        day("2021-05-20"),
    );
    assert!(locks.of(COURT, day("2021-04-12")).is_none(), "sent back");

    let settings = Settings {
        own_office: Some(CITY.into()),
        expiry_days: Some(10),
        ..Settings::default()
    };
    assert!(settings
        .locks(&offices(), day("2021-05-15"))
        .of(COURT, day("2021-04-12"))
        .is_some());
    assert!(Settings::default()
        .locks(&offices(), day("2031-01-01"))
        .is_empty());
}

#[test]
fn an_approval_file_is_read_strictly_and_located() {
    let good = json!({
        "format": "taizhang-approval", "version": 1, "office": DISTRICT,
        "month": "2021-04", "action": "approve", "by": CITY,
        "at": "2021-05-10T00:00:00Z", "records_sha256": "ab".repeat(32), "reason": ""
    });
    let read = |value: &Value| read_approval(value.to_string().as_bytes());
    let taken = read(&good).expect("an approval").expect("valid");
    assert_eq!(taken.action, Action::Approve);
    let pointer = |value: Value| {
        read(&value).expect("an approval").expect_err("refused")[0]
            .pointer
            .clone()
    };
    let mut bad = good.clone();
    bad["month"] = json!("2021-13");
    assert_eq!(pointer(bad), "/month");
    let mut bad = good.clone();
    bad["records_sha256"] = json!("AB".repeat(32));
    assert_eq!(pointer(bad), "/records_sha256");
    let mut bad = good.clone();
    bad["version"] = json!(2);
    assert_eq!(pointer(bad), "/version");
    let mut bad = good.clone();
    bad["extra"] = json!(1);
    assert!(read(&bad).expect("an approval").is_err(), "unknown fields");
    assert!(read(&json!({"format": "taizhang-exchange"})).is_none());
}
