//! Storage health: whether the browser keeps our data for good, and how much room is left.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub usage: f64,
    pub quota: f64,
}

/// The storage manager, from the page or from a worker.
fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    Reflect::get(&navigator, &JsValue::from_str("storage"))
        .ok()?
        .dyn_into()
        .ok()
}

/// Asks the browser not to evict our data; `None` when the browser cannot say.
pub async fn request_persistence() -> Option<bool> {
    let manager = storage_manager()?;
    let granted = JsFuture::from(manager.persist().ok()?).await.ok()?;
    granted.as_bool()
}

pub async fn is_persisted() -> Option<bool> {
    let manager = storage_manager()?;
    JsFuture::from(manager.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
}

pub async fn estimate() -> Option<Estimate> {
    let manager = storage_manager()?;
    let value = JsFuture::from(manager.estimate().ok()?).await.ok()?;
    let field = |name: &str| {
        Reflect::get(&value, &JsValue::from_str(name))
            .ok()?
            .as_f64()
    };
    Some(Estimate {
        usage: field("usage")?,
        quota: field("quota")?,
    })
}
