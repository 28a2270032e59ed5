//! `/sources`: every configured feed and how its last fetch went.

use crate::components::page_meta::PageMeta;
use leptos::prelude::*;

use crate::functions::{
    get_evidence_sources, get_model_status, get_rounds, get_source_admin, get_sources,
};
use crate::i18n::{short_time, Lang};
use crate::routes::failure::PageFailure;

#[component]
pub fn SourcesPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let sources = Resource::new(|| (), |_| get_sources());
    view! {
        <PageMeta
            title=lang.t("sources_title")
            description=lang.pick("Proofwire가 읽는 피드와 페이지, 그리고 각 출처의 상태.", "The feeds and pages Proofwire reads, and how each source is doing.")
        />
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
                                    <tr class=class data-source=s.id.to_string()>
                                        <td>
                                            <strong>{s.name.clone()}</strong>
                                            <br/>
                                            <span class="muted small">
                                                {s.vendor.clone()} " · " {s.language.clone()} " · "
                                                {s.location.clone()}
                                            </span>
                                            {s.moved_to.clone().map(|to| view! {
                                                <br/>
                                                <span class="moved small">
                                                    {lang.t("moved_to")} " " <a href=to.clone() rel="external noopener">{to.clone()}</a>
                                                </span>
                                            })}
                                            {s.websub.clone().map(|w| view! {
                                                <br/>
                                                <WebSubLine w=w/>
                                            })}
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
                    Err(e) => view! { <PageFailure error=e/> }.into_any(),
                }
            })}
        </Transition>
        <SourceEditor/>
        <RoundsState/>
        <ModelState/>
        <EvidenceSources/>
    }
}

/// A source's WebSub subscription: the hub its feed names and how the subscription stands
/// (polling goes on whatever it says).
#[component]
fn WebSubLine(w: crate::models::SourceWebSub) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let state = match w.state.as_str() {
        "subscribed" => lang.pick("구독 중", "subscribed").to_string(),
        "requested" => lang
            .pick("구독 확인 대기", "awaiting the hub's verification")
            .to_string(),
        "discovered" => lang.pick("구독 예정", "to be subscribed").to_string(),
        "denied" => lang.pick("허브가 거절함", "denied by the hub").to_string(),
        "failed" => lang.pick("구독 실패", "subscription failed").to_string(),
        "polling_only" => lang
            .pick(
                "콜백 URL(websub.callback_url)이 없어 폴링만 함",
                "polling only: no callback URL (websub.callback_url) is configured",
            )
            .to_string(),
        other => other.to_string(),
    };
    let lease = w
        .lease_expires_at
        .as_deref()
        .filter(|_| w.state == "subscribed")
        .map(|t| {
            format!(
                " · {} {}",
                lang.pick("임대 만료", "lease ends"),
                short_time(t)
            )
        });
    let pushes = (w.pushes > 0).then(|| {
        format!(
            " · {} {}{}",
            w.pushes,
            lang.pick("회 푸시", "pushes"),
            w.last_push_at
                .as_deref()
                .map(|t| format!(" ({})", short_time(t)))
                .unwrap_or_default()
        )
    });
    view! {
        <span class="websub small" data-websub=w.state.clone()>
            "WebSub: " {state} " · " {lang.pick("허브", "hub")} " " {w.hub.clone()}
            {lease} {pushes}
            {w.last_error.clone().map(|e| format!(" · {e}"))}
        </span>
    }
}

