//! The gongkai web application, first part: the public portal of an agency's disclosure office — the
//! 政府信息公开指南 generated from the agency's settings, the application form with the fields of 条例第二十九条
//! (each error in Chinese next to its field), and the status page that shows the statutory due date and each
//! step in plain words to whoever holds the tracking number and its secret. Pages are compile-checked askama
//! templates; the style sheet is embedded; nothing is loaded from elsewhere. The server keeps no state of its
//! own (everything is in the store), so several processes can share one PostgreSQL.

#![warn(missing_docs)]
// The OpenAPI document is one `json!` literal, deeper than the default limit.
#![recursion_limit = "512"]

mod access_log;
pub mod agency;
pub mod api;
pub mod boundary;
pub mod catalogue;
pub mod chart;
pub mod config;
pub mod demo;
pub mod directory;
pub mod form_token;
pub mod health;
pub mod identity;
pub mod limit;
pub mod logging;
pub mod metrics;
mod pages;
pub mod portal;
pub mod refile;
mod rejections;
pub mod scope;
pub mod secret;
pub mod server;
pub mod settings;
pub mod staff;
pub mod status;
pub mod supervise;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::get;
use gongkai_ledger::calendar::WorkingCalendar;
use gongkai_ledger::today::Today;
use gongkai_store::Store;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

/// The largest request body accepted (a form), in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// What every request handler shares: the store (with its working-day calendar), where today's date comes
/// from, and the catalogue's search index.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Today's date: the system clock in Beijing time, or a fixed day (demo, tests).
    pub today: Today,
    /// The full-text index of the published catalogue.
    pub search: Arc<gongkai_search::SearchIndex>,
    /// How the server is reached, whom it trusts, its limits.
    pub config: Arc<config::ServeConfig>,
    /// The request counts and latencies shown at /metrics.
    pub metrics: Arc<metrics::Metrics>,
    /// Every supervised report's facts, kept between the supervisor's page views.
    pub facts: Arc<gongkai_supervise::assess::cache::Cache>,
}

impl AppState {
    /// The state over `store`, with the catalogue's search index built in memory from the database (about two
    /// seconds per 100,000 entries). Several servers may share one PostgreSQL: each keeps its own index, and
    /// [`catalogue::keep_index_fresh`] rebuilds it when another changed the catalogue.
    pub async fn new(store: Store, today: Today) -> Result<AppState, String> {
        AppState::with_config(store, today, config::ServeConfig::default()).await
    }

    /// The state with a given configuration (see [`AppState::new`]).
    pub async fn with_config(
        store: Store,
        today: Today,
        config: config::ServeConfig,
    ) -> Result<AppState, String> {
        let search = gongkai_search::SearchIndex::in_memory().map_err(|e| e.to_string())?;
        let state = AppState {
            store,
            today,
            search: Arc::new(search),
            config: Arc::new(config),
            metrics: Arc::default(),
            facts: Arc::default(),
        };
        catalogue::reindex(&state).await?;
        Ok(state)
    }

    /// The working-day calendar in force (shipped data plus the notices added to the database).
    pub fn calendar(&self) -> Arc<WorkingCalendar> {
        self.store.calendar()
    }

    /// The same state seen as the agency `id` (see [`Store::for_agency`]).
    pub fn for_agency(&self, id: &str) -> AppState {
        AppState {
            store: self.store.for_agency(id),
            ..self.clone()
        }
    }

    /// Today's date in Beijing.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today.date()
    }
}

