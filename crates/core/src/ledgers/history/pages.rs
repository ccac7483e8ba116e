//! The history as it is stored: the revisions one write made, grouped in
//! pages by a bucket of their records' ids, so that an import of 100,000
//! records writes at most [`BUCKETS`] values (not one per record) and a
//! record's history is still one index lookup (its bucket's pages).
//!
//! A page is JSON Lines: a header with the write's time and how, a line per
//! ledger listing the records the write created with their values implied
//! (an import's new records: `id revision` each), then one revision a
//! line, without the time and how when they are the header's.

use super::{FieldChange, How, ImportHistory, Revision};
use crate::{Kind, Timestamp};
use serde::{Deserialize, Serialize};

/// How many buckets record ids are spread over.
pub const BUCKETS: u32 = 256;

/// The bucket of the record `id`: FNV-1a of its text, so that every build
/// places a record's history alike.
pub fn bucket_of(id: &str) -> u32 {
    let hash = id.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash % BUCKETS
}

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("history page without its header")]
    NoHeader,
    #[error("history page, line {line}: a record without its id or revision")]
    Created { line: usize },
    #[error("history page, line {line}: {source}")]
    Line {
        line: usize,
        source: serde_json::Error,
    },
}

#[derive(Serialize)]
struct HeaderOut<'a> {
    at: &'a Timestamp,
    how: &'a How,
}

#[derive(Deserialize)]
struct HeaderIn {
    at: Timestamp,
    how: How,
}

#[derive(Serialize)]
struct LineOut<'a> {
    ledger: Kind,
    record: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<&'a Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    how: Option<&'a How>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_revision: Option<u32>,
    revision: u32,
    #[serde(skip_serializing_if = "<[FieldChange]>::is_empty")]
    changes: &'a [FieldChange],
}

#[derive(Deserialize)]
struct LineIn {
    ledger: Kind,
    #[serde(default)]
    record: String,
    /// Records created with their values implied: `id revision` by commas.
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    at: Option<Timestamp>,
    #[serde(default)]
    how: Option<How>,
    #[serde(default)]
    from_revision: Option<u32>,
    #[serde(default)]
    revision: u32,
    #[serde(default)]
    changes: Vec<FieldChange>,
}

/// `revisions` as pages: each bucket's text, buckets in the order their
/// first revision comes, revisions in their order within a page.
pub fn pages(revisions: &[Revision]) -> Result<Vec<(u32, String)>, PageError> {
    let Some(first) = revisions.first() else {
        return Ok(Vec::new());
    };
    let mut grouped = Grouped::default();
    for revision in revisions {
        grouped.slot(bucket_of(&revision.record)).1.push(revision);
    }
    grouped.texts(&first.at, &first.how)
}

/// An import's history as pages: the records it created listed compactly,
/// its changes a line each.
pub fn import_pages(history: &ImportHistory) -> Result<Vec<(u32, String)>, PageError> {
    let mut grouped = Grouped::default();
    let mut buffer = uuid::Uuid::encode_buffer();
    for created in &history.created {
        let id = created.id.hyphenated().encode_lower(&mut buffer);
        let slot = grouped.slot(bucket_of(id));
        let list = &mut slot.0[ledger_slot(created.ledger)];
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(id);
        list.push(' ');
        push_number(list, created.revision);
    }
    for revision in &history.changed {
        grouped.slot(bucket_of(&revision.record)).1.push(revision);
    }
    grouped.texts(&history.at, &history.how)
}

/// The ledgers in the order a page lists the records they created.
const LEDGERS: [Kind; 3] = [Kind::TrainingSessions, Kind::HonouredModels, Kind::Cases];

fn ledger_slot(kind: Kind) -> usize {
    LEDGERS.iter().position(|k| *k == kind).unwrap_or(0)
}

/// Per bucket: the records created, listed per ledger, and other revisions.
type Slot<'a> = ([String; 3], Vec<&'a Revision>);

#[derive(Default)]
struct Grouped<'a> {
    order: Vec<u32>,
    slots: Vec<Option<Slot<'a>>>,
}

