//! The database: open (with upgrades), load everything, save changed blocks
//! in one transaction, and notice when another tab upgrades the schema.

use super::batch::{self, Op};
use super::error::{from_idb, StorageError};
use super::schema::{self, STORE_CHUNKS, STORE_META, STORE_UNDO};
use crate::domain::chunks::{self, chunk_count};
use crate::domain::settings::Settings;
use crate::domain::{Dataset, Kind, PerKind};
use indexed_db::{Database, Factory};
use js_sys::{Array, Uint8Array};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub const DATABASE_NAME: &str = "taizhang";
const SETTINGS_KEY: &str = "settings";
const COMMIT_KEY: &str = "commit";
/// In the undo store: what the undo restores besides blocks (lengths, settings, a description).
const UNDO_INFO_KEY: &str = "info";

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
}

/// Records and offices an import added, updated and deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
}

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

pub struct Loaded {
    pub dataset: Dataset,
    pub settings: Settings,
}

type VersionListener = Closure<dyn FnMut(web_sys::Event)>;

pub struct Store {
    db: Rc<Database<StorageError>>,
    /// A plain connection: every write goes through it (see `batch`), and it
    /// hears `versionchange` (the crate does not expose it).
    raw: web_sys::IdbDatabase,
    watch: RefCell<Option<VersionListener>>,
}

fn factory() -> Result<Factory<StorageError>, StorageError> {
    Factory::get().map_err(from_idb)
}

fn block_key(kind: Kind, index: usize) -> JsValue {
    Array::of2(
        &JsValue::from_str(kind.key()),
        &JsValue::from_f64(index as f64),
    )
    .into()
}

impl Store {
    /// Opens (creating or upgrading) the database `name` at the newest schema.
    pub async fn open(name: &str) -> Result<Store, StorageError> {
        Store::open_at(name, schema::VERSION).await
    }

    /// Opens at a given schema version: for tests of the upgrade path.
    pub async fn open_at(name: &str, version: u32) -> Result<Store, StorageError> {
        let db = factory()?
            .open(name, version, move |event| schema::upgrade(event, version))
            .await
            .map_err(from_idb)?;
        let raw = open_plain(name).await.ok_or(StorageError::Unavailable)?;
        Ok(Store {
            db: Rc::new(db),
            raw,
            watch: RefCell::new(None),
        })
    }

    pub fn version(&self) -> u32 {
        self.db.version()
    }

    pub fn store_names(&self) -> Vec<String> {
        self.db.object_store_names()
    }

    pub fn close(&self) {
        self.watch.borrow_mut().take();
        self.raw.close();
        self.db.close();
    }

    /// Calls `on_change` and closes this connection when another tab opens a
    /// newer schema, so that its upgrade is not blocked by this tab.
    pub fn watch_version_changes(&self, on_change: impl Fn() + 'static) {
        let db = Rc::clone(&self.db);
        let raw = self.raw.clone();
        let listener: VersionListener = Closure::new(move |_event: web_sys::Event| {
            raw.close();
            db.close();
            on_change();
        });
        self.raw
            .set_onversionchange(Some(listener.as_ref().unchecked_ref()));
        *self.watch.borrow_mut() = Some(listener);
    }

