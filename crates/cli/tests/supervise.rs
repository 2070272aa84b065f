//! `gongkai supervise` through the binary: ingest real reports, list problems as JSON, correct a cell, export
//! the dataset as CSV (UTF-8 with BOM, opened by LibreOffice Calc with its Chinese intact) and XLSX.

use std::path::Path;
use std::process::Command;

fn gongkai(args: &[&str], db: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap()
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn setup(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("sv.db");
    let c = gongkai_testkit::corpus();
    let files: Vec<String> = [
        "2021_pingtan-htp.txt",
        "2025_pingtan-htp.txt",
        "2021_pingtan-syq.txt",
        "2022_pingtan-syq.txt",
    ]
    .iter()
    .map(|f| c.join(f).display().to_string())
    .collect();
    let mut args = vec!["supervise", "ingest"];
    args.extend(files.iter().map(String::as_str));
    let out = ok(&gongkai(&args, &db));
    assert!(out.contains("共 4 个文件：新报告 4 份"), "{out}");
    db
}

#[test]
fn supervise_ingests_lists_corrects_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let missing = gongkai(&["supervise", "ingest", "/no/such/dir"], &db);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("不存在"));
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert!(
        units.contains("平潭综合实验区海坛片区管理局") && units.contains("待确认"),
        "{units}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&gongkai(
        &["supervise", "problems", "--format", "json"],
        &db,
    )))
    .unwrap();
    let syq = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "平潭综合实验区")
        .unwrap();
    assert_eq!(syq["reports"].as_array().unwrap().len(), 2);
    // The report id from `units`, then a correction and its refusal without a reason.
    let id = units
        .lines()
        .find(|l| l.starts_with("平潭综合实验区\t"))
        .and_then(|l| l.split("2022（").nth(1))
        .and_then(|s| s.split('）').next())
        .unwrap()
        .to_string();
    let bad = gongkai(
        &[
            "supervise",
            "correct",
            &id,
            "--table",
            "table3",
            "--row",
            "granted",
            "--column",
            "0",
            "--value",
            "99",
            "--reason",
            "",
        ],
        &db,
    );
    assert_eq!(bad.status.code(), Some(2));
    let out = ok(&gongkai(
        &[
            "supervise",
            "correct",
            &id,
            "--table",
            "table3",
            "--row",
            "granted",
            "--column",
            "0",
            "--value",
            "99",
            "--reason",
            "原文表三第 3 行",
            "--by",
            "李监督",
        ],
        &db,
    ));
    assert!(out.contains("现为第 2 版"), "{out}");
    // CSV with BOM, long form, the corrected cell marked.
    let csv = dir.path().join("cells.csv");
    ok(&gongkai(
        &[
            "supervise",
            "export",
            "--form",
            "long",
            "-o",
            csv.to_str().unwrap(),
        ],
        &db,
    ));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("agency,year,format,table,row,column,value,state,corrected,source"));
    assert!(
        text.contains("平潭综合实验区,2022,2021,table3,granted,natural_person,99,value,corrected,"),
        "{}",
        &text[..300]
    );
    let xlsx = dir.path().join("wide.xlsx");
    ok(&gongkai(
        &[
            "supervise",
            "export",
            "--form",
            "wide",
            "-o",
            xlsx.to_str().unwrap(),
        ],
        &db,
    ));
    let rows = gongkai_store::sheet::read_table(&xlsx).unwrap();
    assert_eq!(rows.len(), 5, "a header and one row per report");
    assert!(rows[0].iter().any(|c| c == "table3.granted.natural_person"));
    let bad = gongkai(
        &["supervise", "export", "--to", "parquet2", "-o", "x.bin"],
        &db,
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
#[ignore = "needs LibreOffice (bash .ci/run installs it)"]
fn the_csv_opens_in_libreoffice_calc_with_its_chinese_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let csv = dir.path().join("cells.csv");
    ok(&gongkai(
        &["supervise", "export", "-o", csv.to_str().unwrap()],
        &db,
    ));
    let out = dir.path().join("calc");
    std::fs::create_dir_all(&out).unwrap();
    // Headless, the import dialog's choice is given as the filter's options: comma-separated, quoted by ",
    // character set 76 (UTF-8), as chosen in Calc's text import dialog (which detects the BOM).
    let status = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&out)
        .arg(&csv)
        .env("HOME", &out)
        .output()
        .expect("LibreOffice (soffice)");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let rows = gongkai_store::sheet::read_table(&out.join("cells.xlsx")).unwrap();
    assert_eq!(
        rows[0][0], "agency",
        "the BOM is not part of the first cell"
    );
    assert!(
        rows.iter().any(|r| r[0] == "平潭综合实验区海坛片区管理局"),
        "{:?}",
        &rows[1]
    );
}
