//! A loopback Hugging Face Hub serving one dataset the way huggingface.co does: the tree
//! listing (`/api/datasets/{owner}/{name}/tree/{rev}/{folder}?recursive=true`, directories and
//! files with their oid, paged by a `Link: <…>; rel="next"` header carrying a cursor) and the
//! files (`/datasets/{owner}/{name}/resolve/{rev}/{path}`, with an ETag). A listing can be cut
//! off part-way (a page that stops in the middle of its JSON). Shared by `tests/suite/results_hub.rs`
//! and `benches/eee_hub.rs`.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::Path as FsPath;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};

#[derive(Default)]
struct HubState {
    /// Path in the dataset → (body, oid).
    files: BTreeMap<String, (Arc<Vec<u8>>, String)>,
    page_size: usize,
    /// The 0-based listing page that is cut off in the middle.
    cut_page: Option<usize>,
    resolves: HashMap<String, usize>,
    listings: usize,
}

#[derive(Clone)]
pub struct Hub {
    state: Arc<Mutex<HubState>>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            state: Arc::new(Mutex::new(HubState {
                page_size: 1000,
                ..Default::default()
            })),
        }
    }
}

/// A git-blob-like object id of a body (what the Hub's listing gives as `oid`).
pub fn oid_of(body: &[u8]) -> String {
    hex::encode(&Sha256::digest(body)[..20])
}

impl Hub {
    pub fn put(&self, path: &str, body: impl Into<Vec<u8>>) {
        let body = body.into();
        let oid = oid_of(&body);
        self.state
            .lock()
            .expect("hub lock")
            .files
            .insert(path.to_string(), (Arc::new(body), oid));
    }

    /// Every file under `root`, at its path relative to `root` (`data/…`).
    pub fn put_dir(&self, root: &FsPath) {
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).expect("read dir") {
                let p = entry.expect("entry").path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "json") {
                    let rel = p.strip_prefix(root).expect("under root");
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    self.put(&rel, std::fs::read(&p).expect("read file"));
                }
            }
        }
    }

    pub fn page_size(&self, n: usize) {
        self.state.lock().expect("hub lock").page_size = n.max(1);
    }

    pub fn cut_listing_at_page(&self, page: Option<usize>) {
        self.state.lock().expect("hub lock").cut_page = page;
    }

    /// How often a file was fetched.
    pub fn resolves(&self, path: &str) -> usize {
        *self
            .state
            .lock()
            .expect("hub lock")
            .resolves
            .get(path)
            .unwrap_or(&0)
    }

    pub fn total_resolves(&self) -> usize {
        self.state.lock().expect("hub lock").resolves.values().sum()
    }

    pub fn listings(&self) -> usize {
        self.state.lock().expect("hub lock").listings
    }

    pub fn len(&self) -> usize {
        self.state.lock().expect("hub lock").files.len()
    }
}

/// The listing: every directory and file under `folder`, sorted, as the Hub's JSON.
async fn tree(
    State(hub): State<Hub>,
    Path((owner, name, rev, folder)): Path<(String, String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let (entries, page_size, cut_page) = {
        let mut s = hub.state.lock().expect("hub lock");
        s.listings += 1;
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        let mut dirs = BTreeSet::new();
        let mut entries: Vec<(String, serde_json::Value)> = Vec::new();
        for (path, (body, oid)) in s.files.range(prefix.clone()..) {
            if !path.starts_with(&prefix) {
                break;
            }
            let mut at = 0;
            while let Some(i) = path[at..].find('/') {
                let dir = &path[..at + i];
                if dir.len() > prefix.len() - 1 && dirs.insert(dir.to_string()) {
                    entries.push((
                        dir.to_string(),
                        serde_json::json!({"type": "directory", "oid": oid_of(dir.as_bytes()), "size": 0, "path": dir}),
                    ));
                }
                at += i + 1;
            }
            entries.push((
                path.clone(),
                serde_json::json!({"type": "file", "oid": oid, "size": body.len(), "path": path}),
            ));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        (entries, s.page_size, s.cut_page)
    };
    let start: usize = q.get("cursor").and_then(|c| c.parse().ok()).unwrap_or(0);
    let end = (start + page_size).min(entries.len());
    let page: Vec<&serde_json::Value> = entries
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|(_, v)| v)
        .collect();
    let mut body = serde_json::to_string(&page).unwrap_or_default();
    if cut_page == Some(start / page_size) {
        body.truncate(body.len() / 2);
    }
    let mut resp = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json");
    if end < entries.len() {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        resp = resp.header(
            header::LINK,
            format!(
                "<http://{host}/api/datasets/{owner}/{name}/tree/{rev}/{folder}?recursive=true&cursor={end}>; rel=\"next\""
            ),
        );
    }
    resp.body(axum::body::Body::from(body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn resolve(
    State(hub): State<Hub>,
    Path((_owner, _name, _rev, path)): Path<(String, String, String, String)>,
) -> Response {
    let file = {
        let mut s = hub.state.lock().expect("hub lock");
        *s.resolves.entry(path.clone()).or_default() += 1;
        s.files.get(&path).cloned()
    };
    match file {
        Some((body, oid)) => (
            [
                (header::CONTENT_TYPE, "application/json".to_string()),
                (header::ETAG, format!("\"{oid}\"")),
            ],
            body.as_ref().clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "Entry not found").into_response(),
    }
}

/// Serves `hub` on an ephemeral loopback port.
pub async fn start_hub(hub: Hub) -> SocketAddr {
    let app = Router::new()
        .route(
            "/api/datasets/{owner}/{name}/tree/{rev}/{*folder}",
            get(tree),
        )
        .route(
            "/datasets/{owner}/{name}/resolve/{rev}/{*path}",
            get(resolve),
        )
        .with_state(hub);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind hub");
    let addr = listener.local_addr().expect("hub addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}
