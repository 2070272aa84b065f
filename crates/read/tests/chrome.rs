//! The page around a report stays out of its prose: in every corpus report that reads (web pages and text
//! extractions of them among them), no section and no preamble holds a location bar, share or print buttons,
//! “附件下载” or comment debris — and the prose is still there.

use gongkai_testkit::{corpus, corpus_reports};

const CHROME: [&str; 8] = [
    "当前位置",
    "QQ空间",
    "全真版",
    "附件下载",
    "相关链接：",
    "<!--",
    "-->",
    "supportLists",
];

#[test]
fn no_corpus_report_keeps_its_page_in_its_prose() {
    let mut read = 0;
    for path in corpus_reports(&["txt", "html", "md", "pdf"]) {
        let report = gongkai_read::read_path(&corpus().join(&path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        read += 1;
        let texts = std::iter::once(("preamble".to_string(), report.preamble.clone())).chain(
            report
                .sections
                .iter()
                .map(|s| (s.heading.clone(), s.text.clone())),
        );
        let mut prose = 0;
        for (heading, text) in texts {
            for c in CHROME {
                assert!(!text.contains(c), "{path} {heading}: “{c}” in {text}");
            }
            prose += text.chars().count();
        }
        assert!(
            prose > 200,
            "{path}: the prose is gone ({prose} characters)"
        );
    }
    assert!(read >= 15, "{read} reports read");
}
