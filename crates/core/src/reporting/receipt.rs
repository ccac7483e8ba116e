//! The receipt (回执) a receiving copy gives for a file it applied, and
//! reading one back in the copy that sent the file.

use crate::base::problem::FileProblem;
use crate::exchange::ImportError;
use crate::Timestamp;
use serde::{Deserialize, Serialize};

pub const RECEIPT_FORMAT: &str = "taizhang-receipt";
pub(super) const RECEIPT_VERSION: u64 = 1;
/// Files larger than this are never receipts.
const RECEIPT_MAX_BYTES: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptCounts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub stale: usize,
    pub conflict: usize,
    pub deleted: usize,
}

impl ReceiptCounts {
    /// From counts in `Outcome::ALL` order (new, updated, unchanged, stale, conflict, deleted).
    pub fn from_outcomes(counts: [usize; 6]) -> ReceiptCounts {
        let [new, updated, unchanged, stale, conflict, deleted] = counts;
        ReceiptCounts {
            new,
            updated,
            unchanged,
            stale,
            conflict,
            deleted,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub format: String,
    pub version: u64,
    pub file_sha256: String,
    pub file_name: String,
    pub source_office: Option<String>,
    pub exported_at: Option<Timestamp>,
    pub received_by: String,
    pub received_at: Timestamp,
    pub counts: ReceiptCounts,
}

/// `回执-<receiving office>-<YYYYMMDD>.json`
pub fn receipt_name(receipt: &Receipt) -> String {
    let day = receipt
        .received_at
        .day()
        .map(|d| d.compact())
        .unwrap_or_default();
    format!("回执-{}-{day}.json", receipt.received_by)
}

/// The receipt in `bytes`, if they are one: `None` when the file says it is
/// another format, or is far too large for a receipt (so it is read as an
/// exchange file); errors when it says it is a receipt but is not a good one.
pub fn read_receipt(bytes: &[u8]) -> Option<Result<Receipt, Vec<ImportError>>> {
    // A receipt is a few hundred bytes.
    if !crate::exchange::format_of::says_format(bytes, RECEIPT_MAX_BYTES, RECEIPT_FORMAT) {
        return None;
    }
    let bad = |detail: String| vec![ImportError::new("", FileProblem::BadReceipt(detail))];
    Some(match serde_json::from_slice::<Receipt>(bytes) {
        Ok(r) if r.version != RECEIPT_VERSION => Err(bad(format!("version {}", r.version))),
        Ok(r)
            if r.file_sha256.len() != 64
                || !r
                    .file_sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
        {
            Err(bad("file_sha256".into()))
        }
        Ok(r) => Ok(r),
        Err(e) => Err(bad(e.to_string())),
    })
}
