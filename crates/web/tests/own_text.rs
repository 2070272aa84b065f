//! The checks never contradict the text gongkai writes itself (issue 20): the report of every year of the demo
//! ledger, with generated catalogues of several seeds, raises no TEXT-VS-TABLE; and a report whose sections
//! are still the draft's prompts is not “全部检查通过”.

mod common;

use common::*;

#[tokio::test]
async fn generated_reports_pass_text_vs_table_and_prompts_are_flagged() {
    for seed in [1, 7, 42] {
        let site = site().await;
        gongkai_web::demo::fill(&site.store, gongkai_testkit::today())
            .await
            .unwrap();
        let entries = gongkai_search::generated::catalogue(700, seed);
        site.store
            .add_entries(&entries, "测试", "2026-01-01T00:00:00+08:00")
            .await
            .unwrap();
        let staff = login(&site, "staff").await;
        for year in 2021..=2025 {
            let (_, page, _) = send(
                &site.app,
                get(&format!("/staff/report?year={year}"), Some(&staff)),
            )
            .await;
            assert!(page.contains("年末现行有效规章"), "{year}: {page}");
            assert!(
                !page.contains("TEXT-VS-TABLE"),
                "seed {seed}, {year}: {page}"
            );
            assert!(page.contains("SECTION-PLACEHOLDER"), "{year}");
            assert!(!page.contains("全部检查通过"), "{year}");
        }
    }
}
