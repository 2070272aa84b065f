//! What a recognised cell says: a number only when two recognitions agree with confidence and no seal was
//! taken out of it; else the readings as candidates, or unreadable with what was seen — in the printed forms
//! (〔待核：…〕, 〔无法识别：…〕) that the model reads as uncertain cells.

/// The engine's confidence (0–100) below which a number is not taken.
pub const MIN_CONFIDENCE: f32 = 80.0;

/// The confidence needed in a cell from which seal ink was taken away (a faint stroke may have gone with it).
pub const MIN_CONFIDENCE_SEALED: f32 = 90.0;

/// Characters the Chinese model reads digits as, with the digit (compared only, never taken as the value).
const LOOK_ALIKES: [(char, char); 9] = [
    ('工', '1'),
    ('丨', '1'),
    ('|', '1'),
    ('l', '1'),
    ('I', '1'),
    ('口', '0'),
    ('〇', '0'),
    ('O', '0'),
    ('o', '0'),
];

/// Text with the digits' look-alikes as digits.
pub(super) fn as_digits(t: &str) -> String {
    t.chars()
        .map(|c| {
            LOOK_ALIKES
                .iter()
                .find(|(l, _)| *l == c)
                .map_or(c, |(_, d)| *d)
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether recognised text is, or may be, a number (digits, the characters digits are misread as, and the
/// marks specks beside a digit are read as: a quote mark before “0” keeps the cell a value, never a label).
pub(super) fn numberish(t: &str) -> bool {
    as_digits(t)
        .chars()
        .all(|c| c.is_ascii_digit() || ".,-—/，。\"“”'‘’`".contains(c))
}

/// What a cell read as neither a number nor words says: marks only (“）”, “。”, “|”) are what is left of a
/// value the engine could not read, never a label, so the cell is unreadable (a value cell, not dropped);
/// other text is a label, mended.
pub(super) fn label_text(t: &str) -> String {
    if !t.is_empty() && !t.chars().any(char::is_alphanumeric) {
        return format!("〔无法识别：{t}〕");
    }
    mend_label(t)
}

/// Label text with the Chinese model's usual slips mended: angle brackets for the full-width parentheses of
/// “第二十条第（一）项” (report labels never print angle brackets).
pub(super) fn mend_label(t: &str) -> String {
    t.replace('〈', "（")
        .replace('〉', "）")
        .replace('《', "（")
        .replace('》', "）")
}

/// What a cell holding a number reads as: the number when both recognitions agree and the engine is
/// confident (more so where seal ink was taken out of the cell); the two readings as candidates when both are numbers
/// but differ; else unreadable, with what was seen.
pub fn value_text(first: &str, digits: &str, confidence: f32, sealed: bool) -> String {
    let plain = |s: &str| !s.is_empty() && s.parse::<f64>().is_ok() && !s.starts_with('.');
    if digits.is_empty() {
        let seen = if first.is_empty() { "有字迹" } else { first };
        return format!("〔无法识别：{seen}〕");
    }
    let needed = if sealed {
        MIN_CONFIDENCE_SEALED
    } else {
        MIN_CONFIDENCE
    };
    if digits == first && plain(digits) && confidence >= needed {
        return digits.to_string();
    }
    if plain(digits) && plain(first) && digits != first {
        return format!("〔待核：{digits}或{first}〕");
    }
    let seal = if sealed { SEALED } else { "" };
    format!("〔无法识别：{digits}（{seal}{CONFIDENCE}{confidence:.0}%）〕")
}

/// Said of a cell from which seal ink was taken away.
const SEALED: &str = "印章遮挡，";

/// What precedes the confidence of a reading that was not taken.
const CONFIDENCE: &str = "识别置信度 ";

/// The number read but not taken (below the confidence, or under a seal), from the text of an unreadable
/// cell (“0（识别置信度 61%）”, “0（印章遮挡，识别置信度 93%）”).
pub fn low_confidence_reading(text: &str) -> Option<rust_decimal::Decimal> {
    let (digits, rest) = text.split_once('（')?;
    let rest = rest.strip_prefix(SEALED).unwrap_or(rest);
    let plain = !digits.starts_with('.') && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    (plain && rest.starts_with(CONFIDENCE) && rest.ends_with("%）")).then(|| digits.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_taken_only_when_both_readings_agree_with_confidence() {
        assert_eq!(value_text("1234", "1234", 93.0, false), "1234");
        assert_eq!(
            value_text("1234", "1234", 61.0, false),
            "〔无法识别：1234（识别置信度 61%）〕"
        );
        assert_eq!(value_text("1234", "1234", 93.0, true), "1234");
        assert_eq!(
            value_text("1234", "1234", 85.0, true),
            "〔无法识别：1234（印章遮挡，识别置信度 85%）〕"
        );
        assert_eq!(
            value_text("1284", "1234", 95.0, false),
            "〔待核：1234或1284〕"
        );
        assert_eq!(
            value_text("l234", "1234", 95.0, false),
            "〔无法识别：1234（识别置信度 95%）〕"
        );
        assert_eq!(value_text("", "", 0.0, false), "〔无法识别：有字迹〕");
        assert_eq!(
            value_text("-", "-", 90.0, false),
            "〔无法识别：-（识别置信度 90%）〕"
        );
        // The readings not taken are the identities' candidates.
        for (text, want) in [
            ("1234（识别置信度 61%）", Some(1234)),
            ("0（印章遮挡，识别置信度 93%）", Some(0)),
            ("-（识别置信度 90%）", None),
            ("有字迹", None),
            ("12（别的话）", None),
        ] {
            assert_eq!(
                low_confidence_reading(text),
                want.map(rust_decimal::Decimal::from),
                "{text}"
            );
        }
    }

    #[test]
    fn a_speck_read_as_a_quote_mark_keeps_a_value_cell_unreadable() {
        assert!(numberish("\"0"));
        assert!(numberish("‘12"));
        assert!(!numberish("“总计”"));
        // Read again for digits: the two readings differ, so the number is not taken.
        assert_eq!(
            value_text(&as_digits("\"0"), "0", 95.0, false),
            "〔无法识别：0（识别置信度 95%）〕"
        );
    }

    #[test]
    fn marks_alone_are_an_unreadable_value_and_words_a_label() {
        assert_eq!(label_text("）"), "〔无法识别：）〕");
        assert_eq!(label_text("。|"), "〔无法识别：。|〕");
        assert_eq!(label_text("（七）总计"), "（七）总计");
        assert_eq!(label_text("第二十条第〈一〉项"), "第二十条第（一）项");
        assert_eq!(label_text(""), "");
    }
}
