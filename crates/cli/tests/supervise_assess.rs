//! `gongkai supervise assess` through the binary: a region ranked and its assessment report written as HTML, DOCX and PDF.

mod supervise_kit;

use std::process::Command;
use supervise_kit::*;

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
