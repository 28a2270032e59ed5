//! The claim tracker over HTTP on the demo snapshot: an editor's status flow, the same requests
//! refused for readers, without the CSRF token and from another site (nothing changes), the
//! login rate limit, ClaimReview JSON-LD, the Atom feed, the JSON API, the pages, the digest
//! badges and the search status filter.

use crate::common;

use std::sync::Arc;

use common::*;
use proofwire::fetch::Fetcher;
use proofwire::store::Store;
use proofwire::summarize::Extractive;

fn runtime() -> &'static tokio::runtime::Runtime {
    shared_runtime()
}

fn serial() -> std::sync::MutexGuard<'static, ()> {
    one_site_at_a_time()
}

struct Site {
    base: String,
    client: reqwest::Client,
    store: Store,
    index: Arc<proofwire::search::SearchIndex>,
    sources_file: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

struct Reply {
    status: u16,
    body: String,
    cookies: Vec<(String, String)>,
    headers: reqwest::header::HeaderMap,
}

async fn demo_site() -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = demo_config(dir.path());
    config.language = "en".into();
    let store = common::open_store(&config.database_path()).await;
    common::ingest_extractive(&store, &config).await;
    proofwire::run::upkeep::claims(&config, &store)
        .await
        .expect("claims upkeep");
    proofwire::auth::add_user(&store, "ann", "a long password", true)
        .await
        .expect("editor");
    proofwire::auth::add_user(&store, "rita", "another long password", false)
        .await
        .expect("reader account");
    let Served { addr, index } = serve_store(&store, &config, None, |settings, addr| {
        settings.public_url = format!("http://{addr}");
    })
    .await;
    Site {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client"),
        store,
        index,
        sources_file: config.sources_file.clone(),
        _dir: dir,
    }
}

fn cookie_header(cookies: &[(&str, &str)]) -> String {
    cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Site {
    async fn reply(&self, r: reqwest::RequestBuilder) -> Reply {
        let r = r.send().await.expect("request");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let cookies = headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            body: r.text().await.expect("body"),
            cookies,
            headers,
        }
    }

    async fn get(&self, path: &str, cookies: &[(&str, &str)]) -> Reply {
        self.reply(
            self.client
                .get(format!("{}{path}", self.base))
                .header("accept-language", "en")
                .header("cookie", cookie_header(cookies)),
        )
        .await
    }

    async fn post(&self, path: &str, cookies: &[(&str, &str)], form: &[(&str, &str)]) -> Reply {
        self.reply(
            self.client
                .post(format!("{}{path}", self.base))
                .header("cookie", cookie_header(cookies))
                .form(form),
        )
        .await
    }

    async fn scalar(&self, sql: &str) -> String {
        let v: Option<String> = self.store.raw(sql).scalar().await.expect("query");
        v.unwrap_or_default()
    }

    async fn count(&self, sql: &str) -> i64 {
        self.store.raw(sql).scalar().await.expect("count")
    }

    /// Logs in through the form and returns the session cookie.
    async fn login(&self, name: &str, password: &str) -> String {
        let page = self.get("/login", &[]).await;
        assert_eq!(page.status, 200);
        let token = input_value(&page.body, "token");
        let login_cookie = page
            .cookies
            .iter()
            .find(|(k, _)| k == "pw_login")
            .map(|(_, v)| v.clone())
            .expect("login cookie");
        assert_eq!(token, login_cookie);
        let r = self
            .post(
                "/auth/login",
                &[("pw_login", &login_cookie)],
                &[
                    ("token", &token),
                    ("name", name),
                    ("password", password),
                    ("next", "/claims"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.headers["location"], "/claims");
        let set = r
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("pw_session="))
            .expect("session cookie")
            .to_string();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
        r.cookies
            .iter()
            .find(|(k, _)| k == "pw_session")
            .map(|(_, v)| v.clone())
            .expect("session")
    }
}

impl Site {
    /// The day's digest exported as the Markdown post, in English.
    async fn exported(&self, day: &str) -> String {
        let date = proofwire::dates::parse_date(day).expect("date");
        let digest =
            proofwire::digest::build_digest(&self.store, chrono_tz::Asia::Seoul, Some(date), "en")
                .await
                .expect("digest")
                .expect("a digest");
        proofwire::export::render(
            &digest,
            app::i18n::Lang::En,
            date,
            chrono::Utc::now().with_timezone(&chrono_tz::Asia::Seoul),
            &proofwire::claims::log::head(&self.store)
                .await
                .expect("head"),
        )
    }
}

/// The value of `<input ... name="NAME" value="...">` in server-rendered HTML.
fn input_value(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no input {name}"));
    let tail = &html[at..];
    let v = tail.find("value=\"").expect("value") + 7;
    let end = tail[v..].find('"').expect("end quote");
    tail[v..v + end].to_string()
}

/// Whether the first tag containing `marker` also carries `attr` (attribute order is Leptos').
fn tag_has(html: &str, marker: &str, attr: &str) -> bool {
    let Some(at) = html.find(marker) else {
        return false;
    };
    let start = html[..at].rfind('<').unwrap_or(0);
    let end = at + html[at..].find('>').unwrap_or(0);
    html[start..end].contains(attr)
}

fn json_ld(html: &str) -> Option<serde_json::Value> {
    let start = html.find("<script type=\"application/ld+json\">")? + 35;
    let end = html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..start + end]).expect("JSON-LD parses"))
}

