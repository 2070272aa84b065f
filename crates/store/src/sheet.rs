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
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let ws = book
        .add_worksheet_with_constant_memory()
        .map_err(|e| e.to_string())?;
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r == 0 {
                ws.write_string_with_format(r, c, v, &bold)
                    .map_err(|e| e.to_string())?;
            } else if !v.is_empty() {
                ws.write_string(r, c, v).map_err(|e| e.to_string())?;
            }
        }
    }
    book.save(path)
        .map_err(|e| format!("无法写入 {}：{e}", path.display()))
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
        let apps = gongkai_ledger::table::parse(&rows)
            .map_err(|errs| errs.iter().map(|e| e.to_string()).collect::<Vec<_>>())?;
        let future: Vec<String> = apps
            .iter()
            .filter_map(|a| a.check_not_after(today).err().map(|e| e.to_string()))
            .collect();
        if !future.is_empty() {
            return Err(future);
        }
        self.add_applications(&apps, today)
            .await
            .map_err(|e| vec![e.to_string()])?;
        Ok(apps.len())
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
