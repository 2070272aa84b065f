//! Splitting runs of digits whose cell boundaries were lost (`640020470` → 64 0 0 2 0 4 70). Every split
//! that is well-formed for the columns' kinds is enumerated; the recognizer keeps those that satisfy the
//! table's identities and reports the rest as ambiguous. Nothing is chosen silently here.

use gongkai_model::ColumnKind;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Upper bound on the splits enumerated for one run.
pub const MAX_SPLITS: usize = 20_000;

/// Parses one printed value of a column kind. Money printed in 元 is converted to 万元.
pub fn parse_value(s: &str, kind: ColumnKind) -> Option<Decimal> {
    let s = s.trim().replace(',', "");
    match kind {
        ColumnKind::Count => {
            // A count printed with its counting word (“1个”, “2笔”, “3 件”).
            let s = s.trim_end_matches(COUNT_UNITS).trim_end();
            is_count(s).then(|| Decimal::from_str(s).ok()).flatten()
        }
        ColumnKind::SignedCount => {
            let digits = s
                .strip_prefix('-')
                .or_else(|| s.strip_prefix('+'))
                .unwrap_or(&s);
            is_count(digits)
                .then(|| Decimal::from_str(&s.replace('+', "")).ok())
                .flatten()
        }
        ColumnKind::Money10kYuan => {
            let s = s.replace(' ', "");
            let (num, divisor) = if let Some(n) = s.strip_suffix("万元") {
                (n, 1)
            } else if let Some(n) = s.strip_suffix('元') {
                (n, 10_000)
            } else {
                (s.as_str(), 1)
            };
            let (int, frac) = num.split_once('.').unwrap_or((num, ""));
            if !is_count(int)
                || (num.contains('.')
                    && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())))
            {
                return None;
            }
            let d = Decimal::from_str(num).ok()?;
            Some((d / Decimal::from(divisor)).normalize())
        }
    }
}

/// The counting words agencies print after a count in a cell.
pub(crate) const COUNT_UNITS: &[char] = &['个', '件', '项', '笔', '条', '宗', '次', '家'];

fn is_count(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 15
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'))
}

/// The lengths of the prefixes of `s` that are well-formed values of `kind`.
fn prefix_lengths(s: &str, kind: ColumnKind) -> Vec<usize> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let digits_from = |start: usize| -> Vec<usize> {
        // Ends of well-formed integers starting at `start`.
        if start >= b.len() || !b[start].is_ascii_digit() {
            return vec![];
        }
        if b[start] == b'0' {
            return vec![start + 1];
        }
        let mut ends = Vec::new();
        let mut i = start;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 15 {
            i += 1;
            ends.push(i);
        }
        ends
    };
    match kind {
        ColumnKind::Count => {
            // A count may keep its counting word (“1个246900元”).
            for end in digits_from(0) {
                out.push(end);
                if let Some(c) = s[end..].chars().next().filter(|c| COUNT_UNITS.contains(c)) {
                    out.push(end + c.len_utf8());
                }
            }
        }
        ColumnKind::SignedCount => {
            let start = usize::from(matches!(b.first(), Some(b'-' | b'+')));
            out = digits_from(start);
        }
        ColumnKind::Money10kYuan => {
            for end in digits_from(0) {
                let mut ends = vec![end];
                if b.get(end) == Some(&b'.') {
                    let mut j = end + 1;
                    while j < b.len() && b[j].is_ascii_digit() {
                        j += 1;
                        ends.push(j);
                    }
                }
                for e in ends {
                    if b.get(e) == Some(&b'.') && b.get(e + 1).is_some_and(|c| c.is_ascii_digit()) {
                        continue; // a decimal point must stay with its digits
                    }
                    out.push(e);
                    for unit in ["万元", "元"] {
                        if s[e..].starts_with(unit) {
                            out.push(e + unit.len());
                        }
                    }
                }
            }
        }
    }
    out
}

/// One way to split the runs: the values and, for each, (run index, byte range within the run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// One value per column.
    pub values: Vec<Decimal>,
    /// Where each value was printed: run index and byte range in that run.
    pub spans: Vec<(usize, usize, usize)>,
}

