//! How every write reaches the database: one transaction of queued
//! requests, each value sealed first while the lock is on, then checked by
//! reading back its commit token.

use super::batch::{self, Expected, Found, Landed, Op};
use super::batch::{finish_write, put_text};
use super::error::StorageError;
use super::manifest::Manifest;
use super::schema::kept_plain;
use super::schema::{APP_LOCK_KEY, COMMIT_KEY, MANIFEST_KEY};
use super::schema::{
    STORE_CHUNKS, STORE_HISTORY_PAGES, STORE_IMPORTS, STORE_META, STORE_UNDO, UNDO_INFO_KEY,
};
use super::seal::IN_FLIGHT;
use super::seal::{
    aad_for, data_key, entry_place, holds_data_key, is_empty_bytes, is_sealed, new_nonce,
    nonce_bytes_of, nonce_of, nonce_text, place, seal_value_with, unseal_value, Binding,
};
use super::store::Store;
use futures::stream::{self, StreamExt, TryStreamExt};
use futures::FutureExt;
use taizhang_core::base::settings::Settings;
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

/// How many times a write is made again when other tabs keep writing.
pub(super) const RACES: usize = 5;

impl Store {
    /// One transaction: the blocks given (keys and values), the key ranges
    /// `truncate` removed, settings, the undo copy if given, the import log's
    /// entry if given (`(id, JSON)`), the history entries added, commit token.
    /// Everything is encoded before: the transaction only queues requests.
    pub(super) async fn write(
        &self,
        puts: Vec<(JsValue, JsValue)>,
        truncate: Vec<(JsValue, JsValue)>,
        settings: Option<&Settings>,
        undo: Option<(Vec<(JsValue, JsValue)>, String)>,
        logged: Option<(String, String)>,
        history: Vec<Op>,
    ) -> Result<(), StorageError> {
        let settings = match settings {
            Some(s) => {
                Some(serde_json::to_string(s).map_err(|e| StorageError::Failed(e.to_string()))?)
            }
            None => None,
        };
        let mut ops = Vec::new();
        let mut stores = vec![STORE_META, STORE_CHUNKS];
        if let Some((old_blocks, info)) = undo {
            ops.push(Op::Clear { store: STORE_UNDO });
            ops.extend(old_blocks.into_iter().map(|(key, value)| Op::Put {
                store: STORE_UNDO,
                key,
                value,
            }));
            ops.push(put_text(STORE_UNDO, UNDO_INFO_KEY, &info));
            stores.extend([STORE_UNDO, STORE_IMPORTS]);
        } else if !puts.is_empty() && self.has_store(STORE_UNDO) {
            // The ledgers changed after the last import: its undo, which
            // puts whole blocks back and cuts the tables to their lengths
            // before it, would take this change with it. It is forgotten.
            ops.push(Op::Clear { store: STORE_UNDO });
            stores.push(STORE_UNDO);
        }
        if !history.is_empty() {
            stores.push(STORE_HISTORY_PAGES);
            ops.extend(history);
        }
        if let Some((id, entry)) = logged {
            ops.push(put_text(STORE_IMPORTS, &id, &entry));
        }
        ops.extend(puts.into_iter().map(|(key, value)| Op::Put {
            store: STORE_CHUNKS,
            key,
            value,
        }));
        self.finish_and_commit(&stores, ops, truncate, settings)
            .await
    }

    /// Ends `ops` as every write ends (`finish_write`: the truncation, the
    /// settings, a new commit token) and runs them with [`Store::commit`].
    pub(super) async fn finish_and_commit(
        &self,
        stores: &[&str],
        ops: Vec<Op>,
        truncate: Vec<(JsValue, JsValue)>,
        settings: Option<String>,
    ) -> Result<(), StorageError> {
        match self
            .finish_and_commit_from(stores, ops, (truncate, settings), None)
            .await?
        {
            Landed::Done => Ok(()),
            Landed::Raced => Err(StorageError::WriteLost),
        }
    }

    /// [`Store::finish_and_commit`] of a write planned from what was stored
    /// when the commit token was `basis` (if given): `Raced`, nothing
    /// written, when any write landed since, so that it is planned anew.
    pub(super) async fn finish_and_commit_from(
        &self,
        stores: &[&str],
        mut ops: Vec<Op>,
        (truncate, settings): (Vec<(JsValue, JsValue)>, Option<String>),
        basis: Option<&Option<String>>,
    ) -> Result<Landed, StorageError> {
        finish_write(&mut ops, truncate, settings, &batch::new_token());
        self.commit_from(stores, ops, basis).await
    }

