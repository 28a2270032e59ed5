//! `/claims`: every claim, filtered by status, vendor, kind and date; the "needs reproduction"
//! view (unverified claims, oldest first); and two server-rendered SVG charts that read
//! without JavaScript.

use crate::components::page_meta::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::badge::StatusBadge;
use crate::functions::get_claims;
use crate::i18n::{short_time, Lang};
use crate::models::{ClaimCard, ClaimsPage, ClaimsQuery, VendorDelta, VendorStatusCounts};
use crate::routes::failure::PageFailure;
use crate::routes::names::NamesToConfirm;
use crate::vocab::{ClaimKind, Status};

/// `/claims?...` for a query, skipping empty values.
pub fn claims_href(q: &ClaimsQuery) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("status", &q.status),
        ("vendor", &q.vendor),
        ("kind", &q.kind),
        ("from", &q.from),
        ("to", &q.to),
        ("view", &q.view),
        ("per_page", &q.per_page),
        ("page", &q.page),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", crate::routes::search::encode(v)));
        }
    }
    if parts.is_empty() {
        "/claims".into()
    } else {
        format!("/claims?{}", parts.join("&"))
    }
}

#[component]
pub fn ClaimsListPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let query = use_query_map();
    let params = move || {
        query.with(|m| {
            let get = |k: &str| m.get(k).filter(|v| !v.trim().is_empty());
            ClaimsQuery {
                status: get("status"),
                vendor: get("vendor"),
                kind: get("kind"),
                from: get("from"),
                to: get("to"),
                view: get("view"),
                page: get("page"),
                per_page: get("per_page"),
            }
        })
    };
    let page = Resource::new(params, get_claims);
    view! {
        <PageMeta
            title=lang.pick("주장 검증", "Claims")
            description=lang.pick("AI 기업이 발표한 벤치마크, 속도, 가격 주장과 그 검증 상태.", "Benchmark, speed and price claims from AI announcements, and whether they held up.")
        />
        <h1>{lang.pick("주장 검증", "Claims")}</h1>
        <p class="muted">{lang.pick(
            "업체 발표에 담긴 주장과, 그 주장이 재현되었는지에 대한 기록입니다.",
            "What vendors claimed in their announcements, and whether it held up.",
        )}</p>
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <ClaimsView page=p/> }.into_any(),
                    Err(e) => view! { <PageFailure error=e/> }.into_any(),
                }
            })}
        </Transition>
        <NamesToConfirm/>
    }
}

