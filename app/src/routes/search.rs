//! `/search?q=…&vendor=…&lang=…&from=…&to=…&sort=…&page=…`: past announcements, with vendor
//! facets, highlighted snippets and notes on whatever part of the query was not understood.
//! Every control is a plain link or a GET form, so the page works without JavaScript.

use crate::components::badge::StatusBadge;
use crate::components::page_meta::PageMeta;
use crate::vocab::Status;
use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::hooks::use_query_map;

use crate::functions::search_posts;
use crate::i18n::{self, Lang};
use crate::models::{Fragment, NoteKind, QueryNote, SearchParams, SearchResults, Suggestion};
use crate::routes::failure::PageFailure;

/// The query string for `params`, values percent-encoded as a form would.
pub fn search_href(p: &SearchParams) -> String {
    let mut parts = Vec::new();
    let mut add = |k: &str, v: &str| {
        if !v.is_empty() {
            parts.push(format!("{k}={}", encode(v)));
        }
    };
    add("q", &p.q);
    add("vendor", p.vendor.as_deref().unwrap_or(""));
    add("lang", p.lang.as_deref().unwrap_or(""));
    add("status", p.status.as_deref().unwrap_or(""));
    add("from", p.from.as_deref().unwrap_or(""));
    add("to", p.to.as_deref().unwrap_or(""));
    add("sort", p.sort.as_deref().unwrap_or(""));
    if let Some(page) = p.page.filter(|&n| n > 1) {
        add("page", &page.to_string());
    }
    format!("/search?{}", parts.join("&"))
}

/// Percent-encodes a query-string value (space as `+`).
pub(crate) fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn note_text(lang: Lang, n: &QueryNote) -> String {
    let d = &n.detail;
    match (n.kind, lang) {
        (NoteKind::Truncated, Lang::Ko) => format!("검색어가 너무 길어 앞의 {d}자만 사용했습니다."),
        (NoteKind::Truncated, Lang::En) => {
            format!("The query was too long; only its first {d} characters were used.")
        }
        (NoteKind::TooManyTerms, Lang::Ko) => format!("검색어가 많아 앞의 {d}개만 사용했습니다."),
        (NoteKind::TooManyTerms, Lang::En) => format!("Only the first {d} terms were used."),
        (NoteKind::UnbalancedQuote, Lang::Ko) => {
            format!("닫히지 않은 따옴표를 닫아 \"{d}\" 구절로 찾았습니다.")
        }
        (NoteKind::UnbalancedQuote, Lang::En) => {
            format!("An unclosed quote was closed: searched for the phrase \"{d}\".")
        }
        (NoteKind::Dangling, Lang::Ko) => format!("대상이 없는 연산자 {d}는 무시했습니다."),
        (NoteKind::Dangling, Lang::En) => format!("Ignored {d}: it had nothing to apply to."),
        (NoteKind::UnknownField, Lang::Ko) => {
            format!("{d}: 는 없는 필드라 무시하고 값만 찾았습니다.")
        }
        (NoteKind::UnknownField, Lang::En) => {
            format!("There is no field \"{d}:\"; its value was searched as words.")
        }
        (NoteKind::NoWords, Lang::Ko) => {
            format!("\"{d}\"에는 찾을 수 있는 글자가 없어 무시했습니다.")
        }
        (NoteKind::NoWords, Lang::En) => format!("Ignored \"{d}\": nothing searchable in it."),
        (NoteKind::BadFilter, Lang::Ko) => format!("잘못된 조건 {d}는 무시했습니다."),
        (NoteKind::BadFilter, Lang::En) => format!("Ignored the filter {d}: it could not be read."),
        (NoteKind::PageOutOfRange, Lang::Ko) => format!("그런 페이지는 없습니다 (마지막: {d})."),
        (NoteKind::PageOutOfRange, Lang::En) => format!("There is no such page (the last is {d})."),
    }
}

#[component]
fn Marked(fragments: Vec<Fragment>) -> impl IntoView {
    fragments
        .into_iter()
        .map(|f| {
            if f.mark {
                view! { <mark>{f.text}</mark> }.into_any()
            } else {
                f.text.into_any()
            }
        })
        .collect_view()
}

