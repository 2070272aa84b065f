//! Roles per agency (issue 22): one login serves every agency a user works for. A member of two agencies
//! starts in the deployment's own, switches to the other and then sees its cases and its audit log only, in
//! the role held there; nobody switches to an agency they hold no role in; a member of one registered agency
//! starts there; revoking the role ends the sessions working in it.

mod common;

use chrono::NaiveDate;
use common::{csrf_of, get, login, post, send, site};
use gongkai_ledger::case::{ApplicantType, Application, Channel};
use gongkai_web::agency::add_user;

const EDU: &str = "11410184005252780Y";

fn case(id: &str, content: &str) -> Application {
    Application {
        id: id.into(),
        applicant: ApplicantType::NaturalPerson,
        applicant_name: "王五".into(),
        channel: Channel::Online,
        received: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        content: content.into(),
        events: vec![],
    }
}

#[tokio::test]
async fn one_login_works_in_each_agency_in_its_role_there() {
    let mut site = site().await;
    let (edu_id, edu) = common::register_agency(&site.store, "新郑市教育局", EDU).await;
    let today = gongkai_testkit::today();
    site.store
        .add_applications(&[case("BJ-0001", "本局的申请")], today)
        .await
        .unwrap();
    edu.add_applications(&[case("JY-0001", "教育局的申请")], today)
        .await
        .unwrap();
    // 张: staff at home, office head at the 教育局. 李: staff at the 教育局 only.
    let zhang = add_user(&site.store, "zhang", "staff", "张三", false)
        .await
        .unwrap();
    edu.grant_role("zhang", "office_head").await.unwrap();
    let li = add_user(&edu, "li", "staff", "李四", false).await.unwrap();
    site.passwords.insert("zhang".into(), zhang);
    site.passwords.insert("li".into(), li);
    assert_eq!(
        site.store.roles_of("zhang").await.unwrap(),
        [
            ("home".to_string(), "staff".to_string()),
            (edu_id.clone(), "office_head".to_string())
        ]
    );

    let z = login(&site, "zhang").await;
    let page = |path: &str, cookie: &str| {
        let (app, path, cookie) = (site.app.clone(), path.to_string(), cookie.to_string());
        async move { send(&app, get(&path, Some(&cookie))).await }
    };
    let (_, cases, _) = page("/staff/cases", &z).await;
    assert!(
        cases.contains("BJ-0001") && !cases.contains("JY-0001"),
        "{cases}"
    );
    assert_eq!(page("/staff/audit", &z).await.0, 403, "staff at home");
    let (_, choose, _) = page("/staff/agency", &z).await;
    assert!(choose.contains("切换机关"));
    assert!(
        choose.contains("<td>新郑市教育局</td><td>负责人</td>"),
        "{choose}"
    );
    assert!(
        choose.contains("<td>示例市示例局</td><td>工作人员</td><td>当前机关</td>"),
        "{choose}"
    );
    let csrf = csrf_of(&choose);

    // Switching to an agency without a role there is refused, and changes nothing.
    let (status, refused, _) = send(
        &site.app,
        post(
            "/staff/agency",
            &[("csrf", &csrf), ("agency", "uffffffffffff")],
            Some(&z),
        ),
    )
    .await;
    assert_eq!(status, 403);
    assert!(refused.contains("您在所选机关没有"), "{refused}");
    let (status, _, _) = send(
        &site.app,
        post(
            "/staff/agency",
            &[("csrf", "stale"), ("agency", &edu_id)],
            Some(&z),
        ),
    )
    .await;
    assert_eq!(status, 403, "a form without the session's token");
    let (_, cases, _) = page("/staff/cases", &z).await;
    assert!(cases.contains("BJ-0001"), "still at home");

    // Switched: the 教育局's cases, name and audit log, as its office head.
    let (status, _, headers) = send(
        &site.app,
        post(
            "/staff/agency",
            &[("csrf", &csrf), ("agency", &edu_id)],
            Some(&z),
        ),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(headers["location"], "/staff");
    let (_, cases, _) = page("/staff/cases", &z).await;
    assert!(
        cases.contains("JY-0001") && !cases.contains("BJ-0001"),
        "{cases}"
    );
    assert!(
        cases.contains("<h1>新郑市教育局 政府信息公开工作台</h1>"),
        "{cases}"
    );
    let (_, shown, _) = page("/staff/cases/JY-0001", &z).await;
    assert!(shown.contains("教育局的申请"));
    assert_eq!(
        page("/staff/cases/BJ-0001", &z).await.0,
        404,
        "home's case by number"
    );
    let (status, audit, _) = page("/staff/audit", &z).await;
    assert_eq!(status, 200, "office head in the 教育局");
    assert!(
        audit.contains("个人信息查阅记录") && !audit.contains("BJ-0001"),
        "{audit}"
    );

    // As the 教育局's office head, 张 manages its members only: 李, not the deployment's own office head.
    let (status, users, _) = page("/staff/users", &z).await;
    assert_eq!(status, 200);
    assert!(
        users.contains("<td><code>li</code></td>")
            && !users.contains("<td><code>office</code></td>"),
        "{users}"
    );
    let csrf = csrf_of(&users);
    let (status, _, _) = send(
        &site.app,
        post(
            "/staff/users/office",
            &[("csrf", &csrf), ("action", "disable")],
            Some(&z),
        ),
    )
    .await;
    assert_eq!(status, 403, "an account of another agency");
    assert!(!site.store.user("office").await.unwrap().unwrap().disabled);

    // 李 starts in the 教育局, and cannot switch home.
    let l = login(&site, "li").await;
    let (_, cases, _) = page("/staff/cases", &l).await;
    assert!(
        cases.contains("JY-0001") && !cases.contains("BJ-0001"),
        "{cases}"
    );
    let (_, choose, _) = page("/staff/agency", &l).await;
    assert!(!choose.contains("示例市示例局</td>"), "{choose}");
    let (status, _, _) = send(
        &site.app,
        post(
            "/staff/agency",
            &[("csrf", &csrf_of(&choose)), ("agency", "home")],
            Some(&l),
        ),
    )
    .await;
    assert_eq!(status, 403);

    // An API token works where its account does: 李's in the 教育局 only, 张's at home (where he works first).
    let li_token = common::token(&site, "li", "").await;
    let (status, body) = common::call(
        &site.app,
        common::api("GET", "/api/cases", Some(&li_token), None),
    )
    .await;
    assert_eq!(status, 200);
    let listed = body.to_string();
    assert!(
        listed.contains("JY-0001") && !listed.contains("BJ-0001"),
        "{listed}"
    );
    let (_, body) = common::call(
        &site.app,
        common::api("GET", "/api/cases/BJ-0001", Some(&li_token), None),
    )
    .await;
    assert!(!body.to_string().contains("本局的申请"), "{body}");
    let zhang_token = common::token(&site, "zhang", "").await;
    let (_, body) = common::call(
        &site.app,
        common::api("GET", "/api/cases", Some(&zhang_token), None),
    )
    .await;
    assert!(
        body.to_string().contains("BJ-0001") && !body.to_string().contains("JY-0001"),
        "{body}"
    );

    // Revoked: the session working there ends.
    edu.revoke_role("li").await.unwrap();
    let (status, _, headers) = page("/staff/cases", &l).await;
    assert_eq!(status, 303);
    assert_eq!(headers["location"], "/staff/login");
    assert!(site.store.roles_of("li").await.unwrap().is_empty());
}
