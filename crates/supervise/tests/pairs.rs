//! 雷同 pairs are computed when reports are ingested and stored: the stored pairs are those the detector finds
//! over every stored report; reading them again computes nothing while no report changed; a new version of a
//! report (here the same report read again from its web page) brings them up to date.

use gongkai_store::Store;
use gongkai_supervise::{ensure_pairs, ingest::ingest, similar::similar_pairs, stored_docs};

fn corpus(name: &str) -> std::path::PathBuf {
    gongkai_testkit::corpus().join(name)
}

async fn ingest_files(store: &Store, names: &[&str]) {
    let paths: Vec<_> = names.iter().map(|n| corpus(n)).collect();
    let today = gongkai_ledger::today::Today::Fixed(gongkai_testkit::today());
    ingest(store, &paths, "测试", today, &|_, _| {})
        .await
        .unwrap();
}

/// The stored pairs against a fresh detection: (a, b, similarity, shares).
async fn stored_and_fresh(
    store: &Store,
) -> (
    Vec<(String, String, f64, (f64, f64))>,
    Vec<(String, String, f64, (f64, f64))>,
) {
    let key = |a: String, b: String, s: f64, sh: (f64, f64)| (a, b, s, sh);
    let mut stored: Vec<_> = store
        .every_pair()
        .await
        .unwrap()
        .into_iter()
        .map(|p| key(p.a, p.b, p.similarity, p.shares))
        .collect();
    let mut fresh: Vec<_> = similar_pairs(&stored_docs(store).await.unwrap(), 0.05)
        .into_iter()
        .map(|p| key(p.a, p.b, p.similarity, p.shares))
        .collect();
    stored.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    fresh.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    (stored, fresh)
}

#[tokio::test]
async fn pairs_are_computed_at_ingest_and_only_when_reports_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("sv.db").to_str().unwrap())
        .await
        .unwrap();
    ingest_files(
        &store,
        &[
            "2019_pingtan-syq.txt",
            "2020_pingtan-syq.txt",
            "2021_pingtan-syq.txt",
            "2022_pingtan-syq.txt",
        ],
    )
    .await;
    let (stored, fresh) = stored_and_fresh(&store).await;
    assert!(!stored.is_empty(), "a unit's years share prose");
    assert_eq!(stored, fresh);

    // Nothing changed: reading computes nothing (pairs wiped under the same stamp stay wiped).
    let stamp = store.pairs_stamp().await.unwrap();
    assert!(!stamp.is_empty());
    store.replace_pairs(&[], &stamp).await.unwrap();
    ensure_pairs(&store, &store.supervised_reports().await.unwrap())
        .await
        .unwrap();
    assert!(store.every_pair().await.unwrap().is_empty());

    // A new version of a report: recomputed.
    ingest_files(&store, &["2019_pingtan-syq.html"]).await;
    assert_ne!(store.pairs_stamp().await.unwrap(), stamp);
    let (stored, fresh) = stored_and_fresh(&store).await;
    assert!(!stored.is_empty());
    assert_eq!(stored, fresh);
}
