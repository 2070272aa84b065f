//! An agency's identity: the 统一社会信用代码 (GB 32100-2015) that every organ and public institution holds,
//! checked before an agency is registered on the platform.

use std::fmt;

/// The 31 characters a credit code is written in (digits and capitals without I, O, Z, S, V), in the order of
/// their values.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A checked 统一社会信用代码: 18 characters of the code's alphabet, digits in places 3–8 (the registering
/// authority's 行政区划代码) and the 18th character the check of the first 17 (GB 32100-2015 §5:
/// weights 3^(i−1) mod 31, check = 31 − Σ mod 31).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditCode(String);

impl CreditCode {
    /// Checks `text` (spaces around it ignored, lower case taken as capitals); the error says in Chinese what
    /// is wrong and at which character.
    pub fn parse(text: &str) -> Result<CreditCode, String> {
        let code = text.trim().to_uppercase();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 18 {
            return Err(format!(
                "统一社会信用代码“{}”应为 18 位，实为 {} 位",
                text.trim(),
                chars.len()
            ));
        }
        let mut values = Vec::with_capacity(18);
        for (i, c) in chars.iter().enumerate() {
            match ALPHABET.find(*c) {
                Some(v) => values.push(v),
                None => {
                    return Err(format!(
                        "统一社会信用代码“{code}”第 {} 位“{c}”不是代码用字（数字和除 I、O、Z、S、V 外的大写字母）",
                        i + 1
                    ));
                }
            }
        }
        if let Some(i) = (2..8).find(|&i| values[i] > 9) {
            return Err(format!(
                "统一社会信用代码“{code}”第 {} 位应为数字（第 3–8 位是登记管理机关的行政区划代码）",
                i + 1
            ));
        }
        let check = check_value(&values[..17]);
        if values[17] != check {
            return Err(format!(
                "统一社会信用代码“{code}”的校验位（第 18 位）应为“{}”，实为“{}”：代码有误，请核对",
                &ALPHABET[check..=check],
                chars[17]
            ));
        }
        Ok(CreditCode(code))
    }

    /// The code made of `first17` (its first 17 characters) and the check character they call for — for
    /// generated data such as a demonstration's agencies.
    pub fn complete(first17: &str) -> Result<CreditCode, String> {
        let values: Option<Vec<usize>> = first17.chars().map(|c| ALPHABET.find(c)).collect();
        match values {
            Some(v) if v.len() == 17 => {
                let check = check_value(&v);
                CreditCode::parse(&format!("{first17}{}", &ALPHABET[check..=check]))
            }
            _ => Err(format!("“{first17}”不是统一社会信用代码的前 17 位")),
        }
    }

    /// The code as printed (18 characters, capitals).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The registering authority's 行政区划代码 (places 3–8).
    pub fn division(&self) -> &str {
        &self.0[2..8]
    }
}

/// The value of the check character for the values of the first 17 characters: weights 3^(i−1) mod 31,
/// check = 31 − Σ mod 31 (31 written as 0).
fn check_value(values: &[usize]) -> usize {
    let (sum, _) = values.iter().fold((0, 1), |(sum, weight), v| {
        (sum + v * weight, weight * 3 % 31)
    });
    (31 - sum % 31) % 31
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::CreditCode;

    #[test]
    fn published_codes_pass() {
        // The example printed in GB 32100-2015, and a company's code as its business licence prints it.
        for code in ["91350100M000100Y43", "914403001922038216"] {
            assert_eq!(CreditCode::parse(code).unwrap().as_str(), code);
        }
        let c = CreditCode::parse(" 91350100m000100y43 ").unwrap();
        assert_eq!((c.as_str(), c.division()), ("91350100M000100Y43", "350100"));
    }

    #[test]
    fn the_check_character_is_completed() {
        let c = CreditCode::complete("91350100M000100Y4").unwrap();
        assert_eq!(c.as_str(), "91350100M000100Y43");
        assert!(CreditCode::complete("91350100M000100Y").is_err());
        assert!(CreditCode::complete("91350100M000100YI").is_err());
    }

    #[test]
    fn every_single_character_change_is_caught() {
        let good: Vec<char> = "91350100M000100Y43".chars().collect();
        for i in 0..18 {
            for c in super::ALPHABET.chars().filter(|c| *c != good[i]) {
                let mut bad = good.clone();
                bad[i] = c;
                let bad: String = bad.into_iter().collect();
                assert!(CreditCode::parse(&bad).is_err(), "{bad} was taken");
            }
        }
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = CreditCode::parse("91350100M000100Y4").unwrap_err();
        assert!(e.contains("应为 18 位，实为 17 位"), "{e}");
        let e = CreditCode::parse("91350100M000100Y4O").unwrap_err();
        assert!(e.contains("第 18 位“O”不是代码用字"), "{e}");
        let e = CreditCode::parse("9135A100M000100Y43").unwrap_err();
        assert!(e.contains("第 5 位应为数字"), "{e}");
        let e = CreditCode::parse("91350100M000100Y44").unwrap_err();
        assert!(e.contains("校验位（第 18 位）应为“3”，实为“4”"), "{e}");
    }
}
