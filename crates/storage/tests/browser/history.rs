//! A record's history (留痕): written with its change or not at all, in order
//! under a clock that stands still, turned around by an undo.

use crate::support::sample_copy;
use taizhang_core::base::settings::Settings;
use taizhang_core::reporting::{FileFacts, LogEntry};
use taizhang_core::Timestamp;
use taizhang_storage::{Change, ImportCounts, StorageError};
use wasm_bindgen_test::*;

/// A record's history lands with its change or not at all, keeps its order
/// under a clock that stands still, and an undone import's entries give way
/// to the undo's.
#[wasm_bindgen_test]
async fn history_lands_with_its_change_and_an_undo_turns_it_around() {
    use taizhang_core::ledgers::chunks::{chunk_slice, encode};
    use taizhang_core::ledgers::history::{self, FileNamed, How};
    use taizhang_core::Kind;
    let (store, before) = sample_copy("test-history").await;
    let at = Timestamp::parse("2021-04-20T08:00:00Z").expect("time");
    let id = before.cases[0].id.to_string();

    // The form changes a case's notes: block and history in one write.
    let mut edited = before.clone();
    edited.cases[0].notes = "表单改过".into();
    edited.cases[0].revision += 1;
    let form = history::revision(Some(&before.cases[0]), &edited.cases[0], &at, &How::Form)
        .expect("a change");
    let block = || {
        vec![(
            Kind::Cases,
            0,
            encode(chunk_slice(&edited.cases, 0)).expect("block"),
        )]
    };
    taizhang_storage::fail_next_write_after(1);
    assert_eq!(
        store
            .save_blocks(block(), None, std::slice::from_ref(&form))
            .await,
        Err(StorageError::InjectedFault)
    );
    assert_eq!(store.load().await.expect("load").dataset, before);
    assert_eq!(
        store.history_of(&id).await.expect("history"),
        [],
        "nor its history"
    );
    store
        .save_blocks(block(), None, std::slice::from_ref(&form))
        .await
        .expect("saved");
    assert_eq!(
        store.history_of(&id).await.expect("history"),
        std::slice::from_ref(&form)
    );

    // An import changes it again, at the same instant.
    let mut imported = edited.clone();
    imported.cases[0].notes = "文件里的".into();
    imported.cases[0].revision += 1;
    let file = FileNamed {
        file: "台账-430200.json".into(),
        sha256: "cd".repeat(32),
        sender: Some("430200-committee".into()),
    };
    let mut touched = taizhang_core::PerKind::<Vec<usize>>::default();
    touched.get_mut(Kind::Cases).push(0);
    let revisions = history::of_import(
        &edited,
        &imported,
        &touched,
        &at,
        &How::Import(file.clone()),
    );
    assert_eq!(revisions.changed.len(), 1);
    let mut change = Change::default();
    change.touch(Kind::Cases, [0]);
    let logged = LogEntry {
        id: "entry-h".into(),
        file: FileFacts {
            file_name: file.file.clone(),
            sha256: file.sha256.clone(),
            source_office: file.sender.clone(),
            exported_at: Some(at.clone()),
            signed_by: None,
        },
        applied_at: at.clone(),
        counts: [0, 1, 0, 0, 0, 0],
    };
    store
        .save_undoable(
            &edited,
            &Settings::default(),
            &imported,
            &change,
            file.file.clone(),
            ImportCounts::default(),
            &logged,
            &revisions,
        )
        .await
        .expect("import");
    assert_eq!(
        store.history_of(&id).await.expect("history"),
        [form.clone(), revisions.changed[0].clone()]
    );

    store.undo(&at).await.expect("undo");
    let after_undo = store.history_of(&id).await.expect("history");
    assert_eq!(after_undo.len(), 2, "{after_undo:?}");
    assert_eq!(after_undo[0], form);
    assert_eq!(after_undo[1].how, How::Undo(file));
    assert_eq!(after_undo[1].changes.len(), 1);
    assert_eq!(after_undo[1].changes[0].field, "notes");
    assert_eq!(after_undo[1].changes[0].old, Some("文件里的".into()));
    assert_eq!(after_undo[1].changes[0].new, Some("表单改过".into()));
    assert_eq!(store.load().await.expect("load").dataset, edited);
}
