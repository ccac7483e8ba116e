//! The engine's one way into the app's database.

use taizhang_protocol::Failure;
use taizhang_storage::{Store, DATABASE_NAME};

pub async fn open() -> Result<Store, Failure> {
    Ok(Store::open(DATABASE_NAME).await?)
}
