//! The applicant's particulars checked where they are typed: the 居民身份证号 (GB 11643: date of birth and check
//! digit), the 统一社会信用代码 (GB 32100: its alphabet and check character), other identity documents named by
//! type (护照, 港澳台 permits, residence cards), and telephone numbers (mobile, landline with area code, 400/800).

use chrono::NaiveDate;

/// Identity documents other than the 居民身份证 that a citizen may give, by the words that name them.
const OTHER_DOCUMENTS: [&str; 7] = [
    "护照",
    "通行证",
    "居住证",
    "永久居留",
    "军官证",
    "士兵证",
    "户口",
];

/// The letters and digits of `s`, upper-cased (spaces, hyphens and the like dropped).
fn compact(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Checks an 18-character 居民身份证号 (GB 11643-1999): 17 digits, a valid date of birth not after `today`, and
/// the check digit (0–9 or X).
pub fn resident_id(number: &str, today: NaiveDate) -> Result<(), String> {
    let n = compact(number);
    let digits: Vec<u32> = n.chars().take(17).filter_map(|c| c.to_digit(10)).collect();
    if n.len() == 15 && n.chars().all(|c| c.is_ascii_digit()) {
        return Err("15 位的旧身份证号已停止使用，请填写 18 位居民身份证号码。".into());
    }
    if n.len() != 18 || digits.len() != 17 {
        return Err(format!(
            "居民身份证号码应为 18 位（前 17 位为数字，最后一位为数字或 X），所填为 {} 位。",
            n.len()
        ));
    }
    let birth = NaiveDate::parse_from_str(&n[6..14], "%Y%m%d").ok();
    if !birth.is_some_and(|b| chrono::Datelike::year(&b) >= 1900 && b <= today) {
        return Err(format!(
            "居民身份证号码第 7 至 14 位“{}”不是有效的出生日期。",
            &n[6..14]
        ));
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    let expected = b"10X98765432"[(sum % 11) as usize] as char;
    if n.ends_with(expected) {
        Ok(())
    } else {
        Err("居民身份证号码的校验位不符，请核对是否有输错的数字。".into())
    }
}

/// Checks an 18-character 统一社会信用代码 (GB 32100-2015): its alphabet (digits and capitals without I, O, S,
/// V, Z) and its check character.
pub fn credit_code(code: &str) -> Result<(), String> {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let c = compact(code);
    if c.len() != 18 {
        return Err(format!(
            "统一社会信用代码应为 18 位，所填为 {} 位。",
            c.len()
        ));
    }
    let values: Option<Vec<usize>> = c.chars().map(|ch| ALPHABET.find(ch)).collect();
    let Some(values) = values else {
        return Err("统一社会信用代码只含数字和大写字母（不含 I、O、S、V、Z），请核对。".into());
    };
    let sum: usize = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    if values[17] == check {
        Ok(())
    } else {
        Err("统一社会信用代码的校验位不符，请核对是否有输错的字符。".into())
    }
}

/// Checks the 身份证明 field for an applicant of `citizen` kind or not: a citizen gives a 居民身份证号 (the
/// words 居民身份证 optional) or names another document (护照, 通行证, …) with its number; an organisation gives
/// its 统一社会信用代码.
pub fn id_document(text: &str, citizen: bool, today: NaiveDate) -> Result<(), String> {
    let number = compact(text);
    if !citizen {
        return credit_code(&number);
    }
    if OTHER_DOCUMENTS.iter().any(|w| text.contains(w)) {
        return if (5..=20).contains(&number.len()) {
            Ok(())
        } else {
            Err("请在证件名称后填写证件号码（5 至 20 位字母或数字）。".into())
        };
    }
    if number.is_empty() {
        return Err(
            "请填写居民身份证号码；使用其他证件的，请写明证件名称和号码（如“护照 E12345678”）。"
                .into(),
        );
    }
    resident_id(&number, today)
}

/// Checks a telephone number: a mobile number (11 digits from 13–19, “+86” allowed), a landline with its area
/// code (0 + 2–3 digits, then 7–8 digits, an extension after “-” or “转”), or a 400/800 number.
pub fn phone(text: &str) -> Result<(), String> {
    let t = text.trim();
    let (main, _ext) = t
        .rsplit_once('转')
        .map_or((t, ""), |(a, b)| (a.trim(), b.trim()));
    let digits: String = main
        .trim_start_matches("+86")
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '（' | '）'))
        .collect();
    let ok = digits.chars().all(|c| c.is_ascii_digit())
        && match digits.as_bytes() {
            [b'1', b'3'..=b'9', ..] => digits.len() == 11,
            [b'4' | b'8', b'0', b'0', ..] => digits.len() == 10,
            // A landline: area code (010, 0591, …) and a 7–8 digit number, perhaps an extension written with
            // a hyphen after it.
            [b'0', ..] => (10..=12).contains(&digits.len()) || landline_with_extension(main),
            _ => false,
        };
    if ok {
        Ok(())
    } else {
        Err("联系电话格式不正确：手机号为 11 位；固定电话请加区号（如 0591-12345678）。".into())
    }
}