/// Every split of `tokens` (runs separated by spaces in the source; a value never spans two runs) into one
/// value per column of `kinds`, in order, at most [`MAX_SPLITS`].
pub fn splits(tokens: &[&str], kinds: &[ColumnKind]) -> Vec<Split> {
    let mut out = Vec::new();
    let mut current = Split {
        values: Vec::with_capacity(kinds.len()),
        spans: Vec::with_capacity(kinds.len()),
    };
    rec(tokens, 0, 0, kinds, &mut current, &mut out);
    out
}

fn rec(
    tokens: &[&str],
    ti: usize,
    pos: usize,
    kinds: &[ColumnKind],
    current: &mut Split,
    out: &mut Vec<Split>,
) {
    if out.len() >= MAX_SPLITS {
        return;
    }
    let ci = current.values.len();
    if ti < tokens.len() && pos == tokens[ti].len() {
        return rec(tokens, ti + 1, 0, kinds, current, out);
    }
    if ci == kinds.len() {
        if ti == tokens.len() {
            out.push(current.clone());
        }
        return;
    }
    if ti == tokens.len() {
        return;
    }
    // Prune: the remaining characters cannot fill fewer columns than there are runs left.
    let runs_left = tokens.len() - ti;
    if runs_left > kinds.len() - ci {
        return;
    }
    let rest = &tokens[ti][pos..];
    for len in prefix_lengths(rest, kinds[ci]) {
        let Some(v) = parse_value(&rest[..len], kinds[ci]) else {
            continue;
        };
        current.values.push(v);
        current.spans.push((ti, pos, pos + len));
        rec(tokens, ti, pos + len, kinds, current, out);
        current.values.pop();
        current.spans.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnKind::*;

    fn d(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&x| Decimal::from(x)).collect()
    }

    fn splits(tokens: &[&str], kinds: &[ColumnKind]) -> Vec<Vec<Decimal>> {
        super::splits(tokens, kinds)
            .into_iter()
            .map(|s| s.values)
            .collect()
    }

    /// Cells as agencies print them with a counting word: “1个”, “2笔”, “3 件” (the count only; two words or
    /// a word alone are not a count).
    #[test]
    fn counts_with_their_counting_word() {
        for (t, v) in [
            ("1个", Some(1)),
            ("2笔", Some(2)),
            ("3 件", Some(3)),
            ("12项", Some(12)),
        ] {
            assert_eq!(super::parse_value(t, Count), v.map(Decimal::from), "{t}");
        }
        for t in ["个", "1个2", "01个", "1个个2"] {
            assert_eq!(super::parse_value(t, Count), None, "{t}");
        }
    }

    #[test]
    fn zeros_cannot_lead() {
        let s = splits(&["0000000"], &[Count; 7]);
        assert_eq!(s, vec![d(&[0; 7])]);
    }

    #[test]
    fn runs_respect_spaces() {
        let s = splits(&["230", "000023"], &[Count; 7]);
        assert!(s.contains(&d(&[23, 0, 0, 0, 0, 0, 23])));
        assert!(s.iter().all(|v| v.len() == 7));
    }

    /// A count with its counting word run together with an amount: “1个246900元” is 1 and 24.69 万元, the
    /// only way to read it; “2笔”, “984361元” as two runs.
    #[test]
    fn a_count_word_between_count_and_amount() {
        let s = splits(&["1个246900元"], &[Count, Money10kYuan]);
        assert_eq!(
            s,
            vec![vec![Decimal::from(1), Decimal::from_str("24.69").unwrap()]]
        );
        let s = splits(&["2笔", "984361元"], &[Count, Money10kYuan]);
        assert_eq!(
            s,
            vec![vec![
                Decimal::from(2),
                Decimal::from_str("98.4361").unwrap()
            ]]
        );
    }

    /// The 2019 表二's signed 本年增/减: “行政许可0+11” is 0 / +1 / 1, the only way to read it.
    #[test]
    fn a_plus_sign_run_together() {
        let s = splits(&["0+11"], &[Count, SignedCount, Count]);
        assert_eq!(s, vec![d(&[0, 1, 1])]);
    }

    #[test]
    fn negative_and_money() {
        let s = splits(&["2648-18538"], &[Count, SignedCount, Count]);
        assert!(s.contains(&d(&[2648, -18, 538])));
        let m = splits(&["13575394432.52元"], &[Count, Money10kYuan]);
        assert!(m.contains(&vec![
            Decimal::from(135),
            Decimal::from_str("7539.443252").unwrap()
        ]));
        assert!(m.iter().all(|v| v[1].scale() > 0 || v[1].is_integer()));
    }
}
