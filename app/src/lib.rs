//! Proofwire's user interface, shared by the server (SSR, feature `ssr`) and the browser
//! (hydration, feature `hydrate`). Nothing in here touches storage directly: server functions
//! reach the back end through the [`backend::Backend`] trait that the server crate provides
//! as context, so the browser build never sees sqlx, reqwest or the ingestion code.

pub mod components;
#[cfg(feature = "ssr")]
pub mod cookies;
pub mod functions;
pub mod highlight;
pub mod i18n;
pub mod ids;
pub mod models;
pub mod page_error;
pub mod routes;
pub mod span;
pub mod vocab;

#[cfg(feature = "ssr")]
pub mod backend;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::header::Header;
use crate::components::shortcuts::KeyboardShortcuts;
use crate::i18n::Lang;
use crate::routes::{
    archive::ArchivePage,
    article::ArticlePage,
    claim::ClaimPage,
    claims::ClaimsListPage,
    digest::DigestPage,
    entity::{BenchmarkPage, ModelPage},
    login::LoginPage,
    search::SearchPage,
    sources::SourcesPage,
};

/// The site's stylesheet, put in every page's head.
#[cfg(feature = "ssr")]
pub const STYLESHEET: &str = include_str!("../../style/main.css");

/// The HTML document around the app; rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos::hydration::{AutoReload, HydrationScripts};
    use leptos_meta::MetaTags;
    let lang = i18n::request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="theme-color" content="#0b5cad"/>
                <link rel="icon" href="/favicon.ico" sizes="32x32"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                // The whole stylesheet (13 KB, ~3.5 KB compressed) in the page: nothing blocks
                // the first paint waiting for a second request.
                <style inner_html=STYLESHEET></style>
                // Feed readers discover the daily digest feeds from any page.
                <link
                    rel="alternate"
                    type="application/atom+xml"
                    title=lang.pick("오늘의 AI 뉴스 (Atom)", "Daily AI news (Atom)")
                    href="/feed.atom"
                />
                <link
                    rel="alternate"
                    type="application/feed+json"
                    title=lang.pick("오늘의 AI 뉴스 (JSON Feed)", "Daily AI news (JSON Feed)")
                    href="/feed.json"
                />
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = i18n::request_lang();
    provide_context(lang);

    // Every route renders in `Async` mode: the server waits for the data, so the HTML (title
    // included) is complete without JavaScript and the status code (404, 400) can still be set.
    view! {
        <Title text="Proofwire"/>
        <Router>
            <a class="skip-link" href="#main">{lang.t("skip_to_content")}</a>
            <Header/>
            <KeyboardShortcuts/>
            <main class="page" id="main" tabindex="-1">
                <Routes fallback=move || view! { <NotFound/> }>
                    <Route path=path!("/") view=DigestPage ssr=SsrMode::Async/>
                    <Route path=path!("/digest/:date") view=DigestPage ssr=SsrMode::Async/>
                    <Route path=path!("/article/:id") view=ArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("/sources") view=SourcesPage ssr=SsrMode::Async/>
                    <Route path=path!("/archive") view=ArchivePage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/claims") view=ClaimsListPage ssr=SsrMode::Async/>
                    <Route path=path!("/claim/:id") view=ClaimPage ssr=SsrMode::Async/>
                    <Route path=path!("/model/:id") view=ModelPage ssr=SsrMode::Async/>
                    <Route path=path!("/benchmark/:id") view=BenchmarkPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{lang.t("footer")}</p>
                <p>
                    <a href="/settings/briefings">
                        {lang.pick("데일리 브리핑 받기 (이메일·웹훅)", "Get the daily briefing (email or webhook)")}
                    </a>
                </p>
            </footer>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let lang = expect_context::<Lang>();
    routes::set_status(404);
    view! {
        <section class="empty">
            <h1>{lang.t("not_found")}</h1>
            <p>
                <a href="/">{lang.t("back_to_latest")}</a>
            </p>
        </section>
    }
}
