//! Reading and writing the 台账 as a file: XLSX (calamine / rust_xlsxwriter) or CSV (UTF-8, with or without
//! BOM, or GBK as Excel saves it on Chinese Windows). The kind is decided by content, not by file name. Import
//! is all or nothing.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use std::path::Path;

/// Reads the first sheet of an XLSX file, or a CSV file, as rows of trimmed text. Excel dates become
/// YYYY-MM-DD; whole numbers lose their ".0".
pub fn read_table(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
    read_table_bytes(bytes)
}

/// [`read_table`] over a file's bytes (an upload).
pub fn read_table_bytes(bytes: Vec<u8>) -> Result<Vec<Vec<String>>, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err("这是旧版 Excel .xls 文件，请另存为 .xlsx 或 CSV 后再导入".into())
    } else {
        read_csv(&bytes)
    }
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Vec<String>>, String> {
    use calamine::Data;
    let sheet = gongkai_read::sheet::read_sheets(&bytes, gongkai_read::sheet::Limits::LEDGER, true)
        .map_err(|e| format!("XLSX 文件{e}"))?
        .into_iter()
        .next()
        .ok_or("XLSX 文件中没有工作表")?;
    Ok(sheet
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.trim().to_string(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    Data::DateTime(d) => d
                        .as_datetime()
                        .map_or_else(|| d.to_string(), |x| x.date().to_string()),
                    Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
                    Data::DurationIso(s) => s.clone(),
                    Data::Error(e) => format!("#错误:{e:?}"),
                })
                .collect()
        })
        .collect())
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let (t, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err(format!(
                    "CSV 文件既不是 UTF-8 也不是 GBK 编码（第 {} 字节处无法解码）",
                    e.valid_up_to()
                ));
            }
            t.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|rec| rec.iter().map(|s| s.trim().to_string()).collect())
                .map_err(|e| format!("CSV 格式有误：{e}"))
        })
        .collect()
}

