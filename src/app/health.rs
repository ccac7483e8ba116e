//! How safe the data is in this browser: whether it may be evicted, and the space used.

use crate::storage::{self, Estimate};

/// Whether the browser keeps the data for good (`None`: it cannot say), and the space used and left.
pub async fn storage_health() -> (Option<bool>, Option<Estimate>) {
    (storage::is_persisted().await, storage::estimate().await)
}
