//! `/sources`: every configured feed and how its last fetch went.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::functions::get_sources;
use crate::i18n::{short_time, Lang};

#[component]
pub fn SourcesPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let sources = Resource::new(|| (), |_| get_sources());
    view! {
        <Title text=lang.t("sources_title")/>
        <h1>{lang.t("sources_title")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match sources.await {
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .map(|s| {
                                let fmt = |t: Option<String>| {
                                    t.map(|t| short_time(&t))
                                        .unwrap_or_else(|| lang.t("never").to_string())
                                };
                                let outcome = if s.enabled {
                                    s.last_outcome.clone().unwrap_or_default()
                                } else {
                                    lang.t("disabled").to_string()
                                };
                                let class = match s.last_outcome.as_deref() {
                                    Some("error") => "source error",
                                    Some(_) => "source ok",
                                    None => "source",
                                };
                                view! {
                                    <tr class=class data-source=s.id.clone()>
                                        <td>
                                            <strong>{s.name.clone()}</strong>
                                            <br/>
                                            <span class="muted small">
                                                {s.vendor.clone()} " · " {s.language.clone()} " · "
                                                {s.location.clone()}
                                            </span>
                                        </td>
                                        <td>{fmt(s.last_fetch_at.clone())}</td>
                                        <td class="outcome">{outcome}</td>
                                        <td class="last-error">{s.last_error.clone().unwrap_or_default()}</td>
                                        <td>{s.next_attempt_at.clone().map(|t| short_time(&t)).unwrap_or_default()}</td>
                                        <td class="num">{s.entry_count.to_string()}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="sources">
                                    <thead>
                                        <tr>
                                            <th>{lang.t("col_source")}</th>
                                            <th>{lang.t("col_last_fetch")}</th>
                                            <th>{lang.t("col_outcome")}</th>
                                            <th>{lang.t("col_error")}</th>
                                            <th>{lang.t("col_next")}</th>
                                            <th>{lang.t("col_entries")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                    Err(_) => view! { <p>{lang.t("error_loading")}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
