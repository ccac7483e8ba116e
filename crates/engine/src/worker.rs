//! The worker's side: it answers the page's requests one at a time, telling
//! it how far each has got. A request is cancelled by ending the worker (the
//! page does that), so nothing here has to watch for it.

use super::jobs::{self, Previewed};
use super::reports;
use super::senders;
use super::signing;
use futures::future::LocalBoxFuture;
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use taizhang_core::approval::read_approval;
use taizhang_core::exchange::ImportError;
use taizhang_core::problem::FileProblem;
use taizhang_core::reporting::{read_receipt, FileFacts, Receipt};
use taizhang_core::sheet::{self, Grid};
use taizhang_core::trust::{read_roster, Roster, Sender, Trust};
use taizhang_protocol::{ExportFormat, Failure, Preview, Reply, Request, Stage};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Bytes read from the file at a time: the progress bar moves per piece.
const PIECE: f64 = 4.0 * 1024.0 * 1024.0;

thread_local! {
    static PREVIEWED: RefCell<Option<Previewed>> = const { RefCell::new(None) };
    /// The workbook last opened, by its file name, until another file is chosen.
    static WORKBOOK: RefCell<Option<(FileFacts, Vec<Grid>)>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Sends `reply`, with `attachment` beside it (moved when it is a buffer).
fn post(reply: &Reply, attachment: Option<JsValue>) {
    let Ok(text) = serde_json::to_string(reply) else {
        return;
    };
    let message = Array::of1(&JsValue::from_str(&text));
    let transfer = Array::new();
    if let Some(value) = attachment {
        if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
            transfer.push(&bytes.buffer());
        }
        message.push(&value);
    }
    // The page is gone if this fails; there is no one to tell.
    let _ = scope().post_message_with_transfer(&message, &transfer);
}

fn progress(stage: Stage, done: f64, total: f64) {
    post(&Reply::Progress { stage, done, total }, None);
}

/// What answers a request: the exchange engine's requests, or those and a
/// workbook's (a binary of its own, so JSON users never load the workbook code).
pub type Answerer = fn(Request, JsValue) -> LocalBoxFuture<'static, ()>;

/// Starts listening; the page waits for `Ready` before it sends anything.
pub fn start(answer: Answerer) {
    console_error_panic_hook::set_once();
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = Array::from(&event.data());
        let request = message
            .get(0)
            .as_string()
            .and_then(|text| serde_json::from_str::<Request>(&text).ok());
        if let Some(request) = request {
            // The data key, while the app lock is on: held for this request only.
            let key = message.get(2).dyn_into::<web_sys::CryptoKey>().ok();
            wasm_bindgen_futures::spawn_local(async move {
                taizhang_storage::use_data_key(key);
                answer(request, message.get(1)).await;
                taizhang_storage::use_data_key(None);
            });
        }
    });
    scope().set_onmessage(Some(listener.as_ref().unchecked_ref()));
    listener.forget(); // for the life of the worker
    post(&Reply::Ready, None);
}

