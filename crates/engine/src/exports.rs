//! Exports of the stored data, as an export order asks: the exchange file
//! (signed once this copy knows its office, without personal details when
//! asked) here; the workbook in the workbook engine only (`Workbooks`).

use super::database::open;
use super::jobs::Report;
use super::reports;
use taizhang_core::exchange;
use taizhang_core::Dataset;
use taizhang_protocol::{ExportFormat, ExportOrder, Failure, Stage};

/// The stored data, for an export.
pub async fn stored_for_export(report: Report<'_>) -> Result<Dataset, Failure> {
    report(Stage::Exporting, 0.0, 2.0);
    let store = open().await?;
    let loaded = store.load().await;
    store.close();
    report(Stage::Exporting, 1.0, 2.0);
    Ok(loaded?.dataset)
}

/// The exchange file of the stored data in the order's scope, as JSON
/// bytes, kept as sent. (Its protection, when asked, is the caller's.)
pub async fn exchange_file(order: &ExportOrder, report: Report<'_>) -> Result<Vec<u8>, Failure> {
    if order.format != ExportFormat::Exchange {
        return Err(Failure::Workbook);
    }
    let data = stored_for_export(report).await?;
    let source = order.source_office.clone();
    let file = exchange::export(&data, &order.scope, order.now.clone(), source.clone());
    let file = if order.redacted {
        exchange::redact(file)
    } else {
        file
    };
    let bytes = exchange::to_json(&file).into_bytes();
    // Signed by this copy's office key once it knows which office it is.
    let bytes = match &source {
        Some(office) => super::signing::sign(bytes, office, exchange::FORMAT).await?,
        None => bytes,
    };
    let records = file.offices.len()
        + file.training_sessions.len()
        + file.honoured_models.len()
        + file.cases.len();
    let name = order.file_name.clone();
    reports::record_sent(name, &bytes, source, order.now.clone(), Some(records)).await?;
    report(Stage::Exporting, 2.0, 2.0);
    Ok(bytes)
}

/// Keeps a file just written as sent (its hash, for receipts), and says it is done.
pub async fn kept_as_sent(
    order: &ExportOrder,
    bytes: Vec<u8>,
    report: Report<'_>,
) -> Result<Vec<u8>, Failure> {
    let (name, source) = (order.file_name.clone(), order.source_office.clone());
    reports::record_sent(name, &bytes, source, order.now.clone(), None).await?;
    report(Stage::Exporting, 2.0, 2.0);
    Ok(bytes)
}
