//! The publication date belongs to the publish step (issue 19): an entry scheduled for a later day is found by
//! nobody in the public search before that day; an edit cannot set or backdate the date; a correction of it
//! needs a reason and is recorded in the entry's history.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

fn draft(written: &str) -> Value {
    json!({
        "index_no": "", "title": "关于湿地资源调查的通知", "publisher": "示例市示例局",
        "doc_no": null, "written": written, "published": null, "withdrawn": null,
        "topic": "城乡建设、环境保护", "genre": "通知", "kind": "other", "art20": null,
        "mode": "主动公开", "validity": {"state": "in_force"}, "amends": null,
        "body": "<p>开展全市湿地资源调查。</p>"
    })
}

#[tokio::test]
async fn publication_dates_are_set_by_steps_and_corrections_are_recorded() {
    let today = gongkai_testkit::today();
    let site = site().await;
    site.store
        .set_settings(&[("org_code", "11350100003591037X")])
        .await
        .unwrap();
    let token = common::token(&site, "staff", "测试").await;
    let t = Some(token.as_str());
    let written = (today - chrono::Duration::days(20)).to_string();

    // A new entry with a publication date is refused: it is a draft until published.
    let mut dated = draft(&written);
    dated["published"] = json!(today.to_string());
    let (status, body) = call(&site.app, api("POST", "/api/catalogue", t, Some(dated))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.to_string().contains("只能由“发布”“撤回”操作设定"),
        "{body}"
    );
    let (status, created) = call(
        &site.app,
        api("POST", "/api/catalogue", t, Some(draft(&written))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let no = created["index_no"].as_str().unwrap().to_string();
    let steps = format!("/api/catalogue/steps?index_no={}", enc(&no));

    // Scheduled for ten days later: not found by the public search, not counted, until that day.
    let later = today + chrono::Duration::days(10);
    let (status, body) = call(
        &site.app,
        api(
            "POST",
            &steps,
            t,
            Some(json!({"action": "publish", "date": later.to_string()})),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let search = format!("/xxgk/search?q={}", enc("湿地"));
    let (_, page, _) = send(&site.app, get(&search, None)).await;
    assert!(page.contains("没有找到相关信息"), "{page}");
    assert!(!page.contains("（1 条）"), "{page}");

    // An edit that backdates the publication is refused, and nothing changes.
    let mut edited = site
        .store
        .entry(&no)
        .await
        .unwrap()
        .map(|e| serde_json::to_value(e).unwrap())
        .unwrap();
    edited["published"] = json!(written);
    let put = format!("/api/catalogue/entry?index_no={}", enc(&no));
    let (status, body) = call(&site.app, api("PUT", &put, t, Some(edited))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        site.store.entry(&no).await.unwrap().unwrap().published,
        Some(later)
    );

    // A correction without a reason is refused; with one it is made and recorded.
    let correct =
        |by: &str| json!({"action": "correct-published", "date": today.to_string(), "by": by});
    let (status, body) = call(&site.app, api("POST", &steps, t, Some(correct(" ")))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("须写明理由"), "{body}");
    let (status, body) = call(
        &site.app,
        api("POST", &steps, t, Some(correct("录入时误填发布日期"))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let history = site.store.entry_history(&no).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        last[2],
        format!("更正发布日期：{later} 改为 {today}（理由：录入时误填发布日期）")
    );
    assert!(last[1].contains("staff"), "{last:?}");
    let (_, page, _) = send(&site.app, get(&search, None)).await;
    assert!(page.contains("关于湿地资源调查的通知"), "{page}");
}
