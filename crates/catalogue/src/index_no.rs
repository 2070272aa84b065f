//! The 索引号 rule: a template with placeholders, e.g. `{org}/{year}-{seq:5}` →
//! `11350100003591037X/2025-00012`. `{org}` is the agency's organisation code (统一社会信用代码), `{year}` the year of
//! the 成文日期, `{topic}` the topic's code, `{seq:N}` the entry's number within the year, padded to N digits.

/// The default rule.
pub const DEFAULT_RULE: &str = "{org}/{year}-{seq:5}";

/// Checks a rule: only the known placeholders, and `{seq}` present (so numbers are unique).
pub fn check_rule(rule: &str) -> Result<(), String> {
    let mut rest = rule;
    let mut has_seq = false;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .ok_or_else(|| "索引号规则中的“{”没有对应的“}”".to_string())?;
        let name = &rest[start + 1..start + end];
        match name.split(':').next().unwrap_or("") {
            "org" | "year" | "topic" => {}
            "seq" => {
                has_seq = true;
                if let Some(w) = name.split(':').nth(1)
                    && !w.parse::<usize>().is_ok_and(|w| (1..=10).contains(&w))
                {
                    return Err(format!("序号位数“{w}”应为 1 至 10"));
                }
            }
            other => {
                return Err(format!(
                    "索引号规则中没有“{{{other}}}”这一项（可用 org、year、topic、seq）"
                ));
            }
        }
        rest = &rest[start + end + 1..];
    }
    if has_seq {
        Ok(())
    } else {
        Err("索引号规则须含 {seq}，以保证每条信息的索引号不同".into())
    }
}

/// The 索引号 made by `rule` (checked) for an entry.
pub fn make(rule: &str, org: &str, year: i32, topic_code: &str, seq: u32) -> String {
    let mut out = String::new();
    let mut rest = rule;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + end];
        match name.split(':').next().unwrap_or("") {
            "org" => out.push_str(org),
            "year" => out.push_str(&year.to_string()),
            "topic" => out.push_str(topic_code),
            "seq" => {
                let w: usize = name
                    .split(':')
                    .nth(1)
                    .and_then(|w| w.parse().ok())
                    .unwrap_or(1);
                out.push_str(&format!("{seq:0w$}"));
            }
            _ => {}
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The part of a rule's number before the sequence (for finding the next number): the number made with the
/// sequence left out.
pub fn prefix(rule: &str, org: &str, year: i32, topic_code: &str) -> String {
    let cut = rule.find("{seq").unwrap_or(rule.len());
    make(&rule[..cut], org, year, topic_code, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_make_numbers_and_bad_rules_are_refused() {
        assert_eq!(check_rule(DEFAULT_RULE), Ok(()));
        assert_eq!(
            make(DEFAULT_RULE, "11350100003591037X", 2025, "", 12),
            "11350100003591037X/2025-00012"
        );
        assert_eq!(
            make("{topic}-{year}-{seq}", "", 2024, "A01", 7),
            "A01-2024-7"
        );
        assert_eq!(prefix(DEFAULT_RULE, "X", 2025, ""), "X/2025-");
        assert!(check_rule("{org}/{year}").unwrap_err().contains("{seq}"));
        assert!(
            check_rule("{org}/{nian}-{seq}")
                .unwrap_err()
                .contains("nian")
        );
        assert!(check_rule("{seq:0}").is_err());
    }
}
