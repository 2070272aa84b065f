//! The demo agency's ledger: the synthetic ledger of gongkai-ledger moved so that it ends today — closed cases
//! of the past years, and this year's cases in every state (running, paused for a correction, consultation or
//! fee, due soon, overdue) — plus reviews and lawsuits. Filled once, into an empty ledger. And the demo
//! region's agencies, registered once.

use chrono::{Datelike, Months, NaiveDate};
use gongkai_ledger::case::Application;
use gongkai_ledger::review::ReviewCase;
use gongkai_store::{Store, StoreError};

/// Moves a date by whole years (29 February becomes 28 February).
fn shift(d: NaiveDate, years: i32) -> NaiveDate {
    if years >= 0 {
        d.checked_add_months(Months::new(12 * years as u32))
            .unwrap_or(d)
    } else {
        d.checked_sub_months(Months::new(12 * (-years) as u32))
            .unwrap_or(d)
    }
}

/// The demo cases as of `today`: received within the three years before it, steps after today dropped.
pub fn cases(today: NaiveDate, n: usize) -> (Vec<Application>, Vec<ReviewCase>) {
    let (apps, reviews) = gongkai_ledger::sample::generate(n, 2026);
    // The sample covers 2023–2025; move it so that it ends this year.
    let years = today.year() - 2025;
    let apps = apps
        .into_iter()
        .enumerate()
        .filter_map(|(i, mut a)| {
            a.received = shift(a.received, years);
            if a.received > today {
                return None;
            }
            a.id = format!("DEMO-{:05}", i + 1);
            a.applicant_name = format!("演示申请人{}", i + 1);
            a.content = "（演示）某项政府信息".into();
            for e in &mut a.events {
                e.date = shift(e.date, years);
            }
            a.events.retain(|e| e.date <= today);
            // Cases of earlier months were answered long ago: only recent ones are still open.
            if a.closed().is_none() && a.received < today - chrono::Duration::days(90) {
                return None;
            }
            // A step moved past a later one by the leap day: keep the order valid.
            a.validate().is_ok().then_some(a)
        })
        .collect();
    let reviews = reviews
        .into_iter()
        .filter_map(|mut r| {
            r.filed = shift(r.filed, years);
            r.concluded = r
                .concluded
                .map(|(d, res)| (shift(d, years), res))
                .filter(|(d, _)| *d <= today);
            (r.filed <= today).then_some(r)
        })
        .collect();
    (apps, reviews)
}

/// Fills the demo ledger when the ledger is empty; returns how many applications were added.
pub async fn fill(store: &Store, today: NaiveDate) -> Result<usize, StoreError> {
    if !store.applications(false).await?.is_empty() {
        return Ok(0);
    }
    let (apps, reviews) = cases(today, 1500);
    store.add_applications(&apps, today).await?;
    for r in &reviews {
        store.add_review(r).await?;
    }
    for (year, t2) in table2(today.year()) {
        store
            .set_proactive_by(
                year,
                &t2,
                "staff",
                &format!("{}-01-10T09:00:00+08:00", year + 1),
            )
            .await?;
    }
    Ok(apps.len())
}

/// 表二 of the demo agency for the last three years: documents in force carried from year to year
/// (现行有效 = last year's + 制发 − 废止), other figures varying by year.
fn table2(this_year: i32) -> Vec<(i32, serde_json::Value)> {
    use gongkai_model::{ColumnKind, FormatVersion, table2_rows};
    let mut in_force: std::collections::BTreeMap<&str, i64> =
        [("regulations", 12), ("normative_documents", 85)].into();
    (this_year - 2..=this_year)
        .map(|year| {
            let k = i64::from(year - 2000);
            let mut t = serde_json::Map::new();
            for r in table2_rows(FormatVersion::for_year(year)) {
                let mut row = serde_json::Map::new();
                let (issued, repealed) = (k % 5 + 1, k % 3);
                for c in r.columns {
                    let v = match (c.key, c.kind) {
                        ("issued" | "new_made" | "new_published", _) => serde_json::json!(issued),
                        ("repealed", _) => serde_json::json!(repealed),
                        ("in_force" | "total_published", _) => {
                            let n = in_force.entry(r.key).or_insert(20);
                            *n += issued - repealed;
                            serde_json::json!(*n)
                        }
                        (_, ColumnKind::Money10kYuan) => serde_json::json!(12.5 + k as f64),
                        (_, ColumnKind::SignedCount) => serde_json::json!(k % 3 - 1),
                        _ => serde_json::json!(k * 37 % 400 + 3),
                    };
                    row.insert(c.key.into(), v);
                }
                t.insert(r.key.into(), serde_json::Value::Object(row));
            }
            (year, serde_json::Value::Object(t))
        })
        .collect()
}

/// The demo region's agencies (fictitious): 示例市人民政府 and its departments, the demo agency among them —
/// (name, short name).
pub const REGION_AGENCIES: [(&str, &str); 12] = [
    ("示例市人民政府", "市政府"),
    ("示例市示例局", "示例局"),
    ("示例市教育局", "市教育局"),
    ("示例市公安局", "市公安局"),
    ("示例市民政局", "市民政局"),
    ("示例市财政局", "市财政局"),
    ("示例市人力资源和社会保障局", "市人社局"),
    ("示例市自然资源和规划局", "市自然资源和规划局"),
    ("示例市生态环境局", "市生态环境局"),
    ("示例市住房和城乡建设局", "市住建局"),
    ("示例市卫生健康委员会", "市卫健委"),
    ("示例市市场监督管理局", "市市场监管局"),
];

