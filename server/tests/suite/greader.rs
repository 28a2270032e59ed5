//! The Google Reader API (`web/greader/`) against a real server on loopback: sign-in, tokens,
//! paging, read and starred marks per user, both item id forms, refusals; and one pass with a
//! real client library from crates.io (`greader_api`, the one NewsFlash syncs with).

use crate::common;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use proofwire::ingest::sources::{Location, Source};
use proofwire::store::{ArticleRecord, Store};
use proofwire::summarize::{Extractive, Summarizer, SummaryInput};
use serde_json::Value;

const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
const READING_LIST: &str = "user/-/state/com.google/reading-list";
const ANN_PASSWORD: &str = "ann-reads-daily";
const BOB_PASSWORD: &str = "bob-reads-weekly";

struct Reader {
    base: String,
    http: reqwest::Client,
    store: Store,
    /// Article ids by vendor, and the pinned article of yesterday.
    northfield: Vec<i64>,
    southgate: Vec<i64>,
    pinned: i64,
    _dir: tempfile::TempDir,
}

fn source(id: &str, vendor: &str) -> Source {
    Source {
        id: id.into(),
        name: vendor.into(),
        vendor: vendor.into(),
        location: Location::Url(
            url::Url::parse(&format!("https://{id}.example/feed")).expect("url"),
        ),
        language: "en".into(),
        enabled: true,
        kind: proofwire::ingest::listing::Kind::Feed,
    }
}

async fn save(store: &Store, source: &str, vendor: &str, n: usize, at: DateTime<Utc>) -> i64 {
    let title = format!("{vendor} announcement {n}");
    let text = format!(
        "{vendor} released model number {n} today. It scored {} points on the benchmark. \
         The release follows {} months of work.",
        60 + n,
        n + 2
    );
    let rec = ArticleRecord {
        canonical_url: format!("https://{source}.example/post/{n}"),
        url: format!("https://{source}.example/post/{n}"),
        source_id: source.into(),
        vendor: vendor.into(),
        title: title.clone(),
        language: "en".into(),
        published_at: at,
        date_estimated: false,
        content_html: String::new(),
        content_text: text.clone(),
        content_hash: format!("{title}|{text}"),
        text_origin: "feed",
    };
    let summary = Extractive.summarize(&SummaryInput {
        title: &title,
        text: &text,
        language: "en",
    });
    match store
        .save_article(
            None,
            &rec,
            None,
            &format!("h{source}{n}"),
            proofwire::store::Reading {
                summary,
                claims: proofwire::claims::extract::extract(&rec.content_text),
                fingerprint: proofwire::stories::Fingerprint::of(&rec.title, &rec.content_text),
            },
            Utc::now(),
        )
        .await
        .expect("save")
    {
        proofwire::store::Saved::Inserted(id) => id.get(),
        other => panic!("unexpected {other:?}"),
    }
}

/// Ten articles of two vendors on two past days, one of yesterday pinned (so yesterday has
/// top stories), and two users.
async fn reader() -> Reader {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = demo_config(dir.path());
    let store = open_store(&config.database_path()).await;
    store
        .sync_sources(&[
            source("north", "Northfield").listed(),
            source("south", "Southgate").listed(),
        ])
        .await
        .expect("sources");
    let mut northfield = Vec::new();
    let mut southgate = Vec::new();
    for n in 0..5 {
        let at = Utc
            .with_ymd_and_hms(2026, 3, 2, 1, n as u32, 0)
            .single()
            .expect("at");
        northfield.push(save(&store, "north", "Northfield", n, at).await);
    }
    for n in 0..4 {
        // Two share a second: the order between them is the id.
        let at = Utc
            .with_ymd_and_hms(2026, 3, 3, 2, (n / 2) as u32, 0)
            .single()
            .expect("at");
        southgate.push(save(&store, "south", "Southgate", 10 + n, at).await);
    }
    let tz = config.tz().expect("tz");
    let yesterday = proofwire::dates::local_date(Utc::now(), tz) - chrono::Days::new(1);
    let noon = proofwire::dates::day_bounds(yesterday, tz).0 + Duration::hours(12);
    let pinned = save(&store, "north", "Northfield", 99, noon).await;
    northfield.push(pinned);
    store
        .set_placement(
            app::ids::ArticleId::new(pinned),
            app::vocab::Placement::Pin,
            "ed",
            "2026-03-04T00:00:00Z",
        )
        .await
        .expect("pin");
    for (name, password) in [("ann", ANN_PASSWORD), ("bob", BOB_PASSWORD)] {
        proofwire::auth::add_user(&store, name, password, false)
            .await
            .expect("user");
    }
    let addr = serve_store(&store, &config, None, |s, addr| {
        s.public_url = format!("http://{addr}");
    })
    .await
    .addr;
    Reader {
        base: format!("http://{addr}"),
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client"),
        store,
        northfield,
        southgate,
        pinned,
        _dir: dir,
    }
}