fn params_from_query() -> impl Fn() -> SearchParams + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query.with(|m| {
            let get = |k: &str| m.get(k).filter(|v| !v.trim().is_empty());
            SearchParams {
                q: m.get("q").unwrap_or_default(),
                vendor: get("vendor"),
                lang: get("lang"),
                status: get("status"),
                from: get("from"),
                to: get("to"),
                sort: get("sort"),
                // A page number that is not a number is page 1.
                page: get("page").and_then(|p| p.trim().parse().ok()),
            }
        })
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let params = params_from_query();
    let results = Resource::new(params, search_posts);
    view! {
        <PageMeta
            title=lang.t("search_title")
            description=lang.pick("지난 AI 발표와 주장을 검색합니다.", "Search past AI announcements and their claims.")
        />
        <h1>{lang.t("search_title")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(r) => view! { <Results r=r/> }.into_any(),
                    Err(e) => view! { <PageFailure error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Results(r: SearchResults) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let p = r.params.clone();
    let with = move |f: &dyn Fn(&mut SearchParams)| {
        let mut q = SearchParams {
            page: None,
            ..p.clone()
        };
        f(&mut q);
        search_href(&q)
    };
    let facets = r
        .facets
        .iter()
        .map(|f| {
            let slug = f.slug.clone();
            let active = r.params.vendor.as_deref() == Some(slug.as_str());
            let href = with(&|q| q.vendor = (!active).then(|| slug.clone()));
            view! {
                <li class:active=active>
                    <a href=href rel="external" data-vendor=f.slug.clone()>{f.name.clone()}</a>
                    " "
                    <span class="count">{f.count.to_string()}</span>
                </li>
            }
        })
        .collect_view();
    let notes = r
        .notes
        .iter()
        .map(|n| view! { <li>{note_text(lang, n)}</li> })
        .collect_view();
    let has_notes = !r.notes.is_empty();
    let by_date = r.params.sort.as_deref() == Some("date");
    let sort_links = view! {
        <p class="sort small">
            {lang.t("sort_by")} " "
            {if by_date {
                view! { <a href=with(&|q| q.sort = None) rel="external">{lang.t("sort_relevance")}</a> " · " <strong>{lang.t("sort_date")}</strong> }.into_any()
            } else {
                view! { <strong>{lang.t("sort_relevance")}</strong> " · " <a href=with(&|q| q.sort = Some("date".into())) rel="external">{lang.t("sort_date")}</a> }.into_any()
            }}
        </p>
    };
    let hits = r
        .hits
        .into_iter()
        .map(|h| {
            view! {
                <article class="hit">
                    <p class="meta">
                        <span class="vendor">{h.vendor.clone()}</span>
                        " · "
                        <time datetime=h.published_at.clone()>{i18n::short_time(&h.published_at)}</time>
                        " · "
                        <span class="lang">{h.language.clone()}</span>
                    </p>
                    <h2><a href=format!("/article/{}", h.article_id)><Marked fragments=h.title/></a></h2>
                    <p class="snippet"><Marked fragments=h.snippet/></p>
                    {(!h.statuses.is_empty()).then(|| view! {
                        <p class="claim-statuses small">
                            {h.statuses.iter().filter_map(|s| Status::parse(s)).map(|s| view! {
                                <StatusBadge status=s/> " "
                            }).collect_view()}
                        </p>
                    })}
                    <p class="links"><a href=h.url.clone() rel="external noopener" target="_blank">{lang.t("original")}</a></p>
                </article>
            }
        })
        .collect_view();
    let total = r.total;
    let last_page = total.div_ceil(r.per_page.max(1) as u64).min(100) as u32;
    let page = r.page;
    let prev = (page > 1).then(|| {
        let mut q = r.params.clone();
        q.page = Some(page - 1);
        search_href(&q)
    });
    let next = (page < last_page).then(|| {
        let mut q = r.params.clone();
        q.page = Some(page + 1);
        search_href(&q)
    });
    let suggestions = r
        .suggestions
        .iter()
        .map(|s| match s {
            Suggestion::DropFilter(name, q) => view! {
                <li><a href=search_href(q) rel="external">{format!("{} {name}", lang.t("drop_filter"))}</a></li>
            }
            .into_any(),
            Suggestion::Spelling(words, q) => view! {
                <li>{lang.t("did_you_mean")} " " <a href=search_href(q) rel="external">{words.clone()}</a></li>
            }
            .into_any(),
            Suggestion::AnyWord(q) => view! {
                <li><a href=search_href(q) rel="external">{lang.t("any_word")}</a></li>
            }
            .into_any(),
        })
        .collect_view();
    // The same search as a feed, newest first, and the vendor's own feed when one is chosen.
    let feed_href = search_href(&SearchParams {
        sort: None,
        page: None,
        ..r.params.clone()
    })
    .replacen("/search", "/search.atom", 1);
    let vendor_feed = r
        .params
        .vendor
        .clone()
        .map(|v| format!("/vendor/{}/feed.atom", encode(&v)));
    view! {
        <Link rel="alternate" type_="application/atom+xml" title=lang.t("subscribe_search") href=feed_href.clone()/>
        <SearchForm p=r.params.clone()/>
        <p class="feeds small">
            <a href=feed_href rel="external" type="application/atom+xml">{lang.t("subscribe_search")}</a>
            {vendor_feed.map(|h| view! {
                " · " <a href=h rel="external" type="application/atom+xml">{lang.t("subscribe_vendor")}</a>
            })}
        </p>
        {has_notes.then(|| view! { <ul class="notes small" role="status">{notes}</ul> })}
        <div class="search-layout">
            <aside class="facets">
                <h2 class="small">{lang.t("vendors")}</h2>
                <ul>{facets}</ul>
            </aside>
            <section class="results">
                <p class="result-count muted small">
                    {format!("{} {}", total, lang.t("results"))}
                    {format!(" · {:.1} ms", r.took_ms)}
                </p>
                {sort_links}
                {(total == 0).then(|| view! {
                    <div class="empty">
                        <p>{lang.t("no_results")}</p>
                        <ul class="suggestions">{suggestions}</ul>
                    </div>
                })}
                {hits}
                <nav class="day-nav">
                    {prev.map(|h| view! { <a href=h rel="external" class="prev">{lang.t("prev_page")}</a> })}
                    {next.map(|h| view! { <a href=h rel="external" class="next">{lang.t("next_page")}</a> })}
                </nav>
            </section>
        </div>
    }
}

#[component]
fn SearchForm(p: SearchParams) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let lang_opt = p.lang.clone().unwrap_or_default();
    let status_opt = p.status.clone().unwrap_or_default();
    view! {
        <form method="get" action="/search" class="search-form" role="search">
            <input type="search" name="q" value=p.q.clone() aria-label=lang.t("search_title") maxlength="2000"/>
            {p.vendor.clone().map(|v| view! { <input type="hidden" name="vendor" value=v/> })}
            <label>
                {lang.t("language")} " "
                <select name="lang">
                    <option value="" selected=lang_opt.is_empty()>{lang.t("any")}</option>
                    <option value="en" selected=lang_opt == "en">"English"</option>
                    <option value="ko" selected=lang_opt == "ko">"한국어"</option>
                </select>
            </label>
            <label>
                {lang.pick("주장 상태", "Claim status")} " "
                <select name="status">
                    <option value="" selected=status_opt.is_empty()>{lang.t("any")}</option>
                    {Status::ALL.iter().map(|s| view! {
                        <option value=s.key() selected=status_opt == s.key()>{s.label(lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{lang.t("from")} " " <input type="date" name="from" value=p.from.clone().unwrap_or_default()/></label>
            <label>{lang.t("to")} " " <input type="date" name="to" value=p.to.clone().unwrap_or_default()/></label>
            {p.sort.clone().map(|s| view! { <input type="hidden" name="sort" value=s/> })}
            <button type="submit">{lang.t("search_button")}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_encode_korean_and_spaces_and_skip_empty_values() {
        let p = SearchParams {
            q: "정렬 연구 \"a&b\"".into(),
            vendor: Some("openai".into()),
            page: Some(2),
            ..Default::default()
        };
        assert_eq!(
            search_href(&p),
            "/search?q=%EC%A0%95%EB%A0%AC+%EC%97%B0%EA%B5%AC+%22a%26b%22&vendor=openai&page=2"
        );
    }
}
