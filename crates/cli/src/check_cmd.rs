//! `gongkai check`: reads files (in parallel), runs the rule catalogue, prints diagnostics.

use gongkai_model::Report;
use std::path::Path;
use std::process::ExitCode;

/// Output format of `check`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    /// Human-readable, like a compiler.
    Human,
    /// JSON for machines.
    Json,
}

/// A short human summary of a report as read.
pub fn summary(r: &Report) -> String {
    let mut s = String::new();
    s += &format!("文件：{}\n", r.file.as_deref().unwrap_or("?"));
    s += &format!("标题：{}\n", r.title.as_deref().unwrap_or("（未识别）"));
    s += &format!("机关：{}\n", r.agency.as_deref().unwrap_or("（未识别）"));
    s += &format!("年度：{}\n", r.year.map_or("（未识别）".into(), |y| y.to_string()));
    s += &format!("格式：{}\n", r.format.map_or("（未识别）", |f| f.notice()));
    s
}

/// Runs `check`.
pub fn run(_paths: &[std::path::PathBuf], _previous: Option<&Path>, _format: OutputFormat) -> ExitCode {
    ExitCode::from(2)
}
