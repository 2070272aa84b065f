//! The assessment report of a region for a year (年报评估报告): overview, scores and ranking, common problems,
//! metrics, the region's 表三/表四 totals, 雷同, and the units without a report — as a document for the writers
//! (HTML, DOCX, PDF).

use super::metrics::{METRICS, of_report, of_reports, percent};
use super::rollup::rollup;
use super::{Facts, Score, in_region, score_all};
use crate::assess::rubric::Rubric;
use crate::regions::{self, Region};
use gongkai_store::supervision::Unit;
use gongkai_write::chart::{Chart, number};
use gongkai_write::doc::{Doc, DocBlock};
use gongkai_write::grid::Grid;
use std::collections::HashMap;

/// The region's name as printed (the last part of its path; all units when empty).
pub fn region_name(region: &str) -> &str {
    if region.is_empty() {
        "全部单位"
    } else {
        region.rsplit('/').next().unwrap_or(region)
    }
}

fn para(s: impl Into<String>) -> DocBlock {
    DocBlock::Paragraph(s.into())
}

/// Score bands for the distribution chart.
const BANDS: [(f64, &str); 5] = [
    (90.0, "90–100 分"),
    (80.0, "80–89 分"),
    (70.0, "70–79 分"),
    (60.0, "60–69 分"),
    (f64::NEG_INFINITY, "60 分以下"),
];

/// The distribution of scores by band.
pub fn score_bands(scores: &[&Score]) -> Vec<(String, f64)> {
    let mut counts = [0usize; BANDS.len()];
    for s in scores {
        let i = BANDS
            .iter()
            .position(|(lo, _)| s.score >= *lo)
            .unwrap_or(BANDS.len() - 1);
        counts[i] += 1;
    }
    BANDS
        .iter()
        .zip(counts)
        .map(|((_, l), n)| (l.to_string(), n as f64))
        .collect()
}

/// The problem classes across scores: (label, units affected, occurrences, points), most units first.
pub fn common_problems(scores: &[&Score]) -> Vec<(String, usize, usize, f64)> {
    let mut out: Vec<(String, usize, usize, f64)> = Vec::new();
    for s in scores {
        for d in &s.deductions {
            match out.iter_mut().find(|(l, ..)| *l == d.label) {
                Some(row) => {
                    row.1 += 1;
                    row.2 += d.count;
                    row.3 += d.points;
                }
                None => out.push((d.label.clone(), 1, d.count, d.points)),
            }
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then(b.3.total_cmp(&a.3)));
    out
}

/// Rows of the heat map at most (a province's sub-regions fit; beyond, those with most units).
pub const HEAT_ROWS: usize = 40;

/// The heat map of mean scores: rows the region's sub-regions (or its units when it has none; at most
/// [`HEAT_ROWS`], those with most units), columns the last five years up to `year` that have reports.
pub fn heat(all: &[&Score], tree: &Region, region: &str, year: i32) -> Chart {
    let here = tree.find(region).cloned().unwrap_or_default();
    let mut years: Vec<i32> = all.iter().map(|s| s.year).filter(|y| *y <= year).collect();
    years.sort_unstable();
    years.dedup();
    let years: Vec<i32> = years.into_iter().rev().take(5).rev().collect();
    let mut groups: Vec<(String, Vec<&str>)> = if here.children.is_empty() {
        here.units
            .iter()
            .map(|u| (u.name.clone(), vec![u.id.as_str()]))
            .collect()
    } else {
        here.children
            .iter()
            .map(|c| {
                let ids = c.all_units().iter().map(|u| u.id.as_str()).collect();
                (c.name.clone(), ids)
            })
            .collect()
    };
    let all_groups = groups.len();
    if all_groups > HEAT_ROWS {
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        groups.truncate(HEAT_ROWS);
    }
    let row_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(i, (_, ids))| ids.iter().map(move |id| (*id, i)))
        .collect();
    // (sum, count) per row and year.
    let mut sums = vec![vec![(0.0, 0usize); years.len()]; groups.len()];
    for s in all {
        if let (Some(&row), Some(col)) = (
            row_of.get(s.unit_id.as_str()),
            years.iter().position(|y| *y == s.year),
        ) {
            sums[row][col].0 += s.score;
            sums[row][col].1 += 1;
        }
    }
    let values = sums
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(sum, n)| (n > 0).then(|| sum / n as f64))
                .collect()
        })
        .collect();
    let title = if all_groups > HEAT_ROWS {
        format!("各地区（单位）历年平均得分（单位最多的 {HEAT_ROWS} 个，共 {all_groups} 个）")
    } else {
        "各地区（单位）历年平均得分".to_string()
    };
    Chart::Heat {
        title,
        rows: groups.into_iter().map(|(n, _)| n).collect(),
        cols: years.iter().map(|y| format!("{y}年度")).collect(),
        values,
    }
}

