//! An undo made while another tab imports. The undo reads what the last
//! import kept, then writes it back; an import landing between the two
//! made the undo put back blocks from before the first import over the
//! second's, with the second's log entry and history left saying it
//! happened. The undo is now planned from one moment of what is stored.

use crate::support::{import, locked_copy, now, sample_copy};
use taizhang_core::Dataset;
use taizhang_storage::{use_data_key, StorageError, Store};
use wasm_bindgen_test::*;

const FIRST: &str = "第一次导入的说明";
const SECOND: &str = "另一个标签页第二次导入的说明";

/// Tab `undoing` undoes the import `one` it made while tab `importing`,
/// started `delay` ms later, imports `two` over what `one` left; then what
/// is stored must agree with itself: the second import's entry in the log
/// exactly when its change is in the ledger.
async fn undo_while_importing(name: &str, undoing: Store, data: Dataset, delay: u32) {
    let after_one = import(&undoing, &data, FIRST, "one").await;
    let importing = Store::open(name).await.expect("another tab");
    let later = async {
        gloo_timers::future::TimeoutFuture::new(delay).await;
        import(&importing, &after_one, SECOND, "two").await;
    };
    let at = now();
    let (undone, ()) = futures::join!(undoing.undo(&at), later);
    undoing.close();
    importing.close();
    let store = Store::open(name).await.expect("reopen");
    let notes = store.load().await.map(|l| l.dataset.cases[0].notes.clone());
    let log: Vec<String> = store
        .import_log()
        .await
        .expect("the log")
        .into_iter()
        .map(|e| e.id)
        .collect();
    store.close();
    let second_logged = log.iter().any(|id| id == "two");
    let second_in_ledger = notes.as_deref() == Ok(SECOND);
    let agrees =
        second_logged == second_in_ledger && matches!(undone, Ok(()) | Err(StorageError::UndoGone));
    assert!(
        agrees,
        "{delay} ms: undo {undone:?}, first case's notes {notes:?}, log {log:?}"
    );
}

#[wasm_bindgen_test]
async fn an_undo_while_another_tab_imports_leaves_the_ledger_and_log_agreeing() {
    for delay in [0u32, 1, 2, 4, 8, 16, 32] {
        let name = format!("undo-race-{delay}");
        let (store, data) = sample_copy(&name).await;
        undo_while_importing(&name, store, data, delay).await;
    }
}

#[wasm_bindgen_test]
async fn an_undo_while_another_tab_imports_leaves_a_locked_copy_agreeing() {
    for delay in [0u32, 2, 8, 32] {
        let name = format!("undo-race-locked-{delay}");
        let (store, data, _, _) = locked_copy(&name).await;
        undo_while_importing(&name, store, data, delay).await;
        use_data_key(None);
    }
}