/// The day item of yesterday (the pinned article's day).
fn yesterday_item(config_tz: chrono_tz::Tz) -> i64 {
    let d = proofwire::dates::local_date(Utc::now(), config_tz) - chrono::Days::new(1);
    proofwire::greader::ids::Item::Day(d).number()
}

fn long_form(n: i64) -> String {
    format!("tag:google.com,2005:reader/item/{n:016x}")
}

impl Reader {
    async fn login_as(&self, name: &str, password: &str) -> (u16, String) {
        let r = self
            .http
            .post(format!("{}/accounts/ClientLogin", self.base))
            .form(&[("Email", name), ("Passwd", password)])
            .send()
            .await
            .expect("login");
        (r.status().as_u16(), r.text().await.expect("body"))
    }

    async fn token(&self, name: &str, password: &str) -> String {
        let (status, body) = self.login_as(name, password).await;
        assert_eq!(status, 200, "{body}");
        body.lines()
            .find_map(|l| l.strip_prefix("Auth="))
            .expect("Auth line")
            .to_string()
    }

    async fn get(&self, path: &str, token: &str) -> (u16, String) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header("authorization", format!("GoogleLogin auth={token}"))
            .send()
            .await
            .expect("get");
        (r.status().as_u16(), r.text().await.expect("body"))
    }

    async fn json(&self, path: &str, token: &str) -> Value {
        let (status, body) = self.get(path, token).await;
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).expect("json")
    }

    async fn post(&self, path: &str, token: &str, form: &[(&str, &str)]) -> (u16, String) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("authorization", format!("GoogleLogin auth={token}"))
            .form(form)
            .send()
            .await
            .expect("post");
        (r.status().as_u16(), r.text().await.expect("body"))
    }

    /// Every id of a stream, page by page with `n`, following `c`; with the pages' sizes.
    async fn all_ids(&self, token: &str, query: &str, n: usize) -> (Vec<i64>, Vec<usize>) {
        let mut ids = Vec::new();
        let mut sizes = Vec::new();
        let mut c: Option<String> = None;
        loop {
            let mut path = format!("/reader/api/0/stream/items/ids?output=json&n={n}&{query}");
            if let Some(c) = &c {
                path.push_str(&format!("&c={}", urlencode(c)));
            }
            let page = self.json(&path, token).await;
            let refs = page["itemRefs"].as_array().expect("itemRefs");
            sizes.push(refs.len());
            for r in refs {
                ids.push(
                    r["id"]
                        .as_str()
                        .expect("id")
                        .parse::<i64>()
                        .expect("decimal"),
                );
            }
            match page.get("continuation").and_then(Value::as_str) {
                Some(next) => c = Some(next.to_string()),
                None => return (ids, sizes),
            }
            assert!(sizes.len() < 100, "paging does not end");
        }
    }

    /// Item ids of `stream/contents` pages, read back from the long form.
    async fn all_contents(&self, token: &str, stream: &str, query: &str, n: usize) -> Vec<i64> {
        let mut ids = Vec::new();
        let mut c: Option<String> = None;
        loop {
            let mut path = format!("/reader/api/0/stream/contents/{stream}?n={n}&{query}");
            if let Some(c) = &c {
                path.push_str(&format!("&c={}", urlencode(c)));
            }
            let page = self.json(&path, token).await;
            for item in page["items"].as_array().expect("items") {
                let id = item["id"].as_str().expect("id");
                let hex = id
                    .strip_prefix("tag:google.com,2005:reader/item/")
                    .expect("long form");
                assert_eq!(hex.len(), 16, "{id}");
                ids.push(i64::from_str_radix(hex, 16).expect("hex"));
            }
            match page.get("continuation").and_then(Value::as_str) {
                Some(next) => c = Some(next.to_string()),
                None => return ids,
            }
            assert!(ids.len() < 1000, "paging does not end");
        }
    }

    async fn unread(&self, token: &str) -> BTreeSet<i64> {
        self.all_ids(token, &format!("s={READING_LIST}&xt={READ}"), 1000)
            .await
            .0
            .into_iter()
            .collect()
    }

    fn everything(&self, day: i64) -> BTreeSet<i64> {
        self.northfield
            .iter()
            .chain(&self.southgate)
            .copied()
            .chain([day])
            .collect()
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn tz() -> chrono_tz::Tz {
    proofwire::config::Config::default().tz().expect("tz")
}

site_test! {
    async fn client_login_gives_a_token_that_is_not_the_password_and_refuses_wrong_ones() {
        let r = reader().await;
        let (status, body) = r.login_as("ann", ANN_PASSWORD).await;
        assert_eq!(status, 200, "{body}");
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(lines.len(), 3, "{body}");
        let auth = lines[2].strip_prefix("Auth=").expect("Auth");
        assert!(lines[0].starts_with("SID=") && lines[1].starts_with("LSID="));
        assert!(auth.len() >= 32 && !auth.contains(ANN_PASSWORD));
        // Only a hash of the token is stored.
        let stored: Vec<String> = r
            .store
            .raw("SELECT token_hash FROM reader_tokens")
            .scalars()
            .await
            .expect("tokens");
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0], auth);
        assert!(!stored[0].contains(auth));
        // The token works, and says whose it is.
        let me = r.json("/reader/api/0/user-info", auth).await;
        assert_eq!(me["userName"], "ann");
        let (status, t) = r.get("/reader/api/0/token", auth).await;
        assert_eq!((status, t.trim()), (200, auth));

        for (name, password) in [("ann", "ann-reads-weekly"), ("nobody", ANN_PASSWORD), ("bob", ANN_PASSWORD)] {
            let (status, body) = r.login_as(name, password).await;
            assert_eq!(status, 401, "{name}: {body}");
            assert!(!body.contains("Auth="), "{body}");
        }
        let (status, body) = r.login_as("", "").await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("Email"), "{body}");

        // output=json answers the same token shape as JSON.
        let j: Value = r
            .http
            .post(format!("{}/accounts/ClientLogin", r.base))
            .form(&[("Email", "bob"), ("Passwd", BOB_PASSWORD), ("output", "json")])
            .send()
            .await
            .expect("login")
            .text()
            .await
            .map(|t| serde_json::from_str(&t).expect("json"))
            .expect("body");
        assert!(j["Auth"].as_str().is_some_and(|a| a.len() >= 32), "{j}");

        // ClientLogin counts failures with the login form's limiter: after five for one name,
        // even the right password waits.
        for _ in 0..4 {
            assert_eq!(r.login_as("ann", "not-anns-password").await.0, 401);
        }
        let (status, body) = r.login_as("ann", ANN_PASSWORD).await;
        assert_eq!(status, 429, "{body}");
        // A password in a query string would end up in logs: ClientLogin is POST only, and a
        // GET signs no one in (it falls through to the site's pages).
        let tokens = || async {
            r.store
                .raw("SELECT token_hash FROM reader_tokens")
                .scalars::<String>()
                .await
                .expect("tokens")
                .len()
        };
        let before = tokens().await;
        let res = r
            .http
            .get(format!("{}/accounts/ClientLogin?Email=bob&Passwd={BOB_PASSWORD}", r.base))
            .send()
            .await
            .expect("get");
        assert!(!res.text().await.expect("body").contains("Auth="));
        assert_eq!(tokens().await, before);
    }
}

