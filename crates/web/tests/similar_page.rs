//! The 雷同 page a page at a time: 45 stored pairs, 26 of them at least 20% similar, shown 20 then 6, most
//! similar first, each pair collapsed behind its summary, with the count and the page links; the JSON API pages
//! the same way.

mod common;

use axum::http::StatusCode;
use common::*;
use gongkai_store::supervision::StoredPair;

#[tokio::test]
async fn pairs_are_paged_and_collapsed() {
    let site = site().await;
    let pairs: Vec<StoredPair> = (1..=45)
        .map(|i| StoredPair {
            a: format!("甲单位-{i:02}"),
            b: format!("乙单位-{i:02}"),
            same_unit: false,
            similarity: f64::from(i) / 100.0,
            shares: (f64::from(i) / 100.0, 0.1),
            passages: format!("[[\"甲的段落{i}\",\"乙的段落{i}\",0.9]]"),
        })
        .collect();
    // Stored as of the reports there are (none), so that they are current.
    let stamp = gongkai_supervise::pairs_stamp(&site.store.supervised_reports().await.unwrap());
    site.store.replace_pairs(&pairs, &stamp).await.unwrap();
    let sv = login(&site, "supervisor").await;

    let (status, page, _) = send(&site.app, get("/supervise/similar?min=20", Some(&sv))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("共 26 对，第 1 页，共 2 页"), "{page}");
    assert_eq!(page.matches("<details class=\"pair\">").count(), 20);
    assert!(!page.contains("<details class=\"pair\" open"));
    let first = page.find("甲单位-45").unwrap();
    assert!(
        first < page.find("甲单位-44").unwrap(),
        "most similar first"
    );
    assert!(page.contains("共有自有正文 45%，1 段"), "{page}");
    assert!(
        page.contains("href=\"/supervise/similar?min=20&amp;page=2\" rel=\"next\""),
        "{page}"
    );

    let (_, page, _) = send(
        &site.app,
        get("/supervise/similar?min=20&page=2", Some(&sv)),
    )
    .await;
    assert_eq!(page.matches("<details class=\"pair\">").count(), 6);
    assert!(
        page.contains("甲单位-20") && !page.contains("甲单位-19"),
        "{page}"
    );
    assert!(page.contains("rel=\"prev\"") && !page.contains("rel=\"next\""));

    let token = common::token(&site, "supervisor", "测试").await;
    let (status, v) = call(
        &site.app,
        api(
            "GET",
            "/api/supervise/similar?min=20&page=2",
            Some(&token),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 26);
    assert_eq!(v["pairs"].as_array().unwrap().len(), 6);
    assert_eq!(v["pairs"][0]["a"], "甲单位-25");
}
