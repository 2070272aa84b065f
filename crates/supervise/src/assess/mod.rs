//! Assessment (年报评估): each unit's report scored by a rubric and ranked, derived metrics, roll-ups over the
//! region tree, and the assessment report of a region. Every number is traceable: a score to its deductions and
//! their diagnostics, a total to its units' cells, a metric to its numerator and denominator.

pub mod brief;
pub mod cache;
pub mod document;
pub mod metrics;
pub mod rollup;
pub mod rubric;

use crate::regions;
use brief::Brief;
use chrono::NaiveDate;
use gongkai_check::Severity;
use gongkai_model::{Report, TableId};
use gongkai_store::supervision::{DiagnosticRecord, ReportMeta};
use gongkai_store::{Store, StoreError};
use rubric::{READER_CODES, Rubric};
use serde::Serialize;
use std::collections::HashMap;

/// 表二/表三/表四.
pub(crate) fn short(t: TableId) -> &'static str {
    match t {
        TableId::Table2 => "表二",
        TableId::Table3 => "表三",
        TableId::Table4 => "表四",
    }
}

/// What is known of one report for its assessment: its brief (signing date, 表三/表四 values), its
/// diagnostics (cross-year ones included), its closest 雷同 with another unit's report and its share copied
/// from the unit's report of the year before.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Report id.
    pub report_id: String,
    /// Unit id.
    pub unit_id: String,
    /// Unit name.
    pub unit: String,
    /// The unit's region path.
    pub region: String,
    /// Year reported on.
    pub year: i32,
    /// Current version.
    pub version: i64,
    /// What the assessment needs of the current reading (corrections applied).
    pub brief: Brief,
    /// The current version's diagnostics.
    pub diagnostics: Vec<DiagnosticRecord>,
    /// The other unit's report sharing most of this one's own prose, and that share (0–1).
    pub similar: Option<(String, f64)>,
    /// The share of this report's own prose found in the same unit's report of the year before (0–1), when
    /// that report is stored (None also when they share less than 5%).
    pub self_copy: Option<f64>,
}

/// Every stored report's facts (of `year` only, when given), in unit and year order.
pub async fn gather(store: &Store, year: Option<i32>) -> Result<Vec<Facts>, StoreError> {
    gather_where(store, |r| year.is_none_or(|y| y == r.year)).await
}

/// The facts of the stored reports that `keep` accepts. Briefs and diagnostics are read in one query each;
/// 雷同 and self-copy are taken from every stored pair, kept reports or not.
pub async fn gather_where(
    store: &Store,
    keep: impl Fn(&ReportMeta) -> bool,
) -> Result<Vec<Facts>, StoreError> {
    let units = store.units().await?;
    let reports = store.supervised_reports().await?;
    crate::ensure_pairs(store, &reports).await?;
    let pairs = store.pair_shares().await?;
    let kept: Vec<&ReportMeta> = reports.iter().filter(|r| keep(r)).collect();
    let mut briefs: HashMap<String, Brief> = HashMap::new();
    for b in store.current_briefs().await? {
        let brief = match b.brief {
            Some(json) => Brief::from_json(&json).map_err(StoreError::Corrupt)?,
            None => backfill(store, &b.report_id, b.version).await?,
        };
        briefs.insert(b.report_id, brief);
    }
    let mut diagnostics: HashMap<String, Vec<DiagnosticRecord>> = HashMap::new();
    for (id, d) in store.current_diagnostics().await? {
        diagnostics.entry(id).or_default().push(d);
    }
    let by_id: HashMap<&str, &ReportMeta> = reports.iter().map(|r| (r.id.as_str(), r)).collect();
    let region_of: HashMap<&str, &str> = units
        .iter()
        .map(|u| (u.id.as_str(), u.region.as_str()))
        .collect();
    // Each report's closest other unit's report, and its share found in its unit's report of the year before.
    let mut similar: HashMap<&str, (&str, f64)> = HashMap::new();
    let mut self_copy: HashMap<&str, f64> = HashMap::new();
    for p in &pairs {
        let (Some(a), Some(b)) = (by_id.get(p.a.as_str()), by_id.get(p.b.as_str())) else {
            continue;
        };
        if p.same_unit {
            if b.year == a.year - 1 {
                self_copy.insert(&a.id, p.shares.0);
            } else if a.year == b.year - 1 {
                self_copy.insert(&b.id, p.shares.1);
            }
            continue;
        }
        // Pairs come most similar first: the first one seen is the closest.
        similar.entry(&a.id).or_insert((&b.unit, p.similarity));
        similar.entry(&b.id).or_insert((&a.unit, p.similarity));
    }
    let mut out = Vec::with_capacity(kept.len());
    for r in kept {
        let Some(brief) = briefs.remove(&r.id) else {
            continue;
        };
        out.push(Facts {
            report_id: r.id.clone(),
            unit_id: r.unit_id.clone(),
            unit: r.unit.clone(),
            region: region_of
                .get(r.unit_id.as_str())
                .map(|s| s.to_string())
                .unwrap_or_default(),
            year: r.year,
            version: r.version,
            brief,
            diagnostics: diagnostics.remove(&r.id).unwrap_or_default(),
            similar: similar.get(r.id.as_str()).map(|(u, s)| (u.to_string(), *s)),
            self_copy: self_copy.get(r.id.as_str()).copied(),
        });
    }
    Ok(out)
}

