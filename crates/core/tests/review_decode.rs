//! Review of 57e2cbe (blocks decoded in place, room taken once, a timestamp's
//! text kept): hostile bytes against `decode_into`, held to the decoder it
//! replaced; `Timestamp`'s deserialization held to `Timestamp::parse`.
//! (Its attack on the room once taken for every stored block, which a
//! hostile count of keys could make take all memory, removed that room.)

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use std::fmt::Debug;
use taizhang_core::ledgers::chunks::{
    decode, decode_block_into, decode_into, encode, ChunkError, CHUNK_LEN,
};
use taizhang_core::{Case, Dataset, HonouredModel, Kind, Office, Timestamp, TrainingSession};

/// The decoder before 57e2cbe, word for word: the oracle.
fn old_decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, ChunkError> {
    match bytes.split_first() {
        None => Err(ChunkError::Empty),
        Some((&1, body)) => {
            match postcard::take_from_bytes(body).map_err(|e| ChunkError::Decode(e.to_string()))? {
                (records, []) => Ok(records),
                (_, rest) => Err(ChunkError::Decode(format!(
                    "{} bytes after the records",
                    rest.len()
                ))),
            }
        }
        Some((&other, _)) => Err(ChunkError::UnknownEncoding(other)),
    }
}

/// `decode_into` onto `prefix` agrees with the old decoder: the same records
/// appended, or the same error and the list as it was.
fn agrees<T: DeserializeOwned + PartialEq + Debug + Clone>(prefix: &[T], bytes: &[u8]) {
    let mut out = prefix.to_vec();
    let new = decode_into(bytes, &mut out);
    match old_decode::<T>(bytes) {
        Ok(records) => {
            assert_eq!(
                new,
                Ok(()),
                "old decoder read {} records from {bytes:?}",
                records.len()
            );
            assert_eq!(&out[..prefix.len()], prefix);
            assert_eq!(&out[prefix.len()..], &records[..]);
        }
        Err(old) => {
            assert_eq!(new, Err(old), "bytes {bytes:?}");
            assert_eq!(out, prefix, "a refused block left records behind");
        }
    }
    // And `decode` (now over decode_into) is the old decode.
    assert_eq!(decode::<T>(bytes), old_decode::<T>(bytes));
}

fn case(n: usize, notes: &str, updated_at: &str) -> Case {
    serde_json::from_value(json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"), "office": "A1", "revision": 1,
        "updated_at": updated_at, "deleted": false,
        "reference": "石法〔2021〕12号", "source": "public_report",
        "category": "interference", "received_on": "2021-04-02",
        "deadline": null, "status": "received", "resolved_on": null,
        "outcome": null, "notes": notes
    }))
    .expect("a case")
}

fn office(n: usize) -> Office {
    serde_json::from_value(json!({
        "code": format!("O{n}"), "name": "石峰区", "level": "county", "system": "committee",
        "parent": null, "headcount": n
    }))
    .expect("an office")
}

fn cases_block(notes: &[String]) -> Vec<u8> {
    let records: Vec<Case> = notes
        .iter()
        .enumerate()
        .map(|(n, text)| case(n, text, "2021-04-20T08:00:00Z"))
        .collect();
    encode(&records).expect("encode")
}

/// A valid block, then one change a damaged disk or a hand could make.
#[derive(Clone, Debug)]
enum Damage {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, u8),
    Append(Vec<u8>),
    /// The stated record count (the varint after the encoding byte) set anew.
    Count(u64),
}

fn damage(mut bytes: Vec<u8>, how: &Damage) -> Vec<u8> {
    match how {
        Damage::Flip(at, x) => {
            let at = at % bytes.len();
            bytes[at] ^= x | 1;
        }
        Damage::Cut(at) => bytes.truncate(at % (bytes.len() + 1)),
        Damage::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), *b),
        Damage::Append(more) => bytes.extend(more),
        Damage::Count(count) => {
            let (_, rest) = postcard::take_from_bytes::<u64>(&bytes[1..]).expect("a count");
            let mut again = vec![1];
            again.extend(postcard::to_allocvec(count).expect("varint"));
            again.extend(rest);
            bytes = again;
        }
    }
    bytes
}