/// Editors add a feed or change a source here (plain forms: they work without JavaScript);
/// every change is listed below them with who made it.
#[component]
fn SourceEditor() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let admin = Resource::new(|| (), |_| get_source_admin());
    let ids = Resource::new(|| (), |_| get_sources());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let (Ok(Some(admin)), Ok(list)) = (admin.await, ids.await) else {
                    return ().into_any();
                };
                let options = list
                    .iter()
                    .map(|s| view! { <option value=s.id.to_string()>{format!("{} — {}", s.id, s.name)}</option> })
                    .collect_view();
                let changes = admin
                    .changes
                    .iter()
                    .map(|c| view! {
                        <li data-source=c.source_id.to_string()>
                            {short_time(&c.at)} " · " <strong>{c.source_id.to_string()}</strong> " · "
                            {c.change.clone()} " · " <span class="muted">{c.editor.clone()}</span>
                        </li>
                    })
                    .collect_view();
                let csrf = admin.csrf.clone();
                view! {
                    <section class="source-editor">
                        <h2>{lang.pick("출처 관리", "Manage sources")}</h2>
                        <form method="post" action="/sources/add" class="source-add">
                            <h3 class="small">{lang.pick("피드 추가", "Add a feed")}</h3>
                            <input type="hidden" name="csrf" value=csrf.clone()/>
                            <label>{lang.pick("아이디", "Id")} " " <input name="id" required pattern="[a-z0-9_-]{1,40}" placeholder="vendor-news"/></label>
                            <label>{lang.pick("이름", "Name")} " " <input name="name" required maxlength="120"/></label>
                            <label>{lang.pick("회사", "Vendor")} " " <input name="vendor" required maxlength="80"/></label>
                            <label>"URL " <input name="url" type="url" required/></label>
                            <label>{lang.pick("언어", "Language")} " "
                                <select name="language"><option value="en">"en"</option><option value="ko">"ko"</option></select>
                            </label>
                            <button type="submit">{lang.pick("추가", "Add")}</button>
                        </form>
                        <form method="post" action="/sources/change" class="source-change">
                            <h3 class="small">{lang.pick("출처 바꾸기 (빈 칸은 그대로)", "Change a source (empty fields stay as they are)")}</h3>
                            <input type="hidden" name="csrf" value=csrf/>
                            <label>{lang.pick("출처", "Source")} " " <select name="source">{options}</select></label>
                            <label>{lang.pick("이름", "Name")} " " <input name="name" maxlength="120"/></label>
                            <label>{lang.pick("회사", "Vendor")} " " <input name="vendor" maxlength="80"/></label>
                            <label>"URL " <input name="url" type="url"/></label>
                            <label>{lang.pick("언어", "Language")} " "
                                <select name="language"><option value="">"—"</option><option value="en">"en"</option><option value="ko">"ko"</option></select>
                            </label>
                            <label>{lang.pick("사용", "Enabled")} " "
                                <select name="enabled">
                                    <option value="">"—"</option>
                                    <option value="on">{lang.pick("사용", "enabled")}</option>
                                    <option value="off">{lang.pick("사용 안 함", "disabled")}</option>
                                </select>
                            </label>
                            <button type="submit">{lang.pick("바꾸기", "Change")}</button>
                        </form>
                        <h3 class="small">{lang.pick("바뀐 내역", "Changes")}</h3>
                        <ul class="source-changes small">{changes}</ul>
                    </section>
                }
                    .into_any()
            })}
        </Transition>
    }
}

