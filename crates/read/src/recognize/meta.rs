//! The document around the tables: title, agency, year, statistical period, the six sections and their prose.

use crate::linear::{Linear, SEP, fold_str};
use gongkai_model::{Report, SECTION_HEADINGS, Section};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

pub(super) fn read_sections(lin: &Linear) -> Vec<(Section, Range<usize>)> {
    let mut out: Vec<(Section, Range<usize>)> = Vec::new();
    let mut pos = 0;
    for (i, (heading, variants)) in SECTION_HEADINGS.iter().enumerate() {
        let mut opts = vec![fold_str(heading)];
        opts.extend(variants.iter().map(|v| fold_str(v)));
        let refs: Vec<&str> = opts.iter().map(String::as_str).collect();
        let hit = lin
            .find_any(&refs, pos, lin.text.len())
            .or_else(|| lin.find_any(&refs, 0, pos))
            .or_else(|| find_renumbered(lin, heading, pos).map(|r| (0, r)))
            .or_else(|| find_reworded(lin, i, pos).map(|r| (0, r)));
        if let Some((_, r)) = hit {
            if r.start >= pos {
                pos = r.end;
            }
            out.push((
                Section {
                    number: i as u8 + 1,
                    heading: lin.text[r.clone()].replace(SEP, ""),
                    text: String::new(),
                    source: lin.provenance(r.clone()),
                },
                r,
            ));
        }
    }
    out.sort_by_key(|(_, r)| r.start);
    out
}

/// A heading printed with another numeral (agencies that restart the numbering after their own sections):
/// the title after "、", preceded by a Chinese numeral and "、" at the start of a piece.
pub(super) fn find_renumbered(lin: &Linear, heading: &str, from: usize) -> Option<Range<usize>> {
    let core = fold_str(heading.split_once('、')?.1);
    let mut at = from;
    while let Some(r) = lin.find(&core, at, lin.text.len()) {
        let before = &lin.text[..r.start];
        let mut chars = before.chars().rev();
        if chars.next() == Some('、')
            && chars
                .next()
                .is_some_and(|c| "一二三四五六七八九十".contains(c))
        {
            let prev = chars.next();
            // At the start of a piece, or after a sentence (a heading run into the paragraph before it).
            if prev.is_none_or(|c| c == SEP || c == ' ' || c == '。') {
                let start = r.start - '、'.len_utf8() - 3;
                return Some(start..r.end);
            }
        }
        at = r.end;
    }
    None
}

/// The title of each section as agencies reword it: the words that identify it, with what usually surrounds
/// them (“一、概述”, “四、政府信息公开行政复议与行政诉讼情况”, “五、存在的主要问题及改进措施”, “六、需要说明的其他事项”).
static REWORDED: LazyLock<[Regex; 6]> = LazyLock::new(|| {
    let numbered = |title: &str| {
        let title = title.replace("{SEP}", &SEP.to_string());
        Regex::new(&format!(
            r"(?:^|[{SEP} 。0-9])([一二三四五六七八九十])[、.，]?\s*((?:{title}))"
        ))
        .expect("static regex")
    };
    [
        numbered(r"总体情况|概述|总体概况|基本情况|工作概况"),
        numbered(r"(?:政府信息)?主动公开(?:政府信息)?(?:工作)?(?:的)?情况"),
        numbered(
            r"(?:收到和处理|受理和处理|依申请公开)[^。{SEP}]{0,12}?(?:申请)?(?:的)?(?:情况|工作)",
        ),
        numbered(r"[^。{SEP}]{0,16}?复议[^。{SEP}]{0,8}?诉讼(?:的)?(?:情况)?"),
        numbered(
            r"[^。{SEP}]{0,14}?(?:存在|主要)的?(?:主要)?问题[^。{SEP}]{0,4}?(?:改进|整改)(?:情况|措施|方向|计划|举措)?",
        ),
        numbered(r"其他需(?:要)?(?:报告|说明)的?(?:事项|情况)?|需要说明的其他事项|其他事项"),
    ]
});

