//! One finding per cause. 表三's identities share cells, so one wrong or missing entry breaks several at once:
//! a 总计 column left blank breaks every row's total and the column's sum; one mistyped cell breaks each
//! identity it is part of. The findings such a cause explains are folded into one finding that names the cause
//! and lists, as its consequences, the findings it replaces — scored once.

use crate::Diagnostic;
use gongkai_model::{Report, TABLE3_COLUMNS, TableId};
use rust_decimal::Decimal;

/// The 总计 column's index in 表三.
const TOTAL: usize = 6;

/// Folds the findings one cause explains into one finding (see the module's documentation).
pub(crate) fn fold(r: &Report, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let diags = total_column(r, diags);
    let diags = other_format_label(r, diags);
    single_cell(r, diags)
}

/// A row labelled as the other format labels it (“规范性文件” in a 2021 表二) is reported by LABEL-VARIANT; when
/// such labels are all the other format's marks, the report does not also “mix two formats”: that finding is
/// the label's consequence.
fn other_format_label(r: &Report, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let ev = &r.format_evidence;
    let Some(mixed) = diags
        .iter()
        .position(|d| d.code == "FORMAT-VERSION" && d.message.starts_with("报告混用两种格式"))
    else {
        return diags;
    };
    let variants: Vec<usize> = (0..diags.len())
        .filter(|&i| {
            diags[i].code == "LABEL-VARIANT" && diags[i].message.contains("另一版本格式的标签")
        })
        .collect();
    // Every mark of one side is a row label that LABEL-VARIANT reports.
    let reported = |marks: &[String]| {
        !marks.is_empty()
            && marks.iter().all(|m| {
                m.split_once("行标签“")
                    .and_then(|(_, l)| l.strip_suffix('”'))
                    .is_some_and(|label| {
                        variants
                            .iter()
                            .any(|&i| diags[i].message.contains(&format!("印为“{label}”")))
                    })
            })
    };
    if !(reported(&ev.markers_2019) || reported(&ev.markers_2021)) {
        return diags;
    }
    let folded = diags.remove(mixed);
    let at = variants[0] - usize::from(variants[0] > mixed);
    diags[at].consequences.push(folded.message);
    diags
}

fn is(d: &Diagnostic, code: &str) -> bool {
    d.code == code && d.table == Some(TableId::Table3)
}

/// Replaces the findings at `folded` by `cause` (placed where the first of them was), their messages kept as its
/// consequences.
fn replace(diags: Vec<Diagnostic>, folded: &[usize], mut cause: Diagnostic) -> Vec<Diagnostic> {
    let first = folded.iter().min().copied().unwrap_or(0);
    let mut out = Vec::with_capacity(diags.len());
    for (i, d) in diags.into_iter().enumerate() {
        if i == first {
            out.push(std::mem::replace(
                &mut cause,
                Diagnostic::new("", d.severity, String::new()),
            ));
        }
        if folded.contains(&i) {
            out.last_mut()
                .expect("the cause is pushed first")
                .consequences
                .push(d.message);
        } else {
            out.push(d);
        }
    }
    out
}

/// 表三's 总计 column blank (or 0) in several rows whose applicant columns hold counts: one finding.
fn total_column(r: &Report, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let rows: Vec<usize> = (0..diags.len())
        .filter(|&i| {
            is(&diags[i], "T3-ROW-TOTAL")
                && matches!(diags[i].printed.as_deref(), Some("空白" | "0"))
        })
        .collect();
    if rows.len() < 2 {
        return diags;
    }
    let blank = rows
        .iter()
        .all(|&i| diags[i].printed.as_deref() == Some("空白"));
    let zero = rows
        .iter()
        .all(|&i| diags[i].printed.as_deref() == Some("0"));
    let how = match (blank, zero) {
        (true, _) => "空白",
        (_, true) => "为 0",
        _ => "空白或为 0",
    };
    // The column's own identities fail for the same reason.
    let mut folded = rows.clone();
    folded.extend((0..diags.len()).filter(|&i| {
        (is(&diags[i], "T3-TOTAL-SUM") || is(&diags[i], "T3-BALANCE"))
            && diags[i].column.as_deref() == Some("total")
    }));
    let examples: Vec<String> = rows
        .iter()
        .take(3)
        .filter_map(|&i| {
            let d = &diags[i];
            let key = d.row.as_deref()?;
            Some(format!(
                "“{}”行六类申请人之和为 {}",
                r.row_label(TableId::Table3, key),
                d.expected.as_deref()?
            ))
        })
        .collect();
    let more = if rows.len() > 3 {
        format!("；共 {} 行", rows.len())
    } else {
        String::new()
    };
    let first = &diags[rows[0]];
    let cause = Diagnostic::new(
        first.code,
        first.severity,
        format!(
            "表三“总计”列有 {} 行{how}，而这些行的六类申请人各列有数（{}{more}）：总计列未按各列之和填写；\
             由此不成立的勾稽关系共 {} 项，只计这一处",
            rows.len(),
            examples.join("；"),
            folded.len()
        ),
    )
    .at(TableId::Table3, first.row.as_deref().unwrap_or("total"), Some("total"))
    .values(if blank { "空白" } else { "0" }, "六类申请人之和")
    .source(first.source.clone());
    replace(diags, &folded, cause)
}

