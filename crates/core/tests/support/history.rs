//! What the history tests build records and imports from: a case as files
//! write it, a time, a file imported.

use serde_json::json;
use taizhang_core::ledgers::history::{FileNamed, How};
use taizhang_core::{Case, Timestamp};

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("time")
}

/// A case of the district court, as an exchange file spells it.
pub fn case(id: &str, revision: u32, notes: &str) -> Case {
    serde_json::from_value(json!({
        "id": id, "office": "430204-court", "revision": revision,
        "updated_at": "2021-04-20T08:00:00Z", "deleted": false,
        "reference": "石法〔2021〕12号", "source": "public_report",
        "category": "interference", "received_on": "2021-04-12",
        "deadline": "2021-05-12", "status": "received", "resolved_on": null,
        "outcome": null, "notes": notes
    }))
    .expect("a case as files write it")
}

/// How a record changed by importing the file `name` the city sent.
pub fn file(name: &str) -> How {
    How::Import(FileNamed {
        file: name.into(),
        sha256: "cd".repeat(32),
        sender: Some("430200-committee".into()),
    })
}