/// A heading reworded from the format's (section `index`, 0-based), at or after `from`, else anywhere.
fn find_reworded(lin: &Linear, index: usize, from: usize) -> Option<Range<usize>> {
    let re = &REWORDED[index];
    let at = |start: usize| {
        re.captures_at(&lin.text, start).and_then(|c| {
            let (n, t) = (c.get(1)?, c.get(2)?);
            Some(n.start()..t.end())
        })
    };
    at(from).or_else(|| at(0))
}

/// The prose in a range: text pieces only (table cells left out), pieces on separate lines, the web page around
/// the report left out (see `chrome`).
pub(super) fn prose(lin: &Linear, r: Range<usize>, tables: &[Range<usize>]) -> String {
    let mut out = String::new();
    // The parts of `r` outside the tables' text.
    let mut parts = vec![r];
    for t in tables {
        parts = parts
            .into_iter()
            .flat_map(|p| {
                if t.end <= p.start || t.start >= p.end {
                    vec![p]
                } else {
                    vec![p.start..t.start.max(p.start), t.end.min(p.end)..p.end]
                }
            })
            .filter(|p| !p.is_empty())
            .collect();
    }
    for (p, r) in lin
        .pieces
        .iter()
        .flat_map(|p| parts.iter().map(move |r| (p, r)))
    {
        if p.range.end <= r.start || p.range.start >= r.end {
            continue;
        }
        if p.source.cell().is_some() {
            continue;
        }
        let a = p.range.start.max(r.start);
        let b = p.range.end.min(r.end);
        let t = lin.raw_text(p, a..b).trim();
        if !t.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            // Extraction artefacts are folded (Kangxi radicals, zero-width and odd spaces); the rest is kept as printed.
            out.extend(t.chars().map(|c| {
                let folded = crate::linear::fold(c);
                let artefact = folded == ' '
                    || ('\u{2E80}'..='\u{2FDF}').contains(&c)
                    || ('\u{F900}'..='\u{FAFF}').contains(&c);
                if artefact { folded } else { c }
            }));
        }
    }
    crate::chrome::strip(&out)
}

pub(super) static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:标题：\s*)?(.{0,40}?)\s*((?:19|20)\d{2})\s*年度?\s*(.{0,40}?)\s*政府信息公开(?:工作)?年度?报告").expect("static regex")
});

pub(super) static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:统计(?:数据)?的?(?:期限|期间|时限|时间段|时段|时间|区间|周期)|涵盖)[^0-9]{0,8}((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^0-9]{0,8}(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
        .expect("static regex")
});

