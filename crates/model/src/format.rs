//! The two official formats (国办公开办函〔2019〕60号 and 〔2021〕30号) as data: every row and column key, the
//! exact printed labels, and the label variants and typos found in real reports.

use serde::Serialize;

/// A format version of the annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum FormatVersion {
    /// 国办公开办函〔2019〕60号: reports for 2019 and 2020.
    #[serde(rename = "2019")]
    V2019,
    /// 国办公开办函〔2021〕30号: reports for 2021 on.
    #[serde(rename = "2021")]
    V2021,
}

impl FormatVersion {
    /// The key used in the exchange JSON ("2019" or "2021").
    pub fn key(self) -> &'static str {
        match self {
            FormatVersion::V2019 => "2019",
            FormatVersion::V2021 => "2021",
        }
    }

    /// The format a report for `year` must use.
    pub fn for_year(year: i32) -> FormatVersion {
        if year <= 2020 {
            FormatVersion::V2019
        } else {
            FormatVersion::V2021
        }
    }

    /// The full title of the notice that defines this format.
    pub fn notice_title(self) -> &'static str {
        match self {
            FormatVersion::V2019 => {
                "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
            }
            FormatVersion::V2021 => {
                "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
            }
        }
    }

    /// The statutory opening paragraph of a report for `year`: its legal basis and the statistical period.
    pub fn opening_paragraph(self, year: i32) -> String {
        format!(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{}（{}）要求编制。\
             本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            self.notice_title(),
            self.notice()
        )
    }

    /// The notice that defines this format.
    pub fn notice(self) -> &'static str {
        match self {
            FormatVersion::V2019 => "国办公开办函〔2019〕60号",
            FormatVersion::V2021 => "国办公开办函〔2021〕30号",
        }
    }
}

/// The three tables of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TableId {
    /// 表二 主动公开政府信息情况.
    #[serde(rename = "table2")]
    Table2,
    /// 表三 收到和处理政府信息公开申请情况.
    #[serde(rename = "table3")]
    Table3,
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    #[serde(rename = "table4")]
    Table4,
}

impl TableId {
    /// The JSON key of the table.
    pub fn key(self) -> &'static str {
        match self {
            TableId::Table2 => "table2",
            TableId::Table3 => "table3",
            TableId::Table4 => "table4",
        }
    }

    /// The Chinese name used in messages.
    pub fn title(self) -> &'static str {
        match self {
            TableId::Table2 => "表二（主动公开政府信息情况）",
            TableId::Table3 => "表三（收到和处理政府信息公开申请情况）",
            TableId::Table4 => "表四（政府信息公开行政复议、行政诉讼情况）",
        }
    }
}

/// What a value column may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ColumnKind {
    /// A non-negative integer.
    Count,
    /// An integer that may be negative (本年增/减).
    SignedCount,
    /// An amount of money in 万元, exact decimal.
    Money10kYuan,
}

/// A value column: its JSON key, printed label and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ColumnDef {
    /// JSON key.
    pub key: &'static str,
    /// Exact printed label.
    pub label: &'static str,
    /// What the column holds.
    pub kind: ColumnKind,
}

const fn col(key: &'static str, label: &'static str, kind: ColumnKind) -> ColumnDef {
    ColumnDef { key, label, kind }
}

/// A row of 表二: the 条例 item block it belongs to, its key, label, accepted variants and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Table2Row {
    /// The block heading, e.g. `第二十条第（一）项`.
    pub block: &'static str,
    /// JSON row key.
    pub key: &'static str,
    /// Exact printed label of this format.
    pub label: &'static str,
    /// Other labels real reports print for this row, with whether each is a typo or an other-format label.
    pub variants: &'static [LabelVariant],
    /// Value columns in printed order.
    pub columns: &'static [ColumnDef],
}

/// A label printed instead of the official one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LabelVariant {
    /// The text as printed.
    pub text: &'static str,
    /// Why it differs: the label of the other format version, or a typo.
    pub kind: VariantKind,
}

