//! Who may speak for whom (trust-format §6), over generated trees: a row is
//! accepted exactly when its office (and the office of the record it would
//! overwrite) lies within its signer's reach in the receiving copy's own
//! tree; a roster vouches downward only; an approval comes only from a key
//! trusted strictly above, never this copy's own, and not from the future;
//! only a reopen opens a month. The oracle (`support.rs`) walks parents by
//! hand and shares no code with the rules it checks.
#![cfg(not(target_arch = "wasm32"))]

mod locks;
mod properties;
mod reach;
mod support;
