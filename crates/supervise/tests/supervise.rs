//! Supervision data on real published reports (../shared/corpus): one unit's consecutive years ingested, paired
//! with the cross-year rules; the same files again change nothing; a re-publication is a new version; an
//! unreadable file is listed with its reason; a correction makes a new version (the earlier one readable), is
//! recorded with who and why, changes the problems and the datasets.

use gongkai_model::CellValue;
use gongkai_store::Store;
use gongkai_supervise::correct::{CellRef, correct};
use gongkai_supervise::{export, ingest, problems};
use std::path::PathBuf;

fn corpus(name: &str) -> PathBuf {
    gongkai_testkit::corpus().join(name)
}

async fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("sv.db").to_str().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_units_years_are_ingested_paired_and_corrected_with_history() {
    let dir = tempfile::tempdir().unwrap();
    scenario(store(&dir).await, &dir).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: set GONGKAI_TEST_PG_URL (bash .ci/run does)"]
async fn the_same_on_postgresql() {
    let url = std::env::var("GONGKAI_TEST_PG_URL")
        .expect("GONGKAI_TEST_PG_URL must point at a PostgreSQL database");
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    // A schema of its own, so that the store tests using the same database are not disturbed.
    for sql in [
        "DROP SCHEMA IF EXISTS supervise_test CASCADE",
        "CREATE SCHEMA supervise_test",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{sep}options=-c%20search_path%3Dsupervise_test");
    let dir = tempfile::tempdir().unwrap();
    scenario(Store::open(&url).await.unwrap(), &dir).await;
}

async fn scenario(store: Store, dir: &tempfile::TempDir) {
    // Three consecutive years of the 平潭 government's reports, each copied into a tree of folders, and a
    // damaged file.
    let tree = dir.path().join("reports");
    for (i, f) in [
        "2019_pingtan-syq.txt",
        "2020_pingtan-syq.txt",
        "2021_pingtan-syq.txt",
    ]
    .iter()
    .enumerate()
    {
        let sub = tree.join(format!("batch{i}/deeper"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::copy(corpus(f), sub.join(f)).unwrap();
    }
    std::fs::write(tree.join("broken.pdf"), b"%PDF-1.7\n1 0 obj <<").unwrap();
    let quiet = |_: usize, _: usize| {};
    // Ingests and corrections are recorded at the injected day's moment, not the machine's.
    let today = gongkai_ledger::today::Today::Fixed(gongkai_testkit::today());
    let s = ingest::ingest(
        &store,
        std::slice::from_ref(&tree),
        "监督人员",
        today,
        &quiet,
    )
    .await
    .unwrap();
    assert_eq!(
        (s.files, s.new_reports, s.new_versions, s.known),
        (4, 3, 0, 0)
    );
    assert_eq!(s.failed.len(), 1);
    assert!(s.failed[0].0.ends_with("broken.pdf"));
    let failures = store.failures().await.unwrap();
    assert_eq!(
        failures.len(),
        1,
        "the unreadable file is kept with its reason"
    );
    // The same files again: nothing new.
    let again = ingest::ingest(
        &store,
        std::slice::from_ref(&tree),
        "监督人员",
        today,
        &quiet,
    )
    .await
    .unwrap();
    assert_eq!(
        (
            again.known,
            again.new_reports,
            again.new_versions,
            again.failed.len()
        ),
        (4, 0, 0, 0)
    );
    // The same report published again in another form (HTML): a new version of that year's report.
    let more = ingest::ingest(
        &store,
        &[corpus("2019_pingtan-syq.html")],
        "监督人员",
        today,
        &quiet,
    )
    .await
    .unwrap();
    assert_eq!((more.new_reports, more.new_versions), (0, 1));
    let reports = store.supervised_reports().await.unwrap();
    assert_eq!(
        reports
            .iter()
            .map(|r| (r.year, r.version))
            .collect::<Vec<_>>(),
        [(2019, 2), (2020, 1), (2021, 1)]
    );
    // The document is kept as read, to be shown next to its problems.
    let hash = store
        .version_document(&reports[1].id, 1)
        .await
        .unwrap()
        .unwrap();
    let (name, content) = store.document_file(&hash).await.unwrap().unwrap();
    assert_eq!(name, "2020_pingtan-syq.txt");
    assert_eq!(
        content,
        std::fs::read(corpus("2020_pingtan-syq.txt")).unwrap()
    );
    // Pairing: each year's diagnostics are those of the rules run with last year's report, computed here
    // directly from the files.
    let read = |f: &str| gongkai_read::read_path(&corpus(f)).unwrap();
    let (r2019, r2020, r2021) = (
        read("2019_pingtan-syq.html"),
        read("2020_pingtan-syq.txt"),
        read("2021_pingtan-syq.txt"),
    );
    let codes = |d: Vec<gongkai_check::Diagnostic>| {
        let mut c: Vec<String> = d
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        c.sort();
        c
    };
    let stored = |i: usize| {
        let store = store.clone();
        let r = reports[i].clone();
        async move {
            let mut c: Vec<String> = store
                .version_diagnostics(&r.id, r.version)
                .await
                .unwrap()
                .iter()
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
            c.sort();
            c
        }
    };
    assert_eq!(
        stored(1).await,
        codes(gongkai_check::check(&r2020, Some(&r2019)))
    );
    assert_eq!(
        stored(2).await,
        codes(gongkai_check::check(&r2021, Some(&r2020)))
    );
    assert_eq!(stored(0).await, codes(gongkai_check::check(&r2019, None)));
    let all = problems(&store).await.unwrap();
    assert_eq!(all.len(), 1, "one unit");
    assert_eq!(all[0].reports.len(), 3);
    // A correction: 2020's 结转下年度 总计 changed; the new version holds it, the old one is still readable,
    // the change is recorded, next year's cross-year check follows it, the dataset marks it.
    let id = reports[1].id.clone();
    let (_, before) = store.version_data(&id, Some(1)).await.unwrap().unwrap();
    let old = before["table3"]["carried_forward"][6].clone();
    let new = CellValue::Number(rust_decimal::Decimal::from(old.as_i64().unwrap_or(0) + 100));
    let cell = CellRef {
        table: "table3".into(),
        row: "carried_forward".into(),
        column: "6".into(),
    };
    assert!(
        correct(&store, &id, &cell, new.clone(), "监督人员甲", " ", today)
            .await
            .is_err(),
        "a reason is required"
    );
    let v = correct(
        &store,
        &id,
        &cell,
        new,
        "监督人员甲",
        "原文第 3 页表三合计栏为此数",
        today,
    )
    .await
    .unwrap();
    assert_eq!(v, 2);
    let (_, after) = store.version_data(&id, Some(2)).await.unwrap().unwrap();
    assert_eq!(
        after["table3"]["carried_forward"][6].as_i64(),
        old.as_i64().map(|n| n + 100)
    );
    let (_, still) = store.version_data(&id, Some(1)).await.unwrap().unwrap();
    assert_eq!(
        still["table3"]["carried_forward"][6], old,
        "the earlier version stays readable"
    );
    let log = store.corrections(&id).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0][6], "监督人员甲");
    let at = chrono::DateTime::parse_from_rfc3339(&log[0][7]).unwrap();
    assert_eq!(
        (at + chrono::Duration::hours(8)).date_naive(),
        gongkai_testkit::today(),
        "the correction's time is on the injected day in Beijing"
    );
    assert!(log[0][8].contains("第 3 页"));
    let r2020_fixed = gongkai_model::exchange::from_json(&after).unwrap();
    let reports = store.supervised_reports().await.unwrap();
    assert_eq!(stored(2).await.len(), {
        let r = reports[2].clone();
        store
            .version_diagnostics(&r.id, r.version)
            .await
            .unwrap()
            .len()
    });
    let next = {
        let r = reports[2].clone();
        let mut c: Vec<String> = store
            .version_diagnostics(&r.id, r.version)
            .await
            .unwrap()
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        c.sort();
        c
    };
    assert_eq!(
        next,
        codes(gongkai_check::check(&r2021, Some(&r2020_fixed)))
    );
    assert!(
        next.iter().any(|c| c.starts_with("PREV-CARRY")),
        "the changed carry-over breaks next year's: {next:?}"
    );
    let long = export::long(&store).await.unwrap();
    assert_eq!(long[0], gongkai_supervise::export::LONG_HEADER);
    let marked: Vec<_> = long[1..].iter().filter(|r| r[8] == "corrected").collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert_eq!(
        (&marked[0][3][..], &marked[0][4][..], &marked[0][5][..]),
        ("table3", "carried_forward", "total")
    );
}