/// The third-party result sources' last reads, with the rows each skipped and why.
#[component]
fn EvidenceSources() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let list = Resource::new(|| (), |_| get_evidence_sources());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if !list.is_empty() => view! {
                        <h2>{lang.pick("제3자 결과 출처", "Evidence sources")}</h2>
                        <ul class="evidence-sources">
                            {list.into_iter().map(|e| view! {
                                <li data-evidence-source=e.id.to_string() class=if e.error.is_some() { "source error" } else { "source ok" }>
                                    <strong>{e.id.to_string()}</strong> " · " {short_time(&e.fetched_at)} " · "
                                    {format!("{} {} · {} {} · {} {}", e.results, lang.pick("건", "results"), e.new_results, lang.pick("건 새로", "new"), e.problems.len(), lang.pick("행 건너뜀", "rows skipped"))}
                                    {(e.files_left > 0).then(|| format!(" · {} {}", e.files_left, lang.pick("개 파일은 다음 읽기에", "changed files left for the next read")))}
                                    <br/>
                                    <span class="last-good" data-last-good=e.last_good_at.clone().unwrap_or_default()>
                                        {lang.pick("마지막 정상 읽기", "Last good read")} ": "
                                        {e.last_good_at.as_deref().map(short_time).unwrap_or_else(|| lang.pick("없음", "never").to_string())}
                                    </span>
                                    {e.error.clone().map(|err| view! { <br/><span class="last-error">{lang.pick("마지막 오류", "Last error")} ": " {err}</span> })}
                                    {(!e.changes.is_empty()).then(|| view! {
                                        <ul class="small result-changes">{e.changes.iter().take(20).map(|c| view! { <li>{lang.pick("바뀐 결과 (이전 결과 보관)", "Changed result (the old one kept)")} ": " {c.clone()}</li> }).collect_view()}</ul>
                                    })}
                                    {(!e.problems.is_empty()).then(|| view! {
                                        <ul class="small muted">{e.problems.iter().take(20).map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// The last ingestion round, and the last one a restart cut with when it was resumed.
#[component]
pub fn RoundsState() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let rounds = Resource::new(|| (), |_| get_rounds());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(r) = rounds.await else { return ().into_any() };
                let Some(started) = r.last_started_at.clone() else { return ().into_any() };
                let last = match r.last_finished_at.clone() {
                    Some(done) => format!("{started} → {done}"),
                    None => format!("{started} → {}", lang.pick("진행 중", "running")),
                };
                let cut = r.last_cut_at.clone().map(|at| {
                    let resumed = match (r.resumed_at.clone(), r.resumed_finished_at.clone()) {
                        (Some(s), Some(f)) => format!("{}: {s} → {f}", lang.pick("재개", "resumed")),
                        (Some(s), None) => format!("{}: {s}", lang.pick("재개", "resumed")),
                        _ => lang.pick("재개 대기 중", "not resumed yet").to_string(),
                    };
                    let attr = at.clone();
                    view! {
                        <br/>
                        <span class="round-cut" data-cut-at=attr>
                            {lang.pick("마지막으로 중단된 수집", "Last round cut by a restart")} ": " {at}
                            {r.last_cut_reason.clone().map(|why| format!(" ({why})"))}
                            "; " {resumed}
                        </span>
                    }
                });
                view! {
                    <p class="rounds-status" data-round-finished=r.last_finished_at.is_some().to_string()>
                        <strong>{lang.pick("마지막 수집", "Last ingestion round")}</strong> ": " {last}
                        {cut}
                    </p>
                }.into_any()
            })}
        </Transition>
    }
}

/// The model this replica summarizes with: ready, or why its summaries are extractive now.
#[component]
pub fn ModelState() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let status = Resource::new(|| (), |_| get_model_status());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(m) => {
                        let label = match m.state.as_str() {
                            "ready" => lang.pick("준비됨", "ready"),
                            "paused" => lang.pick("일시 중지 (요약은 추출식으로)", "paused (extractive summaries meanwhile)"),
                            "unavailable" => lang.pick("사용 불가 (요약은 추출식으로)", "unavailable (extractive summaries)"),
                            "starting" => lang.pick("시작하는 중", "starting"),
                            _ => lang.pick("꺼짐 (요약은 추출식으로)", "off (extractive summaries)"),
                        };
                        view! {
                            <p class=format!("model-status model-{}", m.state) data-model-state=m.state.clone()>
                                <strong>{lang.pick("요약 모델", "Summary model")}</strong>
                                " (" {m.backend.clone()} "): " {label}
                                {(!m.model.is_empty()).then(|| view! { " · " <span class="muted">{m.model.clone()}</span> })}
                                {m.reason.clone().map(|r| view! { <br/><span class="last-error">{r}</span> })}
                            </p>
                        }.into_any()
                    }
                    Err(_) => ().into_any(),
                }
            })}
        </Transition>
    }
}