/// The exchange engine: JSON files previewed and applied, JSON exports. A
/// workbook is sent back to the page, to ask the workbook engine.
pub fn exchange(request: Request, attachment: JsValue) -> LocalBoxFuture<'static, ()> {
    Box::pin(async move {
        let mut report = progress;
        match request {
            Request::Preview { file, .. } => {
                let Some(bytes) = chosen_file(&attachment) else {
                    return;
                };
                // A workbook, an archive or an encrypted file: the workbook
                // engine opens it (the ZIP and cipher code lives there only).
                if is_workbook(&file, &bytes) || is_archive(&file, &bytes) {
                    return post(&Reply::Failed(Failure::Workbook), None);
                }
                preview_file(file, bytes).await;
            }
            Request::PreviewSheets { .. } => post(&Reply::Failed(Failure::NothingPreviewed), None),
            Request::Document { .. } => post(&Reply::Failed(Failure::Workbook), None),
            Request::Apply { choices, now } => {
                let reply = match PREVIEWED.with(|p| p.borrow_mut().take()) {
                    Some(mut previewed) => {
                        let applied = jobs::apply(&mut previewed, &choices, now, &mut report).await;
                        // Choices that loop the office tree can be changed and tried again.
                        if matches!(applied, Err(Failure::Merge(_))) {
                            PREVIEWED.with(|p| *p.borrow_mut() = Some(previewed));
                        }
                        applied.map_or_else(Reply::Failed, Reply::Applied)
                    }
                    None => Reply::Failed(Failure::NothingPreviewed),
                };
                post(&reply, None);
            }
            Request::Export {
                file_name,
                scope,
                source_office,
                now,
                format,
                password,
                redacted,
            } => {
                // Protected files are written by the workbook engine: never
                // one unprotected here by mistake.
                if password.is_some() {
                    return post(&Reply::Failed(Failure::Workbook), None);
                }
                let exported = jobs::export(
                    file_name,
                    &scope,
                    source_office,
                    now,
                    format,
                    redacted,
                    &mut report,
                );
                post_bytes(exported.await)
            }
            Request::OwnKey { office } => {
                let reply = signing::own_public_key(&office).await;
                post(&reply.map_or_else(Reply::Failed, Reply::OwnKey), None);
            }
            Request::Sign { text, office, cty } => {
                post_bytes(signing::sign(text.into_bytes(), &office, &cty).await)
            }
        }
    })
}

/// The workbook engine: a workbook opened for the mapping step, its sheets
/// read as mapped, and workbook exports; everything else as `exchange`.
pub fn sheets(request: Request, attachment: JsValue) -> LocalBoxFuture<'static, ()> {
    Box::pin(async move {
        let mut report = progress;
        match request {
            Request::Preview { file, password } => {
                WORKBOOK.with(|w| w.borrow_mut().take());
                let Some(bytes) = chosen_file(&attachment) else {
                    return;
                };
                if is_archive(&file, &bytes) && !taizhang_protect::is_workbook_zip(&bytes) {
                    return match unpacked(&bytes, password.as_deref()) {
                        Ok(inner) => preview_file(file, inner).await,
                        Err(failure) => post(&Reply::Failed(failure), None),
                    };
                }
                if !is_workbook(&file, &bytes) {
                    return preview_file(file, bytes).await;
                }
                let facts = FileFacts {
                    file_name: file.clone(),
                    sha256: super::digest::sha256(&bytes).await,
                    source_office: None,
                    exported_at: None,
                    signed_by: None,
                };
                let bytes = match decrypted(bytes, password.as_deref()) {
                    Ok(bytes) => bytes,
                    Err(failure) => return post(&Reply::Failed(failure), None),
                };
                match taizhang_formats::open(&file, &bytes) {
                    Ok(grids) => {
                        let shapes = grids.iter().map(sheet::analyse).collect();
                        WORKBOOK.with(|w| *w.borrow_mut() = Some((facts, grids)));
                        post(&Reply::Sheets(shapes), None);
                    }
                    Err(errors) => post(&Reply::Failed(Failure::File(errors)), None),
                }
            }
            Request::PreviewSheets {
                plans,
                choices,
                now,
            } => {
                PREVIEWED.with(|p| p.borrow_mut().take());
                let Some((facts, grids)) = WORKBOOK.with(|w| w.borrow_mut().take()) else {
                    return post(&Reply::Failed(Failure::NothingPreviewed), None);
                };
                let outcome = jobs::preview_sheets(
                    facts.clone(),
                    &grids,
                    &plans,
                    &choices,
                    &now,
                    &mut report,
                )
                .await;
                // Kept: after errors the user may change the mapping and read it again.
                WORKBOOK.with(|w| *w.borrow_mut() = Some((facts, grids)));
                keep_preview(outcome);
            }
            Request::Export {
                file_name,
                scope,
                source_office,
                now,
                format: ExportFormat::Exchange,
                password: Some(password),
                redacted,
            } => {
                // The ZIP's one entry is the exchange file, named as it would be alone.
                let name = file_name
                    .strip_suffix(".zip")
                    .unwrap_or(&file_name)
                    .to_owned();
                let format = ExportFormat::Exchange;
                let exported = jobs::export(
                    file_name,
                    &scope,
                    source_office,
                    now,
                    format,
                    redacted,
                    &mut report,
                );
                post_bytes(protected(exported.await, &name, &password))
            }
            Request::Export {
                file_name,
                scope,
                source_office,
                now,
                format: ExportFormat::Workbook,
                redacted,
                password,
            } => {
                let written = jobs::export_workbook(
                    file_name,
                    &scope,
                    source_office,
                    now,
                    redacted,
                    &mut report,
                )
                .await;
                post_bytes(written.and_then(|xlsx| {
                    match password {
                        Some(password) => taizhang_protect::encrypt_workbook(&xlsx, &password)
                            .map_err(|problem| Failure::File(vec![ImportError::new("", problem)])),
                        None => Ok(xlsx),
                    }
                }))
            }
            Request::Document { doc } => {
                let pictures: Vec<Vec<u8>> = Array::from(&attachment)
                    .iter()
                    .filter_map(|p| p.dyn_into::<Uint8Array>().ok())
                    .map(|p| p.to_vec())
                    .collect();
                post_bytes(taizhang_formats::word(&doc, &pictures).map_err(Failure::CannotWrite));
            }
            other => exchange(other, attachment).await,
        }
    })
}

