//! A block's bytes packed before the app lock seals them. The browser
//! compresses what it stores, and ciphertext does not compress: sealed, a
//! block cost its whole size to write and to read. Packed first (the LZ4
//! block format, its unpacked length before it as 4 bytes little-endian),
//! it costs about what the browser's own compression left of it unlocked.
//!
//! Packing happens inside the seal: what the additional data binds and the
//! manifest names is unchanged, and a packed value opens only with the
//! data key, so `unpack` never reads bytes this copy did not write; its
//! limits guard a mistake, not an attacker.

/// The most a packed value may unpack to: far above a block of records
/// (about 100 KB), far below what would exhaust the page's memory.
pub const MAX_UNPACKED: usize = 64 << 20;

/// Why packed bytes could not be unpacked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnpackError {
    #[error("packed bytes too short for their length")]
    NoLength,
    #[error("packed bytes would unpack to {0} bytes, more than a stored value may")]
    TooLarge(usize),
    #[error("packed bytes are not LZ4: {0}")]
    NotLz4(String),
    #[error("packed bytes unpack to {found} bytes, not the {said} they state")]
    WrongLength { said: usize, found: usize },
}

/// `bytes` packed: their length (4 bytes, little-endian), then LZ4.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(bytes)
}

/// What [`pack`] packed.
pub fn unpack(packed: &[u8]) -> Result<Vec<u8>, UnpackError> {
    let (length, body) = packed
        .split_first_chunk::<4>()
        .ok_or(UnpackError::NoLength)?;
    let said = u32::from_le_bytes(*length) as usize;
    if said > MAX_UNPACKED {
        return Err(UnpackError::TooLarge(said));
    }
    let mut out = vec![0; said];
    let found = lz4_flex::block::decompress_into(body, &mut out)
        .map_err(|e| UnpackError::NotLz4(e.to_string()))?;
    if found != said {
        return Err(UnpackError::WrongLength { said, found });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The LZ4 block format decoded by a few lines of its own, from the
    /// format's description (lz4's `Block_format.md`), sharing nothing with
    /// the crate that packs.
    fn lz4_by_the_book(packed: &[u8]) -> Vec<u8> {
        let said = u32::from_le_bytes(packed[..4].try_into().unwrap()) as usize;
        let (src, mut out, mut at) = (&packed[4..], Vec::new(), 0);
        let length = |first: usize, at: &mut usize| {
            let mut n = first;
            if first == 15 {
                loop {
                    let b = src[*at] as usize;
                    *at += 1;
                    n += b;
                    if b != 255 {
                        break;
                    }
                }
            }
            n
        };
        while at < src.len() {
            let token = src[at] as usize;
            at += 1;
            let literals = length(token >> 4, &mut at);
            out.extend_from_slice(&src[at..at + literals]);
            at += literals;
            if at == src.len() {
                break;
            }
            let offset = src[at] as usize | (src[at + 1] as usize) << 8;
            at += 2;
            let matched = length(token & 15, &mut at) + 4;
            for _ in 0..matched {
                out.push(out[out.len() - offset]);
            }
        }
        assert_eq!(out.len(), said);
        out
    }

    fn ledger_like(n: usize) -> Vec<u8> {
        (0..n)
            .flat_map(|i| {
                format!(
                    "{i:06}|法院|培训{}|2026-0{}-1{}\n",
                    i % 7,
                    i % 9 + 1,
                    i % 10
                )
                .into_bytes()
            })
            .collect()
    }

    #[test]
    fn packed_bytes_are_lz4_and_smaller() {
        let bytes = ledger_like(2000);
        let packed = pack(&bytes);
        assert!(
            packed.len() * 2 < bytes.len(),
            "{} of {}",
            packed.len(),
            bytes.len()
        );
        assert_eq!(lz4_by_the_book(&packed), bytes);
        assert_eq!(unpack(&packed).unwrap(), bytes);
    }

    #[test]
    fn empty_and_tiny_values_round_trip() {
        for bytes in [vec![], vec![1], vec![1, 2, 3, 4, 5]] {
            assert_eq!(unpack(&pack(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn a_stated_length_beyond_the_limit_is_refused_before_any_allocation() {
        let mut packed = pack(&[7; 100]);
        packed[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            unpack(&packed),
            Err(UnpackError::TooLarge(u32::MAX as usize))
        );
    }

    #[test]
    fn a_wrong_length_or_cut_bytes_are_refused() {
        let bytes = ledger_like(50);
        let mut longer = pack(&bytes);
        longer[..4].copy_from_slice(&((bytes.len() + 1) as u32).to_le_bytes());
        assert!(matches!(
            unpack(&longer),
            Err(UnpackError::WrongLength { .. })
        ));
        let packed = pack(&bytes);
        assert!(unpack(&packed[..packed.len() / 2]).is_err());
        assert_eq!(unpack(&packed[..3]), Err(UnpackError::NoLength));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod laws {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn unpack_undoes_pack(bytes in proptest::collection::vec(any::<u8>(), 0..5000)) {
            prop_assert_eq!(unpack(&pack(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn unpack_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = unpack(&bytes);
        }
    }
}
