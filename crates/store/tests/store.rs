//! The same store test suite on SQLite (always) and PostgreSQL (when GONGKAI_TEST_PG_URL is set; .ci/run
//! installs and starts PostgreSQL and sets it).

use chrono::NaiveDate;
use gongkai_ledger::case::{ApplicantType, Application, Channel, Event, EventKind, Outcome};
use gongkai_ledger::report::{explain, table3_counts};
use gongkai_ledger::review::{ReviewCase, ReviewKind, ReviewResult};
use gongkai_store::{Store, StoreError};
use sqlx::Row;

mod parts;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn app(id: &str, received: &str, events: Vec<(&str, EventKind)>) -> Application {
    Application {
        id: id.into(),
        applicant: ApplicantType::Commercial,
        applicant_name: "某公司".into(),
        channel: Channel::Online,
        received: d(received),
        content: "某项目环评文件".into(),
        events: events
            .into_iter()
            .map(|(date, kind)| Event {
                date: d(date),
                kind,
            })
            .collect(),
    }
}

async fn count(store: &Store, table: &str) -> i64 {
    let sql = match table {
        "applications" => "SELECT COUNT(*) FROM applications",
        "events" => "SELECT COUNT(*) FROM events",
        _ => "SELECT COUNT(*) FROM reviews",
    };
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

async fn suite(store: Store) {
    // Store, read back, append events.
    let a = app(
        "2025-001",
        "2025-03-03",
        vec![("2025-03-05", EventKind::CorrectionRequested)],
    );
    store
        .add_applications(std::slice::from_ref(&a), gongkai_testkit::today())
        .await
        .unwrap();
    assert_eq!(store.application("2025-001").await.unwrap().unwrap(), a);
    let granted = EventKind::Replied {
        outcome: Outcome::new("granted").unwrap(),
    };
    store
        .add_event(
            "2025-001",
            Event {
                date: d("2025-03-10"),
                kind: EventKind::CorrectionReceived,
            },
            gongkai_testkit::today(),
        )
        .await
        .unwrap();
    let closed = store
        .add_event(
            "2025-001",
            Event {
                date: d("2025-03-20"),
                kind: granted.clone(),
            },
            gongkai_testkit::today(),
        )
        .await
        .unwrap();
    assert_eq!(closed.closed().unwrap().0, d("2025-03-20"));
    assert_eq!(store.applications(true).await.unwrap().len(), 0);

    // Rejected, and nothing stored: a duplicate case number (alone or inside a batch), events out of order,
    // an event after the close, an unknown case.
    let (apps_before, events_before) = (
        count(&store, "applications").await,
        count(&store, "events").await,
    );
    let dup = store
        .add_applications(
            &[app("2025-002", "2025-04-01", vec![]), a.clone()],
            gongkai_testkit::today(),
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Duplicate(id)) if id == "2025-001"));
    let twice = store
        .add_applications(
            &[
                app("2025-003", "2025-04-01", vec![]),
                app("2025-003", "2025-04-02", vec![]),
            ],
            gongkai_testkit::today(),
        )
        .await;
    assert!(matches!(twice, Err(StoreError::Duplicate(_))));
    let backwards = store
        .add_applications(
            &[app(
                "2025-004",
                "2025-04-01",
                vec![("2025-03-01", granted.clone())],
            )],
            gongkai_testkit::today(),
        )
        .await;
    assert!(
        matches!(backwards, Err(StoreError::Case(_))),
        "{backwards:?}"
    );
    let after = store
        .add_event(
            "2025-001",
            Event {
                date: d("2025-03-21"),
                kind: EventKind::Withdrawn,
            },
            gongkai_testkit::today(),
        )
        .await;
    assert!(matches!(after, Err(StoreError::Case(_))));
    assert!(matches!(
        store
            .add_event(
                "nope",
                Event {
                    date: d("2025-03-21"),
                    kind: EventKind::Withdrawn
                },
                gongkai_testkit::today()
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(count(&store, "applications").await, apps_before);
    assert_eq!(count(&store, "events").await, events_before);
    let bad_outcome: Result<EventKind, _> =
        serde_json::from_str(r#"{"kind":"replied","outcome":"approved"}"#);
    assert!(
        bad_outcome.is_err(),
        "an outcome that is no 表三 row does not even parse"
    );

    // A generated ledger: SQL counts and case lists equal the in-memory ones, every year.
    let (apps, reviews) = gongkai_ledger::sample::generate(3_000, 7);
    store
        .add_applications(&apps, gongkai_testkit::today())
        .await
        .unwrap();
    for r in &reviews {
        store.add_review(r).await.unwrap();
    }
    assert!(matches!(
        store.add_review(&reviews[0]).await,
        Err(StoreError::Duplicate(_))
    ));
    let mut all = store.applications(false).await.unwrap();
    all.retain(|x| x.id.starts_with("YSQ-"));
    assert_eq!(all.len(), apps.len());
    assert!(all == apps, "applications and events round-trip exactly");
    let mut sorted = reviews.clone();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(
        store.reviews().await.unwrap() == sorted,
        "reviews round-trip exactly"
    );
    let closed: Vec<_> = apps.iter().map(Application::closed).collect();
    for year in [2023, 2024, 2025] {
        let want = table3_counts(
            apps.iter().zip(&closed).map(|(a, c)| {
                (
                    a.received,
                    a.applicant,
                    c.as_ref().map(|(d, o)| (*d, o.key())),
                )
            }),
            year,
        );
        let mut got = store.table3_counts(year).await.unwrap();
        // The hand-made case 2025-001 is in the 2025 counts too.
        if year == 2025 {
            let c = got.counts.get_mut("new_received").unwrap();
            c[1] -= 1;
            for k in ["granted", "total"] {
                got.counts.get_mut(k).unwrap()[1] -= 1;
            }
        }
        got.counts.retain(|_, v| v.iter().any(|n| *n > 0));
        let mut want = want;
        want.counts.retain(|_, v| v.iter().any(|n| *n > 0));
        assert_eq!(got, want, "{year}");
        for (row, col) in [
            ("new_received", 0),
            ("carried_over", 6),
            ("denied.third_party", 1),
            ("carried_forward", 6),
        ] {
            let mut ids = store.explain(year, row, col).await.unwrap();
            ids.retain(|x| x.starts_with("YSQ-"));
            let want: Vec<String> = explain(&apps, year, row, col)
                .into_iter()
                .map(str::to_string)
                .collect();
            assert_eq!(ids, want, "{year} {row} {col}");
        }
    }
    // 2019-format years fold the three 其他处理 rows into one.
    store
        .add_applications(
            &[app(
                "2020-1",
                "2020-05-06",
                vec![("2020-05-07", EventKind::Withdrawn)],
            )],
            gongkai_testkit::today(),
        )
        .await
        .unwrap();
    assert_eq!(
        store.table3_counts(2020).await.unwrap().counts["other"][1],
        1
    );
    assert_eq!(store.explain(2020, "other", 6).await.unwrap(), ["2020-1"]);

    // Proactive figures and reviews.
    let t2 = serde_json::json!({"licensing": {"decisions": 12}});
    store.set_proactive(2025, &t2).await.unwrap();
    store.set_proactive(2025, &t2).await.unwrap();
    assert_eq!(store.proactive(2025).await.unwrap(), Some(t2));
    assert_eq!(store.proactive(2024).await.unwrap(), None);
    let review = ReviewCase {
        id: "FY-X".into(),
        kind: ReviewKind::Reconsideration,
        filed: d("2025-02-01"),
        concluded: Some((d("2025-04-01"), ReviewResult::Corrected)),
        application_id: Some("2025-001".into()),
    };
    store.add_review(&review).await.unwrap();
    let bad_link = ReviewCase {
        id: "FY-Y".into(),
        application_id: Some("no-such-case".into()),
        ..review
    };
    assert!(
        store.add_review(&bad_link).await.is_err(),
        "foreign keys are enforced"
    );
    parts::web_records(&store).await;
    parts::agencies::agencies(&store).await;
    parts::case_list(&store).await;
    parts::report_texts(&store).await;
    parts::calendar::notice_and_withdrawals(&store).await;
    parts::pairs::similar_pairs(&store).await;
    parts::tenancy::agencies_see_only_their_rows(&store).await;
}

#[tokio::test]
async fn sqlite_file_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.db");
    let store = Store::open(path.to_str().unwrap()).await.unwrap();
    let mode: String = sqlx::query("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(fk, 1);
    suite(store.clone()).await;
    // Counts stop at the limit and say so.
    use gongkai_store::cases::{COUNT_LIMIT, CaseFilter, Order};
    let many: Vec<Application> = (0..=COUNT_LIMIT)
        .map(|i| app(&format!("M-{i:06}"), "2024-05-06", vec![]))
        .collect();
    store
        .add_applications(&many, gongkai_testkit::today())
        .await
        .unwrap();
    let f = CaseFilter {
        text: Some("M-".into()),
        ..Default::default()
    };
    let page = store.cases(&f, Order::Id, 10, 0).await.unwrap();
    assert_eq!(
        (page.total, page.more, page.rows.len()),
        (COUNT_LIMIT, true, 10)
    );
    assert_eq!(page.rows[0].id, "M-000000");
    // A database of an earlier version (clocks not derived) gets them when opened.
    let clock = |s: Store| async move {
        sqlx::query("SELECT clock, due_on FROM applications WHERE id = 'L-1'")
            .fetch_one(s.pool())
            .await
            .unwrap()
    };
    sqlx::query("UPDATE applications SET clock = NULL, due_on = NULL")
        .execute(store.pool())
        .await
        .unwrap();
    // Reopening runs no migration twice and keeps the data.
    let again = Store::open(path.to_str().unwrap()).await.unwrap();
    assert!(again.application("2025-001").await.unwrap().is_some());
    // The notice added in the suite is in the calendar of the reopened store.
    assert!(!again.calendar().is_provisional(d("2027-09-28")));
    let r = clock(again).await;
    assert_eq!(r.try_get::<String, _>(0).unwrap(), "running");
    assert_eq!(r.try_get::<String, _>(1).unwrap(), "2025-03-31");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: set GONGKAI_TEST_PG_URL (bash .ci/run does)"]
async fn postgres_store() {
    let url = std::env::var("GONGKAI_TEST_PG_URL")
        .expect("GONGKAI_TEST_PG_URL must point at a PostgreSQL database");
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    // Start from an empty schema: every table of every migration, whatever an earlier run left.
    for sql in [
        "DROP SCHEMA IF EXISTS public CASCADE",
        "CREATE SCHEMA public",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    suite(Store::open(&url).await.unwrap()).await;
}

#[tokio::test]
async fn xlsx_and_csv_import_export() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("a.db").to_str().unwrap())
        .await
        .unwrap();
    let (apps, _) = gongkai_ledger::sample::generate(400, 11);
    store
        .add_applications(&apps, gongkai_testkit::today())
        .await
        .unwrap();
    let xlsx = dir.path().join("台账.xlsx");
    let (n, skipped) = store.export_file(&xlsx).await.unwrap();
    assert_eq!((n, skipped.len()), (400, 0));
    // The export imports into a fresh ledger exactly.
    let fresh = Store::open(dir.path().join("b.db").to_str().unwrap())
        .await
        .unwrap();
    assert_eq!(
        fresh
            .import_file(&xlsx, gongkai_testkit::today())
            .await
            .unwrap(),
        400
    );
    assert!(fresh.applications(false).await.unwrap() == store.applications(false).await.unwrap());
    // Importing it again: every row is a duplicate, nothing is added.
    let again = fresh
        .import_file(&xlsx, gongkai_testkit::today())
        .await
        .unwrap_err();
    assert_eq!(again.len(), 400, "every row named at once: {again:?}");
    assert!(again[0].contains("已在台账中"), "{again:?}");
    assert_eq!(fresh.applications(false).await.unwrap().len(), 400);

    // A GBK CSV as Excel saves it, with one bad row among good ones: rejected as a whole, the bad row named.
    let csv = "编号,收到日期,申请人类型,申请人,渠道,申请内容,办结日期,办理结果\n\
               C1,2025-03-03,自然人,张三,互联网,某文件,2025-03-20,（一）予以公开\n\
               C2,2025-03-04,法人,某公司,邮寄,某文件,2025-03-20,1.属于国家秘密\n\
               C3,2025-03-05,商业企业,某公司,邮寄,某文件,,\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let path = dir.path().join("ledger.csv");
    std::fs::write(&path, &gbk).unwrap();
    let errors = fresh
        .import_file(&path, gongkai_testkit::today())
        .await
        .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("第 3 行") && errors[0].contains("申请人类型“法人”"),
        "{errors:?}"
    );
    assert!(
        fresh.application("C1").await.unwrap().is_none(),
        "nothing half-imported"
    );
    std::fs::write(&path, csv.replace(",法人,", ",商业企业,")).unwrap();
    assert_eq!(
        fresh
            .import_file(&path, gongkai_testkit::today())
            .await
            .unwrap(),
        3
    );
    let c1 = fresh.application("C1").await.unwrap().unwrap();
    assert_eq!(c1.closed().unwrap().1.key(), "granted");
}
