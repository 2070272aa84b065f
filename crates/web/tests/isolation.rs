//! Isolation between agencies through the router (issue 22): a marker in agency B's every kind of data — a
//! portal application with its applicant's particulars, a step, a review, 表二, a report section, settings, a
//! catalogue entry with an attachment, an audit line — is found on B's own pages (so the check can fail) and in
//! none of agency A's: its public pages, search and sitemap, and its office's workspace, case search, exports,
//! report downloads and API answers; nor on the platform's own catalogue search.

mod common;

use common::{fetch, get, login, post, send, site};
use gongkai_catalogue::entry::{DocKind, Entry, Validity};
use gongkai_ledger::review::{ReviewCase, ReviewKind};
use gongkai_store::report::SectionText;
use gongkai_supervise::agencies::{NewAgency, register};
use gongkai_web::{AppState, router};

const A: &str = "11410184005252780Y";
const B: &str = "11410184005252799U";
const MARK: &str = "乙机关标记";

fn entry(index_no: &str, title: &str) -> Entry {
    Entry {
        index_no: index_no.into(),
        title: title.into(),
        publisher: title.into(),
        doc_no: None,
        written: gongkai_testkit::today() - chrono::Duration::days(30),
        published: Some(gongkai_testkit::today() - chrono::Duration::days(20)),
        withdrawn: None,
        topic: "财政".into(),
        genre: "通知".into(),
        kind: DocKind::Other,
        art20: None,
        mode: "主动公开".into(),
        validity: Validity::InForce,
        amends: None,
        body: format!("<p>{title}</p>"),
    }
}

/// Every text a file holds, for a ZIP-based document (XLSX, DOCX) the text of its XML parts.
fn text_of(bytes: &[u8]) -> String {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return String::from_utf8_lossy(bytes).into_owned();
    };
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut part, &mut s);
        all.push_str(&s);
    }
    all
}

