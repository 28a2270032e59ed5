//! `/model/{id}` and `/benchmark/{id}`: one canonical model or benchmark — its names, every
//! current claim about it, the third-party results on it, and a chart of claimed against
//! independently measured percentages over time.

use crate::components::page_meta::PageMeta;
use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::badge::ClaimLine;
use crate::functions::get_entity;
use crate::i18n::Lang;
use crate::models::{ChartPoint, EntityPage as Entity, ResultLine};
use crate::routes::failure::PageFailure;

#[component]
pub fn ModelPage() -> impl IntoView {
    view! { <EntityRoute kind="model"/> }
}

#[component]
pub fn BenchmarkPage() -> impl IntoView {
    view! { <EntityRoute kind="benchmark"/> }
}

#[component]
fn EntityRoute(kind: &'static str) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let page = Resource::new(id, move |id| get_entity(kind.to_string(), id));
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(e) => view! { <EntityView e=e/> }.into_any(),
                    Err(e) => view! {
                        <PageFailure error=e missing=lang.pick("그런 모델이나 벤치마크는 없습니다.", "There is no such model or benchmark.")/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EntityView(e: Entity) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let is_model = e.kind == "model";
    view! {
        <PageMeta
            title=e.name.clone()
            description=format!("{}: {}", e.name, lang.pick("이 이름이 나온 주장들.", "the claims that name it."))
        />
        <article class="entity" data-entity=format!("{}:{}", e.kind, e.id)>
            <h1>{e.name.clone()}</h1>
            <p class="muted small">
                {if is_model { lang.pick("모델", "Model") } else { lang.pick("벤치마크", "Benchmark") }}
                {e.vendor.clone().map(|v| format!(" · {v}"))}
                {(!e.aliases.is_empty()).then(|| format!(" · {}: {}", lang.pick("다른 표기", "Also written"), e.aliases.join(", ")))}
            </p>
            <PointsChart points=e.points.clone() by_benchmark=is_model/>
            <section class="claims">
                <h2>{lang.pick("주장", "Claims")}</h2>
                {if e.claims.is_empty() {
                    view! { <p class="muted small">{lang.pick("아직 주장이 없습니다.", "No claims yet.")}</p> }.into_any()
                } else {
                    view! { <ul class="claim-lines">{e.claims.into_iter().map(|c| view! { <ClaimLine claim=c/> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            {e.viewer.clone().filter(|v| v.editor).map(|v| view! {
                <form method="post" action=format!("/{}/{}/alias", e.kind, e.id) class="alias-form">
                    <input type="hidden" name="csrf" value=v.csrf/>
                    <label>{lang.pick("다른 표기 추가 ", "Add a name it is written as ")}
                        <input type="text" name="alias" required maxlength="80"/></label>
                    <button type="submit">{lang.pick("추가", "Add")}</button>
                </form>
            })}
            <section class="results">
                <h2>{lang.pick("제3자 측정 결과", "Third-party results")}</h2>
                {if e.results.is_empty() {
                    view! { <p class="muted small">{lang.pick("아직 독립 측정 결과가 없습니다.", "No independent results yet.")}</p> }.into_any()
                } else {
                    view! { <ul>{e.results.into_iter().map(|r| view! { <ResultRow r=r/> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        </article>
    }
}

#[component]
fn ResultRow(r: ResultLine) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <li class="result">
            <strong>{r.publisher.clone()}</strong> " · " {r.model.clone()} " · " {r.benchmark.clone()} ": "
            {r.measured.clone()} {r.interval.clone().map(|i| format!(" ({i})"))}
            <span class="small muted">
                {(!r.settings.is_empty()).then(|| format!(" · {}", r.settings.join(", ")))}
                {r.date.clone().map(|d| format!(" · {d}"))}
            </span>
            {r.url.clone().map(|u| view! { " " <a href=u rel="noopener noreferrer" class="small">{lang.t("original")} " ↗"</a> })}
        </li>
    }
}

/// Claimed (filled) and measured (hollow) percentages against time, one row of points per
/// benchmark (on a model's page) or model (on a benchmark's), drawn on the server as SVG.
#[component]
fn PointsChart(points: Vec<ChartPoint>, by_benchmark: bool) -> impl IntoView {
    let lang = expect_context::<Lang>();
    if points.is_empty() {
        return ().into_any();
    }
    let days = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| d.num_days_from_ce() as f64)
            .unwrap_or(0.0)
    };
    let (t0, t1) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| {
        let t = days(&p.date);
        (a.min(t), b.max(t))
    });
    let span = (t1 - t0).max(1.0);
    let (w, h, left, top) = (560.0, 220.0, 40.0, 12.0);
    let x = move |d: &str| left + (days(d) - t0) / span * (w - left - 20.0);
    let y = move |v: f64| top + (100.0 - v.clamp(0.0, 100.0)) / 100.0 * h;
    let grid = [0.0, 25.0, 50.0, 75.0, 100.0]
        .into_iter()
        .map(|v| view! {
            <line x1=format!("{left}") x2=format!("{:.1}", w - 10.0) y1=format!("{:.1}", y(v)) y2=format!("{:.1}", y(v)) class="grid"/>
            <text x="4" y=format!("{:.1}", y(v) + 4.0) class="chart-label">{format!("{v:.0}%")}</text>
        })
        .collect_view();
    let marks = points
        .iter()
        .map(|p| {
            let title = format!(
                "{} · {} · {:.1}% · {} ({})",
                p.series,
                p.by,
                p.value,
                if p.measured { lang.pick("측정", "measured") } else { lang.pick("주장", "claimed") },
                p.date
            );
            let class = if p.measured { "point measured" } else { "point claimed" };
            view! {
                <circle cx=format!("{:.1}", x(&p.date)) cy=format!("{:.1}", y(p.value)) r="5" class=class
                    data-series=p.series.clone()>
                    <title>{title}</title>
                </circle>
            }
        })
        .collect_view();
    let caption = if by_benchmark {
        lang.pick(
            "벤치마크별 주장과 독립 측정 (%)",
            "Claimed and independently measured, by benchmark (%)",
        )
    } else {
        lang.pick(
            "모델별 주장과 독립 측정 (%)",
            "Claimed and independently measured, by model (%)",
        )
    };
    view! {
        <figure class="chart">
            <figcaption>{caption} " — " <span class="legend-claimed">"●"</span> {lang.pick(" 주장 ", " claimed ")}
                <span class="legend-measured">"○"</span> {lang.pick(" 측정", " measured")}</figcaption>
            <svg viewBox=format!("0 0 {w:.0} {:.0}", h + top + 24.0) role="img" aria-label=caption class="points-chart">
                {grid}
                {marks}
                <text x=format!("{left}") y=format!("{:.0}", h + top + 20.0) class="chart-label">{points.iter().map(|p| p.date.clone()).min().unwrap_or_default()}</text>
                <text x=format!("{:.0}", w - 10.0) y=format!("{:.0}", h + top + 20.0) class="chart-label" text-anchor="end">{points.iter().map(|p| p.date.clone()).max().unwrap_or_default()}</text>
            </svg>
        </figure>
    }
    .into_any()
}
