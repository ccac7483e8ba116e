//! A receipt as the import log answers with it, and whether one that comes
//! back fits the file this copy sent.

use super::log::{LogEntry, SentFile};
use super::receipt::{Receipt, ReceiptCounts, RECEIPT_FORMAT, RECEIPT_VERSION};
use crate::base::problem::FileProblem;

/// The receipt for an applied import, from the office `received_by`.
pub fn receipt_for(entry: &LogEntry, received_by: &str) -> Receipt {
    Receipt {
        format: RECEIPT_FORMAT.to_owned(),
        version: RECEIPT_VERSION,
        file_sha256: entry.file.sha256.clone(),
        file_name: entry.file.file_name.clone(),
        source_office: entry.file.source_office.clone(),
        exported_at: entry.file.exported_at.clone(),
        received_by: received_by.to_owned(),
        received_at: entry.applied_at.clone(),
        counts: ReceiptCounts::from_outcomes(entry.counts),
    }
}

/// Whether a receipt whose hash names `sent` says of it what the file is: the
/// same sender and time, counts adding up to the records it held, and a
/// receiver other than its sender. (Who really received it is a matter of
/// the receipt's signature.)
pub fn receipt_fits(sent: &SentFile, receipt: &Receipt) -> Result<(), FileProblem> {
    let misfit = |field: &'static str| FileProblem::ReceiptDoesNotFit {
        file_name: sent.file.file_name.clone(),
        field: field.to_owned(),
    };
    let c = &receipt.counts;
    let counted = c.new + c.updated + c.unchanged + c.stale + c.conflict + c.deleted;
    if receipt.source_office != sent.file.source_office {
        Err(misfit("source_office"))
    } else if receipt.exported_at != sent.file.exported_at {
        Err(misfit("exported_at"))
    } else if sent.records.is_some_and(|records| records != counted) {
        Err(misfit("counts"))
    } else if Some(&receipt.received_by) == sent.file.source_office.as_ref() {
        Err(misfit("received_by"))
    } else {
        Ok(())
    }
}