site_test! {
    async fn a_missing_or_wrong_token_gets_401_and_changes_nothing() {
        let r = reader().await;
        let good = r.token("ann", ANN_PASSWORD).await;
        let id = r.northfield[0].to_string();
        for path in [
            "/reader/api/0/token",
            "/reader/api/0/user-info",
            "/reader/api/0/subscription/list?output=json",
            "/reader/api/0/tag/list?output=json",
            "/reader/api/0/stream/contents/user/-/state/com.google/reading-list",
            "/reader/api/0/stream/items/ids?s=user/-/state/com.google/reading-list",
            "/api/greader.php/reader/api/0/user-info",
        ] {
            for header in [None, Some("GoogleLogin auth=0123456789abcdef".to_string()),
                Some(format!("Bearer {good}")), Some(format!("GoogleLogin auth={good}x"))] {
                let mut req = r.http.get(format!("{}{path}", r.base));
                if let Some(h) = &header {
                    req = req.header("authorization", h);
                }
                let res = req.send().await.expect("get");
                assert_eq!(res.status().as_u16(), 401, "{path} with {header:?}");
                assert_eq!(res.headers()["x-reader-google-bad-token"], "true");
            }
        }
        // A write with a wrong token (in the header or as T) is refused and writes nothing.
        let (status, _) = r
            .post("/reader/api/0/edit-tag", "not-a-token", &[("i", &id), ("a", READ)])
            .await;
        assert_eq!(status, 401);
        let res = r
            .http
            .post(format!("{}/reader/api/0/edit-tag", r.base))
            .form(&[("i", id.as_str()), ("a", READ), ("T", "not-a-token")])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status().as_u16(), 401);
        assert!(r.unread(&good).await.contains(&r.northfield[0]));
        // A reader token is not a web session.
        assert_eq!(proofwire::auth::session(&r.store, &good).await.expect("db"), None);
        // A POST may carry the token as T instead of the header.
        let res = r
            .http
            .post(format!("{}/reader/api/0/edit-tag", r.base))
            .form(&[("i", id.as_str()), ("a", READ), ("T", good.as_str())])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status().as_u16(), 200);
        assert!(!r.unread(&good).await.contains(&r.northfield[0]));
    }
}

