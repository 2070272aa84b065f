//! The office's lists of cases: the due dashboard (overdue and due within five working days first) and the
//! case search with its filters, both answered by the store's SQL a page at a time and without personal data.
//! The same query parameters serve the JSON API.

use super::OfficeUser;
use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use gongkai_ledger::case::{ApplicantType, Channel, Outcome};
use gongkai_store::cases::{CaseFilter, CaseRow, ClockState, DueSummary, Order, StateFilter};
use gongkai_store::staff::User;
use serde::Deserialize;

/// Cases per page.
pub const PAGE: i64 = 50;
/// “Due soon”: running and due within this many working days.
pub const SOON_DAYS: u32 = 5;

/// The search form's fields, as given in the query string (all optional).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CaseQuery {
    /// Text in the case number or the requested information.
    pub q: String,
    /// Applicant column key.
    pub applicant: String,
    /// Channel key.
    pub channel: String,
    /// open, closed, overdue, due_soon, paused, unknown.
    pub state: String,
    /// 表三 row key (2021), or a group prefix such as `denied.`.
    pub outcome: String,
    /// Received on or after (YYYY-MM-DD).
    pub from: String,
    /// Received on or before (YYYY-MM-DD).
    pub to: String,
    /// Page number from 1.
    pub page: String,
}

/// The state filters offered, with their words.
pub const STATES: [(&str, &str); 6] = [
    ("open", "办理中（全部）"),
    ("overdue", "已逾期"),
    ("due_soon", "5 个工作日内到期"),
    ("paused", "暂停计时"),
    ("unknown", "期限待人工核对"),
    ("closed", "已办结"),
];

/// A field of the search form and what is wrong with it.
pub type FieldError = (&'static str, String);

/// Today and the end of the “due soon” window on the official calendar.
pub fn window(state: &AppState) -> (NaiveDate, NaiveDate) {
    let today = state.today();
    let soon = state
        .calendar()
        .add_working_days(today, SOON_DAYS)
        .unwrap_or(today);
    (today, soon)
}

impl CaseQuery {
    /// The store's filter, or the fields in error (in Chinese).
    pub fn filter(&self, today: NaiveDate, soon: NaiveDate) -> Result<CaseFilter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut f = CaseFilter {
            text: Some(self.q.trim().to_string()).filter(|q| !q.is_empty()),
            ..Default::default()
        };
        if self.q.chars().count() > 100 {
            errors.push(("q", "查询文字不能超过 100 个字。".to_string()));
        }
        match self.applicant.trim() {
            "" => {}
            a => match ApplicantType::parse(a) {
                Some(t) => f.applicant = Some(t),
                None => errors.push(("applicant", format!("没有“{a}”这一申请人类型。"))),
            },
        }
        match self.channel.trim() {
            "" => {}
            c => match Channel::parse(c) {
                Some(c) => f.channel = Some(c),
                None => errors.push(("channel", format!("没有“{c}”这一申请渠道。"))),
            },
        }
        f.state = match self.state.trim() {
            "" => None,
            "open" => Some(StateFilter::Open),
            "closed" => Some(StateFilter::Closed),
            "overdue" => Some(StateFilter::OverdueOn(today)),
            "due_soon" => Some(StateFilter::DueBy(soon)),
            "paused" => Some(StateFilter::Paused),
            "unknown" => Some(StateFilter::Unknown),
            s => {
                errors.push(("state", format!("没有“{s}”这一办理状态。")));
                None
            }
        };
        match self.outcome.trim() {
            "" => {}
            o if o.ends_with('.')
                && crate::staff::outcome_choices()
                    .iter()
                    .any(|(k, _)| k.starts_with(o)) =>
            {
                f.outcome = Some(o.to_string())
            }
            o => match Outcome::new(o) {
                Ok(o) => f.outcome = Some(o.key().to_string()),
                Err(_) => errors.push(("outcome", format!("没有“{o}”这一办理结果。"))),
            },
        }
        let date = |s: &str, field: &'static str, errors: &mut Vec<FieldError>| match s.trim() {
            "" => None,
            d => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_or_else(
                |_| {
                    errors.push((field, format!("“{d}”不是有效日期（应为 年-月-日）。")));
                    None
                },
                Some,
            ),
        };
        f.received_from = date(&self.from, "from", &mut errors);
        f.received_to = date(&self.to, "to", &mut errors);
        if let (Some(a), Some(b)) = (f.received_from, f.received_to)
            && a > b
        {
            errors.push(("to", "截止日期早于起始日期。".to_string()));
        }
        if errors.is_empty() {
            Ok(f)
        } else {
            Err(errors)
        }
    }

    /// The order of the list: the cases of a clock state (overdue, due soon, paused, unknown) by due date, the
    /// most urgent first; any other search newest first.
    pub fn order(&self) -> Order {
        match self.state.trim() {
            "overdue" | "due_soon" | "paused" | "unknown" => Order::Due,
            _ => Order::Newest,
        }
    }

    /// The page number (from 1).
    pub fn page(&self) -> i64 {
        self.page
            .trim()
            .parse::<i64>()
            .unwrap_or(1)
            .clamp(1, 1_000_000)
    }

    /// The query string of another page of the same search.
    fn with_page(&self, page: i64) -> String {
        let pairs = [
            ("q", &self.q),
            ("applicant", &self.applicant),
            ("channel", &self.channel),
            ("state", &self.state),
            ("outcome", &self.outcome),
            ("from", &self.from),
            ("to", &self.to),
        ];
        let mut s: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        s.push(format!("page={page}"));
        s.join("&")
    }
}

/// Percent-encodes a query value.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

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
pub async fn home(State(state): State<AppState>, OfficeUser(session, _): OfficeUser) -> Response {
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
    applicants: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, &'static str)>,
    states: &'static [(&'static str, &'static str)],
    outcomes: Vec<(String, String)>,
    by_due: bool,
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
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
    Query(query): Query<CaseQuery>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let (today, soon) = window(&state);
    let page = query.page();
    let (errors, found) = match query.filter(today, soon) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_form_is_checked_field_by_field() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let q = CaseQuery {
            applicant: "火星人".into(),
            state: "overdue".into(),
            outcome: "granted".into(),
            from: "2025-02-30".into(),
            ..Default::default()
        };
        let errors = q.filter(d("2025-04-01"), d("2025-04-08")).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["applicant", "from"]);
        let ok = CaseQuery {
            state: "overdue".into(),
            outcome: "denied.".into(),
            from: "2025-01-01".into(),
            ..Default::default()
        }
        .filter(d("2025-04-01"), d("2025-04-08"))
        .unwrap();
        assert_eq!(ok.state, Some(StateFilter::OverdueOn(d("2025-04-01"))));
        assert_eq!(ok.outcome.as_deref(), Some("denied."));
        let q = CaseQuery {
            outcome: "nonsense.".into(),
            from: "2025-03-01".into(),
            to: "2025-02-01".into(),
            ..Default::default()
        };
        let errors = q.filter(d("2025-04-01"), d("2025-04-08")).unwrap_err();
        assert_eq!(
            errors.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            ["outcome", "to"]
        );
    }

    #[test]
    fn other_pages_keep_the_search() {
        let q = CaseQuery {
            q: "规划 100%".into(),
            state: "open".into(),
            ..Default::default()
        };
        assert_eq!(
            q.with_page(3),
            "q=%E8%A7%84%E5%88%92%20100%25&state=open&page=3"
        );
    }
}
