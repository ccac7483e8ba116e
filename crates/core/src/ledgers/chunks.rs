//! The storage layout, as pure functions: each ledger is kept as blocks of
//! [`CHUNK_LEN`] records, record `i` always in block `i / CHUNK_LEN`. Writing
//! 100k records is then ~100 puts instead of 100k, and start-up reads ~100
//! values instead of 100k (see ARCHITECTURE.md for the measurements).

use crate::ledgers::kind::Kind;
use crate::ledgers::model::Dataset;
use crate::ledgers::model::Row;
use crate::with_row_type;
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::Serialize;
use std::collections::BTreeSet;

pub const CHUNK_LEN: usize = 1000;

/// First byte of every stored block: the encoding, so a later version can change it.
const ENCODING_POSTCARD_V1: u8 = 1;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChunkError {
    #[error("stored block is empty")]
    Empty,
    #[error("stored block has unknown encoding {0}")]
    UnknownEncoding(u8),
    #[error("stored block cannot be decoded: {0}")]
    Decode(String),
    #[error("block cannot be encoded: {0}")]
    Encode(String),
}

pub fn chunk_count(records: usize) -> usize {
    records.div_ceil(CHUNK_LEN)
}

/// The records of block `index`.
pub fn chunk_slice<T>(records: &[T], index: usize) -> &[T] {
    let start = (index * CHUNK_LEN).min(records.len());
    let end = ((index + 1) * CHUNK_LEN).min(records.len());
    &records[start..end]
}

/// Blocks touched by changing the records at `positions`.
pub fn chunks_of(positions: impl IntoIterator<Item = usize>) -> BTreeSet<usize> {
    positions.into_iter().map(|p| p / CHUNK_LEN).collect()
}

/// Block `index` of the table of `kind`, encoded for storage.
pub fn encode_block(data: &Dataset, kind: Kind, index: usize) -> Result<Vec<u8>, ChunkError> {
    with_row_type!(kind, R => encode(chunk_slice(R::rows(data), index)))
}

/// Appends the rows of a stored block of `kind` to `data` (blocks are read in order).
pub fn decode_block_into(data: &mut Dataset, kind: Kind, bytes: &[u8]) -> Result<(), ChunkError> {
    with_row_type!(kind, R => decode_into(bytes, R::rows_mut(data)))
}

pub fn encode<T: Serialize>(records: &[T]) -> Result<Vec<u8>, ChunkError> {
    let mut bytes = vec![ENCODING_POSTCARD_V1];
    let body = postcard::to_allocvec(records).map_err(|e| ChunkError::Encode(e.to_string()))?;
    bytes.extend_from_slice(&body);
    Ok(bytes)
}

/// The records of a block [`encode`] wrote.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, ChunkError> {
    let mut records = Vec::new();
    decode_into(bytes, &mut records)?;
    Ok(records)
}

/// Appends the records of a block [`encode`] wrote to `out`, read into
/// place, every byte of the block read: bytes left over mean it is not such
/// a block (a block the app lock packed, its mark taken away by hand, could
/// otherwise read as a short list of records, even none, its LZ4 bytes
/// after its length ignored). On an error `out` is as it was.
pub fn decode_into<T: DeserializeOwned>(bytes: &[u8], out: &mut Vec<T>) -> Result<(), ChunkError> {
    let before = out.len();
    let result = match bytes.split_first() {
        None => Err(ChunkError::Empty),
        Some((&ENCODING_POSTCARD_V1, body)) => {
            let mut reader = postcard::Deserializer::from_bytes(body);
            let read = AppendTo(&mut *out).deserialize(&mut reader);
            match read.and_then(|()| reader.finalize()) {
                Ok([]) => Ok(()),
                Ok(rest) => Err(ChunkError::Decode(format!(
                    "{} bytes after the records",
                    rest.len()
                ))),
                Err(e) => Err(ChunkError::Decode(e.to_string())),
            }
        }
        Some((&other, _)) => Err(ChunkError::UnknownEncoding(other)),
    };
    if result.is_err() {
        out.truncate(before);
    }
    result
}

/// Reads a list of records onto the end of a vector.
struct AppendTo<'a, T>(&'a mut Vec<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for AppendTo<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for AppendTo<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut records: A) -> Result<(), A::Error> {
        // The stated length is the stored block's word: at most one block's room.
        self.0
            .reserve(records.size_hint().unwrap_or(0).min(CHUNK_LEN));
        while let Some(record) = records.next_element()? {
            self.0.push(record);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_partition_the_records_in_order() {
        let records: Vec<u32> = (0..2500).collect();
        assert_eq!(chunk_count(records.len()), 3);
        assert_eq!(chunk_count(0), 0);
        assert_eq!(chunk_slice(&records, 2), &records[2000..2500]);
        assert!(chunk_slice(&records, 3).is_empty());
        let joined: Vec<u32> = (0..3)
            .flat_map(|i| chunk_slice(&records, i).to_vec())
            .collect();
        assert_eq!(joined, records);
        assert_eq!(chunks_of([0, 999, 1000, 2499]), BTreeSet::from([0, 1, 2]));
    }

    #[test]
    fn encoding_round_trips_and_rejects_unknown_bytes() {
        let records = vec!["石峰".to_owned(), String::new()];
        let bytes = encode(&records).expect("encode");
        assert_eq!(decode::<String>(&bytes).expect("decode"), records);
        assert_eq!(decode::<String>(&[]), Err(ChunkError::Empty));
        assert_eq!(
            decode::<String>(&[9, 0]),
            Err(ChunkError::UnknownEncoding(9))
        );
        assert!(matches!(
            decode::<String>(&[1, 5, 0]),
            Err(ChunkError::Decode(_))
        ));
    }

    #[test]
    fn a_block_is_appended_and_a_bad_one_leaves_the_list_as_it_was() {
        let mut records = vec!["甲".to_owned()];
        let block = encode(&["乙".to_owned(), "丙".to_owned()]).expect("encode");
        decode_into(&block, &mut records).expect("decode");
        assert_eq!(records, ["甲", "乙", "丙"]);
        // The same block cut short: its first record reads, the second not.
        let cut = &block[..block.len() - 1];
        assert!(matches!(
            decode_into(cut, &mut records),
            Err(ChunkError::Decode(_))
        ));
        assert_eq!(records, ["甲", "乙", "丙"]);
    }

    #[test]
    fn bytes_after_the_records_are_refused() {
        let mut bytes = encode(&["石峰".to_owned()]).expect("encode");
        bytes.push(0);
        assert!(matches!(
            decode::<String>(&bytes),
            Err(ChunkError::Decode(_))
        ));
        // A packed block's length read as a block: 01 00 01 00 is no list
        // of records followed by more bytes, not an empty block.
        assert!(matches!(
            decode::<String>(&[1, 0, 1, 0, 0xf0, 7]),
            Err(ChunkError::Decode(_))
        ));
    }
}
