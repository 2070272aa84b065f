//! 信息处理费 (国办函〔2020〕109号): by count, per applicant per calendar month, or by pages, per application;
//! one method per application, both charged by excess-progressive bands.

use rust_decimal::Decimal;
use serde::Serialize;

/// A fee with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// Amount in 元.
    pub amount: Decimal,
    /// How it was computed, in Chinese.
    pub explanation: String,
}

/// 按件计收: the fee for the `n`-th application (1-based) of one applicant in one calendar month.
/// 1–10 free; 11–30: 100 元; 31–40: 200 元; each further band of 10 adds 100 元.
pub fn by_count(n: u32) -> Fee {
    let amount: i64 = match n {
        0..=10 => 0,
        11..=30 => 100,
        _ => 100 * (2 + i64::from((n - 31) / 10)),
    };
    let band = match n {
        0..=10 => "1–10 件免费".to_string(),
        11..=30 => "11–30 件每件 100 元".to_string(),
        _ => {
            let lo = 31 + (n - 31) / 10 * 10;
            format!("{lo}–{} 件每件 {amount} 元", lo + 9)
        }
    };
    Fee {
        amount: Decimal::from(amount),
        explanation: format!(
            "按件计收：该申请人本自然月第 {n} 件申请，适用“{band}”，收费 {amount} 元（国办函〔2020〕109号）"
        ),
    }
}

/// 按量计收: the fee for an application of `pages` pages: 1–30 free; 31–100 at 10 元, 101–200 at 20 元,
/// 201 and more at 40 元 per page, each band applying only to the pages within it.
pub fn by_pages(pages: u32) -> Fee {
    let bands: [(u32, u32, i64); 3] = [(31, 100, 10), (101, 200, 20), (201, u32::MAX, 40)];
    let mut total: i64 = 0;
    let mut parts = Vec::new();
    for (lo, hi, price) in bands {
        if pages >= lo {
            let n = pages.min(hi) - lo + 1;
            total += i64::from(n) * price;
            parts.push(format!("第 {lo}–{} 页 {n} 页 × {price} 元", pages.min(hi)));
        }
    }
    let detail = if parts.is_empty() {
        "30 页以内免费".to_string()
    } else {
        format!("前 30 页免费，{}", parts.join("，"))
    };
    Fee {
        amount: Decimal::from(total),
        explanation: format!(
            "按量计收：共 {pages} 页，{detail}，合计 {total} 元（国办函〔2020〕109号）"
        ),
    }
}

/// The position of `app` among the same applicant's applications received in the same calendar month (1 for
/// the first), the count that 按件计收 is based on. Applicants are matched by name.
pub fn count_in_month(apps: &[crate::case::Application], app: &crate::case::Application) -> u32 {
    use chrono::Datelike;
    let same_month =
        |d: chrono::NaiveDate| d.year() == app.received.year() && d.month() == app.received.month();
    let earlier = apps
        .iter()
        .filter(|a| a.applicant_name == app.applicant_name && same_month(a.received))
        .filter(|a| (a.received, &a.id) < (app.received, &app.id))
        .count();
    earlier as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_count_bands() {
        let a = |n| by_count(n).amount;
        assert_eq!(a(1), Decimal::ZERO);
        assert_eq!(a(10), Decimal::ZERO);
        assert_eq!(a(11), Decimal::from(100));
        assert_eq!(a(12), Decimal::from(100), "spec example: 12th → 100 元");
        assert_eq!(a(30), Decimal::from(100));
        assert_eq!(a(31), Decimal::from(200));
        assert_eq!(a(35), Decimal::from(200), "spec example: 35th → 200 元");
        assert_eq!(a(40), Decimal::from(200));
        assert_eq!(a(41), Decimal::from(300));
        assert_eq!(a(51), Decimal::from(400));
        assert!(by_count(35).explanation.contains("31–40 件每件 200 元"));
    }

    #[test]
    fn count_per_applicant_per_calendar_month() {
        let (mut apps, _) = crate::sample::generate(40, 1);
        let day = chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
        for (i, a) in apps.iter_mut().enumerate() {
            a.applicant_name = if i % 2 == 0 {
                "甲".into()
            } else {
                "乙".into()
            };
            a.received = day + chrono::Duration::days(i as i64 % 31);
        }
        // 甲 has 20 applications in May 2025 (one per day, i even); the last of them is the 20th.
        let last = apps
            .iter()
            .filter(|a| a.applicant_name == "甲")
            .max_by_key(|a| (a.received, a.id.clone()))
            .unwrap();
        assert_eq!(count_in_month(&apps, last), 20);
        assert_eq!(
            by_count(count_in_month(&apps, last)).amount,
            Decimal::from(100)
        );
        let mut june = apps[0].clone();
        june.received = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        assert_eq!(count_in_month(&apps, &june), 1, "a new month starts again");
    }

    #[test]
    fn by_pages_bands() {
        let a = |n| by_pages(n).amount;
        assert_eq!(a(30), Decimal::ZERO);
        assert_eq!(
            a(45),
            Decimal::from(150),
            "spec example: 45 pages → 15 × 10"
        );
        assert_eq!(a(100), Decimal::from(700));
        assert_eq!(a(101), Decimal::from(720));
        assert_eq!(a(200), Decimal::from(700 + 2000));
        assert_eq!(a(201), Decimal::from(2700 + 40));
        assert!(
            by_pages(45)
                .explanation
                .contains("第 31–45 页 15 页 × 10 元")
        );
    }
}