#[tokio::test]
async fn nothing_of_agency_b_shows_anywhere_in_agency_a() {
    let site = site().await;
    let mut ids = Vec::new();
    for (name, code) in [("新郑市教育局", A), ("新郑市财政局", B)] {
        register(
            &site.store,
            &NewAgency {
                name: name.into(),
                code: code.into(),
                short_name: String::new(),
                region: "河南省/郑州市/新郑市".into(),
                office: "新郑市人民政府办公室".into(),
                host: None,
            },
            "2026-12-07T01:00:00+00:00",
        )
        .await
        .unwrap();
        ids.push(
            site.store
                .agency_by_code(code)
                .await
                .unwrap()
                .unwrap()
                .unit
                .id,
        );
    }
    let (a, b) = (
        site.store.for_agency(&ids[0]),
        site.store.for_agency(&ids[1]),
    );
    let at = "2026-11-01T09:00:00+08:00";
    // B's every kind of data, marked.
    b.set_settings(&[("office", MARK), ("address", MARK), ("phone", MARK)])
        .await
        .unwrap();
    b.add_entries(&[entry("B-2026-0001", MARK)], MARK, at)
        .await
        .unwrap();
    b.add_attachment("B-2026-0001", MARK, "text/plain", MARK.as_bytes())
        .await
        .unwrap();
    b.set_proactive_by(2026, &serde_json::json!({ "note": MARK }), MARK, at)
        .await
        .unwrap();
    b.set_sections(
        2026,
        &[SectionText {
            number: 1,
            text: MARK.into(),
            updated_by: MARK.into(),
            updated_at: at.into(),
        }],
    )
    .await
    .unwrap();
    a.add_entries(&[entry("A-2026-0001", "教育局的通知")], "教育局", at)
        .await
        .unwrap();
    // A new state, so that the search index holds both catalogues.
    let state = AppState::new(
        site.store.clone(),
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
    )
    .await
    .unwrap();
    let app = router(state);
    let fields = [
        ("applicant_kind", "公民"),
        ("name", MARK),
        ("id_document", "居民身份证 110101199001011237"),
        ("phone", "13800000000"),
        ("email", ""),
        ("address", MARK),
        ("description", MARK),
        ("delivery_form", "纸质"),
        ("delivery_channel", "邮寄"),
    ];
    let (status, done, _) = send(&app, post(&format!("/{B}/apply"), &fields, None)).await;
    assert_eq!(status, 200, "{done}");
    let b_case = done
        .split("<span class=\"code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    b.add_review(&ReviewCase {
        id: MARK.into(),
        kind: ReviewKind::Reconsideration,
        filed: gongkai_testkit::today(),
        concluded: None,
        application_id: Some(b_case.clone()),
    })
    .await
    .unwrap();
    // One office account in each agency; B's office head looks at its case (an audit line in B).
    let ua_password = gongkai_web::agency::add_user(&a, "ua", "office_head", "甲", false)
        .await
        .unwrap();
    let ub_password = gongkai_web::agency::add_user(&b, "ub", "office_head", "乙", false)
        .await
        .unwrap();
    let mut site = site;
    site.app = app.clone();
    site.passwords.insert("ub".into(), ub_password);
    site.passwords.insert("ua".into(), ua_password);
    let ub = login(&site, "ub").await;
    let (_, b_page, _) = send(&app, get(&format!("/staff/cases/{b_case}"), Some(&ub))).await;
    assert!(b_page.contains(MARK), "B's own case page shows its data");
    let ua = login(&site, "ua").await;

    // B's own surfaces show the marker: the check below can fail.
    for path in [format!("/{B}/"), format!("/{B}/xxgk")] {
        let (_, html, _) = send(&app, get(&path, None)).await;
        assert!(html.contains(MARK), "B's {path} shows B's data");
    }
    let (_, audit, _) = send(&app, get("/staff/audit", Some(&ub))).await;
    assert!(
        audit.contains(&b_case),
        "B's audit log has the view of its case"
    );

    // A's every surface, public and the office's.
    // Searched for a part of the marker (a page may repeat the words searched for).
    let part = common::enc("机关标记");
    let search = format!("q={part}");
    let public = [
        format!("/{A}/"),
        format!("/{A}/xxgk"),
        format!("/{A}/xxgk/search?{search}"),
        format!("/{A}/xxgk/e/B-2026-0001"),
        format!("/{A}/xxgk/files/1/B-2026-0001"),
        format!("/{A}/sitemap.xml"),
        format!("/{A}/apply"),
        format!("/{A}/status"),
        format!("/xxgk/search?{search}"),
        "/sitemap.xml".into(),
    ];
    let office = [
        "/staff".to_string(),
        "/staff/cases".into(),
        format!("/staff/cases?{search}"),
        format!("/staff/cases?name={part}"),
        format!("/staff/cases/{b_case}"),
        format!("/staff/cases?q={}", &b_case[..b_case.len() - 2]),
        "/staff/cases/export?format=csv".into(),
        "/staff/cases/export?format=xlsx".into(),
        "/staff/report?year=2026".into(),
        "/staff/report/edit?year=2026".into(),
        "/staff/report/download?year=2026&format=md".into(),
        "/staff/report/download?year=2026&format=docx".into(),
        "/staff/report/download?year=2026&format=xlsx".into(),
        "/staff/catalogue".into(),
        "/staff/catalogue/e/B-2026-0001".into(),
        "/staff/audit".into(),
        "/staff/notices".into(),
        "/staff/users".into(),
    ];
    let mut read = 0;
    for path in public.iter().chain(&office) {
        let cookie = path.starts_with("/staff").then_some(ua.as_str());
        let (status, bytes, _) = fetch(&app, get(path, cookie)).await;
        assert!(status.as_u16() < 500, "{path}: {status}");
        let text = text_of(&bytes);
        assert!(
            !text.contains(MARK) && !text.contains(&b_case),
            "agency A's {path} shows agency B's data"
        );
        read += usize::from(status.is_success());
    }
    assert!(read >= 20, "{read} surfaces answered");
    // And A's office through the API, with a token.
    let token = common::token(&site, "ua", "").await;
    let api = [
        "/api/cases".to_string(),
        format!("/api/cases?q={part}"),
        format!("/api/cases/{b_case}"),
        format!("/api/cases/{b_case}/applicant"),
        "/api/due".into(),
        "/api/audit".into(),
        "/api/reports/2026".into(),
        "/api/reports/2026/table2".into(),
        "/api/reports/2026/sections/1".into(),
        "/api/reports/2026/export/md".into(),
        "/api/catalogue".into(),
        format!("/api/catalogue?q={part}"),
        "/api/catalogue/entry?index_no=B-2026-0001".into(),
    ];
    let mut answered = 0;
    for path in &api {
        let (status, bytes, _) = fetch(&app, common::api("GET", path, Some(&token), None)).await;
        assert!(status.as_u16() < 500, "{path}: {status}");
        let text = text_of(&bytes);
        // An answer may repeat the number asked for (“没有编号为 … 的案件”): that one is not found.
        let asked = path.contains(&b_case);
        if asked {
            assert_eq!(status, 404, "{path}");
        }
        assert!(
            !text.contains(MARK) && (asked || !text.contains(&b_case)),
            "agency A's API {path} shows agency B's data: {text}"
        );
        answered += usize::from(status.is_success());
    }
    assert!(answered >= 8, "{answered} API answers");
}
