//! How the process's heap is kept. glibc's allocator gives each thread that allocates under
//! contention a heap of its own (up to eight per core) and seldom returns their freed pages:
//! after `bench/load.sh` the server without a model held 227 MB, and 112 MB with at most two
//! heaps, at the same throughput (measured side by side, 2026-12-05). mimalloc as the global
//! allocator held 224 MB, so it is not used.

/// At most two heaps for the whole process. Called first in `main`, before any thread starts.
pub fn few_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other thread
    // exists, so nothing allocates concurrently.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
