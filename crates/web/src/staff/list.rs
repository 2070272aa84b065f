//! The office's lists of cases: the due dashboard (overdue and due within five working days first) and the
//! case search with its filters, both answered by the store's SQL a page at a time and without personal data.
//! The same query parameters serve the JSON API.

use super::OfficeUser;
use crate::agency::Agency;
use crate::scope::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_ledger::case::{ApplicantType, Channel, Outcome};
use gongkai_store::cases::{CaseFilter, CaseRow, ClockState, DueSummary, Order, StateFilter};
use gongkai_store::staff::User;

pub use super::query::{CaseQuery, PAGE, SOON_DAYS, STATES, window};
use super::query::{FieldError, SORTABLE, page_numbers};

/// One case as listed (no personal data).
pub struct ListRow {
    /// Case number.
    pub id: String,
    /// Applicant column.
    pub applicant: &'static str,
    /// Channel.
    pub channel: &'static str,
    /// Received.
    pub received: String,
    /// Due date, or why there is none.
    pub due: String,
    /// The state in words.
    pub state: String,
}

/// The words of a listed case's state on `today`.
pub fn state_words(r: &CaseRow, today: NaiveDate, soon: NaiveDate) -> String {
    match (r.clock, r.due) {
        (ClockState::Running, Some(d)) if d < today => "已逾期".into(),
        (ClockState::Running, Some(d)) if d <= soon => "即将到期".into(),
        (ClockState::Running, _) => "办理中".into(),
        (ClockState::Paused, _) => "暂停计时".into(),
        (ClockState::Unknown, _) => "期限待人工核对（日期超出工作日历可计算的范围）".into(),
        (ClockState::Closed, _) => {
            let outcome = r
                .outcome
                .as_deref()
                .and_then(|o| Outcome::new(o).ok())
                .map(|o| o.label())
                .unwrap_or_default();
            format!(
                "已办结 {}：{outcome}",
                r.closed_on.map(|d| d.to_string()).unwrap_or_default()
            )
        }
    }
}

