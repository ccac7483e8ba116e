//! What the record tests share: a clock, every office known, a case's form
//! and an office.

use taizhang_core::ledgers::entries::Entry;
use taizhang_core::ledgers::form::FormValues;
use taizhang_core::{Case, Office, OfficeLevel, OfficeSystem, Timestamp};

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("timestamp")
}

pub fn all_offices(_: &str) -> bool {
    true
}

pub fn case_form(pairs: &[(&'static str, &str)]) -> FormValues {
    let mut form = Case::blank_form("430204-court");
    for (k, v) in pairs {
        form.insert(k, (*v).to_owned());
    }
    form
}

pub fn office(code: &str, parent: Option<&str>) -> Office {
    Office {
        code: code.into(),
        name: code.into(),
        level: OfficeLevel::County,
        system: OfficeSystem::Court,
        parent: parent.map(Into::into),
        headcount: None,
    }
}
