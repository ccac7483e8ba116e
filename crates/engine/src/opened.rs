//! A file opened (out of its signature, if it had one) and told apart: a
//! receipt, an approval or a roster is answered at once; anything else is an
//! exchange file, for the preview.

use super::reports;
use super::senders::{self, Opened};
use taizhang_core::base::problem::FileProblem;
use taizhang_core::exchange::ImportError;
use taizhang_core::reporting::approval::read_approval;
use taizhang_core::reporting::{read_receipt, Receipt};
use taizhang_core::trust::{read_roster, Roster, Sender, Trust};
use taizhang_protocol::{ApprovalRead, Failure, ReceiptRead, Reply, RosterRead};

/// What a file turned out to be.
pub enum Read {
    /// A receipt, an approval or a roster: the answer to send.
    Answer(Reply),
    /// An exchange file, to preview.
    File(Opened),
}

pub async fn read(bytes: Vec<u8>) -> Result<Read, Failure> {
    let opened = senders::opened(bytes).await?;
    if let Some(read) = read_receipt(&opened.bytes) {
        return Ok(Read::Answer(receipt(read, opened.sender).await?));
    }
    if let Some(read) = read_approval(&opened.bytes) {
        let approval = read.map_err(Failure::File)?;
        senders::check_sender(&opened.sender, "/by", Some(&approval.by))?;
        let sender = opened.sender;
        return Ok(Read::Answer(Reply::Approval(ApprovalRead {
            approval,
            sender,
        })));
    }
    if let Some(read) = read_roster(&opened.bytes) {
        return Ok(Read::Answer(roster(read, opened.sender)?));
    }
    Ok(Read::File(opened))
}

/// A receipt, signed by the office it says received the file, marks that
/// file received only when that key is trusted for its receiver (and is
/// not this copy's own); any other receipt is shown and changes nothing.
async fn receipt(
    read: Result<Receipt, Vec<ImportError>>,
    sender: Sender,
) -> Result<Reply, Failure> {
    let receipt = read.map_err(Failure::File)?;
    senders::check_sender(&sender, "/received_by", Some(&receipt.received_by))?;
    let counted = sender.trust == Trust::Verified && !sender.own;
    let already = if counted {
        reports::take_receipt(&receipt).await?
    } else {
        reports::check_receipt(&receipt).await?;
        false
    };
    Ok(Reply::Receipt(ReceiptRead {
        receipt,
        already,
        counted,
        sender,
    }))
}

/// A roster is read only when signed, by the office it names as its issuer.
fn roster(read: Result<Roster, Vec<ImportError>>, sender: Sender) -> Result<Reply, Failure> {
    let roster = read.map_err(Failure::File)?;
    if sender.key.is_none() {
        let unsigned = ImportError::new("", FileProblem::RosterNotSigned);
        return Err(Failure::File(vec![unsigned]));
    }
    senders::check_sender(&sender, "/issued_by", Some(&roster.issued_by))?;
    Ok(Reply::Roster(RosterRead { roster, sender }))
}
