//! A block read back from IndexedDB (damaged on disk, or written by another
//! build): any bytes decode to records or to an error, never a panic or an
//! unbounded allocation; records that decode encode back to the same records.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use taizhang_core::ledgers::chunks::{decode, encode};
use taizhang_core::{Case, HonouredModel, Office, TrainingSession};

fn check<T: Serialize + DeserializeOwned + PartialEq + Debug>(bytes: &[u8]) {
    if let Ok(records) = decode::<T>(bytes) {
        let again = encode(&records).expect("decoded records encode");
        assert_eq!(decode::<T>(&again).expect("and decode again"), records);
    }
}

fuzz_target!(|bytes: &[u8]| {
    check::<Office>(bytes);
    check::<TrainingSession>(bytes);
    check::<HonouredModel>(bytes);
    check::<Case>(bytes);
});
