//! The dashboard's figures and charts, computed natively.
#![cfg(not(target_arch = "wasm32"))]

mod chart_contents;
mod colours;
mod drawing;
mod figures;
mod support;
