//! How the process's heap is kept. glibc's allocator gives each thread that allocates under
//! contention a heap of its own (up to eight per core) and seldom returns their freed pages:
//! after `bench/load.sh` the server without a model held 227 MB, and 112 MB with at most two
//! heaps, at the same throughput (measured side by side, 2026-12-05). mimalloc as the global
//! allocator held 224 MB, so it is not used.
//!
//! glibc also raises its threshold for giving a large block its own mapping each time such a
//! block is freed, up to 32 MB, so after the first few page renders every render's buffers
//! (hundreds of kilobytes each) come from the heaps and leave them fragmented: 31 MB of one
//! heap stayed resident after the load test, trimmed or not. A fixed threshold keeps blocks of
//! 64 kB and more in mappings of their own, unmapped when freed: 84 → 64 MB resident 12 s
//! after the load (anonymous 44 → 24 MB), same throughput (2026-12-06, `bench/load.sh`).
//!
//! Freed memory inside a heap is returned only from its top, so a burst of renders leaves the
//! pages of every freed small block resident until something asks for them again. `give_back`
//! hands those pages to the kernel now and then, from a thread of its own.
//!
//! Two heaps had a price: every thread that allocates waited its turn for one, and an uncached
//! digest page spent an eighth to a sixth of its CPU time there (2026-12-07: 1,000–1,100 µs a
//! request with at most two heaps, 920 without the limit, same build). Rust's allocations now go
//! to jemalloc (`main.rs`: two arenas with a small cache per thread, freed pages handed back
//! after half a second by its own thread). After `bench/load.sh`, same code (single runs, the
//! same evening): glibc held to two heaps 66.1 MB resident, 423 req/s, jemalloc 65.9 MB, 652
//! req/s; both in one run (`BEFORE_BIN`): 67.7 MB, 501 req/s against 65.7 MB, 611 req/s. The
//! digest page: 755–842 µs a request on jemalloc. What is here still governs glibc's heap, which the C and C++ code allocates from
//! (SQLite's page caches, llama.cpp), and the tests below measure glibc's behaviour.
//!
//! What the Rust heap holds after the load test (2026-12-07, jemalloc's sampling profiler
//! dumped 8 s after `bench/load.sh`'s load, about 10.5 MB live): tantivy's writer queue 2.6 MB
//! (made at every commit; now the writer lives only from a change to its commit,
//! `search::index`), the entity finder's regex 2.6 MB, the rendered digest pages 1.9 MB, the
//! ranking's phrase automatons 1.3 MB (kept as DFAs: `ranking::words` says why). Of
//! the resident total, about 35 MB is the binary's own code and read-only data mapped from its
//! file, which the allocator does not govern.

use std::time::Duration;

/// Blocks this large or larger get a mapping of their own (see the module's comment).
pub const OWN_MAPPING_FROM: usize = 64 * 1024;

/// A heap's free top is handed back on a free only beyond this (else by `give_back`).
pub const TRIM_FROM: usize = 64 << 20;

/// At most two glibc heaps for the whole process, and large blocks in mappings of their own.
/// Called first in `main`, before any thread of ours starts.
pub fn keep_small() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters, under the allocator's own lock, so an
    // allocation on another thread meanwhile (jemalloc's purging thread, which may already
    // run) is safe; `main` calls this before any thread of ours exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        // Setting it also stops glibc from raising it as large blocks are freed.
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_FROM as libc::c_int);
        // …and fixes the trim threshold at its default of 128 kB, which would hand a heap's
        // free top back to the kernel on nearly every free, and fault it in again on the next
        // allocation: renders took 30 % longer. `keep_giving_back` trims every few seconds.
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_FROM as libc::c_int);
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

    /// Both tests read the whole process's resident memory: one allocating while the other
    /// measures would fail it.
    static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());

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

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn freed_large_blocks_leave_nothing_resident_even_between_live_small_ones() {
        let _alone = MEASURING.lock().unwrap_or_else(|p| p.into_inner());
        keep_small();
        // A freed 8 MB block is what makes glibc's own threshold climb past the blocks below.
        drop(std::hint::black_box(vec![1u8; 8 << 20]));
        // 200 blocks of 200 kB (40 MB), each followed by a small block that stays: freed in
        // a heap, the large ones would be holes below live blocks, resident until a trim.
        let mut small = Vec::new();
        let large: Vec<Vec<u8>> = (0..200)
            .map(|i| {
                let block = vec![i as u8; 200_000];
                small.push(vec![i as u8; 64]);
                block
            })
            .collect();
        let before = resident_kb();
        drop(large);
        let after = resident_kb();
        drop(small);
        assert!(
            after + 30_000 < before,
            "40 MB of 200 kB blocks freed: resident {before} kB before, {after} kB after"
        );
    }

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn freed_pages_in_the_middle_of_a_heap_go_back_to_the_kernel() {
        // Many small blocks, then free all but the last: the freed ones sit below a live block,
        // where glibc does not trim on its own.
        let _alone = MEASURING.lock().unwrap_or_else(|p| p.into_inner());
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
