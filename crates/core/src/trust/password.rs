//! The one rule on the passwords that protect files.

/// Shorter passwords are refused: eight characters is the least any office
/// policy asks, and a protected file's password is tried offline at leisure.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Whether `password` is long enough to protect a file with.
pub fn password_is_long_enough(password: &str) -> bool {
    password.chars().count() >= MIN_PASSWORD_CHARS
}