/// Whether `s` is an area code, a number and an extension joined by hyphens (0591-12345678-801).
fn landline_with_extension(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').map(str::trim).collect();
    matches!(parts.as_slice(), [area, number, ext]
        if area.starts_with('0') && (3..=4).contains(&area.len())
            && (7..=8).contains(&number.len())
            && (1..=6).contains(&ext.len())
            && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn resident_ids_by_gb_11643() {
        // The standard's own example, and one computed by hand: 11010519491231002X.
        assert!(resident_id("11010519491231002X", today()).is_ok());
        assert!(resident_id("11010519491231002x", today()).is_ok());
        assert!(resident_id("110105 19491231 002X", today()).is_ok());
        assert!(
            resident_id("110105194912310021", today())
                .unwrap_err()
                .contains("校验位")
        );
        assert!(
            resident_id("1101051949123100211", today())
                .unwrap_err()
                .contains("19 位")
        );
        assert!(
            resident_id("110105194913310028", today())
                .unwrap_err()
                .contains("出生日期")
        );
        assert!(
            resident_id("110105203001010028", today())
                .unwrap_err()
                .contains("出生日期")
        );
        assert!(
            resident_id("110105491231002", today())
                .unwrap_err()
                .contains("15 位")
        );
        assert!(resident_id("123", today()).is_err());
    }

    #[test]
    fn credit_codes_by_gb_32100() {
        assert!(credit_code("914403001922038216").is_ok());
        assert!(credit_code("91350100M000100Y43").is_ok());
        assert!(
            credit_code("91350100M000100Y44")
                .unwrap_err()
                .contains("校验位")
        );
        assert!(credit_code("91110000000000000X").is_err());
        assert!(
            credit_code("91350100M000100YO3")
                .unwrap_err()
                .contains("不含 I、O")
        );
        assert!(credit_code("9135").unwrap_err().contains("18 位"));
    }

    #[test]
    fn documents_by_applicant_kind() {
        assert!(id_document("居民身份证 11010519491231002X", true, today()).is_ok());
        assert!(id_document("护照 E12345678", true, today()).is_ok());
        assert!(id_document("港澳居民来往内地通行证 H12345678", true, today()).is_ok());
        assert!(id_document("护照", true, today()).is_err());
        assert!(id_document("身份证", true, today()).is_err());
        assert!(id_document("统一社会信用代码 91350100M000100Y43", false, today()).is_ok());
        assert!(id_document("11010519491231002X", false, today()).is_err());
    }

    #[test]
    fn telephone_numbers() {
        for good in [
            "13800000000",
            "+86 138 0000 0000",
            "0591-87654321",
            "010-12345678",
            "(0591) 8765432",
            "0591-87654321-801",
            "0591-87654321转801",
            "4008001234",
        ] {
            assert!(phone(good).is_ok(), "{good}");
        }
        for bad in [
            "12345",
            "87654321",
            "1380000000",
            "23800000000",
            "电话",
            "0591",
        ] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }
}
