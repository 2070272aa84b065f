//! A catalogue entry and its checks.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of document an entry is, for 表二.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// 规章.
    Regulation,
    /// 行政规范性文件.
    Normative,
    /// Other government information.
    Other,
}

impl DocKind {
    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            DocKind::Regulation => "regulation",
            DocKind::Normative => "normative",
            DocKind::Other => "other",
        }
    }

    /// The kind of a stored key or its Chinese name.
    pub fn parse(s: &str) -> Option<DocKind> {
        Some(match s.trim() {
            "regulation" | "规章" => DocKind::Regulation,
            "normative" | "行政规范性文件" | "规范性文件" => DocKind::Normative,
            "other" | "其他" | "" => DocKind::Other,
            _ => return None,
        })
    }

    /// The Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Regulation => "规章",
            DocKind::Normative => "行政规范性文件",
            DocKind::Other => "其他",
        }
    }
}

/// Whether a document is in force (有效性).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Validity {
    /// 有效.
    InForce,
    /// 已修改: in force as amended, on a date, by an act.
    Amended {
        /// When.
        on: NaiveDate,
        /// The amending act (its 文号 or title).
        by: String,
    },
    /// 已废止: on a date, by an act.
    Repealed {
        /// When.
        on: NaiveDate,
        /// The repealing act.
        by: String,
    },
    /// 已失效: its term ended on a date.
    Expired {
        /// When.
        on: NaiveDate,
    },
}

impl Validity {
    /// The Chinese word.
    pub fn name(&self) -> &'static str {
        match self {
            Validity::InForce => "有效",
            Validity::Amended { .. } => "已修改",
            Validity::Repealed { .. } => "已废止",
            Validity::Expired { .. } => "已失效",
        }
    }

    /// The day it left force (repealed or expired), if it did.
    pub fn ended(&self) -> Option<NaiveDate> {
        match self {
            Validity::Repealed { on, .. } | Validity::Expired { on } => Some(*on),
            _ => None,
        }
    }
}

/// A catalogue entry (one piece of government information published proactively).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// 索引号: unique per agency, made by the agency's rule.
    pub index_no: String,
    /// 标题.
    pub title: String,
    /// 发布机构.
    pub publisher: String,
    /// 发文字号, if any (e.g. 榕政规〔2025〕3号).
    pub doc_no: Option<String>,
    /// 成文日期.
    pub written: NaiveDate,
    /// 发布日期; none while not yet published.
    pub published: Option<NaiveDate>,
    /// Withdrawn from publication (撤回) on this day, if it was.
    pub withdrawn: Option<NaiveDate>,
    /// 主题分类.
    pub topic: String,
    /// 体裁分类 (组配分类).
    pub genre: String,
    /// 规章, 行政规范性文件 or other.
    pub kind: DocKind,
    /// The item of 条例第二十条 it falls under (1 to 15), if one.
    pub art20: Option<u8>,
    /// 公开方式 (主动公开).
    pub mode: String,
    /// 有效性.
    pub validity: Validity,
    /// The 索引号 of the document it amends, if it is an amendment.
    pub amends: Option<String>,
    /// The body as sanitized HTML (paragraphs, lists, tables, emphasis, links).
    pub body: String,
}