site_test! {
    async fn paging_with_c_returns_every_item_exactly_once_in_either_order() {
        let r = reader().await;
        let token = r.token("ann", ANN_PASSWORD).await;
        let day = yesterday_item(tz());
        let all = r.everything(day);
        assert_eq!(all.len(), 11);
        for n in 1..=12 {
            for order in ["", "&r=o"] {
                let (ids, sizes) = r.all_ids(&token, &format!("s={READING_LIST}{order}"), n).await;
                let set: BTreeSet<i64> = ids.iter().copied().collect();
                assert_eq!(set.len(), ids.len(), "n={n}{order}: a repeated item {ids:?}");
                assert_eq!(set, all, "n={n}{order}");
                assert!(sizes.iter().all(|s| *s <= n), "n={n}: {sizes:?}");
                // Newest first by default, oldest first with r=o: the day item is the newest.
                let expected_first = if order.is_empty() { day } else { r.northfield[0] };
                assert_eq!(ids[0], expected_first, "n={n}{order}");
            }
            let contents = r.all_contents(&token, READING_LIST, "", n).await;
            assert_eq!(contents.iter().copied().collect::<BTreeSet<_>>(), all);
            assert_eq!(contents.len(), all.len());
        }
        // A vendor's feed holds its own articles only; the top stories hold the day.
        let (south, _) = r.all_ids(&token, "s=feed/vendor/southgate", 3).await;
        assert_eq!(south.iter().copied().collect::<BTreeSet<_>>(), r.southgate.iter().copied().collect());
        let top = r.all_contents(&token, "feed/top-stories", "", 5).await;
        assert_eq!(top, vec![day]);
        // ot: only what was published since.
        let since = Utc.with_ymd_and_hms(2026, 3, 3, 0, 0, 0).single().expect("t").timestamp();
        let (recent, _) = r.all_ids(&token, &format!("s={READING_LIST}&ot={since}"), 4).await;
        let expected: BTreeSet<i64> = r.southgate.iter().copied().chain([r.pinned, day]).collect();
        assert_eq!(recent.into_iter().collect::<BTreeSet<_>>(), expected);
    }
}

