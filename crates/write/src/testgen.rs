//! Random complete reports for round-trip property tests (feature `testgen`): both formats, large counts,
//! money with decimals, signed changes, blanks, printed marks, long multi-paragraph narratives.

use crate::draft::new_report;
use gongkai_model::format::{ColumnKind, FormatVersion, table2_rows};
use gongkai_model::{CellValue, Report};
use rand::Rng;
use rand::seq::IndexedRandom;
use rust_decimal::Decimal;

/// Characters of the narratives: common ideographs, Chinese punctuation, digits and some Latin letters.
const PROSE: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789，。；：、（）《》“”！？%";

fn prose(rng: &mut impl Rng, max_len: usize) -> String {
    let chars: Vec<char> = PROSE.chars().collect();
    let paragraphs = rng.random_range(0..4);
    (0..paragraphs)
        .map(|_| {
            let n = rng.random_range(1..=max_len);
            let mut p: String = (0..n)
                .map(|_| *chars.choose(rng).expect("non-empty"))
                .collect();
            p.push('。');
            p
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn value(rng: &mut impl Rng, kind: ColumnKind) -> CellValue {
    match rng.random_range(0..20) {
        0 => return CellValue::Blank,
        1 => return CellValue::Mark(["/", "—", "无"].choose(rng).expect("non-empty").to_string()),
        _ => {}
    }
    let big = rng.random_bool(0.2);
    let n: i64 = if big {
        rng.random_range(0..1_000_000_000_000)
    } else {
        rng.random_range(0..2000)
    };
    CellValue::Number(match kind {
        ColumnKind::Count => Decimal::from(n),
        ColumnKind::SignedCount => Decimal::from(if rng.random_bool(0.5) { -n } else { n }),
        ColumnKind::Money10kYuan => Decimal::new(n, rng.random_range(0..=6)),
    })
}

/// A random complete report.
pub fn random_report(rng: &mut impl Rng) -> Report {
    let format = if rng.random_bool(0.5) {
        FormatVersion::V2019
    } else {
        FormatVersion::V2021
    };
    let year = match format {
        FormatVersion::V2019 => rng.random_range(2019..=2020),
        FormatVersion::V2021 => rng.random_range(2021..=2026),
    };
    let name: String = (0..rng.random_range(2..12))
        .map(|_| *"江苏浙福建平潭安徽宿迁沭阳洪泽上海市区县人民政府办公室发展和改革委员会财政教育卫生健康"
            .chars()
            .collect::<Vec<_>>()
            .choose(rng)
            .expect("non-empty"))
        .collect();
    let mut r = new_report(format, year, &format!("{name}局"));
    for s in &mut r.sections {
        s.text = prose(rng, 300);
    }
    let t2 = table2_rows(format);
    for (row, def) in r.table2.rows.iter_mut().zip(t2) {
        for (c, col) in row.cells.iter_mut().zip(def.columns) {
            c.value = value(rng, col.kind);
        }
    }
    for t in [&mut r.table3, &mut r.table4] {
        for row in &mut t.rows {
            for c in &mut row.cells {
                c.value = value(rng, ColumnKind::Count);
            }
        }
    }
    r
}
