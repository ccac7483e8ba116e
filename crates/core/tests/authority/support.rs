//! The offices, records and keys the authority tests are made of, and the
//! oracle: whether an office lies under another, found by walking parents
//! by hand (it shares no code with the rules it checks).

use proptest::prelude::*;
use serde_json::json;
use taizhang_core::reporting::approval::{Action, Approval};
use taizhang_core::reporting::Month;
use taizhang_core::trust::{PublicJwk, TrustedKey};
use taizhang_core::{Case, Office, Timestamp};

pub fn office(code: &str, parent: Option<&str>) -> Office {
    serde_json::from_value(json!({
        "code": code, "name": code, "level": "county", "system": "committee",
        "parent": parent, "headcount": null
    }))
    .expect("an office")
}

pub fn case(n: usize, office: &str, revision: u32, deleted: bool) -> Case {
    serde_json::from_value(json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"), "office": office,
        "revision": revision, "updated_at": "2021-04-20T08:00:00Z", "deleted": deleted,
        "reference": format!("R{n}"), "source": "public_report",
        "category": "interference", "received_on": "2021-04-10",
        "deadline": null, "status": "received", "resolved_on": null,
        "outcome": null, "notes": ""
    }))
    .expect("a case")
}

/// A forest of `parents.len()` offices `o0…`: office i's parent is an
/// office before it, or none.
pub fn tree(parents: &[Option<usize>]) -> Vec<Office> {
    parents
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let parent = p.filter(|&p| p < i).map(|p| format!("o{p}"));
            office(&format!("o{i}"), parent.as_deref())
        })
        .collect()
}

/// The oracle: whether `office` is `ancestor` or under it, by walking parents.
pub fn under(offices: &[Office], office: &str, ancestor: &str) -> bool {
    let mut current = Some(office.to_owned());
    for _ in 0..=offices.len() {
        match current {
            Some(code) if code == ancestor => return true,
            Some(code) => {
                current = offices
                    .iter()
                    .find(|o| o.code == code)
                    .and_then(|o| o.parent.clone())
            }
            None => return false,
        }
    }
    false
}

pub fn named(code: &str) -> String {
    code.to_owned()
}

pub fn forest() -> impl Strategy<Value = Vec<Option<usize>>> {
    prop::collection::vec(prop::option::weighted(0.8, 0usize..12), 2..12)
}

pub fn key(office: &str, kid: &str) -> TrustedKey {
    TrustedKey {
        office: office.into(),
        kid: kid.into(),
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

pub fn approval_at(action: Action, at: &str) -> Approval {
    let mut approval = Approval::new(
        "district",
        Month::parse("2021-04").expect("month"),
        action,
        "city",
        Timestamp::parse("2021-05-10T00:00:00Z").expect("time"),
        "0".repeat(64),
        String::new(),
    );
    approval.at = serde_json::from_value(json!(at)).expect("an instant");
    approval
}
