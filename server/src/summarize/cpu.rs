//! Which CPU features the embedded llama.cpp was compiled to use, next to those the CPU
//! advertises. A build for features the machine cannot run dies on its first generation (AMX
//! advertised by a virtual machine that does not grant it), and a build for fewer features than
//! the machine has is slower than it needs to be: `proofwire model check` shows both.

use std::ffi::CStr;

/// The features llama.cpp reports as compiled in (`AVX2`, `FMA`, …), in its order.
pub fn compiled() -> Vec<String> {
    // SAFETY: llama.cpp returns a pointer to a static, NUL-terminated buffer it owns; we copy
    // it at once and never free it.
    let info = unsafe { CStr::from_ptr(llama_cpp_sys_2::llama_print_system_info()) };
    enabled_features(&info.to_string_lossy())
}

/// Reads `llama_print_system_info`'s "CPU : SSE3 = 1 | AVX = 1 | AMX_INT8 = 0 | …" and keeps
/// the names set to 1. Anything else in the text (backend names, other keys) is passed over.
pub fn enabled_features(info: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in info.split('|') {
        // The first entry of a backend carries its name: "CPU : SSE3 = 1".
        let part = part.rsplit(" : ").next().unwrap_or(part);
        let Some((name, value)) = part.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if value.trim() == "1" && !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// The SIMD features of this CPU that llama.cpp's x86 builds can use, as the CPU reports them.
pub fn advertised() -> Vec<&'static str> {
    #[allow(unused_mut)]
    let mut out = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        macro_rules! probe {
            ($($f:tt => $name:literal),* $(,)?) => {
                $(if std::arch::is_x86_feature_detected!($f) { out.push($name); })*
            };
        }
        probe!(
            "sse3" => "SSE3", "ssse3" => "SSSE3", "avx" => "AVX", "avx2" => "AVX2",
            "f16c" => "F16C", "fma" => "FMA", "bmi2" => "BMI2", "avx512f" => "AVX512",
            "avx512vbmi" => "AVX512_VBMI", "avx512vnni" => "AVX512_VNNI",
            "avx512bf16" => "AVX512_BF16",
        );
        // std does not detect AMX; the kernel's list does.
        if let Ok(cpuinfo) = std::fs::read_to_string("/proc/cpuinfo") {
            let flags = cpuinfo
                .lines()
                .find(|l| l.starts_with("flags"))
                .unwrap_or("");
            for (flag, name) in [
                ("amx_tile", "AMX_TILE"),
                ("amx_int8", "AMX_INT8"),
                ("amx_bf16", "AMX_BF16"),
            ] {
                if flags.split_whitespace().any(|f| f == flag) {
                    out.push(name);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_features_set_to_one() {
        let info = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | AMX_INT8 = 0 | LLAMAFILE = 1 | OPENMP = 0 | REPACK = 1 | ";
        assert_eq!(
            enabled_features(info),
            [
                "SSE3",
                "SSSE3",
                "AVX",
                "AVX2",
                "F16C",
                "FMA",
                "LLAMAFILE",
                "REPACK"
            ]
        );
        assert!(enabled_features("").is_empty());
        assert!(enabled_features("no features here").is_empty());
    }

    #[test]
    fn the_embedded_build_uses_no_feature_the_cpu_lacks() {
        let compiled = compiled();
        let advertised = advertised();
        assert!(!compiled.is_empty(), "llama.cpp reported no CPU features");
        for f in &compiled {
            let simd = [
                "SSE3", "SSSE3", "AVX", "AVX2", "F16C", "FMA", "BMI2", "AVX512",
            ]
            .contains(&f.as_str())
                || f.starts_with("AVX512_")
                || f.starts_with("AMX");
            assert!(
                !simd || advertised.contains(&f.as_str()),
                "compiled for {f}, which this CPU does not advertise ({advertised:?})"
            );
            // A machine may advertise AMX without granting it; a portable build never uses it.
            assert!(!f.starts_with("AMX"), "compiled for {f}: {compiled:?}");
        }
    }
}