/// Why a printed label differs from the official one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VariantKind {
    /// The label of the 2019 format printed in a 2021-format report (or the reverse).
    OtherFormat,
    /// A misprint of the official label.
    Typo,
    /// A small edit of the official label found by similarity (an inserted 和/及, 案件 for 案卷, a dropped item
    /// number): the row is read, and the printed label is reported.
    Edited,
}

const fn var(text: &'static str, kind: VariantKind) -> LabelVariant {
    LabelVariant { text, kind }
}

use ColumnKind::*;

const T2_2021_DOCS: &[ColumnDef] = &[
    col("issued", "本年制发件数", Count),
    col("repealed", "本年废止件数", Count),
    col("in_force", "现行有效件数", Count),
];
const T2_2021_DECISIONS: &[ColumnDef] = &[col("decisions", "本年处理决定数量", Count)];
const T2_2021_FEES: &[ColumnDef] = &[col(
    "amount_10k_yuan",
    "本年收费金额（单位：万元）",
    Money10kYuan,
)];
const T2_2019_DOCS: &[ColumnDef] = &[
    col("new_made", "本年新制作数量", Count),
    col("new_published", "本年新公开数量", Count),
    col("total_published", "对外公开总数量", Count),
];
const T2_2019_ITEMS: &[ColumnDef] = &[
    col("prev_items", "上一年项目数量", Count),
    col("change", "本年增/减", SignedCount),
    col("decisions", "处理决定数量", Count),
];
const T2_2019_FEES: &[ColumnDef] = &[
    col("prev_items", "上一年项目数量", Count),
    col("change", "本年增/减", SignedCount),
];
const T2_2019_PROCUREMENT: &[ColumnDef] = &[
    col("projects", "采购项目数量", Count),
    col("amount_10k_yuan", "采购总金额", Money10kYuan),
];

const NORMATIVE_2019_IN_2021: &[LabelVariant] = &[var("规范性文件", VariantKind::OtherFormat)];
const NORMATIVE_2021_IN_2019: &[LabelVariant] = &[var("行政规范性文件", VariantKind::OtherFormat)];

const B1: &str = "第二十条第（一）项";
const B5: &str = "第二十条第（五）项";
const B6: &str = "第二十条第（六）项";
const B8: &str = "第二十条第（八）项";
const B9: &str = "第二十条第（九）项";

const fn t2(
    block: &'static str,
    key: &'static str,
    label: &'static str,
    variants: &'static [LabelVariant],
    columns: &'static [ColumnDef],
) -> Table2Row {
    Table2Row {
        block,
        key,
        label,
        variants,
        columns,
    }
}

const TABLE2_2021: &[Table2Row] = &[
    t2(B1, "regulations", "规章", &[], T2_2021_DOCS),
    t2(
        B1,
        "normative_documents",
        "行政规范性文件",
        NORMATIVE_2019_IN_2021,
        T2_2021_DOCS,
    ),
    t2(B5, "licensing", "行政许可", &[], T2_2021_DECISIONS),
    t2(B6, "penalties", "行政处罚", &[], T2_2021_DECISIONS),
    t2(B6, "enforcement", "行政强制", &[], T2_2021_DECISIONS),
    t2(B8, "fees", "行政事业性收费", &[], T2_2021_FEES),
];

const TABLE2_2019: &[Table2Row] = &[
    t2(B1, "regulations", "规章", &[], T2_2019_DOCS),
    t2(
        B1,
        "normative_documents",
        "规范性文件",
        NORMATIVE_2021_IN_2019,
        T2_2019_DOCS,
    ),
    t2(B5, "licensing", "行政许可", &[], T2_2019_ITEMS),
    t2(
        B5,
        "other_services",
        "其他对外管理服务事项",
        &[],
        T2_2019_ITEMS,
    ),
    t2(B6, "penalties", "行政处罚", &[], T2_2019_ITEMS),
    t2(B6, "enforcement", "行政强制", &[], T2_2019_ITEMS),
    t2(B8, "fees", "行政事业性收费", &[], T2_2019_FEES),
    t2(B9, "procurement", "政府集中采购", &[], T2_2019_PROCUREMENT),
];

