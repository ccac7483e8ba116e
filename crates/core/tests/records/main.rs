//! Records over their life (created, edited, deleted), forms, the office tree and lists.
#![cfg(not(target_arch = "wasm32"))]

mod forms;
mod lists;
mod offices;
mod support;
