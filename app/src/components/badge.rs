//! A claim's status as a badge; the class carries the status key so every page colours it alike.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::models::BenchmarkNote;
use crate::vocab::Status;

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <span class=format!("badge status-{}", status.key()) data-status=status.key()>
            {status.label(lang)}
        </span>
    }
}

/// What a claim states, in brief: "74.9% · SWE-bench Verified", "up to 450 · tokens per second".
/// Two claims read from one sentence are told apart by it.
fn gist(c: &crate::models::ClaimCard) -> Option<String> {
    let value = c.value.as_ref().map(|v| match &c.qualifier {
        Some(q) if !q.is_empty() => format!("{q} {v}"),
        _ => v.clone(),
    });
    match (value, &c.metric) {
        (Some(v), Some(m)) => Some(format!("{v} · {m}")),
        (Some(v), None) => Some(v),
        (None, Some(m)) => Some(m.clone()),
        (None, None) => None,
    }
}

/// How a page in another language than a claim's quotes its sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimQuote {
    /// Its checked translation.
    Translated(String),
    /// Verbatim, until the translation the model is working through reaches it.
    Waiting,
}

/// Claim sentences (verbatim) a digest page quotes otherwise than as written. Shared, not
/// copied, by every claim line of the page.
#[derive(Clone, Debug, Default)]
pub struct ClaimSentences(pub std::sync::Arc<std::collections::HashMap<String, ClaimQuote>>);

/// A claim's sentence as a link to its page: the checked translation where the page has one
/// (the verbatim sentence on hover, and on the claim's page), else the verbatim sentence,
/// marked while its translation is still to come.
fn claim_sentence(claim: &crate::models::ClaimCard) -> AnyView {
    let href = format!("/claim/{}", claim.id);
    let quote = use_context::<ClaimSentences>().and_then(|m| m.0.get(&claim.sentence).cloned());
    match quote {
        Some(ClaimQuote::Translated(text)) => {
            // Said on the line itself: a claim is quoted, and this quote is the model's.
            let lang = expect_context::<Lang>();
            view! {
                <a href=href class="claim-sentence translated" title=claim.sentence.clone()>
                    "“" {text} "”"
                </a>
                " "
                <span class="machine-translation muted small" title=lang.t("translated_note")>
                    {format!("({})", lang.pick("기계 번역", "machine translation"))}
                </span>
            }
            .into_any()
        }
        Some(ClaimQuote::Waiting) => {
            let lang = expect_context::<Lang>();
            view! {
                <a href=href class="claim-sentence awaiting-translation" data-awaiting-translation="" title=lang.t("translation_waiting")>
                    "“" {claim.sentence.clone()} "”"
                </a>
            }
            .into_any()
        }
        None => view! {
            <a href=href class="claim-sentence">
                "“" {claim.sentence.clone()} "”"
            </a>
        }
        .into_any(),
    }
}

/// One claim in a list: its badge, what it states in brief, and its verbatim sentence, linking
/// to the claim page. A business fact is listed the same way under its kind, never with a
/// verification badge: nobody reproduces a funding round.
#[component]
pub fn ClaimLine(claim: crate::models::ClaimCard) -> impl IntoView {
    if claim.kind.is_business_fact() {
        let lang = expect_context::<Lang>();
        return view! {
            <li class="fact-line" data-claim-id=claim.id.to_string() data-kind=claim.kind.key()>
                <span class="fact-label">{claim.kind.label(lang)}</span>
                {gist(&claim).map(|g| view! { " " <span class="claim-gist">{g}</span> })}
                " "
                {claim_sentence(&claim)}
            </li>
        }
        .into_any();
    }
    view! {
        <li class="claim-line" data-claim-id=claim.id.to_string() data-status=claim.status.key()>
            <StatusBadge status=claim.status/>
            {gist(&claim).map(|g| view! { " " <span class="claim-gist">{g}</span> })}
            " "
            {claim_sentence(&claim)}
            {claim.benchmark_note.clone().map(|n| view! { " " <BenchmarkStanding note=n/> })}
            {claim.measured_by_others.clone().map(|m| {
                let lang = expect_context::<Lang>();
                let line = m.line(claim.value.as_deref(), lang);
                view! {
                    " " <a class="measured-by-others small" href=format!("/claim/{}#results", claim.id)>{line}</a>
                }
            })}
        </li>
    }
    .into_any()
}

/// "SWE-bench Verified: contaminated since 2026-02-20", linking to where that was said.
#[component]
pub fn BenchmarkStanding(note: BenchmarkNote) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let text = format!(
        "{}: {}{}{} ",
        note.benchmark,
        note.state.label(lang),
        lang.pick(" · 기준일 ", " since "),
        note.since
    );
    view! {
        <span class="benchmark-note" data-state=note.state.key() title=note.note.clone()>
            {text}
            <a href=note.source.clone() rel="noopener noreferrer nofollow">{lang.pick("출처", "source")}</a>
        </span>
    }
}
