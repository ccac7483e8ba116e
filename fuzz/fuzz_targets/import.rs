//! The import path, from the bytes of a file to the records stored: any bytes
//! are either refused with reasons or accepted as a file that merges into the
//! app's data, and what comes out of that merge exports as a file that is
//! accepted again, with the same records.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use taizhang::domain::exchange::{apply, export, plan, read, to_json, Choice, ExportScope};
use taizhang::domain::{sample, Dataset, Timestamp};

fn now() -> Timestamp {
    Timestamp::parse("2021-06-01T00:00:00Z").expect("a valid timestamp")
}

/// The data already in the app: the sample district.
fn local() -> &'static Dataset {
    static LOCAL: OnceLock<Dataset> = OnceLock::new();
    LOCAL.get_or_init(|| sample::dataset(&now()))
}

type Chooser = dyn Fn(&str, usize) -> Choice;

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
    let plan = plan(local(), &incoming);
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
    for (choose, uniform) in choices {
        match apply(local(), &incoming, &plan, choose) {
            Ok((merged, _)) => {
                let again = round_trip(&merged);
                assert_eq!(
                    again,
                    round_trip(&again),
                    "export → import → export changed the data"
                );
            }
            // Only a mix of versions can loop the office tree; it is refused, not stored.
            Err(refused) => assert!(!uniform, "uniform choices refused: {refused}"),
        }
    }
});