/// Reads title, agency, year and period; returns where the title ends in the linear text.
pub(super) fn read_metadata(lin: &Linear, report: &mut Report) -> Option<usize> {
    // A title on one line first; only then a title broken over two lines (OCR, PDF text).
    let piece = |i: usize| {
        lin.pieces
            .get(i)
            .map(|p| lin.text[p.range.clone()].trim().to_string())
    };
    let n = lin.pieces.len().min(400);
    let one_line = (0..n).map(|i| (i, piece(i).unwrap_or_default()));
    let two_lines = (0..n).map(|i| {
        (
            i,
            format!(
                "{}{}",
                piece(i).unwrap_or_default(),
                piece(i + 1).unwrap_or_default()
            ),
        )
    });
    let candidates: Vec<(usize, String, usize)> = one_line
        .map(|(i, t)| (i, t, i))
        .chain(two_lines.map(|(i, t)| (i, t, i + 1)))
        .filter(|(_, t, _)| t.chars().count() <= 120)
        .collect();
    let mut title_end = None;
    for (i, t, last) in &candidates {
        let i = *i;
        let Some(c) = TITLE.captures(t) else { continue };
        // The same title printed again right after, on one line or two (an HTML <title> or the PDF's
        // document title followed by the printed heading), belongs to it.
        let mut end = *last;
        let same = |a: usize, b: usize| {
            let joined: String = (a..=b).filter_map(piece).collect();
            !joined.is_empty() && joined == t.trim()
        };
        if same(end + 1, end + 1) {
            end += 1;
        } else if same(end + 1, end + 2) {
            end += 2;
        }
        title_end = lin.pieces.get(end).map(|p| p.range.end);
        // The title as printed up to 报告 (a page's site suffix such as “_政府信息公开年报_…” is not part of
        // it), without spaces: they are layout, and converters add or drop them.
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let matched = c.get(0).map_or("", |m| m.as_str());
        report.title = Some(squeeze(matched.trim_start_matches("标题：")));
        report.year = c[2].parse().ok();
        let agency = format!("{}{}", c[1].trim(), c[3].trim());
        // “某局关于2021年度政府信息公开工作年度报告”, a cover letter's “某局关于报送2020年…年度报告的函”: the
        // agency is what precedes 关于.
        let agency = agency
            .split("关于")
            .next()
            .unwrap_or_default()
            .trim_matches(|ch: char| ch == ' ' || ch == '-' || ch == '_')
            .to_string();
        if !agency.is_empty() {
            report.agency = Some(agency);
        } else if i > 0 {
            let prev = lin.text[lin.pieces[i - 1].range.clone()].trim();
            if !prev.is_empty()
                && prev.chars().count() <= 40
                && !prev.contains('。')
                && !prev.contains('：')
            {
                let agency = prev.split("关于").next().unwrap_or_default().trim_end();
                report.agency = Some(agency.to_string());
                // The agency printed on its own line above the title is part of the title.
                report.title = report.title.take().map(|t| format!("{}{t}", squeeze(prev)));
            }
        }
        break;
    }
    // A period broken over two pieces (lines of a PDF, cells) is read across the break.
    let joined = lin.text.replace(SEP, "");
    if let Some(c) = PERIOD.captures(&joined) {
        let y1: i32 = c[1].parse().unwrap_or(0);
        let y2: i32 = c.get(4).and_then(|m| m.as_str().parse().ok()).unwrap_or(y1);
        let d = |y: i32, m: &str, d: &str| {
            format!(
                "{y:04}-{:02}-{:02}",
                m.parse::<u32>().unwrap_or(0),
                d.parse::<u32>().unwrap_or(0)
            )
        };
        report.period = Some((d(y1, &c[2], &c[3]), d(y2, &c[5], &c[6])));
        if report.year.is_none() {
            report.year = Some(y1);
        }
    }
    title_end
}

#[cfg(test)]
mod tests {
    use super::PERIOD;

    /// The agency of a title, and of a cover letter's title (“…苏平片区管理局关于报送…的函”).
    #[test]
    fn the_agency_precedes_guanyu() {
        for (t, agency) in [
            (
                "平潭综合实验区苏平片区管理局关于报送2020年政府信息公开工作年度报告的函",
                "平潭综合实验区苏平片区管理局",
            ),
            ("某市某局关于2021年度政府信息公开工作年度报告", "某市某局"),
            ("某市某局2021年政府信息公开工作年度报告", "某市某局"),
        ] {
            let mut lin = crate::linear::Linear::new(None);
            lin.push(t, crate::linear::PieceSource::Text(0));
            let mut r = gongkai_model::Report::default();
            super::read_metadata(&lin, &mut r);
            assert_eq!(r.agency.as_deref(), Some(agency), "{t}");
        }
    }

    /// The ways real reports state the period, and the ways that are not a period.
    #[test]
    fn period_sentences() {
        for (text, want) in [
            (
                "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。",
                Some(("2020", "1", "1", "12", "31")),
            ),
            (
                "本年度报告中所列数据的统计周期为 2024 年 1 月 1 日至 12 月 31 日。",
                Some(("2024", "1", "1", "12", "31")),
            ),
            (
                "统计数据时间段为2020年1月1日至2020年12月31日。",
                Some(("2020", "1", "1", "12", "31")),
            ),
            (
                "本报告涵盖2021年1月1日至2021年12月31日期间的政府信息公开工作。",
                Some(("2021", "1", "1", "12", "31")),
            ),
            (
                "本报告中所列数据的统计期限为2019年9月1日至2019年12月31日。",
                Some(("2019", "9", "1", "12", "31")),
            ),
            ("2020年1月1日，我局召开会议。", None),
        ] {
            let got = PERIOD.captures(text).map(|c| {
                (
                    c[1].to_string(),
                    c[2].to_string(),
                    c[3].to_string(),
                    c[5].to_string(),
                    c[6].to_string(),
                )
            });
            let want =
                want.map(|(a, b, c, d, e)| (a.into(), b.into(), c.into(), d.into(), e.into()));
            assert_eq!(got, want, "{text}");
        }
    }
}
