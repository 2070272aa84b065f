//! The long-form dataset of the supervised reports as Parquet, so that DuckDB, pandas or Spark take over where
//! one machine's SQL is not enough. Columns: agency, year (int32), format, table, row, column, value (the text
//! as stored: a number, a mark, or the candidates of an ambiguous cell), number (float64, only for a cell
//! holding one number), state, corrected (bool), source.

#![warn(missing_docs)]

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::path::Path;
use std::sync::Arc;

/// The long form's columns, in the order of `gongkai_supervise::export::LONG_HEADER`.
const COLUMNS: usize = 10;

/// Writes the long form (a header row and one row per cell, as `gongkai supervise export --form long` makes
/// it) as a Parquet file.
pub fn write_long(path: &Path, rows: &[Vec<String>]) -> Result<(), String> {
    let body = rows.get(1..).unwrap_or_default();
    if let Some(bad) = body.iter().position(|r| r.len() != COLUMNS) {
        return Err(format!(
            "第 {} 行有 {} 列，应为 {COLUMNS} 列",
            bad + 2,
            body[bad].len()
        ));
    }
    let text = |i: usize| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(
            body.iter().map(|r| r[i].as_str()),
        ))
    };
    let year: ArrayRef = Arc::new(Int32Array::from_iter(
        body.iter().map(|r| r[1].parse::<i32>().ok()),
    ));
    let number: ArrayRef = Arc::new(Float64Array::from_iter(body.iter().map(|r| {
        (r[7] == "value")
            .then(|| r[6].parse::<f64>().ok())
            .flatten()
    })));
    let corrected: ArrayRef = Arc::new(BooleanArray::from_iter(
        body.iter().map(|r| Some(r[8] == "corrected")),
    ));
    let schema = Arc::new(Schema::new(vec![
        Field::new("agency", DataType::Utf8, false),
        Field::new("year", DataType::Int32, true),
        Field::new("format", DataType::Utf8, false),
        Field::new("table", DataType::Utf8, false),
        Field::new("row", DataType::Utf8, false),
        Field::new("column", DataType::Utf8, false),
        Field::new("value", DataType::Utf8, false),
        Field::new("number", DataType::Float64, true),
        Field::new("state", DataType::Utf8, false),
        Field::new("corrected", DataType::Boolean, false),
        Field::new("source", DataType::Utf8, false),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            text(0),
            year,
            text(2),
            text(3),
            text(4),
            text(5),
            text(6),
            number,
            text(7),
            corrected,
            text(9),
        ],
    )
    .map_err(|e| e.to_string())?;
    let file =
        std::fs::File::create(path).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut w = ArrowWriter::try_new(file, schema, Some(props)).map_err(|e| e.to_string())?;
    w.write(&batch).map_err(|e| e.to_string())?;
    w.close().map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_the_wrong_width_are_refused() {
        let dir = std::env::temp_dir().join("gongkai-datasets-test.parquet");
        let rows = vec![vec!["h".to_string(); COLUMNS], vec!["x".to_string(); 3]];
        assert!(
            write_long(&dir, &rows)
                .unwrap_err()
                .contains("第 2 行有 3 列")
        );
    }
}