/// A body as typed or pasted, made safe to publish: HTML reduced to structure (paragraphs, line breaks, emphasis,
/// lists, tables, headings, links to http(s) and relative addresses; no scripts, styles, images or event
/// handlers); text without tags becomes one paragraph per line.
pub fn clean_body(input: &str) -> String {
    let has_tag = input
        .match_indices('<')
        .any(|(i, _)| input[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/'));
    if !has_tag {
        return text_to_html(input);
    }
    ammonia::Builder::default()
        .tags(
            [
                "p",
                "br",
                "strong",
                "em",
                "b",
                "i",
                "u",
                "ul",
                "ol",
                "li",
                "table",
                "thead",
                "tbody",
                "tr",
                "th",
                "td",
                "h3",
                "h4",
                "a",
                "blockquote",
            ]
            .into_iter()
            .collect(),
        )
        .generic_attributes(std::collections::HashSet::new())
        .tag_attributes(
            [
                ("a", ["href"].into_iter().collect()),
                ("td", ["colspan", "rowspan"].into_iter().collect()),
            ]
            .into_iter()
            .collect(),
        )
        .url_schemes(["http", "https"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(input)
        .to_string()
}

/// Plain text as the body's HTML: one paragraph per line, escaped.
pub fn text_to_html(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let esc = l
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;");
            format!("<p>{esc}</p>")
        })
        .collect()
}

/// The items of 条例第二十条 (short names).
pub const ART20: [&str; 15] = [
    "行政法规、规章和行政规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
];

impl Entry {
    /// Whether the entry is public on `d`: published on or before it and not withdrawn by then.
    pub fn public_on(&self, d: NaiveDate) -> bool {
        self.published.is_some_and(|p| p <= d) && self.withdrawn.is_none_or(|w| w > d)
    }

    /// Whether the document is in force on `d`: issued (成文) on or before it and not repealed or expired by
    /// then. An amended document stays in force as amended.
    pub fn in_force_on(&self, d: NaiveDate) -> bool {
        self.written <= d && self.validity.ended().is_none_or(|e| e > d)
    }

    /// What is wrong with the entry, field by field (field, message in Chinese). `topics` and `genres` are the
    /// agency's vocabularies.
    pub fn problems(&self, topics: &[String], genres: &[String]) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            out.push(("title", "请填写标题。".to_string()));
        } else if title.chars().count() > 200 {
            out.push(("title", "标题不能超过 200 个字。".to_string()));
        }
        if self.publisher.trim().is_empty() {
            out.push(("publisher", "请填写发布机构。".to_string()));
        }
        if self.index_no.trim().is_empty() || self.index_no.chars().count() > 60 {
            out.push(("index_no", "索引号应为 1 至 60 个字符。".to_string()));
        }
        if let Some(p) = self.published
            && p < self.written
        {
            out.push((
                "published",
                format!("发布日期 {p} 早于成文日期 {}。", self.written),
            ));
        }
        if let (Some(w), Some(p)) = (self.withdrawn, self.published)
            && w < p
        {
            out.push(("withdrawn", format!("撤回日期 {w} 早于发布日期 {p}。")));
        }
        if self.withdrawn.is_some() && self.published.is_none() {
            out.push(("withdrawn", "尚未发布的信息不能撤回。".to_string()));
        }
        match &self.validity {
            Validity::InForce => {}
            Validity::Amended { on, by } | Validity::Repealed { on, by } => {
                if *on < self.written {
                    out.push((
                        "validity",
                        format!(
                            "{}日期 {on} 早于成文日期 {}。",
                            self.validity.name(),
                            self.written
                        ),
                    ));
                }
                if by.trim().is_empty() {
                    out.push((
                        "validity",
                        format!("请写明{}的文件（文号或标题）。", self.validity.name()),
                    ));
                }
            }
            Validity::Expired { on } => {
                if *on < self.written {
                    out.push((
                        "validity",
                        format!("失效日期 {on} 早于成文日期 {}。", self.written),
                    ));
                }
            }
        }
        if self.kind == DocKind::Other && !matches!(self.validity, Validity::InForce) {
            out.push((
                "validity",
                "只有规章和行政规范性文件登记修改、废止或失效。".to_string(),
            ));
        }
        if let Some(a) = self.art20
            && !(1..=15).contains(&a)
        {
            out.push((
                "art20",
                "条例第二十条的项应为第（一）至第（十五）项。".to_string(),
            ));
        }
        if !topics.is_empty() && !topics.contains(&self.topic) {
            out.push((
                "topic",
                format!("主题分类“{}”不在本机关的分类表中。", self.topic),
            ));
        }
        if !genres.is_empty() && !genres.contains(&self.genre) {
            out.push((
                "genre",
                format!("体裁分类“{}”不在本机关的分类表中。", self.genre),
            ));
        }
        if self.amends.as_deref() == Some(self.index_no.as_str()) {
            out.push(("amends", "文件不能修改它自己。".to_string()));
        }
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn entry(index: &str, kind: DocKind, written: &str) -> Entry {
        Entry {
            index_no: index.into(),
            title: "关于印发某某办法的通知".into(),
            publisher: "某市人民政府办公室".into(),
            doc_no: None,
            written: d(written),
            published: Some(d(written)),
            withdrawn: None,
            topic: "综合政务".into(),
            genre: "通知".into(),
            kind,
            art20: Some(1),
            mode: "主动公开".into(),
            validity: Validity::InForce,
            amends: None,
            body: String::new(),
        }
    }

    #[test]
    fn a_repeal_before_the_issue_and_other_mistakes_are_named() {
        let mut e = entry("A-1", DocKind::Normative, "2025-03-10");
        assert!(e.problems(&[], &[]).is_empty());
        e.validity = Validity::Repealed {
            on: d("2025-03-01"),
            by: "某府〔2025〕9号".into(),
        };
        e.published = Some(d("2025-03-01"));
        e.art20 = Some(16);
        let p = e.problems(&["综合政务".into()], &["公告".into()]);
        let fields: Vec<&str> = p.iter().map(|x| x.0).collect();
        assert_eq!(fields, ["published", "validity", "art20", "genre"], "{p:?}");
        assert!(
            p[1].1
                .contains("已废止日期 2025-03-01 早于成文日期 2025-03-10")
        );
    }

    #[test]
    fn bodies_keep_structure_and_lose_scripts() {
        let dirty = "<p onclick=\"x()\">一、<b>总则</b><script>alert(1)</script></p>\
                     <a href=\"javascript:alert(1)\">链接</a><img src=x onerror=y><p style=\"color:red\">二</p>";
        let clean = clean_body(dirty);
        assert_eq!(
            clean,
            "<p>一、<b>总则</b></p><a rel=\"noopener noreferrer\">链接</a><p>二</p>"
        );
        assert_eq!(
            clean_body("第一段\n\n<第二段>"),
            "<p>第一段</p><p>&lt;第二段&gt;</p>"
        );
    }

    #[test]
    fn force_and_publicity_by_date() {
        let mut e = entry("A-1", DocKind::Normative, "2024-05-01");
        e.validity = Validity::Repealed {
            on: d("2025-06-30"),
            by: "x".into(),
        };
        assert!(!e.in_force_on(d("2024-04-30")));
        assert!(e.in_force_on(d("2025-06-29")));
        assert!(!e.in_force_on(d("2025-06-30")));
        e.withdrawn = Some(d("2024-06-01"));
        assert!(e.public_on(d("2024-05-31")) && !e.public_on(d("2024-06-01")));
    }
}
