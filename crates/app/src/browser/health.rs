//! How safe the data is in this browser: whether it may be evicted, and the space used.

use taizhang_storage::{self as storage, Estimate};

/// Whether the browser keeps the data for good (`None`: it cannot say), and the space used and left.
pub async fn storage_health() -> (Option<bool>, Option<Estimate>) {
    (storage::is_persisted().await, storage::estimate().await)
}

/// Asks the browser to keep the data for good. Only on the user's click:
/// Firefox puts the question to the user, which on opening the page would
/// come before anything was asked of it (Chromium answers by itself).
pub async fn ask_to_keep_data() -> Option<bool> {
    storage::request_persistence().await
}
