//! `/article/{id}`: one announcement, its summary linked sentence by sentence to the passages
//! of the text it came from.

use crate::components::page_meta::PageMeta;
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::functions::{get_article, PageError};
use crate::highlight::segment;
use crate::i18n::{short_time, Lang};
use crate::models::{Article, SummarySentence};
use crate::routes::failure::PageFailure;
use crate::span::CharSpan;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse().ok());
    // The server shows dropped sentences only when its config allows the debug view.
    let debug = move || query.read().get("debug").as_deref() == Some("grounding");
    // `?claim=START-END`: a claim page links here to show its sentence in place.
    let claim_span = move || {
        query
            .read()
            .get("claim")
            .and_then(|c| CharSpan::parse_query(&c))
    };
    let article = Resource::new(
        move || (id(), debug()),
        |(id, debug)| async move {
            match id {
                Some(id) => get_article(id, debug).await,
                None => Err(PageError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(a) => view! { <ArticleView article=a claim=claim_span()/> }.into_any(),
                    Err(e) => view! { <PageFailure error=e missing=lang.t("bad_article")/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ArticleView(article: Article, claim: Option<CharSpan>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    // The claim's span goes first so it wins where it overlaps a summary passage.
    let offset = usize::from(claim.is_some());
    let spans: Vec<CharSpan> = claim
        .into_iter()
        .chain(article.summary.iter().map(SummarySentence::span))
        .collect();
    let paragraphs = segment(&article.text, &spans);
    let summary = article
        .summary
        .iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <li>
                    <a href=format!("#span-{i}") class="sentence" data-span=i.to_string()>
                        {s.text.clone()}
                    </a>
                </li>
            }
        })
        .collect_view();
    let body = paragraphs
        .into_iter()
        .map(|segments| {
            let parts = segments
                .into_iter()
                .map(|seg| match seg.mark {
                    Some(0) if offset == 1 => view! {
                        <mark id="claim-span" class="claim-span">{seg.text}</mark>
                    }
                    .into_any(),
                    Some(i) => {
                        let i = i - offset;
                        view! {
                        <mark id=format!("span-{i}") class="source-span">{seg.text}</mark>
                        }
                        .into_any()
                    }
                    None => seg.text.into_any(),
                })
                .collect_view();
            view! { <p>{parts}</p> }
        })
        .collect_view();
    let digest_href = format!("/digest/{}", article.digest_date);
    let description = article
        .summary
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <PageMeta title=article.title.clone() description=description/>
        <article class="article" data-article-id=article.id.to_string()>
            <header>
                <p class="meta">
                    <span class="vendor">{article.vendor.clone()}</span>
                    " · "
                    {article.source_name.clone()}
                    " · "
                    <A href=digest_href>{lang.t("in_digest")} " " {article.digest_date.clone()}</A>
                </p>
                <h1>{article.title.clone()}</h1>
                <dl class="times">
                    <dt>{lang.t("published")}</dt>
                    <dd>
                        <time datetime=article.published_at.clone()>
                            {short_time(&article.published_at)}
                        </time>
                        {article.date_estimated.then(|| view! {
                            " " <span class="muted">{lang.t("date_estimated")}</span>
                        })}
                    </dd>
                    <dt>{lang.t("fetched")}</dt>
                    <dd>{short_time(&article.fetched_at)}</dd>
                    <dt>{lang.t("updated")}</dt>
                    <dd>{short_time(&article.updated_at)}</dd>
                </dl>
                <p>
                    <a href=article.url.clone() rel="noopener noreferrer" class="original">
                        {lang.t("original")} " ↗"
                    </a>
                </p>
            </header>
            <section class="summary-box">
                <h2>{lang.t("summary")}</h2>
                <p class="muted small">
                    {lang.t("summary_note")} " (" {article.summary_method.clone()} ")"
                </p>
                <ol class="summary-sentences">{summary}</ol>
            </section>
            {(!article.dropped.is_empty()).then(|| view! {
                <section class="debug-dropped">
                    <h2>{lang.t("dropped_title")}</h2>
                    <p class="muted small">{lang.t("dropped_note")}</p>
                    <ul>
                        {article.dropped.iter().map(|d| view! {
                            <li><del>{d.text.clone()}</del> " — " <span class="reason">{d.reason.clone()}</span></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section class="article-text" lang=article.language.clone()>
                <h2>{lang.t("article_text")}</h2>
                {body}
            </section>
        </article>
    }
}
