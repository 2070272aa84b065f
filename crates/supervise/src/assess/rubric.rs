//! The assessment rubric (评估细则): points per problem class, read from TOML; the default one ships with
//! gongkai (crates/supervise/rubric.toml) and follows the format notices.

use serde::{Deserialize, Serialize};

/// The default rubric's TOML text.
pub const DEFAULT_TOML: &str = include_str!("../../rubric.toml");

/// The agency setting holding the rubric in force (TOML), saved on the supervisor's rubric page.
pub const SETTING: &str = "supervision_rubric";

/// The rubric in force in a database: the one saved there, else the default.
pub async fn in_force(store: &gongkai_store::Store) -> Result<Rubric, gongkai_store::StoreError> {
    Ok(store
        .settings()
        .await?
        .get(SETTING)
        .and_then(|t| Rubric::parse(t).ok())
        .unwrap_or_else(Rubric::default_rubric))
}

/// Codes of the reader's own uncertainty: never scored (a supervisor corrects them against the document).
pub const READER_CODES: [&str; 3] = ["CELL-AMBIGUOUS", "READ-NOTE", "READ-ROW-BY-ORDER"];

/// A class of problems and its points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    /// Key (e.g. `identities`).
    pub key: String,
    /// Name shown in rankings and the report.
    pub label: String,
    /// The check codes counted in this class.
    pub codes: Vec<String>,
    /// Points per occurrence.
    pub points: f64,
    /// At most this many points for the class.
    pub max: f64,
}

/// Points for 雷同 with other units' reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Similarity {
    /// Name shown.
    pub label: String,
    /// Share of own prose shared with another unit's report from which points are taken (0–1).
    pub threshold: f64,
    /// Points per tenth of the report's own prose shared.
    pub per_tenth: f64,
    /// At most this many points.
    pub max: f64,
}

/// Points for repeating the unit's own report of the year before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfCopy {
    /// Name shown.
    pub label: String,
    /// Whether points are taken (the share is shown either way).
    pub enabled: bool,
    /// Share of the report's own prose found in the unit's previous report above which points are taken (0–1).
    pub threshold: f64,
    /// Points.
    pub points: f64,
}

impl Default for SelfCopy {
    fn default() -> SelfCopy {
        SelfCopy {
            label: "照搬本单位上一年度报告".into(),
            enabled: false,
            threshold: 0.5,
            points: 5.0,
        }
    }
}

/// Points for a report signed after the publication deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Late {
    /// Name shown.
    pub label: String,
    /// Points.
    pub points: f64,
}

/// A rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Its title.
    pub title: String,
    /// The full score.
    pub full: f64,
    /// The problem classes.
    #[serde(rename = "class")]
    pub classes: Vec<Class>,
    /// 雷同 with other units.
    pub similarity: Similarity,
    /// Repeating the unit's own previous report (absent from rubrics saved before it existed: off).
    #[serde(default)]
    pub self_copy: SelfCopy,
    /// Late publication.
    pub late: Late,
}

impl Rubric {
    /// The default rubric.
    pub fn default_rubric() -> Rubric {
        Rubric::parse(DEFAULT_TOML).expect("the default rubric is valid")
    }

    /// A rubric from TOML, checked: positive full score, non-negative points, known and unrepeated codes,
    /// unique keys, no reader-uncertainty code.
    pub fn parse(text: &str) -> Result<Rubric, String> {
        let r: Rubric = toml::from_str(text).map_err(|e| format!("评估细则格式错误：{e}"))?;
        let mut errors = Vec::new();
        if !(r.full.is_finite() && r.full > 0.0) {
            errors.push("full（满分）应为正数".to_string());
        }
        let mut seen_codes: Vec<&str> = Vec::new();
        let mut seen_keys: Vec<&str> = Vec::new();
        for c in &r.classes {
            if seen_keys.contains(&c.key.as_str()) {
                errors.push(format!("问题类别 {} 重复", c.key));
            }
            seen_keys.push(&c.key);
            if !(c.points.is_finite() && c.points >= 0.0 && c.max.is_finite() && c.max >= 0.0) {
                errors.push(format!("问题类别 {}：points 和 max 应为非负数", c.key));
            }
            for code in &c.codes {
                if READER_CODES.contains(&code.as_str()) {
                    errors.push(format!(
                        "问题类别 {}：{code} 是读取中的不确定，不应扣分（请先依据原文更正）",
                        c.key
                    ));
                } else if gongkai_check::rule(code).is_none() {
                    errors.push(format!("问题类别 {}：没有编号为 {code} 的检查规则", c.key));
                } else if seen_codes.contains(&code.as_str()) {
                    errors.push(format!("检查规则 {code} 出现在两个问题类别中"));
                }
                seen_codes.push(code);
            }
        }
        let s = &r.similarity;
        if !((0.0..=1.0).contains(&s.threshold) && s.per_tenth >= 0.0 && s.max >= 0.0) {
            errors
                .push("similarity：threshold 应在 0 至 1 之间，per_tenth 和 max 应为非负数".into());
        }
        let c = &r.self_copy;
        if !((0.0..=1.0).contains(&c.threshold) && c.points.is_finite() && c.points >= 0.0) {
            errors.push("self_copy：threshold 应在 0 至 1 之间，points 应为非负数".into());
        }
        if !(r.late.points.is_finite() && r.late.points >= 0.0) {
            errors.push("late：points 应为非负数".into());
        }
        if errors.is_empty() {
            Ok(r)
        } else {
            Err(format!("评估细则有误：{}", errors.join("；")))
        }
    }

    /// The class a check code is counted in.
    pub fn class_of(&self, code: &str) -> Option<&Class> {
        self.classes
            .iter()
            .find(|c| c.codes.iter().any(|k| k == code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rubric_is_valid_and_bad_ones_are_refused_with_reasons() {
        let r = Rubric::default_rubric();
        assert_eq!(r.full, 100.0);
        assert_eq!(r.class_of("T3-BALANCE").unwrap().key, "identities");
        assert!(r.class_of("CELL-AMBIGUOUS").is_none());
        let bad = DEFAULT_TOML
            .replace(
                "codes = [\"CELL-MARK\"]",
                "codes = [\"CELL-AMBIGUOUS\", \"NO-SUCH\"]",
            )
            .replace("full = 100.0", "full = -1.0");
        let e = Rubric::parse(&bad).unwrap_err();
        assert!(
            e.contains("CELL-AMBIGUOUS") && e.contains("NO-SUCH") && e.contains("full"),
            "{e}"
        );
        assert!(Rubric::parse("full = 1").unwrap_err().contains("格式错误"));
    }

    #[test]
    fn a_rubric_saved_before_self_copy_existed_reads_with_it_off() {
        let old: String = DEFAULT_TOML
            .split("[self_copy]")
            .next()
            .unwrap()
            .to_string()
            + "[late]"
            + DEFAULT_TOML.split("[late]").nth(1).unwrap();
        assert!(!old.contains("self_copy"));
        let r = Rubric::parse(&old).unwrap();
        assert_eq!(r.self_copy, SelfCopy::default());
        assert!(!r.self_copy.enabled);
        let wrong = DEFAULT_TOML.replace("threshold = 0.5", "threshold = 1.5");
        assert!(Rubric::parse(&wrong).unwrap_err().contains("self_copy"));
    }
}
