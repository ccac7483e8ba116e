//! A tiny deterministic random sequence, so generated data (and its ids) is the same every time.

use uuid::{Builder, Uuid};

pub struct Sequence(pub u64);

impl Sequence {
    pub fn next_u64(&mut self) -> u64 {
        // SplitMix64: well-distributed and needs no dependency.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    pub fn uuid(&mut self) -> Uuid {
        let bytes = (u128::from(self.next_u64()) << 64 | u128::from(self.next_u64())).to_le_bytes();
        Builder::from_random_bytes(bytes).into_uuid()
    }
}
