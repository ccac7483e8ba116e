//! The database: open (with upgrades), load everything, save changed blocks
//! in one transaction, and notice when another tab upgrades the schema.

use super::batch::Op;
use super::blocks::{
    block_key, bytes_value, encode_blocks, parse_block_key, truncation_ranges, Change,
};
use super::error::{from_idb, StorageError};
use super::manifest::Manifest;
use super::pause::Pause;
use super::schema::{
    self, APP_LOCK_KEY, COMMIT_KEY, MANIFEST_KEY, NAMES_KEY, SETTINGS_KEY, STORE_CHUNKS,
    STORE_HISTORY, STORE_HISTORY_PAGES, STORE_IMPORTS, STORE_META, STORE_SENT, STORE_UNDO,
};
use super::seal::IN_FLIGHT;
use futures::stream::{self, StreamExt};
use indexed_db::{Database, Factory};
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::chunks;
use taizhang_core::ledgers::history::Revision;
use taizhang_core::trust::applock::AppLock;
use taizhang_core::{Dataset, Kind, PerKind};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub const DATABASE_NAME: &str = "taizhang";
/// Blocks read per request when loading (about 5 MB).
const LOAD_PAGE: usize = 50;

pub struct Loaded {
    pub dataset: Dataset,
    pub settings: Settings,
}

type VersionListener = Closure<dyn FnMut(web_sys::Event)>;

pub struct Store {
    pub(super) db: Rc<Database<StorageError>>,
    /// A plain connection: every write goes through it (see `batch`), and it
    /// hears `versionchange` (the crate does not expose it).
    pub(super) raw: web_sys::IdbDatabase,
    watch: RefCell<Option<VersionListener>>,
    /// The app lock's record while the lock is on: every value written is
    /// then sealed, and a write without the data key is refused.
    pub(super) app_lock: RefCell<Option<AppLock>>,
    /// The manifest last opened or written here, with the nonce of its
    /// sealed value: a stored manifest with that nonce is that one (only
    /// the data key makes a value that opens with a given nonce), so it is
    /// not opened again — one WebCrypto round trip less per write.
    pub(super) manifest_seen: RefCell<Option<(String, Manifest)>>,
}

