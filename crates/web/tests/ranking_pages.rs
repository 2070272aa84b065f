//! The overview at scale: 130 units' reports of one year ranked 100 to a page (every unit exactly once, scores
//! never rising from one page to the next), a page past the end showing the last, and 105 units without a
//! report named up to 100 with their number.

mod common;

use axum::http::StatusCode;
use common::*;
use gongkai_model::FormatVersion;
use gongkai_store::supervision::Unit;
use rand::SeedableRng;

const REPORTED: usize = 130;
const SILENT: usize = 105;

/// The (unit, score) rows of the ranking table.
fn ranking(page: &str) -> Vec<(String, f64)> {
    let table = &page[page.find("id=\"ranking\"").expect("ranking")..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<tr>")
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.split("<td>").skip(1).collect();
            let unit = cells[1]
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap();
            let score = cells[2].split('<').next().unwrap().parse().unwrap();
            (unit.to_string(), score)
        })
        .collect()
}

#[tokio::test]
async fn the_ranking_is_paged_and_units_without_a_report_are_counted() {
    let site = site().await;
    let tmp = tempfile::tempdir().unwrap();
    // Not the temporary directory itself: its name starts with a dot, and hidden folders are not read.
    let dir = tmp.path().join("pages");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    for i in 0..REPORTED {
        let name = format!("平潭综合实验区第{i:03}号局");
        let random = gongkai_write::testgen::random_report(&mut rng);
        let mut r = gongkai_write::draft::new_report(FormatVersion::V2021, 2024, &name);
        if random.format == Some(FormatVersion::V2021) {
            (r.table2, r.table3, r.table4) = (random.table2, random.table3, random.table4);
        }
        let html = gongkai_write::write(&r, gongkai_write::Target::Html, &[]).unwrap();
        std::fs::write(dir.join(format!("{i:03}.html")), html).unwrap();
    }
    let s = gongkai_supervise::ingest::ingest(
        &site.store,
        &[dir],
        "监督人员",
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
        &|_, _| {},
    )
    .await
    .unwrap();
    assert_eq!((s.new_reports, s.failed.len()), (REPORTED, 0));
    for i in 0..SILENT {
        let u = Unit {
            id: format!("silent-{i:03}"),
            name: format!("平潭综合实验区未报第{i:03}号局"),
            region: "平潭综合实验区".into(),
            office: String::new(),
            inferred: false,
        };
        site.store.put_unit(&u, &[]).await.unwrap();
    }
    let sv = login(&site, "supervisor").await;

    let (status, first, _) = send(&site.app, get("/supervise?year=2024", Some(&sv))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        first.contains(&format!(
            "共 {REPORTED} 个单位，每页 100 个，第 1 页，共 2 页"
        )),
        "{first}"
    );
    let (_, second, _) = send(&site.app, get("/supervise?year=2024&page=2", Some(&sv))).await;
    let (a, b) = (ranking(&first), ranking(&second));
    assert_eq!((a.len(), b.len()), (100, REPORTED - 100));
    let mut names: Vec<&str> = a.iter().chain(&b).map(|(u, _)| u.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), REPORTED, "every unit once");
    let scores: Vec<f64> = a.iter().chain(&b).map(|(_, s)| *s).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
    assert!(first.contains("href=\"/supervise?year=2024&amp;region=&amp;page=2\" rel=\"next\""));
    // Past the end: the last page.
    let (status, past, _) = send(&site.app, get("/supervise?year=2024&page=99", Some(&sv))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ranking(&past), b);

    let missing = &first[first.find("id=\"missing\"").expect("missing")..];
    let missing = &missing[..missing.find("</p>").unwrap()];
    assert!(
        missing.contains(&format!(
            "未读取到 2024 年度报告的单位共 {SILENT} 个，其中："
        )),
        "{missing}"
    );
    assert_eq!(missing.matches("平潭综合实验区未报第").count(), 100);
    assert!(missing.ends_with("等（完整名单见评估报告）。"), "{missing}");
}
