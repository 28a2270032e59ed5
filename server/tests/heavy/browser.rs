//! A real browser (headless Chromium through chromedriver) against the real binary serving the
//! demo snapshot. Needs the site built by `cargo leptos build` (scripts/test does it).

use crate::common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Kills a child process we started, by its handle, when the test ends or panics.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `proofwire --config FILE ingest`, which must succeed.
fn ingest(config_file: &std::path::Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_proofwire"))
        .arg("--config")
        .arg(config_file)
        .envs(common::database_env(config_file))
        .arg("ingest")
        .stdout(Stdio::null())
        .status()
        .expect("ingest");
    assert!(status.success());
}

/// `proofwire --config FILE serve` on a port of its own, stopped when the guard is dropped; with
/// its base URL.
fn serve(config_file: &std::path::Path) -> (Guard, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_proofwire"));
    command
        .arg("--config")
        .arg(config_file)
        .envs(common::database_env(config_file))
        .arg("serve")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null());
    let dir = config_file
        .parent()
        .expect("the config file is in a directory");
    let (child, addr) = common::ports::serve_on_any_port(command, dir);
    (Guard(child), format!("http://{addr}"))
}

async fn wait_http(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(url).await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not come up within 30 s");
}

async fn eval(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.expect("execute script")
}

async fn wait_for(c: &Client, what: &str, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if eval(c, script).await == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let state = eval(
        c,
        "return location.href + ' | h1=' + (document.querySelector('h1') || {}).textContent + ' | ' + document.body.innerText.slice(0, 300)",
    )
    .await;
    panic!("timed out waiting for {what}; the page shows: {state}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_digest_in_a_real_browser() {
    let root = repo_root();
    let site = root.join("target/site");
    assert!(
        site.join("pkg/proofwire.js").exists(),
        "{} has no built site: run `cargo leptos build` first (scripts/test does)",
        site.display()
    );
    let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("chromedriver is not installed: run scripts/setup.sh");

    // Data: the demo snapshot plus a hostile feed whose scripts must never run.
    let dir = tempfile::tempdir().expect("tempdir");
    let config = demo_config(dir.path());
    let xss = dir.path().join("xss.xml");
    std::fs::write(
        &xss,
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>
<item><title>Hostile &lt;img src=x onerror="window.__xss=1"&gt;&lt;script&gt;window.__xss=2&lt;/script&gt;</title>
<link>https://evil.example/p</link><guid>xss</guid><pubDate>Fri, 20 Feb 2026 21:00:00 GMT</pubDate>
<description><![CDATA[<p>Hostile feed text that is long enough to be summarized.<script>window.__xss=3</script><img src="x" onerror="window.__xss=4"></p><p onmouseover="window.__xss=5">More hostile text that is also long enough here.</p>]]></description></item>
</channel></rss>"#,
    )
    .expect("write xss feed");
    let mut sources = std::fs::read_to_string(&config.sources_file).expect("sources");
    sources.push_str(&format!(
        "[[source]]\nid = \"hostile\"\nname = \"Hostile\"\nvendor = \"Hostile\"\npath = \"{}\"\nlanguage = \"en\"\n",
        xss.display()
    ));
    std::fs::write(&config.sources_file, sources).expect("write sources");
    // A third-party result for step 8 (fixture data, not a real measurement).
    let results_csv = dir.path().join("results.csv");
    std::fs::write(
        &results_csv,
        "model,benchmark,score,stderr,date,source_url\n\
         gpt-5-2025-08-07,SWE-Bench-Verified,65.0%,2.0,2025-09-01,https://evals.example/gpt-5\n",
    )
    .expect("write results");
    let toml = format!(
        "data_dir = \"{}\"\nsources_file = \"{}\"\nsite_root = \"{}\"\n\
         [[evidence_source]]\nid = \"fixture\"\npublisher = \"Fixture Evals\"\npath = \"{}\"\n\
         format = \"csv\"\nlicence = \"CC-BY-4.0\"\n",
        config.data_dir.display(),
        config.sources_file.display(),
        site.display(),
        results_csv.display()
    );
    let config_file = dir.path().join("proofwire.toml");
    std::fs::write(&config_file, toml).expect("write config");

    let bin = env!("CARGO_BIN_EXE_proofwire");
    ingest(&config_file);
    // An editor for step 7; the password comes on stdin as a script would give it.
    let mut add = Command::new(bin)
        .arg("--config")
        .arg(&config_file)
        .envs(common::database_env(&config_file))
        .args(["user", "add", "ann", "--editor"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("user add");
    if let Some(mut stdin) = add.stdin.take() {
        use std::io::Write;
        stdin.write_all(b"a long password\n").expect("password");
    }
    assert!(add.wait().expect("user add").success());
    let claim_id: i64 = {
        let store = common::open_store(&config.data_dir.join("proofwire.db")).await;
        store
            .raw("SELECT id FROM claims WHERE subject = 'GPT-5' AND metric = 'SWE-bench Verified'")
            .scalar()
            .await
            .expect("GPT-5 claim")
    };
    // A checked Korean translation of one English post's title and first summary sentence, as
    // the model would have stored it (the browser test runs without a model).
    let (lyria_id, lyria_sentence): (i64, String) = {
        let store = common::open_store(&config.data_dir.join("proofwire.db")).await;
        let id: i64 = store
            .raw("SELECT id FROM articles WHERE title LIKE '%Lyria 3%'")
            .scalar()
            .await
            .expect("the Lyria post");
        let title: String = store
            .raw(format!("SELECT title FROM articles WHERE id = {id}"))
            .scalar()
            .await
            .expect("title");
        let digest = proofwire::digest::build_digest(
            &store,
            chrono_tz::Asia::Seoul,
            chrono::NaiveDate::from_ymd_opt(2026, 2, 21),
            "ko",
        )
        .await
        .expect("digest")
        .expect("a day");
        let sentence = digest
            .items
            .iter()
            .find(|i| i.article_id.get() == id)
            .and_then(|i| i.summary.first())
            .map(|s| s.text.clone())
            .expect("a summary sentence");
        for (source, ko) in [
            (title.as_str(), "Gemini 앱에서 Lyria 3로 음악 만들기"),
            (
                sentence.as_str(),
                "구글은 Google DeepMind의 최신 음악 모델 Lyria 3로 Gemini 앱에 음악 생성을 더했다.",
            ),
        ] {
            store
                .save_translation(&proofwire::db::translations::NewTranslation {
                    source_hash: &proofwire::translate::sentence_hash(source),
                    target: "ko",
                    model: "fixture",
                    prompt_version: proofwire::translate::PROMPT_VERSION,
                    text: Some(ko),
                    problems: "",
                    raw: ko,
                    ms: 0.0,
                    at: "2026-02-21T12:00:00Z",
                })
                .await
                .expect("translation");
        }
        (id, sentence)
    };
    let (_server, base) = serve(&config_file);
    wait_http(&format!("{base}/healthz")).await;

    let (driver, driver_port) = common::ports::spawn_on_free_port(|port| {
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver")
    });
    let _driver = Guard(driver);
    wait_http(&format!("http://127.0.0.1:{driver_port}/status")).await;
    let profile = dir.path().join("chromium-profile");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                format!("--user-data-dir={}", profile.display()),
                "--lang=ko-KR", "--accept-lang=ko-KR,ko"
            ]
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("WebDriver session");

    let session = c.clone();
    let result = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(async move {
        let c = session;
        // 1. Server-rendered with five sections (plus the hostile one), then hydrated.
        c.goto(&format!("{base}/digest/2026-02-21")).await.expect("goto digest");
        wait_for(&c, "hydration", "return document.body.dataset.hydrated === 'true'").await;
        let h1 = c.find(Locator::Css("h1")).await.expect("h1").text().await.expect("h1 text");
        assert_eq!(h1, "2026년 2월 21일 오늘의 AI 뉴스");
        let sections = c.find_all(Locator::Css("section.announcement")).await.expect("sections");
        assert_eq!(sections.len(), 6, "five demo announcements and the hostile post");

        // 2. No script from feed content ran, and nothing from it became an element.
        assert_eq!(eval(&c, "return window.__xss === undefined").await, json!(true));
        assert_eq!(eval(&c, "return document.querySelectorAll('main img, main script').length").await, json!(0));

        // 3. Previous day without a full page load: a marker on window survives.
        eval(&c, "window.__pw_marker = 42; return true").await;
        c.find(Locator::Css("a.prev")).await.expect("prev link").click().await.expect("click prev");
        wait_for(&c, "previous day", "return location.pathname === '/digest/2026-01-15' && document.querySelector('h1').textContent.includes('2026년 1월 15일')").await;
        assert_eq!(eval(&c, "return window.__pw_marker").await, json!(42), "page was reloaded");
        // The swapped page is the one a direct load shows (a day with other sections than the
        // one before it), and Back returns to the first day, still without a load.
        let headlines = "return Array.from(document.querySelectorAll('main h2')).map(h => h.textContent)";
        let swapped = eval(&c, headlines).await;
        eval(&c, "history.back(); return true").await;
        wait_for(&c, "back to the first day", "return location.pathname === '/digest/2026-02-21' && document.querySelectorAll('section.announcement').length === 6 && window.__pw_marker === 42").await;
        c.goto(&format!("{base}/digest/2026-01-15")).await.expect("goto the previous day");
        wait_for(&c, "hydration", "return document.body.dataset.hydrated === 'true'").await;
        assert_eq!(eval(&c, headlines).await, swapped, "client navigation showed another page than a load");
        assert_eq!(eval(&c, "return document.title").await, eval(&c, "return document.querySelector('h1').textContent").await);
        eval(&c, "window.__pw_marker = 42; return true").await;

        // 4. An article page shows highlighted summary spans.
        c.find(Locator::Css("a.details")).await.expect("details").click().await.expect("click details");
        wait_for(&c, "article page", "return location.pathname.startsWith('/article/') && document.querySelectorAll('mark.source-span').length > 0").await;
        let href = c
            .find(Locator::Css("a.sentence"))
            .await
            .expect("summary sentence")
            .attr("href")
            .await
            .expect("href");
        assert_eq!(href.as_deref(), Some("#span-0"));
        assert_eq!(eval(&c, "return window.__pw_marker").await, json!(42));

        // 5. The language switch goes to English and persists across pages.
        c.goto(&format!("{base}/digest/2026-02-21")).await.expect("goto digest");
        wait_for(&c, "hydration", "return document.body.dataset.hydrated === 'true'").await;
        c.find(Locator::Css("a.lang-switch")).await.expect("switch").click().await.expect("click switch");
        wait_for(&c, "English page", "return document.documentElement.lang === 'en' && document.querySelector('h1').textContent === 'AI news — February 21, 2026'").await;
        c.goto(&format!("{base}/archive")).await.expect("goto archive");
        wait_for(&c, "English archive", "return document.querySelector('h1').textContent === 'Archive'").await;

        // 6. Search: `/` focuses the header box; a typed query shows highlighted results;
        //    a vendor facet narrows them.
        c.goto(&format!("{base}/digest/2026-02-21")).await.expect("goto digest");
        wait_for(&c, "hydration", "return document.body.dataset.hydrated === 'true'").await;
        let slash = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: '/' })
            .then(KeyAction::Up { value: '/' });
        c.perform_actions(slash).await.expect("press /");
        wait_for(&c, "search box focus", "return document.activeElement && document.activeElement.id === 'site-search'").await;
        assert_eq!(eval(&c, "return document.activeElement.value").await, json!(""), "the slash is not typed into the box");
        let input = c.find(Locator::Id("site-search")).await.expect("search box");
        input.send_keys("research\u{E007}").await.expect("type query");
        wait_for(&c, "search results", "return location.pathname === '/search' && document.querySelectorAll('article.hit mark').length > 0").await;
        let all = eval(&c, "return document.querySelectorAll('article.hit').length").await;
        let marked = eval(&c, "return Array.from(document.querySelectorAll('article.hit mark')).map(m => m.textContent.toLowerCase())").await;
        assert!(
            marked.as_array().is_some_and(|m| m.iter().all(|t| t.as_str().is_some_and(|t| t.starts_with("research")))),
            "marks are the matched word: {marked}"
        );
        c.find(Locator::Css("a[data-vendor='openai']")).await.expect("vendor facet").click().await.expect("click facet");
        wait_for(&c, "vendor filter", "return location.search.includes('vendor=openai') && document.querySelector('.facets li.active a') !== null").await;
        let vendors = eval(&c, "return Array.from(document.querySelectorAll('article.hit .vendor')).map(v => v.textContent)").await;
        let vendors = vendors.as_array().cloned().unwrap_or_default();
        assert!(!vendors.is_empty());
        assert!(vendors.iter().all(|v| v == "OpenAI"), "{vendors:?}");
        assert!((vendors.len() as u64) < all.as_u64().unwrap_or(0), "the filter narrowed {all} results");

        // 6b. The Korean page reads the English post in Korean, each sentence linked to its
        //     original's span (shown on hover); following it lands on that highlighted span.
        //     (Step 5 left the English cookie: switch back.)
        c.goto(&format!("{base}/lang/ko?next=/digest/2026-02-21")).await.expect("goto Korean digest");
        wait_for(&c, "hydration", "return document.body.dataset.hydrated === 'true'").await;
        let link = format!("a.sentence.translated[href='/article/{lyria_id}#span-0']");
        let hover = c.find(Locator::Css(&link)).await.expect("translated sentence").attr("title").await.expect("title");
        assert_eq!(hover.as_deref(), Some(lyria_sentence.as_str()), "the original on hover");
        assert!(eval(&c, "return document.body.textContent.includes('Gemini 앱에서 Lyria 3로 음악 만들기')").await == json!(true));
        c.find(Locator::Css(&link)).await.expect("translated sentence").click().await.expect("follow");
        wait_for(&c, "the original span", &format!("return location.pathname === '/article/{lyria_id}' && location.hash === '#span-0' && document.getElementById('span-0') !== null")).await;

        // 7. The editor flow: log in, add evidence, change the status, see the history, then
        //    the badge in the digest.
        c.goto(&format!("{base}/login?next=/claim/{claim_id}")).await.expect("goto login");
        wait_for(&c, "login form", "return document.querySelector('form.login-form input[name=token]') !== null").await;
        c.find(Locator::Css("form.login-form input[name=name]")).await.expect("name").send_keys("ann").await.expect("type name");
        c.find(Locator::Css("form.login-form input[name=password]")).await.expect("password").send_keys("a long password").await.expect("type password");
        c.find(Locator::Css("form.login-form button")).await.expect("login button").click().await.expect("log in");
        wait_for(&c, "claim page as editor", &format!("return location.pathname === '/claim/{claim_id}' && document.querySelector('form.evidence-form') !== null")).await;
        let fill = |name: &'static str, value: &'static str| {
            let c = c.clone();
            async move {
                c.find(Locator::Css(&format!("form.evidence-form [name={name}]")))
                    .await
                    .expect("evidence field")
                    .send_keys(value)
                    .await
                    .expect("type");
            }
        };
        fill("url", "https://www.swebench.com/").await;
        fill("title", "SWE-bench Verified leaderboard").await;
        fill("organisation", "SWE-bench").await;
        fill("measured_value", "72.8%").await;
        eval(&c, "document.querySelector('form.evidence-form [name=kind]').value = 'leaderboard'; document.querySelector('form.evidence-form [name=verdict]').value = 'supports'; return true").await;
        c.find(Locator::Css("form.evidence-form button")).await.expect("add evidence").click().await.expect("submit evidence");
        wait_for(&c, "evidence listed", "return document.querySelectorAll('li.evidence-item').length === 1 && document.querySelector('.delta') !== null").await;
        eval(&c, "document.querySelector('form.status-form [name=status]').value = 'partly_reproduced'; document.querySelector('form.status-form input[name=evidence]').checked = true; return true").await;
        c.find(Locator::Css("form.status-form textarea[name=reason]")).await.expect("reason").send_keys("The leaderboard measures 72.8%, under the claimed 74.9%.").await.expect("type reason");
        c.find(Locator::Css("form.status-form button")).await.expect("change status").click().await.expect("submit status");
        wait_for(&c, "new status and history", "return document.querySelector('article.claim').dataset.status === 'partly_reproduced' && document.querySelectorAll('li.event-status').length === 1 && document.querySelector('script[type=\"application/ld+json\"]') !== null").await;
        c.goto(&format!("{base}/digest/2025-08-08")).await.expect("goto digest");
        wait_for(&c, "badge in the digest", &format!("return document.querySelector('li.claim-line[data-claim-id=\"{claim_id}\"] .badge.status-partly_reproduced') !== null")).await;

        // 7b. Still signed in: the editor writes the day's lead and a section's commentary on
        //     the 2026-02-21 digest; both show labelled as the editor's.
        c.goto(&format!("{base}/digest/2026-02-21")).await.expect("goto digest");
        wait_for(&c, "lead form", "return document.querySelector('form.note-form-lead textarea') !== null").await;
        c.find(Locator::Css("form.note-form-lead textarea")).await.expect("lead box").send_keys("오늘은 연구 지원 소식이 눈에 띄었습니다.").await.expect("type lead");
        c.find(Locator::Css("form.note-form-lead button")).await.expect("save lead").click().await.expect("submit lead");
        wait_for(&c, "editor's lead", "return document.querySelector('aside.note-lead') !== null && document.querySelector('aside.note-lead').textContent.includes('연구 지원')").await;
        eval(&c, "document.querySelector('section.announcement details.note-editor').open = true; return true").await;
        c.find(Locator::Css("section.announcement form.note-form-commentary textarea")).await.expect("commentary box").send_keys("규모보다 독립성이 관건입니다.").await.expect("type commentary");
        c.find(Locator::Css("section.announcement form.note-form-commentary button")).await.expect("save commentary").click().await.expect("submit commentary");
        wait_for(&c, "editor's commentary", "return Array.from(document.querySelectorAll('section.announcement aside.note-commentary')).some(a => a.textContent.includes('독립성') && a.textContent.includes('ann'))").await;

        // 8. A third-party result read from the evidence source is suggested on the claim; the
        //    editor accepts it, it joins the evidence with its verdict, and the model page
        //    shows the claimed and the measured value.
        c.goto(&format!("{base}/claim/{claim_id}")).await.expect("goto claim");
        wait_for(&c, "suggested result", "return document.querySelector('li.result[data-verdict=\"contradicts\"] form button') !== null").await;
        c.find(Locator::Css("li.result form button")).await.expect("accept button").click().await.expect("accept result");
        wait_for(&c, "result accepted", "return document.querySelectorAll('li.evidence-item').length === 2 && document.querySelector('li.result') === null && document.body.textContent.includes('Fixture Evals')").await;
        c.goto(&format!("{base}/model/gpt-5")).await.expect("goto model page");
        wait_for(&c, "claimed and measured points", "return document.querySelector('circle.point.claimed') !== null && document.querySelector('circle.point.measured') !== null").await;

        // 9. The claims-per-month chart's numbers and months stay at text size, narrow or wide.
        c.goto(&format!("{base}/claims")).await.expect("goto claims");
        wait_for(&c, "month chart", "return document.querySelector('.month-chart .chart-label') !== null").await;
        let mut sizes = Vec::new();
        for width in [400, 1800] {
            c.set_window_size(width, 900).await.expect("resize");
            let got = eval(&c, "const px = e => parseFloat(getComputedStyle(e).fontSize); \
                return [px(document.querySelector('.month-chart .chart-label')), \
                        px(document.querySelector('.month-chart .chart-value')), px(document.body)];").await;
            let v: Vec<f64> = got.as_array().expect("sizes").iter().filter_map(|x| x.as_f64()).collect();
            assert_eq!(v.len(), 3, "{got}");
            assert!(v[0] <= v[2] && v[1] <= v[2], "chart text larger than body text at {width}px: {v:?}");
            sizes.push(v);
        }
        assert_eq!(sizes[0][..2], sizes[1][..2], "chart text must not scale with the window");
        // 10. Keyboard: j/k move through the announcements, [ and ] change the day without a
        //     page load, ? lists the shortcuts and Escape closes the list, and keys typed into
        //     the search box stay there.
        c.set_window_size(1200, 900).await.expect("resize");
        c.goto(&format!("{base}/digest/2026-02-21")).await.expect("goto digest");
        wait_for(&c, "hydration", "return document.body.dataset.hydrated === 'true'").await;
        eval(&c, "window.__pw_keys = 7; return true").await;
        let current = |i: usize| {
            format!("return Array.from(document.querySelectorAll('section.announcement')).findIndex(s => s.classList.contains('current')) === {i}")
        };
        press(&c, 'j').await;
        wait_for(&c, "first announcement current", &current(0)).await;
        press(&c, 'j').await;
        wait_for(&c, "second announcement current", &current(1)).await;
        press(&c, 'k').await;
        wait_for(&c, "back to the first", &current(0)).await;
        press(&c, '[').await;
        wait_for(&c, "previous day", "return location.pathname === '/digest/2026-01-15' && window.__pw_keys === 7").await;
        press(&c, ']').await;
        wait_for(&c, "next day", "return location.pathname === '/digest/2026-02-21' && window.__pw_keys === 7 && document.querySelectorAll('section.announcement').length === 6").await;
        press(&c, '?').await;
        wait_for(&c, "shortcut list", "return document.querySelector('.shortcuts-help kbd') !== null").await;
        press(&c, '\u{E00C}').await;
        wait_for(&c, "shortcut list closed", "return document.querySelector('.shortcuts-help') === null").await;
        let input = c.find(Locator::Id("site-search")).await.expect("search box");
        input.click().await.expect("focus search");
        input.send_keys("jk").await.expect("type into the box");
        assert_eq!(eval(&c, "return document.activeElement.value").await, json!("jk"));
        assert_eq!(
            eval(&c, "return document.querySelector('section.announcement.current') === null").await,
            json!(true),
            "keys typed into a field are not shortcuts"
        );

    }))
    .await;
    // Close the session before the guards stop chromedriver, so Chromium exits with it.
    let _ = c.close().await;
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// Presses and releases one key, as a person at the keyboard would.
async fn press(c: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.expect("press a key");
}

