//! The State Council General Office's holiday notices read from their text, as an office head pastes them:
//! 《国务院办公厅关于YYYY年部分节假日安排的通知》 (“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）
//! 上班。…”), and the notices that adjust or extend one holiday of a year already arranged (“调整2019年劳动节假期
//! 安排”, “延长2020年春节假期至2月2日…”). Every printed weekday and every “共N天” is checked against the dates,
//! and every worked day must be a Saturday or Sunday; all problems are listed at once.

use super::weekday_name;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// The holidays a year's notice arranges.
pub const HOLIDAYS: [&str; 7] = [
    "元旦",
    "春节",
    "清明节",
    "劳动节",
    "端午节",
    "中秋节",
    "国庆节",
];

/// What a notice does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeForm {
    /// A year's arrangement of every holiday.
    Annual,
    /// An adjustment or extension of holidays of a year already arranged, laid over it.
    Adjustment,
}

/// One arranged holiday: its break, and the weekend days worked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The holiday's name as printed (e.g. “国庆节、中秋节”).
    pub holiday: String,
    /// First day of the break (for an extension: the first day added).
    pub start: NaiveDate,
    /// Last day of the break.
    pub end: NaiveDate,
    /// Weekend days worked (调休上班).
    pub workdays: Vec<NaiveDate>,
    /// Whether the break only extends one already arranged (its start is found in the calendar).
    pub extends: bool,
}

impl Item {
    /// The break as an office head checks it: “1月1日（周四） 至 1月3日（周六），共 3 天”, or for an
    /// extension “延长至 2月2日（周日）”.
    pub fn span_words(&self) -> String {
        if self.extends {
            format!("延长至 {}", day_words(self.end))
        } else if self.start == self.end {
            format!("{}，共 1 天", day_words(self.start))
        } else {
            format!(
                "{} 至 {}，共 {} 天",
                day_words(self.start),
                day_words(self.end),
                (self.end - self.start).num_days() + 1
            )
        }
    }

    /// The weekend days worked, with weekdays, joined by “、”.
    pub fn workdays_words(&self) -> String {
        self.workdays
            .iter()
            .map(|d| day_words(*d))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// “1月4日（周日）”.
fn day_words(d: NaiveDate) -> String {
    format!("{}月{}日（{}）", d.month(), d.day(), weekday_name(d))
}

/// A notice read from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedNotice {
    /// The year arranged.
    pub year: i32,
    /// The document number (国办发明电〔YYYY〕N号) when printed or given.
    pub number: Option<String>,
    /// Annual or adjustment.
    pub kind: NoticeForm,
    /// The holidays arranged.
    pub items: Vec<Item>,
}

impl ParsedNotice {
    /// How the notice is cited: its number, else its title.
    pub fn source(&self) -> String {
        self.number.clone().unwrap_or_else(|| match self.kind {
            NoticeForm::Annual => format!("国务院办公厅关于{}年部分节假日安排的通知", self.year),
            NoticeForm::Adjustment => {
                format!("国务院办公厅关于调整{}年节假日安排的通知", self.year)
            }
        })
    }

    /// The weekdays off of every break.
    pub fn days_off(&self) -> Vec<NaiveDate> {
        let mut out: Vec<NaiveDate> = self
            .items
            .iter()
            .flat_map(|i| {
                (0..=(i.end - i.start).num_days()).map(move |k| i.start + Duration::days(k))
            })
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The weekend days worked.
    pub fn workdays(&self) -> Vec<NaiveDate> {
        let mut out: Vec<NaiveDate> = self.items.iter().flat_map(|i| i.workdays.clone()).collect();
        out.sort();
        out.dedup();
        out
    }
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?").expect("valid")
});
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"国办发明电〔(\d{4})〕(\d+)号").expect("valid"));
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|。|\n)([一二三四五六七八九十]{1,2})、").expect("valid"));
static COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"共(\d+)天|放假(\d+)天").expect("valid"));
static WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:周|星期)([一二三四五六日天])").expect("valid"));

