//! A misdirected application (条例第三十六条第五项) through the router: the office answers that the information
//! is not its to disclose and names the platform's 教育局; the 告知书 carries the 教育局's name and contacts
//! and the reply's date; the applicant, on the status page, files the same request there in one step (with
//! consent, the secret typed again); the 教育局 receives it on that day, answers it; and both agencies' 表三
//! count it in the rows worked out below by hand.

mod common;

use common::{apply, docx_text, fetch, get, login, post, send, site, step};

const EDU: &str = "11410184005252780Y";

#[tokio::test]
async fn a_referred_application_is_filed_again_in_one_step_and_counted_in_both_agencies() {
    let site = site().await;
    let (edu_id, edu) = common::register_agency(&site.store, "新郑市教育局", EDU).await;
    edu.set_settings(&[
        ("office", "新郑市教育局办公室"),
        ("address", "新郑市轩辕路 8 号"),
        ("phone", "0371-62600000"),
    ])
    .await
    .unwrap();
    let today = gongkai_testkit::today();
    let day = today.to_string();
    let (tracking, secret) = apply(&site).await;

    // The home office answers: not ours; an agency off the platform needs its contacts.
    let staff = login(&site, "staff").await;
    let case_page = format!("/staff/cases/{tracking}");
    let (_, page, _) = send(&site.app, get(&case_page, Some(&staff))).await;
    let csrf = common::csrf_of(&page);
    let fields = [
        ("csrf", csrf.as_str()),
        ("kind", "referred"),
        ("date", day.as_str()),
        ("responsible", "某省某厅"),
    ];
    let (status, page, _) = send(
        &site.app,
        post(&format!("{case_page}/events"), &fields, Some(&staff)),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("“某省某厅”不是本平台登记的机关，请填写其联系方式"),
        "{page}"
    );
    let done = step(
        &site,
        &staff,
        &tracking,
        "referred",
        &day,
        &[("responsible", "新郑市教育局")],
    )
    .await;
    assert_eq!(done, 303);

    // The 告知书: its own title, the 教育局's name and contacts, dated by the reply.
    let (_, page, _) = send(
        &site.app,
        get(&format!("/staff/cases/{tracking}"), Some(&staff)),
    )
    .await;
    assert!(
        page.contains("政府信息公开申请答复书（非本机关负责公开）"),
        "{page}"
    );
    let (status, bytes, _) = fetch(
        &site.app,
        get(
            &format!("/staff/cases/{tracking}/notice?kind=referral&format=docx"),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(status, 200);
    let text = docx_text(&bytes);
    assert!(
        text.contains(
            "该政府信息由新郑市教育局负责公开，联系方式：新郑市教育局办公室，地址：新郑市轩辕路 8 号，电话：0371-62600000。"
        ),
        "{text}"
    );
    assert!(text.contains("张三"), "addressed to the applicant: {text}");
    let chinese_day = gongkai_ledger::notice::chinese_date(today);
    assert!(text.contains(&chinese_day), "dated {chinese_day}: {text}");

    // The applicant's status page offers to file it with the 教育局.
    let lookup = [("tracking", tracking.as_str()), ("secret", secret.as_str())];
    let (_, shown, _) = send(&site.app, post("/status", &lookup, None)).await;
    assert!(
        shown.contains("负责公开的机关为新郑市教育局（联系方式：新郑市教育局办公室"),
        "{shown}"
    );
    assert!(shown.contains("action=\"/status/refile\""), "{shown}");
    // Without consent, or with a wrong secret: nothing is filed.
    let refile = |secret: &str, consent: &str| {
        post(
            "/status/refile",
            &[
                ("tracking", &tracking),
                ("secret", secret),
                ("consent", consent),
            ],
            None,
        )
    };
    let (status, html, _) = send(&site.app, refile(&secret, "")).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("请勾选“我同意将本申请及申请人信息提交给新郑市教育局”"),
        "{html}"
    );
    assert_eq!(send(&site.app, refile("WRONGSECRET2", "yes")).await.0, 404);
    assert!(edu.application(&tracking).await.unwrap().is_none());
    // Filed: received today in the 教育局, same number and secret; a second time is refused.
    let (status, html, _) = send(&site.app, refile(&secret.to_lowercase(), "yes")).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("<title>申请已提交 - 新郑市教育局</title>"),
        "{html}"
    );
    assert!(html.contains(&format!("<span class=\"code\">{tracking}</span>")));
    let filed = edu.application(&tracking).await.unwrap().unwrap();
    assert_eq!(
        (filed.received, filed.content.as_str()),
        (today, "本局2025年部门预算")
    );
    let person = edu.portal_request(&tracking).await.unwrap().unwrap();
    assert_eq!(person.name, "张三");
    assert_eq!(send(&site.app, refile(&secret, "yes")).await.0, 409);
    let (_, shown, _) = send(&site.app, post("/status", &lookup, None)).await;
    assert!(
        shown.contains(&format!("您已于 {day} 将本申请提交给新郑市教育局")),
        "{shown}"
    );
    let (_, there, _) = send(&site.app, post(&format!("/{EDU}/status"), &lookup, None)).await;
    assert!(there.contains("<td>办理中</td>"), "{there}");

    // The 教育局 answers it (the demo's staff works there too).
    edu.grant_role("staff", "staff").await.unwrap();
    let (_, switch, _) = send(&site.app, get("/staff/agency", Some(&staff))).await;
    let csrf = common::csrf_of(&switch);
    let moved = send(
        &site.app,
        post(
            "/staff/agency",
            &[("csrf", &csrf), ("agency", &edu_id)],
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(moved.0, 303);
    let answered = step(
        &site,
        &staff,
        &tracking,
        "replied",
        &day,
        &[("outcome", "granted")],
    )
    .await;
    assert_eq!(answered, 303);

    // 表三 by hand: the home office received one application from a natural person and closed it under （四）1;
    // the 教育局 received one (today) and granted it. Nothing carried forward in either.
    let year = gongkai_model::FormatVersion::for_year(2026);
    assert_eq!(year, gongkai_model::FormatVersion::V2021);
    let home = site.store.table3_counts(2026).await.unwrap();
    let there = edu.table3_counts(2026).await.unwrap();
    let row = |t: &gongkai_ledger::report::Table3Counts, key: &str| {
        t.counts.get(key).map(|v| v[0]).unwrap_or(0)
    };
    for (key, home_n, edu_n) in [
        ("new_received", 1, 1),
        ("unable.not_held", 1, 0),
        ("granted", 0, 1),
        ("total", 1, 1),
        ("carried_forward", 0, 0),
    ] {
        assert_eq!(row(&home, key), home_n, "home {key}: {home:?}");
        assert_eq!(row(&there, key), edu_n, "教育局 {key}: {there:?}");
    }
    assert_eq!(home.counts.len(), 3, "{home:?}");
    assert_eq!(there.counts.len(), 3, "{there:?}");
}