#[test]
fn editor_changes_a_status_readers_and_forged_requests_change_nothing() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let id: i64 = site.store.raw(
            "SELECT id FROM claims WHERE metric = 'SWE-bench Verified' AND subject = 'GPT-5'",
        )
        .scalar()
        .await
        .expect("GPT-5 claim");
        let path = format!("/claim/{id}");
        let status_sql = format!("SELECT status FROM claims WHERE id = {id}");
        let events_sql = "SELECT COUNT(*) FROM claim_events";
        let events = site.count(events_sql).await;

        // A reader sees the claim, no forms, and cannot change it.
        let page = site.get(&path, &[]).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("GPT-5 scores 74.9% on SWE-bench Verified"));
        assert!(page.body.contains("?claim="), "links to its span in the article");
        assert!(!page.body.contains(r#"class="evidence-form""#));
        assert!(json_ld(&page.body).is_none(), "no review yet, no ClaimReview");
        let status_form = [("status", "reproduced"), ("reason", "looks right")];
        let r = site.post(&format!("{path}/status"), &[], &status_form).await;
        assert_eq!(r.status, 403);
        let r = site
            .post(
                &format!("{path}/evidence"),
                &[],
                &[("url", "https://example.org/"), ("title", "t"), ("organisation", "o"), ("kind", "paper"), ("relation", "third_party"), ("verdict", "supports")],
            )
            .await;
        assert_eq!(r.status, 403);
        assert_eq!(site.scalar(&status_sql).await, "unverified");
        assert_eq!(site.count(events_sql).await, events);

        // Login needs the form's token; a wrong password is refused.
        let r = site
            .post("/auth/login", &[], &[("name", "ann"), ("password", "a long password")])
            .await;
        assert_eq!(r.status, 403, "a login without the form token is refused");
        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];

        let page = site.get(&path, &cookies).await;
        assert!(page.body.contains(r#"class="evidence-form""#), "editor sees the forms");
        let csrf = input_value(&page.body, "csrf");

        // Without the token, with a wrong one, or from another site: refused, nothing changes.
        let r = site.post(&format!("{path}/status"), &cookies, &status_form).await;
        assert_eq!(r.status, 403);
        let mut forged = status_form.to_vec();
        forged.push(("csrf", "0000"));
        let r = site.post(&format!("{path}/status"), &cookies, &forged).await;
        assert_eq!(r.status, 403);
        let mut good = status_form.to_vec();
        good.push(("csrf", csrf.as_str()));
        let r = site
            .reply(
                site.client
                    .post(format!("{}{path}/status", site.base))
                    .header("cookie", cookie_header(&cookies))
                    .header("origin", "https://evil.example")
                    .form(&good),
            )
            .await;
        assert_eq!(r.status, 403);
        assert_eq!(site.scalar(&status_sql).await, "unverified");
        assert_eq!(site.count(events_sql).await, events);

        // A wrong field is a 400 naming it, and nothing is written.
        let r = site
            .post(
                &format!("{path}/evidence"),
                &cookies,
                &[("csrf", &csrf), ("url", "javascript:alert(1)"), ("title", "x"), ("organisation", "y"), ("kind", "rumour"), ("relation", "third_party"), ("verdict", "supports")],
            )
            .await;
        assert_eq!(r.status, 400);
        assert!(r.body.contains("not an http(s) address") && r.body.contains("evidence type"), "{}", r.body);
        assert!(!r.body.contains("<script>"), "messages are escaped");
        assert_eq!(site.count("SELECT COUNT(*) FROM evidence WHERE claim_id IN (SELECT id FROM claims WHERE subject = 'GPT-5')").await, 0);

        // The editor adds a measurement and sets the status the evidence suggests.
        let r = site
            .post(
                &format!("{path}/evidence"),
                &cookies,
                &[("csrf", &csrf), ("url", "https://www.swebench.com/"), ("title", "SWE-bench Verified leaderboard"), ("organisation", "SWE-bench"), ("kind", "leaderboard"), ("relation", "third_party"), ("verdict", "supports"), ("measured_value", "72.8%"), ("interval", "± 1.0"), ("settings", "500 tasks, pass@1")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = site.get(&path, &cookies).await;
        assert!(page.body.contains("−2.1 points"), "delta between claimed and measured");
        assert!(tag_has(&page.body, "class=\"suggested-status\"", "data-status=\"partly_reproduced\""));
        let evidence_id: i64 = site.store.raw(format!("SELECT id FROM evidence WHERE claim_id = {id}"))
            .scalar()
            .await
            .expect("evidence id");
        let ev = evidence_id.to_string();
        let r = site
            .post(
                &format!("{path}/status"),
                &cookies,
                &[("csrf", &csrf), ("status", "partly_reproduced"), ("reason", "The leaderboard measures 72.8%, 2.1 points under the claim."), ("evidence", &ev)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(site.scalar(&status_sql).await, "partly_reproduced");
        assert_eq!(site.count(events_sql).await, events + 2);
        let (actor, payload): (String, String) = site
            .store
            .raw(format!(
                "SELECT actor, payload FROM claim_events WHERE claim_id = {id} AND kind = 'status'"
            ))
            .fetch_one_as()
            .await
            .expect("status event");
        let payload: serde_json::Value = serde_json::from_str(&payload).expect("payload");
        let logged = format!(
            "{actor} {} {} {}",
            payload["from"].as_str().unwrap_or_default(),
            payload["to"].as_str().unwrap_or_default(),
            payload["evidence"][0]
        );
        assert_eq!(logged, format!("ann unverified partly_reproduced {evidence_id}"));

        // The page now shows the history and publishes a ClaimReview.
        let page = site.get(&path, &[]).await;
        assert!(page.body.contains("class=\"event event-status\""));
        let ld = json_ld(&page.body).expect("ClaimReview JSON-LD");
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "ClaimReview");
        assert!(ld["claimReviewed"].as_str().unwrap_or_default().contains("74.9%"));
        assert_eq!(ld["url"], format!("{}{path}", site.base));
        assert!(ld["datePublished"].as_str().is_some_and(|d| d.starts_with("20")));
        assert_eq!(ld["author"]["name"], "Proofwire");
        assert_eq!(ld["itemReviewed"]["@type"], "Claim");
        assert_eq!(ld["itemReviewed"]["author"]["name"], "OpenAI");
        assert!(ld["itemReviewed"]["datePublished"].as_str().is_some_and(|d| d.starts_with("2025-08-08")));
        assert_eq!(ld["itemReviewed"]["appearance"]["url"], "https://openai.com/index/introducing-gpt-5/");
        assert_eq!(ld["reviewRating"]["alternateName"], "Partly reproduced");
        assert_eq!(ld["reviewRating"]["ratingValue"], 3);

        // The digest shows the badge, and the day's other claim under "Claims to watch".
        let digest = site.get("/digest/2025-08-08", &[]).await;
        assert!(tag_has(&digest.body, &format!("data-claim-id=\"{id}\""), "data-status=\"partly_reproduced\""));
        let watch_at = digest.body.find("Claims to watch").expect("claims to watch");
        assert!(digest.body[watch_at..].contains("94.6% on AIME 2025"));
        assert!(!digest.body[watch_at..].contains(&format!("data-claim-id=\"{id}\"")), "a reviewed claim is not 'to watch'");

        // Atom feed of status changes.
        let atom = site.get("/claims.atom", &[]).await;
        assert_eq!(atom.status, 200);
        assert!(atom.headers["content-type"].to_str().unwrap_or_default().starts_with("application/atom+xml"));
        let feed = feed_rs::parser::parse(atom.body.as_bytes()).expect("Atom parses");
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        assert!(!feed.id.is_empty() && feed.title.is_some() && feed.updated.is_some());
        assert_eq!(feed.entries.len(), 4, "three status changes from the demo seed and this one: {}", atom.body);
        for e in &feed.entries {
            assert!(!e.id.is_empty() && e.title.is_some() && e.updated.is_some() && !e.links.is_empty());
        }
        assert!(feed.entries[0].title.as_ref().is_some_and(|t| t.content.contains("Unverified → Partly reproduced")));
        // The feed publishes the claim log's head, so readers keep a copy of it.
        let head = proofwire::claims::log::head(&site.store).await.expect("head");
        assert!(
            atom.body.contains(&format!("<proofwire:log events=\"{}\" head=\"{}\"/>", head.events.unwrap_or(0), head.head)),
            "{}",
            atom.body
        );

        // JSON API.
        let api = site.get("/api/claims?status=partly_reproduced", &[]).await;
        let v: serde_json::Value = serde_json::from_str(&api.body).expect("json");
        assert_eq!(v["claims"].as_array().map(|a| a.len()), Some(1));
        let one = site.get(&format!("/api/claims/{id}"), &[]).await;
        let v: serde_json::Value = serde_json::from_str(&one.body).expect("json");
        assert_eq!(v["evidence"][0]["delta"], "−2.1 points");
        assert!(v["viewer"].is_null(), "the API never carries a session's token");
        assert_eq!(site.get("/api/claims/abc", &[]).await.status, 400);
        assert_eq!(site.get("/api/claims/999999", &[]).await.status, 404);

        // Search: the index follows status changes; `status:` and the filter find it.
        proofwire::search::sync::catch_up(&site.store, &site.index).await.expect("catch up");
        for q in ["/api/search?q=status:partly_reproduced", "/api/search?q=GPT-5&status=partly_reproduced"] {
            let r = site.get(q, &[]).await;
            let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
            assert_eq!(v["total"], 1, "{q}: {}", r.body);
            assert_eq!(v["hits"][0]["statuses"][0], "partly_reproduced");
        }

        // A read-only account is refused too.
        let rita = site.login("rita", "another long password").await;
        let rita_cookies = [("pw_session", rita.as_str())];
        let page = site.get(&path, &rita_cookies).await;
        assert!(!page.body.contains(r#"class="evidence-form""#));
        let r = site.post(&format!("{path}/status"), &rita_cookies, &[("status", "reproduced"), ("reason", "x"), ("csrf", &csrf)]).await;
        assert_eq!(r.status, 403);

        // Logging out ends the session.
        let r = site.post("/auth/logout", &cookies, &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 303);
        let r = site.post(&format!("{path}/status"), &cookies, &good).await;
        assert_eq!(r.status, 403);
        assert_eq!(site.scalar(&status_sql).await, "partly_reproduced");
        assert!(proofwire::claims::log::verify(&site.store).await.expect("db").is_ok());
    });
}

#[test]
fn repeated_failed_logins_are_rate_limited() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let page = site.get("/login", &[]).await;
        let token = input_value(&page.body, "token");
        let cookie = [("pw_login", token.as_str())];
        for _ in 0..5 {
            let r = site
                .post(
                    "/auth/login",
                    &cookie,
                    &[
                        ("token", &token),
                        ("name", "ann"),
                        ("password", "wrong password"),
                    ],
                )
                .await;
            assert_eq!(r.status, 401);
        }
        let r = site
            .post(
                "/auth/login",
                &cookie,
                &[
                    ("token", &token),
                    ("name", "ann"),
                    ("password", "a long password"),
                ],
            )
            .await;
        assert_eq!(r.status, 429, "even the right password waits: {}", r.body);
        assert!(r.headers.contains_key("retry-after"));
        assert_eq!(site.count("SELECT COUNT(*) FROM sessions").await, 0);
        // Another account is not locked out by ann's failures.
        let rita = site.login("rita", "another long password").await;
        assert!(!rita.is_empty());
    });
}

#[test]
fn claims_pages_filter_chart_and_export() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let all = site.get("/claims", &[]).await;
        assert_eq!(all.status, 200);
        assert!(
            all.body.contains("class=\"status-chart\"")
                && all.body.contains("class=\"month-chart\"")
        );
        // The month chart is HTML (its text does not scale with an SVG viewBox).
        assert!(!all.body.contains("class=\"month-chart\" role=\"img\""));
        assert!(all.body.contains("class=\"bar\" style=\"height: "));
        // Each month's bar has a text alternative: "YYYY-MM: count".
        assert!(
            all.body.contains("aria-label=\"2026-02: "),
            "month bars carry their numbers as text"
        );
        assert!(all.body.contains("<rect"), "server-rendered SVG bars");
        let corrected = site.get("/claims?status=corrected", &[]).await;
        assert!(corrected.body.contains("problem 2"));
        assert!(!corrected.body.contains("GPT-5 scores"));
        let needs = site.get("/claims?view=needs-reproduction", &[]).await;
        let first = needs.body.find("data-claim-id=").expect("a claim");
        let dates: Vec<&str> = needs.body[first..]
            .match_indices("<time datetime=\"")
            .map(|(i, m)| &needs.body[first + i + m.len()..first + i + m.len() + 10])
            .collect();
        assert!(
            dates.len() > 2 && dates.windows(2).all(|w| w[0] <= w[1]),
            "oldest first: {dates:?}"
        );
        assert!(
            !needs.body.contains("problem 2"),
            "reviewed claims do not need reproduction"
        );
        let bad = site
            .get("/claims?status=verified&from=yesterday", &[])
            .await;
        assert_eq!(bad.status, 200);
        assert!(bad.body.contains("unknown status") && bad.body.contains("is not a date"));
        let claim_page_of_p2: i64 = site
            .store
            .raw("SELECT id FROM claims WHERE sentence LIKE '%problem 2%'")
            .scalar()
            .await
            .expect("p2");
        let p2 = site.get(&format!("/claim/{claim_page_of_p2}"), &[]).await;
        assert!(
            p2.body.contains("1stproof.org"),
            "the organisers' commentary is evidence"
        );
        assert!(p2.body.contains("Corrected by the vendor"));
        assert_eq!(
            json_ld(&p2.body).expect("review")["reviewRating"]["alternateName"],
            "Corrected by the vendor"
        );

        // The Markdown export carries the claims and the claims to watch.
        let md = site.exported("2026-02-21").await;
        assert!(
            md.contains(
                "**Corrected by the vendor** “The company also revised one of its own claims"
            ),
            "{md}"
        );
        let watch = md.find("### Claims to watch").expect("claims to watch");
        assert!(md[watch..].contains("**Unverified**"));
        assert!(md[watch..].find("### References").is_some());
    });
}

