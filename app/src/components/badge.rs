//! A claim's status as a badge; the class carries the status key so every page colours it alike.

use leptos::prelude::*;

use crate::i18n::Lang;
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

/// One claim in a list: its badge, what it states in brief, and its verbatim sentence, linking
/// to the claim page.
#[component]
pub fn ClaimLine(claim: crate::models::ClaimCard) -> impl IntoView {
    view! {
        <li class="claim-line" data-claim-id=claim.id.to_string() data-status=claim.status.key()>
            <StatusBadge status=claim.status/>
            {gist(&claim).map(|g| view! { " " <span class="claim-gist">{g}</span> })}
            " "
            <a href=format!("/claim/{}", claim.id) class="claim-sentence">
                "“" {claim.sentence.clone()} "”"
            </a>
        </li>
    }
}