/// The application's routes with their security headers.
pub fn router(state: AppState) -> Router {
    let csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
               frame-ancestors 'none'; base-uri 'none'";
    let headers = [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let mut app = Router::new()
        .route("/", get(portal::guide))
        .route("/agencies", get(directory::directory))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/apply", get(portal::apply_form).post(portal::apply))
        .route("/status", get(status::status_form).post(status::status))
        .route("/status/refile", axum::routing::post(refile::refile))
        .route("/staff", get(staff::home))
        .route("/staff/login", get(staff::login_form).post(staff::login))
        .route("/staff/logout", axum::routing::post(staff::logout))
        .route(
            "/staff/agency",
            get(staff::switch::page).post(staff::switch::switch),
        )
        .route(
            "/staff/settings",
            get(staff::particulars::form).post(staff::particulars::save),
        )
        .route("/staff/cases", get(staff::cases))
        .route("/staff/cases/export", get(staff::export::export))
        .route("/staff/cases/{id}", get(staff::case))
        .route(
            "/staff/cases/{id}/events",
            axum::routing::post(staff::add_step),
        )
        .route(
            "/staff/cases/{id}/withdraw",
            axum::routing::post(staff::withdraw_step),
        )
        .route("/staff/cases/{id}/notice", get(staff::notices::download))
        .route(
            "/staff/calendar",
            get(staff::calendar::page).post(staff::calendar::add),
        )
        .route(
            "/staff/notices",
            get(staff::notices::templates).post(staff::notices::save_template),
        )
        .route(
            "/staff/import",
            get(staff::import::form)
                .post(staff::import::upload)
                .layer(DefaultBodyLimit::max(staff::import::MAX_UPLOAD)),
        )
        .route("/staff/import/template", get(staff::import::template))
        .route("/staff/audit", get(staff::audit))
        .route(
            "/staff/password",
            get(staff::accounts::password_form).post(staff::accounts::change_password),
        )
        .route(
            "/staff/users",
            get(staff::accounts::users).post(staff::accounts::create_user),
        )
        .route(
            "/staff/users/{name}",
            axum::routing::post(staff::accounts::account_action),
        )
        .route("/staff/report", get(staff::report))
        .route(
            "/staff/report/edit",
            get(staff::report_edit::edit).post(staff::report_edit::save),
        )
        .route("/staff/report/cases", get(staff::cell))
        .route("/staff/report/download", get(staff::download))
        .route("/supervise", get(supervise::overview::overview))
        .route("/supervise/live", get(supervise::live::live))
        .route(
            "/supervise/assessment",
            get(supervise::overview::assessment),
        )
        .route("/supervise/units/{id}", get(supervise::unit::unit))
        .route("/supervise/reports/{id}", get(supervise::report::page))
        .route(
            "/supervise/reports/{id}/corrections",
            axum::routing::post(supervise::report::correct),
        )
        .route(
            "/supervise/documents/{hash}/pages/{page}",
            get(supervise::document::page),
        )
        .route(
            "/supervise/upload",
            get(supervise::upload::form)
                .post(supervise::upload::upload)
                .layer(DefaultBodyLimit::max(supervise::upload::MAX_UPLOAD)),
        )
        .route("/supervise/similar", get(supervise::similar::similar))
        .route(
            "/supervise/agencies",
            get(supervise::agencies::list).post(supervise::agencies::add),
        )
        .route(
            "/supervise/agencies/import",
            axum::routing::post(supervise::agencies::upload)
                .layer(DefaultBodyLimit::max(supervise::agencies::MAX_UPLOAD)),
        )
        .route(
            "/supervise/settings",
            get(supervise::office::page).post(supervise::office::save),
        )
        .route(
            "/supervise/rubric",
            get(supervise::rubric::page).post(supervise::rubric::save),
        )
        .route("/xxgk", get(catalogue::public::catalogue))
        .route("/xxgk/search", get(catalogue::public::search))
        .route("/xxgk/e/{*no}", get(catalogue::public::entry))
        .route("/xxgk/files/{seq}/{*no}", get(catalogue::public::file))
        .route("/sitemap.xml", get(catalogue::public::sitemap))
        .route("/sitemap-index.xml", get(catalogue::public::sitemap_index))
        .route("/staff/catalogue", get(catalogue::staff::list))
        .route(
            "/staff/catalogue/settings",
            get(catalogue::staff::settings_form).post(catalogue::staff::save_settings),
        )
        .route(
            "/staff/catalogue/new",
            get(catalogue::staff::new_form).post(catalogue::staff::create),
        )
        .route(
            "/staff/catalogue/e/{*no}",
            get(catalogue::staff::edit_form).post(catalogue::staff::update),
        )
        .route(
            "/staff/catalogue/files/{*no}",
            axum::routing::post(catalogue::staff::attach)
                .layer(DefaultBodyLimit::max(catalogue::MAX_ATTACHMENT + 64 * 1024)),
        )
        .route(
            "/staff/catalogue/import",
            get(catalogue::staff::import_form)
                .post(catalogue::staff::import)
                .layer(DefaultBodyLimit::max(staff::import::MAX_UPLOAD)),
        )
        .route("/static/site.css", get(stylesheet))
        // A registered agency's public pages, at its 统一社会信用代码 (see scope::Here).
        .route("/{code}", get(scope::to_pages))
        .route("/{code}/", get(portal::guide))
        .route("/{code}/apply", get(portal::apply_form).post(portal::apply))
        .route(
            "/{code}/status",
            get(status::status_form).post(status::status),
        )
        .route("/{code}/status/refile", axum::routing::post(refile::refile))
        .route("/{code}/xxgk", get(catalogue::public::catalogue))
        .route("/{code}/xxgk/search", get(catalogue::public::search))
        .route("/{code}/xxgk/e/{*no}", get(catalogue::public::entry))
        .route(
            "/{code}/xxgk/files/{seq}/{*no}",
            get(catalogue::public::file),
        )
        .route("/{code}/sitemap.xml", get(catalogue::public::sitemap))
        .merge(api::routes())
        .fallback(portal::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            state.config.body_timeout,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            state.config.request_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rejections::in_chinese,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ));
    if state.config.is_https() {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    let mut app = app.with_state(state);
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app.layer(axum::middleware::from_fn(cache_policy))
}

/// Whether a path's pages are the same for everyone and hold nothing personal or secret: the guide, the
/// published catalogue, the stylesheet, the sitemap.
fn is_public(path: &str) -> bool {
    path == "/"
        || path == "/sitemap.xml"
        || path.starts_with("/static/")
        || path.starts_with("/xxgk")
}

/// No cache may keep a page with personal data, a tracking secret, a notice or a session's work: every
/// response but the public pages' carries `Cache-Control: no-store` (a handler's own policy is kept).
async fn cache_policy(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let public = is_public(req.uri().path());
    let mut resp = next.run(req).await;
    if !public && !resp.headers().contains_key(header::CACHE_CONTROL) {
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// An RFC 3339 timestamp as people write it in Beijing time, e.g. “2026-12-05 18:36”.
pub(crate) fn beijing_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| {
            t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// A `Content-Disposition` for a download named `name` (Chinese allowed): the name in RFC 5987's `filename*`,
/// and for old clients an ASCII `filename` of the same extension.
pub(crate) fn attachment(name: &str) -> String {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("bin");
    format!(
        "attachment; filename=\"download.{ext}\"; filename*=UTF-8''{}",
        url_encode(name)
    )
}

/// Percent-encodes a value for a URL (query value or path segment; “/” is encoded too).
pub(crate) fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn stylesheet() -> impl axum::response::IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../static/site.css"),
    )
}

/// Starts the log, opens the store named by `settings`, fills in the demo agency if asked, then serves until
/// SIGTERM or Ctrl+C.
pub async fn serve(settings: settings::Settings, today: Today) -> Result<(), String> {
    let config = settings.serve_config()?;
    logging::init(&settings.log.format, &settings.log.level);
    let (db, demo) = (settings.database.as_str(), settings.demo);
    let store = Store::open(db)
        .await
        .map_err(|e| format!("无法打开数据库 {db}：{e}"))?;
    if demo {
        let logins = agency::fill_demo(&store)
            .await
            .map_err(|e| format!("无法写入演示数据：{e}"))?;
        let added = demo::fill(&store, today.date())
            .await
            .map_err(|e| format!("无法写入演示台账：{e}"))?;
        if added > 0 {
            eprintln!(
                "演示台账：{added} 件申请（近三年，含办理中、暂停计时、即将到期和逾期的案件）。"
            );
        }
        let agencies = demo::fill_region(&store, today.date(), &today.now().to_rfc3339())
            .await
            .map_err(|e| format!("无法登记演示地区的机关：{e}"))?;
        if agencies > 0 {
            eprintln!(
                "演示地区：示例省/示例市的 {agencies} 个机关已登记（见 {}/agencies）；\
                 staff 与 office 也在示例市教育局任职，登录后点“切换机关”。",
                config.public_url
            );
        }
        eprintln!(
            "演示机关已建立。工作台 {}/staff/login 的账号（密码仅显示这一次）：",
            config.public_url
        );
        for (user, role, password) in logins {
            eprintln!("  {role}：用户名 {user}  密码 {password}");
        }
    }
    let state = AppState::with_config(store, today, config).await?;
    server::serve_state(&settings.address, state).await
}
