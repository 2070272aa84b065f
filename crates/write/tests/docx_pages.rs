//! The DOCX report as LibreOffice lays it out on A4 pages: wherever 表三 and 表四 break, their heading rows
//! are printed again at the top of the next page, no row is split across pages, a table's heading is never
//! left alone at the foot of a page, and no section heading ends a page. The break is moved through the
//! table by lengthening section 二 paragraph by paragraph.

use gongkai_model::FormatVersion;
use std::process::Command;

const HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The text of page `n` of a PDF, line by line, as pdftotext lays it out.
fn page_lines(pdf: &std::path::Path, n: usize) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &n.to_string(), "-l", &n.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn pages(pdf: &std::path::Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count")
}

#[test]
#[ignore = "needs LibreOffice and poppler-utils: apt-get install libreoffice-writer poppler-utils (bash .ci/run does)"]
fn tables_and_headings_break_across_pages_as_a_printed_report_should() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let filler = "本机关按照《中华人民共和国政府信息公开条例》的规定，认真做好主动公开工作，及时更新政府信息公开目录。";
    for extra in 0..10 {
        let mut r = gongkai_write::draft::new_report(FormatVersion::V2021, 2025, "某市某局");
        for s in &mut r.sections {
            s.text = filler.repeat(3);
        }
        r.sections[1].text = vec![filler.repeat(2); 4 + extra * 2].join("\n");
        let bytes = gongkai_write::write(&r, gongkai_write::Target::Docx, &[]).unwrap();
        let path = dir.path().join(format!("r{extra:02}.docx"));
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    let pdfs = gongkai_testkit::soffice(&files, "pdf", dir.path());
    let mut broken_tables = 0;
    for pdf in &pdfs {
        let name = pdf.file_name().unwrap().to_string_lossy().to_string();
        let n = pages(pdf);
        for p in 1..=n {
            let lines = page_lines(pdf, p);
            let text = lines.join("\n");
            // 表三's body rows on this page: its heading (申请人情况) is on the page too.
            let t3_rows = [
                "（一）予以公开",
                "1.属于国家秘密",
                "1.信访举报投诉类申请",
                "（七）总计",
                "四、结转下年度继续办理",
            ];
            if t3_rows.iter().any(|r| text.contains(r)) {
                assert!(
                    text.contains("申请人情况"),
                    "{name} page {p}: 表三 rows without its heading:\n{text}"
                );
            }
            // 表三's heading on this page: at least one of its rows follows it here.
            if text.contains("申请人情况") {
                assert!(
                    t3_rows.iter().any(|r| text.contains(r))
                        || text.contains("一、本年新收政府信息公开申请数量"),
                    "{name} page {p}: 表三's heading alone at the foot of the page:\n{text}"
                );
            }
            if p > 1 && text.contains("申请人情况") && !text.contains(HEADINGS[2]) {
                broken_tables += 1;
            }
            // No section heading is the last line of a page.
            if p < n {
                let last = lines.last().cloned().unwrap_or_default();
                assert!(
                    !HEADINGS.iter().any(|h| last.starts_with(h)),
                    "{name} page {p} ends with the heading “{last}”"
                );
            }
        }
    }
    // The lengths chosen do move the break into 表三: its heading was repeated at least once.
    assert!(
        broken_tables > 0,
        "表三 never continued on a second page; the test moved no break through it"
    );
}