/// A listed case; a due date past `last` (the calendar's notices) is marked 暂定.
fn list_row(r: &CaseRow, today: NaiveDate, soon: NaiveDate, last: NaiveDate) -> ListRow {
    ListRow {
        id: r.id.clone(),
        applicant: r.applicant.label(),
        channel: r.channel.label(),
        received: r.received.to_string(),
        due: match (r.clock, r.due) {
            (ClockState::Unknown, _) | (_, None) => "无法计算".into(),
            (ClockState::Paused, Some(_)) => "暂停中".into(),
            (_, Some(d)) if d > last => format!("{d}（暂定）"),
            (_, Some(d)) => d.to_string(),
        },
        state: state_words(r, today, soon),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_home.html")]
struct Home {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    today: String,
    summary: DueSummary,
    rows: Vec<ListRow>,
    changes: Vec<gongkai_store::calendar::DueChange>,
    last: String,
}

/// GET /staff: the due list — cases whose due date cannot be computed first, then the open cases by due date.
pub async fn home(Acting(state): Acting, OfficeUser(session, _): OfficeUser) -> Response {
    let agency = crate::portal::agency(&state).await;
    let (today, soon) = window(&state);
    let listed = async {
        let summary = state.store.due_summary(today, soon).await?;
        let unknown = CaseFilter {
            state: Some(StateFilter::Unknown),
            ..Default::default()
        };
        let running = CaseFilter {
            state: Some(StateFilter::DueBy(soon)),
            ..Default::default()
        };
        let mut rows = state.store.cases(&unknown, Order::Id, 100, 0).await?.rows;
        rows.extend(state.store.cases(&running, Order::Due, 200, 0).await?.rows);
        Ok::<_, gongkai_store::StoreError>((summary, rows))
    };
    let Ok((summary, rows)) = listed.await else {
        return crate::portal::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            "无法读取案件，请稍后再试。",
        );
    };
    let (_, last) = state.calendar().coverage();
    let since = (state.today.now() - chrono::Duration::days(30)).to_rfc3339();
    Home {
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        today: today.to_string(),
        summary,
        rows: rows
            .iter()
            .map(|r| list_row(r, today, soon, last))
            .collect(),
        changes: state.store.due_changes(&since).await.unwrap_or_default(),
        last: last.to_string(),
    }
    .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_cases.html")]
struct Cases {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    query: CaseQuery,
    errors: Vec<FieldError>,
    total: i64,
    more: bool,
    page: i64,
    pages: i64,
    rows: Vec<ListRow>,
    prev: Option<String>,
    next: Option<String>,
    numbers: Vec<(Option<i64>, String)>,
    columns: Vec<SortColumn>,
    export: String,
    applicants: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, &'static str)>,
    states: &'static [(&'static str, &'static str)],
    outcomes: Vec<(String, String)>,
    by_due: bool,
}

/// A sortable column heading: its words, the link that sorts by it (the other way when it is the order in
/// force) and its `aria-sort` state.
struct SortColumn {
    label: &'static str,
    href: String,
    aria: &'static str,
}

impl Cases {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// GET /staff/cases: the search over every case, with its filters; errors are shown next to their fields.
pub async fn cases(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Query(query): Query<CaseQuery>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let (today, soon) = window(&state);
    let page = query.page();
    let filter = query.filter(today, soon);
    // A search by the applicant's name is a view of personal data: recorded before it is answered.
    if let Ok(CaseFilter {
        name: Some(name), ..
    }) = &filter
    {
        let subject = format!("申请人“{name}”");
        if !super::record(
            &state,
            &session.user.username,
            "按申请人姓名或名称查询案件",
            &subject,
        )
        .await
        {
            return crate::portal::problem(
                StatusCode::SERVICE_UNAVAILABLE,
                agency,
                "无法记录查阅日志，未执行按申请人的查询。",
            );
        }
    }
    let (errors, found) = match filter {
        Ok(f) => match state
            .store
            .cases(&f, query.order(), PAGE, (page - 1) * PAGE)
            .await
        {
            Ok(found) => (vec![], found),
            Err(_) => {
                return crate::portal::problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    agency,
                    "无法读取案件，请稍后再试。",
                );
            }
        },
        Err(errors) => (
            errors,
            gongkai_store::cases::CasePage {
                total: 0,
                more: false,
                rows: vec![],
            },
        ),
    };
    let pages = ((found.total + PAGE - 1) / PAGE).max(1);
    // Past the last page (an old link, a typed number): the last page.
    if page > pages && !found.more {
        return Redirect::to(&format!("/staff/cases?{}", query.with_page(pages))).into_response();
    }
    let sort = query.sort_key();
    let columns = SORTABLE
        .iter()
        .map(|&(key, label)| {
            let (aria, next) = if sort == key {
                ("ascending", format!("-{key}"))
            } else if sort.strip_prefix('-') == Some(key) {
                ("descending", key.to_string())
            } else {
                ("none", key.to_string())
            };
            SortColumn {
                label,
                href: format!("/staff/cases?{}", query.sorted(&next)),
                aria,
            }
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut outcomes: Vec<(String, String)> = vec![
        ("denied.".into(), "（三）不予公开（各项）".into()),
        ("unable.".into(), "（四）无法提供（各项）".into()),
        ("not_processed.".into(), "（五）不予处理（各项）".into()),
        ("other.".into(), "（六）其他处理（各项）".into()),
    ];
    outcomes.extend(
        crate::staff::outcome_choices()
            .into_iter()
            .map(|(k, l)| (k.to_string(), l)),
    );
    let page_view = Cases {
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        errors,
        total: found.total,
        more: found.more,
        page,
        pages,
        rows: found
            .rows
            .iter()
            .map(|r| list_row(r, today, soon, state.calendar().coverage().1))
            .collect(),
        by_due: query.order() == Order::Due,
        numbers: page_numbers(page, pages)
            .into_iter()
            .map(|n| (n, n.map(|n| query.with_page(n)).unwrap_or_default()))
            .collect(),
        columns,
        export: query.filters(),
        prev: (page > 1).then(|| query.with_page(page - 1)),
        next: (page < pages || (found.more && found.rows.len() as i64 == PAGE))
            .then(|| query.with_page(page + 1)),
        query,
        applicants: ApplicantType::ALL
            .iter()
            .map(|a| (a.key(), a.label()))
            .collect(),
        channels: Channel::ALL.iter().map(|c| (c.key(), c.label())).collect(),
        states: &STATES,
        outcomes,
    };
    (status, page_view).into_response()
}
