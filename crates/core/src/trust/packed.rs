//! What the app lock seals is packed first. The browser compresses what it
//! stores, and ciphertext does not compress: sealed as they were, a
//! block's bytes cost their whole size to write and to read. Packed (LZ4's
//! block format), they cost about what the browser's own compression left
//! of them unlocked.
//!
//! A packed value is: a zero byte (no value sealed unpacked begins so: a
//! block begins with its encoding, 1, a text with JSON, a key with DER's
//! 0x30), the unpacked length and the LZ4 block's length (4 bytes each,
//! little-endian), the LZ4 block, then zero bytes up to the Padmé length
//! of the whole (Nikitin et al., "Reducing Metadata Leakage from Encrypted
//! Files and Communication with PURBs", PETS 2019). The zero byte lets a
//! reader tell a packed value from an unpacked one by what is sealed, not
//! by a label beside it that anyone can change. The padding keeps what a
//! value's size says to someone who reads the database while locked to
//! its rough magnitude (at most about 12 % more bytes): without it, a
//! record imported from a file that repeated text already stored in its
//! block would make that block visibly smaller, a way to test guesses.
//!
//! Packing happens inside the seal: what the additional data binds and the
//! manifest names is unchanged, and a packed value opens only with the
//! data key, so `unpack` reads only bytes this copy wrote; its limits guard
//! a mistake, not an attacker.

/// The first byte of a packed value.
pub const PACKED_TAG: u8 = 0;
/// The tag and the two lengths.
const HEADER: usize = 9;

/// The most a packed value may unpack to: far above a block of records
/// (about 100 KB), far below what would exhaust the page's memory.
pub const MAX_UNPACKED: usize = 64 << 20;

/// Why packed bytes could not be unpacked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnpackError {
    #[error("packed bytes without their tag and lengths")]
    NoHeader,
    #[error("packed bytes would unpack to {0} bytes, more than a stored value may")]
    TooLarge(usize),
    #[error("packed bytes shorter than the LZ4 block they state")]
    Cut,
    #[error("packed bytes are not LZ4: {0}")]
    NotLz4(String),
    #[error("packed bytes unpack to {found} bytes, not the {said} they state")]
    WrongLength { said: usize, found: usize },
    #[error("packed bytes not padded as they are packed")]
    BadPadding,
}

/// Whether sealed plain bytes are packed (they begin with [`PACKED_TAG`]).
pub fn is_packed(plain: &[u8]) -> bool {
    plain.first() == Some(&PACKED_TAG)
}

/// The Padmé length of `length`: `length` rounded up so that only its
/// highest ⌊log₂ ⌊log₂ length⌋⌋ + 1 bits may be set.
pub fn padme(length: usize) -> usize {
    if length < 2 {
        return length;
    }
    let exponent = usize::BITS - 1 - length.leading_zeros();
    let kept = u32::BITS - exponent.leading_zeros();
    let mask = (1usize << (exponent - kept)) - 1;
    (length + mask) & !mask
}

/// `bytes` packed (see the module's description).
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    let block = lz4_flex::block::compress(bytes);
    let mut out = Vec::with_capacity(padme(HEADER + block.len()));
    out.push(PACKED_TAG);
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&(block.len() as u32).to_le_bytes());
    out.extend_from_slice(&block);
    out.resize(padme(out.len()), 0);
    out
}

/// What [`pack`] packed.
pub fn unpack(packed: &[u8]) -> Result<Vec<u8>, UnpackError> {
    let header = packed.get(..HEADER).ok_or(UnpackError::NoHeader)?;
    let length = |at: usize| {
        u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]) as usize
    };
    let (said, block_length) = (length(1), length(5));
    if header[0] != PACKED_TAG {
        return Err(UnpackError::NoHeader);
    }
    if said > MAX_UNPACKED {
        return Err(UnpackError::TooLarge(said));
    }
    let end = HEADER.checked_add(block_length).ok_or(UnpackError::Cut)?;
    let (block, padding) = (
        packed.get(HEADER..end).ok_or(UnpackError::Cut)?,
        &packed[end..],
    );
    if packed.len() != padme(end) || padding.iter().any(|&b| b != 0) {
        return Err(UnpackError::BadPadding);
    }
    let mut out = vec![0; said];
    let found = lz4_flex::block::decompress_into(block, &mut out)
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
        let length =
            |at: usize| u32::from_le_bytes(packed[at..at + 4].try_into().unwrap()) as usize;
        assert_eq!(packed[0], 0, "the tag");
        let (said, block) = (length(1), length(5));
        let (src, mut out, mut at) = (&packed[9..9 + block], Vec::new(), 0);
        assert!(packed[9 + block..].iter().all(|&b| b == 0), "zero padding");
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
        packed[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            unpack(&packed),
            Err(UnpackError::TooLarge(u32::MAX as usize))
        );
    }

    #[test]
    fn a_wrong_length_cut_bytes_or_changed_padding_are_refused() {
        let bytes = ledger_like(50);
        let mut longer = pack(&bytes);
        longer[1..5].copy_from_slice(&((bytes.len() + 1) as u32).to_le_bytes());
        assert!(matches!(
            unpack(&longer),
            Err(UnpackError::WrongLength { .. })
        ));
        let packed = pack(&bytes);
        assert!(unpack(&packed[..packed.len() / 2]).is_err());
        assert_eq!(unpack(&packed[..8]), Err(UnpackError::NoHeader));
        let mut padded = packed.clone();
        padded.push(0);
        assert_eq!(unpack(&padded), Err(UnpackError::BadPadding));
        let mut untagged = packed.clone();
        untagged[0] = 1;
        assert_eq!(unpack(&untagged), Err(UnpackError::NoHeader));
    }

    /// Padmé by its definition, worked by hand: L = 1000: E = 9, S = 4, the
    /// last 5 bits cleared, 1024; L = 45,000: E = 15, S = 4, the last 11
    /// bits cleared, 45,056; L = 9: E = 3, S = 2, the last bit cleared, 10.
    #[test]
    fn padme_keeps_the_high_bits_only() {
        for (length, padded) in [
            (0, 0),
            (1, 1),
            (2, 2),
            (3, 3),
            (9, 10),
            (1000, 1024),
            (1024, 1024),
            (45_000, 45_056),
            (65_537, 67_584),
        ] {
            assert_eq!(padme(length), padded, "{length}");
        }
    }

    /// A record that repeats text stored beside it shrinks its block: the
    /// sealed size hides that within the padding.
    #[test]
    fn a_repeat_within_a_block_does_not_show_in_its_size() {
        let block = ledger_like(400);
        let note = "王某某于2021年3月在某宾馆接受当事人宴请并收受购物卡两张".as_bytes();
        // A wrong guess of the same length sharing nothing with the note.
        let guess: Vec<u8> = (0..note.len() as u32)
            .map(|i| b'!' + (i.wrapping_mul(2_654_435_761) >> 25) as u8 % 90)
            .collect();
        let guess = &guess[..];
        assert_eq!(note.len(), guess.len());
        let with = |tail: &[u8]| [&block[..], note, tail].concat();
        let (right, wrong) = (with(note), with(guess));
        let bare = |b: &[u8]| lz4_flex::block::compress(b).len();
        assert!(
            bare(&wrong) - bare(&right) > note.len() / 2,
            "unpadded, the repeat shows"
        );
        assert_eq!(pack(&right).len(), pack(&wrong).len());
        assert!(is_packed(&pack(&right)) && !is_packed(b"{\"a\":1}") && !is_packed(&[1, 0]));
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
