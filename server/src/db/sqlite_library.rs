//! Process-wide settings of the embedded SQLite library, made before it opens a connection.
//!
//! sqlx copies every value of every row it reads out of SQLite (`sqlite3_value_dup`, freed
//! with the row), and SQLite by default counts each allocation for `sqlite3_status` under one
//! mutex for the whole process: on the uncached render of a 200-post day, a fifth of the time
//! went to copying row values and half of that to taking and releasing that mutex. Proofwire
//! never reads those counts.

/// Turns SQLite's allocation counting off. Only possible before SQLite starts (its first
/// connection): later SQLite refuses the setting and nothing changes. Whether it was taken.
pub fn without_allocation_counts() -> bool {
    // SAFETY: sqlite3_config is not threadsafe and must precede sqlite3_initialize; `main`
    // calls this first, before any other thread exists. After initialization SQLite returns
    // SQLITE_MISUSE without changing anything.
    unsafe {
        libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, 0)
            == libsqlite3_sys::SQLITE_OK
    }
}