/// An identity of 表三 and the finding that reports it broken.
struct Identity {
    /// The cells with their coefficient: the identity holds when Σ coefficient × value = 0.
    terms: Vec<(&'static str, usize, i64)>,
    /// The finding's code and the row or column it names.
    code: &'static str,
    row: Option<&'static str>,
    column: Option<&'static str>,
}

fn identities(r: &Report) -> Vec<Identity> {
    let Some(format) = r.table3.format else {
        return vec![];
    };
    let defs = gongkai_model::table3_rows(format);
    let mut out = Vec::new();
    for def in defs.iter().filter(|d| r.table3.row(d.key).is_some()) {
        let mut terms: Vec<_> = (0..TOTAL).map(|c| (def.key, c, 1)).collect();
        terms.push((def.key, TOTAL, -1));
        out.push(Identity {
            terms,
            code: "T3-ROW-TOTAL",
            row: Some(def.key),
            column: None,
        });
    }
    for (c, col) in TABLE3_COLUMNS.iter().enumerate() {
        let mut sum: Vec<_> = defs
            .iter()
            .filter(|d| d.outcome && r.table3.row(d.key).is_some())
            .map(|d| (d.key, c, 1))
            .collect();
        sum.push(("total", c, -1));
        out.push(Identity {
            terms: sum,
            code: "T3-TOTAL-SUM",
            row: None,
            column: Some(col.key),
        });
        let balance = vec![
            ("new_received", c, 1),
            ("carried_over", c, 1),
            ("total", c, -1),
            ("carried_forward", c, -1),
        ];
        out.push(Identity {
            terms: balance,
            code: "T3-BALANCE",
            row: None,
            column: Some(col.key),
        });
    }
    out
}

/// The identity's residual (Σ coefficient × value), when every cell has a value.
fn residual(r: &Report, id: &Identity) -> Option<Decimal> {
    id.terms
        .iter()
        .map(|(k, c, coef)| r.t3(k, *c).map(|v| v * Decimal::from(*coef)))
        .sum()
}

/// One cell whose every identity is broken, and which one value would mend them all: one finding.
fn single_cell(r: &Report, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let ids = identities(r);
    let finding = |diags: &[Diagnostic], id: &Identity| {
        diags.iter().position(|d| {
            is(d, id.code)
                && d.consequences.is_empty()
                && (id.row.is_none() || d.row.as_deref() == id.row)
                && (id.column.is_none() || d.column.as_deref() == id.column)
        })
    };
    loop {
        let mut best: Option<(Vec<usize>, &'static str, usize, Decimal, Decimal)> = None;
        let Some(format) = r.table3.format else {
            return diags;
        };
        for def in gongkai_model::table3_rows(format) {
            let key = def.key;
            let Some(row) = r.table3.row(key) else {
                continue;
            };
            for c in 0..row.cells.len().min(7) {
                let Some(x) = r.t3(key, c) else { continue };
                let mine: Vec<&Identity> = ids
                    .iter()
                    .filter(|id| id.terms.iter().any(|(k, cc, _)| *k == key && *cc == c))
                    .filter(|id| residual(r, id).is_some())
                    .collect();
                if mine.len() < 2 {
                    continue;
                }
                // Every identity through the cell broken and reported, and one value mending them all.
                let mut found = Vec::new();
                let mut value = None;
                for id in &mine {
                    let res = residual(r, id).expect("checked above");
                    let coef = id
                        .terms
                        .iter()
                        .find(|(k, cc, _)| *k == key && *cc == c)
                        .map(|t| t.2);
                    let (Some(coef), Some(i)) = (coef, finding(&diags, id)) else {
                        found.clear();
                        break;
                    };
                    if res.is_zero() {
                        found.clear();
                        break;
                    }
                    let v = x - res / Decimal::from(coef);
                    if value.is_some_and(|w| w != v) {
                        found.clear();
                        break;
                    }
                    value = Some(v);
                    found.push(i);
                }
                if let Some(v) = value.filter(|v| !found.is_empty() && *v >= Decimal::ZERO)
                    && best.as_ref().is_none_or(|b| found.len() > b.0.len())
                {
                    best = Some((found, key, c, x, v));
                }
            }
        }
        let Some((found, key, c, x, v)) = best else {
            return diags;
        };
        let first = &diags[*found.iter().min().expect("not empty")];
        let cell = r.table3.cell(key, c);
        let (printed, slip) = match cell.map(|c| c.printed.trim()) {
            Some("") => ("空白（按 0 计）".to_string(), "漏填"),
            _ => (x.to_string(), "填错"),
        };
        let cell = cell.map(|c| c.source.clone()).unwrap_or_default();
        let cause = Diagnostic::new(
            first.code,
            first.severity,
            format!(
                "表三“{}”行“{}”列印为 {printed}：经过此格的 {} 项勾稽关系均不成立，若此格为 {v} 则全部成立，\
                 很可能是此格{slip}；只计这一处",
                r.row_label(TableId::Table3, key),
                TABLE3_COLUMNS[c].label,
                found.len()
            ),
        )
        .at(TableId::Table3, key, Some(TABLE3_COLUMNS[c].key))
        .values(x, v)
        .source(cell);
        diags = replace(diags, &found, cause);
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    fn findings(r: &gongkai_model::Report) -> Vec<crate::Diagnostic> {
        crate::check(r, None)
            .into_iter()
            .filter(|d| d.code.starts_with("T3-"))
            .collect()
    }

    /// 2021_pingtan-htp: （七）总计 自然人 printed 1 while every outcome is 0 — three identities, one cell.
    #[test]
    fn one_mistyped_cell_is_one_finding() {
        let mut r = valid_2021();
        let before = findings(&r).len();
        assert_eq!(before, 0);
        let was = r.t3("total", 0).unwrap();
        set(
            &mut r,
            "table3",
            "total",
            0,
            (was + rust_decimal::Decimal::ONE).try_into().unwrap(),
        );
        let f = findings(&r);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].message.contains("“（七）总计”行“自然人”列印为"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.contains(&format!("若此格为 {was} 则全部成立")),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].consequences.len(), 3, "row total, column sum, balance");
    }

    /// 2023_shuyang-fgj: the 2019 label 规范性文件 in a 2021 表二 is the only 2019 mark: one finding.
    #[test]
    fn a_label_of_the_other_format_is_not_also_a_mixed_format() {
        let mut r = valid_2021();
        let row = r
            .table2
            .rows
            .iter_mut()
            .find(|x| x.key == "normative_documents")
            .unwrap();
        row.printed_label = "规范性文件".into();
        row.variant = Some(gongkai_model::format::VariantKind::OtherFormat);
        r.format_evidence
            .markers_2019
            .push("表二行标签“规范性文件”".into());
        r.format_evidence.markers_2021.push("本年制发件数".into());
        let all = crate::check(&r, None);
        let f: Vec<_> = all
            .iter()
            .filter(|d| d.code == "FORMAT-VERSION" || d.code == "LABEL-VARIANT")
            .collect();
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, "LABEL-VARIANT");
        assert!(f[0].consequences[0].starts_with("报告混用两种格式"));
        // A real second mark keeps the finding.
        r.format_evidence.markers_2019.push("本年新制作数量".into());
        assert_eq!(
            crate::check(&r, None)
                .iter()
                .filter(|d| d.code == "FORMAT-VERSION")
                .count(),
            1
        );
    }

    /// 2019_shanghai-szfbgt: the 总计 column blank except （七）总计 — one finding, not one per row.
    #[test]
    fn a_blank_total_column_is_one_finding() {
        let mut r = valid_2021();
        for key in ["granted", "unable.not_held"] {
            set_text(&mut r, "table3", key, 6, "");
        }
        let f = findings(&r);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].message.starts_with("表三“总计”列有 2 行空白，而这些行的六类申请人各列有数（“（一）予以公开”行六类申请人之和为 6；"),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].consequences.len(),
            3,
            "two rows and the column's sum: {f:#?}"
        );
    }
}
