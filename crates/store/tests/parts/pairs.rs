//! The stored 雷同 pairs: replaced as a whole with the stamp of what they were computed from, read most similar
//! first a page at a time with the count of all above a threshold.

use gongkai_store::Store;
use gongkai_store::supervision::StoredPair;

fn pair(i: usize, similarity: f64) -> StoredPair {
    StoredPair {
        a: format!("r{i:03}a"),
        b: format!("r{i:03}b"),
        same_unit: i.is_multiple_of(2),
        similarity,
        shares: (similarity, similarity / 2.0),
        passages: format!("[[\"甲{i}\",\"乙{i}\",0.9]]"),
    }
}

pub async fn similar_pairs(store: &Store) {
    assert_eq!(store.pairs_stamp().await.unwrap(), "");
    // 45 pairs: similarity 0.01 … 0.45.
    let pairs: Vec<StoredPair> = (1..=45).map(|i| pair(i, i as f64 / 100.0)).collect();
    store.replace_pairs(&pairs, "first").await.unwrap();
    assert_eq!(store.pairs_stamp().await.unwrap(), "first");
    let (page1, total) = store.pairs(0.2, 20, 0).await.unwrap();
    assert_eq!(total, 26, "0.20 … 0.45");
    assert_eq!(page1.len(), 20);
    assert_eq!(page1[0], pairs[44], "most similar first, every field kept");
    let (page2, _) = store.pairs(0.2, 20, 20).await.unwrap();
    assert_eq!(page2.len(), 6);
    assert_eq!(page2.last().unwrap().similarity, 0.2);
    assert_eq!(store.every_pair().await.unwrap().len(), 45);
    // Replaced as a whole.
    store.replace_pairs(&pairs[..3], "second").await.unwrap();
    assert_eq!(store.every_pair().await.unwrap().len(), 3);
    assert_eq!(store.pairs_stamp().await.unwrap(), "second");
    store.replace_pairs(&[], "third").await.unwrap();
    assert_eq!(store.pairs(0.0, 20, 0).await.unwrap(), (vec![], 0));
}
