//! The import log, the keys trusted, the files sent and the undo: read (and
//! checked) with everything else at the start and after each reload, but
//! read as JSON only by code fetched when it is needed: every screen but
//! the dashboard calls `show_unread` from its own code; and since the
//! dashboard counts its reporting rate from the log and the keys, a copy
//! that holds either reads them (`ListsReader`, the page's) before it is
//! shown. Their deserializers are then not in the page's first download: a
//! copy with no import logged and no key trusted goes without them.

use super::{AppError, Session};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use taizhang_storage::{self as storage, StorageError, Store};

/// Texts read and not yet shown (`None`: nothing new to show).
#[derive(Default)]
pub struct Unread {
    pub(super) log: Option<Vec<String>>,
    pub(super) keys: Option<Vec<String>>,
    pub(super) sent: Option<Vec<String>>,
    pub(super) undo: Option<Option<String>>,
}

/// What the page's fetched code gives back, later.
type Later<T> = Pin<Box<dyn Future<Output = T>>>;

/// The page's code that reads the lists, fetched on demand.
#[derive(Clone, Copy)]
pub struct ListsReader {
    /// Fetches it (a failure is said by `read`, which fetches it again).
    pub fetch: fn() -> Later<()>,
    /// Fetches it, and reads the lists with it (`show_unread`).
    pub read: fn(Session) -> Later<Result<(), AppError>>,
}

impl Unread {
    /// Whether a figure the first screen shows counts from what is here.
    fn counted_from(&self) -> bool {
        let held = |texts: &Option<Vec<String>>| texts.as_ref().is_some_and(|t| !t.is_empty());
        held(&self.log) || held(&self.keys)
    }
}

impl Session {
    /// How this page reads the lists (set once, before `start`).
    pub fn read_lists_with(self, reader: ListsReader) {
        self.lists_reader.set_value(Some(reader));
    }

    /// Reads the lists now if no screen has and the dashboard counts from
    /// them: a log or keys are held. The code to read them may have to be
    /// fetched; if it cannot be, nothing is shown wrong: the error is said.
    pub(super) async fn read_counted(self) -> Result<(), AppError> {
        let needed =
            self.reader.get_value().is_none() && self.unread.with_value(Unread::counted_from);
        match self.lists_reader.get_value() {
            Some(reader) if needed => (reader.read)(self).await,
            _ => Ok(()),
        }
    }

    /// Keeps the texts just read, over those kept before; shown at once if
    /// a screen showed them before.
    pub(super) fn keep_unread(self, read: Unread) {
        if matches!(read.undo, Some(Some(_))) {
            self.undo_forgotten.set(false);
        }
        self.unread.update_value(|unread| {
            let Unread {
                log,
                keys,
                sent,
                undo,
            } = read;
            unread.log = log.or(unread.log.take());
            unread.keys = keys.or(unread.keys.take());
            unread.sent = sent.or(unread.sent.take());
            unread.undo = undo.or(unread.undo.take());
        });
        if let Some(read) = self.reader.get_value() {
            read(self);
        }
    }

    /// Shows the import log, the keys trusted, the files sent and the undo;
    /// from now on each reload shows them at once. Called by the code that
    /// shows them, so that their JSON's code is that code's.
    pub fn show_unread(self) {
        self.reader.set_value(Some(read_unread));
        read_unread(self);
    }

    /// Keeps what was read again, and reads it now if the dashboard counts
    /// from it; an error is said.
    async fn keep_read(self, read: Unread) {
        self.keep_unread(read);
        if let Err(error) = self.read_counted().await {
            self.notice.set(Some(error));
        }
    }

    /// Reads the import log, the files sent and the keys trusted again (the
    /// engine wrote them).
    /// A read that fails is said, and what was shown stays: never an empty
    /// list in place of one that could not be read.
    pub(super) async fn reload_reports(self) {
        let Some(store) = self.store.get_value() else {
            return;
        };
        match lists(&store).await {
            Ok(read) => self.keep_read(read).await,
            Err(error) => self.notice.set(Some(error.into())),
        }
    }
}

/// Set while this copy holds a log or keys (a mark, no data): its next
/// start fetches the code that reads them at once, while the database
/// opens, not once they are read (the page is then busy decoding blocks,
/// and the fetch would wait for it).
const COUNTED: &str = "taizhang.counted";

fn remember_counted(counted: bool) {
    let storage = LocalStorage::raw();
    let _ = match counted {
        true => storage.set_item(COUNTED, "1"),
        false => storage.remove_item(COUNTED),
    };
}

impl Session {
    /// Fetches the code that reads the lists if this copy held some when it
    /// last read them (`COUNTED`).
    pub(super) fn fetch_lists_code_early(self) {
        let held = LocalStorage::raw()
            .get_item(COUNTED)
            .ok()
            .flatten()
            .is_some();
        if let Some(reader) = self.lists_reader.get_value().filter(|_| held) {
            leptos::task::spawn_local((reader.fetch)());
        }
    }
}

/// The import log, the keys store and the files sent as stored.
pub(super) async fn lists(store: &Store) -> Result<Unread, StorageError> {
    let read = Unread {
        log: Some(store.log_texts().await?),
        keys: Some(store.key_texts().await?),
        sent: Some(store.sent_texts().await?),
        undo: None,
    };
    remember_counted(read.counted_from());
    Ok(read)
}

/// Shows what was kept unread; an undo that does not read is said.
fn read_unread(session: Session) {
    let unread = session
        .unread
        .try_update_value(std::mem::take)
        .unwrap_or_default();
    if let Some(log) = unread.log {
        session.log.set(storage::log_from(&log));
    }
    if let Some(keys) = unread.keys {
        session.trusted.set(storage::trusted_from(&keys));
    }
    if let Some(sent) = unread.sent {
        session.sent.set(storage::sent_from(&sent));
    }
    if let Some(undo) = unread.undo {
        match storage::undo_from(undo) {
            Ok(undo) => session.undo.set(undo),
            Err(error) => session.notice.set(Some(error.into())),
        }
    }
}
