//! 机关信息: the office head of a registered agency sets its particulars on the workspace; its public pages and
//! 公开指南 show them, the deployment's own agency keeps its own; staff may not; a value with a control
//! character or too long is refused with nothing saved.

mod common;

use common::{csrf_of, get, login, post, send, site};

const EDU: &str = "11410184005252780Y";

#[tokio::test]
async fn each_agency_sets_its_own_particulars() {
    let site = site().await;
    let (edu_id, edu) = common::register_agency(&site.store, "新郑市教育局", EDU).await;
    edu.grant_role("office", "office_head").await.unwrap();
    edu.grant_role("staff", "staff").await.unwrap();
    let office = login(&site, "office").await;
    let (_, switch, _) = send(&site.app, get("/staff/agency", Some(&office))).await;
    let moved = send(
        &site.app,
        post(
            "/staff/agency",
            &[("csrf", &csrf_of(&switch)), ("agency", &edu_id)],
            Some(&office),
        ),
    )
    .await;
    assert_eq!(moved.0, 303);
    let (status, form, _) = send(&site.app, get("/staff/settings", Some(&office))).await;
    assert_eq!(status, 200);
    assert!(
        form.contains("id=\"name\" name=\"name\" value=\"\""),
        "nothing set yet: {form}"
    );
    let csrf = csrf_of(&form);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("name", "新郑市教育局"),
        ("office", "新郑市教育局办公室"),
        ("address", "新郑市轩辕路 8 号"),
        ("postcode", "451100"),
        ("phone", "0371-62600000"),
        ("hours", "工作日 8:30–12:00"),
        ("review_body", "新郑市人民政府"),
        ("court", "新郑市人民法院"),
    ];
    // A control character, or a value too long: refused, nothing saved.
    fields.push(("icp", "豫ICP备\u{7}号"));
    let (status, refused, _) =
        send(&site.app, post("/staff/settings", &fields, Some(&office))).await;
    assert_eq!(status, 422);
    assert!(
        refused.contains("“ICP备案编号”不能含控制字符。"),
        "{refused}"
    );
    assert!(!edu.settings().await.unwrap().contains_key("office"));
    fields.pop();
    let long = "号".repeat(41);
    fields.push(("icp", long.as_str()));
    let (status, refused, _) =
        send(&site.app, post("/staff/settings", &fields, Some(&office))).await;
    assert_eq!(status, 422);
    assert!(
        refused.contains("“ICP备案编号”不能超过 40 个字。"),
        "{refused}"
    );
    fields.pop();
    let (status, _, headers) =
        send(&site.app, post("/staff/settings", &fields, Some(&office))).await;
    assert_eq!(status, 303);
    assert_eq!(headers["location"], "/staff/settings?saved=1");
    // Its 公开指南 shows them; the deployment's own agency keeps its own.
    let (_, guide, _) = send(&site.app, get(&format!("/{EDU}/"), None)).await;
    for shown in ["新郑市教育局办公室", "新郑市轩辕路 8 号", "0371-62600000"] {
        assert!(guide.contains(shown), "{shown}: {guide}");
    }
    // The 告知书's 行政复议机关 and court are its own.
    let stored = edu.settings().await.unwrap();
    assert_eq!(
        (stored["review_body"].as_str(), stored["court"].as_str()),
        ("新郑市人民政府", "新郑市人民法院")
    );
    let home = site.store.settings().await.unwrap();
    assert_eq!(home["office"], "示例市示例局办公室（政府信息公开工作机构）");
    // Staff may not change them.
    let staff = login(&site, "staff").await;
    let (status, _, _) = send(&site.app, get("/staff/settings", Some(&staff))).await;
    assert_eq!(status, 403);
}