    /// Runs `ops` in one transaction (see `batch`), each value sealed first
    /// while the lock is on: the transaction itself awaits nothing else.
    /// The transaction expects the lock as this tab knows it, on or off: a
    /// tab that has not yet heard another turn it on or off reads it again
    /// and makes the write anew, sealed or plain as the lock is now (or
    /// refused as `Locked` when it is on and this tab holds no key).
    pub(super) async fn commit(&self, stores: &[&str], ops: Vec<Op>) -> Result<(), StorageError> {
        match self.commit_from(stores, ops, None).await? {
            Landed::Done => Ok(()),
            Landed::Raced => Err(StorageError::WriteLost),
        }
    }

    /// [`Store::commit`], expecting the commit token `basis` (if given):
    /// `Raced` when another write landed since it was read.
    async fn commit_from(
        &self,
        stores: &[&str],
        mut ops: Vec<Op>,
        basis: Option<&Option<String>>,
    ) -> Result<Landed, StorageError> {
        // Every write leaves a new commit token: a rewrite of the lock made
        // meanwhile in another tab expects the one it read, and is made anew.
        let token_put = |op: &Op| {
            matches!(op, Op::Put { store, key, .. }
                if *store == STORE_META && key.as_string().as_deref() == Some(COMMIT_KEY))
        };
        if !ops.iter().any(token_put) {
            ops.push(put_text(STORE_META, COMMIT_KEY, &batch::new_token()));
        }
        let mut stores = stores.to_vec();
        if !stores.contains(&STORE_META) {
            stores.push(STORE_META);
        }
        // Values sealed before the write (an import's undo copies) are
        // written only under the lock they were sealed for.
        let sealed_before = ops
            .iter()
            .any(|op| matches!(op, Op::Put { value, .. } if is_sealed(value)));
        let first = self.app_lock.borrow().clone();
        let first_key = data_key();
        for _ in 0..RACES {
            let known = self.app_lock.borrow().clone();
            let same_key = match &first_key {
                Some(key) => holds_data_key(key),
                None => data_key().is_none(),
            };
            if sealed_before && (known != first || !same_key) {
                return Err(StorageError::WriteLost);
            }
            match self.commit_as_locked_now(&stores, ops.clone(), basis).await {
                Ok(Landed::Done) => return Ok(Landed::Done),
                Ok(Landed::Raced) => {
                    self.read_lock_again().await?;
                    if basis.is_some() {
                        return Ok(Landed::Raced);
                    }
                }
                // A value that did not open because another tab turned the
                // lock off or made it anew (heard while this write was being
                // made, or now): made again as the lock is now (or refused
                // as `Locked` when this tab's key is stale).
                Err(error @ StorageError::Tampered(_)) => {
                    self.lock_moved().await?;
                    if *self.app_lock.borrow() == known {
                        return Err(error);
                    }
                }
                Err(error) => return Err(error),
            }
        }
        Err(StorageError::WriteLost)
    }

    /// What a write expects of the lock's record: the one this tab knows
    /// (none while it knows the lock off).
    fn lock_expected(&self) -> Expected {
        Expected {
            store: STORE_META,
            key: APP_LOCK_KEY.into(),
            found: Found::Lock(self.app_lock.borrow().clone()),
        }
    }

    /// What a write planned from the commit token `basis` expects (none:
    /// planned from nothing read).
    fn basis_expected(basis: Option<&Option<String>>) -> Option<Expected> {
        basis.map(|token| Expected {
            store: STORE_META,
            key: COMMIT_KEY.into(),
            found: Found::Plain(
                token
                    .as_deref()
                    .map_or(JsValue::UNDEFINED, JsValue::from_str),
            ),
        })
    }