site_test! {
    async fn edit_tag_marks_read_and_starred_in_both_id_forms_and_xt_read_excludes_them() {
        let r = reader().await;
        let token = r.token("ann", ANN_PASSWORD).await;
        let day = yesterday_item(tz());
        let (a, b) = (r.northfield[1], r.southgate[2]);
        let long = long_form(a);
        let decimal = b.to_string();
        let (status, body) = r
            .post("/reader/api/0/edit-tag", &token, &[("i", &long), ("i", &decimal), ("a", READ)])
            .await;
        assert_eq!((status, body.trim()), (200, "OK"));
        let unread = r.unread(&token).await;
        assert!(!unread.contains(&a) && !unread.contains(&b));
        assert_eq!(unread.len(), r.everything(day).len() - 2);
        let (read, _) = r.all_ids(&token, &format!("s={READ}"), 10).await;
        assert_eq!(read.into_iter().collect::<BTreeSet<_>>(), BTreeSet::from([a, b]));
        // stream/contents with xt=read agrees, and the items carry their state.
        let contents = r.all_contents(&token, READING_LIST, &format!("xt={READ}"), 4).await;
        assert_eq!(contents.into_iter().collect::<BTreeSet<_>>(), unread);

        // Starring the day item (long form) and one article (decimal).
        let day_long = long_form(day);
        let (status, _) = r
            .post("/reader/api/0/edit-tag", &token, &[("i", &day_long), ("i", &decimal), ("a", STARRED)])
            .await;
        assert_eq!(status, 200);
        let starred = r.all_contents(&token, STARRED, "", 10).await;
        assert_eq!(starred.into_iter().collect::<BTreeSet<_>>(), BTreeSet::from([day, b]));
        let items: Value = r
            .json(&format!("/reader/api/0/stream/contents/{STARRED}"), &token)
            .await;
        for item in items["items"].as_array().expect("items") {
            let cats: Vec<&str> = item["categories"].as_array().expect("cats").iter().filter_map(Value::as_str).collect();
            assert!(cats.contains(&STARRED), "{cats:?}");
        }
        // Unread again with r=, in the short prefixed hex form NetNewsWire sends.
        let short = format!("tag:google.com,2005:reader/item/{a:x}");
        let (status, _) = r.post("/reader/api/0/edit-tag", &token, &[("i", &short), ("r", READ)]).await;
        assert_eq!(status, 200);
        assert!(r.unread(&token).await.contains(&a));
        // The day's content is the checked summary of its top story, linked to its page.
        let day_items = r
            .post("/reader/api/0/stream/items/contents", &token, &[("i", &day.to_string())])
            .await;
        assert_eq!(day_items.0, 200, "{}", day_items.1);
        let v: Value = serde_json::from_str(&day_items.1).expect("json");
        let html = v["items"][0]["summary"]["content"].as_str().expect("content");
        assert!(html.contains("Northfield announcement 99"), "{html}");
        assert!(html.contains(&format!("/article/{}", r.pinned)), "{html}");
        assert!(html.contains("Northfield released model number 99 today."), "{html}");
    }
}