/// Full-width punctuation for the half-width that reprints use, and no spaces.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\u{3000}' | '\u{a0}'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            '[' => '〔',
            ']' => '〕',
            c => c,
        })
        .collect()
}

/// A date as printed, with the year and month it inherits, and the weekday it prints.
struct Printed {
    date: NaiveDate,
    text: String,
}

fn weekday_of(label: &str) -> Option<Weekday> {
    Some(match label {
        "一" => Weekday::Mon,
        "二" => Weekday::Tue,
        "三" => Weekday::Wed,
        "四" => Weekday::Thu,
        "五" => Weekday::Fri,
        "六" => Weekday::Sat,
        "日" | "天" => Weekday::Sun,
        _ => return None,
    })
}

/// Reads the dates of `s` in order; a date without a year or month takes those of the date before it.
fn dates(
    s: &str,
    year: &mut i32,
    month: &mut u32,
    where_: &str,
    errors: &mut Vec<String>,
) -> Vec<Printed> {
    let mut out = Vec::new();
    for c in DATE.captures_iter(s) {
        if let Some(y) = c.get(1) {
            *year = y.as_str().parse().unwrap_or(*year);
        }
        if let Some(m) = c.get(2) {
            *month = m.as_str().parse().unwrap_or(*month);
        }
        let day: u32 = c[3].parse().unwrap_or(0);
        let text = c[0].to_string();
        let Some(date) = NaiveDate::from_ymd_opt(*year, *month, day) else {
            errors.push(format!("{where_}：“{text}”不是有效日期"));
            continue;
        };
        let weekday = c
            .get(4)
            .and_then(|p| WEEKDAY.captures(p.as_str()))
            .map(|w| w[1].to_string());
        if let Some(w) = &weekday
            && weekday_of(w) != Some(date.weekday())
        {
            errors.push(format!(
                "{where_}：{}印为星期{w}，实为{}",
                text.split('（').next().unwrap_or(&text),
                weekday_name(date)
            ));
        }
        out.push(Printed { date, text });
    }
    out
}

/// Reads one item's text (after “NAME：”) into its break and worked days.
fn item(
    holiday: &str,
    body: &str,
    year: i32,
    where_: &str,
    errors: &mut Vec<String>,
) -> Option<Item> {
    let (mut y, mut m) = (year, 1);
    let mut break_: Option<(NaiveDate, NaiveDate, bool)> = None;
    let mut workdays = Vec::new();
    for sentence in body.split('。').filter(|s| !s.is_empty()) {
        if let Some(pos) = sentence.find("延长") {
            // “延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班”
            let ds = dates(&sentence[pos..], &mut y, &mut m, where_, errors);
            let Some(end) = ds.first() else { continue };
            if let Some(resume) = ds.get(1)
                && resume.date != end.date + Duration::days(1)
            {
                errors.push(format!("{where_}：假期至{}，恢复上班日应为次日", end.text));
            }
            break_ = Some((end.date, end.date, true));
        } else if sentence.contains("放假") && break_.is_none() {
            let head = &sentence[..sentence.find("放假").expect("contains")];
            let ds = dates(head, &mut y, &mut m, where_, errors);
            let (Some(first), Some(last)) = (ds.first(), ds.last()) else {
                errors.push(format!("{where_}：“{sentence}”中没有放假日期"));
                continue;
            };
            if last.date < first.date {
                errors.push(format!("{where_}：{}早于{}", last.text, first.text));
                continue;
            }
            let printed = COUNT
                .captures(sentence)
                .and_then(|c| c.get(1).or(c.get(2)))
                .and_then(|n| n.as_str().parse::<i64>().ok());
            let span = (last.date - first.date).num_days() + 1;
            if let Some(n) = printed
                && n != span
            {
                errors.push(format!(
                    "{where_}：印为共{n}天，而{}至{}为{span}天",
                    first.date.format("%-m月%-d日"),
                    last.date.format("%-m月%-d日")
                ));
            }
            break_ = Some((first.date, last.date, false));
        } else if sentence.ends_with("上班") && !sentence.contains("起正常上班") {
            for d in dates(sentence, &mut y, &mut m, where_, errors) {
                if !matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun) {
                    errors.push(format!(
                        "{where_}：上班日{}是{}，不是周末",
                        d.text,
                        weekday_name(d.date)
                    ));
                }
                workdays.push(d.date);
            }
        }
    }
    let Some((start, end, extends)) = break_ else {
        errors.push(format!("{where_}：没有找到放假日期"));
        return None;
    };
    Some(Item {
        holiday: holiday.to_string(),
        start,
        end,
        workdays,
        extends,
    })
}