/// The brief of a version stored before briefs were (an earlier release's database): made from its reading
/// and stored.
async fn backfill(store: &Store, report_id: &str, version: i64) -> Result<Brief, StoreError> {
    let Some((_, data)) = store.version_data(report_id, Some(version)).await? else {
        return Err(StoreError::NotFound(format!("{report_id} 第 {version} 版")));
    };
    let report = gongkai_model::exchange::from_json(&data).map_err(StoreError::Corrupt)?;
    let brief = Brief::of(&report);
    store
        .put_brief(report_id, version, &brief.to_json())
        .await?;
    Ok(brief)
}

/// Points taken for one class of problems.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deduction {
    /// The class key (`similarity` and `late` for those rules).
    pub key: String,
    /// The class name.
    pub label: String,
    /// Occurrences (diagnostics; for 雷同 the tenths shared; for late 1).
    pub count: usize,
    /// Points taken (capped by the class's maximum).
    pub points: f64,
    /// What was found, for the reader (the diagnostics' messages, the other unit, the date).
    pub evidence: Vec<String>,
}

/// A report's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Report id.
    pub report_id: String,
    /// Unit id.
    pub unit_id: String,
    /// Unit name.
    pub unit: String,
    /// Region path.
    pub region: String,
    /// Year.
    pub year: i32,
    /// The score: the full score less the deductions, not below 0.
    pub score: f64,
    /// The deductions, largest first.
    pub deductions: Vec<Deduction>,
    /// Reader uncertainties not yet corrected (not scored; the score is provisional while any remain).
    pub uncertain: usize,
    /// Rank among the reports of the same year scored together (1 is best; equal scores share a rank).
    pub rank: usize,
}

/// The date the report is signed: the last “YYYY年M月D日” in the last 80 characters of its last section.
pub fn signed_date(r: &Report) -> Option<NaiveDate> {
    let text = r.sections.last().map(|s| s.text.as_str()).unwrap_or("");
    let chars: Vec<char> = text.chars().collect();
    let tail = &chars[chars.len().saturating_sub(80)..];
    let number = |from: usize, to: usize| -> Option<u32> {
        let s: String = tail.get(from..to)?.iter().collect();
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut found = None;
    for (i, _) in tail.iter().enumerate().filter(|(_, c)| **c == '年') {
        let Some(y) = i.checked_sub(4).and_then(|s| number(s, i)) else {
            continue;
        };
        let Some(m_at) = (i + 1..tail.len().min(i + 4)).find(|&j| tail[j] == '月') else {
            continue;
        };
        let Some(d_at) = (m_at + 1..tail.len().min(m_at + 4)).find(|&j| tail[j] == '日') else {
            continue;
        };
        if let (Some(m), Some(d)) = (number(i + 1, m_at), number(m_at + 1, d_at))
            && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            found = Some(date);
        }
    }
    found
}

/// The publication deadline of a unit's report for `year`: 31 March for a people's government, else 31 January
/// (条例第五十条).
pub fn deadline(unit: &str, year: i32) -> Option<NaiveDate> {
    let month = if unit.ends_with("人民政府") { 3 } else { 1 };
    NaiveDate::from_ymd_opt(year + 1, month, 31)
}

/// Scores one report by the rubric.
pub fn score(rubric: &Rubric, f: &Facts) -> Score {
    score_with(rubric, f, true)
}

