//! The last import, kept so that it can be undone exactly: the blocks it
//! overwrote, the lengths and settings before it, and what it changed.

use super::batch::{Landed, Op};
use super::blocks::{block_key, bytes_value, encode_blocks, truncation_ranges, Change};
use super::error::StorageError;
use super::schema::{
    STORE_CHUNKS, STORE_HISTORY, STORE_HISTORY_PAGES, STORE_IMPORTS, STORE_META, STORE_UNDO,
    UNDO_INFO_KEY,
};
use super::store::Store;
use super::writes::RACES;
use js_sys::Uint8Array;
use serde::{Deserialize, Serialize};
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::chunks::{self, chunk_count};
use taizhang_core::ledgers::history::{How, ImportHistory, Revision};
use taizhang_core::reporting::LogEntry;
use taizhang_core::{Dataset, Kind, PerKind, Timestamp};
use wasm_bindgen::{JsCast, JsValue};

/// The undo read from its stored text (`Store::undo_text`).
pub fn undo_from(text: Option<String>) -> Result<Option<UndoInfo>, StorageError> {
    match text {
        Some(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| StorageError::Corrupt(e.to_string())),
        None => Ok(None),
    }
}

/// What an undo needs besides the old blocks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoInfo {
    /// Rows per table before the import.
    pub lengths: PerKind<usize>,
    pub settings: Settings,
    /// Shown to the user: which file, when.
    pub description: String,
    /// What the import changed, named before it is undone.
    #[serde(default)]
    pub changed: ImportCounts,
    /// The import log's entry of the import, removed by its undo.
    #[serde(default)]
    pub logged: Option<String>,
}

/// Records and offices an import added, updated and deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
}

impl Store {
    /// Like [`Store::save`], and in the same transaction keeps what the
    /// change overwrites (from `previous`), so that [`Store::undo`] can put it
    /// back, adds the import's entry to the import log and the history of
    /// the records it changed (`history`).
    #[allow(clippy::too_many_arguments)]
    pub async fn save_undoable(
        &self,
        previous: &Dataset,
        previous_settings: &Settings,
        next: &Dataset,
        change: &Change,
        description: String,
        changed: ImportCounts,
        logged: &LogEntry,
        history: &ImportHistory,
    ) -> Result<(), StorageError> {
        let existed = |&&(kind, index): &&(Kind, usize)| index < chunk_count(previous.len_of(kind));
        let stored: Vec<JsValue> = (change.blocks.iter().filter(existed))
            .map(|&(kind, index)| block_key(kind, index))
            .collect();
        let mut kept = self.undo_copies_kept(&stored).await?.into_iter();
        // Used once: the import changes what is stored.
        super::undo_copies::forget_kept();
        let mut old_blocks = Vec::with_capacity(change.blocks.len());
        for block @ &(kind, index) in &change.blocks {
            // A block that did not exist is kept as empty bytes: the undo removes it.
            let value = match existed(&block) {
                true => match kept.next().flatten() {
                    Some(sealed) => sealed,
                    None => bytes_value(&chunks::encode_block(previous, kind, index)?),
                },
                false => bytes_value(&[]),
            };
            old_blocks.push((block_key(kind, index), value));
        }
        let info = UndoInfo {
            lengths: previous.lengths(),
            settings: previous_settings.clone(),
            description,
            changed,
            logged: Some(logged.id.clone()),
        };
        let info = serde_json::to_string(&info).map_err(|e| StorageError::Failed(e.to_string()))?;
        let entry =
            serde_json::to_string(logged).map_err(|e| StorageError::Failed(e.to_string()))?;
        let blocks = encode_blocks(next, change)?;
        let truncate = truncation_ranges(&next.lengths());
        self.write(
            blocks,
            truncate,
            change.settings.as_ref(),
            Some((old_blocks, info)),
            Some((logged.id.clone(), entry)),
            super::history_rows::import_adds(history, &logged.id)?,
        )
        .await
    }

    /// The history entries of the last import that can be undone (what its
    /// undo would put back), none if there is no such import.
    pub async fn undo_revisions(&self) -> Result<Vec<Revision>, StorageError> {
        match self.undo_info().await?.and_then(|info| info.logged) {
            Some(id) => Ok(self
                .history_of_import(&id)
                .await?
                .into_iter()
                .flat_map(|(_, _, revisions)| revisions)
                .collect()),
            None => Ok(Vec::new()),
        }
    }

    /// Every key and value of the undo store: the blocks the last import
    /// overwrote (and the undo's own record); while the lock is on, each the
    /// one the manifest names.
    async fn kept_for_undo(&self) -> Result<(Vec<JsValue>, Vec<JsValue>), StorageError> {
        self.read_every(STORE_UNDO).await
    }

