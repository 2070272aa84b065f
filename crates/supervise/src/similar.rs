//! 雷同 (copy-paste) detection across units and across a unit's own years. Each report's prose is cut into
//! passages (sentences of at least [`MIN_PASSAGE`] characters); a passage is a set of character 5-grams.
//! Statutory and format boilerplate — any 5-gram found in at least [`BOILERPLATE_SHARE`] of all reports, such as
//! the opening “本报告根据《中华人民共和国政府信息公开条例》…编制” — is removed first, so that pairs sharing
//! only such wording are not reported. Candidate pairs of passages come from MinHash signatures banded for
//! locality-sensitive hashing; each candidate is verified by the exact Jaccard similarity of its 5-gram sets,
//! so that small edits (a changed name, a changed number) do not hide a copy.

use std::collections::{HashMap, HashSet};

/// Passages shorter than this (in characters, after boilerplate removal) are ignored.
pub const MIN_PASSAGE: usize = 24;
/// A 5-gram found in at least this share of the reports is boilerplate.
pub const BOILERPLATE_SHARE: f64 = 0.2;
/// Two passages are copies when the Jaccard similarity of their 5-gram sets is at least this (two changed
/// characters in a 24-character sentence leave about 0.33; unrelated prose shares almost no 5-gram).
pub const PASSAGE_THRESHOLD: f64 = 0.3;
const GRAM: usize = 5;
const BANDS: usize = 16;
const ROWS: usize = 2;
const HASHES: usize = BANDS * ROWS;

/// One report's prose.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Report id.
    pub id: String,
    /// The unit.
    pub unit: String,
    /// The year.
    pub year: i32,
    /// The sections' text (and preamble), in order.
    pub text: String,
}

/// A pair of reports sharing passages beyond boilerplate.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SimilarPair {
    /// The first report (ids ordered).
    pub a: String,
    /// The second report.
    pub b: String,
    /// Whether both are the same unit's (across its years).
    pub same_unit: bool,
    /// The share of the shorter report's own (non-boilerplate) prose found in the other, 0 to 1.
    pub similarity: f64,
    /// The share of `a`'s own prose found in `b`, and of `b`'s found in `a`.
    pub shares: (f64, f64),
    /// The shared passages side by side: (passage of a, passage of b, Jaccard).
    pub passages: Vec<(String, String, f64)>,
}

fn passages(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c == '\n' || c == '\r' {
            if !cur.trim().is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
            continue;
        }
        cur.push(c);
        if "。！？；".contains(c) {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| p.chars().count() >= MIN_PASSAGE)
        .collect()
}

fn fnv(bytes: impl Iterator<Item = u32>) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The 5-grams of a passage (characters that are not letters, digits or ideographs ignored).
fn grams(p: &str) -> Vec<u64> {
    let chars: Vec<u32> = p
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(u32::from)
        .collect();
    if chars.len() < GRAM {
        return vec![];
    }
    let mut g: Vec<u64> = chars
        .windows(GRAM)
        .map(|w| fnv(w.iter().copied()))
        .collect();
    g.sort_unstable();
    g.dedup();
    g
}

