//! What a browser fetches besides pages: the wasm bundle and its script under `/pkg`, the
//! favicon and the web app manifest.
//!
//! `scripts/finish-site.sh` names the bundle by its content (`proofwire.<hash>.wasm`), writes
//! the names to `<site>/hash.txt` and compresses every asset once with brotli and gzip.
//! A named file never changes, so it is cached for a year without asking again; anything else
//! under `/pkg` is revalidated on each use. The precompressed copy a browser accepts is sent
//! as it is, so nothing under `/pkg` is compressed per request.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
/// Icons and the manifest keep their names across releases: cached for a day.
const A_DAY: &str = "public, max-age=86400";

const FAVICON_SVG: &[u8] = include_bytes!("../../../style/favicon.svg");
const FAVICON_ICO: &[u8] = include_bytes!("../../../style/favicon.ico");

/// The routes for `/pkg/*`, the favicons and the manifest.
pub fn router<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    // No zstd copies: a browser that takes zstd takes br, and brotli 11 is the smaller.
    let pkg = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service("/pkg", pkg)
        .layer(axum::middleware::from_fn(cache_policy))
        .route("/favicon.svg", get(|| icon("image/svg+xml", FAVICON_SVG)))
        .route("/favicon.ico", get(|| icon("image/x-icon", FAVICON_ICO)))
        .route("/manifest.webmanifest", get(manifest))
}

async fn icon(content_type: &'static str, bytes: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, A_DAY),
        ],
        bytes,
    )
        .into_response()
}

async fn manifest() -> Response {
    let body = serde_json::json!({
        "name": "Proofwire",
        "short_name": "Proofwire",
        "description": "A daily digest of AI announcements, each claim traced to its source and checked.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfaf7",
        "theme_color": "#0b5cad",
        "icons": [
            {"src": "/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
            {"src": "/favicon.ico", "sizes": "32x32", "type": "image/x-icon"}
        ]
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, A_DAY),
        ],
        body.to_string(),
    )
        .into_response()
}

/// A year for a content-named file, revalidation for anything else; `Vary` because the same
/// URL is sent in several encodings.
async fn cache_policy(req: Request<Body>, next: Next) -> Response {
    let named = is_content_named(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == axum::http::StatusCode::NOT_MODIFIED {
        let policy = if named { IMMUTABLE } else { REVALIDATE };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        let varies = res.headers().get_all(header::VARY).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
        });
        if !varies {
            res.headers_mut()
                .append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    res
}

/// `…/proofwire.0123456789abcdef.wasm`: a name with a 16-hex-digit part before the extension.
pub fn is_content_named(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.split('.');
    let _stem = parts.next();
    let rest: Vec<&str> = parts.collect();
    rest.len() >= 2 && rest[0].len() == 16 && rest[0].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The hash file to give Leptos when `<site>/hash.txt` names bundle files that exist and
/// hold what the unnamed ones hold; `None` (unnamed files, revalidated) otherwise, with the
/// reason logged. A site rebuilt without `scripts/finish-site.sh` keeps an old hash file, and
/// pages must never point at a bundle other than the one beside them.
pub fn content_hashes(site_root: &Path) -> Option<PathBuf> {
    let file = site_root.join("hash.txt");
    let text = std::fs::read_to_string(&file).ok()?;
    let pkg = site_root.join("pkg");
    let mut seen = 0;
    for line in text.lines() {
        let Some((ext, hash)) = line.split_once(':') else {
            continue;
        };
        let (ext, hash) = (ext.trim(), hash.trim());
        if !matches!(ext, "js" | "wasm") {
            continue;
        }
        let plain = pkg.join(format!("proofwire.{ext}"));
        let named = pkg.join(format!("proofwire.{hash}.{ext}"));
        let ok = match (std::fs::read(&plain), named.exists()) {
            (Ok(bytes), true) => hash_of(&bytes) == hash,
            _ => false,
        };
        if !ok {
            tracing::warn!(
                hash_file = %file.display(),
                "{} does not match {}: serving the bundle under its plain name (run scripts/finish-site.sh after a build)",
                named.display(),
                plain.display()
            );
            return None;
        }
        seen += 1;
    }
    (seen == 2).then(|| std::path::absolute(&file).unwrap_or(file))
}

/// The first 16 hex digits of the SHA-256, as `scripts/finish-site.sh` names files.
pub fn hash_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_hash_part_makes_a_name_immutable() {
        assert!(is_content_named("/pkg/proofwire.0123456789abcdef.wasm"));
        assert!(is_content_named("/pkg/proofwire.0123456789abcdef.js"));
        assert!(!is_content_named("/pkg/proofwire.wasm"));
        assert!(!is_content_named("/pkg/proofwire.css"));
        assert!(!is_content_named("/pkg/proofwire.0123456789abcdeg.js"));
        assert!(!is_content_named("/pkg/proofwire.0123456789abcdef"));
        assert!(!is_content_named(""));
    }

    #[test]
    fn a_stale_hash_file_is_not_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(&pkg).expect("pkg");
        let (js, wasm) = (b"js glue".as_slice(), b"\0asm bundle".as_slice());
        std::fs::write(pkg.join("proofwire.js"), js).expect("js");
        std::fs::write(pkg.join("proofwire.wasm"), wasm).expect("wasm");
        assert_eq!(content_hashes(dir.path()), None, "no hash file");
        let (hj, hw) = (hash_of(js), hash_of(wasm));
        std::fs::write(pkg.join(format!("proofwire.{hj}.js")), js).expect("named js");
        std::fs::write(pkg.join(format!("proofwire.{hw}.wasm")), wasm).expect("named wasm");
        std::fs::write(
            dir.path().join("hash.txt"),
            format!("js: {hj}\nwasm: {hw}\n"),
        )
        .expect("hash file");
        assert!(content_hashes(dir.path()).is_some());
        // A rebuild replaced the bundle but not the hash file.
        std::fs::write(pkg.join("proofwire.wasm"), b"\0asm rebuilt").expect("rebuild");
        assert_eq!(content_hashes(dir.path()), None);
    }
}
