//! The case search's query string: the filters (checked field by field, errors in Chinese), the applicant's
//! name (searched only by the office, and audited by the caller), the order (any listed column, either way),
//! the page, and the query string of another page or order of the same search.

use crate::AppState;
use chrono::NaiveDate;
use gongkai_ledger::case::{ApplicantType, Channel, Outcome};
use gongkai_store::cases::{CaseFilter, Order, StateFilter};
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
    /// Text in the applicant's name or organisation (audited).
    pub name: String,
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
    /// The order: a column key (`id`, `received`, `due`), descending with a leading “-”; empty for the
    /// default (a clock state's cases by due date, any other search newest first).
    pub sort: String,
}

/// The sortable columns: query key and heading.
pub const SORTABLE: [(&str, &str); 3] = [
    ("id", "申请编号"),
    ("received", "收到申请"),
    ("due", "答复期限"),
];

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
        f.name = Some(self.name.trim().to_string()).filter(|n| !n.is_empty());
        if self.name.chars().count() > 100 {
            errors.push(("name", "申请人姓名或名称不能超过 100 个字。".to_string()));
        }
        if !self.sort.is_empty() && self.sort_order().is_none() {
            errors.push(("sort", format!("无法按“{}”排序。", self.sort)));
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

    /// The order of the list: as asked, else the cases of a clock state (overdue, due soon, paused, unknown)
    /// by due date, the most urgent first, and any other search newest first.
    pub fn order(&self) -> Order {
        self.sort_order().unwrap_or(match self.state.trim() {
            "overdue" | "due_soon" | "paused" | "unknown" => Order::Due,
            _ => Order::Newest,
        })
    }

    /// The order asked for in `sort`, if it names one.
    fn sort_order(&self) -> Option<Order> {
        Some(match self.sort.trim() {
            "id" => Order::Id,
            "-id" => Order::IdDesc,
            "received" => Order::Oldest,
            "-received" => Order::Newest,
            "due" => Order::Due,
            "-due" => Order::DueDesc,
            _ => return None,
        })
    }

    /// The order in force as a `sort` value (column key, “-” when descending).
    pub fn sort_key(&self) -> &'static str {
        match self.order() {
            Order::Id => "id",
            Order::IdDesc => "-id",
            Order::Oldest => "received",
            Order::Newest => "-received",
            Order::Due => "due",
            Order::DueDesc => "-due",
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

    /// The query string of another page of the same search, in the same order.
    pub fn with_page(&self, page: i64) -> String {
        self.link(page, &self.sort)
    }

    /// The query string of the same search sorted by `sort`, from its first page.
    pub fn sorted(&self, sort: &str) -> String {
        self.link(1, sort)
    }

    /// The query string of the same filters (for an export).
    pub fn filters(&self) -> String {
        self.link(0, &self.sort)
    }

    fn link(&self, page: i64, sort: &str) -> String {
        let pairs = [
            ("q", self.q.as_str()),
            ("name", &self.name),
            ("applicant", &self.applicant),
            ("channel", &self.channel),
            ("state", &self.state),
            ("outcome", &self.outcome),
            ("from", &self.from),
            ("to", &self.to),
            ("sort", sort),
        ];
        let mut s: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::url_encode(v)))
            .collect();
        if page > 0 {
            s.push(format!("page={page}"));
        }
        s.join("&")
    }
}

/// The page numbers to offer around `page` of `pages`: the first, the last and two either side, with None
/// for a gap (shown as “…”).
pub fn page_numbers(page: i64, pages: i64) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    let mut last = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || (n - page).abs() <= 2 {
            if n > last + 1 {
                out.push(None);
            }
            out.push(Some(n));
            last = n;
        }
    }
    out
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
        assert_eq!(
            q.sorted("-due"),
            "q=%E8%A7%84%E5%88%92%20100%25&state=open&sort=-due&page=1"
        );
        assert_eq!(q.filters(), "q=%E8%A7%84%E5%88%92%20100%25&state=open");
    }

    #[test]
    fn orders_and_page_numbers() {
        let q = |state: &str, sort: &str| CaseQuery {
            state: state.into(),
            sort: sort.into(),
            ..Default::default()
        };
        assert_eq!(q("overdue", "").order(), Order::Due);
        assert_eq!(q("", "").order(), Order::Newest);
        assert_eq!(q("overdue", "-id").order(), Order::IdDesc);
        assert_eq!(q("", "received").sort_key(), "received");
        let d = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        let errors = q("", "name").filter(d, d).unwrap_err();
        assert_eq!(errors[0].0, "sort");
        assert_eq!(page_numbers(1, 1), [Some(1)]);
        assert_eq!(
            page_numbers(10, 28),
            [
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(28)
            ]
        );
        assert_eq!(page_numbers(2, 4), [Some(1), Some(2), Some(3), Some(4)]);
    }
}