/// The rows of 表二 in printed order for a format version.
pub fn table2_rows(format: FormatVersion) -> &'static [Table2Row] {
    match format {
        FormatVersion::V2019 => TABLE2_2019,
        FormatVersion::V2021 => TABLE2_2021,
    }
}

/// The seven value columns of 表三 (both formats): 自然人, the five 法人或其他组织 columns, 总计.
pub const TABLE3_COLUMNS: [ColumnDef; 7] = [
    col("natural_person", "自然人", Count),
    col("commercial", "商业企业", Count),
    col("research", "科研机构", Count),
    col("public_interest", "社会公益组织", Count),
    col("legal_services", "法律服务机构", Count),
    col("other_org", "其他", Count),
    col("total", "总计", Count),
];

/// A row of 表三: key, the group label(s) above it, its own label and accepted variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Table3Row {
    /// JSON row key.
    pub key: &'static str,
    /// The group label printed in a merged cell to the left (e.g. `（三）不予公开`), if any.
    pub group: Option<&'static str>,
    /// The row's own printed label.
    pub label: &'static str,
    /// Misprints and other-format labels real reports print.
    pub variants: &'static [LabelVariant],
    /// Whether the row is an outcome row summed into （七）总计.
    pub outcome: bool,
}

const fn t3(
    key: &'static str,
    group: Option<&'static str>,
    label: &'static str,
    outcome: bool,
) -> Table3Row {
    Table3Row {
        key,
        group,
        label,
        variants: &[],
        outcome,
    }
}

const DENIED: Option<&str> = Some("（三）不予公开");
const UNABLE: Option<&str> = Some("（四）无法提供");
const NOT_PROCESSED: Option<&str> = Some("（五）不予处理");
const OTHER: Option<&str> = Some("（六）其他处理");