/// The claims list comes a page at a time: walking the pages of the API gives every claim of
/// the whole list once, in its order; the page links carry the filters; a page number that is
/// not one is a note and page 1, never an error.
#[test]
fn the_claims_list_comes_a_page_at_a_time() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let ids = |body: &str| -> (Vec<i64>, bool, u32) {
            let v: serde_json::Value = serde_json::from_str(body).expect("json");
            let ids = v["claims"]
                .as_array()
                .expect("claims")
                .iter()
                .map(|c| c["id"].as_i64().expect("id"))
                .collect();
            let page = v["page"].as_u64().expect("page") as u32;
            (ids, v["more"].as_bool().expect("more"), page)
        };
        let whole = site.get("/api/claims?per_page=500", &[]).await;
        let (all, more, _) = ids(&whole.body);
        assert!(!more && all.len() >= 5, "the demo has claims: {all:?}");
        for per_page in [1usize, 2, 3, all.len() - 1, all.len()] {
            let mut walked = Vec::new();
            for page in 1.. {
                let r = site
                    .get(&format!("/api/claims?per_page={per_page}&page={page}"), &[])
                    .await;
                let (got, more, shown) = ids(&r.body);
                assert_eq!(shown, page);
                assert!(got.len() <= per_page);
                walked.extend(got);
                if !more {
                    break;
                }
                assert!((page as usize) <= all.len(), "the walk ends");
            }
            assert_eq!(walked, all, "pages of {per_page}");
        }
        let past = site.get("/api/claims?page=9999", &[]).await;
        let (got, more, _) = ids(&past.body);
        assert!(got.is_empty() && !more, "a page past the end is empty");

        let first = site.get("/claims?status=unverified&per_page=2", &[]).await;
        assert!(first.body.contains("claims 1–2"), "which claims these are");
        let next = "href=\"/claims?status=unverified&amp;per_page=2&amp;page=2\" rel=\"next\"";
        assert!(first.body.contains(next), "the next page keeps the filters");
        assert!(!first.body.contains("rel=\"prev\""));
        let second = site
            .get("/claims?status=unverified&per_page=2&page=2", &[])
            .await;
        assert!(second.body.contains("claims 3–"));
        assert!(second
            .body
            .contains("href=\"/claims?status=unverified&amp;per_page=2\" rel=\"prev\""));
        for bad in ["page=0", "page=two", "per_page=501", "page=-1"] {
            let r = site.get(&format!("/api/claims?{bad}"), &[]).await;
            assert_eq!(r.status, 200, "{bad}");
            let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
            assert_eq!(v["page"], 1, "{bad}");
            let notes = v["notes"].to_string();
            assert!(notes.contains("is not a number"), "{bad}: {notes}");
        }
    });
}

/// Stores an article the way ingestion does (claims are extracted in the same transaction).
async fn save_article(
    site: &Site,
    url: &str,
    vendor: &str,
    title: &str,
    text: &str,
    day: u32,
) -> i64 {
    use chrono::TimeZone;
    use proofwire::summarize::{Summarizer, SummaryInput};
    let rec = proofwire::store::ArticleRecord {
        canonical_url: url.into(),
        url: url.into(),
        source_id: "demo-google".into(),
        vendor: vendor.into(),
        title: title.into(),
        language: "en".into(),
        published_at: chrono::Utc
            .with_ymd_and_hms(2025, 9, day, 3, 0, 0)
            .single()
            .expect("date"),
        date_estimated: false,
        content_html: String::new(),
        content_text: text.into(),
        content_hash: format!("{title}|{text}"),
        text_origin: "feed",
    };
    let summary = Extractive.summarize(&SummaryInput {
        title,
        text,
        language: "en",
    });
    match site
        .store
        .save_article(
            None,
            &rec,
            None,
            url,
            proofwire::store::Reading {
                summary,
                claims: proofwire::claims::extract::extract(&rec.content_text),
                fingerprint: proofwire::stories::Fingerprint::of(&rec.title, &rec.content_text),
            },
            chrono::Utc::now(),
        )
        .await
        .expect("save")
    {
        proofwire::store::Saved::Inserted(id) => id.get(),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn later_articles_are_suggested_as_evidence_and_an_editor_accepts_or_dismisses_them() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let claim: i64 = site
            .store
            .raw("SELECT id FROM claims WHERE metric = 'SWE-bench Verified' AND subject = 'GPT-5'")
            .scalar()
            .await
            .expect("claim");
        let review = save_article(
            &site,
            "https://example.org/gpt-5-swe-bench-rerun",
            "Example Lab",
            "We re-ran GPT-5 on SWE-bench Verified",
            "Our harness measured GPT-5 at 71.2% on SWE-bench Verified with the public scaffold.",
            3,
        )
        .await;
        let other = save_article(
            &site,
            "https://example.org/gpt-5-notes",
            "Example Lab",
            "Notes on GPT-5 and SWE-bench Verified",
            "A short note: GPT-5 and SWE-bench Verified came up in our reading group.",
            4,
        )
        .await;
        save_article(
            &site,
            "https://example.org/unrelated",
            "Example Lab",
            "Gardening with robots",
            "Robots now water 40% of our tomatoes.",
            5,
        )
        .await;
        proofwire::search::sync::catch_up(&site.store, &site.index)
            .await
            .expect("catch up");

        let page = site.get(&format!("/claim/{claim}"), &[]).await;
        let suggested = &page.body[page.body.find("id=\"suggested\"").expect("section")..];
        assert!(
            suggested.contains(&format!("data-article-id=\"{review}\"")),
            "{suggested}"
        );
        assert!(suggested.contains(&format!("data-article-id=\"{other}\"")));
        assert!(
            !suggested.contains("Gardening"),
            "only articles on the same subject and benchmark"
        );
        assert!(
            !suggested.contains("action="),
            "readers get no accept/dismiss forms"
        );

        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];
        let page = site.get(&format!("/claim/{claim}"), &cookies).await;
        let csrf = input_value(&page.body, "csrf");
        let r = site
            .post(
                &format!("/claim/{claim}/suggestion/{review}/accept"),
                &[],
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 403, "an anonymous accept changes nothing");
        let r = site
            .post(
                &format!("/claim/{claim}/suggestion/{review}/accept"),
                &cookies,
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = site
            .post(
                &format!("/claim/{claim}/suggestion/{other}/dismiss"),
                &cookies,
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = site
            .post(
                &format!("/claim/{claim}/suggestion/{other}/maybe"),
                &cookies,
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 400);

        let (url, relation, verdict, article): (String, String, String, i64) = site
            .store
            .raw("SELECT url, relation, verdict, article_id FROM evidence WHERE claim_id = $1")
            .bind(claim)
            .fetch_one_as()
            .await
            .expect("accepted evidence");
        assert_eq!(url, "https://example.org/gpt-5-swe-bench-rerun");
        assert_eq!(
            (relation.as_str(), verdict.as_str(), article),
            ("third_party", "context", review)
        );
        let page = site.get(&format!("/claim/{claim}"), &[]).await;
        let suggested = &page.body[page.body.find("id=\"suggested\"").expect("section")..];
        assert!(
            !suggested.contains("data-article-id=\""),
            "accepted and dismissed are not suggested again"
        );
        let kinds: Vec<String> = site
            .store
            .raw("SELECT kind FROM claim_events WHERE claim_id = $1 ORDER BY id")
            .bind(claim)
            .scalars()
            .await
            .expect("events");
        assert_eq!(kinds, ["recorded", "evidence", "dismissed"]);
    });
}

