//! The default vocabularies: 主题分类 (the State Council's document topic classification used by gov.cn's
//! catalogue) and 体裁分类 (the kinds of 公文 of 《党政机关公文处理工作条例》, with 其他). An agency may replace
//! them in its settings.

/// Default 主题分类 with their codes (for the 索引号's `{topic}`).
pub const TOPICS: [(&str, &str); 22] = [
    ("01", "综合政务"),
    ("02", "国民经济管理、国有资产监管"),
    ("03", "财政、金融、审计"),
    ("04", "国土资源、能源"),
    ("05", "农业、林业、水利"),
    ("06", "工业、交通"),
    ("07", "商贸、海关、旅游"),
    ("08", "市场监管、安全生产监管"),
    ("09", "城乡建设、环境保护"),
    ("10", "科技、教育"),
    ("11", "文化、广电、新闻出版"),
    ("12", "卫生、体育"),
    ("13", "人口与计划生育、妇女儿童工作"),
    ("14", "劳动、人事、监察"),
    ("15", "公安、安全、司法"),
    ("16", "民政、扶贫、救灾"),
    ("17", "民族、宗教"),
    ("18", "对外事务"),
    ("19", "港澳台侨工作"),
    ("20", "国防"),
    ("21", "机构设置与职能"),
    ("99", "其他"),
];

/// Default 体裁分类.
pub const GENRES: [&str; 16] = [
    "决议",
    "决定",
    "命令（令）",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "其他",
];

/// The code of a topic in the default vocabulary (“99” when not found).
pub fn topic_code(topic: &str) -> &'static str {
    TOPICS
        .iter()
        .find(|(_, t)| *t == topic)
        .map_or("99", |(c, _)| c)
}
