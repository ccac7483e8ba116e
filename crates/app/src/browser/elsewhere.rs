//! Another tab changed the data: this tab reads it all again. Only that
//! reaches the reload (the engine's writes reload from their screens), so
//! its code is a chunk of its own (`#[wasm_split]`, cut out by tools/split
//! as the page's screens are), fetched the first time another tab changes
//! something; the first screen does without it.

use super::{AppError, Session};
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use std::future::Future;
use std::pin::Pin;

/// The reload's chunk could not be fetched (offline with no copy kept).
struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// Reloads what another tab changed; if its code cannot be fetched, says so.
pub(super) async fn changed_elsewhere(session: Session) {
    match reloading(session).await {
        Ok(reload) => reload.await,
        Err(NotLoaded) => session.notice.set(Some(AppError::CodeNotLoaded)),
    }
}

#[wasm_split(taizhang_reload, wasm_split_path = ::leptos::wasm_split, fallible)]
fn reloading(session: Session) -> Result<Pin<Box<dyn Future<Output = ()>>>, NotLoaded> {
    Ok(Box::pin(session.reload()))
}