async fn gpt5_swe_claim(site: &Site) -> i64 {
    site.store
        .raw("SELECT id FROM claims WHERE metric = 'SWE-bench Verified' AND subject = 'GPT-5'")
        .scalar()
        .await
        .expect("claim")
}

/// Stores results from a CSV body as if read from an evidence source named `id`.
async fn record_fixture_results(site: &Site, id: &str, csv: &str) {
    let source = proofwire::results::EvidenceSource {
        id: id.into(),
        publisher: "Fixture Evals".into(),
        url: None,
        path: Some("fixture.csv".into()),
        format: proofwire::results::Format::Csv,
        licence: "CC-BY-4.0".into(),
        relationship: "third_party".into(),
        ..Default::default()
    };
    let parsed = proofwire::results::parse::csv(csv, "third_party");
    proofwire::results::record(
        &site.store,
        &source,
        &parsed.results,
        "2026-11-28T00:00:00Z",
    )
    .await
    .expect("record");
}

#[test]
fn third_party_results_are_shown_and_an_editor_accepts_or_dismisses_them() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let pool = &site.store;
        let claim = gpt5_swe_claim(&site).await;
        // Fixture results, not real measurements.
        record_fixture_results(&site, "fixture",
            "model,benchmark,score,ci_low,ci_high,stderr,date,settings,source_url\n\
             gpt-5-2025-08-07,SWE-Bench-Verified,65.0%,,,2.0,2025-09-01,,https://evals.example/a\n\
             GPT-5,SWE-bench Verified,74.0%,72.0,76.0,,2025-09-02,,https://evals.example/b\n",
        )
        .await;
        let ids: Vec<i64> = pool.raw("SELECT id FROM third_party_results ORDER BY id")
            .scalars()
            .await
            .expect("ids");

        let page = site.get(&format!("/claim/{claim}"), &[]).await;
        let results = &page.body[page.body.find("id=\"results\"").expect("section")..];
        assert!(tag_has(results, &format!("data-result-id=\"{}\"", ids[0]), "data-verdict=\"contradicts\""), "{results}");
        assert!(tag_has(results, &format!("data-result-id=\"{}\"", ids[1]), "data-verdict=\"supports\""));
        assert!(results.contains("−9.9 points"), "the delta from the claimed 74.9%");
        assert!(!results[..results.find("</section>").unwrap_or(results.len())].contains("action="), "readers get no forms");

        let accept = format!("/claim/{claim}/result/{}/accept", ids[0]);
        let r = site.post(&accept, &[], &[("csrf", "x")]).await;
        assert_eq!(r.status, 403, "an anonymous accept changes nothing");
        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];
        let page = site.get(&format!("/claim/{claim}"), &cookies).await;
        let csrf = input_value(&page.body, "csrf");
        let r = site.post(&format!("/claim/{claim}/result/{}/maybe", ids[1]), &cookies, &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 400);
        let r = site.post(&accept, &cookies, &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = site.post(&format!("/claim/{claim}/result/{}/dismiss", ids[1]), &cookies, &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = site.post(&accept, &cookies, &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 400, "an accepted result is not accepted twice");

        let (verdict, measured, result_id): (String, f64, i64) = pool.raw(
            "SELECT verdict, measured_num, result_id FROM evidence WHERE claim_id = $1 AND result_id IS NOT NULL",
        )
        .bind(claim)
        .fetch_one_as()
        .await
        .expect("accepted evidence");
        assert_eq!((verdict.as_str(), measured, result_id), ("contradicts", 65.0, ids[0]));
        let page = site.get(&format!("/claim/{claim}"), &[]).await;
        let results = &page.body[page.body.find("id=\"results\"").expect("section")..];
        assert!(!results.contains("data-result-id=\""), "accepted and dismissed are not suggested again");
        let evidence = &page.body[page.body.find("id=\"evidence\"").expect("evidence")..];
        assert!(evidence.contains("Fixture Evals"));

        // The claim links its subject and benchmark to their pages, which show the claim and
        // the measurements side by side.
        assert!(page.body.contains("href=\"/model/gpt-5\""));
        assert!(page.body.contains("href=\"/benchmark/swe-bench-verified\""));
        let model = site.get("/model/gpt-5", &[]).await;
        assert_eq!(model.status, 200);
        assert!(model.body.contains(&format!("data-claim-id=\"{claim}\"")));
        assert!(model.body.contains("class=\"point claimed\""), "the claimed 74.9%");
        assert_eq!(model.body.matches("class=\"point measured\"").count(), 2, "both fixture results");
        assert!(model.body.contains("gpt-5-2025-08-07"), "an alias is listed");
        let bench = site.get("/benchmark/swe-bench-verified", &[]).await;
        assert_eq!(bench.status, 200);
        assert!(bench.body.contains("Fixture Evals"));
        assert_eq!(site.get("/model/no-such-model", &[]).await.status, 404);

        // /claims: how far the vendor's claims sit from accepted independent measurements.
        let list = site.get("/claims", &[]).await;
        assert!(
            tag_has(&list.body, "class=\"vendor-delta\"", "data-vendor=\"OpenAI\"")
                && list.body.contains("data-vendor=\"OpenAI\" data-count=\"1\""),
            "{}",
            list.body
        );
        assert!(list.body.contains("-9.9 (1)"));
        let api = site.get("/api/claims", &[]).await;
        let v: serde_json::Value = serde_json::from_str(&api.body).expect("json");
        let row = &v["claimed_vs_measured"][0];
        assert_eq!(row["vendor"], "OpenAI");
        assert!((row["median_points"].as_f64().unwrap_or_default() + 9.9).abs() < 1e-9);
        assert_eq!(site.get("/benchmark/no-such-benchmark", &[]).await.status, 404);
    });
}

/// What others measured is seen where the claim is: its line in the digest and the export
/// ("74.9% claimed · 74% measured by Fixture Evals"), the claims list and API, and per vendor
/// on /claims (benchmark claims, how many others measured, the median difference). A result
/// whose settings contradict the claim's, or one published by the developer itself, is not
/// an independent measurement of it.
#[test]
fn claims_measured_by_others_say_so_everywhere_they_are_listed() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let claim = gpt5_swe_claim(&site).await;
        let line = |body: &str| -> String {
            let at = body
                .find(&format!("data-claim-id=\"{claim}\""))
                .expect("the claim is listed");
            body[at..at + body[at..].find("</li>").expect("its end")].to_string()
        };
        let detail = site.get(&format!("/api/claims/{claim}"), &[]).await;
        let detail: serde_json::Value = serde_json::from_str(&detail.body).expect("json");
        let day = detail["claim"]["published_at"].as_str().expect("published")[..10].to_string();
        let digest_path = format!("/digest/{day}");
        let before = site.get(&digest_path, &[]).await;
        assert!(!line(&before.body).contains("measured-by-others"));
        let coverage = |body: &str| -> Option<(String, String, String)> {
            let table = &body[body.find("class=\"coverage small\"")?..];
            let row = &table[table.find("data-vendor=\"OpenAI\"")?..];
            let cell = |class: &str| {
                let at = row.find(&format!("class=\"{class}\">")).expect("cell") + class.len() + 9;
                row[at..at + row[at..].find('<').expect("end")].to_string()
            };
            Some((cell("claims"), cell("measured"), cell("median")))
        };
        let openai_claims: i64 = site
            .count("SELECT COUNT(*) FROM claims WHERE current = TRUE AND kind = 'benchmark' AND vendor = 'OpenAI'")
            .await;
        let list = site.get("/claims", &[]).await;
        assert_eq!(
            coverage(&list.body),
            Some((openai_claims.to_string(), "0".into(), "—".into())),
            "nothing measured yet"
        );

        // Fixture results, not real measurements: one run with tools (the claim says "without
        // tools"), and two that state nothing against it, the newer 74.0%.
        record_fixture_results(&site, "fixture",
            "model,benchmark,score,ci_low,ci_high,stderr,date,settings,source_url\n\
             gpt-5-2025-08-07,SWE-Bench-Verified,65.0%,,,2.0,2025-09-01,,https://evals.example/a\n\
             GPT-5,SWE-bench Verified,74.0%,72.0,76.0,,2025-09-02,,https://evals.example/b\n\
             GPT-5,SWE-bench Verified,90.0%,,,,2025-09-03,with tools,https://evals.example/c\n",
        )
        .await;
        let first_party = proofwire::results::EvidenceSource {
            id: "vendor-own".into(),
            publisher: "OpenAI".into(),
            url: None,
            path: Some("own.csv".into()),
            format: proofwire::results::Format::Csv,
            licence: "proprietary".into(),
            relationship: "first_party".into(),
            ..Default::default()
        };
        let own = proofwire::results::parse::csv(
            "model,benchmark,score,date,source_url\nGPT-5,SWE-bench Verified,74.9%,2025-09-09,https://openai.example/x\n",
            "first_party",
        );
        proofwire::results::record(&site.store, &first_party, &own.results, "2026-11-28T00:00:00Z")
            .await
            .expect("record");

        let want = "74.9% claimed · 74% measured by Fixture Evals (2 results)";
        let digest = site.get(&digest_path, &[]).await;
        let shown = line(&digest.body);
        assert!(shown.contains("class=\"measured-by-others small\""), "{shown}");
        assert!(shown.contains(want), "{shown}");
        assert!(shown.contains(&format!("href=\"/claim/{claim}#results\"")));
        let md = site.exported(&day).await;
        assert!(
            md.contains(&format!(" — [{want}](https://evals.example/b)")),
            "{md}"
        );
        let list = site.get("/claims", &[]).await;
        assert!(line(&list.body).contains(want), "{}", line(&list.body));
        assert_eq!(
            coverage(&list.body),
            Some((openai_claims.to_string(), "1".into(), "-0.9 points".into())),
            "the newest independent result against the claimed 74.9%"
        );
        let api = site.get("/api/claims", &[]).await;
        let v: serde_json::Value = serde_json::from_str(&api.body).expect("json");
        let card = v["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|c| c["id"] == claim)
            .expect("the claim")
            .clone();
        assert_eq!(card["measured_by_others"]["measured"], "74%");
        assert_eq!(card["measured_by_others"]["publisher"], "Fixture Evals");
        assert_eq!(card["measured_by_others"]["results"], 2);
        let row = v["coverage"]
            .as_array()
            .expect("coverage")
            .iter()
            .find(|r| r["vendor"] == "OpenAI")
            .expect("OpenAI")
            .clone();
        assert_eq!(row["measured"], 1);
        assert!((row["median_points"].as_f64().expect("median") + 0.9).abs() < 1e-9);

        let korean = site
            .client
            .get(format!("{}{digest_path}", site.base))
            .header("accept-language", "ko")
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("body");
        assert!(line(&korean).contains("주장 74.9% · Fixture Evals 측정 74% (결과 2건)"));
    });
}

