//! Process-wide settings of the embedded SQLite library, made before it opens a connection.
//!
//! sqlx copies every value of every row it reads out of SQLite (`sqlite3_value_dup`, freed
//! with the row), and SQLite by default counts each allocation for `sqlite3_status` under one
//! mutex for the whole process: on the uncached render of a 200-post day, a fifth of the time
//! went to copying row values and half of that to taking and releasing that mutex. Proofwire
//! never reads those counts.

/// Turns SQLite's allocation counting off. Only possible before SQLite starts (its first
/// connection): later SQLite refuses the setting and nothing changes. Whether it was taken.
///
/// # Safety
///
/// No other thread may use SQLite meanwhile: `sqlite3_config` changes the library's global
/// settings without a lock. Call it in `main` before any thread starts.
pub unsafe fn without_allocation_counts() -> bool {
    // SAFETY: the caller guarantees no other thread uses SQLite; after initialization SQLite
    // returns SQLITE_MISUSE without changing anything. The option takes one C int.
    unsafe {
        libsqlite3_sys::sqlite3_config(
            libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
            0 as std::ffi::c_int,
        ) == libsqlite3_sys::SQLITE_OK
    }
}
