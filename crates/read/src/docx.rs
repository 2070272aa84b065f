//! DOCX (Word and WPS): `word/document.xml` read with quick-xml from the zip. Paragraphs become pieces (with
//! their list numbers from `word/numbering.xml`, since Word often numbers headings automatically); table
//! cells become pieces placed in the table grid (`w:gridSpan`, `w:gridBefore`; a `w:vMerge` continuation is
//! the merged cell above and yields no piece). Limits keep hostile files bounded: parts larger than
//! [`MAX_PART_BYTES`] once inflated (zip bombs) and any DTD (entity expansion) are refused.

use crate::error::ReadError;
use crate::linear::{Linear, PieceSource};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The largest inflated size accepted for one XML part.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

fn bad(what: impl Into<String>) -> ReadError {
    ReadError::Corrupt(format!("DOCX 文件{}", what.into()))
}

/// Reads one part of the package, bounded; `None` when absent.
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, ReadError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(format!("中的 {name} 无法读取：{e}"))),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(bad(format!(
            "中的 {name} 解压后为 {} 字节，超过 {MAX_PART_BYTES} 字节上限（可能是压缩炸弹）",
            file.size()
        )));
    }
    let mut out = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| bad(format!("中的 {name} 解压失败（文件可能被截断或损坏）：{e}")))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(bad(format!(
            "中的 {name} 解压后超过 {MAX_PART_BYTES} 字节上限（可能是压缩炸弹）"
        )));
    }
    Ok(Some(out))
}

/// A picture outside tables (a table or a page pasted as an image: DrawingML `a:blip r:embed`, VML
/// `v:imagedata r:id`), recognised where it stands.
fn picture(
    lin: &mut Linear,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    rels: &HashMap<String, String>,
    e: &BytesStart,
    pictures: &mut u32,
) -> Result<(), ReadError> {
    let Some(target) = attr(e, "r:embed")
        .or_else(|| attr(e, "r:id"))
        .and_then(|id| rels.get(&id))
    else {
        return Ok(());
    };
    let name = format!(
        "word/{}",
        target.trim_start_matches('/').trim_start_matches("word/")
    );
    let Some(bytes) = part(zip, &name)? else {
        return Ok(());
    };
    if *pictures as usize >= crate::ocr::MAX_SCANNED_PAGES {
        return Err(ReadError::Unsupported(format!(
            "文档中的图片超过可识别的 {} 张",
            crate::ocr::MAX_SCANNED_PAGES
        )));
    }
    if crate::ocr::append_picture(lin, &bytes, *pictures + 1)? {
        *pictures += 1;
    }
    Ok(())
}

/// The package's relationships: id → target (e.g. rId7 → media/image1.png).
fn relationships(xml: &str) -> Result<HashMap<String, String>, ReadError> {
    let mut reader = xml_reader(xml);
    let mut out = HashMap::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(out),
            Ok(Event::DocType(_)) => return Err(refuse_dtd("word/_rels/document.xml.rels")),
            Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Ok(_) => {}
            Err(e) => {
                return Err(bad(format!(
                    "中的 word/_rels/document.xml.rels 不是有效的 XML：{e}"
                )));
            }
        }
    }
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// A list level: number format, level text (e.g. "%1、"), start value.
#[derive(Clone, Default)]
struct Level {
    fmt: String,
    text: String,
    start: u32,
}

/// Numbering definitions: numId → levels.
#[derive(Default)]
struct Numbering {
    nums: HashMap<String, Vec<Level>>,
    counters: HashMap<String, Vec<u32>>,
}

fn xml_reader(xml: &str) -> quick_xml::Reader<&[u8]> {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().trim_text(false);
    r
}

