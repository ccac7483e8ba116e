//! The import path, from the bytes of a file to the records stored: any bytes
//! are either refused with reasons or accepted as a file that merges into the
//! app's data, and what comes out of that merge exports as a file that is
//! accepted again, with the same records.
#![no_main]

#[path = "../../crates/core/tests/support/merge_oracle.rs"]
mod merge_oracle;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use taizhang_core::exchange::{apply, export, plan, read, to_json, Choice, ExportScope};
use taizhang_core::{ledgers::sample, Dataset, Kind, Timestamp};

fn now() -> Timestamp {
    Timestamp::parse("2021-06-01T00:00:00Z").expect("a valid timestamp")
}

/// The data already in the app: the sample district.
fn local() -> &'static Dataset {
    static LOCAL: OnceLock<Dataset> = OnceLock::new();
    LOCAL.get_or_init(|| sample::dataset(&now()))
}

type Chooser = dyn Fn(Kind, usize) -> Choice;

fn round_trip(data: &Dataset) -> Dataset {
    let text = to_json(&export(data, &ExportScope::default(), now(), None));
    match read(text.as_bytes()) {
        Ok(file) => file.into_dataset(),
        Err(errors) => panic!("an export of accepted data was refused: {errors:?}"),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let file = match read(bytes) {
        Ok(file) => file,
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without a reason");
            return;
        }
    };
    let incoming = file.into_dataset();
    let first_plan = plan(local(), &incoming);
    // Keep all mine, take all theirs, and a mix (theirs for even positions).
    let choices: [(&Chooser, bool); 3] = [
        (&|_, _| Choice::KeepMine, true),
        (&|_, _| Choice::TakeTheirs, true),
        (
            &|_, i| {
                if i % 2 == 0 {
                    Choice::TakeTheirs
                } else {
                    Choice::KeepMine
                }
            },
            false,
        ),
    ];
    for (index, (choose, uniform)) in choices.into_iter().enumerate() {
        match apply(local(), &incoming, &first_plan, choose) {
            Ok((merged, _)) => {
                // What merged is stored exactly: export → import gives it back.
                assert_eq!(
                    round_trip(&merged),
                    merged,
                    "export → import changed the data"
                );
                if uniform {
                    let choice = [Choice::KeepMine, Choice::TakeTheirs][index];
                    // Record by record as the contract says: with "keep mine" every
                    // local record not updated or deleted is unchanged, every new id is there.
                    merge_oracle::assert_merge_follows_the_contract(local(), &incoming, &merged, choice);
                    // Importing the same file again changes nothing.
                    let again = plan(&merged, &incoming);
                    let (twice, _) = apply(&merged, &incoming, &again, choose)
                        .unwrap_or_else(|e| panic!("a second import was refused: {e}"));
                    assert_eq!(twice, merged, "a re-import changed the data");
                }
            }
            // Only a mix of versions can loop the office tree; it is refused, not stored.
            Err(refused) => assert!(!uniform, "uniform choices refused: {refused}"),
        }
    }
});
