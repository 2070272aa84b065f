//! DOCX: LibreOffice conversions of the HTML corpus read to the same data as their HTML sources; hand-made
//! documents with merged cells and automatic numbering; damaged and hostile packages.

use gongkai_model::exchange::to_json;
use gongkai_read::ReadError;
use gongkai_testkit::{html_sources, soffice, tables};
use std::io::Write;

#[test]
#[ignore = "needs LibreOffice: apt-get install libreoffice-writer (bash .ci/run does)"]
fn libreoffice_docx_of_the_html_corpus_reads_like_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let sources = html_sources();
    let docx = soffice(&sources, "docx:MS Word 2007 XML", dir.path());
    for (html, docx) in sources.iter().zip(&docx) {
        let a = tables(&to_json(&gongkai_read::read_path(html).unwrap(), false));
        let b = tables(&to_json(&gongkai_read::read_path(docx).unwrap(), false));
        assert_eq!(a, b, "{}", docx.display());
        let r = gongkai_read::read_path(docx).unwrap();
        assert!(
            r.table3
                .rows
                .iter()
                .all(|row| row.cells.iter().all(|c| c.source.table_cell.is_some()))
        );
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Builds a DOCX package from a document body (and optional numbering part).
pub fn docx(body: &str, numbering: Option<&str>) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#).unwrap();
    if let Some(n) = numbering {
        z.start_file("word/numbering.xml", opts).unwrap();
        write!(
            z,
            r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{n}</w:numbering>"#
        )
        .unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn tc(text: &str, props: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

/// 表三 of a 2021 report with the layout of Word: vertically merged group cells, spans, labels split over
/// paragraphs, and headings numbered automatically (一、 二、 …).
fn word_report() -> Vec<u8> {
    let rows = gongkai_model::table3_rows(gongkai_model::FormatVersion::V2021);
    let mut t = String::from("<w:tbl>");
    t += &format!(
        "<w:tr>{}{}</w:tr>",
        tc(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "<w:gridSpan w:val=\"3\"/><w:vMerge w:val=\"restart\"/>"
        ),
        tc("申请人情况", "<w:gridSpan w:val=\"7\"/>")
    );
    t += &format!(
        "<w:tr>{}{}{}{}</w:tr>",
        tc("", "<w:gridSpan w:val=\"3\"/><w:vMerge/>"),
        tc("自然人", "<w:vMerge w:val=\"restart\"/>"),
        tc("法人或其他组织", "<w:gridSpan w:val=\"5\"/>"),
        tc("总计", "<w:vMerge w:val=\"restart\"/>")
    );
    t += &format!(
        "<w:tr>{}{}{}{}</w:tr>",
        tc("", "<w:gridSpan w:val=\"3\"/><w:vMerge/>"),
        tc("", "<w:vMerge/>"),
        [
            "商业</w:t></w:r></w:p><w:p><w:r><w:t>企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他"
        ]
        .iter()
        .map(|x| tc(x, ""))
        .collect::<String>(),
        tc("", "<w:vMerge/>")
    );
    let mut group_seen = std::collections::HashSet::new();
    for (i, def) in rows.iter().enumerate() {
        let v = |c: usize| (i * 7 + c) % 5;
        let total: usize = (0..6).map(v).sum();
        let cells: String = (0..6)
            .map(|c| tc(&v(c).to_string(), ""))
            .chain([tc(&total.to_string(), "")])
            .collect();
        let label = match def.group {
            Some(g) => {
                let merge = if group_seen.insert(g) {
                    "<w:vMerge w:val=\"restart\"/>"
                } else {
                    "<w:vMerge/>"
                };
                format!("{}{}", tc(g, merge), tc(def.label, ""))
            }
            None => tc(def.label, "<w:gridSpan w:val=\"2\"/>"),
        };
        let outer = if def.outcome {
            "三、本年度办理结果"
        } else {
            ""
        };
        let first = if def.outcome {
            if group_seen.insert("outer") {
                tc(outer, "<w:vMerge w:val=\"restart\"/>")
            } else {
                tc("", "<w:vMerge/>")
            }
        } else {
            String::new()
        };
        let label = if def.outcome {
            label
        } else {
            tc(def.label, "<w:gridSpan w:val=\"3\"/>")
        };
        t += &format!("<w:tr>{first}{label}{cells}</w:tr>");
    }
    t += "</w:tbl>";
    let numbered = |text: &str| {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    };
    let body = [
        p("某局2025年政府信息公开工作年度报告"),
        p("本报告所列数据的统计期限自2025年1月1日起至2025年12月31日止。"),
        numbered("总体情况"),
        numbered("主动公开政府信息情况"),
        numbered("收到和处理政府信息公开申请情况"),
        t,
        numbered("政府信息公开行政复议、行政诉讼情况"),
        numbered("存在的主要问题及改进情况"),
        numbered("其他需要报告的事项"),
    ]
    .concat();
    let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    docx(&body, Some(numbering))
}

#[test]
fn hand_made_docx_with_vertical_merges_and_numbering() {
    let r = gongkai_read::read_bytes("word.docx", &word_report()).unwrap();
    assert_eq!(r.year, Some(2025));
    assert_eq!(r.agency.as_deref(), Some("某局"));
    let headings: Vec<&str> = r.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings[0], "一、总体情况");
    assert_eq!(headings.len(), 6, "{headings:?}");
    assert_eq!(r.table3.format, Some(gongkai_model::FormatVersion::V2021));
    let rows = gongkai_model::table3_rows(gongkai_model::FormatVersion::V2021);
    assert_eq!(r.table3.rows.len(), rows.len());
    for (i, row) in r.table3.rows.iter().enumerate() {
        let v = |c: usize| ((i * 7 + c) % 5) as i64;
        for c in 0..6 {
            assert_eq!(
                row.cells[c].value.number(),
                Some(v(c).into()),
                "{} col {c}",
                row.key
            );
        }
        assert_eq!(
            row.cells[6].value.number(),
            Some((0..6).map(v).sum::<i64>().into())
        );
        // Grid positions: values start after the three label columns.
        assert_eq!(
            row.cells[0].source.table_cell.map(|(_, _, c)| c),
            Some(3),
            "{}",
            row.key
        );
    }
}

fn expect_corrupt(bytes: &[u8], needle: &str) {
    match gongkai_read::read_bytes("x.docx", bytes) {
        Err(e @ (ReadError::Corrupt(_) | ReadError::Unsupported(_))) => {
            assert!(
                e.to_string().contains(needle),
                "expected “{needle}” in “{e}”"
            )
        }
        other => panic!("expected a clear error with “{needle}”, got {other:?}"),
    }
}

#[test]
fn damaged_and_hostile_docx_get_clear_errors() {
    let good = word_report();
    // Truncated at several places.
    for cut in [10, good.len() / 3, good.len() / 2, good.len() - 30] {
        let r = gongkai_read::read_bytes("cut.docx", &good[..cut]);
        assert!(
            matches!(r, Err(ReadError::Corrupt(_))),
            "cut at {cut}: {r:?}"
        );
    }
    // A zip bomb: 200 MB of spaces inflating from a few hundred KB.
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default().large_file(true),
    )
    .unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..200 {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap();
    let bomb = buf.into_inner();
    assert!(bomb.len() < 2_000_000, "{}", bomb.len());
    expect_corrupt(&bomb, "压缩炸弹");
    // Entity expansion (billion laughs) and undefined entities.
    let laughs = r#"<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    write!(z, "<?xml version=\"1.0\"?>{laughs}<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>").unwrap();
    z.finish().unwrap();
    expect_corrupt(&buf.into_inner(), "DTD");
    expect_corrupt(&docx(&p("&undefined;"), None), "未定义的实体");
    // Missing parts, and a workbook instead of a document.
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(b"<workbook/>").unwrap();
    z.finish().unwrap();
    expect_corrupt(&buf.into_inner(), "Excel");
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.finish().unwrap();
    expect_corrupt(&buf.into_inner(), "缺少 word/document.xml");
    // Broken XML.
    expect_corrupt(&docx("<w:p><w:r><w:t>未闭合", None), "不是有效的 XML");
    // Old binary Word.
    let doc = [0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert!(
        matches!(gongkai_read::read_bytes("old.doc", &doc), Err(ReadError::Unsupported(m)) if m.contains("DOCX"))
    );
}