/// Registers the demo region's agencies in 示例省/示例市 when none is registered, at `at` (RFC 3339): their
/// codes are of the unassigned division 990100, with the check characters they call for. Each has its own
/// particulars, ledger, 表二 and catalogue; the demo's staff and office head (already made by `fill_demo`) also
/// work in the 教育局.
/// Returns how many agencies were registered.
pub async fn fill_region(store: &Store, today: NaiveDate, at: &str) -> Result<usize, StoreError> {
    if store.agency_count().await? > 0 {
        return Ok(0);
    }
    for (i, (name, short)) in REGION_AGENCIES.iter().enumerate() {
        let code = gongkai_model::CreditCode::complete(&format!("11990100MB{:07}", i + 1))
            .map_err(StoreError::Corrupt)?;
        let office = if i == 0 {
            "示例省人民政府办公厅"
        } else {
            "示例市人民政府办公室（政务公开办）"
        };
        let a = gongkai_supervise::agencies::NewAgency {
            name: (*name).into(),
            code: code.to_string(),
            short_name: (*short).into(),
            region: "示例省/示例市".into(),
            office: office.into(),
            host: None,
        };
        gongkai_supervise::agencies::register(store, &a, at).await?;
        let unit = store.agency_by_code(code.as_str()).await?;
        let view = store.for_agency(&unit.map(|a| a.unit.id).unwrap_or_default());
        fill_department(&view, name, i, today, at).await?;
        if *short == "市教育局" {
            view.grant_role("staff", "staff").await?;
            view.grant_role("office", "office_head").await?;
        }
    }
    Ok(REGION_AGENCIES.len())
}

/// One demo agency's own data: its particulars, a ledger (the 教育局's larger), 表二 of the last three years
/// and a catalogue of generated entries under its name.
async fn fill_department(
    view: &Store,
    name: &str,
    i: usize,
    today: NaiveDate,
    at: &str,
) -> Result<(), StoreError> {
    let office = format!("{name}办公室");
    let address = format!("示例市人民路 {} 号", i + 2);
    let phone = format!("010-6000{:04}", i + 1);
    let review = if i == 0 {
        "示例省人民政府"
    } else {
        "示例市人民政府"
    };
    view.set_settings(&[
        ("name", name),
        ("office", &office),
        ("address", &address),
        ("postcode", "100000"),
        ("phone", &phone),
        ("hours", "工作日 上午 9:00–12:00，下午 13:30–17:30"),
        ("review_body", review),
        ("court", "示例市中级人民法院"),
    ])
    .await?;
    let (apps, _) = cases(
        today,
        if name.contains("教育") {
            120
        } else {
            40 + 5 * i
        },
    );
    view.add_applications(&apps, today).await?;
    for (year, t2) in table2(today.year()) {
        let by = format!("{}-01-10T09:00:00+08:00", year + 1);
        view.set_proactive_by(year, &t2, "staff", &by).await?;
    }
    let mut entries = gongkai_search::generated::catalogue(24, i as u64 + 1);
    for e in &mut entries {
        e.publisher = name.to_string();
    }
    view.add_entries(&entries, "演示", at).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_ledger::calendar::WorkingCalendar;
    use gongkai_ledger::clock::{ClockSettings, Status, clock};

    #[test]
    fn the_demo_table2_carries_documents_in_force_across_years() {
        let t = table2(2026);
        assert_eq!(t.len(), 3);
        for w in t.windows(2) {
            let (last, this) = (&w[0].1, &w[1].1);
            for row in ["regulations", "normative_documents"] {
                let n = |v: &serde_json::Value, c: &str| v[row][c].as_i64().unwrap();
                assert_eq!(
                    n(this, "in_force"),
                    n(last, "in_force") + n(this, "issued") - n(this, "repealed")
                );
            }
        }
    }

    #[test]
    fn the_demo_ledger_has_cases_in_every_state_this_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let (apps, reviews) = cases(today, 1500);
        assert!(apps.len() > 1000 && !reviews.is_empty());
        let cal = WorkingCalendar::official();
        let (mut running, mut paused, mut closed, mut overdue) = (0, 0, 0, 0);
        for a in apps.iter().filter(|a| a.received.year() == 2026) {
            // A due date in 2027 is beyond the calendar data (the State Council has not published 2027 yet).
            let Ok(c) = clock(a, &cal, ClockSettings::default()) else {
                continue;
            };
            match c.status {
                Status::Running if c.due < today => overdue += 1,
                Status::Running => running += 1,
                Status::Paused { .. } => paused += 1,
                Status::Closed { .. } => closed += 1,
            }
        }
        assert!(
            running > 0 && paused > 0 && closed > 100 && overdue > 0,
            "{running} {paused} {closed} {overdue}"
        );
        assert!(
            apps.iter()
                .all(|a| a.received <= today && a.events.iter().all(|e| e.date <= today))
        );
    }
}
