//! The web page around a report, removed from its prose: the location bar (“当前位置：首页 > 政务公开 > …”), the
//! 来源/时间/字号 line, share and print buttons (“微信 微博 QQ空间 全真版 文字版 文件下载 相关链接：”), “附件下载”,
//! and HTML comment debris (“<!--[if !supportLists]-->”) left in text extractions. A government CMS prints these
//! on lines of their own in a page, and all on the report's first and last line in a text extraction of it; both
//! are handled, and nothing else is touched.

/// How a line of page chrome begins.
const LINE_STARTS: [&str; 24] = [
    "当前位置",
    "您现在的位置",
    "您的位置",
    "您当前的位置",
    "所在位置",
    "来源：",
    "来源:",
    "信息来源：",
    "发布时间：",
    "发布日期：",
    "字号：",
    "【字体",
    "【字号",
    "浏览次数",
    "阅读次数",
    "分享到",
    "扫一扫",
    "上一篇",
    "下一篇",
    "责任编辑",
    "【打印",
    "【关闭",
    "打印本页",
    "关闭窗口",
];

/// The words of share, print and download buttons.
const BUTTONS: [&str; 26] = [
    "微信",
    "微博",
    "QQ空间",
    "QQ",
    "全真版",
    "文字版",
    "文件下载",
    "相关链接：",
    "相关链接",
    "附件下载",
    "打印",
    "【打印】",
    "打印本页",
    "【打印本页】",
    "关闭",
    "【关闭】",
    "关闭窗口",
    "【关闭窗口】",
    "分享到：",
    "收藏",
    "返回顶部",
    "【返回顶部】",
    "-->",
    "大",
    "中",
    "小",
];

/// Where a location bar and its buttons end when they run into the report on one line.
const HEADER_ENDS: [&str; 7] = [
    "相关链接：",
    "文件下载",
    "文字版",
    "全真版",
    "QQ空间",
    "-->",
    "【关闭】",
];

/// The page's words that a text extraction leaves after the report's last line.
const TRAILERS: [&str; 10] = [
    "附件下载",
    "【打印本页】",
    "打印本页",
    "【关闭窗口】",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "扫一扫在手机打开当前页",
    "【返回顶部】",
    "返回顶部",
];

/// How far into a line a location bar's buttons may end (characters).
const HEADER_WINDOW: usize = 400;

/// `text` without HTML comments (whole or cut: “<!--[if !supportLists]-->”, “<![endif]-->”, a stray “-->” stays
/// for the header rule).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let open = ["<!--", "<![endif]"]
            .iter()
            .filter_map(|m| rest.find(m))
            .min();
        let Some(start) = open else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => return out,
        }
    }
}

/// Whether a line is page chrome as a whole: it begins like a chrome line and is short, or is made of buttons.
fn is_chrome_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    let short = t.chars().count() <= 120;
    (short && LINE_STARTS.iter().any(|s| t.starts_with(s)))
        || t.split_whitespace().all(|w| BUTTONS.contains(&w))
}

/// A line without a location bar that runs into the report at its start, and without trailing buttons.
fn trim_line(line: &str) -> &str {
    let mut t = line.trim();
    if LINE_STARTS.iter().any(|s| t.starts_with(s)) {
        let window = t
            .char_indices()
            .nth(HEADER_WINDOW)
            .map_or(t.len(), |(i, _)| i);
        let end = HEADER_ENDS
            .iter()
            .filter_map(|m| t[..window].rfind(m).map(|i| i + m.len()))
            .max();
        if let Some(end) = end {
            t = t[end..].trim_start();
        }
    }
    loop {
        let before = t;
        for trailer in TRAILERS {
            if let Some(rest) = t.strip_suffix(trailer) {
                t = rest.trim_end();
            }
        }
        if t == before {
            return t;
        }
    }
}

/// `prose` without the page around the report.
pub fn strip(prose: &str) -> String {
    let text = without_comments(prose);
    text.lines()
        .filter(|l| !is_chrome_line(l))
        .map(trim_line)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn a_text_extraction_loses_the_page_on_its_first_and_last_line() {
        let line = "当前位置： 首页政务公开政府信息公开平潭综合实验区交通与建设局政府信息公开年报 平潭综合实验区交通与建设局2019年度政府信息公开工作年度报告 来源： 时间：2020-01-08 16:29 --> 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： 根据《中华人民共和国政府信息公开条例》，我局编制了本报告。";
        assert_eq!(
            strip(line),
            "根据《中华人民共和国政府信息公开条例》，我局编制了本报告。"
        );
        assert_eq!(
            strip("六、其他需要报告的事项暂无。 平潭综合实验区交通与建设局 2020年1月2日 附件下载"),
            "六、其他需要报告的事项暂无。 平潭综合实验区交通与建设局 2020年1月2日"
        );
    }

    #[test]
    fn chrome_lines_and_comment_debris_go_and_prose_stays() {
        let page = "您现在的位置：首页 > 政务公开 > 年度报告\n来源：区政府办 发布时间：2024-01-20 字号：大 中 小\n<!--[if !supportLists]-->（一）<!--[endif]-->主动公开情况。\n微信 微博 QQ空间\n本年度来源于群众来信的申请2件。\n【打印本页】 【关闭窗口】";
        assert_eq!(
            strip(page),
            "（一）主动公开情况。\n本年度来源于群众来信的申请2件。"
        );
        // Words that only look like buttons inside prose are kept.
        let prose = "通过微信、微博等渠道公开信息。\n打印和关闭的时限见附件。";
        assert_eq!(strip(prose), prose);
    }

    proptest::proptest! {
        /// Any text: no panic, nothing added — every line kept is a piece of a line of the input.
        #[test]
        fn strip_only_removes(text in "(当前位置：首页|来源：|微信|附件下载|<!--\\[if x\\]-->|[一-龥a-z0-9 ，。]{0,12}|\n){0,40}") {
            let out = strip(&text);
            proptest::prop_assert!(out.chars().count() <= text.chars().count());
            for line in out.lines() {
                proptest::prop_assert!(
                    text.lines().any(|l| super::without_comments(l).contains(line)),
                    "{:?} from {:?}", line, text
                );
            }
        }
    }
}
