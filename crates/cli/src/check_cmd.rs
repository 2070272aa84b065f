//! `gongkai check`: reads files (in parallel), runs the rule catalogue, prints diagnostics like a compiler
//! or as JSON, and ends with a summary.

use gongkai_check::{Diagnostic, Severity};
use gongkai_model::Report;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output format of `check`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    /// Human-readable, like a compiler.
    Human,
    /// JSON for machines.
    Json,
}

/// File endings read when a directory is given.
const READABLE: &[&str] = &[
    "txt", "text", "html", "htm", "shtml", "xhtml", "docx", "xlsx", "md", "pdf", "png", "jpg",
    "jpeg", "tif", "tiff",
];

/// A short human summary of a report as read.
pub fn summary(r: &Report) -> String {
    let mut s = String::new();
    let unknown = "（未识别）";
    s += &format!("文件：{}\n", r.file.as_deref().unwrap_or("?"));
    s += &format!("标题：{}\n", r.title.as_deref().unwrap_or(unknown));
    s += &format!("机关：{}\n", r.agency.as_deref().unwrap_or(unknown));
    s += &format!(
        "年度：{}\n",
        r.year.map_or(unknown.into(), |y| y.to_string())
    );
    s += &format!("格式：{}\n", r.format.map_or(unknown, |f| f.notice()));
    if let Some((a, b)) = &r.period {
        s += &format!("统计期限：{a} 至 {b}\n");
    }
    let secs: Vec<String> = r.sections.iter().map(|x| x.heading.clone()).collect();
    s += &format!("各部分：{}\n", secs.join(" / "));
    for id in [
        gongkai_model::TableId::Table2,
        gongkai_model::TableId::Table3,
        gongkai_model::TableId::Table4,
    ] {
        let t = r.table(id);
        s += &format!(
            "\n{}{}\n",
            id.title(),
            if t.found { "" } else { "：未找到" }
        );
        for row in &t.rows {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| match &c.value {
                    gongkai_model::CellValue::Number(d) => d.to_string(),
                    gongkai_model::CellValue::Blank => "空白".into(),
                    gongkai_model::CellValue::Missing => "缺失".into(),
                    gongkai_model::CellValue::Mark(m) => format!("“{m}”"),
                    gongkai_model::CellValue::Ambiguous(c) => {
                        format!(
                            "{{{}}}",
                            c.iter()
                                .map(|d| d.to_string())
                                .collect::<Vec<_>>()
                                .join("|")
                        )
                    }
                    gongkai_model::CellValue::Unreadable(t) => format!("?{t}?"),
                })
                .collect();
            s += &format!("  {}：{}\n", r.row_label(id, &row.key), cells.join("  "));
        }
    }
    s
}

/// The rule catalogue as text, or as the Markdown of docs/rules.md.
pub fn rules_doc(markdown: bool) -> String {
    let mut s = String::new();
    if markdown {
        s += "# 检查规则目录\n\n由 `gongkai rules --markdown` 生成，请勿手工编辑。\n\n| 代码 | 严重程度 | 检查内容 | 说明与依据 |\n|---|---|---|---|\n";
    }
    for r in gongkai_check::rules::REGISTRY {
        if markdown {
            s += &format!(
                "| `{}` | {} | {} | {} |\n",
                r.code,
                r.severity.label(),
                r.title,
                r.explanation
            );
        } else {
            s += &format!(
                "{}（{}）：{}\n    {}\n",
                r.code,
                r.severity.label(),
                r.title,
                r.explanation
            );
        }
    }
    s
}

