//! Files checked where they enter: file names (printable, bounded, no path or bidirectional-text controls;
//! case numbers are checked by the ledger, whichever way they come), uploaded files by their first bytes as
//! well as their extension, and multipart forms read with Chinese refusals.

use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::StatusCode;

/// The longest file name accepted, in characters.
pub const MAX_FILE_NAME: usize = 120;

/// A file name as uploaded, reduced to its last path component and checked: 1–120 characters, printable, no
/// bidirectional-text controls, not “.” or “..”.
pub fn file_name(raw: &str) -> Result<String, String> {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or(raw).trim();
    let shown: String = name.chars().filter(|c| !c.is_control()).take(40).collect();
    let problem = if name.is_empty() || name == "." || name == ".." {
        Some("为空")
    } else if name.chars().count() > MAX_FILE_NAME {
        Some("超过 120 个字符")
    } else {
        gongkai_ledger::case::unsafe_characters(name)
    };
    match problem {
        None => Ok(name.to_string()),
        Some(p) => Err(format!("文件名“{shown}”{p}，请改名后重新上传")),
    }
}

/// Whether a file's first bytes are those of its extension's format (`ext` in lower case). Formats without a
/// signature (plain text) pass when they hold no NUL byte.
pub fn content_matches(ext: &str, bytes: &[u8]) -> bool {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    match ext {
        "pdf" => bytes.starts_with(b"%PDF-"),
        "docx" | "xlsx" | "ofd" | "zip" => bytes.starts_with(ZIP),
        "doc" | "xls" | "wps" => bytes.starts_with(OLE),
        "jpg" | "jpeg" => bytes.starts_with(b"\xFF\xD8\xFF"),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1A\n"),
        "txt" | "csv" => !bytes.contains(&0),
        _ => false,
    }
}

/// One uploaded file.
#[derive(Debug)]
pub struct FormFile {
    /// Its checked name.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A multipart form read whole (within the route's body limit): its `csrf` field and its non-empty files.
#[derive(Debug, Default)]
pub struct UploadForm {
    /// The form's CSRF token.
    pub csrf: String,
    /// The files of the file field, in order.
    pub files: Vec<FormFile>,
}

/// The refusal of a multipart body that broke off, was malformed or passed `limit_mb`.
fn refusal(e: &MultipartError, limit_mb: usize) -> (StatusCode, String) {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("上传的内容超过 {limit_mb} MB，未作处理。"),
        )
    } else {
        (
            StatusCode::BAD_REQUEST,
            "上传的内容无法识别（不是完整的表单，或上传中断），未作处理。".into(),
        )
    }
}

/// Reads a multipart form: the `csrf` field and up to `max_files` files of `file_field`; every other field
/// is skipped. A file name that fails [`file_name`] refuses the whole form.
pub async fn read_form(
    form: Result<Multipart, MultipartRejection>,
    file_field: &str,
    max_files: usize,
    limit_mb: usize,
) -> Result<UploadForm, (StatusCode, String)> {
    let mut m = form.map_err(|_| {
        (
            StatusCode::BAD_REQUEST,
            "请使用本网站页面上的表单上传文件（multipart/form-data）。".to_string(),
        )
    })?;
    let mut out = UploadForm::default();
    while let Some(field) = m.next_field().await.map_err(|e| refusal(&e, limit_mb))? {
        match field.name() {
            Some("csrf") => {
                out.csrf = field.text().await.map_err(|e| refusal(&e, limit_mb))?;
            }
            Some(f) if f == file_field => {
                let name = field.file_name().unwrap_or("上传的文件").to_string();
                let bytes = field.bytes().await.map_err(|e| refusal(&e, limit_mb))?;
                if bytes.is_empty() {
                    continue;
                }
                if out.files.len() == max_files {
                    return Err((
                        StatusCode::BAD_REQUEST,
                        format!("一次最多上传 {max_files} 个文件。"),
                    ));
                }
                let name = file_name(&name).map_err(|e| (StatusCode::BAD_REQUEST, e))?;
                out.files.push(FormFile {
                    name,
                    bytes: bytes.to_vec(),
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_at_the_boundary() {
        assert_eq!(file_name("C:\\Users\\x\\预算.pdf").unwrap(), "预算.pdf");
        assert_eq!(file_name("../../etc/passwd").unwrap(), "passwd");
        for bad in [
            "..",
            "/",
            "a\u{0}.pdf",
            "x\u{202E}fdp.exe",
            &"长".repeat(121),
        ] {
            assert!(file_name(bad).is_err(), "{bad:?}");
        }
        assert!(content_matches("pdf", b"%PDF-1.7\n"));
        assert!(!content_matches("pdf", b"MZ\x90\x00"));
        assert!(!content_matches("pdf", b"<html><script>"));
        assert!(content_matches("xlsx", b"PK\x03\x04rest"));
        assert!(!content_matches("png", b"GIF89a"));
    }
}
