//! `/` and `/digest/YYYY-MM-DD`: the daily digest.

use crate::components::page_meta::PageMeta;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::components::badge::{ClaimLine, ClaimQuote, ClaimSentences};
use crate::functions::{get_digest, get_viewer};
use crate::i18n::{digest_title, short_time, translation_waiting_line, Lang};
use crate::ids::ArticleId;
use crate::models::{ClaimCard, Digest, DigestItem, Note, Series};
use crate::routes::failure::PageFailure;
use crate::vocab::{NoteKind, Placement, Status};

/// The page is in the language the day is being translated into, and some of the day's
/// sentences are still waiting: a post in the other language with nothing translated yet is
/// marked as waiting (given to its sections as context).
#[derive(Clone, Copy)]
struct TranslationUnderWay(bool);

#[component]
pub fn DigestPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let params = use_params_map();
    let date = move || params.read().get("date");
    let digest = Resource::new(date, get_digest);
    let viewer = Resource::new(|| (), |_| get_viewer());

    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                // Editors get each section's placement form (readers' pages are cached; a
                // session's never are).
                let csrf = viewer.await.ok().flatten().filter(|v| v.editor).map(|v| v.csrf);
                provide_context(EditorToken(csrf));
                match digest.await {
                    Ok(Some(d)) => view! { <DigestView digest=d/> }.into_any(),
                    Ok(None) => {
                        view! {
                            <section class="empty">
                                <p>{lang.t("nothing_yet")}</p>
                                <p><A href="/sources">{lang.t("nav_sources")}</A></p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <PageFailure error=e invalid=lang.t("bad_date")/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DigestView(digest: Digest) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let title = NaiveDate::parse_from_str(&digest.date, "%Y-%m-%d")
        .map(|d| digest_title(d, lang))
        .unwrap_or_else(|_| digest.date.clone());
    let lead = if digest.items.is_empty() {
        lang.t("no_digest").to_string()
    } else {
        digest.lead_text(lang)
    };
    // Every post of the day, the ones folded into another's section or a series too.
    let references = digest
        .items
        .iter()
        .flat_map(|item| {
            std::iter::once((item.url.clone(), item.title.clone(), item.vendor.clone())).chain(
                item.also
                    .iter()
                    .map(|c| (c.url.clone(), c.title.clone(), c.vendor.clone())),
            )
        })
        .chain(digest.series.iter().flat_map(|s| {
            s.posts
                .iter()
                .map(|p| (p.url.clone(), p.title.clone(), s.vendor.clone()))
        }))
        .map(|(url, title, vendor)| {
            view! {
                <li>
                    <a href=url rel="noopener noreferrer">{format!("{title} ({vendor})")}</a>
                </li>
            }
        })
        .collect_view();
    let nav = view! {
        <nav class="day-nav">
            {digest.prev.clone().map(|p| view! {
                <A href=format!("/digest/{p}") attr:class="prev" attr:rel="prev">
                    {lang.t("prev_day")} " " {p.clone()}
                </A>
            })}
            {digest.next.clone().map(|n| view! {
                <A href=format!("/digest/{n}") attr:class="next" attr:rel="next">
                    {n.clone()} " " {lang.t("next_day")}
                </A>
            })}
        </nav>
    };
    let count = digest.items.len();
    // How many of the day's sentences in the other language are still waiting for the model.
    let progress = digest
        .translation_progress
        .clone()
        .filter(|p| p.language == lang.code() && p.waiting > 0);
    provide_context(TranslationUnderWay(progress.is_some()));
    // Claim lines of posts in the other language: their checked translations, and while the
    // day is being translated into this page's language, the ones not tried yet.
    let tried = digest.claim_translations_in(lang);
    let under_way = progress.is_some();
    let mut quotes = std::collections::HashMap::new();
    for item in &digest.items {
        for c in item
            .claims
            .iter()
            .filter(|c| item.claim_language(c) != lang.code())
        {
            let quote = match tried.get(c.sentence.as_str()) {
                Some(Some(text)) => Some(ClaimQuote::Translated(text.to_string())),
                Some(None) => None,
                None => under_way.then_some(ClaimQuote::Waiting),
            };
            if let Some(q) = quote {
                quotes.insert(c.sentence.clone(), q);
            }
        }
    }
    provide_context(ClaimSentences(std::sync::Arc::new(quotes)));
    let progress_line = progress.map(|p| {
        view! {
            <p class="translation-progress muted" data-waiting=p.waiting.to_string() data-sentences=p.sentences.to_string()>
                {translation_waiting_line(lang, p.waiting, p.sentences)}
            </p>
        }
    });
    // "Claims to watch" closes the digest in place of speculation: the day's unverified claims
    // that someone could check (never funding, valuations or other business facts).
    let watch: Vec<ClaimCard> = digest
        .items
        .iter()
        .flat_map(|i| i.claims.iter().cloned())
        .filter(|c| c.status == Status::Unverified && c.kind.is_trackable())
        .collect();
    view! {
        <PageMeta title=title.clone() description=lead.clone()/>
        <article class="digest" data-date=digest.date.clone() data-count=count.to_string()>
            <header>
                <h1>{title}</h1>
                {match digest.notes.lead.clone() {
                    // The editor's lead replaces the generated one, labelled as the editor's.
                    Some(note) => view! { <EditorNote note kind=NoteKind::Lead/> }.into_any(),
                    None => view! { <p class="lead">{lead}</p> }.into_any(),
                }}
                {progress_line}
                {editor_token().map(|csrf| {
                    // Without an editor's lead, the model's checked lead is offered to accept
                    // or edit.
                    let (current, proposed) = match (&digest.notes.lead, &digest.lead) {
                        (Some(n), _) => (n.text.clone(), false),
                        (None, Some(l)) => (l.text.clone(), true),
                        (None, None) => (String::new(), false),
                    };
                    view! { <NoteForm csrf day=digest.date.clone() kind=NoteKind::Lead article=0 current proposed/> }
                })}
            </header>
            {arranged(digest.items, digest.series, lang)}
            {(!digest.hidden.is_empty()).then(|| view! {
                <p class="hidden-stories muted">
                    {lang.t("hidden_by_editor")} ": "
                    {digest.hidden.iter().map(|p| view! {
                        <a href=format!("/article/{}", p.article_id)>{p.title.clone()}</a> " "
                    }).collect_view()}
                </p>
            })}
            {digest.notes.closing.clone().map(|note| view! { <EditorNote note kind=NoteKind::Closing/> })}
            {editor_token().map(|csrf| view! {
                <NoteForm csrf day=digest.date.clone() kind=NoteKind::Closing article=0
                    current=digest.notes.closing.as_ref().map(|n| n.text.clone()).unwrap_or_default() proposed=false/>
            })}
            {(!watch.is_empty()).then(|| view! {
                <section class="claims-to-watch">
                    <h2>{lang.t("claims_to_watch")}</h2>
                    <ul class="claim-lines">{watch.into_iter().map(|c| view! { <ClaimLine claim=c/> }).collect_view()}</ul>
                </section>
            }.into_any())}
            <section class="references">
                <h2>{lang.t("references")}</h2>
                <ul>{references}</ul>
            </section>
            {nav}
        </article>
    }
}

/// The day in reading order: the top stories under their heading, then the rest grouped by
/// vendor (the order `items` already has), each vendor's folded series at the end of its group.
fn arranged(items: Vec<DigestItem>, series: Vec<Series>, lang: Lang) -> impl IntoView {
    let (top, rest): (Vec<DigestItem>, Vec<DigestItem>) =
        items.into_iter().partition(|i| i.rank.top);
    let mut vendors: Vec<String> = Vec::new();
    for v in rest
        .iter()
        .map(|i| &i.vendor)
        .chain(series.iter().map(|s| &s.vendor))
    {
        if !vendors.contains(v) {
            vendors.push(v.clone());
        }
    }
    let top_block = (!top.is_empty()).then(|| {
        view! {
            <div class="story-group top-stories">
                <h2 class="group-heading">{lang.t("top_stories")}</h2>
                {top.into_iter().map(|item| view! { <DigestSection item/> }).collect_view()}
            </div>
        }
    });
    let groups = vendors
        .into_iter()
        .map(|vendor| {
            let sections: Vec<DigestItem> = rest.iter().filter(|i| i.vendor == vendor).cloned().collect();
            let folded: Vec<Series> = series.iter().filter(|s| s.vendor == vendor).cloned().collect();
            let heading = match lang {
                Lang::Ko => format!("{vendor} 소식"),
                Lang::En => format!("More from {vendor}"),
            };
            view! {
                <div class="story-group" data-vendor=vendor.clone()>
                    <h2 class="group-heading">{heading}</h2>
                    {sections.into_iter().map(|item| view! { <DigestSection item/> }).collect_view()}
                    {folded.into_iter().map(|s| view! { <SeriesLine series=s/> }).collect_view()}
                </div>
            }
        })
        .collect_view();
    view! { {top_block} {groups} }
}

/// A vendor's minor posts of one kind as one line that opens to their titles.
#[component]
fn SeriesLine(series: Series) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let line = crate::models::series_line(&series, lang);
    view! {
        <details class="series" data-kind=series.kind.key()>
            <summary>{line}</summary>
            <ul>
                {series.posts.into_iter().map(|p| view! {
                    <li data-article-id=p.article_id.to_string()>
                        <A href=format!("/article/{}", p.article_id)>{p.title}</A>
                        " · "
                        <a href=p.url rel="noopener noreferrer" class="original">{lang.t("original")} " ↗"</a>
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}

/// The signed-in editor's form token, when the viewer is an editor.
#[derive(Clone)]
struct EditorToken(Option<String>);

fn editor_token() -> Option<String> {
    use_context::<EditorToken>().and_then(|t| t.0)
}

/// Text an editor wrote, paragraph by paragraph (blank lines part them).
fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| view! { <p>{p.to_string()}</p> })
        .collect_view()
}

/// A piece of the editor's voice, always labelled as the editor's with who wrote it: never
/// mixed with the checked summaries.
#[component]
fn EditorNote(note: Note, kind: NoteKind) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let class = format!("editor-note note-{}", kind.key());
    let byline = match lang {
        Lang::Ko => format!("{} · 편집자 {}의 글", kind.label(lang), note.editor),
        Lang::En => format!("{} · by the editor {}", kind.label(lang), note.editor),
    };
    let heading = (kind == NoteKind::Closing).then(|| view! { <h2>{kind.label(lang)}</h2> });
    view! {
        <aside class=class data-kind=kind.key() aria-label=kind.label(lang)>
            {heading}
            <p class="byline muted small">{byline} " · " <time datetime=note.at.clone()>{short_time(&note.at)}</time></p>
            {paragraphs(&note.text)}
        </aside>
    }
}

/// An editor's form for one note (an empty text removes it).
#[component]
fn NoteForm(
    csrf: String,
    day: String,
    kind: NoteKind,
    article: i64,
    current: String,
    /// `current` is the model's checked proposal, not yet an editor's.
    proposed: bool,
) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let field = if kind == NoteKind::Headline {
        view! { <input name="text" value=current maxlength="200" aria-label=kind.label(lang)/> }
            .into_any()
    } else {
        view! { <textarea name="text" rows="3" maxlength="4000" aria-label=kind.label(lang)>{current}</textarea> }.into_any()
    };
    view! {
        <form method="post" action="/digest/note" class=format!("note-form note-form-{}", kind.key())>
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="day" value=day/>
            <input type="hidden" name="kind" value=kind.key()/>
            <input type="hidden" name="article" value=article.to_string()/>
            <label>{kind.label(lang)} " " {field}</label>
            {proposed.then(|| view! { <span class="proposal muted small">{lang.t("model_proposal")}</span> })}
            " "
            <button type="submit">{if proposed { lang.t("accept") } else { lang.t("save") }}</button>
        </form>
    }
}

/// An editor's choice for one story: pin it to the top stories, keep it out, or let its
/// signals decide.
#[component]
fn PlacementForm(article_id: ArticleId, csrf: String) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <form method="post" action="/digest/placement" class="placement-form">
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="article" value=article_id.to_string()/>
            <select name="placement" aria-label=lang.t("placement")>
                {Placement::ALL.iter().map(|p| view! {
                    <option value=p.key() selected=*p == Placement::Auto>{p.label(lang)}</option>
                }).collect_view()}
            </select>
            " "
            <button type="submit">{lang.t("placement_change")}</button>
        </form>
    }
}