    /// [`Store::commit`] once, with the lock as this tab knows it.
    async fn commit_as_locked_now(
        &self,
        stores: &[&str],
        mut ops: Vec<Op>,
        basis: Option<&Option<String>>,
    ) -> Result<Landed, StorageError> {
        let expected = || {
            let mut expected = vec![self.lock_expected()];
            expected.extend(Store::basis_expected(basis));
            expected
        };
        let Some(key) = self.sealing_key()? else {
            // (Names given plain stay so: the lock is off.)
            return batch::commit_expecting(&self.raw, stores, ops, expected()).await;
        };
        // Keys and files sent lie under hidden names while the lock is on:
        // named here, as the lock is at this write (made again as the lock
        // is then if another tab turns it on or off meanwhile).
        for op in &mut ops {
            if let Op::Put { store, key, .. } | Op::Delete { store, key } = op {
                if let Some(name) = key.as_string() {
                    *key = self.entry_key(store, &name).await?;
                }
            }
        }
        // Each value's nonce is chosen first, so the manifest that names
        // them is sealed at the same time as they are: one round trip to
        // the crypto thread instead of two.
        let mut nonces = Vec::with_capacity(ops.len());
        for op in &ops {
            nonces.push(match sealed_at(op) {
                // Sealed already (an undo copy sealed again): its own.
                Some((value, _)) if is_sealed(&value) => nonce_bytes_of(&value),
                Some(_) => Some(new_nonce()?),
                None => None,
            });
        }
        let planned = if self.manifest_on() && Manifest::touched_by(&ops) {
            let (expected, mut manifest) = self.manifest_expected().await?;
            manifest.apply_with(&ops, |at, _| nonces[at].as_deref().map(nonce_text));
            Some((expected, manifest))
        } else {
            None
        };
        // Several WebCrypto calls in flight at once: each is a promise
        // answered from the browser's crypto thread, so one after the
        // other the write waits a round trip per value.
        let jobs = ops
            .iter()
            .zip(&nonces)
            .enumerate()
            .filter_map(|(at, (op, nonce))| {
                let (value, aad) = sealed_at(op)?;
                let (key, nonce) = (key.clone(), nonce.clone()?);
                Some(
                    async move {
                        Ok::<_, StorageError>((
                            Some(at),
                            seal_value_with(&key, &value, &aad, &nonce).await?,
                        ))
                    }
                    .boxed_local(),
                )
            });
        let manifest_job = planned.as_ref().map(|(_, manifest)| {
            let (key, manifest) = (key.clone(), manifest.clone());
            async move {
                Ok::<_, StorageError>((None, Store::sealed_manifest(&key, &manifest).await?))
            }
            .boxed_local()
        });
        let sealed: Vec<(Option<usize>, JsValue)> =
            stream::iter(manifest_job.into_iter().chain(jobs))
                .buffer_unordered(IN_FLIGHT)
                .try_collect::<Vec<_>>()
                .await?;
        let mut manifest_put = None;
        for (at, sealed) in sealed {
            match at.and_then(|at| ops.get_mut(at)) {
                Some(Op::Put { value, .. } | Op::Add { value, .. }) => *value = sealed,
                _ => manifest_put = Some(sealed),
            }
        }
        match (planned, manifest_put) {
            (Some((expected, manifest)), Some(put)) => {
                let planned = (expected, manifest, put);
                self.commit_with_manifest(stores, ops, &key, &nonces, planned, basis)
                    .await
            }
            _ => batch::commit_expecting(&self.raw, stores, ops, expected()).await,
        }
    }

    /// The manifest a write expects to find, with its nonce: the one this
    /// copy last read or wrote, without a read of its own. If another tab
    /// (or anyone) wrote since, the transaction finds another nonce,
    /// aborts, and the write is made again from a fresh read.
    async fn manifest_expected(&self) -> Result<(Option<String>, Manifest), StorageError> {
        if let Some((nonce, manifest)) = self.manifest_seen.borrow().clone() {
            return Ok((Some(nonce), manifest));
        }
        let (raw, manifest) = self.current_manifest().await?;
        Ok((raw.as_ref().and_then(nonce_of), manifest))
    }

