//! The outcome of an application: one 表三 row, read from the labels offices write in their 台账.

use crate::case::CaseError;
use gongkai_model::{FormatVersion, table3_rows};
use serde::{Deserialize, Serialize};

/// The outcome of an application: one 表三 outcome row of the 2021 format (e.g. `denied.third_party`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Outcome(pub(crate) String);

impl Outcome {
    /// Validates a row key against the 2021 format's outcome rows.
    pub fn new(key: &str) -> Result<Self, CaseError> {
        let ok = table3_rows(FormatVersion::V2021)
            .iter()
            .any(|r| r.outcome && r.key == key);
        if ok {
            Ok(Outcome(key.to_string()))
        } else {
            Err(CaseError::UnknownOutcome(key.to_string()))
        }
    }

    /// Parses a row key or a label as offices write it: the printed label with or without its numbering
    /// (“（一）予以公开”, “予以公开”, “4.保护第三方合法权益”), with its group (“不予公开-4.保护第三方合法权益”),
    /// the 2019 format's “（六）其他处理”, the 2021 long labels without their notes in brackets.
    pub fn parse(s: &str) -> Result<Self, CaseError> {
        let s = s.trim();
        if let Ok(o) = Self::new(s) {
            return Ok(o);
        }
        let wanted = squash(s);
        if wanted.is_empty() {
            return Err(CaseError::UnknownOutcome(s.to_string()));
        }
        // The 2019 format's single 其他处理 row is the 2021 format's 3.其他.
        if wanted == "其他处理" {
            return Ok(Outcome("other.other".into()));
        }
        let rows = table3_rows(FormatVersion::V2021);
        let hits: Vec<&str> = rows
            .iter()
            .filter(|r| r.outcome)
            .filter(|r| {
                let label = squash(r.label);
                label == wanted
                    || r.group
                        .is_some_and(|g| format!("{}{label}", squash(g)) == wanted)
            })
            .map(|r| r.key)
            .collect();
        match hits.as_slice() {
            [one] => Ok(Outcome(one.to_string())),
            _ => Err(CaseError::UnknownOutcome(s.to_string())),
        }
    }

    /// Every label [`Outcome::parse`] reads, as the 2021 format prints them with their group: “（一）予以公开”,
    /// “（三）不予公开 4.保护第三方合法权益”, for a template's list of choices.
    pub fn printed_labels() -> Vec<String> {
        table3_rows(FormatVersion::V2021)
            .iter()
            .filter(|r| r.outcome)
            .map(|r| match r.group {
                Some(g) => format!("{g} {}", r.label),
                None => r.label.to_string(),
            })
            .collect()
    }

    /// The row key in the 2021 format.
    pub fn key(&self) -> &str {
        &self.0
    }

    /// The row key in `format`: the three 其他处理 rows of 2021 are the single row `other` in 2019.
    pub fn key_in(&self, format: FormatVersion) -> &str {
        match format {
            FormatVersion::V2019 if self.0.starts_with("other.") => "other",
            _ => &self.0,
        }
    }

    /// The printed label, with its group.
    pub fn label(&self) -> String {
        let r = table3_rows(FormatVersion::V2021)
            .iter()
            .find(|r| r.key == self.0)
            .expect("validated");
        match r.group {
            Some(g) => format!("{g}{}", r.label),
            None => r.label.to_string(),
        }
    }
}

impl TryFrom<String> for Outcome {
    type Error = CaseError;
    fn try_from(s: String) -> Result<Self, CaseError> {
        Outcome::new(&s)
    }
}

impl From<Outcome> for String {
    fn from(o: Outcome) -> String {
        o.0
    }
}

/// A label reduced to its words: numbering (“（一）”, “一、”, “4.”), notes in brackets, quotes, spaces and
/// separators removed, so “（三）不予公开 — 4、保护第三方合法权益” and “不予公开4.保护第三方合法权益” agree.
fn squash(s: &str) -> String {
    const NUMERALS: &str = "一二三四五六七八九十";
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A bracketed group: a numbering such as “（一）” or a note such as “（区分处理的，……）”, both dropped.
        if matches!(c, '（' | '(') {
            let close = chars[i..].iter().position(|&d| matches!(d, '）' | ')'));
            match close {
                Some(n) => {
                    i += n + 1;
                    continue;
                }
                None => break,
            }
        }
        // “一、”, “4.”, “4、”, “４．”: a numbering.
        let digits = chars[i..]
            .iter()
            .take_while(|d| {
                d.is_ascii_digit() || ('０'..='９').contains(d) || NUMERALS.contains(**d)
            })
            .count();
        if digits > 0
            && chars
                .get(i + digits)
                .is_some_and(|d| matches!(d, '.' | '．' | '、'))
            && (chars[i].is_ascii_digit()
                || ('０'..='９').contains(&chars[i])
                || i == 0
                || !chars[i - 1].is_alphanumeric())
        {
            i += digits + 1;
            continue;
        }
        if !(c.is_whitespace() || "“”\"'‘’-—–_:：/／·、.．,，;；".contains(c)) {
            out.push(c);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[test]
    fn labels_as_offices_write_them() {
        for (written, key) in [
            ("granted", "granted"),
            ("予以公开", "granted"),
            ("（一）予以公开", "granted"),
            ("(一)予以公开", "granted"),
            ("部分公开", "partially_granted"),
            (
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "partially_granted",
            ),
            ("4.保护第三方合法权益", "denied.third_party"),
            ("保护第三方合法权益", "denied.third_party"),
            ("不予公开-4.保护第三方合法权益", "denied.third_party"),
            ("（三）不予公开 4、保护第三方合法权益", "denied.third_party"),
            ("危及三安全一稳定", "denied.security_stability"),
            ("3.危及“三安全一稳定”", "denied.security_stability"),
            ("属于四类过程性信息", "denied.process_info"),
            ("本机关不掌握相关政府信息", "unable.not_held"),
            ("无法提供—1.本机关不掌握相关政府信息", "unable.not_held"),
            ("（六）其他处理", "other.other"),
            ("其他处理3.其他", "other.other"),
        ] {
            assert_eq!(
                Outcome::parse(written).map(|o| o.key().to_string()),
                Ok(key.to_string()),
                "{written}"
            );
        }
        for bad in ["不予公开", "无法提供", "批准", "", "（一）"] {
            assert!(Outcome::parse(bad).is_err(), "{bad}");
        }
        // Every printed label reads back as its own row.
        for label in Outcome::printed_labels() {
            assert!(Outcome::parse(&label).is_ok(), "{label}");
        }
        assert_eq!(Outcome::printed_labels().len(), 21);
    }
}