/// An editor's "Not the same story" for one post grouped into a section: it leaves the
/// section, and later groupings keep it apart from the section's lead.
#[component]
fn SplitForm(article_id: ArticleId, story_id: ArticleId, csrf: String) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <form method="post" action="/digest/split" class="split-form">
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="article" value=article_id.to_string()/>
            <input type="hidden" name="story" value=story_id.to_string()/>
            <button type="submit">{lang.t("split_story")}</button>
        </form>
    }
}

#[component]
fn DigestSection(item: DigestItem) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let article_href = format!("/article/{}", item.article_id);
    // Why the story sits where it does: its kind in the line, every signal on hover.
    let why = format!("{}: {}", lang.t("why_here"), item.rank.explain(lang));
    let kind_label = item.rank.kind.map(|k| k.label(lang)).unwrap_or_default();
    let (claims, facts): (Vec<_>, Vec<_>) = item
        .claims
        .iter()
        .cloned()
        .partition(|c| !c.kind.is_business_fact());
    let translation = item.translation_for(lang).cloned();
    // A post in the other language that nothing of is translated yet, on a page whose
    // language the day is being translated into.
    let all_waiting = translation.is_none()
        && item.language != lang.code()
        && use_context::<TranslationUnderWay>().is_some_and(|u| u.0);
    let waiting_label = || {
        view! { <span class="awaiting-label muted small">"(" {lang.t("awaiting_label")} ")"</span> " " }
    };
    // The editor's headline first, then a checked translation, then the post's own title.
    let shown_title = item
        .headline
        .as_ref()
        .map(|n| n.text.clone())
        .or_else(|| translation.as_ref().and_then(|t| t.title.clone()))
        .unwrap_or_else(|| item.title.clone());
    let original_title = (shown_title != item.title).then(|| item.title.clone());
    // The post's own title still waiting for its translation (no editor's headline either).
    let title_waiting = item.headline.is_none()
        && (all_waiting || translation.as_ref().is_some_and(|t| t.title_waiting));
    let report = item.report_for(lang).cloned();
    let summary = if let Some(r) = report {
        // An outlet's own report in the page's language stands for the body, attributed, each
        // sentence linked to its span in that report; the post's own summary stays one click
        // away.
        let sentences = r
            .summary
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let href = format!("/article/{}#span-{i}", r.article_id);
                view! { <a class="sentence" href=href>{s.text.clone()}</a> " " }
            })
            .collect_view();
        view! {
            <p class="summary report" data-report-article=r.article_id.to_string()>{sentences}</p>
            <p class="report-note muted small">
                {lang.t("report_from")} " "
                <a href=format!("/article/{}", r.article_id)>{r.vendor.clone()}</a>
                " · "
                <a href=r.url.clone() rel="noopener">{r.title.clone()}</a>
            </p>
            <details class="original-text">
                <summary>{lang.t("show_original")}</summary>
                <p class="summary" lang=item.language.clone()>{item.summary_text()}</p>
            </details>
        }
        .into_any()
    } else if item.summary.is_empty() {
        view! { <p class="summary muted">{lang.t("no_summary")}</p> }.into_any()
    } else if let Some(t) = translation {
        // Each sentence links to its original's span in the article, with the original on
        // hover; one whose translation failed its check is shown in the original. (No second
        // copy of the whole original below: it repeated what the sentences already hold.)
        let sentences = item
            .summary
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let href = format!("/article/{}#span-{i}", item.article_id);
                let waiting = t.waiting.get(i).copied().unwrap_or(false);
                match t.sentences.get(i).cloned().flatten() {
                    Some(text) => view! {
                        <a class="sentence translated" href=href title=s.text.clone()>{text}</a>
                        " "
                    }
                    .into_any(),
                    None if waiting => view! {
                        <a class="sentence original awaiting-translation" data-awaiting-translation="" href=href lang=item.language.clone() title=lang.t("translation_waiting")>
                            {s.text.clone()}
                        </a>
                        " "
                        {waiting_label()}
                    }
                    .into_any(),
                    None => view! {
                        <a class="sentence original" href=href lang=item.language.clone() title=lang.t("translation_failed")>
                            {s.text.clone()}
                        </a>
                        " "
                    }
                    .into_any(),
                }
            })
            .collect_view();
        view! {
            <p class="summary translated">{sentences}</p>
            <p class="translation-note muted small">{lang.t("translated_note")}</p>
        }
        .into_any()
    } else if all_waiting {
        view! {
            <p class="summary awaiting-translation" data-awaiting-translation="" lang=item.language.clone() title=lang.t("translation_waiting")>
                {item.summary_text()}
            </p>
            <p class="translation-note muted small">{lang.t("translation_waiting")}</p>
        }
        .into_any()
    } else {
        view! { <p class="summary">{item.summary_text()}</p> }.into_any()
    };
    view! {
        <section
            class="announcement"
            class:top-story=item.rank.top
            data-article-id=item.article_id.to_string()
            data-kind=item.rank.kind.map(|k| k.key())
        >
            <p class="meta">
                <span class="vendor">{item.vendor.clone()}</span>
                {item.hosted_by.clone().map(|h| view! {
                    " " <span class="hosted-by muted">{match lang {
                        Lang::Ko => format!("({h} 블로그에 게재)"),
                        Lang::En => format!("(on {h}'s blog)"),
                    }}</span>
                })}
                " · "
                <time datetime=item.published_at.clone()>{short_time(&item.published_at)}</time>
                " · "
                <span class="rank-why" title=why.clone()>{kind_label}</span>
            </p>
            <h2 title=original_title class:awaiting-translation=title_waiting>
                <A href=article_href.clone()>{shown_title.clone()}</A>
                {title_waiting.then(|| view! { " " <span class="awaiting-label muted small">"(" {lang.t("awaiting_label")} ")"</span> })}
            </h2>
            {item.headline.is_some().then(|| view! {
                <p class="original-title muted small" lang=item.language.clone()>{item.title.clone()}</p>
            })}
            {summary}
            {item.commentary.clone().map(|note| view! { <EditorNote note kind=NoteKind::Commentary/> })}
            {editor_token().map(|csrf| {
                let day = item.published_at.get(..10).unwrap_or_default().to_string();
                // Without an editor's headline, the checked translation of the title is offered.
                let translated_title = item.translation.as_ref().and_then(|t| t.title.clone());
                let (headline_current, headline_proposed) = match (&item.headline, translated_title) {
                    (Some(n), _) => (n.text.clone(), false),
                    (None, Some(t)) => (t, true),
                    (None, None) => (String::new(), false),
                };
                view! {
                    <details class="note-editor">
                        <summary>{lang.t("edit_notes")}</summary>
                        <NoteForm csrf=csrf.clone() day=day.clone() kind=NoteKind::Headline article=item.article_id.get()
                            current=headline_current proposed=headline_proposed/>
                        <NoteForm csrf day kind=NoteKind::Commentary article=item.article_id.get()
                            current=item.commentary.as_ref().map(|n| n.text.clone()).unwrap_or_default() proposed=false/>
                    </details>
                }
            })}
            {(!claims.is_empty()).then(|| view! {
                <div class="claims">
                    <h3 class="small">{lang.t("claims_heading")}</h3>
                    <ul class="claim-lines">{claims.into_iter().map(|c| view! { <ClaimLine claim=c/> }).collect_view()}</ul>
                </div>
            }.into_any())}
            {(!facts.is_empty()).then(|| view! {
                <div class="facts">
                    <h3 class="small">{lang.t("facts_heading")}</h3>
                    <ul class="fact-lines">{facts.into_iter().map(|c| view! { <ClaimLine claim=c/> }).collect_view()}</ul>
                </div>
            }.into_any())}
            {(!item.also.is_empty()).then(|| view! {
                <div class="also">
                    <h3 class="small">{lang.t("also_covered")}</h3>
                    <ul>
                        {item.also.clone().into_iter().map(|c| view! {
                            <li data-article-id=c.article_id.to_string() title=c.why.clone()>
                                <A href=format!("/article/{}", c.article_id)>{c.title.clone()}</A>
                                " · " <span class="vendor">{c.vendor.clone()}</span>
                                " · " <a href=c.url.clone() rel="noopener noreferrer" class="original">
                                    {lang.t("original")} " ↗"
                                </a>
                                <span class="why muted">" — " {c.why.clone()}</span>
                                {editor_token().map(|csrf| view! {
                                    " " <SplitForm article_id=c.article_id story_id=item.article_id csrf/>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            }.into_any())}
            {editor_token().map(|csrf| view! {
                <PlacementForm article_id=item.article_id csrf/>
            })}
            <p class="links">
                <A href=article_href attr:class="details">{lang.t("read_more")}</A>
                " · "
                <a href=item.url.clone() rel="noopener noreferrer" class="original">
                    {lang.t("original")} " ↗"
                </a>
            </p>
        </section>
    }
}