#[test]
fn an_editor_adds_a_name_and_results_written_that_way_are_linked() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let pool = &site.store;
        let claim = gpt5_swe_claim(&site).await;
        // Fixture results, not real measurements.
        record_fixture_results(
            &site,
            "fixture-alias",
            "model,benchmark,score,stderr\nGPT-Five,SWE-bench Verified,66.0%,2.0\n",
        )
        .await;
        let page = site.get(&format!("/claim/{claim}"), &[]).await;
        assert!(
            !page.body.contains("data-result-id="),
            "not linked to GPT-5 yet"
        );

        let path = "/model/gpt-5/alias";
        let r = site
            .post(path, &[], &[("alias", "GPT-Five"), ("csrf", "x")])
            .await;
        assert_eq!(r.status, 403, "readers cannot add names");
        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];
        let model = site.get("/model/gpt-5", &cookies).await;
        assert!(model.body.contains("class=\"alias-form\""));
        let csrf = input_value(&model.body, "csrf");
        for (alias, status) in [("Gemini 3 Pro", 400), ("  ", 400), ("GPT-5", 400)] {
            let r = site
                .post(path, &cookies, &[("alias", alias), ("csrf", &csrf)])
                .await;
            assert_eq!(r.status, status, "{alias:?}: {}", r.body);
        }
        let r = site
            .post(
                "/model/no-such-model/alias",
                &cookies,
                &[("alias", "X-1"), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 404);
        let r = site
            .post(path, &cookies, &[("alias", "GPT-Five"), ("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);

        let linked: Option<String> = pool
            .raw("SELECT model_entity FROM third_party_results WHERE model = 'GPT-Five'")
            .scalar()
            .await
            .expect("result");
        assert_eq!(linked.as_deref(), Some("gpt-5"));
        let page = site.get(&format!("/claim/{claim}"), &[]).await;
        assert!(
            page.body.contains("data-result-id="),
            "the result now bears on the claim"
        );
        let model = site.get("/model/gpt-5", &[]).await;
        assert!(model.body.contains("GPT-Five"), "listed among its names");
        let added_by: String = pool
            .raw("SELECT added_by FROM entity_aliases WHERE alias = 'GPT-Five'")
            .scalar()
            .await
            .expect("alias row");
        assert_eq!(added_by, "ann");
    });
}

#[test]
fn the_sources_page_shows_each_evidence_sources_last_read_and_skipped_rows() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let dir = tempfile::tempdir().expect("tempdir");
        let csv = dir.path().join("results.csv");
        std::fs::write(
            &csv,
            "model,benchmark,score\nGPT-5,SWE-bench Verified,65.0%\nGPT-5,AIME 2025,lots\n",
        )
        .expect("write");
        let source = proofwire::results::EvidenceSource {
            id: "local-fixture".into(),
            publisher: "Fixture Evals".into(),
            url: None,
            path: Some(csv),
            format: proofwire::results::Format::Csv,
            licence: "CC0".into(),
            relationship: "third_party".into(),
            ..Default::default()
        };
        let fetcher = Fetcher::new(&Default::default()).expect("fetcher");
        proofwire::results::refresh(&site.store, &[source], &fetcher, 1 << 20)
            .await
            .expect("refresh");
        let page = site.get("/sources", &[]).await;
        assert_eq!(page.status, 200);
        let at = page
            .body
            .find("data-evidence-source=\"local-fixture\"")
            .expect("listed");
        let row = &page.body[at..];
        assert!(row.contains("1 results · 1 new · 1 rows skipped"), "{row}");
        assert!(row.contains("line 3: score"), "{row}");
    });
}

/// Editors add a feed and change or disable a source on /sources: every field is checked at
/// once, readers and forged forms are refused, each change is logged with its editor, and the
/// next run reads the sources file with the changes applied.
#[test]
fn editors_add_and_change_sources_and_each_change_is_logged() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let anonymous = site.get("/sources", &[]).await;
        assert!(
            !anonymous.body.contains("source-add"),
            "no forms for readers"
        );
        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];
        let page = site.get("/sources", &cookies).await;
        assert!(page.body.contains("source-add") && page.body.contains("source-change"));
        let csrf = input_value(&page.body, "csrf");
        let changes = "SELECT COUNT(*) FROM source_changes";

        // Every problem at once, and nothing written.
        let r = site
            .post(
                "/sources/add",
                &cookies,
                &[
                    ("csrf", &csrf),
                    ("id", "Bad Id!"),
                    ("name", ""),
                    ("vendor", "V"),
                    ("url", "ftp://x.example/f"),
                    ("language", "fr"),
                ],
            )
            .await;
        assert_eq!(r.status, 400, "{}", r.body);
        for problem in ["Id", "Name", "http(s)", "Language"] {
            assert!(r.body.contains(problem), "{problem}: {}", r.body);
        }
        assert_eq!(site.count(changes).await, 0);
        // A reader, or a form without the token, is refused.
        let rita = site.login("rita", "another long password").await;
        let add = [
            ("id", "new-feed"),
            ("name", "New Feed"),
            ("vendor", "New Lab"),
            ("url", "https://new.example/feed.xml"),
            ("language", "en"),
        ];
        let r = site
            .post("/sources/add", &[("pw_session", rita.as_str())], &add)
            .await;
        assert_eq!(r.status, 403);
        let r = site.post("/sources/add", &cookies, &add).await;
        assert_eq!(r.status, 403, "no CSRF token");

        let mut with_token = add.to_vec();
        with_token.push(("csrf", &csrf));
        let r = site.post("/sources/add", &cookies, &with_token).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = site.post("/sources/add", &cookies, &with_token).await;
        assert_eq!(r.status, 400, "the same id twice");

        let r = site
            .post(
                "/sources/change",
                &cookies,
                &[
                    ("csrf", &csrf),
                    ("source", "demo-openai"),
                    ("enabled", "off"),
                    ("vendor", "OpenAI (snapshot)"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = site
            .post(
                "/sources/change",
                &cookies,
                &[
                    ("csrf", &csrf),
                    ("source", "demo-openai"),
                    ("enabled", "off"),
                ],
            )
            .await;
        assert_eq!(r.status, 400, "nothing to change");

        let logged = site.store.source_changes(10).await.expect("changes");
        let lines: Vec<(String, String, String)> = logged
            .iter()
            .map(|c| (c.source_id.to_string(), c.editor.clone(), c.change.clone()))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    "demo-openai".to_string(),
                    "ann".to_string(),
                    "vendor: OpenAI → OpenAI (snapshot); disabled".to_string()
                ),
                (
                    "new-feed".to_string(),
                    "ann".to_string(),
                    "added the feed https://new.example/feed.xml (New Feed, New Lab, en)"
                        .to_string()
                ),
            ]
        );
        let page = site.get("/sources", &cookies).await;
        assert!(page.body.contains("New Feed") && page.body.contains("OpenAI (snapshot)"));

        // The next run reads the file with the changes: the new feed joins, the snapshot is off.
        let file = proofwire::ingest::sources::load(&site.sources_file).expect("sources file");
        assert!(
            file.iter().all(|s| s.id != "new-feed"),
            "the file itself is untouched"
        );
        let list = proofwire::ingest::sources::effective(&site.sources_file, &site.store)
            .await
            .expect("effective sources");
        let openai = list
            .iter()
            .find(|s| s.id == "demo-openai")
            .expect("demo-openai");
        assert!(!openai.enabled);
        assert_eq!(openai.vendor, "OpenAI (snapshot)");
        assert!(list.iter().any(|s| s.id == "new-feed" && s.enabled));
    });
}

