//! The parts of the store suite about the web application's records, the case list and the report's texts
//! (run on both backends by the suite in store.rs).

pub mod agencies;
pub mod calendar;
pub mod pairs;
pub mod tenancy;

use super::{app, d};
use gongkai_ledger::case::{ApplicantType, Event, EventKind, Outcome};
use gongkai_store::{Store, StoreError};

/// The case list and due list answered by SQL over the derived clocks.
pub async fn case_list(store: &Store) {
    use gongkai_store::cases::{CaseFilter, ClockState, Order, StateFilter};
    let (today, soon) = (d("2025-04-01"), d("2025-04-02"));
    let before = store.due_summary(today, soon).await.unwrap();
    let granted = EventKind::Replied {
        outcome: Outcome::new("granted").unwrap(),
    };
    let mut natural = app("L-5", "2025-03-05", vec![]);
    natural.applicant = ApplicantType::NaturalPerson;
    natural.content = "某地块规划许可证".into();
    store
        .add_applications(
            &[
                app("L-1", "2025-03-03", vec![]),
                app(
                    "L-2",
                    "2025-03-03",
                    vec![("2025-03-05", EventKind::CorrectionRequested)],
                ),
                app("L-3", "2025-03-10", vec![("2025-03-20", granted)]),
                // Past what the calendar can compute even provisionally: its clock is unknown.
                app("L-4", "2037-03-02", vec![]),
                natural,
            ],
            d("2037-03-03"),
        )
        .await
        .unwrap();
    let ids = |f: CaseFilter, order: Order| async move {
        let page = store.cases(&f, order, 100, 0).await.unwrap();
        assert_eq!(page.total as usize, page.rows.len());
        page.rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    let ours = |state: Option<StateFilter>| CaseFilter {
        text: Some("L-".into()),
        state,
        ..Default::default()
    };
    assert_eq!(
        ids(ours(Some(StateFilter::Open)), Order::Id).await,
        ["L-1", "L-2", "L-4", "L-5"]
    );
    assert_eq!(
        ids(ours(Some(StateFilter::Closed)), Order::Id).await,
        ["L-3"]
    );
    assert_eq!(
        ids(ours(Some(StateFilter::Paused)), Order::Id).await,
        ["L-2"]
    );
    assert_eq!(
        ids(ours(Some(StateFilter::Unknown)), Order::Id).await,
        ["L-4"]
    );
    // 20 working days from 2025-03-03 (receipt day not counted) end on 2025-03-31; from 03-05 on 04-02.
    assert_eq!(
        ids(ours(Some(StateFilter::OverdueOn(today))), Order::Id).await,
        ["L-1"]
    );
    assert_eq!(
        ids(ours(Some(StateFilter::DueBy(soon))), Order::Due).await,
        ["L-1", "L-5"]
    );
    let row = store
        .cases(&ours(Some(StateFilter::DueBy(soon))), Order::Due, 1, 1)
        .await
        .unwrap();
    assert_eq!(row.total, 2, "the total counts every match, not the page");
    assert_eq!(row.rows[0].due, Some(d("2025-04-02")));
    assert_eq!(row.rows[0].clock, ClockState::Running);
    let mut f = ours(None);
    f.outcome = Some("granted".into());
    assert_eq!(ids(f, Order::Id).await, ["L-3"]);
    let f = CaseFilter {
        text: Some("规划许可".into()),
        ..Default::default()
    };
    assert_eq!(ids(f, Order::Id).await, ["L-5"]);
    let mut f = ours(None);
    f.applicant = Some(ApplicantType::NaturalPerson);
    assert_eq!(ids(f, Order::Id).await, ["L-5"]);
    let mut f = ours(None);
    f.received_from = Some(d("2025-03-04"));
    f.received_to = Some(d("2025-03-31"));
    assert_eq!(ids(f, Order::Newest).await, ["L-3", "L-5"]);
    let f = CaseFilter {
        text: Some("100%_".into()),
        ..Default::default()
    };
    assert!(ids(f, Order::Id).await.is_empty(), "wildcards are literal");
    let after = store.due_summary(today, soon).await.unwrap();
    assert_eq!(
        (
            after.open - before.open,
            after.overdue - before.overdue,
            after.due_soon - before.due_soon,
            after.paused - before.paused,
            after.unknown - before.unknown
        ),
        (4, 1, 1, 1, 1)
    );
    // A step changes the derived clock.
    store
        .add_event(
            "L-2",
            Event {
                date: d("2025-03-10"),
                kind: EventKind::CorrectionReceived,
            },
            gongkai_testkit::today(),
        )
        .await
        .unwrap();
    let page = store
        .cases(&ours(Some(StateFilter::Paused)), Order::Id, 10, 0)
        .await
        .unwrap();
    assert_eq!(page.total, 0);
}

/// The web application's records on both backends: settings, a portal application with the ledger case,
/// staff accounts and sessions, the audit log, rate-limit counts.
pub async fn web_records(store: &Store) {
    use gongkai_store::portal::PortalRequest;
    use gongkai_store::staff::{AuditEntry, User};
    store
        .set_settings(&[("name", "某局"), ("phone", "1")])
        .await
        .unwrap();
    store.set_settings(&[("name", "某某局")]).await.unwrap();
    let settings = store.settings().await.unwrap();
    assert_eq!(settings["name"], "某某局");
    assert_eq!(settings["phone"], "1");
    let a = app("YSQ20250303000001", "2025-03-03", vec![]);
    let req = PortalRequest {
        tracking: a.id.clone(),
        secret_hash: "$argon2id$hash".into(),
        applicant_kind: "公民".into(),
        name: "张三".into(),
        id_document: "居民身份证 110101199001011234".into(),
        phone: "13800000000".into(),
        email: String::new(),
        address: "某地".into(),
        description: "某文件".into(),
        purpose: String::new(),
        delivery_form: "纸质".into(),
        delivery_channel: "邮寄".into(),
        submitted_at: "2025-03-03T09:00:00+08:00".into(),
    };
    store.submit_portal(&a, &req).await.unwrap();
    assert_eq!(
        store.portal_request(&a.id).await.unwrap(),
        Some(req.clone())
    );
    assert!(store.application(&a.id).await.unwrap().is_some());
    assert!(matches!(
        store.submit_portal(&a, &req).await,
        Err(StoreError::Duplicate(_))
    ));
    let user = User {
        username: "staff".into(),
        password_hash: "h".into(),
        role: "staff".into(),
        display_name: "某人".into(),
        ..User::default()
    };
    store.put_user(&user).await.unwrap();
    store.put_user(&user).await.unwrap();
    assert_eq!(store.user("staff").await.unwrap(), Some(user.clone()));
    store
        .create_session("s1", "staff", "c1", "2025-03-03T10:00:00+00:00")
        .await
        .unwrap();
    let s = store
        .session("s1", "2025-03-03T09:00:00+00:00")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((s.user, s.csrf.as_str()), (user, "c1"));
    assert!(
        store
            .session("s1", "2025-03-03T11:00:00+00:00")
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    store.delete_session("s1").await.unwrap();
    assert!(
        store
            .session("s1", "2025-03-03T09:00:00+00:00")
            .await
            .unwrap()
            .is_none()
    );
    for (k, at) in [
        ("a1", "2025-03-03T09:00:00+00:00"),
        ("a2", "2025-03-03T09:05:00+00:00"),
    ] {
        let e = AuditEntry {
            at: at.into(),
            username: "staff".into(),
            action: "查看申请人信息".into(),
            subject: "YSQ20250303000001".into(),
        };
        store.audit(&e, k).await.unwrap();
    }
    let log = store.audit_log(10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].at, "2025-03-03T09:05:00+00:00", "newest first");
    // One-minute slots summed over a sliding span: hits in the span count whichever slot they fell in.
    let (m0, m1, m2) = (
        "2025-03-03T09:00:00+00:00",
        "2025-03-03T09:01:00+00:00",
        "2025-03-03T09:02:00+00:00",
    );
    assert!(store.hit("apply:1.2.3.4", m0, m0, 2).await.unwrap());
    assert!(store.hit("apply:1.2.3.4", m1, m0, 2).await.unwrap());
    assert!(
        !store.hit("apply:1.2.3.4", m1, m0, 2).await.unwrap(),
        "the third in a span of two slots is over"
    );
    assert_eq!(store.hits("apply:1.2.3.4", m0).await.unwrap(), 3);
    assert_eq!(store.hits("apply:1.2.3.4", m1).await.unwrap(), 2);
    assert_eq!(store.hits("apply:5.6.7.8", m0).await.unwrap(), 0);
    assert!(
        !store.hit("apply:1.2.3.4", m2, m1, 2).await.unwrap(),
        "the span moved one slot: two of the three still count"
    );
    assert_eq!(
        store.hits("apply:1.2.3.4", m0).await.unwrap(),
        3,
        "the slot before the span was removed"
    );
}

/// The office's own parts of the report: section prose and 表二 with their authors.
pub async fn report_texts(store: &Store) {
    use gongkai_store::report::SectionText;
    let text = |n: u8, t: &str, by: &str| SectionText {
        number: n,
        text: t.into(),
        updated_by: by.into(),
        updated_at: "2026-01-10T09:00:00+08:00".into(),
    };
    store
        .set_sections(2025, &[text(1, "一", "staff"), text(5, "五", "staff")])
        .await
        .unwrap();
    store
        .set_sections(2025, &[text(5, "五（改）", "office")])
        .await
        .unwrap();
    let saved = store.sections(2025).await.unwrap();
    assert_eq!(
        saved,
        [text(1, "一", "staff"), text(5, "五（改）", "office")]
    );
    assert!(store.sections(2024).await.unwrap().is_empty());
    let t2 = serde_json::json!({"regulations": {"issued": 3}});
    store
        .set_proactive_by(2025, &t2, "staff", "2026-01-10T09:00:00+08:00")
        .await
        .unwrap();
    assert_eq!(store.proactive(2025).await.unwrap(), Some(t2));
    assert_eq!(
        store.proactive_author(2025).await.unwrap(),
        Some(("staff".into(), "2026-01-10T09:00:00+08:00".into()))
    );
}
