//! The app's state: the dataset in memory (the truth the screens read), the
//! store it is saved to, and what the user must be told.

use super::offline::Offline;
use super::route::{route_signal, Route};
use crate::domain::tree::OfficeTree;
use crate::domain::{Dataset, Lang, Message};
use crate::storage::{self, Change, ImportCounts, Settings, StorageError, Store, UndoInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Opening,
    /// Another tab holds an older version of the database open.
    Blocked,
    Ready,
    Failed(Message),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub data: RwSignal<Dataset>,
    pub tree: Memo<OfficeTreeHandle>,
    pub settings: RwSignal<Settings>,
    pub status: RwSignal<Status>,
    /// An error or notice shown above the screen until dismissed.
    pub notice: RwSignal<Option<Message>>,
    pub route: RwSignal<Route>,
    /// The last import, while it can still be undone.
    pub undo: RwSignal<Option<UndoInfo>>,
    /// Bumped on every window resize, so charts redraw at their new width.
    pub resized: RwSignal<u32>,
    /// Whether this build works offline, or a newer one waits.
    pub offline: RwSignal<Offline>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
}

/// The office tree, rebuilt only when the offices change.
#[derive(Clone, Debug, Default)]
pub struct OfficeTreeHandle(pub std::sync::Arc<OfficeTree>);

impl PartialEq for OfficeTreeHandle {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl AppState {
    pub fn new(lang: Lang) -> AppState {
        let data = RwSignal::new(Dataset::default());
        let offices = Memo::new(move |_| data.with(|d| d.offices.clone()));
        let tree = Memo::new(move |_| {
            OfficeTreeHandle(std::sync::Arc::new(offices.with(|o| OfficeTree::new(o))))
        });
        AppState {
            lang: RwSignal::new(lang),
            data,
            tree,
            settings: RwSignal::new(Settings::default()),
            status: RwSignal::new(Status::Opening),
            notice: RwSignal::new(None),
            route: route_signal(),
            resized: resize_signal(),
            undo: RwSignal::new(None),
            offline: RwSignal::new(Offline::Unavailable),
            store: StoredValue::new_local(None),
        }
    }

    /// Opens the database, loads everything, and marks the app ready.
    pub fn start(self, database: &'static str) {
        spawn_local(async move {
            match open_and_load(self, database).await {
                Ok(()) => self.status.set(Status::Ready),
                Err(error) => self.status.set(Status::Failed(error.message())),
            }
        });
    }

    /// Runs a write against the store. Only once it is stored does `apply`
    /// make its result what the screens show, and other tabs are told; a
    /// failure is told to the user and changes nothing.
    async fn write<T, Op, Fut>(self, op: Op, apply: impl FnOnce(T)) -> Result<(), StorageError>
    where
        Op: FnOnce(Rc<Store>) -> Fut,
        Fut: std::future::Future<Output = Result<T, StorageError>>,
    {
        let Some(store) = self.store.get_value() else {
            return Err(StorageError::Unavailable);
        };
        match op(store).await {
            Ok(value) => {
                apply(value);
                announce_change();
                Ok(())
            }
            Err(error) => {
                self.notice.set(Some(error.message()));
                Err(error)
            }
        }
    }

    /// Saves `next` (of which `change` names what changed).
    pub async fn commit(self, next: Dataset, change: Change) -> Result<(), StorageError> {
        let settings = change.settings.clone();
        self.write(
            |store| async move { store.save(&next, &change).await.map(|()| next) },
            |next| {
                if let Some(settings) = settings {
                    self.settings.set(settings);
                }
                self.data.set(next);
            },
        )
        .await
    }

    /// Saves an import (`next`), keeping what it overwrites so it can be undone.
    pub async fn commit_import(
        self,
        next: Dataset,
        change: Change,
        description: String,
        changed: ImportCounts,
    ) -> Result<(), StorageError> {
        let previous = self.data.get_untracked();
        let settings = self.settings.get_untracked();
        self.write(
            |store| async move {
                store
                    .save_undoable(&previous, &settings, &next, &change, description, changed)
                    .await?;
                Ok((next, store.undo_info().await.unwrap_or(None)))
            },
            |(next, undo)| {
                self.data.set(next);
                self.undo.set(undo);
            },
        )
        .await
    }

    /// Restores the data as it was before the last import.
    pub async fn undo_import(self) -> Result<(), StorageError> {
        self.write(
            |store| async move {
                store.undo().await?;
                store.load().await
            },
            |loaded| {
                self.data.set(loaded.dataset);
                self.settings.set(loaded.settings);
                self.undo.set(None);
            },
        )
        .await
    }

    /// Deletes everything in this browser's copy.
    pub async fn clear_all(self) -> Result<(), StorageError> {
        self.write(
            |store| async move { store.clear_all().await },
            |()| {
                self.data.set(Dataset::default());
                self.settings.set(Settings::default());
                self.undo.set(None);
            },
        )
        .await
    }

    /// Reloads everything from the database (another tab changed it).
    async fn reload(self) {
        let Some(store) = self.store.get_value() else {
            return;
        };
        match store.load().await {
            Ok(loaded) => {
                self.data.set(loaded.dataset);
                self.settings.set(loaded.settings);
                self.undo.set(store.undo_info().await.unwrap_or(None));
            }
            Err(error) => self.notice.set(Some(error.message())),
        }
    }

    /// Saves the settings alone (the ledgers are neither copied nor rewritten).
    pub fn save_settings(self, settings: Settings) {
        spawn_local(async move {
            let _ = self
                .write(
                    |store| async move { store.save_settings(&settings).await.map(|()| settings) },
                    |settings| self.settings.set(settings),
                )
                .await;
        });
    }
}

fn resize_signal() -> RwSignal<u32> {
    let count = RwSignal::new(0u32);
    let listener =
        gloo_events::EventListener::new(&window(), "resize", move |_| count.update(|n| *n += 1));
    listener.forget(); // lives as long as the page
    count
}

const CHANNEL: &str = "taizhang";

/// Tells this browser's other tabs that the data changed.
fn announce_change() {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&wasm_bindgen::JsValue::from_str("changed"));
        channel.close();
    }
}

/// Reloads the data whenever another tab says it changed it.
fn listen_for_changes(app: AppState) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let listener = gloo_events::EventListener::new(&channel, "message", move |_| {
        spawn_local(app.reload());
    });
    listener.forget(); // for the life of the page, as the channel
    std::mem::forget(channel);
}

async fn open_and_load(app: AppState, database: &'static str) -> Result<(), StorageError> {
    use futures::future::{select, Either};
    let opening = Box::pin(Store::open(database));
    // An older tab that does not let go blocks the upgrade: say so instead of spinning.
    let store = match select(
        opening,
        Box::pin(gloo_timers::future::sleep(std::time::Duration::from_secs(
            3,
        ))),
    )
    .await
    {
        Either::Left((opened, _)) => opened?,
        Either::Right((_, opening)) => {
            app.status.set(Status::Blocked);
            opening.await?
        }
    };
    store.watch_version_changes(move || {
        app.status
            .set(Status::Failed(StorageError::VersionChanged.message()));
    });
    let loaded = store.load().await?;
    app.data.set(loaded.dataset);
    app.settings.set(loaded.settings);
    app.undo.set(store.undo_info().await?);
    app.store.set_value(Some(Rc::new(store)));
    listen_for_changes(app);
    spawn_local(async {
        // Asked once the data is in; the answer is shown on the offices screen.
        let _ = storage::request_persistence().await;
    });
    Ok(())
}
