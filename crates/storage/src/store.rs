//! The database: open (with upgrades), load everything, save changed blocks
//! in one transaction, and notice when another tab upgrades the schema.

use super::batch::Op;
use super::blocks::{block_key, bytes_value, encode_blocks, truncation_ranges, Change};
use super::error::{from_idb, StorageError};
use super::manifest::Manifest;
use super::schema::{
    self, APP_LOCK_KEY, COMMIT_KEY, SETTINGS_KEY, STORE_CHUNKS, STORE_HISTORY, STORE_HISTORY_PAGES,
    STORE_IMPORTS, STORE_META, STORE_SENT, STORE_UNDO,
};
use indexed_db::{Database, Factory};
use std::cell::RefCell;
use std::rc::Rc;
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::history::Revision;
use taizhang_core::trust::applock::AppLock;
use taizhang_core::{Dataset, Kind};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub const DATABASE_NAME: &str = "taizhang";

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
    /// The commit token read with every value by the lock's rewrite under
    /// way (`applock`): its transaction expects it, so that a write another
    /// tab made meanwhile has the rewrite made anew, not overwritten or
    /// left sealed (or plain) as it was.
    pub(super) rewrite_basis: RefCell<Option<JsValue>>,
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
        // Both asked for at once: the plain one waits in the browser's queue
        // for the first (and any upgrade it makes), not for this page's turn.
        let factory = factory()?;
        let opening = factory.open(name, version, move |event| schema::upgrade(event, version));
        let (db, raw) = futures::join!(opening, open_plain(name));
        let (db, raw) = match (db, raw) {
            (Ok(db), Some(raw)) => (db, raw),
            (db, raw) => {
                // Let go of the one that opened: it would hold up an upgrade.
                if let Some(raw) = raw {
                    raw.close();
                }
                return Err(db
                    .map_err(from_idb)
                    .err()
                    .unwrap_or(StorageError::Unavailable));
            }
        };
        let store = Store {
            db: Rc::new(db),
            raw,
            watch: RefCell::new(None),
            app_lock: RefCell::new(None),
            manifest_seen: RefCell::new(None),
            rewrite_basis: RefCell::new(None),
        };
        store.read_lock_again().await?;
        Ok(store)
    }

    /// Reads the lock's record as stored now (another tab may have changed
    /// it). A record changed while this tab holds a data key must still be
    /// of that key: the lock turned off and on again elsewhere has a new
    /// one, and this tab, which cannot open what it seals, is then locked.
    pub(super) async fn read_lock_again(&self) -> Result<(), StorageError> {
        // Read plain, as it is kept (never sealed, not named by the manifest).
        let record = self
            .db
            .transaction(&[STORE_META])
            .run(|t| async move {
                t.object_store(STORE_META)?
                    .get(&JsValue::from_str(APP_LOCK_KEY))
                    .await
            })
            .await
            .map_err(from_idb)?
            .map(|value| value.as_string().unwrap_or_default());
        let lock: Option<AppLock> = match record {
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
        // Marks only ever go up: one found lowered (by hand: the record is
        // plain) is not taken, so this tab keeps checking, binding and
        // hiding as before — even in a record that looks made anew (other
        // salt and wrappings): a lock this version makes carries every mark.
        let lock = match (self.app_lock.borrow().as_ref(), lock) {
            (Some(known), Some(mut stored)) => {
                stored.bound |= known.bound;
                stored.manifest |= known.manifest;
                stored.names |= known.names;
                Some(stored)
            }
            (_, stored) => stored,
        };
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

    /// Whether the database has `store` (a schema before it, opened by a test).
    pub(super) fn has_store(&self, store: &str) -> bool {
        self.store_names().iter().any(|name| name == store)
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
        self.finish_and_commit(&stores, ops, Vec::new(), None).await
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