/// The assessment report of `region` (a path; empty for all units) for `year`. `facts` may hold every year
/// (for the heat map); `units` are all units (for those without a report).
pub fn assessment(
    rubric: &Rubric,
    facts: &[Facts],
    units: &[Unit],
    region: &str,
    year: i32,
) -> Doc {
    let name = region_name(region);
    let here: Vec<&Facts> = in_region(facts, region);
    let all_scores = score_all(rubric, here.iter().copied());
    let scores: Vec<&Score> = all_scores.iter().filter(|s| s.year == year).collect();
    let this_year: Vec<&Facts> = here.iter().copied().filter(|f| f.year == year).collect();
    let tree = regions::tree(units);
    let region_units: Vec<&Unit> = tree.find(region).map(|r| r.all_units()).unwrap_or_default();
    let missing: Vec<&str> = region_units
        .iter()
        .filter(|u| !this_year.iter().any(|f| f.unit_id == u.id))
        .map(|u| u.name.as_str())
        .collect();
    let mut b = Vec::new();

    b.push(DocBlock::Heading("一、评估概况".into()));
    let mut overview = format!(
        "本次评估依据《{}》（满分 {} 分），对{name}{} 个单位的 {year} 年度政府信息公开工作年度报告进行评估。读取到报告 {} 份，未读取到报告的单位 {} 个。",
        rubric.title,
        number(rubric.full),
        region_units.len(),
        scores.len(),
        missing.len()
    );
    if let (Some(best), Some(worst)) = (scores.first(), scores.last()) {
        let mean = scores.iter().map(|s| s.score).sum::<f64>() / scores.len() as f64;
        overview.push_str(&format!(
            "平均得分 {:.1} 分，最高 {} 分（{}），最低 {} 分（{}）。",
            mean,
            number(best.score),
            best.unit,
            number(worst.score),
            worst.unit
        ));
    }
    let provisional = scores.iter().filter(|s| s.uncertain > 0).count();
    if provisional > 0 {
        overview.push_str(&format!(
            "其中 {provisional} 份报告尚有读取待核实之处（未扣分），依据原文更正前得分为暂定。"
        ));
    }
    b.push(para(overview));

    b.push(DocBlock::Heading("二、得分与排名".into()));
    let rows: Vec<Vec<String>> = scores
        .iter()
        .map(|s| {
            let main: Vec<String> = s
                .deductions
                .iter()
                .take(2)
                .map(|d| format!("{}（−{}）", d.label, number(d.points)))
                .collect();
            vec![
                s.rank.to_string(),
                s.unit.clone(),
                number(s.score),
                if main.is_empty() {
                    "无".into()
                } else {
                    main.join("；")
                },
                if s.uncertain > 0 {
                    format!("{} 处待核", s.uncertain)
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    b.push(DocBlock::Table(Grid::simple(
        &["名次", "单位", "得分", "主要扣分", "备注"],
        &rows,
        &[0.8, 3.2, 1.0, 4.0, 1.2],
    )));
    b.push(DocBlock::Chart(Chart::Bars {
        title: format!("{year} 年度得分分布（份）"),
        items: score_bands(&scores),
    }));
    b.push(DocBlock::Chart(heat(
        &all_scores.iter().collect::<Vec<_>>(),
        &tree,
        region,
        year,
    )));

    b.push(DocBlock::Heading("三、常见问题".into()));
    let common = common_problems(&scores);
    if common.is_empty() {
        b.push(para("未发现评估细则所列问题。"));
    } else {
        let rows: Vec<Vec<String>> = common
            .iter()
            .map(|(l, u, n, p)| vec![l.clone(), u.to_string(), n.to_string(), number(*p)])
            .collect();
        b.push(DocBlock::Table(Grid::simple(
            &["问题类别", "涉及单位（个）", "出现次数", "扣分合计"],
            &rows,
            &[4.0, 1.6, 1.4, 1.4],
        )));
        b.push(DocBlock::Chart(Chart::Bars {
            title: "各类问题涉及的单位数（个）".into(),
            items: common
                .iter()
                .map(|(l, u, ..)| (l.clone(), *u as f64))
                .collect(),
        }));
    }

    b.push(DocBlock::Heading("四、主要指标".into()));
    b.push(para(
        "各项指标以表三、表四的数据计算；地区的指标为各单位分子之和除以分母之和。空白或符号按 0 计并注明；单元格待核实的单位不计入。",
    ));
    let pairs: Vec<(&str, &super::brief::Brief)> = this_year
        .iter()
        .map(|f| (f.unit.as_str(), &f.brief))
        .collect();
    let rows: Vec<Vec<String>> = METRICS
        .iter()
        .map(|m| {
            let v = of_reports(pairs.iter().copied(), m);
            let parts = v.parts.map_or("—".into(), |(n, d)| format!("{n} / {d}"));
            vec![m.name.into(), percent(&v), parts, m.formula.into(), v.note]
        })
        .collect();
    b.push(DocBlock::Table(Grid::simple(
        &["指标", name, "分子 / 分母", "计算公式", "说明"],
        &rows,
        &[1.4, 1.2, 1.4, 3.6, 2.4],
    )));
    let mut header = vec!["单位"];
    header.extend(METRICS.iter().take(5).map(|m| m.name));
    let rows: Vec<Vec<String>> = this_year
        .iter()
        .map(|f| {
            std::iter::once(f.unit.clone())
                .chain(
                    METRICS
                        .iter()
                        .take(5)
                        .map(|m| percent(&of_report(&f.brief, m))),
                )
                .collect()
        })
        .collect();
    b.push(para(format!(
        "{year} 年度各单位的指标如下（“—”表示分母为 0，如本年度没有办结的申请；“待核”表示所需单元格尚待依据原文核实）："
    )));
    b.push(DocBlock::Table(Grid::simple(
        &header,
        &rows,
        &[3.0, 1.2, 1.2, 1.2, 1.2, 1.2],
    )));

    b.push(DocBlock::Heading(
        "五、依申请公开和行政复议、行政诉讼汇总".into(),
    ));
    let totals = rollup(pairs.iter().copied());
    let t3: Vec<Vec<String>> = totals
        .iter()
        .filter(|t| t.table == "table3" && t.col == 6)
        .map(|t| {
            vec![
                t.label.clone(),
                t.sum.to_string(),
                t.parts.len().to_string(),
                t.uncertain.join("、"),
            ]
        })
        .collect();
    b.push(para(format!(
        "表三“总计”列各行为 {} 个单位之和：",
        this_year.len()
    )));
    b.push(DocBlock::Table(Grid::simple(
        &["表三 行", "总计（件）", "计入单位", "待核实未计入"],
        &t3,
        &[5.0, 1.2, 1.2, 2.4],
    )));
    let t4: Vec<Vec<String>> = gongkai_model::TABLE4_GROUPS
        .iter()
        .map(|(key, label)| {
            std::iter::once(label.to_string())
                .chain((0..5).map(|c| {
                    super::rollup::find(&totals, "table4", key, c)
                        .map_or("—".into(), |t| t.sum.to_string())
                }))
                .collect()
        })
        .collect();
    b.push(DocBlock::Table(Grid::simple(
        &[
            "表四",
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
        ],
        &t4,
        &[3.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    )));

    b.push(DocBlock::Heading("六、报告雷同".into()));
    let similar: Vec<Vec<String>> = this_year
        .iter()
        .filter_map(|f| {
            f.similar
                .as_ref()
                .filter(|(_, share)| *share >= rubric.similarity.threshold)
                .map(|(other, share)| {
                    vec![
                        f.unit.clone(),
                        other.clone(),
                        format!("{:.0}%", share * 100.0),
                    ]
                })
        })
        .collect();
    if similar.is_empty() {
        b.push(para(format!(
            "未发现与其他单位报告共有自有正文达 {:.0}% 以上的报告。",
            rubric.similarity.threshold * 100.0
        )));
    } else {
        b.push(DocBlock::Table(Grid::simple(
            &["单位", "雷同的报告", "共有自有正文"],
            &similar,
            &[3.0, 3.0, 1.4],
        )));
    }

    b.push(DocBlock::Heading("七、未读取到报告的单位".into()));
    b.push(para(if missing.is_empty() {
        "无。".to_string()
    } else {
        format!("{}。", missing.join("、"))
    }));

    b.push(DocBlock::Heading("附：评估细则".into()));
    let mut rows: Vec<Vec<String>> = rubric
        .classes
        .iter()
        .map(|c| {
            vec![
                c.label.clone(),
                format!("每处扣 {} 分", number(c.points)),
                format!("至多 {} 分", number(c.max)),
            ]
        })
        .collect();
    rows.push(vec![
        rubric.similarity.label.clone(),
        format!(
            "共有自有正文达 {:.0}% 起每 10% 扣 {} 分",
            rubric.similarity.threshold * 100.0,
            number(rubric.similarity.per_tenth)
        ),
        format!("至多 {} 分", number(rubric.similarity.max)),
    ]);
    rows.push(vec![
        rubric.late.label.clone(),
        format!("扣 {} 分", number(rubric.late.points)),
        String::new(),
    ]);
    b.push(DocBlock::Table(Grid::simple(
        &["问题类别", "扣分", "上限"],
        &rows,
        &[4.0, 3.0, 1.4],
    )));

    Doc {
        title: format!("{name}{year}年度政府信息公开工作年度报告评估报告"),
        blocks: b,
    }
}