/// Writes rows to an XLSX file with one sheet named `sheet`; the first row is bold and frozen.
pub fn write_xlsx(path: &Path, sheet: &str, rows: &[Vec<String>]) -> Result<(), String> {
    let bytes = xlsx_bytes(sheet, rows)?;
    std::fs::write(path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

/// Rows as the bytes of an XLSX file with one sheet named `sheet`; the first row is bold and frozen. Every
/// cell is text, so that a case number such as “=1+1” stays what it is.
pub fn xlsx_bytes(sheet: &str, rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| format!("无法生成 XLSX 文件：{e}");
    let mut book = Workbook::new();
    let ws = book.add_worksheet_with_constant_memory().map_err(fail)?;
    ws.set_name(sheet).map_err(fail)?;
    ws.set_freeze_panes(1, 0).map_err(fail)?;
    let bold = Format::new().set_bold();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r == 0 {
                ws.write_string_with_format(r, c, v, &bold).map_err(fail)?;
                ws.set_column_width(c, 16).map_err(fail)?;
            } else if !v.is_empty() {
                ws.write_string(r, c, v).map_err(fail)?;
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}

/// The 编号 of the template's sample row; the importer refuses a row with it (the sample was left in).
pub const SAMPLE_ID: &str = gongkai_ledger::table::SAMPLE_ID;

/// A blank 台账 to fill in: the import columns with a sample row on the first sheet, drop-down lists (with
/// refusal of other values) for 申请人类型, 渠道, 征求意见对象 and 办理结果, a date check on the date columns, and
/// a second sheet 填写说明 that explains each column. `today` dates the sample row.
pub fn ledger_template(today: NaiveDate) -> Result<Vec<u8>, String> {
    use gongkai_ledger::case::{ApplicantType, Channel, Outcome};
    use gongkai_ledger::table::{HEADERS, LAYOUT};
    use rust_xlsxwriter::{
        DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
        Formula, Workbook,
    };
    let fail = |e: rust_xlsxwriter::XlsxError| format!("无法生成台账模板：{e}");
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut choices: Vec<(&str, Vec<String>)> = vec![
        (
            "申请人类型",
            ApplicantType::ALL
                .iter()
                .map(|t| t.label().to_string())
                .collect(),
        ),
        (
            "渠道",
            Channel::ALL.iter().map(|c| c.label().to_string()).collect(),
        ),
        ("征求意见对象", vec!["第三方".into(), "其他行政机关".into()]),
    ];
    let mut outcomes = Outcome::printed_labels();
    outcomes.extend(gongkai_ledger::table::CLOSINGS.map(String::from));
    choices.push(("办理结果", outcomes));

    let sheet = book.add_worksheet();
    sheet.set_name("台账").map_err(fail)?;
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let sample = gongkai_ledger::table::sample_row(today);
    for (c, h) in HEADERS.iter().enumerate() {
        let c = c as u16;
        sheet
            .write_string_with_format(0, c, *h, &bold)
            .map_err(fail)?;
        sheet
            .set_column_width(c, if *h == "申请内容" { 40 } else { 14 })
            .map_err(fail)?;
        if let Some(v) = sample.get(h) {
            sheet.write_string(1, c, v).map_err(fail)?;
        }
    }
    const LAST_ROW: u32 = 10_000;
    for (n, (name, values)) in choices.iter().enumerate() {
        let col = HEADERS.iter().position(|h| h == name).expect("a column") as u16;
        let letter = (b'A' + n as u8) as char;
        let list = DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "='选项'!${letter}$2:${letter}${}",
                values.len() + 1
            )))
            .set_error_title("不在可选范围内")
            .map_err(fail)?
            .set_error_message(format!("“{name}”请从下拉列表中选择。"))
            .map_err(fail)?;
        sheet
            .add_data_validation(1, col, LAST_ROW, col, &list)
            .map_err(fail)?;
    }
    let earliest = ExcelDateTime::from_ymd(2008, 5, 1).map_err(fail)?;
    let dates = DataValidation::new()
        .allow_date(DataValidationRule::GreaterThanOrEqualTo(earliest))
        .set_input_message("填写日期，如 2026-11-03、2026/11/03 或 2026年11月3日")
        .map_err(fail)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message("这不像一个日期（条例施行于 2008 年 5 月 1 日以后）。")
        .map_err(fail)?;
    for (c, h) in HEADERS.iter().enumerate() {
        if h.ends_with("日期") {
            sheet
                .add_data_validation(1, c as u16, LAST_ROW, c as u16, &dates)
                .map_err(fail)?;
        }
    }

    let guide = book.add_worksheet();
    guide.set_name("填写说明").map_err(fail)?;
    for (c, h) in ["列名", "必填", "内容"].iter().enumerate() {
        guide
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    guide.set_column_width(0, 22).map_err(fail)?;
    guide.set_column_width(2, 80).map_err(fail)?;
    for (r, (column, required, what)) in LAYOUT.iter().enumerate() {
        let r = r as u32 + 1;
        guide.write_string(r, 0, *column).map_err(fail)?;
        guide.write_string(r, 1, *required).map_err(fail)?;
        guide.write_string(r, 2, *what).map_err(fail)?;
    }
    let note = LAYOUT.len() as u32 + 2;
    guide
        .write_string(
            note,
            0,
            format!("第 2 行是示例（编号“{SAMPLE_ID}”），导入前请删除或改为真实申请。"),
        )
        .map_err(fail)?;

    let options = book.add_worksheet();
    options.set_name("选项").map_err(fail)?;
    for (n, (name, values)) in choices.iter().enumerate() {
        let n = n as u16;
        options
            .write_string_with_format(0, n, *name, &bold)
            .map_err(fail)?;
        options.set_column_width(n, 30).map_err(fail)?;
        for (r, v) in values.iter().enumerate() {
            options.write_string(r as u32 + 1, n, v).map_err(fail)?;
        }
    }
    options.set_hidden(true);
    book.save_to_buffer().map_err(fail)
}

impl Store {
    /// Imports a 台账 file (XLSX or CSV in the layout of docs/ledger-import.md), all or nothing. On error,
    /// every bad row with its reasons (or the one file-level problem) is returned and nothing is stored.
    /// No receipt or step may be dated after `today`.
    pub async fn import_file(
        &self,
        path: &std::path::Path,
        today: NaiveDate,
    ) -> Result<usize, Vec<String>> {
        self.import_rows(read_table(path).map_err(|e| vec![e])?, today)
            .await
    }

    /// [`Store::import_file`] over a file's bytes (an upload).
    pub async fn import_bytes(
        &self,
        bytes: Vec<u8>,
        today: NaiveDate,
    ) -> Result<usize, Vec<String>> {
        // Parsing is CPU work: on a blocking thread, never on the server's async workers.
        let rows = tokio::task::spawn_blocking(move || read_table_bytes(bytes))
            .await
            .map_err(|e| vec![format!("文件读取中断：{e}")])?
            .map_err(|e| vec![e])?;
        self.import_rows(rows, today).await
    }

    async fn import_rows(
        &self,
        rows: Vec<Vec<String>>,
        today: NaiveDate,
    ) -> Result<usize, Vec<String>> {
        let ids: Vec<String> = match rows
            .first()
            .and_then(|h| h.iter().position(|c| c.trim() == "编号"))
        {
            Some(col) => rows
                .iter()
                .skip(1)
                .filter_map(|r| r.get(col))
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
                .collect(),
            None => vec![],
        };
        let existing = self
            .existing_ids(&ids)
            .await
            .map_err(|e| vec![e.to_string()])?;
        let apps = gongkai_ledger::table::parse_as_of(&rows, today, &existing)
            .map_err(|errs| errs.iter().map(|e| e.to_string()).collect::<Vec<_>>())?;
        self.add_applications(&apps, today)
            .await
            .map_err(|e| vec![e.to_string()])?;
        Ok(apps.len())
    }

    /// Which of `ids` the ledger holds already.
    pub async fn existing_ids(
        &self,
        ids: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        use sqlx::Row;
        let mut found = std::collections::HashSet::new();
        for chunk in ids.chunks(crate::BATCH) {
            let sql = format!(
                "SELECT id FROM applications WHERE agency_id = $1 AND id IN ({})",
                (2..=chunk.len() + 1)
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(self.ag());
            for id in chunk {
                query = query.bind(id.clone());
            }
            for row in query.fetch_all(&self.pool).await? {
                found.insert(row.try_get::<String, _>(0)?);
            }
        }
        Ok(found)
    }

    /// Exports every application to an XLSX file in the import layout. Returns the number written and the ids
    /// of applications whose steps do not fit one row (they are listed, not silently dropped).
    pub async fn export_file(
        &self,
        path: &std::path::Path,
    ) -> Result<(usize, Vec<String>), StoreError> {
        let apps = self.applications(false).await?;
        let (rows, skipped) = gongkai_ledger::table::render(&apps);
        write_xlsx(path, "台账", &rows).map_err(StoreError::Db)?;
        Ok((rows.len() - 1, skipped))
    }
}