/// Scores one report by the rubric, with or without the evidence of each deduction (the messages found).
pub(crate) fn score_with(rubric: &Rubric, f: &Facts, evidence: bool) -> Score {
    let mut deductions: Vec<Deduction> = Vec::new();
    for class in &rubric.classes {
        let found: Vec<&DiagnosticRecord> = f
            .diagnostics
            .iter()
            // Notes (提示) are not defects: never scored.
            .filter(|d| class.codes.contains(&d.code) && d.severity != Severity::Info.label())
            .collect();
        if found.is_empty() {
            continue;
        }
        deductions.push(Deduction {
            key: class.key.clone(),
            label: class.label.clone(),
            count: found.len(),
            points: (class.points * found.len() as f64).min(class.max),
            evidence: if evidence {
                found.iter().map(|d| d.message.clone()).collect()
            } else {
                Vec::new()
            },
        });
    }
    if let Some((other, share)) = &f.similar
        && *share >= rubric.similarity.threshold
    {
        let tenths = (share * 10.0).floor() as usize;
        deductions.push(Deduction {
            key: "similarity".into(),
            label: rubric.similarity.label.clone(),
            count: tenths,
            points: (rubric.similarity.per_tenth * tenths as f64).min(rubric.similarity.max),
            evidence: vec![format!(
                "自有正文的 {:.0}% 与{other}的报告相同",
                share * 100.0
            )],
        });
    }
    if let Some(share) = f.self_copy
        && rubric.self_copy.enabled
        && share > rubric.self_copy.threshold
    {
        deductions.push(Deduction {
            key: "self_copy".into(),
            label: rubric.self_copy.label.clone(),
            count: 1,
            points: rubric.self_copy.points,
            evidence: vec![format!(
                "自有正文的 {:.0}% 见于本单位 {} 年度报告",
                share * 100.0,
                f.year - 1
            )],
        });
    }
    if let (Some(signed), Some(due)) = (f.brief.signed, deadline(&f.unit, f.year))
        && signed > due
    {
        deductions.push(Deduction {
            key: "late".into(),
            label: rubric.late.label.clone(),
            count: 1,
            points: rubric.late.points,
            evidence: vec![format!("落款日期 {signed}，晚于 {due}")],
        });
    }
    deductions.sort_by(|a, b| b.points.total_cmp(&a.points));
    let taken: f64 = deductions.iter().map(|d| d.points).sum();
    Score {
        report_id: f.report_id.clone(),
        unit_id: f.unit_id.clone(),
        unit: f.unit.clone(),
        region: f.region.clone(),
        year: f.year,
        score: (rubric.full - taken).max(0.0),
        deductions,
        uncertain: f
            .diagnostics
            .iter()
            .filter(|d| READER_CODES.contains(&d.code.as_str()))
            .count(),
        rank: 0,
    }
}

/// Scores and ranks every report of `facts`, year by year (best first; equal scores share a rank).
pub fn score_all<'a>(rubric: &Rubric, facts: impl IntoIterator<Item = &'a Facts>) -> Vec<Score> {
    let mut scores: Vec<Score> = facts.into_iter().map(|f| score(rubric, f)).collect();
    order(&mut scores);
    let ranks = ranks(&scores.iter().collect::<Vec<_>>());
    for (s, r) in scores.iter_mut().zip(ranks) {
        s.rank = r;
    }
    scores
}

/// Puts scores in ranking order: latest year first, then best score, then unit name.
pub fn order(scores: &mut [Score]) {
    scores.sort_by(|a, b| {
        b.year
            .cmp(&a.year)
            .then(b.score.total_cmp(&a.score))
            .then(a.unit.cmp(&b.unit))
    });
}

/// The ranks of scores in ranking order (see [`order`]), among those of the same year given here: 1 is best,
/// equal scores share a rank.
pub fn ranks(scores: &[&Score]) -> Vec<usize> {
    let mut out = Vec::with_capacity(scores.len());
    let mut pos = 0;
    for (i, s) in scores.iter().enumerate() {
        let same_year = i > 0 && scores[i - 1].year == s.year;
        pos = if same_year { pos + 1 } else { 1 };
        let tied = same_year && scores[i - 1].score == s.score;
        out.push(if tied { out[i - 1] } else { pos });
    }
    out
}

