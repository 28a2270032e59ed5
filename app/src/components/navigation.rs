//! Client navigation between server-rendered pages: a same-site link or GET form fetches the
//! next page's HTML and swaps the header and `<main>` in place, so the browser keeps the page
//! (and the keyboard island's listeners) instead of loading everything again.
//!
//! Why not Leptos's own islands router: it patches the old DOM node by node and only knows
//! where a list starts and ends when the list is a keyed `<For>`; our pages render lists of
//! every length, and a day with six announcements after one with three would keep stale nodes.
//! Swapping whole regions has no such case: nothing inside them is hydrated.
//!
//! Anything that is not a page of ours (a feed, an export, an error without the page layout,
//! a failed request) falls back to an ordinary load of the same address, so the worst case is
//! the behaviour without JavaScript.

#[cfg(feature = "hydrate")]
pub use client::install;

#[cfg(feature = "hydrate")]
mod client {
    use std::cell::Cell;

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Document, DomParser, Element, HtmlAnchorElement, HtmlFormElement, SupportedType, Url,
    };

    /// The regions a navigation replaces; everything else (head, footer, islands) stays.
    const REGIONS: [&str; 2] = ["header.site-header", "main.page"];

    thread_local! {
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
        /// Bumped by every navigation; a response that arrives after a newer one started is
        /// dropped, so a slow page never replaces the one the reader went to next.
        static LATEST: Cell<u64> = const { Cell::new(0) };
        /// Path and query of the page on screen: a history step that changes only the
        /// `#fragment` (a summary sentence's link to its span) is not a navigation.
        static SHOWN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    /// Starts intercepting link clicks, GET form submissions and history steps. Idempotent.
    pub fn install() {
        if INSTALLED.with(|i| i.replace(true)) {
            return;
        }
        remember_shown();
        // The listeners live as long as the page; their handles are deliberately not removed.
        let _ = window_event_listener(leptos::ev::click, |ev| {
            if let Some(url) = clicked_link(&ev) {
                ev.prevent_default();
                go(url, Step::Push);
            }
        });
        let _ = window_event_listener(leptos::ev::submit, |ev| {
            if let Some(url) = submitted_get_form(&ev) {
                ev.prevent_default();
                go(url, Step::Push);
            }
        });
        let _ = window_event_listener(leptos::ev::popstate, |_| {
            let moved = here().is_some_and(|u| SHOWN.with(|s| *s.borrow() != page_key(&u)));
            if let (true, Ok(href)) = (moved, window().location().href()) {
                go(href, Step::Replace);
            }
        });
    }

    #[derive(Clone, Copy)]
    enum Step {
        /// A new entry in the history (a link, a form).
        Push,
        /// Back or forward: the history already moved.
        Replace,
    }

    fn page_key(url: &Url) -> String {
        format!("{}{}", url.pathname(), url.search())
    }

    fn remember_shown() {
        if let Some(u) = here() {
            SHOWN.with(|s| *s.borrow_mut() = page_key(&u));
        }
    }

    fn here() -> Option<Url> {
        Url::new(&window().location().href().ok()?).ok()
    }

    /// The address a plain left click on a same-site link would load, unless the link opens
    /// elsewhere (new tab, download, `rel=external`) or only moves within this page.
    fn clicked_link(ev: &web_sys::MouseEvent) -> Option<String> {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return None;
        }
        let target: Element = ev.target()?.dyn_into().ok()?;
        let link: HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
        let rel = link.rel();
        if !link.target().is_empty()
            || link.has_attribute("download")
            || rel.split_ascii_whitespace().any(|r| r == "external")
        {
            return None;
        }
        let url = Url::new(&link.href()).ok()?;
        same_site_page(&url)
    }

    /// The address a GET form of this site would load (the search box, result filters).
    fn submitted_get_form(ev: &web_sys::SubmitEvent) -> Option<String> {
        if ev.default_prevented() {
            return None;
        }
        let form: HtmlFormElement = ev.target()?.dyn_into().ok()?;
        if !form.method().eq_ignore_ascii_case("get") || !form.target().is_empty() {
            return None;
        }
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        let query = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let url = Url::new(&form.action()).ok()?;
        url.set_search(&String::from(query.to_string()));
        same_site_page(&url)
    }

    fn same_site_page(url: &Url) -> Option<String> {
        let here = here()?;
        if url.origin() != here.origin() || !url.protocol().starts_with("http") {
            return None;
        }
        // A link to a place on this page (a summary sentence to its source span) scrolls.
        if url.pathname() == here.pathname()
            && url.search() == here.search()
            && !url.hash().is_empty()
        {
            return None;
        }
        Some(url.href())
    }

    fn go(href: String, step: Step) {
        let this = LATEST.with(|l| {
            let n = l.get() + 1;
            l.set(n);
            n
        });
        leptos::task::spawn_local(async move {
            match fetch_page(&href).await {
                Ok(Some((final_url, doc))) => {
                    if LATEST.with(|l| l.get()) != this {
                        return;
                    }
                    if swap(&doc).is_none() {
                        load(&href);
                        return;
                    }
                    let history = window().history().ok();
                    if let (Step::Push, Some(h)) = (step, history) {
                        let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&final_url));
                    }
                    remember_shown();
                    settle(&final_url);
                }
                // Not one of our pages, or the request failed: let the browser load it.
                Ok(None) | Err(_) => {
                    if LATEST.with(|l| l.get()) == this {
                        load(&href);
                    }
                }
            }
        });
    }

    /// The page at `href` as a parsed document, with the address it ended at after redirects;
    /// `None` when the answer is not HTML.
    async fn fetch_page(href: &str) -> Result<Option<(String, Document)>, JsValue> {
        let init = web_sys::RequestInit::new();
        let headers = web_sys::Headers::new()?;
        headers.set("Accept", "text/html")?;
        init.set_headers(&headers);
        let response: web_sys::Response =
            JsFuture::from(window().fetch_with_str_and_init(href, &init))
                .await?
                .dyn_into()?;
        let html = response
            .headers()
            .get("content-type")?
            .is_some_and(|t| t.starts_with("text/html"));
        if !html || response.status() >= 500 {
            return Ok(None);
        }
        // The response's address (after redirects) has no `#fragment`: a fetch never sends
        // one. Keep the requested one, so a link to a span lands on it.
        let fragment = Url::new(href).map(|u| u.hash()).unwrap_or_default();
        let final_url = match response.url() {
            u if u.is_empty() => href.to_string(),
            u if !fragment.is_empty() && !u.contains('#') => format!("{u}{fragment}"),
            u => u,
        };
        let text = JsFuture::from(response.text()?).await?;
        let text = text.as_string().unwrap_or_default();
        let doc = DomParser::new()?.parse_from_string(&text, SupportedType::TextHtml)?;
        Ok(Some((final_url, doc)))
    }

    /// Puts the new page's header, main region, title and language in place of the current
    /// ones; `None` (and nothing changed) when either page lacks one of the regions.
    fn swap(next: &Document) -> Option<()> {
        let current = document();
        let mut pairs = Vec::with_capacity(REGIONS.len());
        for selector in REGIONS {
            let old = current.query_selector(selector).ok()??;
            let new = next.query_selector(selector).ok()??;
            pairs.push((old, new));
        }
        for (old, new) in pairs {
            let new = current.adopt_node(&new).ok()?;
            old.replace_with_with_node_1(&new).ok()?;
        }
        current.set_title(&next.title());
        if let (Some(root), Some(lang)) = (
            current.document_element(),
            next.document_element()
                .and_then(|e| e.get_attribute("lang")),
        ) {
            let _ = root.set_attribute("lang", &lang);
        }
        Some(())
    }

    /// After a swap: the new page starts at its top (or at its `#fragment`), and focus moves to
    /// its main region so screen readers and the keyboard start there too.
    fn settle(url: &str) {
        let doc = document();
        let fragment = Url::new(url).ok().map(|u| u.hash()).filter(|h| h.len() > 1);
        if let Some(main) = doc
            .query_selector("main.page")
            .ok()
            .flatten()
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.set_attribute("tabindex", "-1");
            let _ = main.focus();
        }
        match fragment.and_then(|h| doc.get_element_by_id(&h[1..])) {
            Some(target) => target.scroll_into_view(),
            None => window().scroll_to_with_x_and_y(0.0, 0.0),
        }
    }

    fn load(href: &str) {
        let _ = window().location().assign(href);
    }
}
