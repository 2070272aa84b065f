//! The Chinese font to embed: found among the system's fonts with fontdb (or `GONGKAI_CJK_FONT`), the
//! Simplified Chinese face cut out of a collection, loaded once per process.

use super::out_err;
use crate::WriteError;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Chinese font families preferred for the body text, in order: serif (宋体-like) faces first, as official
/// documents use, then sans faces. Names as the fonts' own name tables give them on Linux, Windows and macOS.
pub const FONT_FAMILIES: [&str; 16] = [
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
    "NSimSun",
    "Songti SC",
    "STSong",
    "AR PL UMing CN",
    "FangSong",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
];

/// What to install when no Chinese font is found, per system.
pub const NO_FONT_HELP: &str = "未找到中文字体，无法写出 PDF。请安装中文字体后重试：Debian/Ubuntu 执行 \
apt-get install fonts-noto-cjk；Fedora/RHEL 执行 dnf install google-noto-serif-cjk-sc-fonts；Windows 自带宋体 \
（SimSun，位于 C:\\Windows\\Fonts）；macOS 自带宋体-简（Songti SC）。也可用环境变量 GONGKAI_CJK_FONT 指定字体文件。";

/// A font file and the face to use in it (collections hold several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontChoice {
    /// The font file.
    pub path: PathBuf,
    /// The face index in a collection (.ttc); `None` picks the Simplified Chinese face by name.
    pub index: Option<u32>,
}

/// The font to embed: `GONGKAI_CJK_FONT`, else the first of [`FONT_FAMILIES`] installed on this system
/// (found with fontdb in the system's font directories: Linux, Windows and macOS alike).
pub fn find_font() -> Result<FontChoice, WriteError> {
    if let Some(p) = std::env::var_os("GONGKAI_CJK_FONT") {
        return Ok(FontChoice {
            path: PathBuf::from(p),
            index: None,
        });
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    choose_font(&db).ok_or_else(|| out_err(NO_FONT_HELP))
}

/// The preferred Chinese face among the fonts of `db` (regular weight, upright), if any.
fn choose_font(db: &fontdb::Database) -> Option<FontChoice> {
    let faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
    FONT_FAMILIES.iter().find_map(|want| {
        faces
            .iter()
            .filter(|f| f.families.iter().any(|(name, _)| name == want))
            .filter(|f| f.style == fontdb::Style::Normal)
            .min_by_key(|f| (f.weight.0 as i32 - 400).abs())
            .and_then(|f| match &f.source {
                fontdb::Source::File(path) => Some(FontChoice {
                    path: path.clone(),
                    index: Some(f.index),
                }),
                _ => None,
            })
    })
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// A font table record: tag, offset and length.
type TableRecord = ([u8; 4], usize, usize);

/// The offset table of face `index` of a collection and its table records.
fn face_tables(data: &[u8], index: usize) -> Option<(usize, Vec<TableRecord>)> {
    let start = be32(data, 12 + 4 * index)? as usize;
    let n = be16(data, start + 4)? as usize;
    let records = (0..n)
        .map(|i| {
            let rec = start + 12 + 16 * i;
            let tag: [u8; 4] = data.get(rec..rec + 4)?.try_into().ok()?;
            Some((
                tag,
                be32(data, rec + 8)? as usize,
                be32(data, rec + 12)? as usize,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((start, records))
}

/// One face of a TrueType/OpenType collection as a standalone font file (tables copied, offsets rewritten).
fn collection_face(data: &[u8], index: usize) -> Option<Vec<u8>> {
    let (start, records) = face_tables(data, index)?;
    let mut out = data.get(start..start + 12 + 16 * records.len())?.to_vec();
    for (i, (_, offset, len)) in records.into_iter().enumerate() {
        let new_offset = out.len() as u32;
        out.extend_from_slice(data.get(offset..offset + len)?);
        while out.len() % 4 != 0 {
            out.push(0);
        }
        out[12 + 16 * i + 8..12 + 16 * i + 12].copy_from_slice(&new_offset.to_be_bytes());
    }
    Some(out)
}

/// Whether face `index`'s name table contains `needle` (UTF-16BE, as in Windows name records).
fn face_named(data: &[u8], index: usize, needle: &[u8]) -> bool {
    face_tables(data, index)
        .and_then(|(_, records)| records.into_iter().find(|(tag, ..)| tag == b"name"))
        .and_then(|(_, offset, len)| data.get(offset..offset + len))
        .is_some_and(|name| name.windows(needle.len()).any(|w| w == needle))
}

/// The font bytes: a single font as is; from a collection, face `index`, or without one the Simplified Chinese
/// face (name “… SC”).
pub fn load_font(path: &Path, index: Option<u32>) -> Result<Vec<u8>, WriteError> {
    let data = std::fs::read(path)
        .map_err(|e| out_err(format!("字体文件 {} 无法读取：{e}", path.display())))?;
    if !data.starts_with(b"ttcf") {
        return Ok(data);
    }
    let faces = be32(&data, 8).unwrap_or(0) as usize;
    let sc: Vec<u8> = "CJK SC".encode_utf16().flat_map(u16::to_be_bytes).collect();
    let index = index
        .map(|i| i as usize)
        .filter(|&i| i < faces)
        .unwrap_or_else(|| (0..faces).find(|&i| face_named(&data, i, &sc)).unwrap_or(0));
    collection_face(&data, index)
        .ok_or_else(|| out_err(format!("字体集 {} 结构异常", path.display())))
}

static FONT_BYTES: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();

pub(super) fn font_bytes() -> Result<Vec<u8>, WriteError> {
    FONT_BYTES
        .get_or_init(|| {
            find_font()
                .and_then(|f| load_font(&f.path, f.index))
                .map_err(|e| match e {
                    WriteError::Output { message, .. } => message,
                    other => other.to_string(),
                })
        })
        .clone()
        .map_err(out_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simplified_chinese_serif_face_is_chosen_from_the_installed_fonts() {
        let mut db = fontdb::Database::new();
        assert_eq!(choose_font(&db), None, "no fonts: nothing chosen");
        db.load_system_fonts();
        let noto = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
        assert!(noto.exists(), "fonts-noto-cjk is installed by .ci/run");
        let chosen = choose_font(&db).expect("a Chinese font on this system");
        assert_eq!(chosen.path, noto);
        // The chosen face of the collection is the SC one.
        let data = std::fs::read(noto).unwrap();
        let sc: Vec<u8> = "CJK SC".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(face_named(&data, chosen.index.unwrap() as usize, &sc));
    }

    #[test]
    fn the_missing_font_message_says_what_to_install_on_each_system() {
        for needle in ["fonts-noto-cjk", "Windows", "macOS", "GONGKAI_CJK_FONT"] {
            assert!(NO_FONT_HELP.contains(needle), "{needle}");
        }
    }
}
