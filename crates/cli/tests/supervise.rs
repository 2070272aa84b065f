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

#[test]
fn units_are_loaded_from_a_list_and_a_pairing_is_corrected_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sv.db");
    let c = gongkai_testkit::corpus();
    let ingest = |f: &str| {
        ok(&gongkai(
            &["supervise", "ingest", c.join(f).to_str().unwrap()],
            &db,
        ))
    };
    ingest("2021_pingtan-htp.txt");
    ingest("2019_pingtan-syq.txt");
    // The office's list: the 海坛 unit confirmed with its region, office and short name; a new unit; the
    // 管委会 under another name than the one its report prints.
    let list = dir.path().join("units.csv");
    std::fs::write(
        &list,
        "单位名称,地区,监督机关,别名\n\
         平潭综合实验区海坛片区管理局,福建省/平潭综合实验区,平潭综合实验区政务公开办,海坛片区管理局\n\
         平潭综合实验区财政金融局,福建省/平潭综合实验区,平潭综合实验区政务公开办,\n\
         平潭综合实验区管理委员会,福建省/平潭综合实验区,福建省政务公开办,\n",
    )
    .unwrap();
    let out = ok(&gongkai(
        &["supervise", "units", "--load", list.to_str().unwrap()],
        &db,
    ));
    assert!(out.contains("新增 2 个，确认或更新 1 个"), "{out}");
    let units = ok(&gongkai(&["supervise", "units"], &db));
    let line = |name: &str| {
        units
            .lines()
            .find(|l| l.split('\t').nth(1) == Some(name))
            .unwrap_or_else(|| panic!("{name} in {units}"))
            .to_string()
    };
    let htp = line("平潭综合实验区海坛片区管理局");
    assert!(
        htp.contains("福建省/平潭综合实验区") && !htp.contains("待确认"),
        "{htp}"
    );
    let printed = line("平潭综合实验区");
    assert!(printed.contains("待确认"));
    // The same as a region tree: province, then the 实验区 with its three listed units and the inferred one.
    let tree = ok(&gongkai(&["supervise", "units", "--tree"], &db));
    let lines: Vec<&str> = tree.lines().collect();
    assert_eq!(lines[0], "福建省（4 个单位）", "{tree}");
    assert_eq!(lines[1], "  平潭综合实验区（4 个单位）", "{tree}");
    assert!(
        lines[2..].iter().all(|l| l.starts_with("    · ")) && lines.len() == 6,
        "{tree}"
    );
    assert!(
        tree.contains("平潭综合实验区海坛片区管理局［")
            && tree.contains("年度：2021；监督机关：平潭综合实验区政务公开办\n"),
        "{tree}"
    );
    let id = |l: &str| l.split('\t').next().unwrap().to_string();
    // The report printed as 平潭综合实验区 is the 管理委员会's: merged by hand.
    let (from, into) = (id(&printed), id(&line("平潭综合实验区管理委员会")));
    let bad = gongkai(&["supervise", "merge", "nosuchunit", "--into", &into], &db);
    assert_eq!(bad.status.code(), Some(2));
    ok(&gongkai(
        &["supervise", "merge", &from, "--into", &into],
        &db,
    ));
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert!(
        !units
            .lines()
            .any(|l| l.split('\t').nth(1) == Some("平潭综合实验区")),
        "{units}"
    );
    let merged = units
        .lines()
        .find(|l| l.contains("平潭综合实验区管理委员会"))
        .unwrap();
    assert!(merged.contains("2019（"), "the report moved: {merged}");
    // The printed name is now an alias: the same report in another form is a new version of that report.
    let out = ingest("2019_pingtan-syq.html");
    assert!(out.contains("已有报告的新版本 1 份"), "{out}");
    // Two units with a report of the same year are not merged.
    ingest("2021_pingtan-syq.txt");
    let clash = gongkai(&["supervise", "merge", &id(&htp), "--into", &into], &db);
    assert_eq!(clash.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&clash.stderr).contains("两个单位都有 2021 年度的报告"),
        "{}",
        String::from_utf8_lossy(&clash.stderr)
    );
}

