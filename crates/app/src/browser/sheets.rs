//! The mapping of a workbook's sheets, remembered in this browser for the
//! next workbook with the same headers (next month's 台账 is the same sheet),
//! and the value mappings the user chose, for every later workbook. While
//! the app lock is on they are kept for this page only (the browser's local
//! storage is not encrypted), and those kept before are forgotten.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use taizhang_core::sheet::{fold, SheetPlan, SheetShape, ValueChoice};
use taizhang_core::Kind;

const MAPPINGS: &str = "taizhang.sheet-mappings";
const VALUES: &str = "taizhang.value-mappings";
/// Mappings kept; the oldest go first.
const KEPT: usize = 50;

thread_local! {
    /// While the app lock is on: the mappings and value mappings, for this page only.
    static IN_MEMORY: std::cell::RefCell<(BTreeMap<String, Remembered>, Vec<ValueChoice>)> =
        const { std::cell::RefCell::new((BTreeMap::new(), Vec::new())) };
}

fn known_mappings() -> BTreeMap<String, Remembered> {
    if super::briefings::lock_on() {
        IN_MEMORY.with(|m| m.borrow().0.clone())
    } else {
        LocalStorage::get(MAPPINGS).unwrap_or_default()
    }
}

fn keep(known: BTreeMap<String, Remembered>, values: Vec<ValueChoice>) {
    if super::briefings::lock_on() {
        IN_MEMORY.with(|m| *m.borrow_mut() = (known, values));
    } else {
        // A full storage only loses the memory, never the import.
        let _ = LocalStorage::set(MAPPINGS, &known);
        let _ = LocalStorage::set(VALUES, &values);
    }
}

/// Forgets the mappings kept in the browser's local storage (the lock was turned on).
pub(super) fn forget_stored_mappings() {
    LocalStorage::delete(MAPPINGS);
    LocalStorage::delete(VALUES);
}

/// A sheet's mapping without its name and place.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Remembered {
    kind: Option<Kind>,
    columns: Vec<Option<String>>,
    office: Option<String>,
}

/// The headers that make two sheets the same for a mapping.
fn signature(shape: &SheetShape) -> String {
    shape
        .headers
        .iter()
        .map(|h| fold(h))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// The shapes with each sheet's plan as the user last mapped the same headers.
pub fn recall(mut shapes: Vec<SheetShape>) -> Vec<SheetShape> {
    let known = known_mappings();
    for shape in &mut shapes {
        if let Some(found) = known.get(&signature(shape)) {
            if found.columns.len() == shape.plan.columns.len() {
                shape.plan.kind = found.kind;
                shape.plan.columns = found.columns.clone();
                shape.plan.office = found.office.clone();
            }
        }
    }
    shapes
}

/// The value mappings chosen before.
pub fn recalled_choices() -> Vec<ValueChoice> {
    if super::briefings::lock_on() {
        IN_MEMORY.with(|m| m.borrow().1.clone())
    } else {
        LocalStorage::get(VALUES).unwrap_or_default()
    }
}

/// Keeps the plans and value mappings for later workbooks (a full storage
/// only loses the memory, never the import).
pub fn remember(shapes: &[SheetShape], plans: &[SheetPlan], choices: &[ValueChoice]) {
    let mut known = known_mappings();
    for (shape, plan) in shapes.iter().zip(plans) {
        known.insert(
            signature(shape),
            Remembered {
                kind: plan.kind,
                columns: plan.columns.clone(),
                office: plan.office.clone(),
            },
        );
    }
    while known.len() > KEPT {
        let Some(first) = known.keys().next().cloned() else {
            break;
        };
        known.remove(&first);
    }
    let mut values = recalled_choices();
    for choice in choices {
        values.retain(|v| (v.kind, &v.field, &v.raw) != (choice.kind, &choice.field, &choice.raw));
        values.push(choice.clone());
    }
    keep(known, values);
}