/// The year's assessment of a region as JSON: scores with their deductions and ranks, the region's metrics
/// (numerator, denominator, ratio, note), each unit's metrics, and the 表三/表四 totals with their units.
pub fn summary_json(
    rubric: &Rubric,
    facts: &[Facts],
    region: &str,
    year: i32,
) -> serde_json::Value {
    let here: Vec<&Facts> = in_region(facts, region)
        .into_iter()
        .filter(|f| f.year == year)
        .collect();
    let scores = score_all(rubric, here.iter().copied());
    let pairs: Vec<(&str, &Brief)> = here.iter().map(|f| (f.unit.as_str(), &f.brief)).collect();
    let metric_json = |v: metrics::Value, m: &metrics::Metric| {
        serde_json::json!({
            "key": m.key, "name": m.name, "formula": m.formula,
            "numerator": v.parts.map(|p| p.0), "denominator": v.parts.map(|p| p.1),
            "ratio": v.ratio, "note": v.note,
        })
    };
    serde_json::json!({
        "region": region,
        "year": year,
        "rubric": rubric.title,
        "scores": scores,
        "metrics": metrics::METRICS
            .iter()
            .map(|m| metric_json(metrics::of_reports(pairs.iter().copied(), m), m))
            .collect::<Vec<_>>(),
        "units": here
            .iter()
            .map(|f| serde_json::json!({
                "unit": f.unit,
                "unit_id": f.unit_id,
                "report_id": f.report_id,
                "metrics": metrics::METRICS
                    .iter()
                    .map(|m| metric_json(metrics::of_report(&f.brief, m), m))
                    .collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>(),
        "totals": rollup::rollup(pairs.iter().copied()),
    })
}

/// The facts of the units in a region (its path and every path under it; empty: all).
pub fn in_region<'a>(facts: &'a [Facts], region: &str) -> Vec<&'a Facts> {
    facts.iter().filter(|f| within(&f.region, region)).collect()
}

/// Whether a unit's region path lies in `region` (itself or under it; every path lies in the empty one).
pub fn within(path: &str, region: &str) -> bool {
    region.is_empty()
        || path
            .strip_prefix(region)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        || (region == regions::UNKNOWN && path.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_last_section(text: &str) -> Report {
        let mut r = Report::default();
        r.sections.push(gongkai_model::Section {
            number: 6,
            heading: "六、其他需要报告的事项".into(),
            text: text.into(),
            source: Default::default(),
        });
        r
    }

    #[test]
    fn the_signing_date_is_the_last_date_at_the_end() {
        let r = with_last_section(
            "本年度收取信息处理费0元。依据国办函〔2020〕109号。平潭综合实验区财政金融局 2024年1月20日",
        );
        assert_eq!(signed_date(&r), NaiveDate::from_ymd_opt(2024, 1, 20));
        let none = with_last_section(
            "按《办法》规定的按件、按量收费标准，本年度没有产生信息公开处理费。 附件下载",
        );
        assert_eq!(signed_date(&none), None);
        assert_eq!(signed_date(&with_last_section("2023年13月40日")), None);
        assert_eq!(
            deadline("某市人民政府", 2023),
            NaiveDate::from_ymd_opt(2024, 3, 31)
        );
        assert_eq!(
            deadline("某市财政局", 2023),
            NaiveDate::from_ymd_opt(2024, 1, 31)
        );
    }

    fn facts(year: i32, self_copy: Option<f64>) -> Facts {
        Facts {
            report_id: "r".into(),
            unit_id: "u".into(),
            unit: "某市某局".into(),
            region: "某市".into(),
            year,
            version: 1,
            brief: Brief::default(),
            diagnostics: Vec::new(),
            similar: None,
            self_copy,
        }
    }

    #[test]
    fn self_copy_is_scored_only_where_the_rubric_turns_it_on() {
        let shipped = Rubric::default_rubric();
        assert!(!shipped.self_copy.enabled);
        let copied = facts(2024, Some(0.62));
        assert!(score(&shipped, &copied).deductions.is_empty());
        let mut on = shipped.clone();
        on.self_copy.enabled = true;
        let s = score(&on, &copied);
        assert_eq!(s.deductions.len(), 1);
        let d = &s.deductions[0];
        assert_eq!((d.key.as_str(), d.points), ("self_copy", 5.0));
        assert_eq!(d.evidence, ["自有正文的 62% 见于本单位 2023 年度报告"]);
        assert_eq!(s.score, on.full - 5.0);
        // At the threshold or below, and without last year's report: nothing.
        assert!(score(&on, &facts(2024, Some(0.5))).deductions.is_empty());
        assert!(score(&on, &facts(2024, None)).deductions.is_empty());
    }
}
