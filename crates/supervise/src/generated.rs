//! Generated report prose for the 雷同 tests and benchmark: every report has the statutory boilerplate and
//! its own sentences; chosen pairs have passages copied from one to the other with small edits.

use crate::similar::Doc;

/// A small deterministic random source (xorshift), so that generated corpora are the same on every run.
pub struct Rng(u64);

impl Rng {
    /// A source from a seed.
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

/// The boilerplate every report carries (the format's own wording).
pub const BOILERPLATE: [&str; 4] = [
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室有关要求编制。",
    "报告中所列数据的统计期限自本年1月1日起至本年12月31日止，本报告电子版可在本机关门户网站下载。",
    "如对本报告有疑问，请与本机关政府信息公开工作机构联系，联系电话和通信地址详见本机关门户网站公开指南栏目。",
    "本年度本机关未收取政府信息公开信息处理费，无其他需要报告的事项，特此报告，欢迎社会各界监督并提出意见建议。",
];

const CHARS: &str = "政务公开信息数据平台建设监督管理服务发展改革教育卫生健康交通运输生态环境农业农村财政金融审计统计市场规划自然资源住房城乡水利文化旅游体育应急安全司法民政人力社会保障退役军人商务科技工业信息化林业草原医疗保障人防地震气象档案机关事务营商环境乡村振兴基层治理便民热线网站专栏政策解读回应关切会议开放新闻发布培训考核评议责任追究制度规范流程";

/// One sentence of `len` random characters, ending with 。.
pub fn sentence(rng: &mut Rng, len: usize) -> String {
    let chars: Vec<char> = CHARS.chars().collect();
    let mut s: String = (0..len).map(|_| chars[rng.below(chars.len())]).collect();
    s.push('。');
    s
}

/// The same sentence with `edits` characters replaced.
pub fn edit(rng: &mut Rng, s: &str, edits: usize) -> String {
    let chars: Vec<char> = CHARS.chars().collect();
    let mut v: Vec<char> = s.chars().collect();
    for _ in 0..edits {
        let at = rng.below(v.len().saturating_sub(1).max(1));
        v[at] = chars[rng.below(chars.len())];
    }
    v.into_iter().collect()
}

/// `n` reports of `n / 3` units (three years each); `copies` pairs of distinct reports have 2 or 3 passages
/// copied with one or two characters changed each (every third pair within one unit's years). Returns the reports and the copied
/// pairs (report ids, ordered).
pub fn corpus(n: usize, copies: usize, seed: u64) -> (Vec<Doc>, Vec<(String, String)>) {
    let mut rng = Rng::new(seed);
    let mut own: Vec<Vec<String>> = (0..n)
        .map(|_| {
            (0..15)
                .map(|_| {
                    let len = 24 + rng.below(24);
                    sentence(&mut rng, len)
                })
                .collect()
        })
        .collect();
    let id = |i: usize| format!("r{i:05}");
    let mut pairs = Vec::new();
    let mut used = std::collections::HashSet::new();
    while pairs.len() < copies {
        let from = rng.below(n);
        let to = if pairs.len() % 3 == 0 {
            // Within the unit: another year of the same unit.
            let unit = from / 3;
            unit * 3 + (from % 3 + 1 + rng.below(2)) % 3
        } else {
            rng.below(n)
        };
        // Each report takes part in one copy at most, so that the known pairs are exactly the copies.
        if to == from || to >= n || used.contains(&from) || used.contains(&to) {
            continue;
        }
        used.insert(from);
        used.insert(to);
        let k = 2 + rng.below(2);
        for s in 0..k {
            let edits = 1 + rng.below(2);
            let copied = edit(&mut rng, &own[from][s], edits);
            let at = 3 + s;
            own[to][at] = copied;
        }
        pairs.push(if id(from) < id(to) {
            (id(from), id(to))
        } else {
            (id(to), id(from))
        });
    }
    let docs = own
        .into_iter()
        .enumerate()
        .map(|(i, sentences)| Doc {
            id: id(i),
            unit: format!("单位{}", i / 3),
            year: 2021 + (i % 3) as i32,
            text: std::iter::once(BOILERPLATE[0].to_string())
                .chain(sentences)
                .chain(BOILERPLATE[1..].iter().map(|s| s.to_string()))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect();
    (docs, pairs)
}