    /// The offices as the undo of the last import would leave them: `current`
    /// with the blocks of offices the import overwrote put back and cut to
    /// the length before it (none when there is no import to undo).
    pub async fn undone_offices(
        &self,
        current: &[taizhang_core::Office],
    ) -> Result<Option<Vec<taizhang_core::Office>>, StorageError> {
        let Some(info) = self.undo_info().await? else {
            return Ok(None);
        };
        let (keys, values) = self.kept_for_undo().await?;
        let mut offices = current.to_vec();
        for (key, value) in keys.into_iter().zip(values) {
            let Some(index) = offices_block(&key) else {
                continue;
            };
            let bytes = self.block_at(STORE_UNDO, &key, &value).await?;
            let mut block = Dataset::default();
            if !bytes.is_empty() {
                chunks::decode_block_into(&mut block, taizhang_core::Kind::Offices, &bytes)?;
            }
            let start = index * chunks::CHUNK_LEN;
            for (n, office) in block.offices.into_iter().enumerate() {
                match offices.get_mut(start + n) {
                    Some(slot) => *slot = office,
                    None => offices.push(office),
                }
            }
        }
        offices.truncate(*info.lengths.get(taizhang_core::Kind::Offices));
        Ok(Some(offices))
    }

    /// The last import that can be undone, if any.
    pub async fn undo_info(&self) -> Result<Option<UndoInfo>, StorageError> {
        undo_from(self.undo_text().await?)
    }

    /// The last import's undo as stored (checked and opened, not yet read
    /// as JSON: see `undo_from`).
    pub async fn undo_text(&self) -> Result<Option<String>, StorageError> {
        self.read_text(STORE_UNDO, UNDO_INFO_KEY).await
    }

    /// Puts back what the last import overwrote, in one transaction, and
    /// forgets it. In the history, the import's entries give way to the
    /// undo's (the same fields, back from new to old, at `now`). The
    /// settings are left as they are stored (an import never changes them:
    /// an undo never drops an approval taken or given after the import it
    /// undoes, even in another tab while it is made).
    /// Planned from what is stored at one moment: if another tab writes
    /// while it is planned, it is planned anew from what is stored then,
    /// never made from what was. An import made meanwhile in another tab is
    /// not undone in place of the one asked for, nor is one forgotten by an
    /// edit made meanwhile (or none kept at all): `UndoGone`, nothing written.
    pub async fn undo(&self, now: &Timestamp) -> Result<(), StorageError> {
        // The import the first plan finds is the one asked for.
        let mut asked = None;
        for _ in 0..RACES {
            let basis = self.commit_token().await?;
            // None kept, or forgotten since (the ledgers changed).
            let info = self.undo_info().await?.ok_or(StorageError::UndoGone)?;
            if *asked.get_or_insert_with(|| info.logged.clone()) != info.logged {
                return Err(StorageError::UndoGone);
            }
            if let Landed::Done = self.undo_planned_from(now, &basis, info).await? {
                return Ok(());
            }
        }
        Err(StorageError::WriteLost)
    }

    /// [`Store::undo`] of the import `info` keeps, read after the commit
    /// token was `basis`; `Raced` if another write landed since.
    async fn undo_planned_from(
        &self,
        now: &Timestamp,
        basis: &Option<String>,
        info: UndoInfo,
    ) -> Result<Landed, StorageError> {
        let imported = match &info.logged {
            Some(id) => self.history_of_import(id).await?,
            None => Vec::new(),
        };
        let truncate = truncation_ranges(&info.lengths);
        let (keys, values) = self.kept_for_undo().await?;
        let mut ops = Vec::new();
        for (key, value) in keys.into_iter().zip(values) {
            if key.as_string().as_deref() == Some(UNDO_INFO_KEY) {
                continue;
            }
            // Empty bytes: the block did not exist before the import. A
            // sealed block is opened where the undo kept it and sealed
            // again where it goes back to.
            let value = self.unsealed_at(STORE_UNDO, &key, &value).await?;
            let empty = value
                .dyn_ref::<Uint8Array>()
                .is_some_and(|b| b.length() == 0);
            ops.push(if empty {
                Op::Delete {
                    store: STORE_CHUNKS,
                    key,
                }
            } else {
                Op::Put {
                    store: STORE_CHUNKS,
                    key,
                    value,
                }
            });
        }
        ops.push(Op::Clear { store: STORE_UNDO });
        let mut undone = Vec::with_capacity(imported.len());
        for (store, key, revisions) in imported {
            ops.push(Op::Delete { store, key });
            for revision in revisions {
                let how = match revision.how {
                    How::Import(ref file) => How::Undo(file.clone()),
                    ref other => other.clone(),
                };
                undone.push(revision.undone(now, &how));
            }
        }
        ops.extend(super::history_rows::adds(&undone, None)?);
        if let Some(id) = info.logged {
            ops.push(Op::Delete {
                store: STORE_IMPORTS,
                key: id.into(),
            });
        }
        let stores = [
            STORE_META,
            STORE_CHUNKS,
            STORE_UNDO,
            STORE_IMPORTS,
            STORE_HISTORY,
            STORE_HISTORY_PAGES,
        ];
        let changes = (truncate, None);
        self.finish_and_commit_from(&stores, ops, changes, Some(basis))
            .await
    }
}

/// The block number of a key of the offices' blocks (`["offices", n]`).
fn offices_block(key: &JsValue) -> Option<usize> {
    let parts = key.dyn_ref::<js_sys::Array>()?;
    let kind = parts.get(0).as_string()?;
    (kind == taizhang_core::Kind::Offices.key())
        .then(|| parts.get(1).as_f64())?
        .map(|n| n as usize)
}
