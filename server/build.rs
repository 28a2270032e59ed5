//! Links `proofwire` with its relative relocations packed (DT_RELR) where the C library can
//! read them. The binary has about 125,000 of them: as a plain table they are 3 MB that the
//! loader reads at every start and that stay resident for the life of the server; packed,
//! 45 kB (measured 2026-12-06: 6 MB less resident at start, see heap.rs for the load test).
//! glibc reads packed relocations from 2.36 on; an older one would refuse to start the binary,
//! so there it is linked as before.

use std::process::Command;

/// The first glibc whose loader applies DT_RELR.
const FIRST_WITH_RELR: (u32, u32) = (2, 36);

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    // The build machine's glibc says nothing about another target's.
    if target != host || !target.ends_with("-linux-gnu") {
        return;
    }
    if glibc().is_some_and(|v| v >= FIRST_WITH_RELR) {
        println!("cargo:rustc-link-arg-bin=proofwire=-Wl,-z,pack-relative-relocs");
    }
}

/// The build machine's glibc version, as `getconf` reports it ("glibc 2.36").
fn glibc() -> Option<(u32, u32)> {
    let out = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let version = text.trim().strip_prefix("glibc ")?;
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts
        .next()?
        .trim_end_matches(|c: char| !c.is_ascii_digit());
    Some((major, minor.parse().ok()?))
}