/// The article ids of a digest page's top stories, in order.
fn top_stories(html: &str) -> Vec<String> {
    html.split("<section ")
        .skip(1)
        .filter(|s| {
            s.split('>')
                .next()
                .is_some_and(|tag| tag.contains("top-story"))
        })
        .filter_map(|s| s.split("data-article-id=\"").nth(1))
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// Editors pin a story to the top stories and keep another out of them; the page shows it at
/// once and says so, each decision is logged with its editor, "auto" gives the story back to
/// its signals, and readers, forged forms and bad fields change nothing.
#[test]
fn editors_pin_and_demote_stories_and_each_decision_is_logged() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let day = "/digest/2026-02-21";
        let before = site.get(day, &[]).await;
        assert!(
            !before.body.contains("placement-form"),
            "no forms for readers"
        );
        let top = top_stories(&before.body);
        assert!(!top.is_empty(), "the demo day has top stories");
        let all: Vec<String> = before
            .body
            .split("<section ")
            .skip(1)
            .filter_map(|s| s.split("data-article-id=\"").nth(1))
            .filter_map(|s| s.split('"').next())
            .map(str::to_string)
            .collect();
        let outside = all
            .iter()
            .find(|id| !top.contains(id))
            .expect("a story outside the top")
            .clone();
        let leader = top[0].clone();

        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];
        let page = site.get(day, &cookies).await;
        assert!(page.body.contains("placement-form"), "editors get the form");
        let csrf = input_value(&page.body, "csrf");
        let log = "SELECT COUNT(*) FROM story_placement_log";

        // Every problem at once, and nothing written.
        let r = site
            .post(
                "/digest/placement",
                &cookies,
                &[("csrf", &csrf), ("article", "x1"), ("placement", "top")],
            )
            .await;
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(
            r.body.contains("not an article number") && r.body.contains("Placement"),
            "{}",
            r.body
        );
        let r = site
            .post(
                "/digest/placement",
                &cookies,
                &[("csrf", &csrf), ("article", "999999"), ("placement", "pin")],
            )
            .await;
        assert_eq!(r.status, 404);
        let rita = site.login("rita", "another long password").await;
        let form = [("article", outside.as_str()), ("placement", "pin")];
        let r = site
            .post("/digest/placement", &[("pw_session", rita.as_str())], &form)
            .await;
        assert_eq!(r.status, 403, "a reader");
        let r = site.post("/digest/placement", &cookies, &form).await;
        assert_eq!(r.status, 403, "no CSRF token");
        assert_eq!(site.count(log).await, 0);

        // Pin the story outside the top, keep the leader out.
        for (article, placement) in [(outside.as_str(), "pin"), (leader.as_str(), "demote")] {
            let r = site
                .post(
                    "/digest/placement",
                    &cookies,
                    &[
                        ("csrf", &csrf),
                        ("article", article),
                        ("placement", placement),
                    ],
                )
                .await;
            assert_eq!(r.status, 303, "{}", r.body);
            let location = r
                .headers
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            assert_eq!(location, day, "back to the story's day");
        }
        let after = site.get(day, &[]).await;
        let now_top = top_stories(&after.body);
        assert_eq!(
            now_top.first(),
            Some(&outside),
            "the pinned story leads: {now_top:?}"
        );
        assert!(
            !now_top.contains(&leader),
            "the demoted story is out of the top: {now_top:?}"
        );
        assert!(
            after.body.contains("title=\"Why it ranks here: ")
                && after.body.contains("pinned by an editor")
        );
        let changes = site.store.placement_changes(10).await.expect("log");
        let lines: Vec<(app::ids::ArticleId, String, String)> = changes
            .iter()
            .map(|c| (c.article_id, c.placement.clone(), c.editor.clone()))
            .collect();
        let id = |s: &str| s.parse::<app::ids::ArticleId>().expect("id");
        assert_eq!(
            lines,
            [
                (id(&leader), "demote".to_string(), "ann".to_string()),
                (id(&outside), "pin".to_string(), "ann".to_string()),
            ]
        );

        // Back to the signals: the day is as it was.
        for article in [&outside, &leader] {
            let r = site
                .post(
                    "/digest/placement",
                    &cookies,
                    &[("csrf", &csrf), ("article", article), ("placement", "auto")],
                )
                .await;
            assert_eq!(r.status, 303);
        }
        assert_eq!(top_stories(&site.get(day, &[]).await.body), top);
        assert_eq!(site.count(log).await, 4, "every decision stays in the log");
        assert_eq!(site.count("SELECT COUNT(*) FROM story_placements").await, 0);
    });
}

/// The shape of a daily post: front matter keys (with `date` and `update` both dates), whether
/// the lead is the editor's, the kinds of its `###` blocks in order (consecutive sections as
/// one), whether every section opens with its vendor line, and whether some section carries
/// the editor's commentary.
#[derive(Debug, PartialEq)]
struct PostShape {
    front: Vec<String>,
    dates: bool,
    editor_lead: bool,
    blocks: Vec<&'static str>,
    vendor_lines: bool,
    commentary: bool,
}

fn post_shape(md: &str) -> PostShape {
    let body = md.strip_prefix("---\n").expect("front matter");
    let (front, rest) = body.split_once("\n---\n").expect("front matter closes");
    let keys: Vec<String> = front
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_string()))
        .collect();
    let value = |k: &str| {
        front
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{k}: ")))
            .unwrap_or_default()
            .trim_matches('"')
            .to_string()
    };
    let is_date = |s: String| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok();
    let mut parts = rest.split("\n### ");
    let lead = parts.next().unwrap_or_default();
    let mut blocks: Vec<&'static str> = Vec::new();
    let mut vendor_lines = true;
    let mut commentary = false;
    for part in parts {
        let (heading, text) = part.split_once('\n').unwrap_or((part, ""));
        let kind = if heading.starts_with("참고 자료") || heading == "References" {
            "references"
        } else if heading == "앞으로의 전망" || heading == "Expected future" {
            "closing"
        } else if heading == "지켜볼 주장" || heading == "Claims to watch" {
            "watch"
        } else {
            vendor_lines &= text.trim_start().starts_with("**");
            commentary |=
                text.contains("> **편집자 의견") || text.contains("> **Editor's commentary");
            "section"
        };
        if blocks.last() != Some(&kind) {
            blocks.push(kind);
        }
    }
    PostShape {
        front: keys,
        dates: is_date(value("date")) && is_date(value("update")),
        editor_lead: lead.trim_start().starts_with("> **"),
        blocks,
        vendor_lines,
        commentary,
    }
}

