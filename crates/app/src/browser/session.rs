//! This copy's data while the page is open: the dataset in memory (the truth
//! the screens read), its settings, the store it is saved to, and what the
//! user must be told. Every write goes to the store first; only once stored
//! does it become what the screens show, and other tabs are told.

use super::tabs::{self, Heard};
use super::unread::{self, ListsReader, Unread};
use super::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use taizhang_core::base::settings::Settings;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::reporting::{LogEntry, SentFile};
use taizhang_core::trust::TrustedKey;
use taizhang_core::{Dataset, Timestamp};
use taizhang_storage::DATABASE_NAME;
use taizhang_storage::{self as storage, Change, StorageError, Store, UndoInfo};

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Opening,
    /// Another tab holds an older version of the database open.
    Blocked,
    Ready,
    /// The app lock is on and this tab holds no data key: only the unlock form.
    Locked,
    Failed(AppError),
}

/// The office tree, rebuilt only when the offices change.
#[derive(Clone, Debug, Default)]
pub struct OfficeTreeHandle(pub std::sync::Arc<OfficeTree>);

impl PartialEq for OfficeTreeHandle {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Copy)]
pub struct Session {
    pub data: RwSignal<Dataset>,
    pub tree: Memo<OfficeTreeHandle>,
    pub settings: RwSignal<Settings>,
    pub status: RwSignal<Status>,
    /// An error or notice shown above the screen until dismissed.
    pub notice: RwSignal<Option<AppError>>,
    /// The last import, while it can still be undone.
    pub undo: RwSignal<Option<UndoInfo>>,
    /// The last import's undo was forgotten by a change to the ledgers made
    /// since in this page (the exchange screen says why it is gone).
    pub undo_forgotten: RwSignal<bool>,
    /// Every applied import still logged, oldest first (what reporting
    /// counts), once a screen shows it (`show_unread`).
    pub log: RwSignal<Vec<LogEntry>>,
    /// Every file this copy wrote, with its receipt once one came back.
    pub sent: RwSignal<Vec<SentFile>>,
    /// The office keys this copy trusts (reporting counts the files they
    /// signed), once a screen shows them (`show_unread`).
    pub trusted: RwSignal<Vec<TrustedKey>>,
    /// Whether the app lock is on in this copy.
    pub lock_on: RwSignal<bool>,
    pub(super) store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    /// The import log, the keys, the files sent and the undo as read, until a
    /// screen shows them (`unread`).
    pub(super) unread: StoredValue<Unread, LocalStorage>,
    pub(super) reader: StoredValue<Option<fn(Session)>, LocalStorage>,
    /// How the page fetches the code that reads them (`read_lists_with`).
    pub(super) lists_reader: StoredValue<Option<ListsReader>, LocalStorage>,
    /// Another tab changed the data before this one was ready.
    changed_while_loading: StoredValue<bool, LocalStorage>,
}

impl Session {
    pub fn new() -> Session {
        let data = RwSignal::new(Dataset::default());
        let offices = Memo::new(move |_| data.with(|d| d.offices.clone()));
        let tree = Memo::new(move |_| {
            OfficeTreeHandle(std::sync::Arc::new(offices.with(|o| OfficeTree::new(o))))
        });
        Session {
            data,
            tree,
            settings: RwSignal::new(Settings::default()),
            status: RwSignal::new(Status::Opening),
            notice: RwSignal::new(None),
            undo: RwSignal::new(None),
            undo_forgotten: RwSignal::new(false),
            log: RwSignal::new(Vec::new()),
            sent: RwSignal::new(Vec::new()),
            trusted: RwSignal::new(Vec::new()),
            lock_on: RwSignal::new(false),
            store: StoredValue::new_local(None),
            unread: StoredValue::new_local(Unread::default()),
            reader: StoredValue::new_local(None),
            lists_reader: StoredValue::new_local(None),
            changed_while_loading: StoredValue::new_local(false),
        }
    }

    /// Opens the database, loads everything, and marks the app ready.
    pub fn start(self, database: &'static str) {
        self.fetch_lists_code_early();
        spawn_local(async move {
            match open_and_load(self, database).await {
                Ok(status) => self.show_status(status),
                Err(error) => self.status.set(Status::Failed(error.into())),
            }
        });
    }

    /// The store, once open.
    pub(super) fn store_or_err(self) -> Result<Rc<Store>, AppError> {
        self.store
            .get_value()
            .ok_or_else(|| StorageError::Unavailable.into())
    }

    /// Loads everything once the data key is at hand, and shows it.
    pub(super) async fn load_unlocked(self) -> Result<(), AppError> {
        match self.show_stored().await {
            Ok(()) => {
                self.read_counted().await?;
                self.show_status(Status::Ready);
                Ok(())
            }
            Err(error) => Err(self.refused_stored(error).into()),
        }
    }

