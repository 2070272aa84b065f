//! The supervising office's settings page: supervisors see it, only the system administrator saves it; a missing
//! name is refused next to its field; the saved name heads every supervision page, the change is audited, and
//! the overview opens on the region the office supervises (all units when asked for).

mod common;

use axum::http::{StatusCode, header};
use common::*;

fn corpus(name: &str) -> (&str, Vec<u8>) {
    (
        name,
        std::fs::read(gongkai_testkit::corpus().join(name)).unwrap(),
    )
}

#[tokio::test]
async fn the_office_names_itself_and_its_region() {
    let site = site().await;
    let root_pw = gongkai_web::agency::add_user(&site.store, "root", "admin", "系统管理员", false)
        .await
        .unwrap();
    let (status, _, headers) = send(
        &site.app,
        post(
            "/staff/login",
            &[("username", "root"), ("password", &root_pw)],
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let root = headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let sv = login(&site, "supervisor").await;

    // A supervisor sees the settings, greyed, and may not save them.
    let (status, page, _) = send(&site.app, get("/supervise/settings", Some(&sv))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("只能由系统管理员修改") && page.contains(" disabled"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let (status, _, _) = send(
        &site.app,
        post(
            "/supervise/settings",
            &[("csrf", &csrf), ("name", "某办")],
            Some(&sv),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Two units in two regions.
    let (_, form, _) = send(&site.app, get("/supervise/upload", Some(&root))).await;
    let files = [corpus("2019_pingtan-gyz.txt"), corpus("2023_hongze-qu.pdf")];
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let (status, page, _) = send(
        &site.app,
        multipart("/supervise/upload", &root, &csrf_of(&form), "files", &files),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");

    // The administrator: a missing name is refused beside its field; then saved.
    let (_, page, _) = send(&site.app, get("/supervise/settings", Some(&root))).await;
    assert!(!page.contains(" disabled"));
    let csrf = csrf_of(&page);
    let (status, page, _) = send(
        &site.app,
        post(
            "/supervise/settings",
            &[
                ("csrf", &csrf),
                ("name", " "),
                ("supervision_region", "洪泽区"),
            ],
            Some(&root),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("请填写监督机关名称") && page.contains("aria-invalid=\"true\""),
        "{page}"
    );
    assert!(
        page.contains("value=\"洪泽区\""),
        "what was typed is kept: {page}"
    );
    let (status, _, headers) = send(
        &site.app,
        post(
            "/supervise/settings",
            &[
                ("csrf", &csrf),
                ("name", "淮安市洪泽区人民政府办公室"),
                ("supervision_region", " 洪泽区 ／ "),
                ("phone", "0517-00000000"),
            ],
            Some(&root),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/supervise/settings?saved=1");
    let (_, page, _) = send(&site.app, get("/supervise/settings?saved=1", Some(&sv))).await;
    assert!(
        page.contains("已保存") && page.contains("value=\"洪泽区\""),
        "{page}"
    );

    // The name heads the pages; the overview opens on the region, and shows all units when asked.
    let (_, page, _) = send(&site.app, get("/supervise", Some(&sv))).await;
    assert!(
        page.contains("- 监督评估 - 淮安市洪泽区人民政府办公室</title>"),
        "{page}"
    );
    assert!(page.contains("<h2>洪泽区 2023 年度报告评估</h2>"), "{page}");
    assert!(!page.contains("平潭综合实验区国有资产管理局"), "{page}");
    let (_, page, _) = send(&site.app, get("/supervise?region=", Some(&sv))).await;
    assert!(page.contains("平潭综合实验区国有资产管理局"), "{page}");
    let (_, audit, _) = send(&site.app, get("/staff/audit", Some(&root))).await;
    assert!(audit.contains("修改监督机关设置"), "{audit}");
}
