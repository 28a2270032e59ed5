//! `/archive`: every date that has a digest, newest first, with its count.

use crate::components::page_meta::PageMeta;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::functions::get_archive;
use crate::i18n::Lang;
use crate::routes::failure::PageFailure;

#[component]
pub fn ArchivePage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let days = Resource::new(|| (), |_| get_archive());
    view! {
        <PageMeta
            title=lang.t("archive_title")
            description=lang.pick("지난 날짜의 AI 뉴스 요약 목록.", "Every past day's digest of AI announcements.")
        />
        <h1>{lang.t("archive_title")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match days.await {
                    Ok(days) if days.is_empty() => {
                        view! { <p>{lang.t("nothing_yet")}</p> }.into_any()
                    }
                    Ok(days) => {
                        view! {
                            <ul class="archive">
                                {days
                                    .into_iter()
                                    .map(|d| {
                                        view! {
                                            <li>
                                                <A href=format!("/digest/{}", d.date)>{d.date.clone()}</A>
                                                " "
                                                <span class="count">{d.count.to_string()} " " {lang.t("items")}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <PageFailure error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}
