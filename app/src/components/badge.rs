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

/// One claim in a list: its badge and its verbatim sentence, linking to the claim page.
#[component]
pub fn ClaimLine(claim: crate::models::ClaimCard) -> impl IntoView {
    view! {
        <li class="claim-line" data-claim-id=claim.id.to_string() data-status=claim.status.key()>
            <StatusBadge status=claim.status/>
            " "
            <a href=format!("/claim/{}", claim.id) class="claim-sentence">
                "“" {claim.sentence.clone()} "”"
            </a>
        </li>
    }
}