#[component]
fn ClaimsView(page: ClaimsPage) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let q = page.query.clone();
    let needs = q.view.as_deref() == Some("needs-reproduction");
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let (status_v, kind_v, vendor_v) = (opt(&q.status), opt(&q.kind), opt(&q.vendor));
    let form = view! {
        <form method="get" action="/claims" class="claims-filter">
            <label>{lang.pick("상태", "Status")} " "
                <select name="status">
                    <option value="" selected=status_v.is_empty()>{lang.t("any")}</option>
                    {Status::ALL.iter().map(|s| view! {
                        <option value=s.key() selected=status_v == s.key()>{s.label(lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{lang.pick("종류", "Kind")} " "
                <select name="kind">
                    <option value="" selected=kind_v.is_empty()>{lang.t("any")}</option>
                    {ClaimKind::ALL.iter().map(|k| view! {
                        <option value=k.key() selected=kind_v == k.key()>{k.label(lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{lang.pick("업체", "Vendor")} " "
                <select name="vendor">
                    <option value="" selected=vendor_v.is_empty()>{lang.t("any")}</option>
                    {page.vendors.iter().map(|v| view! {
                        <option value=v.clone() selected=vendor_v == *v>{v.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{lang.t("from")} " " <input type="date" name="from" value=opt(&q.from)/></label>
            <label>{lang.t("to")} " " <input type="date" name="to" value=opt(&q.to)/></label>
            <button type="submit">{lang.pick("보기", "Show")}</button>
        </form>
    };
    let needs_href = claims_href(&ClaimsQuery {
        view: Some("needs-reproduction".into()),
        ..Default::default()
    });
    let views = view! {
        <p class="views">
            {if needs {
                view! { <a href="/claims" rel="external">{lang.pick("모든 주장", "All claims")}</a> " · " <strong>{lang.pick("재현이 필요한 주장", "Needs reproduction")}</strong> }.into_any()
            } else {
                view! { <strong>{lang.pick("모든 주장", "All claims")}</strong> " · " <a href=needs_href rel="external" class="needs-reproduction">{lang.pick("재현이 필요한 주장", "Needs reproduction")}</a> }.into_any()
            }}
        </p>
    };
    let notes = page.notes.clone();
    let count = page.claims.len();
    let at = |n: u32| {
        claims_href(&ClaimsQuery {
            page: (n > 1).then(|| n.to_string()),
            ..q.clone()
        })
    };
    let pager = (page.page > 1 || page.more).then(|| {
        view! {
            <nav class="pager" aria-label=lang.pick("쪽", "Pages")>
                {(page.page > 1).then(|| view! {
                    <a href=at(page.page - 1) rel="prev">{lang.pick("← 이전 쪽", "← Previous page")}</a>
                })}
                " " <span class="muted small">{match lang {
                    Lang::Ko => format!("{}쪽", page.page),
                    Lang::En => format!("page {}", page.page),
                }}</span> " "
                {page.more.then(|| view! {
                    <a href=at(page.page + 1) rel="next">{lang.pick("다음 쪽 →", "Next page →")}</a>
                })}
            </nav>
        }
    });
    view! {
        {views}
        {form}
        {(!notes.is_empty()).then(|| view! {
            <ul class="notes small" role="status">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        })}
        <div class="charts">
            <VendorChart rows=page.by_vendor.clone()/>
            <MonthChart months=page.by_month.clone()/>
            <DeltaChart rows=page.claimed_vs_measured.clone()/>
        </div>
        <Coverage rows=page.coverage.clone()/>
        <p class="result-count muted small" data-count=count.to_string()>
            {if page.page > 1 || page.more {
                // One page of a longer list: which of the list's claims these are.
                let first = (page.page as usize - 1) * page.per_page as usize + 1;
                let last = first + count.saturating_sub(1);
                match lang {
                    Lang::Ko => format!("{first}–{last}번째 주장"),
                    Lang::En => format!("claims {first}–{last}"),
                }
            } else {
                format!("{count} {}", lang.pick("건", "claims"))
            }}
            {needs.then(|| lang.pick(" · 오래된 순", " · oldest first"))}
        </p>
        <ol class="claims-list">
            {page.claims.into_iter().map(|c| view! { <ClaimItem claim=c/> }).collect_view()}
        </ol>
        {pager}
    }
}

#[component]
fn ClaimItem(claim: ClaimCard) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let fields = [
        claim.subject.clone(),
        claim.metric.clone(),
        claim.value.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="claim-item" data-claim-id=claim.id.to_string() data-status=claim.status.key()>
            <p class="meta small">
                <StatusBadge status=claim.status/>
                " " <span class="kind">{claim.kind.label(lang)}</span>
                " · " <span class="vendor">{claim.vendor.clone()}</span>
                " · " <time datetime=claim.published_at.clone()>{short_time(&claim.published_at)}</time>
                {(!claim.current).then(|| view! { " · " <span class="muted">{lang.pick("정정·삭제됨", "no longer in the article")}</span> })}
            </p>
            <p class="claim-sentence">
                <a href=format!("/claim/{}", claim.id)>"“" {claim.sentence.clone()} "”"</a>
            </p>
            {(!fields.is_empty()).then(|| view! { <p class="fields small muted">{fields}</p> })}
            {claim.measured_by_others.clone().map(|m| view! {
                <p class="small"><a class="measured-by-others" href=format!("/claim/{}#results", claim.id)>
                    {m.line(claim.value.as_deref(), lang)}
                </a></p>
            })}
        </li>
    }
}

const STATUS_ORDER: &[Status] = &[
    Status::Reproduced,
    Status::PartlyReproduced,
    Status::Pending,
    Status::Unverified,
    Status::Disputed,
    Status::NotReproduced,
    Status::Corrected,
    Status::Withdrawn,
];

/// Stacked bars: claims per vendor, split by status. Every bar segment has a <title> and the
/// counts are also written as text, so the chart reads without colour or JavaScript.
#[component]
fn VendorChart(rows: Vec<VendorStatusCounts>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let max = rows
        .iter()
        .map(|r| r.counts.iter().map(|(_, n)| *n).sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let (label_w, bar_w, row_h) = (130.0, 360.0, 22.0);
    let height = rows.len() as f64 * row_h + 8.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * row_h + 4.0;
            let total: u32 = r.counts.iter().map(|(_, n)| *n).sum();
            let mut x = label_w;
            let segs = STATUS_ORDER
                .iter()
                .filter_map(|s| r.counts.iter().find(|(st, _)| st == s).map(|(_, n)| (*s, *n)))
                .map(|(s, n)| {
                    let w = bar_w * n as f64 / max as f64;
                    let seg = view! {
                        <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{w:.1}") height="16"
                            class=format!("fill-{}", s.key())>
                            <title>{format!("{}: {} {n}", r.vendor, s.label(lang))}</title>
                        </rect>
                    };
                    x += w;
                    seg
                })
                .collect_view();
            view! {
                <g class="bar" data-vendor=r.vendor.clone()>
                    <text x="0" y=format!("{:.1}", y + 12.0) class="chart-label">{r.vendor.clone()}</text>
                    {segs}
                    <text x=format!("{:.1}", x + 4.0) y=format!("{:.1}", y + 12.0) class="chart-value">{total.to_string()}</text>
                </g>
            }
        })
        .collect_view();
    let legend = STATUS_ORDER
        .iter()
        .map(|s| view! { <li><span class=format!("swatch fill-{}", s.key())></span>{s.label(lang)}</li> })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{lang.pick("업체별 주장 상태", "Claim statuses per vendor")}</figcaption>
            <svg viewBox=format!("0 0 {} {height:.0}", label_w + bar_w + 40.0) role="img"
                aria-label=lang.pick("업체별 주장 상태", "Claim statuses per vendor") class="status-chart">
                {bars}
            </svg>
            <ul class="legend small">{legend}</ul>
        </figure>
    }
}

/// Bars left (measured under the claim) or right (over it) of zero, one per vendor, with the
/// number of measurements behind each median.
#[component]
fn DeltaChart(rows: Vec<VendorDelta>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let caption = lang.pick(
        "주장 대비 독립 측정 (중앙값, 포인트)",
        "Claimed vs measured (median of measured − claimed, points)",
    );
    if rows.is_empty() {
        return view! {
            <figure class="chart delta-chart">
                <figcaption>{caption}</figcaption>
                <p class="muted small">{lang.pick("아직 받아들인 독립 측정이 없습니다.", "No accepted independent measurements yet.")}</p>
            </figure>
        }
        .into_any();
    }
    let reach = rows
        .iter()
        .map(|r| r.median_points.abs())
        .fold(1.0_f64, f64::max);
    let (label_w, half, row_h) = (120.0, 160.0, 24.0);
    let zero = label_w + half;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let len = half * r.median_points.abs() / reach;
            let x = if r.median_points < 0.0 { zero - len } else { zero };
            let y = 8.0 + i as f64 * row_h;
            let text = format!("{:+.1} ({})", r.median_points, r.count);
            view! {
                <g class="vendor-delta" data-vendor=r.vendor.clone() data-count=r.count.to_string()>
                    <text x="0" y=format!("{:.1}", y + 14.0) class="chart-label">{r.vendor.clone()}</text>
                    <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{len:.1}") height="16"
                        class=if r.median_points < 0.0 { "fill-under" } else { "fill-over" }>
                        <title>{text.clone()}</title>
                    </rect>
                    <text x=format!("{:.1}", zero + half + 6.0) y=format!("{:.1}", y + 14.0) class="chart-value">{text}</text>
                </g>
            }
        })
        .collect_view();
    let height = 16.0 + rows.len() as f64 * row_h;
    view! {
        <figure class="chart delta-chart">
            <figcaption>{caption}</figcaption>
            <svg viewBox=format!("0 0 {:.0} {height:.0}", zero + half + 90.0) role="img" aria-label=caption>
                <line x1=format!("{zero:.1}") x2=format!("{zero:.1}") y1="0" y2=format!("{height:.0}") class="grid"/>
                {bars}
            </svg>
        </figure>
    }
    .into_any()
}

/// Vertical bars: claims per month of their announcement. HTML rather than SVG, so the numbers
/// and months stay at text size however wide the page is; each month reads as "2025-11: 3".
#[component]
fn MonthChart(months: Vec<(String, u32)>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let bars = months
        .iter()
        .map(|(m, n)| {
            let pct = 100.0 * *n as f64 / max as f64;
            view! {
                <li class="month" data-month=m.clone() aria-label=format!("{m}: {n}")>
                    <span class="chart-value" aria-hidden="true">{n.to_string()}</span>
                    <span class="bar-area" aria-hidden="true">
                        <span class="bar" style=format!("height: {pct:.1}%")></span>
                    </span>
                    <span class="chart-label" aria-hidden="true">{m.get(2..).unwrap_or(m).to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{lang.pick("월별 주장 수", "Claims per month")}</figcaption>
            <ol class="month-chart" aria-label=lang.pick("월별 주장 수", "Claims per month")>
                {bars}
            </ol>
        </figure>
    }
}

/// Per vendor: its benchmark claims, how many published independent results measure, and the
/// median of newest measured − claimed. Editors still decide each claim's status.
#[component]
fn Coverage(rows: Vec<crate::models::VendorCoverage>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <table class="coverage small">
            <caption>{lang.pick("다른 곳에서 측정된 벤치마크 주장", "Benchmark claims measured by others")}</caption>
            <thead><tr>
                <th scope="col">{lang.pick("업체", "Vendor")}</th>
                <th scope="col">{lang.pick("벤치마크 주장", "Benchmark claims")}</th>
                <th scope="col">{lang.pick("독립 측정 있음", "With an independent result")}</th>
                <th scope="col">{lang.pick("측정 − 주장 (중앙값)", "Measured − claimed (median)")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-vendor=r.vendor.clone()>
                        <th scope="row">{r.vendor.clone()}</th>
                        <td class="claims">{r.claims}</td>
                        <td class="measured">{r.measured}</td>
                        <td class="median">{r.median_points.map(|p| format!("{p:+.1} {}", lang.pick("점", "points"))).unwrap_or_else(|| "—".into())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
