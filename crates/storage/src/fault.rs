//! Test-only: making the next write fail partway, to test atomicity in the
//! browser. Compiled in only with the `fault-injection` feature, which the
//! in-browser tests turn on; in the user's build every check is a no-op.

use super::StorageError;

#[cfg(feature = "fault-injection")]
thread_local! {
    static FAIL_NEXT_WRITE: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Makes the next write in this page fail after `puts` successful puts.
#[cfg(feature = "fault-injection")]
pub fn fail_next_write_after(puts: usize) {
    FAIL_NEXT_WRITE.with(|f| f.set(Some(puts)));
}

/// The fault armed for one write (taken when the write starts).
pub struct Armed(#[cfg(feature = "fault-injection")] Option<usize>);

impl Armed {
    pub fn take() -> Armed {
        #[cfg(feature = "fault-injection")]
        return Armed(FAIL_NEXT_WRITE.with(std::cell::Cell::take));
        #[cfg(not(feature = "fault-injection"))]
        Armed()
    }

    /// Before put number `done` (from 0): fails if the fault is set for it.
    pub fn check(&self, done: usize) -> Result<(), StorageError> {
        #[cfg(feature = "fault-injection")]
        if self.0 == Some(done) {
            return Err(StorageError::InjectedFault);
        }
        let _ = done;
        Ok(())
    }
}

/// Test-only, for the page: the next database write fails after `puts` puts,
/// and so must leave everything as it was.
#[cfg(feature = "fault-injection")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn test_fail_next_write(puts: u32) {
    fail_next_write_after(puts as usize);
}
