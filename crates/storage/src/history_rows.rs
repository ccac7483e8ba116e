//! The history as IndexedDB holds it: pages of revisions (JSON Lines, see
//! `taizhang_core::ledgers::history::pages`) with their bucket and, for an
//! import's, the import log's entry as the indexes' keys; and the entries
//! of the v5 store (one revision each, with the record's id), still read.

use super::batch::Op;
use super::error::StorageError;
use super::schema::{HISTORY_BY_LOG, PAGES_BY_BUCKET, STORE_HISTORY_PAGES};
use js_sys::{Object, Reflect};
use taizhang_core::ledgers::history::{import_pages, pages, read_page, ImportHistory, Revision};
use wasm_bindgen::JsValue;

/// The member of a stored entry or page holding its text.
const TEXT: &str = "text";

/// The writes that add `revisions`, a page per bucket of their records,
/// found later by the bucket and, for an import's, by the import log's
/// entry `log` (so its undo finds them).
pub(super) fn adds(revisions: &[Revision], log: Option<&str>) -> Result<Vec<Op>, StorageError> {
    let pages = pages(revisions).map_err(|e| StorageError::Failed(e.to_string()))?;
    page_adds(pages, log)
}

/// The writes that add an import's history (logged as `log`).
pub(super) fn import_adds(history: &ImportHistory, log: &str) -> Result<Vec<Op>, StorageError> {
    let pages = import_pages(history).map_err(|e| StorageError::Failed(e.to_string()))?;
    page_adds(pages, Some(log))
}

fn page_adds(pages: Vec<(u32, String)>, log: Option<&str>) -> Result<Vec<Op>, StorageError> {
    pages
        .into_iter()
        .map(|(bucket, text)| {
            let page = Object::new();
            let set = |name: &str, value: &JsValue| {
                Reflect::set(&page, &name.into(), value)
                    .map(|_| ())
                    .map_err(|e| StorageError::Failed(format!("{e:?}")))
            };
            set(PAGES_BY_BUCKET, &JsValue::from(bucket))?;
            if let Some(log) = log {
                set(HISTORY_BY_LOG, &log.into())?;
            }
            set(TEXT, &text.into())?;
            Ok(Op::Add {
                store: STORE_HISTORY_PAGES,
                value: page.into(),
            })
        })
        .collect()
}

fn text_of(stored: &JsValue) -> Result<String, StorageError> {
    Reflect::get(stored, &TEXT.into())
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| StorageError::Corrupt("history without text".into()))
}

/// A v5 entry's revision.
pub(super) fn revision_of(entry: &JsValue) -> Result<Revision, StorageError> {
    serde_json::from_str(&text_of(entry)?).map_err(|e| StorageError::Corrupt(e.to_string()))
}

/// The revisions a page holds (of the record `only`, if given).
pub(super) fn revisions_in(
    page: &JsValue,
    only: Option<&str>,
) -> Result<Vec<Revision>, StorageError> {
    read_page(&text_of(page)?, only).map_err(|e| StorageError::Corrupt(e.to_string()))
}
