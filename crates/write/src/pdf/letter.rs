//! A notice letter (告知书) as an A4 PDF: the title centred, the addressee at the margin, the body indented by
//! two characters, the agency and the date at the right.

use super::{BODY, LEFT, RIGHT, TITLE, Writer, width};
use crate::WriteError;
use crate::letter::Letter;

/// The letter as an A4 PDF.
pub fn write_letter(l: &Letter) -> Result<Vec<u8>, WriteError> {
    let mut w = Writer::start()?;
    w.lines(&l.title, TITLE, 0.0, true, 0.0)?;
    if let Some(n) = &l.number {
        w.lines(n, BODY, 0.0, true, 4.0)?;
    }
    w.lines(&l.addressee, BODY, 0.0, false, 18.0)?;
    for p in &l.paragraphs {
        w.lines(p, BODY, 2.0 * BODY, false, 0.0)?;
    }
    w.y -= 3.0 * BODY;
    for line in [&l.signer, &l.date] {
        let lead = BODY * 1.6;
        if w.y - lead < super::BOTTOM {
            w.new_page();
        }
        w.y -= lead;
        let x = (RIGHT - 2.0 * BODY - width(line, BODY)).max(LEFT);
        w.text(x, w.y + BODY * 0.3, BODY, line)?;
    }
    w.finish()
}