    /// Shows `status`; once ready, reloads if another tab changed the data
    /// while this one was loading (what it read may be from before).
    fn show_status(self, status: Status) {
        let ready = matches!(status, Status::Ready);
        self.status.set(status);
        let missed = self
            .changed_while_loading
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        if ready && missed {
            spawn_local(super::elsewhere::changed_elsewhere(self));
        }
    }

    /// A stored value changed outside the app: nothing of the data is shown
    /// (the page says so, `store-tampered`), and the data key is forgotten.
    pub(super) fn refused_stored(self, error: StorageError) -> StorageError {
        if matches!(error, StorageError::Tampered(_)) {
            taizhang_storage::use_data_key(None);
            self.data.set(Dataset::default());
            self.settings.set(Settings::default());
            self.status.set(Status::Failed(error.clone().into()));
        }
        error
    }

    /// Loads everything stored into what the screens show: the data, the
    /// settings, the undo, the import log, the files sent and the keys (all
    /// but the data and the settings read as JSON once a screen shows them:
    /// `unread`). A value changed outside the app (while the lock is on)
    /// fails it whole.
    async fn show_stored(self) -> Result<(), StorageError> {
        let store = self.store.get_value().ok_or(StorageError::Unavailable)?;
        // Read side by side: the small reads' transactions run while the
        // ledgers' blocks are decoded, instead of one after another; the
        // lists asked for first, so that when their code must be fetched it
        // comes while the blocks are still being decoded.
        let (lists, undo, loaded) =
            futures::try_join!(unread::lists(&store), store.undo_text(), store.load())?;
        self.data.set(loaded.dataset);
        self.settings.set(loaded.settings);
        self.keep_unread(Unread {
            undo: Some(undo),
            ..lists
        });
        Ok(())
    }

    /// Runs a write against the store. Only once it is stored does `apply`
    /// make its result what the screens show, and other tabs are told; a
    /// failure is told to the user and changes nothing.
    pub(super) async fn write<T, Op, Fut>(
        self,
        op: Op,
        apply: impl FnOnce(T),
    ) -> Result<(), AppError>
    where
        Op: FnOnce(Rc<Store>) -> Fut,
        Fut: std::future::Future<Output = Result<T, StorageError>>,
    {
        let store = self.store_or_err()?;
        match op(store).await {
            Ok(value) => {
                apply(value);
                tabs::announce_change();
                Ok(())
            }
            Err(error) => {
                let error = AppError::from(error);
                self.notice.set(Some(error.clone()));
                Err(error)
            }
        }
    }

    /// Saves `next` as a whole (of which `change` names what changed).
    pub(super) async fn commit(self, next: Dataset, change: Change) -> Result<(), AppError> {
        let settings = change.settings.clone();
        let ledgers_changed = !change.blocks.is_empty();
        self.write(
            |store| async move { store.save(&next, &change).await.map(|()| next) },
            |next| {
                if let Some(settings) = settings {
                    self.settings.set(settings);
                }
                self.data.set(next);
                if ledgers_changed {
                    self.forget_undo();
                }
            },
        )
        .await
    }

    /// The last import can no longer be undone: the ledgers were changed
    /// since (the storage forgot its undo in the same write).
    pub(super) fn forget_undo(self) {
        let kept = self.undo.with_untracked(Option::is_some)
            || self
                .unread
                .with_value(|unread| matches!(unread.undo, Some(Some(_))));
        if kept {
            self.undo_forgotten.set(true);
        }
        self.clear_undo();
    }

    /// No import to undo (it was undone, or everything cleared).
    fn clear_undo(self) {
        self.undo.set(None);
        self.unread.update_value(|unread| unread.undo = None);
    }

    /// Restores the data as it was before the last import (at `now`, for the
    /// history). Refused when it would change a locked month: only a reopen
    /// opens one; the approvals kept since the import stay.
    pub async fn undo_import(self, now: Timestamp) -> Result<(), AppError> {
        if let (Some(store), Some(today)) = (self.store.get_value(), now.day()) {
            let revisions = store.undo_revisions().await?;
            let lock = self.data.with_untracked(|d| {
                self.settings
                    .with_untracked(|s| s.locks(&d.offices, today).broken_by_undo(d, &revisions))
            });
            if let Some(lock) = lock {
                return Err(AppError::Refused(super::approvals::locked(self, &lock)));
            }
            // Offices keep no history: the undo's offices, read from what it
            // would put back, may move a locked month's records.
            let current = self.data.with_untracked(|d| d.offices.clone());
            if let Some(offices) = store.undone_offices(&current).await? {
                super::approvals::check_tree_change(self, None, &offices, today)?;
            }
        }
        self.write(
            |store| async move {
                store.undo(&now).await?;
                store.load().await
            },
            |loaded| {
                self.data.set(loaded.dataset);
                self.settings.set(loaded.settings);
                self.clear_undo();
            },
        )
        .await?;
        self.reload_reports().await;
        Ok(())
    }

