//! `gongkai new` (an editable draft) and `gongkai write` (a report in the official layout, after the checks).

use gongkai_check::{Diagnostic, Severity};
use gongkai_model::FormatVersion;
use gongkai_write::{Target, draft};
use std::path::Path;
use std::process::ExitCode;

/// Writes `bytes` to `path` through a temporary file beside it, so that a failure never leaves half a file.
fn save(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or("输出路径没有文件名")?
        .to_string_lossy();
    let tmp = dir.join(format!(".{name}.gongkai-tmp"));
    std::fs::write(&tmp, bytes)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("无法写入 {}：{e}", path.display())
        })
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// `gongkai new`: a complete draft, every cell 0, as TOML (or JSON for `.json`).
pub fn new(format: Option<&str>, year: i32, agency: &str, out: &Path) -> ExitCode {
    if !(2019..=2100).contains(&year) {
        eprintln!("错误：年度 {year} 不在 2019 年以后（现行条例的年度报告格式自 2019 年起）");
        return ExitCode::from(2);
    }
    let expected = FormatVersion::for_year(year);
    let format = match format {
        None => expected,
        Some("2019") => FormatVersion::V2019,
        Some("2021") => FormatVersion::V2021,
        Some(other) => {
            eprintln!("错误：未知的格式版本“{other}”，应为 2019 或 2021");
            return ExitCode::from(2);
        }
    };
    if format != expected {
        eprintln!(
            "警告：{year} 年度报告应使用 {} 格式（{}），草稿按指定的 {} 格式生成",
            expected.key(),
            expected.notice(),
            format.key()
        );
    }
    if out.exists() {
        eprintln!(
            "错误：{} 已存在，未覆盖（其中可能有已填写的内容）；请换一个文件名或先移走该文件",
            out.display()
        );
        return ExitCode::from(2);
    }
    let report = draft::new_report(format, year, agency);
    let text = if is_json(out) {
        draft::to_json(&report)
    } else {
        match draft::to_toml(&report) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("错误：{e}");
                return ExitCode::from(2);
            }
        }
    };
    match save(out, text.as_bytes()) {
        Ok(()) => {
            println!(
                "已生成草稿 {}（{} 格式，{year} 年度，{agency}）",
                out.display(),
                format.key()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

/// Reads the input of `write`: a TOML or JSON draft, or a published report in any readable format.
fn load(input: &Path) -> Result<gongkai_model::Report, String> {
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "toml" || ext == "json" {
        let text = std::fs::read_to_string(input)
            .map_err(|e| format!("{}：无法读取：{e}", input.display()))?;
        return draft::from_draft(&text, ext == "json")
            .map_err(|e| format!("{}：{e}", input.display()));
    }
    gongkai_read::read_path(input).map_err(|e| format!("{}：{e}", input.display()))
}

fn print_diag(d: &Diagnostic) {
    println!("{}[{}]：{}", d.severity.label(), d.code, d.detail());
    if let (Some(p), Some(e)) = (&d.printed, &d.expected) {
        println!("   = 填写值：{p}；应为：{e}");
    }
}

/// `gongkai write`: checks the report, refuses blocking problems unless `force`, then writes `out`.
pub fn write(input: &Path, to: Option<&str>, out: &Path, force: bool) -> ExitCode {
    let name = to
        .map(str::to_string)
        .or_else(|| out.extension().map(|e| e.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let Some(target) = Target::from_ext(&name) else {
        eprintln!(
            "错误：不支持的输出格式“{name}”，应为 html、docx、pdf、xlsx、md 或 json（用 --to 指定）"
        );
        return ExitCode::from(2);
    };
    let report = match load(input) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    let diags = gongkai_check::check(&report, None);
    let blocking = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    for d in diags.iter().filter(|d| d.severity >= Severity::Warning) {
        print_diag(d);
    }
    if blocking > 0 && !force {
        eprintln!(
            "错误：报告有 {blocking} 个错误（见上），未写出；改正后重试，或用 --force 仍然写出"
        );
        return ExitCode::from(1);
    }
    let bytes = match gongkai_write::write(&report, target, &diags) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    match save(out, &bytes) {
        Ok(()) => {
            let note = if blocking > 0 {
                format!("（含 {blocking} 个错误，因 --force 仍写出）")
            } else {
                String::new()
            };
            println!(
                "已写出 {}（{}，{} 字节）{note}",
                out.display(),
                target.ext().to_uppercase(),
                bytes.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}
