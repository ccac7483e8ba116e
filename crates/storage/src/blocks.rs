//! Which blocks a save writes, and their keys in the `chunks` store:
//! `[kind, block number]`, so the blocks of a table sort together and in order.

use super::StorageError;
use js_sys::{Array, Uint8Array};
use std::collections::BTreeSet;
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::chunks::{self, chunk_count};
use taizhang_core::{Dataset, Kind, PerKind};
use wasm_bindgen::{JsCast, JsValue};

/// What a save writes: the blocks to rewrite from the new dataset, and settings.
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub blocks: BTreeSet<(Kind, usize)>,
    pub settings: Option<Settings>,
}

impl Change {
    /// The blocks holding the given positions of one table.
    pub fn touch(&mut self, kind: Kind, positions: impl IntoIterator<Item = usize>) {
        for block in chunks::chunks_of(positions) {
            self.blocks.insert((kind, block));
        }
    }

    /// From `first` to the end of a table that lost entries there (the rest
    /// moved up); blocks past its new end are removed on save.
    pub fn touch_from(&mut self, kind: Kind, first: usize, dataset: &Dataset) {
        self.touch(kind, first..dataset.len_of(kind).max(first + 1));
    }

    /// Every block of every table: for a dataset replaced as a whole.
    pub fn everything(dataset: &Dataset) -> Change {
        let mut change = Change::default();
        for kind in Kind::ALL {
            for block in 0..chunk_count(dataset.len_of(kind)) {
                change.blocks.insert((kind, block));
            }
        }
        change
    }
}

pub(super) fn block_key(kind: Kind, index: usize) -> JsValue {
    Array::of2(
        &JsValue::from_str(kind.key()),
        &JsValue::from_f64(index as f64),
    )
    .into()
}

/// The blocks `change` names, encoded from `dataset`, with their keys.
pub(super) fn encode_blocks(
    dataset: &Dataset,
    change: &Change,
) -> Result<Vec<(JsValue, JsValue)>, StorageError> {
    change
        .blocks
        .iter()
        .map(|&(kind, index)| {
            let bytes = chunks::encode_block(dataset, kind, index)?;
            Ok((block_key(kind, index), bytes_value(&bytes)))
        })
        .collect()
}

pub(super) fn bytes_value(bytes: &[u8]) -> JsValue {
    JsValue::from(Uint8Array::from(bytes))
}

/// Key ranges holding the blocks past each table's end, for tables of these lengths.
pub(super) fn truncation_ranges(lengths: &PerKind<usize>) -> Vec<(JsValue, JsValue)> {
    lengths
        .iter()
        .map(|(kind, &len)| {
            let upper: JsValue = Array::of2(&JsValue::from_str(kind.key()), &Array::new()).into();
            (block_key(kind, chunk_count(len)), upper)
        })
        .collect()
}

pub(super) fn parse_block_key(key: &JsValue) -> Result<(Kind, usize), StorageError> {
    let corrupt = || StorageError::Corrupt("unexpected block key".into());
    let parts = key.dyn_ref::<Array>().ok_or_else(corrupt)?;
    let kind = parts
        .get(0)
        .as_string()
        .and_then(|n| Kind::from_key(&n))
        .ok_or_else(corrupt)?;
    let index = parts.get(1).as_f64().ok_or_else(corrupt)?;
    Ok((kind, index as usize))
}
