//! How the process's heap is kept. glibc's allocator gives each thread that allocates under
//! contention a heap of its own (up to eight per core) and seldom returns their freed pages:
//! after `bench/load.sh` the server without a model held 227 MB, and 112 MB with at most two
//! heaps, at the same throughput (measured side by side, 2026-12-05). mimalloc as the global
//! allocator held 224 MB, so it is not used.
//!
//! Freed memory inside a heap is returned only from its top, so a burst of renders leaves the
//! pages of every freed page body resident until something asks for them again. `give_back`
//! hands those pages to the kernel now and then, from a thread of its own.

use std::time::Duration;

/// At most two heaps for the whole process. Called first in `main`, before any thread starts.
pub fn few_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other thread
    // exists, so nothing allocates concurrently.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Returns the free pages of every heap to the kernel; whether any were returned.
pub fn give_back() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim takes each heap's own lock; it is safe to call from any thread at
        // any time.
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

/// Gives free pages back every `every`, for as long as the process lives. A trim holds each
/// heap's lock for about a millisecond per 100 MB, so doing it every few seconds costs nothing
/// the server could measure.
pub fn keep_giving_back(every: Duration) {
    let started = std::thread::Builder::new()
        .name("proofwire-heap".into())
        .spawn(move || loop {
            std::thread::sleep(every);
            give_back();
        });
    if let Err(e) = started {
        tracing::warn!(error = %e, "cannot start the thread that returns freed memory");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn freed_pages_in_the_middle_of_a_heap_go_back_to_the_kernel() {
        // Many small blocks, then free all but the last: the freed ones sit below a live block,
        // where glibc does not trim on its own.
        fn resident_kb() -> u64 {
            std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS:"))
                        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
                })
                .unwrap_or(0)
        }
        let mut blocks: Vec<Vec<u8>> = (0..20_000).map(|i| vec![i as u8; 4000]).collect();
        let last = blocks.pop();
        drop(blocks);
        let before = resident_kb();
        give_back();
        let after = resident_kb();
        drop(last);
        assert!(
            after + 40_000 < before,
            "about 80 MB freed below a live block: resident {before} kB before the trim, {after} kB after"
        );
    }
}
