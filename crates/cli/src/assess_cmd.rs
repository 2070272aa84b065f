//! `gongkai supervise assess` and `gongkai supervise rubric`: scores, ranking, metrics and roll-ups of a region's
//! reports for a year, and the assessment report written as HTML, DOCX or PDF.

use gongkai_store::Store;
use gongkai_supervise::assess::{self, rubric::Rubric};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("错误：{msg}");
    ExitCode::from(2)
}

/// The rubric from a file, else the one in force in the database (saved on the supervisor's page), else the
/// default.
async fn load_rubric(store: &Store, path: Option<&Path>) -> Result<Rubric, String> {
    match path {
        None => gongkai_supervise::assess::rubric::in_force(store)
            .await
            .map_err(|e| e.to_string()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("无法读取评估细则 {}：{e}", p.display()))?;
            Rubric::parse(&text).map_err(|e| format!("{}：{e}", p.display()))
        }
    }
}

/// Runs `gongkai supervise assess`.
pub async fn assess(
    store: &Store,
    year: i32,
    region: &str,
    rubric: Option<&Path>,
    output: Option<&PathBuf>,
    json: bool,
) -> ExitCode {
    let rubric = match load_rubric(store, rubric).await {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let (facts, units) = match (assess::gather(store, None).await, store.units().await) {
        (Ok(f), Ok(u)) => (f, u),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let region = region.trim_matches('/');
    if !region.is_empty()
        && gongkai_supervise::regions::tree(&units)
            .find(region)
            .is_none()
    {
        return fail(format!(
            "没有地区“{region}”（见 gongkai supervise units --tree）"
        ));
    }
    if !facts.iter().any(|f| f.year == year) {
        return fail(format!("没有 {year} 年度的报告"));
    }
    if let Some(out) = output {
        let Some(target) = out
            .extension()
            .and_then(|e| e.to_str())
            .and_then(gongkai_write::Target::from_ext)
        else {
            return fail(format!(
                "{}：请用 .html、.docx 或 .pdf 作为扩展名",
                out.display()
            ));
        };
        let doc = assess::document::assessment(&rubric, &facts, &units, region, year);
        return match gongkai_write::doc::write_doc(&doc, target)
            .map_err(|e| e.to_string())
            .and_then(|bytes| std::fs::write(out, bytes).map_err(|e| e.to_string()))
        {
            Ok(()) => {
                println!("已写出评估报告：{}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("{}：{e}", out.display())),
        };
    }
    let here: Vec<&assess::Facts> = assess::in_region(&facts, region)
        .into_iter()
        .filter(|f| f.year == year)
        .collect();
    let scores = assess::score_all(&rubric, here.iter().copied());
    if json {
        let v = assess::summary_json(&rubric, &facts, region, year);
        println!(
            "{}",
            serde_json::to_string_pretty(&v).expect("JSON values serialize")
        );
        return ExitCode::SUCCESS;
    }
    println!(
        "{}{year} 年度（{}，满分 {}）：",
        assess::document::region_name(region),
        rubric.title,
        rubric.full
    );
    for s in &scores {
        let main: Vec<String> = s
            .deductions
            .iter()
            .map(|d| format!("{} −{}", d.label, d.points))
            .collect();
        println!(
            "{:>3}  {:<24} {:>6.1}  {}{}",
            s.rank,
            s.unit,
            s.score,
            if main.is_empty() {
                "无扣分".into()
            } else {
                main.join("；")
            },
            if s.uncertain > 0 {
                format!("（{} 处读取待核，得分暂定）", s.uncertain)
            } else {
                String::new()
            }
        );
    }
    ExitCode::SUCCESS
}

/// Prints the default rubric (to edit and pass with --rubric).
pub fn print_rubric() -> ExitCode {
    print!("{}", assess::rubric::DEFAULT_TOML);
    ExitCode::SUCCESS
}
