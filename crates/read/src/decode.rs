//! Charset handling: BOM, then the `<meta>` charset, then strict UTF-8, then chardetng's guess (TLD `cn`).
//! A declaration that contradicts the bytes is overridden when another candidate decodes cleanly and reads as
//! Chinese report text.

use crate::error::ReadError;
use encoding_rs::{Encoding, UTF_8};

fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let idx = head.find("charset")?;
    let rest = head[idx + 7..].trim_start_matches([' ', '=', '"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Encoding::for_label(label.as_bytes())
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
}

/// Decodes with `enc`; `Err(offset)` gives the first malformed byte.
fn decode_strict(bytes: &[u8], enc: &'static Encoding) -> Result<String, usize> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    if enc == UTF_8 {
        return Err(std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to()));
    }
    // Find the first malformed position by decoding incrementally.
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut offset = 0;
    while offset < bytes.len() {
        let end = (offset + 1024).min(bytes.len());
        let (result, read) = decoder.decode_to_string_without_replacement(
            &bytes[offset..end],
            &mut out,
            end == bytes.len(),
        );
        if let encoding_rs::DecoderResult::Malformed(len, _) = result {
            return Err((offset + read).saturating_sub(len as usize));
        }
        if let encoding_rs::DecoderResult::OutputFull = result {
            out.reserve(4096);
        }
        offset += read;
    }
    Err(0)
}

fn looks_chinese_report(text: &str) -> bool {
    text.contains("信息公开") || text.contains("年度报告")
}

fn decode_candidates(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<String, ReadError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_strict(&bytes[bom_len..], enc).map_err(|offset| ReadError::Encoding {
            encoding: enc.name().into(),
            offset: offset + bom_len,
        });
    }
    let mut clean_fallback = None;
    let mut first_error = None;
    let mut tried: Vec<&'static Encoding> = Vec::new();
    // The detector is slow on large pages, so it runs only when the declaration and UTF-8 both fail.
    let lazy_guess = || {
        // Only Chinese-capable guesses: a single-byte guess "decodes" anything into garbage.
        Some(guess(bytes))
            .filter(|e| [encoding_rs::GBK, encoding_rs::GB18030, encoding_rs::BIG5].contains(e))
    };
    let candidates: [&dyn Fn() -> Option<&'static Encoding>; 3] =
        [&|| declared, &|| Some(UTF_8), &lazy_guess];
    for candidate in candidates {
        let Some(enc) = candidate() else { continue };
        if tried.contains(&enc) {
            continue;
        }
        tried.push(enc);
        match decode_strict(bytes, enc) {
            Ok(text) if looks_chinese_report(&text) => return Ok(text),
            Ok(text) => {
                clean_fallback.get_or_insert(text);
            }
            Err(offset) => {
                first_error.get_or_insert(ReadError::Encoding {
                    encoding: enc.name().into(),
                    offset,
                });
            }
        }
    }
    match (clean_fallback, first_error) {
        (Some(text), _) => Ok(text),
        (None, Some(e)) => Err(e),
        (None, None) => Err(ReadError::Empty),
    }
}

/// Decodes an HTML page: BOM, `<meta charset>`, UTF-8, then detection.
pub fn decode_html(bytes: &[u8]) -> Result<String, ReadError> {
    decode_candidates(bytes, meta_charset(bytes))
}

/// Decodes plain text: BOM, UTF-8, then detection.
pub fn decode_text(bytes: &[u8]) -> Result<String, ReadError> {
    decode_candidates(bytes, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_without_meta_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("<p>政府信息公开工作年度报告</p>");
        assert_eq!(
            decode_html(&bytes).unwrap(),
            "<p>政府信息公开工作年度报告</p>"
        );
    }

    #[test]
    fn wrong_meta_is_overridden_by_clean_utf8() {
        let page = "<meta charset=\"gbk\"><p>政府信息公开工作年度报告</p>";
        assert_eq!(decode_html(page.as_bytes()).unwrap(), page);
    }

    #[test]
    fn invalid_bytes_report_offset() {
        let mut bytes = "政府信息公开".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0x80, 0x80]);
        match decode_text(&bytes) {
            Err(ReadError::Encoding { offset, .. }) => assert_eq!(offset, 18),
            other => panic!("unexpected {other:?}"),
        }
    }
}