fn collect_files(inputs: &[PathBuf], skipped: &mut Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&dir) else {
                    out.push(dir);
                    continue;
                };
                let mut entries: Vec<PathBuf> =
                    rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                entries.sort();
                for e in entries {
                    let hidden = e
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                    if hidden {
                        continue;
                    }
                    if e.is_dir() {
                        stack.push(e);
                    } else if e.extension().is_some_and(|x| {
                        READABLE.contains(&x.to_string_lossy().to_ascii_lowercase().as_str())
                    }) {
                        out.push(e);
                    } else {
                        skipped.push(e);
                    }
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// The source line(s) around byte range a..b, at most 120 characters; `None` when the range does not fit.
fn source_line(src: &str, a: usize, b: usize) -> Option<String> {
    let start = src.get(..a)?.rfind('\n').map_or(0, |i| i + 1);
    let end = src.get(b..)?.find('\n').map_or(src.len(), |i| b + i);
    Some(
        src.get(start..end)?
            .chars()
            .take(120)
            .collect::<String>()
            .trim_end()
            .to_string(),
    )
}

/// The outcome for one file.
struct FileResult {
    path: PathBuf,
    result: Result<(Report, Vec<Diagnostic>), String>,
}

fn print_human(res: &FileResult, source: Option<&str>) {
    let name = res.path.display();
    match &res.result {
        Err(e) => println!("错误：{name}：{e}"),
        Ok((_, diags)) => {
            for d in diags {
                println!("{}[{}]：{}", d.severity.label(), d.code, d.message);
                for c in &d.consequences {
                    println!("    由此：{c}");
                }
                let loc = d.source.describe();
                println!("  --> {name}：{loc}");
                if let (Some(src), Some((a, b)), Some(line)) =
                    (source, d.source.bytes, d.source.line)
                    && let Some(text) = source_line(src, a, b)
                {
                    println!("   | {line}: {text}");
                }
                if let (Some(p), Some(e)) = (&d.printed, &d.expected) {
                    println!("   = 印刷值：{p}；应为：{e}");
                }
                if let Some(rule) = gongkai_check::rule(d.code) {
                    println!("   = 说明：{}", rule.explanation);
                }
                println!();
            }
        }
    }
}

fn json_of(res: &FileResult) -> serde_json::Value {
    match &res.result {
        Err(e) => serde_json::json!({"file": res.path.display().to_string(), "error": e}),
        Ok((r, diags)) => serde_json::json!({
            "file": res.path.display().to_string(),
            "agency": r.agency, "year": r.year, "format": r.format.map(|f| f.key()),
            "diagnostics": diags,
        }),
    }
}

/// Runs `check` and returns the exit code: 0 clean, 1 problems found, 2 some file could not be read.
pub fn run(inputs: &[PathBuf], previous: Option<&Path>, format: OutputFormat) -> ExitCode {
    let prev = match previous.map(gongkai_read::read_path).transpose() {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "错误：上一年度报告 {}：{e}",
                previous
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            );
            return ExitCode::from(2);
        }
    };
    let mut skipped = Vec::new();
    let files = collect_files(inputs, &mut skipped);
    let bar = if std::io::stderr().is_terminal() && files.len() > 1 {
        let b = ProgressBar::new(files.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").expect("static template"),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut results: Vec<FileResult> = files
        .par_iter()
        .map(|path| {
            let result = gongkai_read::read_path(path)
                .map_err(|e| e.to_string())
                .map(|r| {
                    let d = gongkai_check::check(&r, prev.as_ref());
                    (r, d)
                });
            bar.inc(1);
            FileResult {
                path: path.clone(),
                result,
            }
        })
        .collect();
    bar.finish_and_clear();
    results.sort_by(|a, b| a.path.cmp(&b.path));

    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut unreadable, mut with_problems) = (0, 0);
    for r in &results {
        match &r.result {
            Err(_) => unreadable += 1,
            Ok((_, d)) => {
                if d.iter().any(|d| d.severity >= Severity::Warning) {
                    with_problems += 1;
                }
                for x in d {
                    *by_rule.entry(x.code).or_default() += 1;
                }
            }
        }
    }
    match format {
        OutputFormat::Json => {
            let v = serde_json::json!({
                "files": results.iter().map(json_of).collect::<Vec<_>>(),
                "skipped": skipped.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                "summary": {"files": results.len(), "unreadable": unreadable, "with_problems": with_problems, "by_rule": by_rule},
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&v).expect("JSON values serialize")
            );
        }
        OutputFormat::Human => {
            for r in &results {
                let src = std::fs::read(&r.path)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
                print_human(r, src.as_deref());
            }
            for s in &skipped {
                println!("跳过：{}（不是可读取的文本或 HTML 文件）", s.display());
            }
            println!(
                "共检查 {} 个文件：{} 个有问题，{} 个无法读取，{} 个无问题。",
                results.len(),
                with_problems,
                unreadable,
                results.len() - with_problems - unreadable
            );
            if !by_rule.is_empty() {
                let list: Vec<String> = by_rule.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
                println!("按规则：{}", list.join("，"));
            }
        }
    }
    if unreadable > 0 {
        ExitCode::from(2)
    } else if with_problems > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
