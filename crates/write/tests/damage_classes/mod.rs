//! The damage classes and the documents they are applied to (random reports written as Markdown, HTML,
//! DOCX or flattened text), for the damage harness.

use gongkai_model::{CellValue, Report, TABLE4_GROUPS, table2_rows, table3_rows};
use gongkai_write::grid::value_text;
use gongkai_write::{Target, testgen, write};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

/// The ways real documents come damaged.
#[derive(Debug, Clone, Copy)]
pub enum Damage {
    /// A cell of a row pushed out of the table (Markdown) or dropped (HTML).
    DropCell,
    /// A label that fills two of the three label columns printed with an empty third label cell (HTML grid).
    EmptyLabelSubCell,
    /// 表四 printed as three small tables under headings, in any order (Markdown).
    Table4SubTables,
    /// A row label printed with a small edit (和 inserted, 案件 for 案卷, a character dropped, no item number).
    LabelEdit,
    /// The last row's digits run on into the next sentence, a year followed by 年 (flattened text).
    DigitRunIntoText,
    /// A page footer inside a table, splitting it (Markdown and HTML).
    FooterInTable,
    /// The column headers renamed 数据1, 数据2, … (Markdown and HTML).
    RenameColumns,
    /// 表三's header rows printed again in the middle of the table (a page break in the source).
    RepeatHeader,
}

pub const CLASSES: [Damage; 8] = [
    Damage::DropCell,
    Damage::EmptyLabelSubCell,
    Damage::Table4SubTables,
    Damage::LabelEdit,
    Damage::DigitRunIntoText,
    Damage::FooterInTable,
    Damage::RenameColumns,
    Damage::RepeatHeader,
];

/// The official row labels of the report's format (表二 and 表三).
pub fn labels(r: &Report) -> Vec<&'static str> {
    let f = r.format.expect("a format");
    table2_rows(f)
        .iter()
        .map(|d| d.label)
        .chain(table3_rows(f).iter().map(|d| d.label))
        .collect()
}

/// Cells of a Markdown table line.
pub fn md_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    t[1..t.len() - 1]
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

pub fn md_line(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// Index of the Markdown lines that are data rows of 表二/表三 (a label cell followed by value cells).
pub fn md_data_rows(md: &str, r: &Report) -> Vec<usize> {
    let labels = labels(r);
    md.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with('|') && !l.contains("---"))
        .filter(|(_, l)| {
            let cells = md_cells(l);
            cells
                .iter()
                .position(|c| labels.contains(&c.as_str()))
                .is_some_and(|i| i + 1 < cells.len())
        })
        .map(|(i, _)| i)
        .collect()
}

/// A small edit of a label: 和 inserted, 卷→件 or 处理→受理, one character dropped, or its item number dropped.
pub fn edit_label(label: &str, rng: &mut StdRng) -> String {
    let chars: Vec<char> = label.chars().collect();
    for _ in 0..8 {
        let edited = match rng.random_range(0..5) {
            0 if chars.len() > 4 => {
                let at = rng.random_range(2..chars.len() - 1);
                let mut c = chars.clone();
                c.insert(at, *['和', '及'].choose(rng).expect("two"));
                c.into_iter().collect()
            }
            1 if label.contains('卷') => label.replace('卷', "件"),
            2 if label.contains("处理") => label.replacen("处理", "受理", 1),
            3 if chars.len() > 6 => {
                let at = rng.random_range(3..chars.len() - 1);
                let mut c = chars.clone();
                c.remove(at);
                c.into_iter().collect()
            }
            4 if label.as_bytes().first().is_some_and(u8::is_ascii_digit) => label[2..].to_string(),
            _ => continue,
        };
        if edited != label {
            return edited;
        }
    }
    label.to_string()
}