impl<'a> Grouped<'a> {
    fn slot(&mut self, bucket: u32) -> &mut Slot<'a> {
        if self.slots.is_empty() {
            self.slots = (0..BUCKETS).map(|_| None).collect();
        }
        let slot = &mut self.slots[bucket as usize];
        if slot.is_none() {
            self.order.push(bucket);
        }
        slot.get_or_insert_with(Default::default)
    }

    fn texts(mut self, at: &Timestamp, how: &How) -> Result<Vec<(u32, String)>, PageError> {
        let order = std::mem::take(&mut self.order);
        order
            .into_iter()
            .filter_map(|bucket| {
                let slot = self.slots.get_mut(bucket as usize)?.take()?;
                Some(page_text(at, how, &slot).map(|text| (bucket, text)))
            })
            .collect()
    }
}

/// One page's text: the header (the write's `at` and `how`), the records
/// created (a line per ledger, `"created": "id revision,…"`: a record is
/// created before any other change of it), then a line per other revision.
fn page_text(at: &Timestamp, how: &How, (created, others): &Slot) -> Result<String, PageError> {
    let broken = |source| PageError::Line { line: 0, source };
    let mut text = serde_json::to_string(&HeaderOut { at, how }).map_err(broken)?;
    for (kind, list) in LEDGERS.iter().zip(created) {
        if list.is_empty() {
            continue;
        }
        text.reserve(list.len() + 40);
        text.push_str("\n{\"ledger\":");
        text.push_str(&serde_json::to_string(kind).map_err(broken)?);
        text.push_str(",\"created\":\"");
        text.push_str(list);
        text.push_str("\"}");
    }
    for revision in others {
        let shared = revision.at == *at && revision.how == *how;
        let line = LineOut {
            ledger: revision.ledger,
            record: &revision.record,
            at: (!shared).then_some(&revision.at),
            how: (!shared).then_some(&revision.how),
            from_revision: revision.from_revision,
            revision: revision.revision,
            changes: &revision.changes,
        };
        text.push('\n');
        text.push_str(&serde_json::to_string(&line).map_err(broken)?);
    }
    Ok(text)
}

/// Whether an id needs no escaping in JSON nor in a list of created records.
fn plain(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn push_number(text: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    text.push_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"));
}

/// The revisions a page holds, or only those of the record `only`.
pub fn read_page(text: &str, only: Option<&str>) -> Result<Vec<Revision>, PageError> {
    let mut lines = text.split('\n');
    let header = lines
        .next()
        .filter(|h| !h.is_empty())
        .ok_or(PageError::NoHeader)?;
    let header: HeaderIn =
        serde_json::from_str(header).map_err(|source| PageError::Line { line: 1, source })?;
    // A line that does not name the record, as JSON spells it, cannot hold
    // one of its revisions: it is passed over unparsed.
    let needle = match only {
        Some(id) if plain(id) => Some(id.to_owned()),
        Some(id) => Some(format!(
            "\"record\":{}",
            serde_json::to_string(id).map_err(|source| PageError::Line { line: 0, source })?
        )),
        None => None,
    };
    let mut found = Vec::new();
    for (n, line) in lines.enumerate() {
        if needle
            .as_ref()
            .is_some_and(|needle| !line.contains(needle.as_str()))
        {
            continue;
        }
        let broken = |source| PageError::Line {
            line: n + 2,
            source,
        };
        let line: LineIn = serde_json::from_str(line).map_err(broken)?;
        let revision = |record: String, revision: u32| Revision {
            ledger: line.ledger,
            record,
            at: line.at.clone().unwrap_or_else(|| header.at.clone()),
            how: line.how.clone().unwrap_or_else(|| header.how.clone()),
            from_revision: line.from_revision,
            revision,
            changes: line.changes.clone(),
        };
        if let Some(list) = &line.created {
            for entry in list.split(',') {
                let (id, number) = entry.split_once(' ').unwrap_or((entry, ""));
                if only.is_some_and(|only| only != id) {
                    continue;
                }
                let number = number
                    .parse()
                    .map_err(|_| PageError::Created { line: n + 2 })?;
                found.push(revision(id.to_owned(), number));
            }
        } else if line.record.is_empty() {
            return Err(PageError::Created { line: n + 2 });
        } else if only.is_none_or(|only| only == line.record) {
            found.push(revision(line.record.clone(), line.revision));
        }
    }
    Ok(found)
}
