//! Generated catalogues for the search tests and benchmarks: entries with titles, document numbers and bodies
//! made of the words government catalogues use, deterministic for a seed.

use chrono::NaiveDate;
use gongkai_catalogue::{DocKind, Entry, Validity};

const PLACES: [&str; 8] = [
    "福州市",
    "厦门市",
    "泉州市",
    "漳州市",
    "莆田市",
    "三明市",
    "南平市",
    "龙岩市",
];
const SUBJECTS: [&str; 16] = [
    "城乡规划",
    "财政预算",
    "义务教育",
    "医疗保障",
    "生态环境保护",
    "安全生产",
    "农村公路",
    "住房保障",
    "市场监管",
    "就业创业",
    "养老服务",
    "文物保护",
    "水利工程",
    "营商环境",
    "应急管理",
    "食品安全",
];
const GENRES: [&str; 6] = [
    "管理办法",
    "实施意见",
    "工作方案",
    "实施细则",
    "暂行规定",
    "行动计划",
];
const ISSUERS: [&str; 5] = ["榕政", "榕政办", "厦府", "泉政文", "漳政规"];
const PHRASES: [&str; 12] = [
    "为进一步加强",
    "根据有关法律法规",
    "结合本市实际",
    "制定本办法",
    "各县（市、区）人民政府",
    "市直有关部门",
    "认真贯彻执行",
    "自印发之日起施行",
    "请结合实际",
    "切实抓好落实",
    "加强组织领导",
    "强化督促检查",
];

/// A small deterministic random source (xorshift).
pub struct Rng(u64);

impl Rng {
    /// From a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    /// The next number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Entry number `i` of a generated catalogue.
pub fn entry(rng: &mut Rng, i: usize) -> Entry {
    let year = 2019 + (i % 7) as i32;
    let place = PLACES[rng.below(PLACES.len())];
    let subject = SUBJECTS[rng.below(SUBJECTS.len())];
    let genre = GENRES[rng.below(GENRES.len())];
    let issuer = ISSUERS[rng.below(ISSUERS.len())];
    let written = NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
        .expect("a valid date");
    let body: String = (0..8)
        .map(|_| {
            format!(
                "{}{}{}。",
                PHRASES[rng.below(PHRASES.len())],
                place,
                SUBJECTS[rng.below(SUBJECTS.len())]
            )
        })
        .collect();
    Entry {
        index_no: format!("FJ-{year}-{i:07}"),
        title: format!("{place}人民政府关于印发{place}{subject}{genre}的通知"),
        publisher: format!("{place}人民政府"),
        // Unique within a year: entry i is of year 2019 + i % 7 and has number i / 7 + 1.
        doc_no: Some(format!("{issuer}〔{year}〕{}号", i / 7 + 1)),
        written,
        published: Some(written),
        withdrawn: None,
        topic: "综合政务".into(),
        genre: "通知".into(),
        kind: if i.is_multiple_of(5) {
            DocKind::Normative
        } else {
            DocKind::Other
        },
        art20: Some(1),
        mode: "主动公开".into(),
        validity: Validity::InForce,
        amends: None,
        body: format!("<p>{body}</p>"),
    }
}

/// `n` generated entries.
pub fn catalogue(n: usize, seed: u64) -> Vec<Entry> {
    let mut rng = Rng::new(seed);
    (0..n).map(|i| entry(&mut rng, i)).collect()
}
