//! Every report's facts as the supervisor's pages read them: the briefs stored at ingest equal the briefs of the
//! documents read here; gathered for one report they are the same as among all; the cache keeps them while
//! nothing changes and reads them again after a correction, a region change or another server's change; a
//! database without briefs (an earlier release's) gets them made and stored.

use gongkai_model::{CellValue, Report};
use gongkai_store::Store;
use gongkai_supervise::assess::{self, Facts, brief::Brief, brief::Known, cache::Cache};
use gongkai_supervise::correct::{CellRef, correct};
use rand::SeedableRng;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Enough reports to rank and compare (45 units, one report each).
const UNITS: usize = 45;

fn reports() -> Vec<Report> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    (0..UNITS)
        .map(|i| {
            let mut r = gongkai_write::testgen::random_report(&mut rng);
            let name = format!("平潭综合实验区第{i}号局");
            let year = r.year.unwrap();
            r.agency = Some(name.clone());
            r.title = Some(format!("{name}{year}年政府信息公开工作年度报告"));
            r
        })
        .collect()
}

/// Writes the reports as published pages, with the brief each must get (the page read here), and ingests them.
async fn ingested(dir: &tempfile::TempDir, url: &str) -> (Store, BTreeMap<String, Brief>) {
    let files = dir.path().join("pages");
    std::fs::create_dir_all(&files).unwrap();
    let mut expected = BTreeMap::new();
    for (i, r) in reports().iter().enumerate() {
        let html = gongkai_write::write(r, gongkai_write::Target::Html, &[]).unwrap();
        let read = gongkai_read::read_bytes("page.html", &html).unwrap();
        expected.insert(r.agency.clone().unwrap(), Brief::of(&read));
        std::fs::write(files.join(format!("{i:02}.html")), html).unwrap();
    }
    let store = Store::open(url).await.unwrap();
    let s = gongkai_supervise::ingest::ingest(
        &store,
        &[files],
        "监督人员",
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
        &|_, _| {},
    )
    .await
    .unwrap();
    assert_eq!((s.new_reports, s.failed.len()), (UNITS, 0), "{s:?}");
    (store, expected)
}

fn sqlite(dir: &tempfile::TempDir) -> String {
    dir.path().join("a.db").to_str().unwrap().to_string()
}

/// The facts as comparable values (unit, year, version, brief, diagnostics' codes, 雷同).
fn comparable(f: &Facts) -> String {
    format!(
        "{} {} {} {:?} {:?} {:?} {:?} {}",
        f.unit,
        f.year,
        f.version,
        f.brief,
        f.diagnostics
            .iter()
            .map(|d| (&d.code, &d.message))
            .collect::<Vec<_>>(),
        f.similar,
        f.self_copy,
        f.region
    )
}

#[tokio::test]
async fn stored_briefs_are_the_documents_and_the_cache_follows_every_change() {
    let dir = tempfile::tempdir().unwrap();
    scenario(&dir, &sqlite(&dir)).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: set GONGKAI_TEST_PG_URL (bash .ci/run does)"]
async fn the_same_on_postgresql() {
    let url = std::env::var("GONGKAI_TEST_PG_URL")
        .expect("GONGKAI_TEST_PG_URL must point at a PostgreSQL database");
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    // A schema of its own, so that the other tests using the same database are not disturbed.
    for sql in [
        "DROP SCHEMA IF EXISTS facts_test CASCADE",
        "CREATE SCHEMA facts_test",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    let dir = tempfile::tempdir().unwrap();
    scenario(
        &dir,
        &format!("{url}{sep}options=-c%20search_path%3Dfacts_test"),
    )
    .await;
}

async fn scenario(dir: &tempfile::TempDir, url: &str) {
    let (store, expected) = ingested(dir, url).await;
    let cache = Cache::default();
    let first = cache.everything(&store).await.unwrap();
    assert_eq!(first.facts.len(), UNITS);
    for f in first.facts.iter() {
        assert_eq!(&f.brief, &expected[&f.unit], "{}", f.unit);
        assert!(!f.diagnostics.is_empty(), "random values break identities");
        // Gathered for this report alone, the same facts (雷同 and self-copy still from every pair).
        let one = assess::gather_where(&store, |r| r.id == f.report_id)
            .await
            .unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(comparable(&one[0]), comparable(f));
    }
    // Nothing changed: the same facts, not read again.
    let again = cache.everything(&store).await.unwrap();
    assert!(Arc::ptr_eq(&first, &again));

    // A correction: read again, with the corrected value; the facts handed out before stay as they were.
    let f = &first.facts[0];
    let row = f.brief.rows[0].key.clone();
    correct(
        &store,
        &f.report_id,
        &CellRef {
            table: "table3".into(),
            row: row.clone(),
            column: "0".into(),
        },
        CellValue::Number(Decimal::from(4321)),
        "监督人员",
        "依据原文第 3 页",
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
    )
    .await
    .unwrap();
    let after = cache.everything(&store).await.unwrap();
    assert!(!Arc::ptr_eq(&first, &after));
    let corrected = after
        .facts
        .iter()
        .find(|g| g.report_id == f.report_id)
        .unwrap();
    assert_eq!(corrected.version, 2);
    assert_eq!(
        corrected.brief.rows[0].cells[0],
        Known::Number(Decimal::from(4321))
    );
    assert_eq!(f.version, 1);

    // A unit moved to another region: read again.
    store
        .set_unit_region(&f.unit_id, "福建省/平潭综合实验区")
        .await
        .unwrap();
    let moved = cache.everything(&store).await.unwrap();
    let g = moved.facts.iter().find(|g| g.unit_id == f.unit_id).unwrap();
    assert_eq!(g.region, "福建省/平潭综合实验区");
    // Another server's change (a second store on the same database) is seen too.
    let other = Store::open(url).await.unwrap();
    other.set_unit_region(&f.unit_id, "福建省").await.unwrap();
    let seen = cache.everything(&store).await.unwrap();
    let g = seen.facts.iter().find(|g| g.unit_id == f.unit_id).unwrap();
    assert_eq!(g.region, "福建省");
}

#[tokio::test]
async fn versions_stored_without_briefs_get_them_made_from_their_readings() {
    let dir = tempfile::tempdir().unwrap();
    let (store, expected) = ingested(&dir, &sqlite(&dir)).await;
    let before: Vec<String> = assess::gather(&store, None)
        .await
        .unwrap()
        .iter()
        .map(comparable)
        .collect();
    sqlx::query("DELETE FROM sv_briefs")
        .execute(store.pool())
        .await
        .unwrap();
    let after = assess::gather(&store, None).await.unwrap();
    assert_eq!(after.iter().map(comparable).collect::<Vec<_>>(), before);
    for f in &after {
        assert_eq!(&f.brief, &expected[&f.unit]);
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sv_briefs")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(stored, UNITS as i64);
}
