//! Search in Chinese over a generated catalogue with planted entries: two-character words, document numbers and
//! titles find the right entries; an updated entry is found by its new words only; a withdrawn one is gone.

use gongkai_search::{SearchIndex, generated};

/// The agency whose catalogue is searched.
const A: &str = "home";

#[test]
fn chinese_queries_find_the_right_entries() {
    let mut entries = generated::catalogue(3_000, 7);
    // Planted: a unique word in a title, and the body of another.
    entries[100].title = "关于加强古树名木保护管理的通知".into();
    entries[200].body = "<p>全面推行河湖长制，落实水域岸线管控。</p>".into();
    let index = SearchIndex::in_memory().unwrap();
    assert_eq!(
        index.rebuild(entries.iter().map(|e| (A, e))).unwrap(),
        3_000
    );
    let ids = |q: &str| -> Vec<String> {
        index
            .search(A, q, None, 0, 10)
            .unwrap()
            .0
            .into_iter()
            .map(|h| h.index_no)
            .collect()
    };
    // A document number: exactly the one entry of that year and number, whoever issued it.
    let want = &entries[20];
    assert_eq!(
        want.doc_no.as_deref().unwrap().split_once('〔').unwrap().1,
        "2025〕3号"
    );
    assert_eq!(ids("〔2025〕3号"), std::slice::from_ref(&want.index_no));
    assert_eq!(ids(want.doc_no.as_deref().unwrap())[0], want.index_no);
    // Two-character words, in titles (a part of a longer word) and bodies.
    assert_eq!(ids("古树")[0], entries[100].index_no);
    assert_eq!(ids("名木"), std::slice::from_ref(&entries[100].index_no));
    assert_eq!(ids("河湖"), std::slice::from_ref(&entries[200].index_no));
    // Every entry whose title has 规划 (in 城乡规划) is found, and no other.
    let (hits, count) = index.search(A, "规划", None, 0, 3_000).unwrap();
    let expected = entries
        .iter()
        .filter(|e| e.title.contains("规划") || e.body.contains("规划"))
        .count();
    assert_eq!(count, expected);
    assert_eq!(hits.len(), expected);
    // A title as typed: its entries first.
    let t = entries[1234].title.clone();
    let (hits, _) = index.search(A, &t, None, 0, 50).unwrap();
    assert!(
        hits.iter()
            .take(20)
            .any(|h| h.index_no == entries[1234].index_no),
        "{t}"
    );
    // The 索引号 itself.
    assert_eq!(ids(&entries[42].index_no)[0], entries[42].index_no);
    // An update is found by its new words only; a removed entry is gone.
    let mut changed = entries[100].clone();
    changed.title = "关于开展湿地资源调查的通知".into();
    index.put(A, &changed.index_no, Some(&changed)).unwrap();
    assert!(ids("古树").is_empty());
    assert_eq!(ids("湿地"), std::slice::from_ref(&changed.index_no));
    // Scheduled for later publication: found by the office, not by the public before its day.
    let day = changed.published.unwrap();
    let mut later = changed.clone();
    later.published = Some(day + chrono::Duration::days(30));
    index.put(A, &later.index_no, Some(&later)).unwrap();
    let public = |on| index.search(A, "湿地", Some(on), 0, 10).unwrap();
    assert_eq!(public(day).1, 0);
    assert!(public(day).0.is_empty());
    assert_eq!(public(day + chrono::Duration::days(30)).1, 1);
    assert_eq!(ids("湿地"), std::slice::from_ref(&later.index_no));
    index.put(A, &changed.index_no, None).unwrap();
    assert!(ids("湿地").is_empty());
    assert_eq!(index.search(A, "  ", None, 0, 10).unwrap().1, 0);
}

#[test]
fn the_index_on_disk_is_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let entries = generated::catalogue(50, 1);
    {
        let (index, fresh) = SearchIndex::open(dir.path()).unwrap();
        assert!(fresh);
        index.rebuild(entries.iter().map(|e| (A, e))).unwrap();
    }
    let (index, fresh) = SearchIndex::open(dir.path()).unwrap();
    assert!(!fresh);
    assert_eq!(
        index.search(A, &entries[3].index_no, None, 0, 5).unwrap().0[0].index_no,
        entries[3].index_no
    );
}

#[test]
fn each_agency_searches_its_own_entries() {
    let entries = generated::catalogue(20, 3);
    let mut theirs = entries[5].clone();
    theirs.title = "乙机关关于古树名木保护的通知".into();
    let index = SearchIndex::in_memory().unwrap();
    let both = entries
        .iter()
        .map(|e| (A, e))
        .chain(std::iter::once(("ubbbbbbbbbbbb", &theirs)));
    assert_eq!(index.rebuild(both).unwrap(), 21);
    // The same 索引号 in two agencies: each finds its own, by words and by the number itself.
    assert_eq!(index.search(A, "古树", None, 0, 10).unwrap().1, 0);
    assert_eq!(
        index
            .search("ubbbbbbbbbbbb", "古树", None, 0, 10)
            .unwrap()
            .1,
        1
    );
    let own = index.search(A, &theirs.index_no, None, 0, 10).unwrap().0;
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(
        index
            .search("ucccccccccccc", &theirs.index_no, None, 0, 10)
            .unwrap()
            .1,
        0
    );
    // Taking A's entry out leaves B's with the same 索引号.
    index.put(A, &theirs.index_no, None).unwrap();
    assert_eq!(index.search(A, &theirs.index_no, None, 0, 10).unwrap().1, 0);
    assert_eq!(
        index
            .search("ubbbbbbbbbbbb", "古树", None, 0, 10)
            .unwrap()
            .1,
        1
    );
}
