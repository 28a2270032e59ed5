//! Hostile input, shared by the fixed-seed property tests (`tests/suite/hostile_properties.rs`) and
//! the time-bounded fuzz driver (`examples/fuzz.rs`, run by `scripts/fuzz`): generators for
//! text, HTML and feeds that break naive handling, and one check per target that fails on a
//! panic or on an offset that is not a character boundary of the text it indexes.

use proptest::prelude::*;
use url::Url;

/// Characters whose case mapping changes their length (Kelvin sign, dotted capital I, sharp
/// s, ligatures, final sigma), combining marks, joiners, direction marks, Korean, emoji.
const TRICKY: &[&str] = &[
    "\u{212A}",
    "\u{0130}",
    "\u{1E9E}",
    "ß",
    "\u{FB03}",
    "Σ",
    "ς",
    "\u{0301}",
    "\u{0308}",
    "\u{200D}",
    "\u{200B}",
    "\u{202E}",
    "\u{FEFF}",
    "모델",
    "점",
    "퍼센트",
    "👩‍🔬",
    "𝔸",
    "\u{10FFFF}",
    "\0",
    "\r\n",
    "\n\n",
    "%",
    "％",
    "٫",
    "١٢٣",
    "½",
    "Ⅻ",
];

const WORDS: &[&str] = &[
    "GPT-4o ",
    "Llama 3.1 405B ",
    "엑사원 4.0 ",
    "scores ",
    "74.9% ",
    "1,800 ",
    "2배 ",
    "20x ",
    "$0.005 ",
    "on ",
    "MMLU ",
    "SWE-bench Verified ",
    "than ",
    "대비 ",
    "up to ",
    "최대 ",
    "tokens per second ",
    "twice ",
    "three ",
    "hundred ",
    "million ",
    "1.5e308 ",
    "-0 ",
    "NaN ",
    "inf ",
    "9999999999999999999999 ",
    ". ",
    "! ",
    "? ",
    "… ",
    "\"",
    "'",
    "(",
    ")",
];

pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(WORDS).prop_map(str::to_owned),
            2 => prop::sample::select(TRICKY).prop_map(str::to_owned),
            2 => any::<char>().prop_map(String::from),
        ],
        0..120,
    )
    .prop_map(|p| p.concat())
}

const TAGS: &[&str] = &[
    "div", "p", "article", "main", "b", "a", "table", "tr", "td", "li", "ul", "script", "style",
    "svg", "math", "template", "select", "textarea", "title", "noscript", "iframe", "h1", "br",
];

/// One piece of markup: a tag nested `depth` deep, a huge attribute, a comment, an entity, an
/// unclosed or stray tag, or hostile text.
fn markup() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(),
        2 => (prop::sample::select(TAGS), 0..3000usize, text()).prop_map(|(t, depth, inner)| {
            format!("<{t}>").repeat(depth) + &inner + &format!("</{t}>").repeat(depth)
        }),
        1 => (prop::sample::select(TAGS), 0..200_000usize).prop_map(|(t, n)| {
            format!("<{t} title=\"{}\" data-x='{}'>big</{t}>", "x".repeat(n), "\u{212A}".repeat(n / 64))
        }),
        1 => prop::sample::select(&[
            "<!--", "-->", "<![CDATA[", "]]>", "&#x10FFFF;", "&#0;", "&#xD800;", "&amp", "&lt;",
            "<", ">", "</", "<a href=\"javascript:alert(1)\">", "<img src=x onerror=alert(1)>",
            "<base href=\"http://evil.example/\">", "<link rel=canonical href=\"//evil\">",
            "<div", "<p>", "</div>", "<table><tr><td>", "<svg><script>x</script>", "\"'",
        ][..]).prop_map(str::to_owned),
    ]
}

pub fn html() -> impl Strategy<Value = String> {
    prop::collection::vec(markup(), 0..12).prop_map(|p| p.concat())
}

