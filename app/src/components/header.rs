//! The site header: brand, navigation and the language switch.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

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
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">"Proofwire"</A>
            <nav class="site-nav">
                <A href="/">{lang.t("nav_today")}</A>
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