/// What a browser gets, as Lighthouse (desktop) and axe-core (WCAG 2.1 A and AA) judge it, on
/// the pages readers use, in English and Korean, light and dark (scripts/browser-audit.mjs):
/// accessibility and best practices 100, SEO at least 95, no axe violation, no console error,
/// and a first visit of a digest day within 100 KiB with the wasm bundle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lighthouse_and_axe_pass_on_the_pages_readers_use() {
    let root = repo_root();
    let site = root.join("target/site");
    assert!(
        site.join("hash.txt").exists(),
        "{} has no finished site: run `cargo leptos build` and scripts/finish-site.sh (scripts/test does)",
        site.display()
    );
    assert!(
        root.join(".tools/audit/node_modules/lighthouse").exists(),
        "Lighthouse is not installed: run scripts/setup.sh"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let config = demo_config(dir.path());
    let config_file = dir.path().join("proofwire.toml");
    std::fs::write(
        &config_file,
        format!(
            "data_dir = \"{}\"\nsources_file = \"{}\"\nsite_root = \"{}\"\n",
            config.data_dir.display(),
            config.sources_file.display(),
            site.display(),
        ),
    )
    .expect("write config");
    ingest(&config_file);
    let (article, claim): (i64, i64) = {
        let store = common::open_store(&config.data_dir.join("proofwire.db")).await;
        let one = |sql: &'static str| {
            let store = store.clone();
            async move { store.raw(sql).scalar::<i64>().await.expect(sql) }
        };
        (
            one("SELECT MIN(a.id) FROM articles a JOIN summaries s ON s.article_id = a.id").await,
            one("SELECT MIN(id) FROM claims").await,
        )
    };
    let (_server, base) = serve(&config_file);
    wait_http(&format!("{base}/healthz")).await;
    let out = Command::new("node")
        .arg(root.join("scripts/browser-audit.mjs"))
        .arg(&base)
        .args([
            "/".to_string(),
            "/digest/2026-02-21".to_string(),
            format!("/article/{article}"),
            "/claims".to_string(),
            format!("/claim/{claim}"),
            "/sources".to_string(),
            "/search?q=model".to_string(),
            "/search?q=%EB%AA%A8%EB%8D%B8".to_string(),
        ])
        .output()
        .expect("run node scripts/browser-audit.mjs");
    let report = String::from_utf8_lossy(&out.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "the browser audit found problems:\n{report}"
    );
}