#[test]
fn supervise_ingests_published_pages_from_a_url_list() {
    use gongkai_testkit::http::{Answer, Server};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sv.db");
    let body = std::fs::read(gongkai_testkit::corpus().join("2021_pingtan-syq.txt")).unwrap();
    let server = Server::start(
        [
            ("/a".to_string(), Answer::redirect(302, "/2021.txt")),
            (
                "/2021.txt".to_string(),
                Answer::ok("text/plain; charset=utf-8", body),
            ),
        ]
        .into_iter()
        .collect(),
    );
    let list = dir.path().join("urls.txt");
    std::fs::write(
        &list,
        format!(
            "# 2021 年度\n{}\n{}\n",
            server.url("/a"),
            server.url("/none")
        ),
    )
    .unwrap();
    let args = [
        "supervise",
        "ingest",
        "--urls",
        list.to_str().unwrap(),
        "--interval",
        "0.05",
    ];
    let out = ok(&gongkai(&args, &db));
    assert!(out.contains("共 2 个文件：新报告 1 份"), "{out}");
    assert!(
        out.contains(&format!(
            "无法读取：{}：服务器返回 HTTP 404",
            server.url("/none")
        )),
        "{out}"
    );
    // A line that is not a URL: refused before anything is fetched, naming the line.
    std::fs::write(
        &list,
        format!("{}\nwww.example.gov.cn/a.html\n", server.url("/a")),
    )
    .unwrap();
    let bad = gongkai(&args, &db);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("第 2 行不是 http(s) 网址"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let before = server.requests().len();
    assert_eq!(before, 3, "the bad list fetched nothing");
    std::fs::write(&list, server.url("/a")).unwrap();
    let no_rate = gongkai(
        &[
            "supervise",
            "ingest",
            "--urls",
            list.to_str().unwrap(),
            "--interval=-1",
        ],
        &db,
    );
    assert_eq!(no_rate.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_rate.stderr).contains("--interval 应在 0 至 3600 秒之间"));
    assert_eq!(server.requests().len(), before);
}

