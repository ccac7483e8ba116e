//! The files sent and the undo: read (and checked) with everything else at
//! the start and after each reload, but read as JSON only once a screen
//! shows them (the exchange screen, whose code is fetched with it). Their
//! deserializers then come with that screen's code, not in the page's first
//! download: the dashboard shows neither.

use super::Session;
use leptos::prelude::*;
use std::rc::Rc;
use taizhang_storage::{self as storage, StorageError, Store};

/// Texts read and not yet shown (`None`: nothing new to show).
#[derive(Default)]
pub struct Unread {
    pub(super) sent: Option<Vec<String>>,
    pub(super) undo: Option<Option<String>>,
}

impl Session {
    /// Keeps the texts just read; shown at once if a screen showed them before.
    pub(super) fn keep_unread(self, sent: Vec<String>, undo: Option<String>) {
        if undo.is_some() {
            self.undo_forgotten.set(false);
        }
        self.unread.set_value(Unread {
            sent: Some(sent),
            undo: Some(undo),
        });
        if let Some(read) = self.reader.get_value() {
            read(self);
        }
    }

    /// Shows the files sent and the undo; from now on each reload shows
    /// them at once. Called by the screen that shows them, so that their
    /// JSON's code is that screen's.
    pub fn show_unread(self) {
        self.reader.set_value(Some(read_unread));
        read_unread(self);
    }

    /// Reads the import log, the keys trusted, the files sent and the undo
    /// again (another tab or the engine wrote). A read that fails is said,
    /// and what was shown stays.
    pub(super) async fn reload_lists(self, store: &Rc<Store>) {
        let read = async {
            let undo = store.undo_text().await?;
            let sent = store.sent_texts().await?;
            let log = store.import_log().await?;
            let trusted = store.trusted_keys().await?;
            Ok::<_, StorageError>((undo, sent, log, trusted))
        };
        match read.await {
            Ok((undo, sent, log, trusted)) => {
                self.log.set(log);
                self.trusted.set(trusted);
                self.keep_unread(sent, undo);
            }
            Err(error) => self.notice.set(Some(error.into())),
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
        let read = async {
            let log = store.import_log().await?;
            let sent = store.sent_files().await?;
            let trusted = store.trusted_keys().await?;
            Ok::<_, StorageError>((log, sent, trusted))
        };
        match read.await {
            Ok((log, sent, trusted)) => {
                self.log.set(log);
                self.sent.set(sent);
                self.unread.update_value(|unread| unread.sent = None);
                self.trusted.set(trusted);
            }
            Err(error) => self.notice.set(Some(error.into())),
        }
    }
}

/// Shows what was kept unread; an undo that does not read is said.
fn read_unread(session: Session) {
    let unread = session
        .unread
        .try_update_value(std::mem::take)
        .unwrap_or_default();
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
