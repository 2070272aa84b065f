//! The supervisor's 机关登记 page through the router: the system administrator registers an agency by the form
//! (a wrong code refused with the reason, the values kept) and by a unit list (a list with bad rows registers
//! nothing and names them; an XLSX list registers all); supervisors see the list without the forms; every
//! registration is in the audit log.

mod common;

use axum::http::header;
use common::*;

#[tokio::test]
async fn the_administrator_registers_agencies_by_form_and_by_list() {
    let mut site = site().await;
    let pw = gongkai_web::agency::add_user(&site.store, "admin", "admin", "管理员", false)
        .await
        .unwrap();
    site.passwords.insert("admin".into(), pw);
    let admin = login(&site, "admin").await;
    let (status, html, _) = send(&site.app, get("/supervise/agencies", Some(&admin))).await;
    assert_eq!(status, 200);
    assert!(html.contains("尚未登记机关") && html.contains("登记一个机关"));
    let csrf = csrf_of(&html);

    // A code with a wrong check character: refused with the reason, the typed values kept.
    let fields = |code: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("name", "新郑市教育局".to_string()),
            ("code", code.to_string()),
            ("short_name", "市教育局".to_string()),
            ("region", "河南省/郑州市/新郑市".to_string()),
            ("office", "新郑市人民政府办公室".to_string()),
            ("host", String::new()),
        ]
    };
    let send_form = |f: Vec<(&'static str, String)>| {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post("/supervise/agencies", &pairs, Some(&admin))
    };
    let (status, html, _) = send(&site.app, send_form(fields("11410184005252780X"))).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("校验位（第 18 位）应为“Y”，实为“X”"),
        "{html}"
    );
    assert!(
        html.contains(r#"value="新郑市教育局""#),
        "the form keeps what was typed"
    );
    let (status, _, headers) = send(&site.app, send_form(fields("11410184005252780Y"))).await;
    assert_eq!(status, 303);
    let to = headers[header::LOCATION].to_str().unwrap().to_string();
    let (_, html, _) = send(&site.app, get(&to, Some(&admin))).await;
    assert!(html.contains("已登记“新郑市教育局”"), "{html}");
    assert!(html.contains("11410184005252780Y") && html.contains("已登记的机关（1 个）"));

    // A list with a bad row: nothing registered, the row named.
    let bad = "单位名称,统一社会信用代码,地区\n新郑市财政局,11410184005252799U,河南省/郑州市/新郑市\n新郑市某局,123,河南省/郑州市/新郑市\n";
    let (status, html, _) = send(
        &site.app,
        multipart(
            "/supervise/agencies/import",
            &admin,
            &csrf,
            "file",
            &[("agencies.csv", bad.as_bytes())],
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("第 3 行（新郑市某局）：统一社会信用代码“123”应为 18 位"),
        "{html}"
    );
    assert_eq!(site.store.agencies().await.unwrap().len(), 1);

    // The same list mended, as XLSX: registered.
    let rows: Vec<Vec<String>> = [
        ["单位名称", "统一社会信用代码", "地区", "监督机关"],
        [
            "新郑市财政局",
            "11410184005252799U",
            "河南省/郑州市/新郑市",
            "新郑市人民政府办公室",
        ],
        [
            "新郑市某局",
            "11410184MB1234567J",
            "河南省/郑州市/新郑市",
            "新郑市人民政府办公室",
        ],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    let xlsx = gongkai_store::sheet::xlsx_bytes("机关", &rows).unwrap();
    let (status, _, headers) = send(
        &site.app,
        multipart(
            "/supervise/agencies/import",
            &admin,
            &csrf,
            "file",
            &[("agencies.xlsx", &xlsx)],
        ),
    )
    .await;
    assert_eq!(status, 303);
    let to = headers[header::LOCATION].to_str().unwrap().to_string();
    let (_, html, _) = send(&site.app, get(&to, Some(&admin))).await;
    assert!(html.contains("新登记 2 个，更新 0 个"), "{html}");
    assert!(html.contains("已登记的机关（3 个）"));

    // A supervisor sees the list, not the forms.
    let sv = login(&site, "supervisor").await;
    let (status, html, _) = send(&site.app, get("/supervise/agencies", Some(&sv))).await;
    assert_eq!(status, 200);
    assert!(html.contains("新郑市财政局") && !html.contains("登记一个机关"));
    assert!(html.contains("机关只能由系统管理员登记"));

    let log = site.store.audit_log(10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"登记机关"), "{actions:?}");
    assert!(
        actions.contains(&"导入机关名单：新登记 2 个，更新 0 个"),
        "{actions:?}"
    );
}