/// Bytes a feed URL may answer with: RSS, Atom and JSON Feed around hostile content, or noise.
pub fn feed() -> impl Strategy<Value = Vec<u8>> {
    let item = (text(), html(), text()).prop_map(|(title, body, guid)| {
        format!(
            "<item><title>{}</title><link>https://ex.com/{}</link><guid>{}</guid><description><![CDATA[{}]]></description><pubDate>{}</pubDate></item>",
            xml_escape(&title), xml_escape(&guid), xml_escape(&guid), body.replace("]]>", ""), xml_escape(&title)
        )
    });
    prop_oneof![
        3 => prop::collection::vec(item, 0..6).prop_map(|items| {
            format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>{}</channel></rss>", items.concat()).into_bytes()
        }),
        1 => (text(), html(), 0..2000usize).prop_map(|(title, body, depth)| {
            format!(
                "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{}</title><entry><id>1</id><title type=\"html\">{}</title><link href=\"https://ex.com/a\"/><content type=\"xhtml\">{}{}{}</content></entry></feed>",
                xml_escape(&title), xml_escape(&body), "<div xmlns=\"http://www.w3.org/1999/xhtml\">".repeat(depth), xml_escape(&title), "</div>".repeat(depth)
            ).into_bytes()
        }),
        1 => (text(), 0..500usize).prop_map(|(t, depth)| {
            let v = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": t, "items": [{"id": t, "url": "https://ex.com/x", "content_html": t}]});
            (v.to_string() + &"[".repeat(depth)).into_bytes()
        }),
        1 => prop::collection::vec(any::<u8>(), 0..2000),
    ]
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn base() -> Url {
    Url::parse("https://ex.com/blog/post").expect("base url")
}

pub fn check_feed(bytes: &[u8]) {
    if let Ok(f) = proofwire::ingest::feed::parse(bytes, Some("application/rss+xml"), Some(&base()))
    {
        for e in f.entries {
            for text in [e.title.as_str(), e.html.as_str()] {
                let _ = proofwire::ingest::extract::html_to_text(
                    &proofwire::ingest::extract::sanitize(text, Some(&base())),
                );
            }
        }
    }
}

pub fn check_page(html: &str) {
    let x = proofwire::ingest::extract::extract_page(html, &base());
    assert!(
        !x.html.to_ascii_lowercase().contains("<script"),
        "a script survived sanitizing"
    );
    assert!(
        !x.html.contains("onerror="),
        "an event handler survived sanitizing"
    );
    let _ = proofwire::ingest::extract::html_to_text(html);
}

pub fn check_claims(text: &str) {
    let chars = text.chars().count();
    for c in proofwire::claims::extract::extract(text) {
        assert!(
            c.span.start <= c.span.end && c.span.end <= chars,
            "span {}..{} of {chars} chars",
            c.span.start,
            c.span.end
        );
        assert!(c.value_num.is_none_or(f64::is_finite));
        // Every field is a piece of the sentence as written (a subject named earlier is
        // flagged), whatever the rules matched on a folded or lowercased copy.
        for (what, field) in [("value", &c.value), ("metric", &c.metric)] {
            if let Some(f) = field {
                assert!(
                    c.sentence.contains(f.as_str()),
                    "{what} {f:?} not in {:?}",
                    c.sentence
                );
            }
        }
        if let Some(s) = c.subject.as_ref().filter(|_| !c.subject_from_context) {
            assert!(
                c.sentence.contains(s.as_str()),
                "subject {s:?} not in {:?}",
                c.sentence
            );
        }
    }
    // The options the model may choose among are pieces of the sentence or its context.
    let o = proofwire::claims::choose::Options::of(text, Some(text));
    for x in o.subjects.iter().chain(&o.metrics) {
        assert!(text.contains(x.as_str()), "option {x:?}");
    }
}

pub fn check_numbers(text: &str) {
    for n in proofwire::summarize::numbers::numbers(text) {
        assert!(n.is_finite(), "{n} from {text:?}");
    }
    for w in proofwire::summarize::numbers::words(text) {
        // Every word is a slice of the text it came from.
        let at = (w.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        assert!(
            at <= text.len() && text.is_char_boundary(at) && text.is_char_boundary(at + w.len())
        );
    }
    let _ = proofwire::claims::extract::value_number(text);
}

/// Story fingerprints of hostile text: no panic, a signature of the fixed length or none, every
/// name made of the post's own words, and grouping any two of them (and a
/// copy) terminates with every post in exactly one story.
/// Attribution over hostile addresses: no panic, and a named author is a plain name (letters,
/// digits, spaces) that the host's own vendor name is not.
pub fn check_attribution(path: &str) {
    for base in [
        "https://huggingface.co/blog/",
        "https://huggingface.co/blog/org/",
    ] {
        let Ok(url) = url::Url::parse(base).and_then(|b| b.join(path)) else {
            continue;
        };
        if let Some(name) = proofwire::ingest::attribution::author_org(&url, "Hugging Face") {
            assert!(!name.is_empty() && name.len() <= 64, "{name:?}");
            assert!(
                name.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '),
                "{name:?}"
            );
            assert!(!name.eq_ignore_ascii_case("Hugging Face"));
        }
    }
}

/// The translation check over hostile text: no panic, the same verdict twice, and a sentence
/// always passes as its own faithful copy's anchors (only "not translated" may be said of it).
/// Placeholders: masking then restoring an unchanged answer gives the sentence back exactly,
/// with or without its glossary terms kept; a hostile answer is judged without a panic.
pub fn check_translation(source: &str, translation: &str) {
    use proofwire::translate::check::{check, Problem};
    use proofwire::translate::{glossary, judge, meaning, placeholders};
    for (from, to) in [("en", "ko"), ("ko", "en")] {
        let hits = glossary::glossary().find(source, from, to);
        let terms: Vec<_> = hits.iter().map(|h| h.range.clone()).collect();
        for kept in [&terms[..], &[]] {
            let masked = placeholders::mask(source, kept);
            assert_eq!(masked.unmask(&masked.text).as_deref(), Ok(source));
        }
        let masked = placeholders::mask(source, &terms);
        assert!(placeholders::units_after_tokens(&masked, &masked.text).is_empty());
        let _ = judge(source, &masked, &hits, translation, from, to);
        let _ = judge(source, &masked, &hits, &masked.text, from, to);
        // The meaning check: no panic, and the same answer twice.
        let m = meaning::check(source, translation, from, to);
        assert_eq!(m, meaning::check(source, translation, from, to));
    }
    for target in ["ko", "en"] {
        let p = check(source, translation, target);
        assert_eq!(p, check(source, translation, target));
        let own = check(source, source, target);
        assert!(
            own.iter()
                .all(|x| matches!(x, Problem::NotTranslated | Problem::Empty)),
            "a copy keeps every anchor: {own:?}"
        );
    }
}

/// A story's rank over hostile text (as title, address and summary): always a kind, reasons
/// that add up to the score, the same answer twice.
pub fn check_ranking(title: &str, text: &str) {
    use proofwire::ranking::{score, Signals};
    let others = [text, title];
    let signals = Signals {
        title,
        url: text,
        text,
        other_titles: &others,
        trackable_claims: text.len() % 7,
        other_outlets: title.len() % 5,
        major_outlets: text.len() % 3,
    };
    let rank = score(&signals);
    assert!(rank.kind.is_some());
    assert!(rank.score.is_finite());
    let sum: f32 = rank.reasons.iter().map(|r| r.points).sum();
    assert_eq!(sum, rank.score);
    assert_eq!(score(&signals), rank);
    let _ = rank.explain(app::i18n::Lang::Ko);
}

pub fn check_stories(title: &str, text: &str) {
    use proofwire::stories::cluster::{group, Member};
    use proofwire::stories::Fingerprint;
    let a = Fingerprint::of(title, text);
    let b = Fingerprint::of(text, title);
    assert!(a.signature.is_empty() || a.signature.len() == 64);
    // Every name is the start of one lowercased word of the post, or that and the start of the
    // next word (a name and its version).
    let words: Vec<String> = proofwire::summarize::numbers::words(title)
        .into_iter()
        .chain(proofwire::summarize::numbers::words(text))
        .map(|w| w.to_lowercase())
        .collect();
    let made_of_words = |n: &str| {
        words.iter().enumerate().any(|(i, w)| {
            w.char_indices()
                .skip(1)
                .map(|(k, _)| k)
                .chain([w.len()])
                .any(|k| {
                    n.strip_prefix(&w[..k]).is_some_and(|rest| {
                        rest.is_empty()
                            || words.get(i + 1).is_some_and(|next| next.starts_with(rest))
                    })
                })
        })
    };
    for n in &a.names {
        assert!(
            made_of_words(n),
            "name {n:?} is made of no words of the post"
        );
    }
    let copy = a.clone();
    let posts = [&a, &b, &copy].map(|f| Member {
        published: 0,
        fingerprint: Some(f),
    });
    let stories = group(&posts);
    let mut seen = [0u8; 3];
    for s in &stories {
        seen[s.lead] += 1;
        for (m, _) in &s.also {
            seen[*m] += 1;
        }
    }
    assert_eq!(seen, [1, 1, 1], "{stories:?}");
    if !a.signature.is_empty() {
        // A post and its exact copy are always one story.
        assert!(stories
            .iter()
            .any(|s| (s.lead == 0 && s.also.iter().any(|(m, _)| *m == 2))
                || (s.lead == 2 && s.also.iter().any(|(m, _)| *m == 0))));
    }
    // An editor took the copy out of the post's story (and named positions that do not
    // exist): the copy stands alone, every post is still shown once.
    let split = proofwire::stories::cluster::group_apart(&posts, &[(2, 0), (2, 1), (7, 0)]);
    let mut seen = [0u8; 3];
    for s in &split {
        seen[s.lead] += 1;
        for (m, _) in &s.also {
            seen[*m] += 1;
        }
    }
    assert_eq!(seen, [1, 1, 1], "{split:?}");
    assert!(
        split.iter().any(|s| s.lead == 2 && s.also.is_empty()),
        "{split:?}"
    );
}

pub fn check_grounding(generated: &str, source: &str) {
    let chars = source.chars().count();
    for lang in ["en", "ko"] {
        let out =
            proofwire::summarize::grounding::check(generated, "Title", source, lang, lang == "ko");
        for s in &out.kept {
            assert!(
                s.start <= s.end && s.end <= chars,
                "span {}..{} of {chars} chars",
                s.start,
                s.end
            );
        }
    }
    let spans: Vec<app::span::CharSpan> = proofwire::summarize::sentences::split(source);
    for &span in &spans {
        assert!(span.start <= span.end);
        let _ = proofwire::summarize::sentences::slice(source, span);
    }
}

pub fn check_query(q: &str) {
    let parsed = proofwire::search::query::parse(q);
    let _ = format!("{parsed:?}");
    // Spans that may run past the end of the text: the highlighter clips them.
    let spans: Vec<app::span::CharSpan> = q
        .char_indices()
        .map(|(i, _)| app::span::CharSpan::new(i, i.saturating_mul(3)))
        .take(8)
        .collect();
    let paragraphs = app::highlight::segment(q, &spans);
    let rebuilt: String = paragraphs
        .iter()
        .flatten()
        .map(|s| s.text.as_str())
        .collect();
    assert!(rebuilt.chars().count() <= q.chars().count());
}

/// A listing page, a sitemap and a JSON list built around hostile text are read without a
/// panic, and every entry they give has an http(s) link.
pub fn check_listings(html: &str, text: &str) {
    use proofwire::ingest::listing::{read, HtmlListing, JsonListing, Kind, SitemapListing};
    let kinds = [
        Kind::Html(HtmlListing {
            item: "li, article, a".into(),
            title: Some("h2, h3".into()),
            link: None,
            date: Some("time".into()),
            summary: Some("p".into()),
            date_formats: vec!["%d.%m.%Y".into()],
            date_pattern: None,
        }),
        // The date written inside the title's text, found by a pattern and cut from it.
        Kind::Html(HtmlListing {
            item: "li, article, a".into(),
            title: Some("a, h2".into()),
            link: None,
            date: Some("a, h2".into()),
            summary: None,
            date_formats: vec![],
            date_pattern: Some(r"(\d{4}/\d{2}/\d{2})\s*$".into()),
        }),
        Kind::Sitemap(SitemapListing {
            pattern: "^https?://".into(),
            newest: 5,
        }),
        Kind::Json(JsonListing {
            items: "a.0.b".into(),
            title: "t".into(),
            link: "u".into(),
            date: Some("d".into()),
            summary: Some("s".into()),
            date_formats: Vec::new(),
        }),
    ];
    let sitemap = format!(
        "<?xml version=\"1.0\"?><urlset><url><loc>{}</loc><lastmod>{}</lastmod></url></urlset>",
        xml_escape(text),
        xml_escape(text)
    );
    let json = serde_json::json!({"a": [{"b": [{"t": text, "u": text, "d": text, "s": html}]}]})
        .to_string();
    let listing = format!(
        "<ul><li><a href=\"{}\"><h3>{}</h3></a><time>{}</time><p>{}</p></li></ul>{html}",
        xml_escape(text),
        text,
        text,
        html
    );
    let dated = format!(
        "<ul><li><a href=\"{}\"><h2>{} 2026/02/20</h2></a></li></ul>{html}",
        xml_escape(text),
        text
    );
    for (kind, body) in kinds.iter().zip([
        listing.as_str(),
        dated.as_str(),
        sitemap.as_str(),
        json.as_str(),
    ]) {
        for body in [body.as_bytes(), html.as_bytes(), text.as_bytes()] {
            if let Ok(f) = read(kind, body, None, Some(&base())) {
                for e in f.entries {
                    let link = e.link.expect("an entry has a link");
                    assert!(matches!(link.scheme(), "http" | "https"), "{link}");
                }
            }
        }
    }
}

/// An OPML file around hostile text, and hostile text alone, is read without a panic, and
/// every feed it gives has an http(s) address.
pub fn check_opml(html: &str, text: &str) {
    let doc = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"{}\">\
         <outline type=\"rss\" text=\"{}\" xmlUrl=\"{}\"/></outline></body></opml>",
        xml_escape(text),
        xml_escape(text),
        xml_escape(&format!("https://ex.com/{text}"))
    );
    for body in [doc.as_str(), html, text] {
        if let Ok(feeds) = proofwire::ingest::opml::parse(body) {
            for f in feeds {
                assert!(
                    matches!(f.xml_url.scheme(), "http" | "https"),
                    "{}",
                    f.xml_url
                );
            }
        }
    }
}