fn damages() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, x)| Damage::Flip(a, x)),
        any::<usize>().prop_map(Damage::Cut),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Damage::Insert(a, b)),
        proptest::collection::vec(any::<u8>(), 1..8).prop_map(Damage::Append),
        prop_oneof![
            0u64..8,
            Just(u64::from(u32::MAX)),
            Just(u64::MAX),
            any::<u64>()
        ]
        .prop_map(Damage::Count),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any bytes onto a non-empty list: the old decoder's records appended, or
    /// its error and the list unchanged; every row type.
    #[test]
    fn arbitrary_bytes_decode_as_the_old_decoder_did(
        body in proptest::collection::vec(any::<u8>(), 0..64),
        first in prop_oneof![Just(1u8), any::<u8>()],
        empty in any::<bool>(),
    ) {
        let bytes: Vec<u8> = if empty { vec![] } else { std::iter::once(first).chain(body).collect() };
        agrees::<String>(&["甲".to_owned()], &bytes);
        agrees::<u8>(&[7], &bytes);
        agrees::<Office>(&[office(1)], &bytes);
        agrees::<Case>(&[case(1, "前", "2021-04-20T08:00:00Z")], &bytes);
        agrees::<TrainingSession>(&[], &bytes);
        agrees::<HonouredModel>(&[], &bytes);
    }

    /// Valid blocks of cases, damaged once: the same records, or the same
    /// error and the table as it was (the error often comes after some
    /// records were pushed).
    #[test]
    fn damaged_blocks_decode_as_the_old_decoder_did(
        notes in proptest::collection::vec("[a-z石峰\"\\\\]{0,12}", 0..6),
        how in damages(),
    ) {
        let bytes = damage(cases_block(&notes), &how);
        agrees::<Case>(&[case(99, "前", "2021-04-20T08:00:00Z")], &bytes);
        agrees::<String>(&["甲".to_owned()], &bytes);
    }

    /// Offices likewise (a block of a kind with optional fields).
    #[test]
    fn damaged_office_blocks_decode_as_the_old_decoder_did(
        count in 0usize..5,
        how in damages(),
    ) {
        let offices: Vec<Office> = (0..count).map(office).collect();
        let bytes = damage(encode(&offices).expect("encode"), &how);
        agrees::<Office>(&[office(99)], &bytes);
    }

    /// A stored timestamp reads exactly when `Timestamp::parse` reads it, to
    /// the same text, in postcard and in JSON.
    #[test]
    fn a_timestamp_deserializes_exactly_when_it_parses(
        text in prop_oneof![
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt _][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{2}:[0-9]{2})?",
            "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:(60|[0-5][0-9])(\\.[0-9]{1,10})?([Zz]|[+-]00:00|[+-]0[01]:[0-5][0-9])",
            ".{0,30}",
        ],
    ) {
        let parsed = Timestamp::parse(&text);
        let posted = postcard::to_allocvec(&text).expect("string");
        let read: Option<Timestamp> = postcard::from_bytes(&posted).ok();
        prop_assert_eq!(&read, &parsed);
        let json = serde_json::to_string(&text).expect("json");
        let read: Option<Timestamp> = serde_json::from_str(&json).ok();
        prop_assert_eq!(&read, &parsed);
        if let Some(at) = parsed {
            prop_assert_eq!(at.as_str(), text.as_str());
        }
    }
}

#[test]
fn the_fixed_edges_are_refused_and_leave_the_list() {
    let mut out = vec!["甲".to_owned()];
    assert_eq!(decode_into::<String>(&[], &mut out), Err(ChunkError::Empty));
    assert_eq!(
        decode_into::<String>(&[0], &mut out),
        Err(ChunkError::UnknownEncoding(0))
    );
    assert_eq!(
        decode_into::<String>(&[2, 0], &mut out),
        Err(ChunkError::UnknownEncoding(2))
    );
    assert!(matches!(
        decode_into::<String>(&[1], &mut out),
        Err(ChunkError::Decode(_))
    ));
    assert_eq!(
        decode_into::<String>(&[1, 0, 0], &mut out),
        Err(ChunkError::Decode("1 bytes after the records".into()))
    );
    // Two records, then a third cut short: two were pushed before the error.
    assert!(matches!(
        decode_into::<String>(&[1, 3, 1, b'a', 1, b'b', 5, b'c'], &mut out),
        Err(ChunkError::Decode(_))
    ));
    // Two records, then trailing bytes: the error is found after both were pushed.
    assert!(matches!(
        decode_into::<String>(&[1, 2, 1, b'a', 1, b'b', 9], &mut out),
        Err(ChunkError::Decode(_))
    ));
    assert_eq!(out, ["甲"]);
    // A zero-record block appends nothing and is not an error (as before).
    assert_eq!(decode_into::<String>(&[1, 0], &mut out), Ok(()));
    assert_eq!(out, ["甲"]);
}