#[test]
fn assess_ranks_a_region_and_writes_its_report_in_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sv.db");
    let c = gongkai_testkit::corpus();
    let files: Vec<String> = [
        "2021_pingtan-htp.txt",
        "2021_pingtan-shs.txt",
        "2020_pingtan-syq.txt",
        "2021_pingtan-syq.txt",
    ]
    .iter()
    .map(|f| c.join(f).display().to_string())
    .collect();
    let mut args = vec!["supervise", "ingest"];
    args.extend(files.iter().map(String::as_str));
    ok(&gongkai(&args, &db));
    let json: serde_json::Value = serde_json::from_str(&ok(&gongkai(
        &["supervise", "assess", "--year", "2021", "--format", "json"],
        &db,
    )))
    .unwrap();
    let scores = json["scores"].as_array().unwrap();
    assert_eq!(scores.len(), 3, "the three 2021 reports");
    for s in scores {
        // A score is the full score less its deductions; the rank counts the better scores.
        let taken: f64 = s["deductions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["points"].as_f64().unwrap())
            .sum();
        assert_eq!(s["score"].as_f64().unwrap(), (100.0 - taken).max(0.0));
        let better = scores
            .iter()
            .filter(|o| o["score"].as_f64() > s["score"].as_f64())
            .count();
        assert_eq!(s["rank"].as_u64().unwrap() as usize, better + 1);
    }
    // The region's 本年新收 total is the sum of the units' totals, listed.
    let total = json["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "table3" && t["row"] == "new_received" && t["col"] == 6)
        .unwrap();
    let parts = total["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    let sum: f64 = parts
        .iter()
        .map(|p| p[1].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(total["sum"].as_str().unwrap().parse::<f64>().unwrap(), sum);
    let human = ok(&gongkai(&["supervise", "assess", "--year", "2021"], &db));
    assert!(
        human.lines().nth(1).unwrap().trim_start().starts_with("1 "),
        "{human}"
    );
    for ext in ["html", "docx", "pdf"] {
        let out = dir.path().join(format!("评估.{ext}"));
        let msg = ok(&gongkai(
            &[
                "supervise",
                "assess",
                "--year",
                "2021",
                "-o",
                out.to_str().unwrap(),
            ],
            &db,
        ));
        assert!(msg.contains("已写出评估报告"), "{msg}");
        let text = match ext {
            "pdf" => String::from_utf8_lossy(
                &Command::new("pdftotext")
                    .arg(&out)
                    .arg("-")
                    .output()
                    .expect("pdftotext installed")
                    .stdout,
            )
            .into_owned(),
            "docx" => {
                let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
                let mut xml = String::new();
                std::io::Read::read_to_string(
                    &mut z.by_name("word/document.xml").unwrap(),
                    &mut xml,
                )
                .unwrap();
                xml
            }
            _ => std::fs::read_to_string(&out).unwrap(),
        };
        for want in [
            "全部单位2021年度政府信息公开工作年度报告评估报告",
            "得分与排名",
            "平潭综合实验区海坛片区管理局",
            "公开率",
            "未读取到报告的单位",
        ] {
            assert!(text.contains(want), "{ext} lacks {want}");
        }
    }
    let bad = gongkai(&["supervise", "assess", "--year", "2030"], &db);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("没有 2030 年度的报告"));
    let bad = gongkai(
        &[
            "supervise",
            "assess",
            "--year",
            "2021",
            "--region",
            "江苏省",
        ],
        &db,
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("没有地区“江苏省”"));
    let rubric = dir.path().join("细则.toml");
    std::fs::write(&rubric, "title = \"x\"\nfull = 0\n").unwrap();
    let bad = gongkai(
        &[
            "supervise",
            "assess",
            "--year",
            "2021",
            "--rubric",
            rubric.to_str().unwrap(),
        ],
        &db,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("评估细则格式错误"));
    let printed = ok(&gongkai(&["supervise", "rubric"], &db));
    assert!(printed.contains("[[class]]") && printed.contains("T3-BALANCE"));
}

/// A unit renamed between years (2023's report written as if 社会事业局 had become 社会发展局) is two units until
/// the office's list names the old name as an alias: then one unit with both years. A list that would join two
/// units with reports of the same year joins nothing and says why.
#[test]
fn a_renamed_unit_is_joined_through_the_lists_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sv.db");
    let c = gongkai_testkit::corpus();
    let renamed = dir.path().join("2023_renamed.txt");
    let text = std::fs::read_to_string(c.join("2023_pingtan-shs.txt")).unwrap();
    std::fs::write(&renamed, text.replace("社会事业局", "社会发展局")).unwrap();
    for f in [
        c.join("2021_pingtan-shs.txt"),
        renamed,
        c.join("2021_pingtan-htp.txt"),
    ] {
        ok(&gongkai(&["supervise", "ingest", f.to_str().unwrap()], &db));
    }
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert_eq!(units.lines().count(), 3, "{units}");

    let list = dir.path().join("units.csv");
    std::fs::write(
        &list,
        "单位名称,地区,监督机关,别名\n\
         平潭综合实验区社会发展局,福建省/平潭综合实验区,平潭综合实验区政务公开办,平潭综合实验区社会事业局\n",
    )
    .unwrap();
    let out = ok(&gongkai(
        &["supervise", "units", "--load", list.to_str().unwrap()],
        &db,
    ));
    assert!(
        out.contains("“平潭综合实验区社会事业局”与“平潭综合实验区社会发展局”是同一单位（名单所列别名），已合并"),
        "{out}"
    );
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert_eq!(units.lines().count(), 2, "{units}");
    let joined = units
        .lines()
        .find(|l| l.split('\t').nth(1) == Some("平潭综合实验区社会发展局"))
        .unwrap();
    assert!(
        joined.contains("2021（") && joined.contains("2023（"),
        "{joined}"
    );

    // 海坛 and the joined unit both have 2021: not merged, and said so.
    std::fs::write(
        &list,
        "单位名称,别名\n平潭综合实验区海坛片区管理局,平潭综合实验区社会发展局\n",
    )
    .unwrap();
    let out = ok(&gongkai(
        &["supervise", "units", "--load", list.to_str().unwrap()],
        &db,
    ));
    assert!(
        out.contains("但未合并：两个单位都有 2021 年度的报告，不能合并"),
        "{out}"
    );
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert_eq!(units.lines().count(), 2, "{units}");
    // The refused alias is not kept: 社会发展局 is still the joined unit's name alone.
    let htp = units
        .lines()
        .find(|l| l.contains("海坛片区管理局"))
        .unwrap();
    assert!(htp.contains("2021（") && !htp.contains("2023（"), "{htp}");
    let out = gongkai(&["supervise", "units", "--tree"], &db);
    assert!(ok(&out).contains("平潭综合实验区社会发展局［"));
}