    /// Writes `ops` (sealed) and the manifest they leave, in one transaction
    /// that expects the manifest `first` was planned on (with `nonces`); made
    /// again from a fresh read when another tab wrote meanwhile, or when a
    /// value was left as it was (already sealed, or empty bytes) and so has
    /// not the nonce chosen for it.
    async fn commit_with_manifest(
        &self,
        stores: &[&str],
        ops: Vec<Op>,
        key: &CryptoKey,
        nonces: &[Option<Vec<u8>>],
        first: (Option<String>, Manifest, JsValue),
        basis: Option<&Option<String>>,
    ) -> Result<Landed, StorageError> {
        let mut first = Some(first).filter(|_| chosen_nonces_kept(&ops, nonces));
        for _ in 0..RACES {
            let (expected, manifest, sealed) = match first.take() {
                Some(planned) => planned,
                None => {
                    let (raw, mut manifest) = self.current_manifest().await?;
                    manifest.apply(&ops);
                    let sealed = Store::sealed_manifest(key, &manifest).await?;
                    (raw.as_ref().and_then(nonce_of), manifest, sealed)
                }
            };
            let mut all = ops.clone();
            all.push(Store::manifest_op(sealed.clone()));
            let mut expected = vec![
                Expected {
                    store: STORE_META,
                    key: MANIFEST_KEY.into(),
                    found: Found::Nonce(expected),
                },
                self.lock_expected(),
            ];
            expected.extend(Store::basis_expected(basis));
            match batch::commit_expecting(&self.raw, stores, all, expected).await? {
                Landed::Done => {
                    self.remember_manifest(&sealed, &manifest);
                    return Ok(Landed::Done);
                }
                // Another tab wrote, or turned the lock off: then the
                // write is made anew as the lock is now (or planned anew,
                // when it was planned from what was stored). Made again
                // here only while the page holds the key it was sealed
                // with: one handed another (the lock made anew elsewhere)
                // seals it anew, or refuses what was sealed before it.
                Landed::Raced => {
                    self.read_lock_again().await?;
                    if self.app_lock.borrow().is_none() || basis.is_some() || !holds_data_key(key) {
                        return Ok(Landed::Raced);
                    }
                }
            }
        }
        Err(StorageError::WriteLost)
    }

    /// The data key values are opened with: the page's, while this tab
    /// knows the lock on (with the lock off, plain values are read as they
    /// are, whatever key the page still holds).
    pub(super) fn opening_key(&self) -> Option<CryptoKey> {
        data_key().filter(|_| self.app_lock.borrow().is_some())
    }

    /// The data key to seal with while the lock is on (`Locked` without it).
    fn sealing_key(&self) -> Result<Option<CryptoKey>, StorageError> {
        if self.app_lock.borrow().is_none() {
            return Ok(None);
        }
        data_key().map(Some).ok_or(StorageError::Locked)
    }

    /// How values are opened: bound to their place once the lock's values
    /// are (a lock from before binding is bound on its first unlock).
    pub(super) fn binding<'a>(&self, aad: &'a [u8]) -> Binding<'a> {
        match self.app_lock.borrow().as_ref() {
            Some(lock) if !lock.bound => Binding::AtOrUnbound(aad),
            _ => Binding::At(aad),
        }
    }

    /// The value stored in `store` under `key` as it was written, opened if
    /// sealed; refused as tampered if it does not open there, or is plain
    /// while the lock is on (but the lock's own record and the commit token).
    pub(super) async fn unsealed_at(
        &self,
        store: &str,
        key: &JsValue,
        value: &JsValue,
    ) -> Result<JsValue, StorageError> {
        if store == STORE_META && kept_plain(key) {
            return Ok(value.clone());
        }
        let aad = aad_for(store, key, value);
        unseal_value(self.opening_key().as_ref(), value, self.binding(&aad)).await
    }

    /// A block stored in `store` (the ledgers', or the undo's) under `key`.
    pub(super) async fn block_at(
        &self,
        store: &str,
        key: &JsValue,
        value: &JsValue,
    ) -> Result<Vec<u8>, StorageError> {
        let aad = place(store, key);
        super::opening::block_bytes(self.opening_key().as_ref(), value, self.binding(&aad)).await
    }
}

/// The value `op` seals and the additional data it is bound to, if it
/// writes one that is sealed while the lock is on (empty bytes stay plain:
/// no nonce is chosen for them, so the write's plan holds).
fn sealed_at(op: &Op) -> Option<(JsValue, Vec<u8>)> {
    match op {
        Op::Put { value, .. } if is_empty_bytes(value) => None,
        Op::Put { store, key, value } if !(*store == STORE_META && kept_plain(key)) => {
            Some((value.clone(), aad_for(store, key, value)))
        }
        Op::Add { store, value } => Some((value.clone(), entry_place(store, value))),
        _ => None,
    }
}

/// Whether every value sealed has the nonce chosen for it.
fn chosen_nonces_kept(ops: &[Op], nonces: &[Option<Vec<u8>>]) -> bool {
    ops.iter().zip(nonces).all(|(op, nonce)| match (op, nonce) {
        (Op::Put { value, .. } | Op::Add { value, .. }, Some(nonce)) => {
            nonce_of(value).as_deref() == Some(nonce_text(nonce).as_str())
        }
        _ => true,
    })
}