    /// Reads every block and the settings in one transaction, then decodes.
    pub async fn load(&self) -> Result<Loaded, StorageError> {
        let (keys, values, settings) = self
            .db
            .transaction(&[STORE_META, STORE_CHUNKS])
            .run(|t| async move {
                let blocks = t.object_store(STORE_CHUNKS)?;
                let keys = blocks.get_all_keys(None).await?;
                let values = blocks.get_all(None).await?;
                let settings = t
                    .object_store(STORE_META)?
                    .get(&JsValue::from_str(SETTINGS_KEY))
                    .await?;
                Ok((keys, values, settings))
            })
            .await
            .map_err(from_idb)?;
        let mut dataset = Dataset::default();
        let mut expected_next = PerKind::<usize>::default();
        for (key, value) in keys.iter().zip(values.iter()) {
            let (kind, index) = parse_block_key(key)?;
            let slot = expected_next.get_mut(kind);
            if index != *slot {
                return Err(StorageError::Corrupt(format!(
                    "{} block {index} out of order",
                    kind.key()
                )));
            }
            *slot += 1;
            let bytes = value
                .dyn_ref::<Uint8Array>()
                .ok_or_else(|| StorageError::Corrupt("block is not bytes".into()))?
                .to_vec();
            chunks::decode_block_into(&mut dataset, kind, &bytes)?;
        }
        let settings = match settings.and_then(|s| s.as_string()) {
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| StorageError::Corrupt(e.to_string()))?
            }
            None => Settings::default(),
        };
        Ok(Loaded { dataset, settings })
    }

    /// Writes the blocks named in `change`, taken from `dataset`, and the
    /// settings, all in one transaction: either all of it lands or none.
    pub async fn save(&self, dataset: &Dataset, change: &Change) -> Result<(), StorageError> {
        let blocks = encode_blocks(dataset, change)?;
        // Blocks past the end (after a dataset shrank) are removed.
        let truncate = truncation_ranges(&dataset.lengths());
        self.write(blocks, truncate, change.settings.as_ref(), None)
            .await
    }

    /// Stores blocks already encoded (`(kind, block number, bytes)`), and the
    /// settings if given: what saving one record writes, with nothing else read or copied.
    pub async fn save_blocks(
        &self,
        blocks: Vec<(Kind, usize, Vec<u8>)>,
        settings: Option<&Settings>,
    ) -> Result<(), StorageError> {
        let blocks = blocks
            .into_iter()
            .map(|(kind, index, bytes)| (block_key(kind, index), bytes_value(&bytes)))
            .collect();
        self.write(blocks, Vec::new(), settings, None).await
    }

    /// Stores the settings alone: no block is written or removed.
    pub async fn save_settings(&self, settings: &Settings) -> Result<(), StorageError> {
        self.write(Vec::new(), Vec::new(), Some(settings), None)
            .await
    }

    /// Like [`Store::save`], and in the same transaction keeps what the
    /// change overwrites (from `previous`), so that [`Store::undo`] can put it back.
    pub async fn save_undoable(
        &self,
        previous: &Dataset,
        previous_settings: &Settings,
        next: &Dataset,
        change: &Change,
        description: String,
        changed: ImportCounts,
    ) -> Result<(), StorageError> {
        let mut old_blocks = Vec::with_capacity(change.blocks.len());
        for &(kind, index) in &change.blocks {
            // A block that did not exist is kept as empty bytes: the undo removes it.
            let bytes = if index < chunk_count(previous.len_of(kind)) {
                chunks::encode_block(previous, kind, index)?
            } else {
                Vec::new()
            };
            old_blocks.push((block_key(kind, index), bytes_value(&bytes)));
        }
        let info = UndoInfo {
            lengths: previous.lengths(),
            settings: previous_settings.clone(),
            description,
            changed,
        };
        let info = serde_json::to_string(&info).map_err(|e| StorageError::Failed(e.to_string()))?;
        let blocks = encode_blocks(next, change)?;
        let truncate = truncation_ranges(&next.lengths());
        self.write(
            blocks,
            truncate,
            change.settings.as_ref(),
            Some((old_blocks, info)),
        )
        .await
    }

    /// One transaction: the blocks given (keys and values), the key ranges
    /// `truncate` removed, settings, the undo copy if given, commit token.
    /// Everything is encoded before: the transaction only queues requests.
    async fn write(
        &self,
        puts: Vec<(JsValue, JsValue)>,
        truncate: Vec<(JsValue, JsValue)>,
        settings: Option<&Settings>,
        undo: Option<(Vec<(JsValue, JsValue)>, String)>,
    ) -> Result<(), StorageError> {
        let settings = match settings {
            Some(s) => {
                Some(serde_json::to_string(s).map_err(|e| StorageError::Failed(e.to_string()))?)
            }
            None => None,
        };
        let attempted: f64 = puts
            .iter()
            .map(|(_, v)| f64::from(v.unchecked_ref::<Uint8Array>().length()))
            .sum();
        let token = format!("{}", js_sys::Math::random());
        let mut ops = Vec::new();
        let stores: &[&str] = match undo {
            Some((old_blocks, info)) => {
                ops.push(Op::Clear { store: STORE_UNDO });
                ops.extend(old_blocks.into_iter().map(|(key, value)| Op::Put {
                    store: STORE_UNDO,
                    key,
                    value,
                }));
                ops.push(put_text(STORE_UNDO, UNDO_INFO_KEY, &info));
                &[STORE_META, STORE_CHUNKS, STORE_UNDO]
            }
            None => &[STORE_META, STORE_CHUNKS],
        };
        ops.extend(puts.into_iter().map(|(key, value)| Op::Put {
            store: STORE_CHUNKS,
            key,
            value,
        }));
        finish_write(&mut ops, truncate, settings, &token);
        batch::commit(&self.raw, stores, ops).await?;
        self.verify_commit(token, attempted).await
    }

    /// Removes every block, every setting and the undo, in one transaction.
    pub async fn clear_all(&self) -> Result<(), StorageError> {
        let ops = [STORE_CHUNKS, STORE_UNDO, STORE_META].map(|store| Op::Clear { store });
        batch::commit(
            &self.raw,
            &[STORE_META, STORE_CHUNKS, STORE_UNDO],
            ops.into(),
        )
        .await
    }

    /// The last import that can be undone, if any.
    pub async fn undo_info(&self) -> Result<Option<UndoInfo>, StorageError> {
        let info = self
            .db
            .transaction(&[STORE_UNDO])
            .run(|t| async move {
                t.object_store(STORE_UNDO)?
                    .get(&JsValue::from_str(UNDO_INFO_KEY))
                    .await
            })
            .await
            .map_err(from_idb)?;
        match info.and_then(|v| v.as_string()) {
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| StorageError::Corrupt(e.to_string())),
            None => Ok(None),
        }
    }

    /// Puts back what the last import overwrote, in one transaction, and forgets it.
    pub async fn undo(&self) -> Result<(), StorageError> {
        let Some(info) = self.undo_info().await? else {
            return Ok(());
        };
        let truncate = truncation_ranges(&info.lengths);
        let settings = serde_json::to_string(&info.settings)
            .map_err(|e| StorageError::Failed(e.to_string()))?;
        let (keys, values) = self
            .db
            .transaction(&[STORE_UNDO])
            .run(|t| async move {
                let kept = t.object_store(STORE_UNDO)?;
                Ok((kept.get_all_keys(None).await?, kept.get_all(None).await?))
            })
            .await
            .map_err(from_idb)?;
        let mut ops = Vec::new();
        for (key, value) in keys.into_iter().zip(values) {
            let Some(bytes) = value.dyn_ref::<Uint8Array>() else {
                continue;
            };
            // Empty bytes: the block did not exist before the import.
            ops.push(if bytes.length() == 0 {
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
        let token = format!("{}", js_sys::Math::random());
        finish_write(&mut ops, truncate, Some(settings), &token);
        batch::commit(&self.raw, &[STORE_META, STORE_CHUNKS, STORE_UNDO], ops).await?;
        self.verify_commit(token, 0.0).await
    }

    /// The crate reports success before the commit; a commit can still fail
    /// (storage full). A later transaction sees the token only if it landed.
    async fn verify_commit(&self, token: String, attempted_bytes: f64) -> Result<(), StorageError> {
        let seen = self
            .db
            .transaction(&[STORE_META])
            .run(|t| async move {
                t.object_store(STORE_META)?
                    .get(&JsValue::from_str(COMMIT_KEY))
                    .await
            })
            .await
            .map_err(from_idb)?;
        if seen.and_then(|v| v.as_string()).as_deref() == Some(token.as_str()) {
            return Ok(());
        }
        // Storage full is the usual cause: say so when what we wrote would not fit.
        match super::health::estimate().await {
            Some(e)
                if e.quota > 0.0
                    && (e.usage + attempted_bytes >= e.quota || e.usage / e.quota > 0.9) =>
            {
                Err(StorageError::QuotaExceeded)
            }
            _ => Err(StorageError::WriteLost),
        }
    }
}

/// The blocks `change` names, encoded from `dataset`, with their keys.
fn encode_blocks(
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

fn bytes_value(bytes: &[u8]) -> JsValue {
    JsValue::from(Uint8Array::from(bytes))
}

/// The end of every write transaction: blocks past each table's end go, the
/// settings (if given) are stored, and the commit token that proves it landed.
fn finish_write(
    ops: &mut Vec<Op>,
    truncate: Vec<(JsValue, JsValue)>,
    settings: Option<String>,
    commit_token: &str,
) {
    ops.extend(truncate.into_iter().map(|(from, to)| Op::DeleteRange {
        store: STORE_CHUNKS,
        from,
        to,
    }));
    if let Some(json) = settings {
        ops.push(put_text(STORE_META, SETTINGS_KEY, &json));
    }
    ops.push(put_text(STORE_META, COMMIT_KEY, commit_token));
}

fn put_text(store: &'static str, key: &str, text: &str) -> Op {
    Op::Put {
        store,
        key: JsValue::from_str(key),
        value: JsValue::from_str(text),
    }
}

/// Key ranges holding the blocks past each table's end, for tables of these lengths.
fn truncation_ranges(lengths: &PerKind<usize>) -> Vec<(JsValue, JsValue)> {
    lengths
        .iter()
        .map(|(kind, &len)| {
            let upper: JsValue = Array::of2(&JsValue::from_str(kind.key()), &Array::new()).into();
            (block_key(kind, chunk_count(len)), upper)
        })
        .collect()
}

fn parse_block_key(key: &JsValue) -> Result<(Kind, usize), StorageError> {
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

/// Opens a plain web-sys connection at the current version.
async fn open_plain(name: &str) -> Option<web_sys::IdbDatabase> {
    let idb = web_sys::window()?.indexed_db().ok().flatten()?;
    let request = idb.open(name).ok()?;
    let settled = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    wasm_bindgen_futures::JsFuture::from(settled).await.ok()?;
    request.result().ok()?.dyn_into().ok()
}

/// Deletes a database (tests, and "clear everything").
pub async fn delete_database(name: &str) -> Result<(), StorageError> {
    factory()?.delete_database(name).await.map_err(from_idb)
}
