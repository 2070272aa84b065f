//! `gongkai ledger review|report|explain`: reviews and lawsuits, the year's report from the ledger, and the
//! cases behind one cell of 表三 or 表四.

use crate::ledger_cmd::{fail, parse_date};
use gongkai_ledger::case::{ApplicantType, Outcome};
use gongkai_ledger::review::{ReviewCase, ReviewKind, ReviewResult};
use gongkai_store::Store;
use std::process::ExitCode;

/// `gongkai ledger review`: registers a review or lawsuit.
pub async fn review(
    store: &Store,
    id: String,
    kind: &str,
    filed: &str,
    concluded: Option<String>,
    result: Option<String>,
    application: Option<String>,
) -> ExitCode {
    let case = (|| -> Result<ReviewCase, String> {
        let concluded = match (concluded, result) {
            (Some(d), Some(r)) => Some((
                parse_date(&d)?,
                ReviewResult::parse(&r).ok_or(format!("结果“{r}”应为维持、纠正或其他"))?,
            )),
            (None, None) => None,
            _ => return Err("审结日期与结果须同时给出".into()),
        };
        let filed = parse_date(filed)?;
        if concluded.is_some_and(|(d, _)| d < filed) {
            return Err("审结日期早于立案日期".into());
        }
        Ok(ReviewCase {
            id,
            kind: ReviewKind::parse(kind)
                .ok_or(format!("类别“{kind}”应为行政复议、直接起诉或复议后起诉"))?,
            filed,
            concluded,
            application_id: application,
        })
    })();
    match case {
        Ok(c) => match store.add_review(&c).await {
            Ok(()) => {
                println!("已登记案件 {}。", c.id);
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Err(e) => fail(e),
    }
}

/// `gongkai ledger report`: the year's report from the ledger, with its checks. The draft's prompts for the
/// sections the office writes itself are listed (SECTION-PLACEHOLDER) but do not fail the command: they are
/// what a draft is; any other finding does.
pub async fn report(store: &Store, year: i32, agency: &str, json: bool) -> ExitCode {
    let built = async {
        let t3 = store.table3_counts(year).await?;
        let reviews = store.reviews().await?;
        let t2 = store.proactive(year).await?;
        let t4 = gongkai_ledger::report::table4_counts(reviews.iter(), year);
        Ok::<_, gongkai_store::StoreError>(gongkai_ledger::report::build_report(
            agency,
            year,
            &t3,
            t4,
            t2.as_ref(),
        ))
    }
    .await;
    let report = match built {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let diags = gongkai_check::check(&report, None);
    if json {
        let v = gongkai_model::exchange::to_json(&report, true);
        println!(
            "{}",
            serde_json::to_string_pretty(&v).expect("JSON values serialize")
        );
    } else {
        print!("{}", crate::check_cmd::summary(&report));
        for s in &report.sections {
            println!("\n{}\n{}", s.heading, s.text);
        }
    }
    for d in &diags {
        eprintln!("{}[{}]：{}", d.severity.label(), d.code, d.detail());
    }
    if diags.iter().all(|d| d.code == "SECTION-PLACEHOLDER") {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `gongkai ledger explain`: the cases behind one cell of 表三 (or of 表四 with `table4`).
pub async fn explain(store: &Store, year: i32, row: &str, column: &str, table4: bool) -> ExitCode {
    if !table4 {
        return explain_table3(store, year, row, column).await;
    }
    let Some(kind) = ReviewKind::parse(row) else {
        return fail(format!("表四的行“{row}”应为行政复议、直接起诉或复议后起诉"));
    };
    let col = match column {
        "总计" | "total" => 4,
        "尚未审结" | "pending" => 3,
        c => match ReviewResult::parse(c) {
            Some(r) => r.index(),
            None => {
                return fail(format!(
                    "表四的列“{column}”应为维持、纠正、其他、尚未审结或总计"
                ));
            }
        },
    };
    match store.reviews().await {
        Ok(reviews) => {
            let ids = gongkai_ledger::review::explain(&reviews, year, kind, col);
            println!("{year} 年度表四“{row}”组“{column}”列：{} 件", ids.len());
            for id in ids {
                println!("  {id}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

async fn explain_table3(store: &Store, year: i32, row: &str, column: &str) -> ExitCode {
    let col = if column == "总计" || column == "total" {
        Some(6)
    } else {
        ApplicantType::parse(column).map(|a| a.column())
    };
    let Some(col) = col else {
        return fail(format!("列“{column}”应为申请人类型或“总计”"));
    };
    let key = match row {
        "new_received" | "carried_over" | "total" | "carried_forward" | "other" => row.to_string(),
        r => match Outcome::parse(r) {
            Ok(o) => o.key().to_string(),
            Err(e) => return fail(e),
        },
    };
    match store.explain(year, &key, col).await {
        Ok(ids) => {
            println!("{year} 年度表三“{key}”行“{column}”列：{} 件", ids.len());
            for id in ids {
                println!("  {id}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