/// The chosen file's bytes, with any earlier preview dropped; `None` (and
/// the page told why) if the file cannot be read.
fn chosen_file(attachment: &JsValue) -> Option<Vec<u8>> {
    PREVIEWED.with(|p| p.borrow_mut().take());
    read_file(attachment)
        .map_err(|failure| post(&Reply::Failed(failure), None))
        .ok()
}

/// Whether a file is a workbook or CSV, by its name or its first bytes.
fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    sheet::sheet_format(name, bytes.get(..8).unwrap_or(bytes)).is_some()
}

/// Whether a file is a ZIP archive, by its name or its first bytes (a
/// workbook is one too: the workbook engine tells them apart by their parts).
fn is_archive(name: &str, bytes: &[u8]) -> bool {
    name.to_lowercase().ends_with(".zip") || bytes.starts_with(b"PK\x03\x04")
}

/// Previews an exchange file, takes a receipt (which never waits for a
/// confirm), or reads a roster of keys (which the page takes or asks about).
async fn preview_file(file: String, bytes: Vec<u8>) {
    let mut report = progress;
    let opened = match senders::opened(bytes).await {
        Ok(opened) => opened,
        Err(failure) => return post(&Reply::Failed(failure), None),
    };
    if let Some(read) = read_receipt(&opened.bytes) {
        return post(
            &receipt(read, opened.sender)
                .await
                .unwrap_or_else(Reply::Failed),
            None,
        );
    }
    if let Some(read) = read_approval(&opened.bytes) {
        let reply = read
            .map_err(Failure::File)
            .and_then(|approval| {
                senders::check_sender(&opened.sender, "/by", Some(&approval.by))?;
                Ok(Reply::Approval {
                    approval,
                    sender: opened.sender,
                })
            })
            .unwrap_or_else(Reply::Failed);
        return post(&reply, None);
    }
    if let Some(read) = read_roster(&opened.bytes) {
        return post(
            &roster(read, opened.sender).unwrap_or_else(Reply::Failed),
            None,
        );
    }
    keep_preview(jobs::preview(file, opened, &mut report).await);
}

/// The file inside a ZIP (decrypted with `password` when it is protected).
fn unpacked(bytes: &[u8], password: Option<&str>) -> Result<Vec<u8>, Failure> {
    let limit = taizhang_core::exchange::MAX_FILE_BYTES as u64;
    taizhang_protect::open_zip(bytes, password, limit)
        .map(|(_, inner)| inner)
        .map_err(|problem| Failure::File(vec![ImportError::new("", problem)]))
}

