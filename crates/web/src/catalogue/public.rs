//! The public catalogue (政府信息公开目录): browsing by 主题分类 and year, full-text search in Chinese, each entry's
//! page with the metadata table of government sites (索引号 / 主题分类 / 发文机关 / 成文日期 / 标题 / 发文字号 /
//! 发布日期, with 有效性), its attachments, and a sitemap. Only entries public today are shown.

use crate::AppState;
use crate::agency::Agency;
use crate::scope::Here;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_catalogue::Entry;
use gongkai_store::catalogue::CatalogueFilter;
use serde::Deserialize;

/// Entries per page.
pub const PAGE: i64 = 20;

/// The query of the catalogue pages.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// 主题分类.
    pub topic: String,
    /// Year published.
    pub year: Option<i32>,
    /// Search words.
    pub q: String,
    /// Page from 1.
    pub page: Option<i64>,
}

/// An entry's line in a list.
pub struct Line {
    /// Its page.
    pub href: String,
    /// 标题.
    pub title: String,
    /// 发文字号.
    pub doc_no: String,
    /// 发布日期.
    pub published: String,
    /// 有效性 when not in force.
    pub validity: String,
}

/// The URL of an entry's page (stable: its 索引号) under the agency's pages at `base`.
pub fn entry_href(base: &str, index_no: &str) -> String {
    format!(
        "{base}/xxgk/e/{}",
        crate::url_encode(index_no).replace("%2F", "/")
    )
}

/// The part of a catalogue page's path after the agency's place: its 索引号 (and attachment number).
#[derive(serde::Deserialize)]
pub struct EntryPath {
    no: String,
    seq: Option<i64>,
}

fn line(base: &str, e: &Entry) -> Line {
    Line {
        href: entry_href(base, &e.index_no),
        title: e.title.clone(),
        doc_no: e.doc_no.clone().unwrap_or_default(),
        published: e.published.map(|d| d.to_string()).unwrap_or_default(),
        validity: match e.validity {
            gongkai_catalogue::Validity::InForce => String::new(),
            ref v => v.name().to_string(),
        },
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "xxgk.html")]
struct CataloguePage {
    agency: Agency,
    topics: Vec<(String, i64, String)>,
    years: Vec<(i32, i64, String)>,
    heading: String,
    q: String,
    lines: Vec<Line>,
    total: i64,
    pages: Vec<(i64, String, bool)>,
    searched: bool,
}

/// The topics with their links.
fn topic_links(base: &str, topics: Vec<(String, i64)>) -> Vec<(String, i64, String)> {
    topics
        .into_iter()
        .map(|(t, n)| {
            let href = format!("{base}/xxgk?topic={}", crate::url_encode(&t));
            (t, n, href)
        })
        .collect()
}

/// The years with their links.
fn year_links(base: &str, years: Vec<(i32, i64)>) -> Vec<(i32, i64, String)> {
    years
        .into_iter()
        .map(|(y, n)| (y, n, format!("{base}/xxgk?year={y}")))
        .collect()
}

fn pages(total: i64, current: i64, link: impl Fn(i64) -> String) -> Vec<(i64, String, bool)> {
    let last = ((total + PAGE - 1) / PAGE).max(1);
    let from = (current - 4).max(1);
    let to = (from + 9).min(last);
    (from..=to).map(|p| (p, link(p), p == current)).collect()
}

/// GET /xxgk (and /xxgk?topic=…&year=…&page=…): the catalogue.
pub async fn catalogue(Here(state): Here, Query(q): Query<ListQuery>) -> Response {
    let agency = crate::portal::agency(&state).await;
    let today = state.today();
    let (topics, years) = match state.store.catalogue_facets(today).await {
        Ok(f) => f,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                e.to_string(),
            );
        }
    };
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let filter = CatalogueFilter {
        public_on: Some(today),
        topic: Some(q.topic.clone()).filter(|t| !t.is_empty()),
        year: q.year,
        kind: None,
    };
    let (entries, total) = match state.store.entries(&filter, (page - 1) * PAGE, PAGE).await {
        Ok(r) => r,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                e.to_string(),
            );
        }
    };
    let link = |p: i64| {
        let mut s = format!("{}/xxgk?page={p}", agency.base);
        if !q.topic.is_empty() {
            s.push_str(&format!("&topic={}", crate::url_encode(&q.topic)));
        }
        if let Some(y) = q.year {
            s.push_str(&format!("&year={y}"));
        }
        s
    };
    let heading = match (&filter.topic, q.year) {
        (Some(t), Some(y)) => format!("{t}（{y} 年发布）"),
        (Some(t), None) => t.clone(),
        (None, Some(y)) => format!("{y} 年发布"),
        (None, None) => "全部信息".into(),
    };
    CataloguePage {
        topics: topic_links(&agency.base, topics),
        years: year_links(&agency.base, years),
        heading,
        q: String::new(),
        lines: entries.iter().map(|e| line(&agency.base, e)).collect(),
        pages: pages(total, page, link),
        agency,
        total,
        searched: false,
    }
    .into_response()
}

