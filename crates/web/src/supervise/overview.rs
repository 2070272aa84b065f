//! The supervisor's overview (GET /supervise): the region tree, the year's ranking of the region's units,
//! charts (score distribution, problem classes, a heat map of scores by region), the region's metrics, and
//! the assessment report's downloads (GET /supervise/assessment).

use super::{Data, Scope, SupervisorUser, q};
use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_store::staff::User;
use gongkai_supervise::assess::{self, document, metrics};
use gongkai_supervise::regions::Region;
use gongkai_write::Target;

/// A line of the region tree.
pub struct TreeLine {
    /// Depth (0 for a province).
    pub depth: usize,
    /// Name.
    pub name: String,
    /// The link to the overview of this region.
    pub href: String,
    /// Units under it.
    pub units: usize,
    /// Whether it is the region shown.
    pub current: bool,
}

/// A line of the ranking.
pub struct RankLine {
    /// Rank.
    pub rank: usize,
    /// Unit id.
    pub unit_id: String,
    /// Unit name.
    pub unit: String,
    /// Score as printed.
    pub score: String,
    /// The deductions (label −points).
    pub deductions: String,
    /// Uncorrected reader uncertainties.
    pub uncertain: usize,
    /// Report id.
    pub report_id: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sv_overview.html")]
struct Overview {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    years: Vec<(i32, String)>,
    year: i32,
    region: String,
    region_name: String,
    region_q: String,
    tree: Vec<TreeLine>,
    ranking: Vec<RankLine>,
    charts: Vec<String>,
    metrics: Vec<(String, String, String, String)>,
    problems: Vec<(String, usize, usize, String)>,
    missing: Vec<String>,
    missing_count: usize,
    rubric: String,
    page: usize,
    pages: usize,
    per_page: usize,
    ranked: usize,
}

/// Units per page of the ranking.
pub const RANKS_PER_PAGE: usize = 100;

/// Units without a report named on the page (all of them are in the assessment report).
pub const MISSING_SHOWN: usize = 100;

/// GET /supervise.
pub async fn overview(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Query(scope): Query<Scope>,
    RawQuery(raw): RawQuery,
) -> Response {
    let data = match Data::load(&state).await {
        Ok(d) => d,
        Err(e) => return super::failed(&state, e).await,
    };
    let tree = &data.tree;
    // Without a region asked for, the region the office supervises (its settings), when it has units.
    let asked = raw.is_some_and(|q| q.split('&').any(|p| p.starts_with("region=")));
    let region = if asked {
        scope.region.trim_matches('/').to_string()
    } else {
        state
            .store
            .settings()
            .await
            .ok()
            .and_then(|s| s.get(super::office::REGION).cloned())
            .filter(|r| tree.find(r).is_some())
            .unwrap_or_default()
    };
    if tree.find(&region).is_none() {
        return super::problem(
            &state,
            StatusCode::NOT_FOUND,
            format!("没有地区“{region}”。"),
        )
        .await;
    }
    let Some(year) = data.year(&scope) else {
        return Overview {
            agency: super::agency(&state).await,
            user: Some(session.user),
            csrf: session.csrf,
            years: vec![],
            year: 0,
            region_name: document::region_name(&region).to_string(),
            region_q: q(&region),
            region,
            tree: vec![],
            ranking: vec![],
            charts: vec![],
            metrics: vec![],
            problems: vec![],
            missing: vec![],
            missing_count: 0,
            rubric: data.rubric.title.clone(),
            page: 1,
            pages: 1,
            per_page: RANKS_PER_PAGE,
            ranked: 0,
        }
        .into_response();
    };
    let all_scores = data.scores();
    let here: Vec<&assess::Score> = all_scores
        .iter()
        .filter(|s| assess::within(&s.region, &region))
        .collect();
    let scores: Vec<&assess::Score> = here.iter().copied().filter(|s| s.year == year).collect();
    let ranks = assess::ranks(&scores);
    let pages = scores.len().div_ceil(RANKS_PER_PAGE).max(1);
    let page = scope.page.unwrap_or(1).clamp(1, pages);
    let ranking = scores
        .iter()
        .zip(&ranks)
        .skip((page - 1) * RANKS_PER_PAGE)
        .take(RANKS_PER_PAGE)
        .map(|(s, rank)| RankLine {
            rank: *rank,
            unit_id: s.unit_id.clone(),
            unit: s.unit.clone(),
            score: gongkai_write::chart::number(s.score),
            deductions: s
                .deductions
                .iter()
                .map(|d| format!("{} −{}", d.label, gongkai_write::chart::number(d.points)))
                .collect::<Vec<_>>()
                .join("；"),
            uncertain: s.uncertain,
            report_id: s.report_id.clone(),
        })
        .collect();
    let common = document::common_problems(&scores);
    let mut charts = vec![gongkai_write::chart::svg(
        &gongkai_write::chart::Chart::Bars {
            title: format!("{year} 年度得分分布（份）"),
            items: document::score_bands(&scores),
        },
    )];
    if !common.is_empty() {
        charts.push(gongkai_write::chart::svg(
            &gongkai_write::chart::Chart::Bars {
                title: "各类问题涉及的单位数（个）".into(),
                items: common
                    .iter()
                    .map(|(l, u, ..)| (l.clone(), *u as f64))
                    .collect(),
            },
        ));
    }
    charts.push(gongkai_write::chart::svg(&document::heat(
        &here, tree, &region, year,
    )));
    let this_year: Vec<&assess::Facts> = data
        .facts
        .iter()
        .filter(|f| f.year == year && assess::within(&f.region, &region))
        .collect();
    let metric_rows = metrics::METRICS
        .iter()
        .map(|m| {
            let v = metrics::of_reports(this_year.iter().map(|f| (f.unit.as_str(), &f.brief)), m);
            let parts = v.parts.map_or("—".into(), |(n, d)| format!("{n} / {d}"));
            (
                m.name.to_string(),
                metrics::percent(&v),
                parts,
                m.formula.to_string(),
            )
        })
        .collect();
    let reported: std::collections::HashSet<&str> =
        this_year.iter().map(|f| f.unit_id.as_str()).collect();
    let missing: Vec<String> = tree
        .find(&region)
        .map(|r| {
            r.all_units()
                .iter()
                .filter(|u| !reported.contains(u.id.as_str()))
                .map(|u| u.name.clone())
                .collect()
        })
        .unwrap_or_default();
    // The way down to the region shown, and its sub-regions (a province's tree is thousands of lines).
    let trail = tree.trail(&region);
    let depth = trail.len().saturating_sub(1);
    let line = |depth: usize, r: &Region| TreeLine {
        depth,
        name: r.name.clone(),
        href: format!("/supervise?year={year}&region={}", q(&r.path)),
        units: r.count(),
        current: r.path == region,
    };
    let lines = trail
        .iter()
        .skip(1)
        .enumerate()
        .map(|(d, r)| line(d, r))
        .chain(
            trail
                .last()
                .into_iter()
                .flat_map(|r| r.children.iter())
                .map(|c| line(depth, c)),
        )
        .collect();
    Overview {
        agency: super::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        years: data
            .years()
            .into_iter()
            .map(|y| (y, format!("/supervise?year={y}&region={}", q(&region))))
            .collect(),
        year,
        region_name: document::region_name(&region).to_string(),
        region_q: q(&region),
        region,
        tree: lines,
        ranking,
        charts,
        metrics: metric_rows,
        problems: common
            .iter()
            .map(|(l, u, n, p)| (l.clone(), *u, *n, gongkai_write::chart::number(*p)))
            .collect(),
        missing_count: missing.len(),
        missing: missing.into_iter().take(MISSING_SHOWN).collect(),
        rubric: data.rubric.title.clone(),
        page,
        pages,
        per_page: RANKS_PER_PAGE,
        ranked: scores.len(),
    }
    .into_response()
}

/// GET /supervise/assessment?year=&region=&format=: the region's assessment report as a file.
pub async fn assessment(
    State(state): State<AppState>,
    SupervisorUser(_): SupervisorUser,
    Query(scope): Query<Scope>,
) -> Response {
    match assessment_file(&state, &scope).await {
        Ok((name, mime, bytes)) => (
            [
                (header::CONTENT_TYPE, mime.to_string()),
                (header::CONTENT_DISPOSITION, crate::attachment(&name)),
            ],
            bytes,
        )
            .into_response(),
        Err((status, message)) => super::problem(&state, status, message).await,
    }
}

/// The assessment report of a scope: (file name, media type, bytes), or why not.
pub async fn assessment_file(
    state: &AppState,
    scope: &Scope,
) -> Result<(String, &'static str, Vec<u8>), (StatusCode, String)> {
    let target = match scope.format.as_deref() {
        Some("html") => Target::Html,
        Some("docx") => Target::Docx,
        Some("pdf") => Target::Pdf,
        _ => {
            return Err((
                StatusCode::BAD_REQUEST,
                "评估报告可下载为网页（HTML）、Word（DOCX）或 PDF 格式，请从页面上的链接下载。"
                    .into(),
            ));
        }
    };
    let data = Data::load(state)
        .await
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, format!("系统错误：{e}")))?;
    let region = scope.region.trim_matches('/');
    if data.tree.find(region).is_none() {
        return Err((StatusCode::NOT_FOUND, format!("没有地区“{region}”。")));
    }
    let Some(year) = data.year(scope) else {
        return Err((StatusCode::NOT_FOUND, "尚无报告。".into()));
    };
    let doc = document::assessment(&data.rubric, &data.facts, &data.units, region, year);
    let bytes = gongkai_write::doc::write_doc(&doc, target)
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok((
        format!(
            "{}{year}年度政府信息公开工作评估报告.{}",
            region.rsplit('/').next().unwrap_or(""),
            target.ext()
        ),
        crate::staff::report::mime(target),
        bytes,
    ))
}
