//! 雷同 detection on generated reports: known passages copied between units (and within a unit's years) with
//! small edits, every report sharing the statutory boilerplate. Precision and recall of the detected pairs.

use gongkai_supervise::generated::corpus;
use gongkai_supervise::similar::similar_pairs;
use std::collections::HashSet;

#[test]
fn copied_passages_are_found_and_boilerplate_is_not() {
    let (docs, known) = corpus(600, 60, 7);
    let found = similar_pairs(&docs, 0.05);
    let detected: HashSet<(String, String)> =
        found.iter().map(|p| (p.a.clone(), p.b.clone())).collect();
    let known: HashSet<(String, String)> = known.into_iter().collect();
    let tp = detected.intersection(&known).count() as f64;
    let precision = tp / detected.len().max(1) as f64;
    let recall = tp / known.len() as f64;
    eprintln!(
        "雷同：{} 对已知，检出 {} 对，精确率 {precision:.3}，召回率 {recall:.3}",
        known.len(),
        detected.len()
    );
    assert!(
        precision >= 0.95 && recall >= 0.95,
        "precision {precision}, recall {recall}"
    );
    // Each pair shows its shared passages side by side; none of them is boilerplate.
    let boiler = gongkai_supervise::generated::BOILERPLATE;
    for p in &found {
        assert!(!p.passages.is_empty());
        for (a, b, s) in &p.passages {
            assert!(
                *s >= gongkai_supervise::similar::PASSAGE_THRESHOLD
                    && !boiler.contains(&a.as_str())
                    && !boiler.contains(&b.as_str())
            );
        }
    }
    assert!(
        found.iter().any(|p| p.same_unit),
        "copies within a unit's own years are found"
    );
    assert!(found.iter().any(|p| !p.same_unit));
}

#[test]
fn reports_sharing_only_boilerplate_are_not_pairs() {
    let (docs, _) = corpus(60, 0, 11);
    assert!(similar_pairs(&docs, 0.0).is_empty());
}
