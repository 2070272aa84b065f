//! Two agencies in one database, on both backends: the same case number, 索引号, settings keys and report year
//! in each; every kind of row agency B owns carries a marker; no reading through agency A's view finds it, and
//! no write through A's view changes B's rows.

use super::super::{app, d};
use gongkai_catalogue::entry::{DocKind, Entry, Validity};
use gongkai_ledger::case::{EventKind, Outcome};
use gongkai_ledger::review::{ReviewCase, ReviewKind};
use gongkai_store::Store;
use gongkai_store::cases::{CaseFilter, Order};
use gongkai_store::catalogue::CatalogueFilter;
use gongkai_store::portal::PortalRequest;
use gongkai_store::report::SectionText;

const MARK: &str = "乙机关标记";

fn entry(index_no: &str, title: &str) -> Entry {
    Entry {
        index_no: index_no.into(),
        title: title.into(),
        publisher: "某局".into(),
        doc_no: None,
        written: d("2026-03-02"),
        published: Some(d("2026-03-03")),
        withdrawn: None,
        topic: "综合政务".into(),
        genre: "通知".into(),
        kind: DocKind::Other,
        art20: None,
        mode: "主动公开".into(),
        validity: Validity::InForce,
        amends: None,
        body: format!("<p>{title}</p>"),
    }
}

fn request(tracking: &str, name: &str) -> PortalRequest {
    PortalRequest {
        tracking: tracking.into(),
        secret_hash: "$argon2id$hash".into(),
        applicant_kind: "公民".into(),
        name: name.into(),
        id_document: "居民身份证 110101199001011234".into(),
        phone: "13800000000".into(),
        email: String::new(),
        address: "某地".into(),
        description: name.into(),
        purpose: String::new(),
        delivery_form: "纸质".into(),
        delivery_channel: "邮寄".into(),
        submitted_at: "2026-03-03T09:00:00+08:00".into(),
    }
}

/// Fills one agency's view with a case, a portal case, a step, a review, 表二, a section, settings and a
/// catalogue entry with an attachment, all with the same keys in either agency and `text` in every free field.
async fn fill(store: &Store, text: &str) {
    let today = d("2026-06-30");
    let mut case = app("T-0001", "2026-03-02", vec![]);
    case.content = text.into();
    case.applicant_name = text.into();
    store.add_applications(&[case], today).await.unwrap();
    store
        .add_event(
            "T-0001",
            gongkai_ledger::case::Event {
                date: d("2026-03-10"),
                kind: EventKind::Replied {
                    outcome: Outcome::new("granted").unwrap(),
                },
            },
            today,
        )
        .await
        .unwrap();
    let mut portal = app("P-0001", "2026-03-03", vec![]);
    portal.content = text.into();
    store
        .submit_portal(&portal, &request("P-0001", text))
        .await
        .unwrap();
    store
        .add_review(&ReviewCase {
            id: "FY-1".into(),
            kind: ReviewKind::Reconsideration,
            filed: d("2026-04-01"),
            concluded: None,
            application_id: Some("T-0001".into()),
        })
        .await
        .unwrap();
    store
        .set_proactive_by(
            2026,
            &serde_json::json!({ "note": text }),
            text,
            "2026-06-30T00:00:00Z",
        )
        .await
        .unwrap();
    store
        .set_sections(
            2026,
            &[SectionText {
                number: 1,
                text: text.into(),
                updated_by: text.into(),
                updated_at: "2026-06-30T00:00:00Z".into(),
            }],
        )
        .await
        .unwrap();
    store.set_settings(&[("name", text)]).await.unwrap();
    let seen = gongkai_store::staff::AuditEntry {
        at: "2026-06-30T00:00:00Z".into(),
        username: "someone".into(),
        action: "查看申请人信息".into(),
        subject: text.into(),
    };
    store.audit(&seen, &format!("audit-{text}")).await.unwrap();
    store
        .add_entries(
            &[entry("000-2026-0001", text)],
            text,
            "2026-06-30T00:00:00Z",
        )
        .await
        .unwrap();
    store
        .add_attachment("000-2026-0001", text, "text/plain", text.as_bytes())
        .await
        .unwrap();
}

