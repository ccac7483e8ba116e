//! The engine's part in reporting: every file it writes is kept as sent
//! (with its SHA-256), and a receipt read marks the sent file it names.

use super::database::open;
use taizhang_core::base::problem::FileProblem;
use taizhang_core::exchange::ImportError;
use taizhang_core::reporting::{receipt_fits, FileFacts, Receipt, SentFile};
use taizhang_core::Timestamp;
use taizhang_protocol::Failure;

/// Keeps a file just written as sent, so that its receipt can be matched.
/// `records`: how many an exchange file holds (its receipt's counts add up to it).
pub async fn record_sent(
    file_name: String,
    bytes: &[u8],
    source_office: Option<String>,
    now: Timestamp,
    records: Option<usize>,
) -> Result<(), Failure> {
    let sent = SentFile {
        file: FileFacts {
            file_name,
            sha256: super::digest::sha256(bytes).await,
            source_office,
            exported_at: Some(now),
            signed_by: None,
        },
        receipt: None,
        records,
    };
    let store = open().await?;
    let recorded = store.record_sent(&sent).await;
    store.close();
    Ok(recorded?)
}

/// The sent file a receipt names, if it fits it; a receipt for a file this
/// copy never wrote, or that says of it what the file does not, is refused.
async fn named_by(store: &taizhang_storage::Store, receipt: &Receipt) -> Result<SentFile, Failure> {
    let found = store
        .sent_files()
        .await?
        .into_iter()
        .find(|s| s.file.sha256 == receipt.file_sha256);
    let Some(sent) = found else {
        let problem = FileProblem::ReceiptForUnknownFile {
            file_name: receipt.file_name.clone(),
        };
        return Err(Failure::File(vec![ImportError::new("", problem)]));
    };
    receipt_fits(&sent, receipt)
        .map_err(|problem| Failure::File(vec![ImportError::new("", problem)]))?;
    Ok(sent)
}

/// Checks a receipt against the file it names, changing nothing.
pub async fn check_receipt(receipt: &Receipt) -> Result<(), Failure> {
    let store = open().await?;
    let named = named_by(&store, receipt).await;
    store.close();
    named.map(|_| ())
}

/// Marks the sent file a receipt names as received; `true` if it already was
/// (by this same receipt). A receipt for a file this copy never wrote is refused.
pub async fn take_receipt(receipt: &Receipt) -> Result<bool, Failure> {
    let store = open().await?;
    let mut sent = match named_by(&store, receipt).await {
        Ok(sent) => sent,
        Err(failure) => {
            store.close();
            return Err(failure);
        }
    };
    if sent.receipt.as_ref() == Some(receipt) {
        store.close();
        return Ok(true);
    }
    sent.receipt = Some(receipt.clone());
    let recorded = store.record_sent(&sent).await;
    store.close();
    recorded?;
    Ok(false)
}