macro_rules! table3_rows {
    ($($other:expr),* $(,)?) => {
        &[
            t3("new_received", None, "一、本年新收政府信息公开申请数量", false),
            t3("carried_over", None, "二、上年结转政府信息公开申请数量", false),
            t3("granted", None, "（一）予以公开", true),
            t3("partially_granted", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", true),
            t3("denied.state_secret", DENIED, "1.属于国家秘密", true),
            Table3Row {
                key: "denied.law_prohibited",
                group: DENIED,
                label: "2.其他法律行政法规禁止公开",
                variants: &[var("2.其他法律行政止公开", VariantKind::Typo)],
                outcome: true,
            },
            t3("denied.security_stability", DENIED, "3.危及“三安全一稳定”", true),
            t3("denied.third_party", DENIED, "4.保护第三方合法权益", true),
            t3("denied.internal_affairs", DENIED, "5.属于三类内部事务信息", true),
            t3("denied.process_info", DENIED, "6.属于四类过程性信息", true),
            t3("denied.enforcement_file", DENIED, "7.属于行政执法案卷", true),
            t3("denied.admin_query", DENIED, "8.属于行政查询事项", true),
            t3("unable.not_held", UNABLE, "1.本机关不掌握相关政府信息", true),
            t3("unable.needs_creation", UNABLE, "2.没有现成信息需要另行制作", true),
            t3("unable.unclear_after_correction", UNABLE, "3.补正后申请内容仍不明确", true),
            t3("not_processed.petition_complaint", NOT_PROCESSED, "1.信访举报投诉类申请", true),
            t3("not_processed.duplicate", NOT_PROCESSED, "2.重复申请", true),
            t3("not_processed.publication", NOT_PROCESSED, "3.要求提供公开出版物", true),
            t3("not_processed.mass_repetitive", NOT_PROCESSED, "4.无正当理由大量反复申请", true),
            t3("not_processed.confirm_or_reissue", NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息", true),
            $($other,)*
            t3("total", None, "（七）总计", false),
            t3("carried_forward", None, "四、结转下年度继续办理", false),
        ]
    };
}

const TABLE3_2019: &[Table3Row] = table3_rows![t3("other", None, "（六）其他处理", true)];
const TABLE3_2021: &[Table3Row] = table3_rows![
    t3(
        "other.no_correction",
        OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        true
    ),
    t3(
        "other.fee_unpaid",
        OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        true
    ),
    t3("other.other", OTHER, "3.其他", true),
];

/// The rows of 表三 in printed order for a format version.
pub fn table3_rows(format: FormatVersion) -> &'static [Table3Row] {
    match format {
        FormatVersion::V2019 => TABLE3_2019,
        FormatVersion::V2021 => TABLE3_2021,
    }
}

/// The three blocks of 表四 (both formats): JSON key and printed label.
pub const TABLE4_GROUPS: [(&str, &str); 3] = [
    ("reconsideration", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_reconsideration", "复议后起诉"),
];

/// The five columns of each 表四 block.
pub const TABLE4_COLUMNS: [ColumnDef; 5] = [
    col("upheld", "结果维持", Count),
    col("corrected", "结果纠正", Count),
    col("other", "其他结果", Count),
    col("pending", "尚未审结", Count),
    col("total", "总计", Count),
];

/// The six section headings (both formats), with variants printed by real reports.
pub const SECTION_HEADINGS: [(&str, &[&str]); 6] = [
    ("一、总体情况", &[]),
    ("二、主动公开政府信息情况", &[]),
    ("三、收到和处理政府信息公开申请情况", &[]),
    (
        "四、政府信息公开行政复议、行政诉讼情况",
        &[
            "四、政府信息公开行政法复议、行政诉讼情况",
            "四、政府信息公开行政复议和行政诉讼情况",
            "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
        ],
    ),
    (
        "五、存在的主要问题及改进情况",
        &[
            "五、政府信息公开工作存在的主要问题及改进情况",
            "五、存在的主要问题及整改措施",
            "五、存在的主要问题及整改情况",
        ],
    ),
    ("六、其他需要报告的事项", &[]),
];

/// Labels that mark a report as using the 2021 format.
pub const MARKERS_2021: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "逾期未按收费通知",
    "本年收费金额",
];
/// Labels that mark a report as using the 2019 format.
pub const MARKERS_2019: &[&str] = &[
    "本年新制作数量",
    "上一年项目数量",
    "第二十条第（九）项",
    "对外公开总数量",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table3_row_counts_match_the_official_grids() {
        // 26 and 28 printed rows, less the 3 header rows.
        assert_eq!(table3_rows(FormatVersion::V2019).len(), 23);
        assert_eq!(table3_rows(FormatVersion::V2021).len(), 25);
        assert_eq!(
            table3_rows(FormatVersion::V2019)
                .iter()
                .filter(|r| r.outcome)
                .count(),
            19
        );
        assert_eq!(
            table3_rows(FormatVersion::V2021)
                .iter()
                .filter(|r| r.outcome)
                .count(),
            21
        );
    }

    #[test]
    fn table2_cells_per_format() {
        let cells = |f| {
            table2_rows(f)
                .iter()
                .map(|r| r.columns.len())
                .sum::<usize>()
        };
        assert_eq!(cells(FormatVersion::V2021), 3 + 3 + 1 + 1 + 1 + 1);
        assert_eq!(cells(FormatVersion::V2019), 3 + 3 + 3 + 3 + 3 + 3 + 2 + 2);
    }

    #[test]
    fn format_follows_the_report_year() {
        assert_eq!(FormatVersion::for_year(2020), FormatVersion::V2019);
        assert_eq!(FormatVersion::for_year(2021), FormatVersion::V2021);
    }
}