/// A random report, with numbers in every cell when `numbers_only` (flattened text cannot show a blank).
pub fn report(rng: &mut StdRng, numbers_only: bool) -> Report {
    let mut r = testgen::random_report(rng);
    if numbers_only {
        for t in [&mut r.table2, &mut r.table3, &mut r.table4] {
            for row in &mut t.rows {
                for c in &mut row.cells {
                    if !matches!(c.value, CellValue::Number(_)) {
                        c.value = CellValue::Number(rng.random_range(0..500).into());
                    }
                }
            }
        }
    }
    r
}

/// The report flattened as page text: each table row's label and its values separated by spaces, all on one
/// line, as archive text extractions print them.
pub fn flattened(md: &str) -> String {
    let mut out = String::new();
    for line in md.lines() {
        let l = line.trim();
        if l.starts_with('|') {
            if l.contains("---") {
                continue;
            }
            let cells: Vec<String> = md_cells(l).into_iter().filter(|c| !c.is_empty()).collect();
            let (labels, values): (Vec<&String>, Vec<&String>) = cells.iter().partition(|c| {
                c.chars()
                    .any(|ch| !ch.is_ascii_digit() && !".-".contains(ch))
            });
            out.push_str(&labels.iter().map(|s| s.as_str()).collect::<String>());
            out.push_str(
                &values
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        } else {
            out.push_str(l.trim_start_matches('#').trim());
        }
    }
    out
}

/// Damages one random report; returns the damaged document's name and bytes.
pub fn damage(class: Damage, r: &Report, rng: &mut StdRng) -> (String, Vec<u8>) {
    let md = || write(r, Target::Md, &[]).expect("writes");
    let html = || write(r, Target::Html, &[]).expect("writes");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    match class {
        Damage::DropCell if rng.random_bool(0.5) => {
            let md = text(md());
            let mut lines: Vec<String> = md.lines().map(str::to_string).collect();
            let rows = md_data_rows(&md, r);
            let i = *rows.choose(rng).expect("data rows");
            let mut cells = md_cells(&lines[i]);
            let label = cells
                .iter()
                .position(|c| labels(r).contains(&c.as_str()))
                .expect("label");
            let values = cells.len() - label - 1;
            cells.remove(label + 1 + rng.random_range(0..values));
            // The conversion pushed the cell out as loose text above the table.
            lines[i] = md_line(&cells);
            ("drop.md".into(), lines.join("\n").into_bytes())
        }
        Damage::DropCell => {
            let html = text(html());
            let rows: Vec<&str> = html.split("<tr>").collect();
            let labels = labels(r);
            let data: Vec<usize> = (1..rows.len())
                .filter(|&i| labels.iter().any(|l| rows[i].contains(&format!(">{l}<"))))
                .filter(|&i| rows[i].matches("<td").count() > 1)
                .collect();
            let i = *data.choose(rng).expect("data rows");
            let tds: Vec<&str> = rows[i].split("<td").collect();
            let label = tds
                .iter()
                .position(|t| labels.iter().any(|l| t.contains(&format!(">{l}<"))))
                .expect("label cell");
            let drop = label + 1 + rng.random_range(0..tds.len() - label - 1);
            let kept: Vec<&str> = tds
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != drop)
                .map(|(_, t)| *t)
                .collect();
            let mut rows: Vec<String> = rows.iter().map(|s| s.to_string()).collect();
            rows[i] = kept.join("<td");
            ("drop.html".into(), rows.join("<tr>").into_bytes())
        }
        Damage::EmptyLabelSubCell => {
            let html = text(html());
            let two = "<td colspan=\"2\"";
            let at: Vec<usize> = html.match_indices(two).map(|(i, _)| i).collect();
            // The 表三 labels spanning two label columns: （一）…（七）, the 2019 （六）其他处理.
            let at: Vec<usize> = at
                .into_iter()
                .filter(|&i| {
                    html[i..]
                        .split("</td>")
                        .next()
                        .is_some_and(|c| c.contains('（'))
                })
                .collect();
            let i = *at.choose(rng).expect("a two-column label");
            let end = i + html[i..].find("</td>").expect("closed") + "</td>".len();
            let cell = html[i..end].replacen(" colspan=\"2\"", "", 1);
            let damaged = format!("{}{cell}<td></td>{}", &html[..i], &html[end..]);
            ("sub.html".into(), damaged.into_bytes())
        }
        Damage::Table4SubTables => {
            let md = text(md());
            let start = md.find("| 行政复议 | 行政诉讼").expect("表四");
            let end = start + md[start..].find("\n\n").unwrap_or(md.len() - start);
            let mut blocks: Vec<usize> = vec![0, 1, 2];
            blocks.sort_by_key(|_| rng.random::<u32>());
            let headings = [
                "行政复议",
                "行政诉讼（未经复议直接起诉）",
                "行政诉讼（复议后起诉）",
            ];
            let mut sub = String::new();
            for g in blocks {
                let row = r.table4.row(TABLE4_GROUPS[g].0).expect("row");
                let values: Vec<String> = row.cells.iter().map(|c| value_text(&c.value)).collect();
                sub.push_str(&format!(
                    "{}\n\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| --- | --- | --- | --- | --- |\n{}\n\n",
                    headings[g],
                    md_line(&values)
                ));
            }
            let damaged = format!("{}{}{}", &md[..start], sub.trim_end(), &md[end..]);
            ("t4.md".into(), damaged.into_bytes())
        }
        Damage::LabelEdit => {
            let md = text(md());
            let f = r.format.expect("format");
            let defs = table3_rows(f);
            let mut damaged = md.clone();
            for _ in 0..rng.random_range(1..=3) {
                let label = defs.choose(rng).expect("rows").label;
                let cell = format!("| {label} |");
                if damaged.contains(&cell) {
                    let edited = edit_label(label, rng);
                    damaged = damaged.replacen(&cell, &format!("| {edited} |"), 1);
                }
            }
            ("label.md".into(), damaged.into_bytes())
        }
        Damage::DigitRunIntoText => {
            let flat = flattened(&text(md()));
            let at = flat.find("四、结转下年度继续办理").expect("row");
            let label_end = at + "四、结转下年度继续办理".len();
            let values_end = label_end
                + flat[label_end..]
                    .find(|c: char| !c.is_ascii_digit() && !" .-".contains(c))
                    .unwrap_or(flat.len() - label_end);
            let year = r.year.expect("year") + 1;
            let damaged = format!(
                "{}{year}年，我局将继续做好政府信息公开工作。{}",
                flat[..values_end].trim_end(),
                &flat[values_end..]
            );
            ("run.txt".into(), damaged.into_bytes())
        }
        Damage::FooterInTable if rng.random_bool(0.5) => {
            let md = text(md());
            let mut lines: Vec<String> = md.lines().map(str::to_string).collect();
            let rows = md_data_rows(&md, r);
            let i = *rows[1..].choose(rng).expect("rows");
            let page = rng.random_range(2..9);
            lines.insert(i, format!("\n— {page} —\n\n第 {page} 页\n"));
            ("footer.md".into(), lines.join("\n").into_bytes())
        }
        Damage::FooterInTable => {
            let html = text(html());
            let rows: Vec<usize> = html
                .match_indices("<tr>")
                .map(|(i, _)| i)
                .filter(|&i| {
                    labels(r).iter().any(|l| {
                        html[i..]
                            .split("</tr>")
                            .next()
                            .is_some_and(|row| row.contains(&format!(">{l}<")))
                    })
                })
                .collect();
            let i = *rows[1..].choose(rng).expect("rows");
            let damaged = format!(
                "{}</table><div class=\"footer\">— 5 —</div><p>第 5 页</p><table border=\"1\">{}",
                &html[..i],
                &html[i..]
            );
            ("footer.html".into(), damaged.into_bytes())
        }
        Damage::RepeatHeader if rng.random_bool(0.5) => {
            let md = text(md());
            let mut lines: Vec<String> = md.lines().map(str::to_string).collect();
            let head = lines
                .iter()
                .position(|l| l.contains("（本列数据的勾稽关系"))
                .expect("表三 header");
            let first = lines[head..]
                .iter()
                .position(|l| l.contains("一、本年新收"))
                .expect("first row")
                + head;
            let header: Vec<String> = lines[head..first]
                .iter()
                .filter(|l| !l.contains("---"))
                .cloned()
                .collect();
            let rows: Vec<usize> = md_data_rows(&md, r)
                .into_iter()
                .filter(|&i| i > first + 1)
                .collect();
            let at = *rows.choose(rng).expect("rows");
            for (k, h) in header.into_iter().enumerate() {
                lines.insert(at + k, h);
            }
            ("header.md".into(), lines.join("\n").into_bytes())
        }
        Damage::RepeatHeader => {
            let html = text(html());
            let head = html.find("（本列数据的勾稽关系").expect("表三 header");
            let head = html[..head].rfind("<tr>").expect("row");
            let first = head + html[head..].find("一、本年新收").expect("first row");
            let first = html[..first].rfind("<tr>").expect("row");
            // The header rows without their rowspans into the body (a repeated header is self-contained).
            let header = html[head..first].to_string();
            let rows: Vec<usize> = html
                .match_indices("<tr>")
                .map(|(i, _)| i)
                .filter(|&i| i > first)
                .filter(|&i| {
                    let row = html[i..].split("</tr>").next().unwrap_or("");
                    row.contains("1.") || row.contains("（七）")
                })
                .collect();
            let at = *rows.choose(rng).expect("rows");
            let damaged = format!(
                "{}</table><p>— 3 —</p><table border=\"1\">{header}{}",
                &html[..at],
                &html[at..]
            );
            ("header.html".into(), damaged.into_bytes())
        }
        Damage::RenameColumns => {
            let headers = [
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "本年制发件数",
                "本年废止件数",
                "现行有效件数",
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量",
                "上一年项目数量",
                "本年增/减",
                "处理决定数量",
                "本年处理决定数量",
            ];
            let (name, doc) = if rng.random_bool(0.5) {
                ("cols.md", text(md()))
            } else {
                ("cols.html", text(html()))
            };
            let mut damaged = doc;
            for (k, h) in headers.iter().enumerate() {
                for wrap in [("| ", " |"), (">", "<")] {
                    damaged = damaged.replace(
                        &format!("{}{h}{}", wrap.0, wrap.1),
                        &format!("{}数据{}{}", wrap.0, k + 1, wrap.1),
                    );
                }
            }
            (name.into(), damaged.into_bytes())
        }
    }
}

/// A DOCX of `r` whose 表三 labels that span two label columns are each printed as one label cell and an
/// empty cell (the table grid unchanged).
pub fn docx_with_empty_label_sub_cells(r: &Report) -> Vec<u8> {
    use std::io::{Read, Write};
    let docx = write(r, Target::Docx, &[]).expect("writes");
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).unwrap();
            let mut parts: Vec<String> = xml.split("<w:tc>").map(str::to_string).collect();
            for p in parts.iter_mut().skip(1) {
                let label = p.contains("<w:gridSpan w:val=\"2\" />")
                    && ["（一）", "（二）", "（六）其他处理<", "（七）总计"]
                        .iter()
                        .any(|l| p.contains(l));
                if label {
                    *p = p.replacen("<w:gridSpan w:val=\"2\" />", "", 1).replacen(
                        "</w:tc>",
                        "</w:tc><w:tc><w:tcPr><w:vAlign w:val=\"center\" /></w:tcPr><w:p /></w:tc>",
                        1,
                    );
                }
            }
            data = parts.join("<w:tc>").into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}
