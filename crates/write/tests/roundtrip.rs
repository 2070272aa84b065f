//! Reading what gongkai writes gives back the report: the seed (every cell against its truth file) and
//! random reports of both formats (property test), for HTML, DOCX, XLSX, Markdown and JSON.

use gongkai_model::Report;
use gongkai_model::exchange::{to_document_json, to_json};
use gongkai_testkit::{roundtrip_cases as cases, seed_report, seed_truth};
use gongkai_write::{Target, draft, testgen, write};
use proptest::prelude::*;
use rand::SeedableRng;
use serde_json::Value;

const TARGETS: [Target; 5] = [
    Target::Html,
    Target::Docx,
    Target::Xlsx,
    Target::Md,
    Target::Json,
];

/// Writes and reads back; JSON goes through the draft reader, the others through gongkai-read.
fn round_trip(r: &Report, t: Target) -> Report {
    let bytes = write(r, t, &[]).unwrap_or_else(|e| panic!("{t:?}: {e}"));
    if t == Target::Json {
        return draft::from_draft(std::str::from_utf8(&bytes).unwrap(), true).unwrap();
    }
    gongkai_read::read_bytes(&format!("out.{}", t.ext()), &bytes)
        .unwrap_or_else(|e| panic!("{t:?}: {e}"))
}

/// The seed as a complete report, with a two-paragraph section 一.
fn seed() -> (Value, Report) {
    let mut r = seed_report();
    r.sections[0].text =
        "本年度依法做好政府信息公开工作。\n全年未发生因政府信息公开引发的重大问题。".into();
    (seed_truth(), r)
}

#[test]
fn seed_written_in_every_format_reads_back_to_its_truth() {
    let (truth, report) = seed();
    for t in TARGETS {
        let back = round_trip(&report, t);
        let got = to_json(&back, false);
        for table in ["table2", "table3", "table4"] {
            assert_eq!(got[table], truth[table], "{t:?} {table}");
        }
        for key in ["format", "year", "agency"] {
            assert_eq!(got[key], truth[key], "{t:?} {key}");
        }
        assert_eq!(to_document_json(&back), to_document_json(&report), "{t:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_reports_read_back_unchanged(seed in any::<u64>()) {
        let report = testgen::random_report(&mut rand::rngs::StdRng::seed_from_u64(seed));
        let want = to_document_json(&report);
        for t in TARGETS {
            let got = to_document_json(&round_trip(&report, t));
            prop_assert_eq!(&got, &want, "{:?}, seed {}", t, seed);
        }
    }
}