/// Everything agency A's view can read, as one text.
async fn everything(a: &Store) -> String {
    let mut seen = String::new();
    let mut add = |x: String| seen.push_str(&x);
    add(format!("{:?}", a.applications(false).await.unwrap()));
    add(format!("{:?}", a.application("T-0001").await.unwrap()));
    add(format!("{:?}", a.case_steps("T-0001").await.unwrap()));
    add(format!("{:?}", a.portal_request("P-0001").await.unwrap()));
    add(format!("{:?}", a.reviews().await.unwrap()));
    add(format!("{:?}", a.proactive(2026).await.unwrap()));
    add(format!("{:?}", a.proactive_author(2026).await.unwrap()));
    add(format!("{:?}", a.sections(2026).await.unwrap()));
    add(format!("{:?}", a.settings().await.unwrap()));
    add(format!("{:?}", a.audit_log(100).await.unwrap()));
    add(format!("{:?}", a.all_entries().await.unwrap()));
    add(format!("{:?}", a.entry("000-2026-0001").await.unwrap()));
    add(format!(
        "{:?}",
        a.entry_history("000-2026-0001").await.unwrap()
    ));
    add(format!(
        "{:?}",
        a.attachments("000-2026-0001").await.unwrap()
    ));
    add(format!(
        "{:?}",
        a.attachment("000-2026-0001", 1).await.unwrap()
    ));
    let found = a
        .cases(
            &CaseFilter {
                text: Some(MARK.into()),
                ..CaseFilter::default()
            },
            Order::Id,
            100,
            0,
        )
        .await
        .unwrap();
    add(format!("{:?}", found.rows));
    seen
}

pub async fn agencies_see_only_their_rows(store: &Store) {
    let (a, b) = (
        store.for_agency("uaaaaaaaaaaaa"),
        store.for_agency("ubbbbbbbbbbbb"),
    );
    assert_eq!(b.agency_id(), "ubbbbbbbbbbbb");
    fill(&a, "甲机关文字").await;
    // The same case numbers, tracking number, review number and 索引号 are free in another agency.
    fill(&b, MARK).await;
    let seen = everything(&a).await;
    assert!(
        !seen.contains(MARK),
        "agency A's view shows B's rows: {seen}"
    );
    assert!(seen.contains("甲机关文字"), "agency A's own rows are read");
    assert!(everything(&b).await.contains(MARK));
    // Counts and lists are each agency's own.
    assert_eq!(a.applications(false).await.unwrap().len(), 2);
    let t3 = a.table3_counts(2026).await.unwrap();
    assert_eq!(t3.counts["new_received"].iter().sum::<u64>(), 2, "{t3:?}");
    assert_eq!(a.explain(2026, "granted", 6).await.unwrap(), ["T-0001"]);
    let due = a
        .due_summary(d("2026-03-04"), d("2026-03-31"))
        .await
        .unwrap();
    assert_eq!(due.open, 1, "only A's portal case is open in A");
    let (entries, total) = a.entries(&CatalogueFilter::default(), 0, 10).await.unwrap();
    assert_eq!((entries.len(), total), (1, 1));
    let (topics, _) = a.catalogue_facets(d("2026-06-30")).await.unwrap();
    assert_eq!(topics, [("综合政务".to_string(), 1)]);
    assert_eq!(
        a.catalogue_agencies().await.unwrap(),
        ["uaaaaaaaaaaaa", "ubbbbbbbbbbbb"]
    );
    assert_eq!(a.last_index_seq("000-2026-").await.unwrap(), 1);
    let ids = ["T-0001".to_string(), "X-9".to_string()];
    assert_eq!(a.existing_ids(&ids).await.unwrap().len(), 1);
    // Writes through A's view leave B's rows as they were.
    a.withdraw_step("T-0001", 0, "甲", "误录", "2026-06-30T00:00:00Z")
        .await
        .unwrap();
    let mut changed = entry("000-2026-0001", "甲机关改过的标题");
    changed.body = "<p>改</p>".into();
    a.update_entry(&changed, "修改", "甲", "2026-06-30T01:00:00Z")
        .await
        .unwrap();
    a.set_settings(&[("name", "甲机关新名")]).await.unwrap();
    let b_case = b.application("T-0001").await.unwrap().unwrap();
    assert_eq!(b_case.events.len(), 1, "B's step is not withdrawn");
    assert_eq!(b.entry("000-2026-0001").await.unwrap().unwrap().title, MARK);
    assert_eq!(b.settings().await.unwrap()["name"], MARK);
    assert_eq!(b.case_steps("T-0001").await.unwrap()[0].withdrawn, None);
    // An agency with no rows sees nothing at all.
    let c = store.for_agency("ucccccccccccc");
    assert!(!everything(&c).await.contains("机关"));
}