/// GET /xxgk/search?q=…: full-text search of the public catalogue.
pub async fn search(Here(state): Here, Query(q): Query<ListQuery>) -> Response {
    let agency = crate::portal::agency(&state).await;
    let today = state.today();
    let words: String = q.q.chars().take(100).collect();
    let page = q.page.unwrap_or(1).clamp(1, 500);
    let (hits, total) = match state.search.search(
        state.store.agency_id(),
        &words,
        Some(today),
        ((page - 1) * PAGE) as usize,
        PAGE as usize,
    ) {
        Ok(r) => r,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                e.to_string(),
            );
        }
    };
    let mut lines = Vec::new();
    for h in hits {
        if let Ok(Some(e)) = state.store.entry(&h.index_no).await
            && e.public_on(today)
        {
            lines.push(line(&agency.base, &e));
        }
    }
    let (topics, years) = state
        .store
        .catalogue_facets(today)
        .await
        .unwrap_or_default();
    let encoded = crate::url_encode(&words);
    let link = |p: i64| format!("{}/xxgk/search?q={encoded}&page={p}", agency.base);
    CataloguePage {
        topics: topic_links(&agency.base, topics),
        years: year_links(&agency.base, years),
        heading: format!("“{words}”的检索结果"),
        q: words,
        lines,
        pages: pages(total as i64, page, link),
        total: total as i64,
        searched: true,
        agency,
    }
    .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "xxgk_entry.html")]
struct EntryPage {
    agency: Agency,
    e: Entry,
    art20: String,
    attachments: Vec<(String, String, String)>,
    amends: Option<(String, String)>,
}

/// GET /xxgk/e/{索引号}: an entry's page.
pub async fn entry(Here(state): Here, Path(path): Path<EntryPath>) -> Response {
    let agency = crate::portal::agency(&state).await;
    let today = state.today();
    let e = match state.store.entry(&path.no).await {
        Ok(Some(e)) if e.public_on(today) => e,
        _ => return crate::portal::not_found(State(state)).await.into_response(),
    };
    let attachments = state
        .store
        .attachments(&e.index_no)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(seq, name, _, size)| {
            let href = format!(
                "{}/xxgk/files/{seq}/{}",
                agency.base,
                crate::url_encode(&e.index_no).replace("%2F", "/")
            );
            (
                name,
                href,
                format!("{:.0} KB", (size as f64 / 1024.0).ceil()),
            )
        })
        .collect();
    let amends = match &e.amends {
        Some(a) => state
            .store
            .entry(a)
            .await
            .ok()
            .flatten()
            .map(|o| (o.title, entry_href(&agency.base, a))),
        None => None,
    };
    EntryPage {
        agency,
        art20: e
            .art20
            .and_then(|a| gongkai_catalogue::entry::ART20.get(a as usize - 1))
            .map(|s| s.to_string())
            .unwrap_or_default(),
        e,
        attachments,
        amends,
    }
    .into_response()
}

/// GET /xxgk/files/{n}/{索引号}: an attachment of a public entry.
pub async fn file(Here(state): Here, Path(path): Path<EntryPath>) -> Response {
    let (no, seq) = (path.no, path.seq.unwrap_or(0));
    let today = state.today();
    let public = matches!(state.store.entry(&no).await, Ok(Some(e)) if e.public_on(today));
    match state.store.attachment(&no, seq).await {
        Ok(Some((name, mime, bytes))) if public => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CONTENT_DISPOSITION, crate::attachment(&name)),
            ],
            bytes,
        )
            .into_response(),
        _ => crate::portal::not_found(State(state)).await.into_response(),
    }
}

/// GET /sitemap.xml: the public pages and every public entry, as absolute URLs on the configured public
/// address (never the Host header a request claims).
pub async fn sitemap(Here(state): Here) -> Response {
    let base = crate::portal::agency(&state).await.base;
    let root = format!("{}{base}", state.config.public_url);
    let today = state.today();
    let filter = CatalogueFilter {
        public_on: Some(today),
        ..Default::default()
    };
    let entries = state
        .store
        .entries(&filter, 0, 50_000)
        .await
        .map(|r| r.0)
        .unwrap_or_default();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in ["/", "/xxgk", "/apply", "/status"] {
        xml.push_str(&format!("<url><loc>{root}{page}</loc></url>\n"));
    }
    for e in &entries {
        xml.push_str(&format!(
            "<url><loc>{root}{}</loc><lastmod>{}</lastmod></url>\n",
            entry_href("", &e.index_no),
            e.published.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

/// GET /sitemap-index.xml: the platform's sitemap index — the deployment's own sitemap and each registered
/// agency's, on the configured public address.
pub async fn sitemap_index(State(state): State<AppState>) -> Response {
    let root = &state.config.public_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    xml.push_str(&format!(
        "<sitemap><loc>{root}/sitemap.xml</loc></sitemap>\n"
    ));
    for a in state.store.agencies().await.unwrap_or_default() {
        xml.push_str(&format!(
            "<sitemap><loc>{root}/{}/sitemap.xml</loc></sitemap>\n",
            a.code
        ));
    }
    xml.push_str("</sitemapindex>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}