/// The editor's voice: a lead, a headline and a commentary for a story, and a closing section,
/// each labelled as the editor's on the page, in the export (which then has the shape of the
/// daily post it follows) and in the history; readers and bad forms change nothing.
#[test]
fn editors_write_the_lead_commentary_headline_and_closing_and_the_export_is_the_daily_post() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let day = "2026-02-21";
        let page = site.get(&format!("/digest/{day}"), &[]).await;
        assert!(!page.body.contains(r#"class="note-form"#), "no forms for readers");
        let story: String = page
            .body
            .split("<section ")
            .nth(1)
            .and_then(|s| s.split("data-article-id=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .expect("a story")
            .to_string();
        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];
        let editor_page = site.get(&format!("/digest/{day}"), &cookies).await;
        assert!(editor_page.body.contains("note-form-lead") && editor_page.body.contains("note-form-commentary"));
        let csrf = input_value(&editor_page.body, "csrf");
        let log = "SELECT COUNT(*) FROM digest_note_log";

        // Every problem at once, nothing written; readers and forged forms refused.
        let r = site
            .post("/digest/note", &cookies, &[("csrf", &csrf), ("day", "21-02-2026"), ("kind", "essay"), ("text", "x")])
            .await;
        assert_eq!(r.status, 400);
        assert!(r.body.contains("not a date") && r.body.contains("Kind"), "{}", r.body);
        let r = site
            .post("/digest/note", &cookies, &[("csrf", &csrf), ("day", day), ("kind", "headline"), ("article", &story), ("text", "two\nlines")])
            .await;
        assert_eq!(r.status, 400, "{}", r.body);
        let r = site
            .post("/digest/note", &cookies, &[("csrf", &csrf), ("day", "2026-01-15"), ("kind", "commentary"), ("article", &story), ("text", "elsewhere")])
            .await;
        assert_eq!(r.status, 400, "a story of another day: {}", r.body);
        let rita = site.login("rita", "another long password").await;
        let r = site
            .post("/digest/note", &[("pw_session", rita.as_str())], &[("day", day), ("kind", "lead"), ("text", "x")])
            .await;
        assert_eq!(r.status, 403);
        assert_eq!(site.count(log).await, 0);

        let notes = [
            ("lead", "0", "오늘은 연구 지원과 로컬 AI 소식이 눈에 띄었습니다."),
            ("headline", story.as_str(), "편집자가 붙인 헤드라인"),
            ("commentary", story.as_str(), "규모보다 독립성이 관건입니다.\n\n두 번째 문단입니다."),
            ("closing", "0", "로컬 추론 도구의 통합이 빨라질 것입니다."),
        ];
        for (kind, article, text) in notes {
            let r = site
                .post("/digest/note", &cookies, &[("csrf", &csrf), ("day", day), ("kind", kind), ("article", article), ("text", text)])
                .await;
            assert_eq!(r.status, 303, "{kind}: {}", r.body);
        }
        let ko = site.get(&format!("/digest/{day}"), &[("lang", "ko")]).await.body;
        for (_, _, text) in notes {
            let first = text.split("\n\n").next().unwrap_or(text);
            assert!(ko.contains(first), "{first} on the page");
        }
        assert!(ko.contains("편집자 ann의 글"), "labelled with its editor");
        assert!(ko.contains("class=\"editor-note note-commentary\"") && ko.contains("class=\"editor-note note-closing\""));
        // The commentary is the editor's, apart from the checked summary.
        let section = ko.split("편집자가 붙인 헤드라인").nth(1).unwrap_or_default();
        let summary_at = section.find("class=\"summary").expect("summary");
        let note_at = section.find("note-commentary").expect("commentary");
        assert!(summary_at < note_at);

        // The export: the daily post's shape, with the editor's lead, commentary and closing.
        let digest = proofwire::digest::build_digest(&site.store, chrono_tz::Asia::Seoul, chrono::NaiveDate::from_ymd_opt(2026, 2, 21), "ko")
            .await
            .expect("digest")
            .expect("a day");
        let log_head = proofwire::claims::log::head(&site.store).await.expect("head");
        let md = proofwire::export::render(
            &digest,
            app::i18n::Lang::Ko,
            chrono::NaiveDate::from_ymd_opt(2026, 2, 21).expect("date"),
            chrono::Utc::now().with_timezone(&chrono_tz::Asia::Seoul),
            &log_head,
        );
        assert!(md.contains("### 편집자가 붙인 헤드라인\n"), "{md}");
        assert!(md.contains("> **편집자 의견 — 편집자 ann**\n>\n> 규모보다 독립성이 관건입니다.\n>\n> 두 번째 문단입니다."), "{md}");
        let fixture = std::fs::read_to_string(common::repo_root().join("server/tests/fixtures/daily-post.md")).expect("fixture post");
        assert_eq!(post_shape(&md), post_shape(&fixture), "{md}");
        assert_eq!(
            post_shape(&fixture).blocks,
            ["section", "closing", "references"],
            "the fixture is the daily post's shape"
        );

        // History: every version, with its editor; removing a note is a version too.
        let r = site
            .post("/digest/note", &cookies, &[("csrf", &csrf), ("day", day), ("kind", "closing"), ("article", "0"), ("text", "")])
            .await;
        assert_eq!(r.status, 303);
        let history = site.store.digest_note_history(day).await.expect("history");
        assert_eq!(history.len(), 5);
        assert!(history.iter().all(|n| n.editor == "ann"));
        assert_eq!(history.last().map(|n| (n.kind.as_str(), n.text.as_str())), Some(("closing", "")));
        let after = site.get(&format!("/digest/{day}"), &[("lang", "ko")]).await.body;
        assert!(!after.contains("note-closing") && after.contains("지켜볼 주장"), "claims to watch close the day again");
    });
}

#[test]
fn business_facts_are_listed_without_a_status_and_never_as_claims() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let (id, kind): (i64, String) = site
            .store
            .raw("SELECT id, kind FROM claims WHERE sentence LIKE '%committed $7.5 million%'")
            .fetch_one_as()
            .await
            .expect("the funding sentence is kept");
        assert_eq!(kind, "business");
        let marker = format!("data-claim-id=\"{id}\"");

        // The digest lists it as a business fact, under its kind, without a badge.
        let day = site.get("/digest/2026-02-21", &[]).await;
        assert_eq!(day.status, 200);
        assert!(day.body.contains(&marker), "the fact is on its day");
        assert!(tag_has(&day.body, &marker, "class=\"fact-line\""));
        assert!(!tag_has(&day.body, &marker, "data-status="));
        let fact_at = day.body.find(&marker).expect("fact");
        let line_end = fact_at + day.body[fact_at..].find("</li>").expect("end of line");
        assert!(
            !day.body[fact_at..line_end].contains("badge status-"),
            "no verification badge"
        );
        assert!(day.body.contains("class=\"facts\""));
        let watch = day
            .body
            .find("class=\"claims-to-watch\"")
            .expect("claims to watch");
        assert!(
            !day.body[watch..].contains(&marker),
            "never a claim to watch"
        );

        // Never on /claims (whatever the filter), its API, its charts or the claims feed.
        for path in [
            "/claims",
            "/claims?kind=business",
            "/claims?status=unverified",
        ] {
            let page = site.get(path, &[]).await;
            assert_eq!(page.status, 200);
            assert!(!page.body.contains(&marker), "{path}");
        }
        let kind = site.get("/claims?kind=business", &[]).await;
        assert!(
            kind.body.contains("are not tracked claims"),
            "the ignored filter is explained"
        );
        let api = site.get("/api/claims", &[]).await;
        let api: serde_json::Value = serde_json::from_str(&api.body).expect("JSON");
        let listed = api["claims"].as_array().expect("claims");
        assert!(!listed.is_empty());
        assert!(listed
            .iter()
            .all(|c| c["kind"] != "business" && c["id"] != id));

        // Its page keeps the sentence and the history, with no status, evidence or forms.
        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];
        let page = site.get(&format!("/claim/{id}"), &cookies).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("committed $7.5 million"));
        assert!(page.body.contains("class=\"fact-note\""));
        assert!(!page.body.contains("badge status-"));
        assert!(!page.body.contains(r#"class="evidence-form""#));
        assert!(page.body.contains("id=\"history\""));
        assert!(json_ld(&page.body).is_none());

        // An editor cannot give it a status or evidence; nothing is written.
        let claim = gpt5_swe_claim(&site).await;
        let csrf = input_value(
            &site.get(&format!("/claim/{claim}"), &cookies).await.body,
            "csrf",
        );
        let events = site.count("SELECT COUNT(*) FROM claim_events").await;
        let r = site
            .post(
                &format!("/claim/{id}/status"),
                &cookies,
                &[
                    ("csrf", &csrf),
                    ("status", "reproduced"),
                    ("reason", "the fund says so"),
                ],
            )
            .await;
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(r.body.contains("business fact"), "{}", r.body);
        let r = site
            .post(
                &format!("/claim/{id}/evidence"),
                &cookies,
                &[
                    ("csrf", &csrf),
                    ("url", "https://example.org/fund"),
                    ("title", "Fund"),
                    ("organisation", "Fund"),
                    ("kind", "commentary"),
                    ("relation", "third_party"),
                    ("verdict", "supports"),
                ],
            )
            .await;
        assert_eq!(r.status, 400, "{}", r.body);
        assert_eq!(
            site.count("SELECT COUNT(*) FROM claim_events").await,
            events
        );
        assert_eq!(
            site.scalar(&format!("SELECT status FROM claims WHERE id = {id}"))
                .await,
            "unverified"
        );
        let feed = site.get("/claims.atom", &[]).await;
        assert!(!feed.body.contains("7.5 million"));

        // The exported post lists it under business facts, never among the claims to watch.
        let md = site.exported("2026-02-21").await;
        let line = md
            .find("- **Business fact** “OpenAI committed $7.5 million")
            .expect("the fact is listed as a business fact");
        assert!(md[..line].rfind("**Business facts**").is_some(), "{md}");
        assert_eq!(
            md.matches("“OpenAI committed $7.5 million").count(),
            1,
            "listed once, as a fact"
        );
        let watch = md.find("### Claims to watch").expect("claims to watch");
        assert!(!md[watch..].contains("7.5 million"), "{md}");
    });
}

