//! The case number (申请编号) and the names that the ledger shows or stores: what makes them unsafe (control and
//! bidirectional-text characters) and the checks every way in applies.

use crate::case::CaseError;

/// The longest case number accepted, in characters.
pub const MAX_ID: usize = 64;

/// Characters that reorder how text is shown (U+202E shows “exe.pdf” as “fdp.exe”).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What makes a name unsafe to show or store (a control or bidirectional-text character), in Chinese.
pub fn unsafe_characters(name: &str) -> Option<&'static str> {
    if name.chars().any(char::is_control) {
        Some("含控制字符")
    } else if name.chars().any(is_bidi_control) {
        Some("含改变文字显示方向的控制字符")
    } else {
        None
    }
}

/// Checks a case number (申请编号) however it arrives (form, API, 台账 import): 1–64 printable characters, no
/// “/” or “\”, no control or bidirectional-text characters, no spaces at either end.
pub fn check_id(id: &str) -> Result<(), CaseError> {
    let problem = if id.trim().is_empty() {
        Some("为空")
    } else if id.chars().count() > MAX_ID {
        Some("超过 64 个字符")
    } else if id.contains(['/', '\\']) {
        Some("含“/”或“\\”")
    } else if id.trim() != id {
        Some("首尾有空格")
    } else {
        unsafe_characters(id)
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(CaseError::BadId {
            shown: id
                .chars()
                .filter(|c| !c.is_control() && !is_bidi_control(*c))
                .take(30)
                .collect(),
            problem,
        }),
    }
}