/// The text of an XML part: UTF-8 (with or without BOM) or UTF-16 with BOM.
fn xml_text(bytes: Vec<u8>, name: &str) -> Result<String, ReadError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, bad_bytes) = enc.decode_without_bom_handling(&bytes[bom..]);
        if bad_bytes {
            return Err(bad(format!("中的 {name} 编码无效")));
        }
        return Ok(text.into_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        bad(format!(
            "中的 {name} 不是 UTF-8 文本（第 {} 字节）",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn refuse_dtd(name: &str) -> ReadError {
    bad(format!(
        "中的 {name} 含有 DTD（可用于实体扩展攻击），拒绝读取"
    ))
}

impl Numbering {
    fn parse(xml: &str) -> Result<Self, ReadError> {
        let mut abstracts: HashMap<String, Vec<Level>> = HashMap::new();
        let mut num_to_abstract: Vec<(String, String)> = Vec::new();
        let mut reader = xml_reader(xml);
        let (mut cur_abs, mut cur_num, mut cur_lvl): (
            Option<String>,
            Option<String>,
            Option<usize>,
        ) = (None, None, None);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::DocType(_)) => return Err(refuse_dtd("word/numbering.xml")),
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                    "abstractNum" => cur_abs = attr(&e, "w:abstractNumId"),
                    "lvl" => {
                        cur_lvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok());
                        if let (Some(a), Some(l)) = (&cur_abs, cur_lvl) {
                            let levels = abstracts.entry(a.clone()).or_default();
                            if levels.len() <= l {
                                levels.resize(
                                    l + 1,
                                    Level {
                                        start: 1,
                                        ..Default::default()
                                    },
                                );
                            }
                        }
                    }
                    "numFmt" | "lvlText" | "start" => {
                        if let (Some(a), Some(l), Some(v)) = (&cur_abs, cur_lvl, attr(&e, "w:val"))
                        {
                            let lv = &mut abstracts.get_mut(a).expect("created at lvl")[l];
                            match e.local_name().as_ref() {
                                "numFmt" => lv.fmt = v,
                                "lvlText" => lv.text = v,
                                _ => lv.start = v.parse().unwrap_or(1),
                            }
                        }
                    }
                    "num" => cur_num = attr(&e, "w:numId"),
                    "abstractNumId" => {
                        if let (Some(n), Some(v)) = (&cur_num, attr(&e, "w:val")) {
                            num_to_abstract.push((n.clone(), v));
                        }
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => match e.local_name().as_ref() {
                    "abstractNum" => cur_abs = None,
                    "lvl" => cur_lvl = None,
                    "num" => cur_num = None,
                    _ => {}
                },
                Err(e) => return Err(bad(format!("中的 word/numbering.xml 不是有效的 XML：{e}"))),
                _ => {}
            }
        }
        let nums = num_to_abstract
            .into_iter()
            .filter_map(|(n, a)| abstracts.get(&a).map(|l| (n, l.clone())))
            .collect();
        Ok(Numbering {
            nums,
            counters: HashMap::new(),
        })
    }

    /// The label of the next item of list `num` at level `ilvl`, e.g. "二、".
    fn next(&mut self, num: &str, ilvl: usize) -> String {
        let Some(levels) = self.nums.get(num) else {
            return String::new();
        };
        let counters = self
            .counters
            .entry(num.to_string())
            .or_insert_with(|| levels.iter().map(|l| l.start.saturating_sub(1)).collect());
        if ilvl >= counters.len() {
            return String::new();
        }
        counters[ilvl] += 1;
        for (deeper, level) in counters.iter_mut().zip(levels).skip(ilvl + 1) {
            *deeper = level.start.saturating_sub(1);
        }
        let mut text = levels[ilvl].text.clone();
        for (i, level) in levels.iter().enumerate().take(ilvl + 1) {
            text = text.replace(
                &format!("%{}", i + 1),
                &format_number(counters[i], &level.fmt),
            );
        }
        if levels[ilvl].fmt == "bullet" || levels[ilvl].fmt == "none" {
            String::new()
        } else {
            text
        }
    }
}

/// Formats a list number in a Word number format.
fn format_number(n: u32, fmt: &str) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "japaneseCounting"
        | "chineseLegalSimplified" => match n {
            0..=9 => DIGITS[n as usize].to_string(),
            10 => "十".into(),
            11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
            20..=99 => {
                format!(
                    "{}十{}",
                    DIGITS[(n / 10) as usize],
                    if n.is_multiple_of(10) {
                        ""
                    } else {
                        DIGITS[(n % 10) as usize]
                    }
                )
            }
            _ => n.to_string(),
        },
        "upperLetter" => char::from_u32('A' as u32 + (n - 1) % 26)
            .map(String::from)
            .unwrap_or_default(),
        "lowerLetter" => char::from_u32('a' as u32 + (n - 1) % 26)
            .map(String::from)
            .unwrap_or_default(),
        _ => n.to_string(),
    }
}

