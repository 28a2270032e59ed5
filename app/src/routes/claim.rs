//! `/claim/{id}`: one claim — its verbatim sentence linked to its place in the article, status,
//! structured fields, evidence with deltas, the history timeline, suggested evidence, and for
//! editors the forms that change it. Embeds ClaimReview JSON-LD once the claim has a review.

use crate::components::page_meta::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::badge::{BenchmarkStanding, StatusBadge};
use crate::functions::{get_claim, PageError};
use crate::i18n::{short_time, Lang};
use crate::ids::ClaimId;
use crate::models::{
    ClaimDetail, EvidenceView, HistoryEntry, ResultSuggestion, SuggestedEvidence, Viewer,
};
use crate::routes::failure::PageFailure;
use crate::vocab::{EvidenceKind, Relation, Status, Verdict};

#[component]
pub fn ClaimPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse().ok());
    let claim = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_claim(id).await,
            None => Err(PageError::NotFound),
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match claim.await {
                    Ok(d) => view! { <ClaimView d=d/> }.into_any(),
                    Err(e) => view! {
                        <PageFailure error=e missing=lang.pick("그런 주장은 없습니다.", "There is no such claim.")/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A name linked to its model or benchmark page when it resolves to a canonical entity.
fn entity_link(kind: &'static str, entity: Option<String>, text: String) -> impl IntoView {
    match entity {
        Some(id) => {
            view! { <a href=format!("/{kind}/{id}") class="entity-link">{text}</a> }.into_any()
        }
        None => text.into_any(),
    }
}

fn field_row(label: &'static str, value: Option<String>) -> impl IntoView {
    value.map(|v| view! { <dt>{label}</dt> <dd>{v}</dd> })
}

#[component]
fn ClaimView(d: ClaimDetail) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let c = d.claim.clone();
    // A claim the article no longer makes has its span in an older version of the text: link
    // to the article without pointing at a passage that now says something else.
    let article_href = if c.current {
        format!(
            "/article/{}?claim={}#claim-span",
            c.article_id,
            d.span().to_query()
        )
    } else {
        format!("/article/{}", c.article_id)
    };
    let title: String = c.sentence.chars().take(80).collect();
    let editor = d.viewer.clone().filter(|v| v.editor);
    let json_ld = d.json_ld.clone();
    let fields = view! {
        <dl class="fields">
            <dt>{lang.pick("종류", "Kind")}</dt><dd>{c.kind.label(lang)}</dd>
            {c.subject.clone().map(|s| view! {
                <dt>{lang.pick("대상", "Subject")}</dt>
                <dd>{entity_link("model", c.subject_entity.clone(), s)}
                    {c.subject_from_context.then(|| format!(" ({})", lang.pick("앞 문장에서", "from an earlier sentence")))}</dd>
            })}
            {c.metric.clone().map(|m| view! {
                <dt>{lang.pick("벤치마크·지표", "Benchmark or metric")}</dt>
                <dd>{entity_link("benchmark", c.metric_entity.clone(), m)}
                    {c.benchmark_note.clone().map(|n| view! { " " <BenchmarkStanding note=n/> })}</dd>
            })}
            {field_row(lang.pick("값", "Value"), c.value.clone().map(|v| match &c.qualifier {
                Some(q) if !q.is_empty() => format!("{q} {v}"),
                _ => v,
            }))}
            {field_row(lang.pick("평가 조건", "Settings"), (!c.settings.is_empty()).then(|| c.settings.join(", ")))}
            {field_row(lang.pick("단위", "Unit"), c.unit.clone())}
            {field_row(lang.pick("비교", "Comparison"), c.comparison.clone())}
            <dt>{lang.pick("주장한 곳", "Claimant")}</dt><dd>{c.vendor.clone()}</dd>
            <dt>{lang.pick("처음 나온 글", "First appeared in")}</dt>
            <dd>
                <a href=article_href.clone()>{c.article_title.clone()}</a>
                " (" <time datetime=c.published_at.clone()>{short_time(&c.published_at)}</time> ") · "
                <a href=c.article_url.clone() rel="noopener noreferrer" class="original">{lang.t("original")} " ↗"</a>
            </dd>
            <dt>{lang.pick("필드 추출", "Fields read by")}</dt><dd class="small">{d.fields_method.clone()}</dd>
        </dl>
    };
    let suggested = d.suggested_status.clone().map(|(s, why)| view! {
        <p class="suggested-status" data-status=s.key()>
            {lang.pick("근거가 가리키는 상태: ", "The evidence suggests: ")}
            <StatusBadge status=s/> " — " {why}
            <span class="muted small">{lang.pick(" (결정은 편집자가 합니다)", " (an editor decides)")}</span>
        </p>
    });
    let evidence_ids: Vec<(i64, String)> =
        d.evidence.iter().map(|e| (e.id, e.title.clone())).collect();
    // A business fact (funding, revenue, usage…) is kept with its source and history, but
    // nobody reproduces it: no status, evidence or suggestions.
    let fact = c.kind.is_business_fact();
    let badge = if fact {
        view! { <span class="fact-label">{c.kind.label(lang)}</span> }.into_any()
    } else {
        view! { <StatusBadge status=c.status/> }.into_any()
    };
    view! {
        <PageMeta title=title description=c.sentence.clone()/>
        {json_ld.map(|j| view! { <script type="application/ld+json" inner_html=j></script> })}
        <article class="claim" data-claim-id=c.id.to_string() data-status=c.status.key()>
            <header>
                <p class="meta">{badge} " " <span class="vendor">{c.vendor.clone()}</span>
                    {c.status_at.clone().filter(|_| !fact).map(|t| view! { " · " <span class="small muted">{lang.pick("상태 변경 ", "status set ")}{short_time(&t)}</span> })}
                    {(!c.current).then(|| view! { " · " <span class="muted">{lang.pick("글에서 정정·삭제됨", "no longer in the article")}</span> })}
                </p>
                <blockquote class="claim-quote" lang="">
                    <p>"“" {c.sentence.clone()} "”"</p>
                    <footer class="small"><a href=article_href>{lang.pick("글에서 이 문장 보기", "See this sentence in the article")}</a></footer>
                </blockquote>
            </header>
            {fact.then(|| view! {
                <p class="fact-note">{lang.pick(
                    "사업 정보입니다: 출처와 기록은 남기지만, 재현할 수 있는 주장이 아니므로 검증 상태를 두지 않습니다.",
                    "A business fact: kept with its source and history, but not a claim anyone could reproduce, so it carries no verification status.",
                )}</p>
            })}
            {suggested.filter(|_| !fact).map(|v| v.into_any())}
            {fields.into_any()}
            {(!fact).then(|| view! {
            <section id="evidence" class="evidence">
                <h2>{lang.pick("근거", "Evidence")}</h2>
                {if d.evidence.is_empty() {
                    view! { <p class="muted">{lang.pick("아직 근거가 없습니다: 업체의 말뿐입니다.", "No evidence yet: this is the vendor's word only.")}</p> }.into_any()
                } else {
                    view! { <ol class="evidence-list">{d.evidence.into_iter().map(|e| view! { <EvidenceItem e=e claimed=c.value.clone()/> }).collect_view()}</ol> }.into_any()
                }}
            </section>
            })}
            <section id="history" class="history">
                <h2>{lang.pick("기록", "History")}</h2>
                <p class="muted small">{lang.pick(
                    "모든 변경은 해시로 연결된 추가 전용 기록에 남습니다 (proofwire verify-log).",
                    "Every change is an event in an append-only, hash-chained log (proofwire verify-log).",
                )}</p>
                <ol class="timeline">{d.history.into_iter().map(|h| view! { <HistoryItem h=h/> }).collect_view()}</ol>
            </section>
            {(d.versions.len() > 1).then(|| view! {
                <section class="versions">
                    <h2>{lang.pick("글의 버전", "Article versions")}</h2>
                    <ol class="small">{d.versions.iter().map(|v| view! {
                        <li><code>{v.content_hash.chars().take(12).collect::<String>()}</code> " " {short_time(&v.first_seen)} " – " {short_time(&v.last_seen)}</li>
                    }).collect_view()}</ol>
                </section>
            })}
            {(!fact).then(|| view! {
            <section id="suggested" class="suggested">
                <h2>{lang.pick("관련된 이후 글", "Suggested evidence")}</h2>
                {if d.suggestions.is_empty() {
                    view! { <p class="muted small">{lang.pick("같은 대상과 지표를 다룬 이후 글이 없습니다.", "No later article mentions the same subject and benchmark.")}</p> }.into_any()
                } else {
                    view! { <ul>{d.suggestions.into_iter().map(|s| view! { <SuggestionItem s=s claim_id=c.id viewer=editor.clone()/> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            <section id="results" class="suggested results">
                <h2>{lang.pick("제3자 측정 결과", "Third-party results")}</h2>
                {if d.results.is_empty() {
                    view! { <p class="muted small">{lang.pick("같은 모델·벤치마크·조건의 독립 측정 결과가 아직 없습니다.", "No independent result on the same model, benchmark and settings yet.")}</p> }.into_any()
                } else {
                    view! { <ul>{d.results.into_iter().map(|r| view! { <ResultItem r=r claim_id=c.id viewer=editor.clone()/> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            })}
            {match editor.clone() {
                _ if fact => ().into_any(),
                Some(v) => view! { <EditorForms claim_id=c.id viewer=v evidence=evidence_ids/> }.into_any(),
                None => view! {
                    <p class="editor-hint small muted">
                        {lang.pick("편집자는 ", "Editors can ")}
                        <a href=format!("/login?next=/claim/{}", c.id) rel="external">{lang.pick("로그인", "log in")}</a>
                        {lang.pick("해서 근거를 더하고 상태를 바꿀 수 있습니다.", " to add evidence and change the status.")}
                    </p>
                }.into_any(),
            }}
        </article>
    }
}

#[component]
fn EvidenceItem(e: EvidenceView, claimed: Option<String>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <li class="evidence-item" data-evidence-id=e.id.to_string() data-verdict=e.verdict.key()>
            <p>
                <span class=format!("verdict verdict-{}", e.verdict.key())>{e.verdict.label(lang)}</span>
                " " <a href=e.url.clone() rel="noopener noreferrer nofollow">{e.title.clone()}</a>
                " — " {e.organisation.clone()}
            </p>
            <p class="small muted">
                {e.kind.label(lang)} " · " {e.relation.label(lang)}
                " · #" {e.id.to_string()} " · " {e.added_by.clone()} " · " {short_time(&e.added_at)}
            </p>
            {e.measured_value.clone().map(|m| view! {
                <p class="measured">
                    {lang.pick("측정값 ", "Measured ")} <strong>{m}</strong>
                    {claimed.clone().map(|c| view! { " " {lang.pick("(주장 ", "(claimed ")} {c} ")" })}
                    {e.delta.clone().map(|d| view! { " " <span class="delta">{lang.pick("차이 ", "delta ")} {d}</span> })}
                    {e.interval.clone().map(|i| view! { " · " {lang.pick("구간 ", "interval ")} {i} })}
                </p>
            })}
            {e.settings.clone().map(|s| view! { <p class="small">{lang.pick("실행 설정: ", "Run settings: ")} {s}</p> })}
            {e.note.clone().map(|n| view! { <p class="note">{n}</p> })}
        </li>
    }
}

#[component]
fn HistoryItem(h: HistoryEntry) -> impl IntoView {
    view! {
        <li class=format!("event event-{}", h.kind) id=format!("event-{}", h.id) data-kind=h.kind.clone()>
            <time datetime=h.at.clone()>{short_time(&h.at)}</time>
            " · " <span class="actor">{h.actor.clone()}</span> " · "
            {match (h.from, h.to) {
                (Some(f), Some(t)) => view! { <StatusBadge status=f/> " → " <StatusBadge status=t/> " " }.into_any(),
                _ => ().into_any(),
            }}
            <span class="detail">{h.detail.clone()}</span>
            " " <code class="hash small muted" title=h.hash.clone()>{h.hash.chars().take(12).collect::<String>()}</code>
        </li>
    }
}

/// An editor's accept and dismiss buttons for a suggestion (plain forms with the CSRF token).
#[component]
fn DecisionForms(base: String, csrf: String) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <form method="post" action=format!("{base}/accept") class="inline">
            <input type="hidden" name="csrf" value=csrf.clone()/>
            <button type="submit">{lang.pick("근거로 추가", "Accept as evidence")}</button>
        </form>
        <form method="post" action=format!("{base}/dismiss") class="inline">
            <input type="hidden" name="csrf" value=csrf/>
            <button type="submit">{lang.pick("무시", "Dismiss")}</button>
        </form>
    }
}

#[component]
fn SuggestionItem(
    s: SuggestedEvidence,
    claim_id: ClaimId,
    viewer: Option<Viewer>,
) -> impl IntoView {
    let base = format!("/claim/{claim_id}/suggestion/{}", s.article_id);
    view! {
        <li class="suggestion" data-article-id=s.article_id.to_string()>
            <a href=format!("/article/{}", s.article_id)>{s.title.clone()}</a>
            " — " {s.vendor.clone()} " · " {short_time(&s.published_at)}
            {viewer.map(|v| view! { <DecisionForms base=base.clone() csrf=v.csrf/> })}
        </li>
    }
}

#[component]
fn ResultItem(r: ResultSuggestion, claim_id: ClaimId, viewer: Option<Viewer>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let base = format!("/claim/{claim_id}/result/{}", r.result_id);
    view! {
        <li class="suggestion result" data-result-id=r.result_id.to_string() data-verdict=r.verdict.key()>
            <strong>{r.publisher.clone()}</strong> " · " {r.model.clone()} " · " {r.benchmark.clone()} ": "
            <span class="measured">{r.measured.clone()}</span>
            {r.interval.clone().map(|i| view! { " (" {i} ")" })}
            {r.delta.clone().map(|d| view! { " · " <span class="delta">{d}</span> })}
            " · " <span class="verdict">{r.verdict.label(lang)}</span>
            " · " {r.relation.label(lang)}
            <br/><span class="small muted">{r.basis.clone()}
                {(!r.settings.is_empty()).then(|| format!(" · {}", r.settings.join(", ")))}
                {r.date.clone().map(|d| format!(" · {d}"))}
                " · " {r.licence.clone()}</span>
            {r.url.clone().map(|u| view! { " " <a href=u rel="noopener noreferrer" class="small">{lang.t("original")} " ↗"</a> })}
            {viewer.map(|v| view! { <DecisionForms base=base.clone() csrf=v.csrf/> })}
        </li>
    }
}

/// Plain HTML forms (they work without JavaScript); each carries the session's CSRF token.
#[component]
fn EditorForms(claim_id: ClaimId, viewer: Viewer, evidence: Vec<(i64, String)>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let csrf = viewer.csrf.clone();
    view! {
        <section class="editor" id="edit">
            <p class="small">{lang.pick("편집자: ", "Editor: ")} <strong>{viewer.name.clone()}</strong></p>
            <form method="post" action=format!("/claim/{claim_id}/evidence") class="evidence-form">
                <h2>{lang.pick("근거 추가", "Add evidence")}</h2>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <label>"URL " <input type="url" name="url" required maxlength="2000"/></label>
                <label>{lang.pick("제목 ", "Title ")} <input type="text" name="title" required maxlength="300"/></label>
                <label>{lang.pick("기관 ", "Organisation ")} <input type="text" name="organisation" required maxlength="200"/></label>
                <label>{lang.pick("종류 ", "Type ")}
                    <select name="kind">{EvidenceKind::ALL.iter().map(|k| view! { <option value=k.key()>{k.label(lang)}</option> }).collect_view()}</select>
                </label>
                <label>{lang.pick("관계 ", "Relationship ")}
                    <select name="relation">{Relation::ALL.iter().map(|k| view! { <option value=k.key() selected=*k == Relation::ThirdParty>{k.label(lang)}</option> }).collect_view()}</select>
                </label>
                <label>{lang.pick("판단 ", "Verdict ")}
                    <select name="verdict">{Verdict::ALL.iter().map(|k| view! { <option value=k.key()>{k.label(lang)}</option> }).collect_view()}</select>
                </label>
                <label>{lang.pick("측정값 ", "Measured value ")} <input type="text" name="measured_value" maxlength="100"/></label>
                <label>{lang.pick("구간 ", "Interval ")} <input type="text" name="interval" maxlength="100" placeholder="± 1.2"/></label>
                <label>{lang.pick("실행 설정 ", "Run settings ")} <input type="text" name="settings" maxlength="500"/></label>
                <label>{lang.pick("메모 ", "Note ")} <textarea name="note" maxlength="2000"></textarea></label>
                <button type="submit">{lang.pick("근거 추가", "Add evidence")}</button>
            </form>
            <form method="post" action=format!("/claim/{claim_id}/status") class="status-form">
                <h2>{lang.pick("상태 변경", "Change status")}</h2>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <label>{lang.pick("상태 ", "Status ")}
                    <select name="status">{Status::ALL.iter().map(|s| view! { <option value=s.key()>{s.label(lang)}</option> }).collect_view()}</select>
                </label>
                <label>{lang.pick("이유 ", "Reason ")} <textarea name="reason" required maxlength="2000"></textarea></label>
                {(!evidence.is_empty()).then(|| view! {
                    <fieldset>
                        <legend>{lang.pick("근거", "Justifying evidence")}</legend>
                        {evidence.into_iter().map(|(id, title)| view! {
                            <label class="check"><input type="checkbox" name="evidence" value=id.to_string()/> {format!("#{id} {title}")}</label>
                        }).collect_view()}
                    </fieldset>
                })}
                <button type="submit">{lang.pick("상태 변경", "Change status")}</button>
            </form>
            <form method="post" action="/auth/logout" class="inline">
                <input type="hidden" name="csrf" value=csrf/>
                <button type="submit">{lang.pick("로그아웃", "Log out")}</button>
            </form>
        </section>
    }
}