fn mix(x: u64, seed: u64) -> u64 {
    // splitmix64 of x ^ seed: one of the HASHES independent hash functions.
    let mut z = x ^ seed.wrapping_mul(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

fn signature(g: &[u64]) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for &x in g {
        for (i, s) in sig.iter_mut().enumerate() {
            let h = mix(x, i as u64 + 1);
            if h < *s {
                *s = h;
            }
        }
    }
    sig
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

struct Passage {
    doc: usize,
    text: String,
    grams: Vec<u64>,
}

/// The pairs of reports that share passages beyond boilerplate, most similar first. Pairs whose shared
/// prose is below `min_similarity` of the shorter report are left out.
pub fn similar_pairs(docs: &[Doc], min_similarity: f64) -> Vec<SimilarPair> {
    // Boilerplate: 5-grams in at least BOILERPLATE_SHARE of the reports (and in at least 3).
    let per_doc: Vec<Vec<(String, Vec<u64>)>> = docs
        .iter()
        .map(|d| {
            passages(&d.text)
                .into_iter()
                .map(|p| {
                    let g = grams(&p);
                    (p, g)
                })
                .collect()
        })
        .collect();
    let mut df: HashMap<u64, u32> = HashMap::new();
    for ps in &per_doc {
        let mut seen: HashSet<u64> = HashSet::new();
        for (_, g) in ps {
            seen.extend(g.iter().copied());
        }
        for x in seen {
            *df.entry(x).or_default() += 1;
        }
    }
    let limit = ((docs.len() as f64 * BOILERPLATE_SHARE).ceil() as u32).max(3);
    let mut all: Vec<Passage> = Vec::new();
    let mut own_len = vec![0usize; docs.len()];
    for (d, ps) in per_doc.into_iter().enumerate() {
        for (text, g) in ps {
            let kept: Vec<u64> = g.into_iter().filter(|x| df[x] < limit).collect();
            // A passage mostly of boilerplate is boilerplate.
            if kept.len() + GRAM - 1 < MIN_PASSAGE {
                continue;
            }
            own_len[d] += kept.len();
            all.push(Passage {
                doc: d,
                text,
                grams: kept,
            });
        }
    }
    // LSH: passages whose signatures agree on a whole band are candidates.
    let sigs: Vec<[u64; HASHES]> = all.iter().map(|p| signature(&p.grams)).collect();
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();
    for band in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, s) in sigs.iter().enumerate() {
            let key = fnv(s[band * ROWS..(band + 1) * ROWS]
                .iter()
                .flat_map(|h| [(*h >> 32) as u32, *h as u32]));
            buckets.entry(key).or_default().push(i);
        }
        for members in buckets.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    if all[i].doc != all[j].doc {
                        candidates.insert((i.min(j), i.max(j)));
                    }
                }
            }
        }
    }
    // Verify, and gather per pair of reports.
    // (report, report) → the matching (passage, passage, Jaccard).
    type Matches = Vec<(usize, usize, f64)>;
    let mut pairs: HashMap<(usize, usize), Matches> = HashMap::new();
    for (i, j) in candidates {
        let s = jaccard(&all[i].grams, &all[j].grams);
        if s >= PASSAGE_THRESHOLD {
            let (pi, pj) = if all[i].doc < all[j].doc {
                (i, j)
            } else {
                (j, i)
            };
            pairs
                .entry((all[pi].doc, all[pj].doc))
                .or_default()
                .push((pi, pj, s));
        }
    }
    let mut out: Vec<SimilarPair> = pairs
        .into_iter()
        .filter_map(|((da, db), mut shared)| {
            shared.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
            // Each side's share of its own prose found in the other, each passage counted once.
            let share = |side: fn(&(usize, usize, f64)) -> usize, doc: usize| {
                let mut counted: HashSet<usize> = HashSet::new();
                let covered: usize = shared
                    .iter()
                    .map(side)
                    .filter(|p| counted.insert(*p))
                    .map(|p| all[p].grams.len())
                    .sum();
                if own_len[doc] == 0 {
                    0.0
                } else {
                    covered as f64 / own_len[doc] as f64
                }
            };
            let (share_a, share_b) = (share(|m| m.0, da), share(|m| m.1, db));
            let round = |x: f64| (x * 1000.0).round() / 1000.0;
            let similarity = if own_len[da] <= own_len[db] {
                share_a
            } else {
                share_b
            };
            (similarity >= min_similarity).then(|| {
                let (a, b) = (&docs[da], &docs[db]);
                let flip = a.id > b.id;
                SimilarPair {
                    a: if flip { b.id.clone() } else { a.id.clone() },
                    b: if flip { a.id.clone() } else { b.id.clone() },
                    same_unit: a.unit == b.unit,
                    similarity: round(similarity),
                    shares: if flip {
                        (round(share_b), round(share_a))
                    } else {
                        (round(share_a), round(share_b))
                    },
                    passages: shared
                        .iter()
                        .map(|(pa, pb, s)| {
                            let (ta, tb) = (all[*pa].text.clone(), all[*pb].text.clone());
                            let s = (s * 1000.0).round() / 1000.0;
                            if flip { (tb, ta, s) } else { (ta, tb, s) }
                        })
                        .collect(),
                }
            })
        })
        .collect();
    out.sort_by(|x, y| {
        y.similarity
            .partial_cmp(&x.similarity)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_split_at_sentence_ends_and_short_ones_drop() {
        let p = passages(
            "短句。\n这是一个足够长的句子，用来检查分句是否按照句号切分并且保留全文内容。另一句。",
        );
        assert_eq!(
            p,
            ["这是一个足够长的句子，用来检查分句是否按照句号切分并且保留全文内容。"]
        );
    }

    #[test]
    fn near_copies_are_similar_and_unrelated_text_is_not() {
        let a = grams(
            "本单位全年共组织政府信息公开专题培训三次，覆盖干部职工一百二十人次，进一步提升了工作人员的业务能力。",
        );
        let b = grams(
            "本单位全年共组织政府信息公开专题培训五次，覆盖干部职工一百八十人次，进一步提升了工作人员的业务能力。",
        );
        let c = grams(
            "港口码头建设项目环境影响评价文件已按规定在门户网站公示，接受社会监督并及时回应关切问题。",
        );
        assert!(jaccard(&a, &b) >= PASSAGE_THRESHOLD, "{}", jaccard(&a, &b));
        assert!(jaccard(&a, &c) < 0.05);
        assert!((jaccard(&a, &a) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn each_side_has_its_own_share_of_what_is_copied() {
        let copied = [
            "本局全年共组织政府信息公开专题培训三次，覆盖干部职工一百二十人次。",
            "门户网站政府信息公开专栏全年更新栏目九个，发布各类信息三百余条。",
        ];
        let only_2023 = [
            "港口码头建设项目环境影响评价文件已按规定在门户网站公示接受监督。",
            "依申请公开工作流程经局务会审议修订，明确登记、审核、答复各环节。",
        ];
        let only_2024 = ["今年新设政策解读栏目，对十二件规范性文件逐一发布图文解读材料。"];
        let doc = |id: &str, year, parts: &[&str]| Doc {
            id: id.into(),
            unit: "某局".into(),
            year,
            text: parts.concat(),
        };
        let a = doc(
            "a",
            2023,
            &[copied[0], copied[1], only_2023[0], only_2023[1]],
        );
        let b = doc("b", 2024, &[copied[0], only_2024[0], copied[1]]);
        let pairs = similar_pairs(&[a, b], 0.05);
        assert_eq!(pairs.len(), 1);
        let g = |t: &str| grams(t).len() as f64;
        let shared = g(copied[0]) + g(copied[1]);
        let share_a = shared / (shared + g(only_2023[0]) + g(only_2023[1]));
        let share_b = shared / (shared + g(only_2024[0]));
        let p = &pairs[0];
        assert!(p.same_unit);
        assert!(
            (p.shares.0 - share_a).abs() < 0.001,
            "{:?} {share_a}",
            p.shares
        );
        assert!(
            (p.shares.1 - share_b).abs() < 0.001,
            "{:?} {share_b}",
            p.shares
        );
        assert!(share_b > 0.6 && share_a < 0.55, "{share_a} {share_b}");
    }
}
