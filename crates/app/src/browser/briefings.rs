//! The briefing's use cases: its draft kept as the user edited it (per
//! office and period, until the figures change), and the Word document,
//! written by the workbook engine (loaded only then).

use super::engine::{self, Engine};
use super::AppError;
use gloo_storage::{LocalStorage, Storage};
use js_sys::{Array, Uint8Array};
use serde::{Deserialize, Serialize};
use taizhang_core::briefing::Document;
use taizhang_protocol::Request;
use wasm_bindgen::JsCast;

const DRAFTS: &str = "taizhang.briefing-drafts";
/// Drafts kept; the oldest go first.
const KEPT: usize = 30;

/// A draft the user edited, and the generated text it was edited from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub key: String,
    pub generated: String,
    pub edited: String,
}

thread_local! {
    /// While the app lock is on, drafts are kept for this page only: the
    /// browser's local storage is not encrypted.
    static IN_MEMORY: std::cell::RefCell<Vec<Draft>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The data key is at hand only while the lock is on (and open).
pub(super) fn lock_on() -> bool {
    taizhang_storage::data_key().is_some()
}

fn drafts() -> Vec<Draft> {
    if lock_on() {
        IN_MEMORY.with(|d| d.borrow().clone())
    } else {
        LocalStorage::get(DRAFTS).unwrap_or_default()
    }
}

/// Forgets the drafts kept in the browser's local storage (the lock was turned on).
pub(super) fn forget_stored_drafts() {
    LocalStorage::delete(DRAFTS);
}

/// The edited draft for `key` (office, period, language), if any.
pub fn saved_draft(key: &str) -> Option<Draft> {
    drafts().into_iter().find(|d| d.key == key)
}

/// Keeps the user's edit of a draft (a full storage loses only the edit's memory).
pub fn keep_draft(key: &str, generated: &str, edited: &str) {
    let mut drafts = drafts();
    drafts.retain(|d| d.key != key);
    if edited != generated {
        drafts.push(Draft {
            key: key.to_owned(),
            generated: generated.to_owned(),
            edited: edited.to_owned(),
        });
    }
    let excess = drafts.len().saturating_sub(KEPT);
    drafts.drain(..excess);
    if lock_on() {
        IN_MEMORY.with(|d| *d.borrow_mut() = drafts);
    } else {
        let _ = LocalStorage::set(DRAFTS, &drafts);
    }
}

/// The briefing as a `.docx`, with the charts' PNGs as its pictures.
pub async fn word(doc: Document, pictures: Vec<Uint8Array>) -> Result<Uint8Array, AppError> {
    let attachment: Array = pictures.into_iter().collect();
    let request = Request::Document(doc);
    let (_, bytes) = engine::ask(
        Some(Engine::Workbook),
        &request,
        Some(attachment.into()),
        |_, _, _| {},
    )
    .await?;
    bytes
        .dyn_into::<Uint8Array>()
        .map_err(|_| AppError::EngineStopped("no bytes".into()))
}