/// A workbook with an open password decrypted with `password` (asked for
/// when there is none), or the bytes as they are.
fn decrypted(bytes: Vec<u8>, password: Option<&str>) -> Result<Vec<u8>, Failure> {
    if !taizhang_protect::is_encrypted_workbook(&bytes) {
        return Ok(bytes);
    }
    let problem = match password {
        None => FileProblem::PasswordNeeded,
        Some(password) => match taizhang_protect::decrypt_workbook(&bytes, password) {
            Ok(workbook) => return Ok(workbook),
            Err(problem) => problem,
        },
    };
    Err(Failure::File(vec![ImportError::new("", problem)]))
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
    Ok(Reply::Receipt {
        receipt,
        already,
        counted,
        sender,
    })
}

/// A roster is read only when signed, by the office it names as its issuer.
fn roster(read: Result<Roster, Vec<ImportError>>, sender: Sender) -> Result<Reply, Failure> {
    let roster = read.map_err(Failure::File)?;
    if sender.key.is_none() {
        let unsigned = ImportError::new("", FileProblem::RosterNotSigned);
        return Err(Failure::File(vec![unsigned]));
    }
    senders::check_sender(&sender, "/issued_by", Some(&roster.issued_by))?;
    Ok(Reply::Roster { roster, sender })
}

/// An exchange file written, as the one entry `name` of a ZIP protected by `password`.
fn protected(
    written: Result<Vec<u8>, Failure>,
    name: &str,
    password: &str,
) -> Result<Vec<u8>, Failure> {
    taizhang_protect::protect(name, &written?, password)
        .map_err(|problem| Failure::File(vec![ImportError::new("", problem)]))
}

/// Sends a file just written (moved to the page, not copied), or why not.
fn post_bytes(written: Result<Vec<u8>, Failure>) {
    match written {
        Ok(bytes) => {
            let buffer = Uint8Array::from(bytes.as_slice());
            drop(bytes);
            post(&Reply::Exported, Some(buffer.into()));
        }
        Err(failure) => post(&Reply::Failed(failure), None),
    }
}

/// Keeps a preview for its apply and shows it, or says why there is none.
fn keep_preview(outcome: Result<(Preview, Previewed), Failure>) {
    match outcome {
        Ok((shown, previewed)) => {
            PREVIEWED.with(|p| *p.borrow_mut() = Some(previewed));
            post(&Reply::Previewed(shown), None);
        }
        Err(failure) => post(&Reply::Failed(failure), None),
    }
}

/// The whole file, read piece by piece (a worker may read synchronously).
fn read_file(file: &JsValue) -> Result<Vec<u8>, Failure> {
    let cannot = |e: JsValue| Failure::CannotRead(format!("{e:?}"));
    let file: &web_sys::Blob = file
        .dyn_ref()
        .ok_or_else(|| Failure::CannotRead("no file".into()))?;
    let size = file.size();
    if let Some(error) = taizhang_core::exchange::too_large(size as u64) {
        return Err(Failure::File(vec![error]));
    }
    let reader = web_sys::FileReaderSync::new().map_err(cannot)?;
    let mut bytes = Vec::with_capacity(size as usize);
    let mut start = 0.0;
    while start < size {
        let end = (start + PIECE).min(size);
        let piece = file.slice_with_f64_and_f64(start, end).map_err(cannot)?;
        let buffer = reader.read_as_array_buffer(&piece).map_err(cannot)?;
        let piece = Uint8Array::new(&buffer);
        let at = bytes.len();
        bytes.resize(at + piece.length() as usize, 0);
        piece.copy_to(&mut bytes[at..]);
        start = end;
        progress(Stage::Reading, start, size);
    }
    Ok(bytes)
}
