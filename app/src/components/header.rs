//! The site header: brand, navigation and the language switch.

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
    // so it works without JavaScript; `rel=external` keeps the client router out of it.
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
    let input = NodeRef::<leptos::html::Input>::new();
    focus_on_slash(input);
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">"Proofwire"</A>
            <form method="get" action="/search" class="header-search" role="search">
                <input
                    node_ref=input
                    id="site-search"
                    type="search"
                    name="q"
                    prop:value=current_q
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

/// `/` anywhere but in a text field focuses the search box (as on most sites with search).
fn focus_on_slash(input: NodeRef<leptos::html::Input>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || el.is_content_editable()
                });
            if typing {
                return;
            }
            if let Some(el) = input.get_untracked() {
                ev.prevent_default();
                let _ = el.focus();
            }
        });
        on_cleanup(move || handle.remove());
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = input;
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
