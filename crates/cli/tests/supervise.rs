//! `gongkai supervise` through the binary: ingest real reports, list problems as JSON, correct a cell, export
//! the dataset as CSV (UTF-8 with BOM, opened by LibreOffice Calc with its Chinese intact) and XLSX.

mod supervise_kit;

use std::process::Command;
use supervise_kit::*;

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
        .find(|l| l.contains("\t平潭综合实验区\t"))
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

#[test]
#[ignore = "needs the duckdb Python package (bash .ci/run installs it)"]
fn the_parquet_export_reads_in_duckdb_with_the_same_cells_and_sums() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let parquet = dir.path().join("cells.parquet");
    let out = ok(&gongkai(
        &["supervise", "export", "-o", parquet.to_str().unwrap()],
        &db,
    ));
    assert!(out.contains("已导出"), "{out}");
    let wide = gongkai(
        &["supervise", "export", "--form", "wide", "-o", "w.parquet"],
        &db,
    );
    assert_eq!(wide.status.code(), Some(2), "Parquet is long form only");
    // The database's own count and sums per table.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let cells = rt.block_on(async {
        let store = gongkai_store::Store::open(db.to_str().unwrap())
            .await
            .unwrap();
        store.current_cells().await.unwrap()
    });
    let mut sums: std::collections::BTreeMap<String, rust_decimal::Decimal> = Default::default();
    for c in &cells {
        if c[6] == "value" {
            *sums.entry(c[3].clone()).or_default() +=
                c[7].parse::<rust_decimal::Decimal>().unwrap();
        }
    }
    // DuckDB's, from the Parquet file.
    let script = format!(
        "import duckdb\nc = duckdb.connect()\nprint(c.execute(\"SELECT count(*) FROM '{0}'\").fetchone()[0])\n\
         for t, s in c.execute(\"SELECT \\\"table\\\", sum(number) FROM '{0}' WHERE state = 'value' GROUP BY 1 ORDER BY 1\").fetchall():\n    print(t, repr(s))\n\
         print(c.execute(\"SELECT agency FROM '{0}' WHERE agency LIKE '%海坛%' LIMIT 1\").fetchone()[0])\n",
        parquet.display()
    );
    let py = Command::new("python3")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("python3");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let text = String::from_utf8(py.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().parse::<usize>().unwrap(),
        cells.len(),
        "the same cell count"
    );
    for (table, sum) in &sums {
        let line = lines.next().unwrap();
        let (t, s) = line.split_once(' ').unwrap();
        assert_eq!(t, table);
        let duck: f64 = s.parse().unwrap();
        let ours: f64 = sum.to_string().parse().unwrap();
        assert!(
            (duck - ours).abs() <= ours.abs() * 1e-12,
            "{table}: DuckDB {duck}, database {ours}"
        );
    }
    assert_eq!(
        lines.next().unwrap(),
        "平潭综合实验区海坛片区管理局",
        "Chinese intact"
    );
}
