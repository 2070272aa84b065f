//! PDFs written by gongkai: the seed reads back to its truth file in every cell, random reports of both
//! formats read back unchanged (property test), and qpdf finds the files well-formed.

use gongkai_model::exchange::{to_document_json, to_json};
use gongkai_testkit::{roundtrip_cases as cases, seed_report, seed_truth};
use gongkai_write::testgen;
use proptest::prelude::*;
use rand::SeedableRng;
use serde_json::Value;

/// Prose is compared without line breaks: a PDF keeps paragraphs only as far as layout shows them.
fn comparable(r: &gongkai_model::Report) -> Value {
    let squeeze = |v: &mut Value| {
        let t: String = v
            .as_str()
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        *v = Value::String(t);
    };
    let mut v = to_document_json(r);
    for s in v["sections"].as_array_mut().unwrap() {
        squeeze(&mut s["text"]);
    }
    squeeze(&mut v["preamble"]);
    v
}

#[test]
fn seed_written_as_pdf_reads_back_to_its_truth() {
    let (truth, r) = (seed_truth(), seed_report());
    let pdf = gongkai_write::pdf::write(&r).unwrap();
    let back = gongkai_read::read_bytes("seed.pdf", &pdf).unwrap();
    let got = to_json(&back, false);
    for key in ["format", "year", "agency", "table2", "table3", "table4"] {
        assert_eq!(got[key], truth[key], "{key}");
    }
    assert_eq!(comparable(&back), comparable(&r));
    // qpdf (Debian package, installed by .ci/run) finds the file well-formed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf installed");
    assert!(
        out.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_reports_read_back_unchanged_from_pdf(seed in any::<u64>()) {
        let report = testgen::random_report(&mut rand::rngs::StdRng::seed_from_u64(seed));
        let pdf = gongkai_write::pdf::write(&report).unwrap();
        let back = gongkai_read::read_bytes("random.pdf", &pdf).unwrap();
        prop_assert_eq!(comparable(&back), comparable(&report), "seed {}", seed);
    }
}
