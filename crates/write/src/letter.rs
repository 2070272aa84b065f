//! A notice letter (告知书) to an applicant: title, optional document number, addressee, body paragraphs, the
//! agency and the date, written as DOCX (公文 styling) or PDF.

use crate::{Target, WriteError};
use docx_rs::{AlignmentType, Docx, PageMargin, Paragraph};

/// A notice letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The title, e.g. 政府信息公开申请答复书.
    pub title: String,
    /// The document number (文号), if any.
    pub number: Option<String>,
    /// The addressee line, e.g. “张三：”.
    pub addressee: String,
    /// The body paragraphs.
    pub paragraphs: Vec<String>,
    /// The agency that signs.
    pub signer: String,
    /// The date as printed (2025年3月5日).
    pub date: String,
}

impl Letter {
    /// A letter from filled template text: the first line is the addressee, the other lines the paragraphs.
    pub fn from_text(title: &str, text: &str, signer: &str, date: &str) -> Letter {
        let mut lines = crate::paragraphs(text);
        Letter {
            title: title.to_string(),
            number: None,
            addressee: lines.next().unwrap_or_default().to_string(),
            paragraphs: lines.map(str::to_string).collect(),
            signer: signer.to_string(),
            date: date.to_string(),
        }
    }
}

/// Writes the letter as DOCX or PDF (other targets are refused).
pub fn write_letter(l: &Letter, target: Target) -> Result<Vec<u8>, WriteError> {
    match target {
        Target::Docx => docx(l),
        Target::Pdf => crate::pdf::write_letter(l),
        other => Err(WriteError::Output {
            format: "告知书",
            message: format!("告知书只能生成 DOCX 或 PDF，不支持 {other}"),
        }),
    }
}

fn docx(l: &Letter) -> Result<Vec<u8>, WriteError> {
    use crate::docx::{body, run};
    let mut doc = Docx::new()
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(1588)
                .right(1474),
        )
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &l.title,
            "方正小标宋简体",
            44,
        )));
    if let Some(n) = &l.number {
        doc = doc.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            n,
            "仿宋_GB2312",
            32,
        )));
    }
    doc = doc
        .add_paragraph(Paragraph::new())
        .add_paragraph(Paragraph::new().add_run(run(&l.addressee, "仿宋_GB2312", 32)));
    for p in &l.paragraphs {
        doc = doc.add_paragraph(body(p));
    }
    doc = doc.add_paragraph(Paragraph::new());
    for line in [&l.signer, &l.date] {
        doc = doc.add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(run(
            line,
            "仿宋_GB2312",
            32,
        )));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| WriteError::Output {
        format: "DOCX",
        message: e.to_string(),
    })?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> Letter {
        Letter::from_text(
            "政府信息公开申请答复书",
            "张三：\n本机关于2025年3月3日收到您的申请。\n\n特此告知。",
            "某市自然资源和规划局",
            "2025年3月20日",
        )
    }

    #[test]
    fn the_letter_text_is_split_into_addressee_and_paragraphs() {
        let l = letter();
        assert_eq!(l.addressee, "张三：");
        assert_eq!(
            l.paragraphs,
            ["本机关于2025年3月3日收到您的申请。", "特此告知。"]
        );
    }

    #[test]
    fn letters_are_written_as_docx_and_pdf_only() {
        let docx = write_letter(&letter(), Target::Docx).unwrap();
        assert!(docx.starts_with(b"PK"));
        let xml = {
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut s)
                .unwrap();
            s
        };
        for needle in [
            "政府信息公开申请答复书",
            "张三：",
            "特此告知。",
            "某市自然资源和规划局",
        ] {
            assert!(xml.contains(needle), "{needle}");
        }
        assert!(
            write_letter(&letter(), Target::Pdf)
                .unwrap()
                .starts_with(b"%PDF")
        );
        assert!(write_letter(&letter(), Target::Md).is_err());
    }
}
