//! The worker's side: it answers the page's requests one at a time, telling
//! it how far each has got. A request is cancelled by ending the worker (the
//! page does that), so nothing here has to watch for it. One dispatcher
//! serves both engines; what only the workbook engine carries is behind
//! `Workbooks`, and what the engine holds between requests is its `State`.

use super::jobs::{self, Previewed};
use super::opened;
use super::signing;
use super::workbooks::Workbooks;
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use taizhang_core::reporting::FileFacts;
use taizhang_core::sheet::{self, Grid};
use taizhang_protocol::{
    ApplyRequest, ExportOrder, Failure, Preview, PreviewRequest, Reply, Request, SheetsRequest,
    SignRequest, Stage,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Bytes read from the file at a time: the progress bar moves per piece.
const PIECE: f64 = 4.0 * 1024.0 * 1024.0;

/// What the engine holds between requests.
#[derive(Default)]
pub struct State {
    /// The file last previewed, until it is applied or another replaces it.
    previewed: Option<Previewed>,
    /// The workbook last opened, until another file is chosen.
    workbook: Option<(FileFacts, Vec<Grid>)>,
}

type Shared = Rc<RefCell<State>>;

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

/// Starts listening; the page waits for `Ready` before it sends anything.
pub fn start<W: Workbooks + 'static>() {
    console_error_panic_hook::set_once();
    // Previews load, then applies write with undo copies: kept between them.
    taizhang_storage::keep_blocks_for_undo();
    let state: Shared = Rc::default();
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = Array::from(&event.data());
        let request = message
            .get(0)
            .as_string()
            .and_then(|text| serde_json::from_str::<Request>(&text).ok());
        if let Some(request) = request {
            // The data key, while the app lock is on: held for this request only.
            let key = message.get(2).dyn_into::<web_sys::CryptoKey>().ok();
            let state = Rc::clone(&state);
            wasm_bindgen_futures::spawn_local(async move {
                taizhang_storage::use_data_key(key);
                answer::<W>(&state, request, message.get(1)).await;
                taizhang_storage::use_data_key(None);
            });
        }
    });
    scope().set_onmessage(Some(listener.as_ref().unchecked_ref()));
    listener.forget(); // for the life of the worker
    post(&Reply::Ready, None);
}

/// Answers one request. The exchange engine (`NoWorkbooks`) answers a
/// workbook's with `Failure::Workbook`, and the page asks the workbook engine.
async fn answer<W: Workbooks>(state: &Shared, request: Request, attachment: JsValue) {
    let mut report = progress;
    match request {
        Request::Preview(PreviewRequest { file, password }) => {
            // A file chosen drops what the last one left.
            *state.borrow_mut() = State::default();
            let bytes = match read_file(&attachment) {
                Ok(bytes) => bytes,
                Err(failure) => return post(&Reply::Failed(failure), None),
            };
            if is_archive(&file, &bytes) && !W::is_workbook_zip(&bytes) {
                return match W::unpack(&bytes, password.as_deref()) {
                    Ok(inner) => preview_file(state, file, inner).await,
                    Err(failure) => post(&Reply::Failed(failure), None),
                };
            }
            if !is_workbook(&file, &bytes) {
                return preview_file(state, file, bytes).await;
            }
            let facts = FileFacts {
                file_name: file.clone(),
                sha256: super::digest::sha256(&bytes).await,
                source_office: None,
                exported_at: None,
                signed_by: None,
            };
            match W::open(&file, bytes, password.as_deref()) {
                Ok(grids) => {
                    let shapes = grids.iter().map(sheet::analyse).collect();
                    state.borrow_mut().workbook = Some((facts, grids));
                    post(&Reply::Sheets(shapes), None);
                }
                Err(failure) => post(&Reply::Failed(failure), None),
            }
        }
        Request::PreviewSheets(SheetsRequest {
            plans,
            choices,
            now,
        }) => {
            state.borrow_mut().previewed = None;
            let opened = state.borrow_mut().workbook.take();
            let Some((facts, grids)) = opened else {
                return post(&Reply::Failed(Failure::NothingPreviewed), None);
            };
            let outcome =
                jobs::preview_sheets(facts.clone(), &grids, &plans, &choices, &now, &mut report)
                    .await;
            // Kept: after errors the user may change the mapping and read it again.
            state.borrow_mut().workbook = Some((facts, grids));
            keep_preview(state, outcome);
        }
        Request::Apply(ApplyRequest { choices, now }) => {
            let taken = state.borrow_mut().previewed.take();
            let reply = match taken {
                Some(mut previewed) => {
                    let applied = jobs::apply(&mut previewed, &choices, now, &mut report).await;
                    // Choices that loop the office tree can be changed and tried again.
                    if matches!(applied, Err(Failure::Merge(_))) {
                        state.borrow_mut().previewed = Some(previewed);
                    }
                    applied.map_or_else(Reply::Failed, Reply::Applied)
                }
                None => Reply::Failed(Failure::NothingPreviewed),
            };
            post(&reply, None);
        }
        Request::Export(order) => post_bytes(export::<W>(&order, &mut report).await),
        Request::Document(doc) => {
            let pictures: Vec<Vec<u8>> = Array::from(&attachment)
                .iter()
                .filter_map(|p| p.dyn_into::<Uint8Array>().ok())
                .map(|p| p.to_vec())
                .collect();
            post_bytes(W::word(&doc, &pictures));
        }
        Request::OwnKey(office) => {
            let reply = signing::own_public_key(&office).await;
            post(&reply.map_or_else(Reply::Failed, Reply::OwnKey), None);
        }
        Request::Sign(SignRequest { text, office, cty }) => {
            post_bytes(signing::sign(text.into_bytes(), &office, &cty).await)
        }
    }
}

/// The file an export order asks for: the exchange file (in a protected ZIP
/// when it has a password) or the workbook, each by the engine the order names.
async fn export<W: Workbooks>(
    order: &ExportOrder,
    report: jobs::Report<'_>,
) -> Result<Vec<u8>, Failure> {
    use taizhang_protocol::{EngineKind, ExportFormat};
    match (order.engine(), order.format, &order.password) {
        (EngineKind::Exchange, _, _) => super::exports::exchange_file(order, report).await,
        (EngineKind::Workbook, _, _) if !W::CARRIED => Err(Failure::Workbook),
        (EngineKind::Workbook, ExportFormat::Exchange, Some(password)) => {
            let written = super::exports::exchange_file(order, report).await?;
            W::protect(written, order.zip_entry_name(), password)
        }
        (EngineKind::Workbook, _, _) => W::workbook(order, report).await,
    }
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

/// Previews an exchange file, or reads a receipt, an approval or a roster
/// (which never wait for a confirm).
async fn preview_file(state: &Shared, file: String, bytes: Vec<u8>) {
    let mut report = progress;
    match opened::read(bytes).await {
        Ok(opened::Read::Answer(reply)) => post(&reply, None),
        Ok(opened::Read::File(opened)) => {
            keep_preview(state, jobs::preview(file, opened, &mut report).await)
        }
        Err(failure) => post(&Reply::Failed(failure), None),
    }
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
fn keep_preview(state: &Shared, outcome: Result<(Preview, Previewed), Failure>) {
    match outcome {
        Ok((shown, previewed)) => {
            state.borrow_mut().previewed = Some(previewed);
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