#[test]
fn a_claim_on_a_contaminated_benchmark_says_so_on_its_pages_and_in_the_export() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let id = gpt5_swe_claim(&site).await;
        let page = site.get(&format!("/claim/{id}"), &[]).await;
        assert!(tag_has(
            &page.body,
            "class=\"benchmark-note\"",
            "data-state=\"contaminated\""
        ));
        assert!(page.body.contains("since 2026-02-20"), "with its date");
        let api = site.get(&format!("/api/claims/{id}"), &[]).await;
        let api: serde_json::Value = serde_json::from_str(&api.body).expect("JSON");
        let date = api["claim"]["published_at"].as_str().expect("published")[..10].to_string();
        assert_eq!(
            api["claim"]["benchmark_note"]["state"], "contaminated",
            "in the API too"
        );
        let day = site.get(&format!("/digest/{date}"), &[]).await;
        let at = day
            .body
            .find(&format!("data-claim-id=\"{id}\""))
            .expect("the claim's line");
        let end = at + day.body[at..].find("</li>").expect("end of line");
        assert!(
            day.body[at..end].contains("class=\"benchmark-note\""),
            "on the digest's line"
        );
        let entity = site.get("/benchmark/swe-bench-verified", &[]).await;
        assert!(
            entity.body.contains("class=\"benchmark-note\""),
            "on the benchmark's page"
        );

        let md = site.exported(&date).await;
        let line = md
            .lines()
            .find(|l| l.contains("GPT-5 scores 74.9% on SWE-bench Verified"))
            .expect("the claim's line in the export");
        assert!(
            line.contains("SWE-bench Verified: Contaminated since 2026-02-20 ([source](https://"),
            "{line}"
        );
    });
}

/// The names to confirm: claim subjects no entity list holds are listed for editors only, each
/// answer is checked before anything is written, and an answered name leaves the list with
/// every claim that wrote it following the answer.
#[test]
fn editors_answer_the_names_claims_were_found_about_that_no_list_holds() {
    let _one = serial();
    runtime().block_on(async {
        let site = demo_site().await;
        let article = save_article(
            &site,
            "https://example.com/unlisted-models",
            "Example Labs",
            "Three models no list holds",
            "Falcon-H1R 7B scores 88.1% on AIME 2025. Zorblax-3 Pro reaches 71.2% on GPQA \
             Diamond. Our agent Quasar-2 completes 45% of tasks on OSWorld. Nimbus-4-Instruct \
             scores 55.0% on MMLU-Pro.",
            14,
        )
        .await;
        let subject_entity = |subject: &'static str| {
            let store = site.store.clone();
            async move {
                let e: Option<String> = store
                    .raw(format!(
                        "SELECT subject_entity FROM claims WHERE article_id = {article} AND subject = '{subject}'"
                    ))
                    .scalar()
                    .await
                    .expect("the claim is stored");
                e
            }
        };
        for name in ["Falcon-H1R 7B", "Zorblax-3 Pro", "Quasar-2"] {
            assert_eq!(subject_entity(name).await, None, "{name}: no entity yet");
        }

        // Readers see no list and cannot answer.
        let page = site.get("/claims", &[]).await;
        assert!(!page.body.contains("names-to-confirm"));
        let r = site
            .post(
                "/claims/names",
                &[],
                &[("name", "Falcon-H1R 7B"), ("answer", "model"), ("csrf", "x")],
            )
            .await;
        assert_eq!(r.status, 403);
        let reader = site.login("rita", "another long password").await;
        let reader = [("pw_session", reader.as_str())];
        let page = site.get("/claims", &reader).await;
        assert!(!page.body.contains("names-to-confirm"), "nor signed-in readers");
        let r = site
            .post(
                "/claims/names",
                &reader,
                &[
                    ("name", "Falcon-H1R 7B"),
                    ("answer", "model"),
                    (
                        "csrf",
                        &input_value(&site.get("/settings/briefings", &reader).await.body, "csrf"),
                    ),
                ],
            )
            .await;
        assert_eq!(r.status, 403);

        let session = site.login("ann", "a long password").await;
        let cookies = [("pw_session", session.as_str())];
        let page = site.get("/claims", &cookies).await;
        assert!(page.body.contains("class=\"names-to-confirm\""), "editors see the list");
        for name in ["Falcon-H1R 7B", "Zorblax-3 Pro", "Quasar-2"] {
            assert!(
                page.body.contains(&format!("data-name=\"{name}\"")),
                "{name} is waiting"
            );
        }
        let csrf = input_value(&page.body, "csrf");

        // Wrong answers: each a 400 that says what is wrong, and nothing written.
        let reviews = "SELECT COUNT(*) FROM name_reviews";
        let aliases = "SELECT COUNT(*) FROM entity_aliases";
        let before = (site.count(reviews).await, site.count(aliases).await);
        for (form, says) in [
            (vec![("name", "Falcon-H1R 7B"), ("answer", "maybe")], "not one of the listed choices"),
            (vec![("name", "Quasar-2"), ("answer", "same_as")], "Name the known model"),
            (
                vec![("name", "Quasar-2"), ("answer", "same_as"), ("entity", "no-such-model")],
                "no model the lists know",
            ),
            (vec![("name", "Nimbus-9"), ("answer", "not_a_model")], "not on the list"),
            (
                vec![("name", "Falcon-H1R 7B"), ("answer", "model"), ("display", "GPT-5")],
                "already names gpt-5",
            ),
            (vec![("answer", "model")], "The name is required"),
        ] {
            let mut form = form.clone();
            form.push(("csrf", &csrf));
            let r = site.post("/claims/names", &cookies, &form).await;
            assert_eq!(r.status, 400, "{form:?}: {}", r.body);
            assert!(r.body.contains(says), "{form:?}: {}", r.body);
        }
        assert_eq!((site.count(reviews).await, site.count(aliases).await), before);

        // A model of its own: an entity with its page, the claim linked, off the list.
        let r = site
            .post(
                "/claims/names",
                &cookies,
                &[
                    ("name", "Falcon-H1R 7B"),
                    ("answer", "model"),
                    ("display", "Falcon-H1R 7B"),
                    ("vendor", "TII"),
                    ("csrf", &csrf),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(subject_entity("Falcon-H1R 7B").await.as_deref(), Some("falcon-h1r-7b"));
        let model = site.get("/model/falcon-h1r-7b", &[]).await;
        assert_eq!(model.status, 200);
        assert!(model.body.contains("Falcon-H1R 7B") && model.body.contains("TII"));
        // Named otherwise by the editor: the claims' spelling becomes the new model's alias in
        // the same write, even where the new name already covers it.
        let r = site
            .post(
                "/claims/names",
                &cookies,
                &[
                    ("name", "Nimbus-4-Instruct"),
                    ("answer", "model"),
                    ("display", "Nimbus 4"),
                    ("vendor", "Example Labs"),
                    ("csrf", &csrf),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(subject_entity("Nimbus-4-Instruct").await.as_deref(), Some("nimbus-4"));
        assert_eq!(
            site.scalar("SELECT entity_id FROM entity_aliases WHERE alias = 'Nimbus-4-Instruct'")
                .await,
            "nimbus-4"
        );
        // Another name of a known model: stored as that model's alias.
        let r = site
            .post(
                "/claims/names",
                &cookies,
                &[("name", "Quasar-2"), ("answer", "same_as"), ("entity", "GPT-5"), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(subject_entity("Quasar-2").await.as_deref(), Some("gpt-5"));
        // Not a model: off the list, the claim as it was.
        let r = site
            .post(
                "/claims/names",
                &cookies,
                &[("name", "zorblax-3 pro"), ("answer", "not_a_model"), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(subject_entity("Zorblax-3 Pro").await, None);
        let by: String = site
            .scalar("SELECT reviewed_by || ' ' || verdict FROM name_reviews WHERE name = 'Zorblax-3 Pro'")
            .await;
        assert_eq!(by, "ann not_a_model");
        let page = site.get("/claims", &cookies).await;
        for name in ["Falcon-H1R 7B", "Zorblax-3 Pro", "Quasar-2", "Nimbus-4-Instruct"] {
            assert!(
                !page.body.contains(&format!("data-name=\"{name}\"")),
                "{name} was answered"
            );
        }
        // An answer is given once.
        let r = site
            .post(
                "/claims/names",
                &cookies,
                &[("name", "Zorblax-3 Pro"), ("answer", "model"), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 400);

        // The confirmed model is found in later posts like a shipped one, and survives a restart.
        proofwire::claims::entities::install(&Default::default());
        assert_eq!(proofwire::claims::entities::model_entity("Falcon-H1R 7B"), None);
        proofwire::claims::record::load_editor_names(&site.store)
            .await
            .expect("editor names");
        let sentence = "In our tests the new Falcon-H1R 7B answers 91.0% of MATH-500 problems.";
        let found = proofwire::claims::entities::lexicon()
            .find(proofwire::claims::entities::EntityKind::Model, sentence);
        assert!(
            found.iter().any(|m| m.id == "falcon-h1r-7b" && m.text == "Falcon-H1R 7B"),
            "{found:?}"
        );
    });
}