/// The stated count is the file's word: a huge one (with or without the
/// bytes to back it) reserves at most one block's room, and reads as the
/// old decoder did.
#[test]
fn a_huge_stated_count_takes_at_most_one_blocks_room() {
    let counts: [u64; 5] = [1_001, 1 << 20, u64::from(u32::MAX), u64::MAX / 2, u64::MAX];
    for count in counts {
        for backing in [0usize, 1, 2_000, 200_000] {
            let mut bytes = vec![1];
            bytes.extend(postcard::to_allocvec(&count).expect("varint"));
            // `backing` one-byte records (empty strings / zero bytes).
            bytes.extend(std::iter::repeat_n(0u8, backing));
            let mut strings: Vec<String> = Vec::new();
            let _ = decode_into(&bytes, &mut strings);
            assert!(strings.is_empty());
            // Room taken for a refused block: never more than one block.
            assert!(
                strings.capacity() <= CHUNK_LEN.max(2 * backing),
                "{count} {backing}: {}",
                strings.capacity()
            );
            let mut cases: Vec<Case> = Vec::new();
            let _ = decode_into(&bytes, &mut cases);
            assert!(cases.capacity() <= CHUNK_LEN);
            assert!(cases.is_empty());
            agrees::<String>(&[], &bytes);
            agrees::<u8>(&[], &bytes);
        }
    }
}

/// Room given back: a refused block may leave the table's capacity larger
/// than it was (the length is restored, the room is not). Not a fault the
/// app sees, recorded here so the doc's "as it was" is read as "the same
/// records".
#[test]
fn a_refused_block_keeps_its_room() {
    let mut out: Vec<String> = vec!["甲".to_owned()];
    out.shrink_to_fit();
    let before = out.capacity();
    let mut bytes = vec![1];
    bytes.extend(postcard::to_allocvec(&1000u64).expect("varint"));
    bytes.extend(std::iter::repeat_n(0u8, 999)); // one record short
    assert!(decode_into(&bytes, &mut out).is_err());
    assert_eq!(out, ["甲"]);
    assert!(out.capacity() >= before);
    eprintln!(
        "capacity {before} -> {} after a refused block",
        out.capacity()
    );
}

#[test]
fn real_blocks_of_every_kind_are_appended_in_order() {
    let mut data = Dataset::default();
    let first: Vec<Case> = (0..CHUNK_LEN)
        .map(|n| case(n, "一", "2021-04-20T08:00:00Z"))
        .collect();
    let second: Vec<Case> = (0..3)
        .map(|n| case(n + CHUNK_LEN, "二", "2021-04-20T08:00:00.5z"))
        .collect();
    decode_block_into(&mut data, Kind::Cases, &encode(&first).expect("encode")).expect("first");
    decode_block_into(&mut data, Kind::Cases, &encode(&second).expect("encode")).expect("second");
    assert_eq!(data.cases.len(), CHUNK_LEN + 3);
    assert_eq!(&data.cases[..CHUNK_LEN], &first[..]);
    assert_eq!(&data.cases[CHUNK_LEN..], &second[..]);
    // A block whose last record's timestamp is not UTC: nothing of it stays.
    let mut bad = second.clone();
    bad.push(case(7, "三", "2021-04-20T08:00:00Z"));
    let mut bytes = encode(&bad).expect("encode");
    let z = bytes.iter().rposition(|&b| b == b'Z').expect("the Z");
    bytes[z] = b'+'; // "…08:00:00+" is no timestamp
    assert!(decode_block_into(&mut data, Kind::Cases, &bytes).is_err());
    assert_eq!(data.cases.len(), CHUNK_LEN + 3);
}

fn _types_are_serde<T: Serialize + DeserializeOwned>() {}
