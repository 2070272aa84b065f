//! The office's catalogue pages: the list with each entry's state and timeliness (条例第二十六条), the form to
//! create or edit an entry, the lifecycle steps (publish, withdraw, repeal, expire, amend), attachments, the
//! history, and import from CSV/XLSX.

mod admin;
mod entry;

pub use admin::{SettingsForm, import, import_form, save_settings, settings_form};
pub use entry::{EntryForm, attach, create, edit_form, new_form, update};

use crate::agency::Agency;
use crate::scope::Acting;
use crate::staff::OfficeUser;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use gongkai_catalogue::DocKind;
use gongkai_catalogue::timeliness::{Timeliness, timeliness};
use gongkai_ledger::WorkingCalendar;
use gongkai_ledger::calendar::PROVISIONAL_NOTE;
use gongkai_store::staff::{Session, User};
use serde::Deserialize;

/// A date typed as YYYY-MM-DD.
fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Who made a change, as recorded.
fn by_of(session: &Session) -> String {
    format!("{}（{}）", session.user.display_name, session.user.username)
}

/// A line of the office's list.
pub struct Row {
    /// The edit page.
    pub href: String,
    /// 索引号.
    pub index_no: String,
    /// 标题.
    pub title: String,
    /// 成文日期.
    pub written: String,
    /// 草稿 / 已发布 (date) / 已撤回.
    pub state: String,
    /// 有效性.
    pub validity: String,
    /// Timeliness in words, and whether it is a problem.
    pub timely: (String, bool),
}

/// Timeliness in words, and whether it is a problem; a due date past the calendar's notices is marked 暂定.
fn timely_words(t: &Timeliness, cal: &WorkingCalendar) -> (String, bool) {
    let (words, problem) = match t {
        Timeliness::OnTime { .. } => ("按时".into(), false),
        Timeliness::Late { due, days_late } => {
            (format!("逾期 {days_late} 个工作日（应于 {due} 前）"), true)
        }
        Timeliness::Unpublished { due, overdue: true } => (format!("未发布，已超过 {due}"), true),
        Timeliness::Unpublished {
            due,
            overdue: false,
        } => (format!("未发布，应于 {due} 前发布"), false),
        Timeliness::Unknown(why) => (why.clone(), true),
    };
    match t.due() {
        Some(due) if !matches!(t, Timeliness::OnTime { .. }) && cal.is_provisional(due) => (
            format!("{words}（{due} 为暂定：{PROVISIONAL_NOTE}）"),
            problem,
        ),
        _ => (words, problem),
    }
}

/// The office's edit page of an entry.
pub fn edit_href(index_no: &str) -> String {
    format!(
        "/staff/catalogue/e/{}",
        crate::url_encode(index_no).replace("%2F", "/")
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalogue.html")]
struct ListPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    rows: Vec<Row>,
    late_only: bool,
    late: usize,
    total: usize,
    in_force: String,
}

/// The list's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Only entries published late or overdue.
    pub late: Option<u8>,
    /// Only the 规章 and 行政规范性文件 in force on this day (the register).
    pub in_force: String,
}

/// GET /staff/catalogue.
pub async fn list(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Query(q): Query<ListQuery>,
) -> Response {
    let today = state.today();
    let entries = match state.store.all_entries().await {
        Ok(e) => e,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                crate::portal::agency(&state).await,
                e.to_string(),
            );
        }
    };
    let cal = state.calendar();
    let mut rows: Vec<Row> = entries
        .iter()
        .map(|e| {
            let t = timeliness(e, &cal, today);
            Row {
                href: edit_href(&e.index_no),
                index_no: e.index_no.clone(),
                title: e.title.clone(),
                written: e.written.to_string(),
                state: match (e.published, e.withdrawn) {
                    (_, Some(w)) => format!("已撤回（{w}）"),
                    (Some(p), None) if p > today => format!("待发布（{p}）"),
                    (Some(p), None) => format!("已发布（{p}）"),
                    (None, None) => "草稿".into(),
                },
                validity: e.validity.name().into(),
                timely: timely_words(&t, &cal),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.written.cmp(&a.written));
    let late = rows.iter().filter(|r| r.timely.1).count();
    let total = rows.len();
    let late_only = q.late.is_some();
    if late_only {
        rows.retain(|r| r.timely.1);
    }
    if let Some(day) = date(&q.in_force) {
        let register: Vec<&str> = [DocKind::Regulation, DocKind::Normative]
            .into_iter()
            .flat_map(|k| gongkai_catalogue::counts::in_force_register(&entries, k, day))
            .map(|e| e.index_no.as_str())
            .collect();
        rows.retain(|r| register.contains(&r.index_no.as_str()));
    }
    rows.truncate(500);
    ListPage {
        agency: crate::portal::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        rows,
        late_only,
        late,
        total,
        in_force: q.in_force,
    }
    .into_response()
}
