//! The history as it is stored: the revisions one write made, grouped in
//! pages by a bucket of their records' ids, so that an import of 100,000
//! records writes at most [`BUCKETS`] values (not one per record) and a
//! record's history is still one index lookup (its bucket's pages).
//!
//! A page is JSON Lines: a header with the write's time and how, then one
//! revision a line, without the time and how when they are the header's.

use super::{FieldChange, How, Revision};
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
    record: String,
    #[serde(default)]
    at: Option<Timestamp>,
    #[serde(default)]
    how: Option<How>,
    #[serde(default)]
    from_revision: Option<u32>,
    revision: u32,
    #[serde(default)]
    changes: Vec<FieldChange>,
}

/// `revisions` as pages: each bucket's text, buckets in the order their
/// first revision comes, revisions in their order within a page.
pub fn pages(revisions: &[Revision]) -> Result<Vec<(u32, String)>, PageError> {
    let mut order: Vec<u32> = Vec::new();
    let mut grouped: Vec<Vec<&Revision>> = (0..BUCKETS).map(|_| Vec::new()).collect();
    for revision in revisions {
        let bucket = bucket_of(&revision.record);
        let slot = &mut grouped[bucket as usize];
        if slot.is_empty() {
            order.push(bucket);
        }
        slot.push(revision);
    }
    order
        .into_iter()
        .map(|bucket| Ok((bucket, page_text(&grouped[bucket as usize])?)))
        .collect()
}

/// One page's text (`revisions` is not empty).
fn page_text(revisions: &[&Revision]) -> Result<String, PageError> {
    let broken = |source| PageError::Line { line: 0, source };
    let Some(first) = revisions.first() else {
        return Ok(String::new());
    };
    let (at, how) = (&first.at, &first.how);
    let mut text = serde_json::to_string(&HeaderOut { at, how }).map_err(broken)?;
    // The ledgers' names as JSON, for the short lines written by hand.
    let names = [Kind::TrainingSessions, Kind::HonouredModels, Kind::Cases]
        .map(|kind| (kind, serde_json::to_string(&kind).unwrap_or_default()));
    for revision in revisions {
        text.push('\n');
        let shared = revision.at == *at && revision.how == *how;
        let name = names.iter().find(|(kind, _)| *kind == revision.ledger);
        let plain_id = revision
            .record
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        match name {
            // A record created with its values implied: a short line.
            Some((_, name))
                if shared
                    && plain_id
                    && revision.from_revision.is_none()
                    && revision.changes.is_empty() =>
            {
                text.push_str("{\"ledger\":");
                text.push_str(name);
                text.push_str(",\"record\":\"");
                text.push_str(&revision.record);
                text.push_str("\",\"revision\":");
                text.push_str(&revision.revision.to_string());
                text.push('}');
            }
            _ => {
                let line = LineOut {
                    ledger: revision.ledger,
                    record: &revision.record,
                    at: (!shared).then_some(&revision.at),
                    how: (!shared).then_some(&revision.how),
                    from_revision: revision.from_revision,
                    revision: revision.revision,
                    changes: &revision.changes,
                };
                text.push_str(&serde_json::to_string(&line).map_err(broken)?);
            }
        }
    }
    Ok(text)
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
    // A line that does not name the record, as JSON spells it, cannot be
    // one of its revisions: it is passed over unparsed.
    let needle = match only {
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
        let line: LineIn = serde_json::from_str(line).map_err(|source| PageError::Line {
            line: n + 2,
            source,
        })?;
        if only.is_some_and(|id| id != line.record) {
            continue;
        }
        found.push(Revision {
            ledger: line.ledger,
            record: line.record,
            at: line.at.unwrap_or_else(|| header.at.clone()),
            how: line.how.unwrap_or_else(|| header.how.clone()),
            from_revision: line.from_revision,
            revision: line.revision,
            changes: line.changes,
        });
    }
    Ok(found)
}
