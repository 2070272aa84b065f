//! TABLE-SHAPE: the three tables are present with every row and cell of their format.
//!
//! Why: 条例 Art. 50 and the format notices require the full tables; a missing row or cell cannot be told
//! from a zero. Counts of missing rows and cells are given.
//! Example: 表三 without “四、结转下年度继续办理”. 表二 printed with the 2019 columns but the 2021 rows (no 其他
//! 对外管理服务事项, no 政府集中采购) misses no row: the mix of formats is FORMAT-VERSION's finding.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{CellValue, FormatVersion, TableId, table2_rows, table3_rows};

/// The rule.
pub const RULE: Rule = Rule {
    code: "TABLE-SHAPE",
    severity: Severity::Error,
    title: "表二、表三、表四须齐全：缺表、缺行、缺单元格",
    explanation: "《条例》第五十条及年度报告格式要求完整填报三张统计表；缺少的行或单元格无法与 0 区分。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    let expected: [(TableId, Vec<&str>); 3] = [
        (
            TableId::Table2,
            r.table2
                .format
                .map(|f| table2_rows(f).iter().map(|d| d.key).collect())
                .unwrap_or_default(),
        ),
        (
            TableId::Table3,
            r.table3
                .format
                .map(|f| table3_rows(f).iter().map(|d| d.key).collect())
                .unwrap_or_default(),
        ),
        (
            TableId::Table4,
            gongkai_model::TABLE4_GROUPS
                .iter()
                .map(|(k, _)| *k)
                .collect(),
        ),
    ];
    for (id, keys) in expected {
        let t = r.table(id);
        if !t.found {
            out.push(RULE.diag(format!("未找到{}", id.title())));
            continue;
        }
        // 表二 with one format's columns and the other's rows (a mixed report): the rows only the first has
        // are not missing — the mix is FORMAT-VERSION's finding.
        let other_rows = |k: &str| {
            t.format.is_some_and(|f| {
                let other = match f {
                    FormatVersion::V2019 => FormatVersion::V2021,
                    FormatVersion::V2021 => FormatVersion::V2019,
                };
                table2_rows(other).iter().any(|d| d.key == k)
            })
        };
        let mixed = id == TableId::Table2 && t.rows.iter().all(|row| other_rows(&row.key));
        let missing: Vec<String> = keys
            .iter()
            .filter(|k| t.row(k).is_none() && (!mixed || other_rows(k)))
            .map(|k| r.row_label(id, k))
            .collect();
        if !missing.is_empty() {
            out.push(RULE.diag(format!(
                "{}缺少 {} 行：{}",
                id.title(),
                missing.len(),
                missing.join("；")
            )));
        }
        for row in &t.rows {
            let cols: Vec<&str> = row
                .cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.value == CellValue::Missing)
                .map(|(i, _)| r.column_label(id, &row.key, i))
                .collect();
            if !cols.is_empty() {
                out.push(
                    RULE.diag(format!(
                        "{} “{}” 行缺少 {} 个单元格：{}",
                        id.title(),
                        r.row_label(id, &row.key),
                        cols.len(),
                        cols.join("、")
                    ))
                    .at(id, &row.key, None)
                    .source(row.source.clone()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"TABLE-SHAPE"));
        let mut bad = valid_2021();
        bad.table3.rows.retain(|r| r.key != "carried_forward");
        assert!(codes(&bad).contains(&"TABLE-SHAPE"));
    }
}