/// Reads a notice. `number` is the document number when the pasted text lacks it (news reprints omit it).
pub fn parse(text: &str, number: Option<&str>) -> Result<ParsedNotice, Vec<String>> {
    let t = normalise(text);
    let mut errors = Vec::new();
    let adjustment = Regex::new(r"(调整|延长)(\d{4})年").expect("valid");
    let annual = Regex::new(r"(?:关于|现将)(\d{4})年(?:元旦|部分节假日)").expect("valid");
    let (kind, year) = if let Some(c) = adjustment.captures(&t) {
        (NoticeForm::Adjustment, c[2].parse::<i32>().unwrap_or(0))
    } else if let Some(c) = annual.captures(&t) {
        (NoticeForm::Annual, c[1].parse::<i32>().unwrap_or(0))
    } else {
        return Err(vec![
            "没有找到通知的年份：应为《国务院办公厅关于YYYY年部分节假日安排的通知》的全文（含“现将YYYY年元旦、春节……”一句），或调整、延长某年假期的通知".into(),
        ]);
    };
    let number = number
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(normalise)
        .or_else(|| NUMBER.find(&t).map(|m| m.as_str().to_string()));
    if let Some(n) = &number
        && !NUMBER.is_match(n)
    {
        errors.push(format!("文号“{n}”应写作“国办发明电〔YYYY〕N号”"));
    }
    let marks: Vec<(usize, usize, String)> = ITEM
        .captures_iter(&t)
        .map(|c| {
            let m = c.get(1).expect("group");
            (
                m.start(),
                c.get(0).expect("whole").end(),
                m.as_str().to_string(),
            )
        })
        .collect();
    let mut items = Vec::new();
    for (k, (_, body_start, numeral)) in marks.iter().enumerate() {
        let body_end = marks.get(k + 1).map_or(t.len(), |(s, _, _)| *s);
        let body = t[*body_start..body_end].lines().next().unwrap_or("");
        let (holiday, rest) = match body.split_once('：') {
            Some((name, rest)) if HOLIDAYS.iter().any(|h| name.contains(h)) => {
                (name.to_string(), rest)
            }
            _ if kind == NoticeForm::Adjustment && body.contains("放假")
                || body.starts_with("延长") =>
            {
                let named = HOLIDAYS
                    .iter()
                    .find(|h| t.contains(&format!("{year}年{h}")))
                    .map_or("假期".to_string(), |h| h.to_string());
                (named, body)
            }
            _ => continue,
        };
        let where_ = format!("第{numeral}项“{holiday}”");
        if let Some(i) = item(&holiday, rest, year, &where_, &mut errors) {
            items.push(i);
        }
    }
    if items.is_empty() {
        errors.push("没有找到任何节日的放假安排（应为“一、元旦：…放假…”这样的条目）".into());
    } else if kind == NoticeForm::Annual {
        for h in HOLIDAYS {
            if !items.iter().any(|i| i.holiday.contains(h)) {
                errors.push(format!("没有找到{h}的放假安排"));
            }
        }
    }
    for i in &items {
        let touches = |d: NaiveDate| (year - 1..=year).contains(&d.year());
        if !touches(i.start) || !touches(i.end) {
            errors.push(format!("“{}”的放假日期不在 {year} 年", i.holiday));
        }
    }
    if errors.is_empty() {
        Ok(ParsedNotice {
            year,
            number,
            kind,
            items,
        })
    } else {
        Err(errors)
    }
}
