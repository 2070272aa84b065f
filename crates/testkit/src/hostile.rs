//! Hostile inputs for the budget tests: files made as an attacker would make them.

/// A workbook whose one sheet “台账” holds the given cells (A1-style position, text), assembled by hand as an
/// attacker would: e.g. A1 and XFD1048576 in 1.5 KB.
pub fn xlsx_with_cells(cells: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let sheet_data: String = cells
        .iter()
        .map(|(at, v)| {
            let row: String = at.chars().filter(char::is_ascii_digit).collect();
            format!(r#"<row r="{row}"><c r="{at}" t="inlineStr"><is><t>{v}</t></is></c></row>"#)
        })
        .collect();
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
            ),
        ),
    ];
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// HTML of `depth` nested `<div>` around a line of text (20,000 levels: 220 KB).
pub fn nested_html(depth: usize) -> String {
    format!(
        "<html><body><p>某局2025年政府信息公开工作年度报告</p>{}深处的文字{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

/// A one-page PDF whose content stream inflates to `inflated` bytes of drawing operators (“0 0 m 1 1 l S”),
/// flate-compressed: about 400 KB for 200 MB, the kind of file that took a parser to 3 GB.
pub fn pdf_with_operators(inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let line = b"0 0 m 1 1 l S\n";
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = line.repeat(64 * 1024 / line.len());
    let mut written = 0;
    while written < inflated {
        z.write_all(&chunk).unwrap();
        written += chunk.len();
    }
    one_page_pdf(595, 842, &z.finish().unwrap(), "/Filter /FlateDecode")
}

/// A one-page PDF of `width` × `height` points with a line drawn on it (14,400 × 14,400 pt is PDF's largest
/// page, 822 MB as a 72 dpi image).
pub fn pdf_page_of_size(width: u32, height: u32) -> Vec<u8> {
    one_page_pdf(width, height, b"0 0 m 100 100 l S", "")
}

/// A PDF of one page with the given media box and content stream (its dictionary entries in `filter`).
fn one_page_pdf(width: u32, height: u32, stream: &[u8], filter: &str) -> Vec<u8> {
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R /Resources << >> >>"
    );
    let content = [
        format!("<< /Length {} {filter} >>\nstream\n", stream.len()).as_bytes(),
        stream,
        b"\nendstream",
    ]
    .concat();
    pdf_of_objects(&[
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page.as_bytes(),
        &content,
    ])
}

/// A minimal PDF with the given objects (numbered from 1, in order) and a correct cross-reference table.
pub fn pdf_of_objects(objects: &[&[u8]]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// A PDF as a scanner makes it: one A4 page per grey picture (width, height, pixels row by row), the picture
/// filling the page, no text layer.
pub fn pdf_of_grey_pages(pages: &[(usize, usize, Vec<u8>)]) -> Vec<u8> {
    let pictures: Vec<Picture> = pages
        .iter()
        .map(|(w, h, p)| Picture {
            width: *w,
            height: *h,
            colour: false,
            jpeg: false,
            pixels: p.clone(),
        })
        .collect();
    pdf_of_pictures(&pictures)
}

/// A page picture for [`pdf_of_pictures`].
pub struct Picture {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// RGB (3 bytes a pixel) rather than grey (1).
    pub colour: bool,
    /// `pixels` hold a JPEG file (embedded as scanners do, DCTDecode) rather than raw samples.
    pub jpeg: bool,
    /// Pixels row by row, or the JPEG file.
    pub pixels: Vec<u8>,
}

/// A PDF as a scanner makes it: one A4 page per picture, the picture filling the page, no text layer.
pub fn pdf_of_pictures(pages: &[Picture]) -> Vec<u8> {
    use std::io::Write;
    let n = pages.len();
    // Objects: 1 catalog, 2 page tree, then for page k: 3+3k page, 4+3k content, 5+3k picture.
    let kids: Vec<String> = (0..n).map(|k| format!("{} 0 R", 3 + 3 * k)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
    ];
    for (k, p) in pages.iter().enumerate() {
        let (w, h) = (p.width, p.height);
        let space = if p.colour { "DeviceRGB" } else { "DeviceGray" };
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 {} 0 R >> >> /Contents {} 0 R >>",
                5 + 3 * k,
                4 + 3 * k
            )
            .into_bytes(),
        );
        let content = b"q 595 0 0 842 0 0 cm /Im1 Do Q";
        let mut c = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        c.extend_from_slice(content);
        c.extend_from_slice(b"\nendstream");
        objects.push(c);
        let (filter, data) = if p.jpeg {
            ("DCTDecode", p.pixels.clone())
        } else {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(&p.pixels).expect("in memory");
            ("FlateDecode", z.finish().expect("in memory"))
        };
        let mut img = format!(
            "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /{space} /BitsPerComponent 8 /Filter /{filter} /Length {} >>\nstream\n",
            data.len()
        )
        .into_bytes();
        img.extend_from_slice(&data);
        img.extend_from_slice(b"\nendstream");
        objects.push(img);
    }
    let refs: Vec<&[u8]> = objects.iter().map(Vec::as_slice).collect();
    pdf_of_objects(&refs)
}

/// The width, height and pixels of a binary grey PGM (P5, 8 bits), as pdftoppm -gray writes it.
pub fn read_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    // Header: "P5", width, height, maxval, each after whitespace, then one whitespace byte.
    let mut fields = Vec::new();
    let mut i = 2;
    while fields.len() < 3 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(
            std::str::from_utf8(&bytes[start..i])
                .expect("ASCII")
                .parse::<usize>()
                .expect("a number"),
        );
    }
    assert!(
        bytes.starts_with(b"P5") && fields[2] == 255,
        "an 8-bit P5 PGM"
    );
    let (w, h) = (fields[0], fields[1]);
    (w, h, bytes[i + 1..i + 1 + w * h].to_vec())
}