site_test! {
    async fn malformed_ids_and_parameters_get_400_with_a_reason_and_change_nothing() {
        let r = reader().await;
        let token = r.token("ann", ANN_PASSWORD).await;
        let good = r.northfield[0].to_string();
        let before = r.unread(&token).await;
        for (form, expected) in [
            (vec![("i", good.as_str()), ("i", "tag:google.com,2005:reader/item/zz"), ("a", READ)], "item id"),
            (vec![("i", good.as_str()), ("i", "-4"), ("a", READ)], "item id"),
            (vec![("i", good.as_str()), ("i", ""), ("a", READ)], "item id"),
            (vec![("i", good.as_str()), ("a", "user/-/label/Tech")], "read, kept-unread and starred"),
            (vec![("i", good.as_str()), ("a", "user/-/state/com.google/nonsense")], "state"),
            (vec![("i", good.as_str()), ("a", "user/99/state/com.google/read")], "another user"),
            (vec![("i", good.as_str()), ("a", READ), ("r", READ)], "both added and removed"),
            (vec![("i", good.as_str())], "a="),
            (vec![("a", READ)], "i (an item id)"),
        ] {
            let (status, body) = r.post("/reader/api/0/edit-tag", &token, &form).await;
            assert_eq!(status, 400, "{form:?}: {body}");
            assert!(body.contains(expected), "{form:?}: {body}");
        }
        assert_eq!(r.unread(&token).await, before, "a refused edit changed something");
        for (query, expected) in [
            ("s=user/-/state/com.google/reading-list&n=abc", "n="),
            ("s=user/-/state/com.google/reading-list&n=0", "n="),
            ("s=user/-/state/com.google/reading-list&c=garbage", "continuation"),
            ("s=user/-/state/com.google/reading-list&r=sideways", "r="),
            ("s=user/-/state/com.google/reading-list&ot=last-week", "ot="),
            ("s=user/-/state/com.google/reading-list&xt=feed/vendor/x", "xt="),
            ("s=feed/42", "feed"),
            ("", "s (the stream)"),
        ] {
            let (status, body) = r.get(&format!("/reader/api/0/stream/items/ids?{query}"), &token).await;
            assert_eq!(status, 400, "{query}: {body}");
            assert!(body.contains(expected), "{query}: {body}");
        }
        let (status, body) = r
            .post("/reader/api/0/stream/items/contents", &token, &[("i", "12abc")])
            .await;
        assert_eq!(status, 400, "{body}");
        let (status, body) = r
            .post("/reader/api/0/mark-all-as-read", &token, &[("s", READ)])
            .await;
        assert_eq!(status, 400, "{body}");
        let (status, body) = r
            .post("/reader/api/0/mark-all-as-read", &token, &[("s", "feed/vendor/northfield"), ("ts", "soon")])
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(r.unread(&token).await, before);
    }
}

site_test! {
    async fn read_and_starred_are_per_user_and_mark_all_as_read_takes_a_feed() {
        let r = reader().await;
        let ann = r.token("ann", ANN_PASSWORD).await;
        let bob = r.token("bob", BOB_PASSWORD).await;
        let everything = r.everything(yesterday_item(tz()));
        let (status, _) = r
            .post("/reader/api/0/mark-all-as-read", &ann, &[("s", "feed/vendor/southgate")])
            .await;
        assert_eq!(status, 200);
        let ann_unread = r.unread(&ann).await;
        let south: BTreeSet<i64> = r.southgate.iter().copied().collect();
        assert!(ann_unread.is_disjoint(&south));
        assert_eq!(ann_unread.len(), everything.len() - south.len());
        assert_eq!(r.unread(&bob).await, everything, "ann's marks leaked to bob");
        let id = r.northfield[2].to_string();
        r.post("/reader/api/0/edit-tag", &bob, &[("i", &id), ("a", STARRED)]).await;
        let (ann_starred, _) = r.all_ids(&ann, &format!("s={STARRED}"), 10).await;
        let (bob_starred, _) = r.all_ids(&bob, &format!("s={STARRED}"), 10).await;
        assert!(ann_starred.is_empty());
        assert_eq!(bob_starred, vec![r.northfield[2]]);
        // Another user's stream by number is refused, not served.
        let me = r.json("/reader/api/0/user-info", &ann).await;
        let ann_id: i64 = me["userId"].as_str().expect("id").parse().expect("number");
        let (status, _) = r
            .get(&format!("/reader/api/0/stream/items/ids?s=user/{}/state/com.google/starred", ann_id + 1), &bob)
            .await;
        // bob's own id may be ann_id + 1; either it is his (200) or someone else's (400).
        let bob_id: i64 = r.json("/reader/api/0/user-info", &bob).await["userId"]
            .as_str().expect("id").parse().expect("number");
        assert_eq!(status, if bob_id == ann_id + 1 { 200 } else { 400 });
        let (status, _) = r
            .get(&format!("/reader/api/0/stream/items/ids?s=user/{ann_id}/state/com.google/starred"), &bob)
            .await;
        assert_eq!(status, 400);
        // Subscriptions: the top stories and one feed per vendor; unread counts follow ann's marks.
        let subs = r.json("/reader/api/0/subscription/list?output=json", &ann).await;
        let ids: Vec<&str> = subs["subscriptions"].as_array().expect("subs").iter()
            .filter_map(|s| s["id"].as_str()).collect();
        assert_eq!(ids, vec!["feed/top-stories", "feed/vendor/northfield", "feed/vendor/southgate"]);
        let counts = r.json("/reader/api/0/unread-count?output=json", &ann).await;
        let count_of = |id: &str| counts["unreadcounts"].as_array().expect("counts").iter()
            .find(|c| c["id"] == id).map(|c| c["count"].as_u64().expect("count"));
        assert_eq!(count_of("feed/vendor/southgate"), None);
        assert_eq!(count_of("feed/vendor/northfield"), Some(r.northfield.len() as u64));
        assert_eq!(count_of(READING_LIST), Some(ann_unread.len() as u64));
    }
}