fn factory() -> Result<Factory<StorageError>, StorageError> {
    Factory::get().map_err(from_idb)
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
        let store = Store {
            db: Rc::new(db),
            raw,
            watch: RefCell::new(None),
            app_lock: RefCell::new(None),
            manifest_seen: RefCell::new(None),
        };
        store.read_lock_again().await?;
        Ok(store)
    }

    /// Reads the lock's record as stored now (another tab may have changed
    /// it). A record changed while this tab holds a data key must still be
    /// of that key: the lock turned off and on again elsewhere has a new
    /// one, and this tab, which cannot open what it seals, is then locked.
    pub(super) async fn read_lock_again(&self) -> Result<(), StorageError> {
        let lock: Option<AppLock> = match self.read_text(STORE_META, APP_LOCK_KEY).await? {
            Some(text) => Some(
                serde_json::from_str(&text)
                    .map_err(|_| StorageError::Corrupt("the app lock's record".into()))?,
            ),
            None => None,
        };
        let changed = matches!(
            (self.app_lock.borrow().as_ref(), lock.as_ref()),
            (Some(known), Some(stored)) if known != stored
        );
        *self.app_lock.borrow_mut() = lock;
        if changed {
            self.held_key_opens().await?;
        }
        Ok(())
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
                // In pages: each answer is delivered (and its bytes copied) in one
                // task of the page, which must stay short even with 1000 blocks.
                let mut values = Vec::with_capacity(keys.len());
                for page in keys.chunks(LOAD_PAGE) {
                    let (first, last) = (page[0].clone(), page[page.len() - 1].clone());
                    values.extend(blocks.get_all_in(first..=last, None).await?);
                }
                let meta = t.object_store(STORE_META)?;
                let settings = meta.get(&JsValue::from_str(SETTINGS_KEY)).await?;
                let manifest = meta.get(&JsValue::from_str(MANIFEST_KEY)).await?;
                let names = meta.get(&JsValue::from_str(NAMES_KEY)).await?;
                Ok((keys, values, (settings, manifest, names)))
            })
            .await
            .map_err(from_idb)?;
        let (settings, manifest, names) = settings;
        // While the lock is on, every block and the settings must be the
        // values the manifest names: an older copy put back is refused.
        if let Some(manifest) = self.opened_manifest(manifest).await? {
            let mut seen = HashSet::new();
            for (key, value) in keys.iter().zip(values.iter()) {
                manifest.check(STORE_CHUNKS, key, value, &mut seen)?;
            }
            manifest.all_seen(STORE_CHUNKS, &seen)?;
            let at = JsValue::from_str(SETTINGS_KEY);
            manifest.check_found(STORE_META, &at, settings.as_ref(), &mut seen)?;
            // The hidden names' secret: deleted or replaced, it is said now,
            // not at the next write of a key or a file sent.
            let at = JsValue::from_str(NAMES_KEY);
            manifest.check_found(STORE_META, &at, names.as_ref(), &mut seen)?;
        }
        let mut dataset = Dataset::default();
        let mut expected_next = PerKind::<usize>::default();
        let mut pause = Pause::new();
        // Blocks opened a few at once (while locked, each is a WebCrypto
        // call), decoded in order.
        let mut opened = stream::iter(keys.iter().zip(values.iter()))
            .map(|(key, value)| self.block_at(STORE_CHUNKS, key, value))
            .buffered(IN_FLIGHT);
        for key in &keys {
            let (kind, index) = parse_block_key(key)?;
            let slot = expected_next.get_mut(kind);
            if index != *slot {
                return Err(StorageError::Corrupt(format!(
                    "{} block {index} out of order",
                    kind.key()
                )));
            }
            *slot += 1;
            let bytes = opened
                .next()
                .await
                .ok_or_else(|| StorageError::Corrupt("a block without its value".into()))??;
            chunks::decode_block_into(&mut dataset, kind, &bytes)?;
            pause.now_and_then().await;
        }
        let settings = match settings {
            Some(value) => {
                let key = JsValue::from_str(SETTINGS_KEY);
                Some(self.text_at(STORE_META, &key, &value).await?)
            }
            None => None,
        };
        let settings = match settings {
            Some(json) => serde_json::from_str::<Settings>(&json)
                .map_err(|e| StorageError::Corrupt(e.to_string()))?
                .upgraded(),
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
        self.write(
            blocks,
            truncate,
            change.settings.as_ref(),
            None,
            None,
            Vec::new(),
        )
        .await
    }

    /// Stores blocks already encoded (`(kind, block number, bytes)`), and the
    /// settings if given: what saving one record writes, with nothing else read or copied.
    /// With them, in the same transaction, the history of the records changed.
    pub async fn save_blocks(
        &self,
        blocks: Vec<(Kind, usize, Vec<u8>)>,
        settings: Option<&Settings>,
        history: &[Revision],
    ) -> Result<(), StorageError> {
        let blocks = blocks
            .into_iter()
            .map(|(kind, index, bytes)| (block_key(kind, index), bytes_value(&bytes)))
            .collect();
        let history = super::history_rows::adds(history, None)?;
        self.write(blocks, Vec::new(), settings, None, None, history)
            .await
    }

    /// Stores the settings alone: no block is written or removed.
    pub async fn save_settings(&self, settings: &Settings) -> Result<(), StorageError> {
        self.write(
            Vec::new(),
            Vec::new(),
            Some(settings),
            None,
            None,
            Vec::new(),
        )
        .await
    }

    /// Removes every block, every setting, the undo, the import log, the
    /// files sent and the history, in one transaction. The app lock stays.
    pub async fn clear_all(&self) -> Result<(), StorageError> {
        let stores = [
            STORE_CHUNKS,
            STORE_UNDO,
            STORE_META,
            STORE_IMPORTS,
            STORE_SENT,
            STORE_HISTORY,
            STORE_HISTORY_PAGES,
        ];
        let mut ops: Vec<Op> = stores
            .into_iter()
            .filter(|&store| store != STORE_META)
            .map(|store| Op::Clear { store })
            .collect();
        ops.push(Op::Delete {
            store: STORE_META,
            key: SETTINGS_KEY.into(),
        });
        self.commit_checked(&stores, ops, Vec::new(), None, 0.0)
            .await
    }

    /// The token of the last write that landed (`None` before the first):
    /// equal tokens mean the same stored data.
    pub async fn commit_token(&self) -> Result<Option<String>, StorageError> {
        self.read_text(STORE_META, COMMIT_KEY).await
    }

    /// The text kept under `key` in `store`, read in a transaction of its own.
    pub(super) async fn read_text(
        &self,
        store: &'static str,
        key: &'static str,
    ) -> Result<Option<String>, StorageError> {
        let value = self.read_value(store, key).await?;
        match value {
            Some(value) => {
                let key = JsValue::from_str(key);
                Ok(Some(self.text_at(store, &key, &value).await?))
            }
            None => Ok(None),
        }
    }

    /// The text stored at `key` of `store`, opened if sealed. A value that is
    /// not text there is refused: the label saying what a sealed value holds
    /// is not itself sealed, and one flipped by hand must not read as nothing.
    pub(super) async fn text_at(
        &self,
        store: &str,
        key: &JsValue,
        value: &JsValue,
    ) -> Result<String, StorageError> {
        let opened = self.unsealed_at(store, key, value).await?;
        opened.as_string().ok_or_else(|| {
            if self.app_lock.borrow().is_some() {
                super::seal::tampered("a value that should be text is not")
            } else {
                StorageError::Corrupt("a value that should be text is not".into())
            }
        })
    }

    /// The crate reports success before the commit; a commit can still fail
    /// (storage full). A later transaction sees the token only if it landed.
    pub(super) async fn verify_commit(
        &self,
        token: String,
        attempted_bytes: f64,
    ) -> Result<(), StorageError> {
        let seen = self.read_text(STORE_META, COMMIT_KEY).await?;
        if seen.as_deref() == Some(token.as_str()) {
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

/// The browser's IndexedDB, from the page or from a worker.
fn indexed_db() -> Option<web_sys::IdbFactory> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("indexedDB"))
        .ok()?
        .dyn_into()
        .ok()
}

/// Opens a plain web-sys connection at the current version.
async fn open_plain(name: &str) -> Option<web_sys::IdbDatabase> {
    let idb = indexed_db()?;
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
