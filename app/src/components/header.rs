//! The site header: brand, navigation and the language switch. Rendered on the server only
//! (client navigation swaps it with each page); `/` to focus the search box is in shortcuts.rs.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_location, use_query_map},
};

use crate::i18n::Lang;

#[component]
pub fn Header() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let location = use_location();
    // The switch is a plain link to a server endpoint that sets the cookie and redirects back,
    // so it works without JavaScript; `rel=external` keeps client navigation out of it (the
    // cookie changes every page, so the browser loads it whole).
    let switch_href = move || {
        let path = location.pathname.get();
        format!("/lang/{}?next={}", lang.other().code(), encode_path(&path))
    };
    let query = use_query_map();
    // Keep the box filled on the search page so a query can be refined in place.
    let current_q = move || {
        if location.pathname.get() == "/search" {
            query.with(|m| m.get("q").unwrap_or_default())
        } else {
            String::new()
        }
    };
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">"Proofwire"</A>
            <form method="get" action="/search" class="header-search" role="search">
                <input
                    id="site-search"
                    type="search"
                    name="q"
                    value=current_q
                    placeholder=lang.t("search_placeholder")
                    aria-label=lang.t("search_title")
                    aria-keyshortcuts="/"
                />
            </form>
            <nav class="site-nav">
                <A href="/">{lang.t("nav_today")}</A>
                <A href="/claims">{lang.t("nav_claims")}</A>
                <A href="/archive">{lang.t("nav_archive")}</A>
                <A href="/sources">{lang.t("nav_sources")}</A>
                <a href=switch_href rel="external" class="lang-switch" hreflang=lang.other().code()>
                    {lang.t("switch_lang")}
                </a>
            </nav>
        </header>
    }
}

/// Percent-encodes the few characters that would break a query value; paths here are ASCII.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