/// Stage 1 for DOCX.
pub fn to_linear(bytes: &[u8]) -> Result<Linear, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("无法作为 ZIP 打开（文件可能被截断或损坏）：{e}")))?;
    let Some(document) = part(&mut zip, "word/document.xml")? else {
        if zip.by_name("xl/workbook.xml").is_ok() {
            return Err(ReadError::Unsupported(
                "Excel 工作簿（.xlsx），不是 Word 文档".into(),
            ));
        }
        return Err(bad("缺少 word/document.xml，不是 Word 文档或文档不完整"));
    };
    let mut numbering = match part(&mut zip, "word/numbering.xml")? {
        Some(x) => Numbering::parse(&xml_text(x, "word/numbering.xml")?)?,
        None => Numbering::default(),
    };
    let document = xml_text(document, "word/document.xml")?;
    let rels = match part(&mut zip, "word/_rels/document.xml.rels")? {
        Some(x) => relationships(&xml_text(x, "word/_rels/document.xml.rels")?)?,
        None => HashMap::new(),
    };
    let mut pictures = 0u32;
    let mut lin = Linear::new(None);
    let mut reader = xml_reader(&document);
    let mut para = String::new();
    let mut num: (Option<String>, usize) = (None, 0);
    // Table state: (table index, row, next column, this cell's span, vMerge continue, cell text).
    let mut tables = 0usize;
    let mut depth = 0usize;
    let (mut t_index, mut row, mut col) = (0usize, 0usize, 0usize);
    let mut row_started = false;
    let (mut span, mut continued, mut cell) = (1usize, false, String::new());
    let mut in_text = false;
    let mut skip = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            bad(format!(
                "中的 word/document.xml 不是有效的 XML（位置 {}）：{e}",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Eof => break,
            Event::DocType(_) => return Err(refuse_dtd("word/document.xml")),
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => {
                    depth += 1;
                    if depth == 1 {
                        t_index = tables;
                        tables += 1;
                        row = 0;
                        row_started = false;
                    }
                }
                "tr" if depth == 1 => {
                    if row_started {
                        row += 1;
                    }
                    row_started = true;
                    col = 0;
                }
                "tc" if depth == 1 => {
                    span = 1;
                    continued = false;
                    cell.clear();
                }
                "p" => {
                    para.clear();
                    num = (None, 0);
                }
                "t" => in_text = true,
                "blip" | "imagedata" if depth == 0 && skip == 0 => {
                    picture(&mut lin, &mut zip, &rels, &e, &mut pictures)?
                }
                "del" | "instrText" | "delText" => skip += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "gridSpan" if depth == 1 => {
                    span = attr(&e, "w:val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64)
                }
                "vMerge" if depth == 1 => {
                    continued = attr(&e, "w:val").is_none_or(|v| v == "continue")
                }
                "gridBefore" if depth == 1 => {
                    col += attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0)
                }
                "numId" => num.0 = attr(&e, "w:val"),
                "ilvl" => num.1 = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
                "tab" if skip == 0 => para.push(' '),
                "blip" | "imagedata" if depth == 0 && skip == 0 => {
                    picture(&mut lin, &mut zip, &rels, &e, &mut pictures)?
                }
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => {
                para.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let name: &str = &r;
                let c = match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    n if n.starts_with('#') => {
                        let code = if let Some(h) = n.strip_prefix("#x") {
                            u32::from_str_radix(h, 16).ok()
                        } else {
                            n[1..].parse().ok()
                        };
                        code.and_then(char::from_u32).unwrap_or('\u{FFFD}')
                    }
                    other => return Err(bad(format!("中含有未定义的实体 &{other};，拒绝读取"))),
                };
                para.push(c);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "del" | "instrText" | "delText" => skip = skip.saturating_sub(1),
                "p" => {
                    let mut text = String::new();
                    if let Some(n) = &num.0 {
                        text.push_str(&numbering.next(n, num.1));
                    }
                    text.push_str(&para);
                    if depth >= 1 {
                        cell.push_str(&text);
                    } else if !text.trim().is_empty() {
                        lin.push(text.trim(), PieceSource::Paragraph);
                    }
                    para.clear();
                }
                "tc" if depth == 1 => {
                    if !continued {
                        lin.push(cell.trim(), PieceSource::Cell(t_index, row, col));
                    }
                    col += span;
                }
                "tbl" => depth = depth.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
    }
    Ok(lin)
}