site_test! {
    async fn the_greader_api_client_library_syncs_with_proofwire() {
        use greader_api::models::StreamQuery;
        use greader_api::{AuthData, AuthInput, GReaderApi, GoogleAuthInput};
        let r = reader().await;
        let day = yesterday_item(tz());
        let client = reqwest_013::Client::new();
        // At the root, and where apps set up for FreshRSS look.
        for base in [format!("{}/", r.base), format!("{}/api/greader.php/", r.base)] {
            let api = GReaderApi::new(url::Url::parse(&base).expect("url"), AuthData::Uninitialized);
            let wrong = api
                .login(&AuthInput::Google(GoogleAuthInput { username: "ann".into(), password: "wrong-password".into() }), &client)
                .await;
            assert!(wrong.is_err(), "a wrong password signed in");
            api.login(&AuthInput::Google(GoogleAuthInput { username: "ann".into(), password: ANN_PASSWORD.into() }), &client)
                .await
                .expect("login");
            let user = api.user_info(&client).await.expect("user-info");
            assert_eq!(user.user_name, "ann");
            let feeds = api.subscription_list(&client).await.expect("subscriptions");
            let titles: Vec<&str> = feeds.subscriptions.iter().map(|f| f.title.as_str()).collect();
            assert_eq!(titles, vec!["Proofwire: top stories", "Northfield", "Southgate"]);
            let tags = api.tag_list(&client).await.expect("tags");
            assert!(tags.tags.iter().any(|t| t.id == STARRED));
            // The whole reading list through stream/contents pages of 3.
            let mut seen = Vec::new();
            let mut continuation: Option<String> = None;
            loop {
                let stream = api
                    .stream_contents(
                        &StreamQuery {
                            stream_id: Some(READING_LIST),
                            amount: Some(3),
                            continuation: continuation.as_deref(),
                            exclude_stream: Some(READ),
                            ..Default::default()
                        },
                        &client,
                    )
                    .await
                    .expect("stream contents");
                for item in &stream.items {
                    assert!(item.content.as_ref().is_some_and(|c| c.content.contains(&format!("{}/article/", r.base))));
                    seen.push(item.id.clone());
                }
                match stream.continuation {
                    Some(c) => continuation = Some(c),
                    None => break,
                }
            }
            let unread_before = seen.len();
            assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), unread_before);
            // Mark the first two read through the library, then ask for unread ids.
            api.tag_edit(&seen[..2], &[READ], &[], &client).await.expect("edit-tag");
            let refs = api
                .items_ids(
                    &StreamQuery { stream_id: Some(READING_LIST), amount: Some(1000), exclude_stream: Some(READ), ..Default::default() },
                    &client,
                )
                .await
                .expect("ids");
            assert_eq!(refs.item_refs.unwrap_or_default().len(), unread_before - 2);
            let contents = api.items_contents(&[day.to_string()], &client).await.expect("items contents");
            assert_eq!(contents.items.len(), 1);
            assert_eq!(contents.items[0].id, long_form(day));
            api.mark_all_as_read(READING_LIST, None, &client).await.expect("mark all");
            let refs = api
                .items_ids(
                    &StreamQuery { stream_id: Some(READING_LIST), exclude_stream: Some(READ), ..Default::default() },
                    &client,
                )
                .await
                .expect("ids");
            assert!(refs.item_refs.unwrap_or_default().is_empty());
            // Unread everything again for the second base.
            let all: Vec<String> = r.everything(day).iter().map(|i| i.to_string()).collect();
            api.tag_edit(&all, &[], &[READ], &client).await.expect("unread all");
        }
    }
}