    /// After stored data was changed outside the app: deletes this copy's
    /// database whole (the lock with it) and reloads the page, empty, so
    /// the last exported file can be imported.
    pub async fn start_over(self) -> Result<(), AppError> {
        if let Some(store) = self.store.get_value() {
            store.close();
        }
        self.store.set_value(None);
        taizhang_storage::use_data_key(None);
        taizhang_storage::delete_database(DATABASE_NAME).await?;
        let _ = web_sys::window().map(|w| w.location().reload());
        Ok(())
    }

    /// Deletes everything in this browser's copy.
    pub async fn clear_all(self) -> Result<(), AppError> {
        self.write(
            |store| async move { store.clear_all().await },
            |()| {
                self.data.set(Dataset::default());
                self.settings.set(Settings::default());
                self.undo.set(None);
                self.log.set(Vec::new());
                self.sent.set(Vec::new());
                self.unread.set_value(Unread::default());
            },
        )
        .await
    }

    /// Saves the settings alone, and shows them once stored.
    pub(super) async fn store_settings(self, settings: Settings) -> Result<(), AppError> {
        self.write(
            |store| async move { store.save_settings(&settings).await.map(|()| settings) },
            |settings| self.settings.set(settings),
        )
        .await
    }

    /// Saves the settings alone (the ledgers are neither copied nor rewritten).
    pub fn save_settings(self, settings: Settings) {
        spawn_local(async move {
            let _ = self.store_settings(settings).await;
        });
    }

    /// The engine wrote to the database: reload what the screens show (the
    /// undo it left included), and tell the other tabs.
    pub(super) async fn written_elsewhere(self) {
        self.reload().await;
        tabs::announce_change();
    }

    /// Reloads everything from the database (another tab or the engine changed it).
    pub(super) async fn reload(self) {
        let Some(store) = self.store.get_value() else {
            return;
        };
        let read = async {
            let loaded = store.load().await?;
            let lists = unread::lists(&store).await?;
            Ok::<_, StorageError>((loaded, store.undo_text().await?, lists))
        };
        match read.await {
            Ok((loaded, undo, lists)) => {
                self.keep_unread(Unread {
                    undo: Some(undo),
                    ..lists
                });
                // What the figures count from is read first: if its code
                // cannot come, nothing changes on screen, and that is said.
                if let Err(error) = self.read_counted().await {
                    return self.notice.set(Some(error));
                }
                let mut previous = loaded.dataset;
                self.data.update(|data| std::mem::swap(data, &mut previous));
                drop_in_pieces(previous).await;
                self.settings.set(loaded.settings);
            }
            Err(error) => self.notice.set(Some(error.into())),
        }
    }
}

/// Frees a dataset a few thousand rows at a time: a million records freed
/// at once hold the page for tens of milliseconds.
async fn drop_in_pieces(mut dataset: Dataset) {
    const PIECE: usize = 20_000;
    let mut pause = storage::Pause::new();
    for kind in taizhang_core::Kind::ALL {
        taizhang_core::with_row_type!(kind, R => {
            let rows = <R as taizhang_core::Row>::rows_mut(&mut dataset);
            while !rows.is_empty() {
                rows.truncate(rows.len().saturating_sub(PIECE));
                pause.now_and_then().await;
            }
        });
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

async fn open_and_load(session: Session, database: &'static str) -> Result<Status, StorageError> {
    use futures::future::{select, Either};
    let opening = Box::pin(Store::open(database));
    // An older tab that does not let go blocks the upgrade: say so instead of spinning.
    let wait = Box::pin(gloo_timers::future::sleep(std::time::Duration::from_secs(
        3,
    )));
    let store = match select(opening, wait).await {
        Either::Left((opened, _)) => opened?,
        Either::Right((_, opening)) => {
            session.status.set(Status::Blocked);
            opening.await?
        }
    };
    store.watch_version_changes(move || {
        session
            .status
            .set(Status::Failed(StorageError::VersionChanged.into()));
    });
    let locked = store.app_lock().is_some();
    session.lock_on.set(locked);
    session.store.set_value(Some(Rc::new(store)));
    // Heard only once ready: a change told meanwhile is in what is loaded.
    tabs::listen(move |heard| match heard {
        Heard::Changed => {
            if session
                .status
                .with_untracked(|s| matches!(s, Status::Ready))
            {
                spawn_local(super::elsewhere::changed_elsewhere(session));
            } else {
                // Reloaded once ready (`show_status`).
                session.changed_while_loading.set_value(true);
            }
        }
        Heard::Unlocked(key) => {
            if session
                .status
                .with_untracked(|s| matches!(s, Status::Locked))
            {
                taizhang_storage::use_data_key(Some(key));
                spawn_local(async move {
                    if let Err(error) = session.load_unlocked().await {
                        session.notice.set(Some(error));
                    }
                });
            }
        }
    });
    if locked && taizhang_storage::data_key().is_none() {
        return Ok(Status::Locked);
    }
    session
        .show_stored()
        .await
        .map_err(|error| session.refused_stored(error))?;
    Ok(match session.read_counted().await {
        Ok(()) => Status::Ready,
        Err(error) => Status::Failed(error),
    })
}
