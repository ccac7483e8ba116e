//! Monthly reporting (报送) and receipts (回执), `docs/reporting.md`: the
//! import log and the files this copy sent, the month a file reports for,
//! who has sent what for which month, and the receipt that closes the loop.

mod answer;
pub mod approval;
mod log;
mod matrix;
mod month;
mod receipt;

pub use answer::{receipt_fits, receipt_for};
pub use log::{sha256, sha256_hex, FileFacts, LogEntry, SentFile};
pub use matrix::{matrix, Matrix, MatrixCell, MatrixRow, Rates, Received, Status, DEFAULT_DUE_DAY};
pub use month::{months_between, months_for, Month};
pub use receipt::{read_receipt, receipt_name, Receipt, ReceiptCounts, RECEIPT_FORMAT};
