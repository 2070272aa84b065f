//! `gongkai supervise …`: many units' published reports kept, paired across years, corrected, exported.

use clap::{Args, Subcommand, ValueEnum};
use gongkai_ledger::today::Today;
use gongkai_store::Store;
use gongkai_supervise::{correct, export, fetch, ingest};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;

/// `gongkai supervise` arguments.
#[derive(Args)]
pub struct SuperviseArgs {
    #[command(subcommand)]
    command: SuperviseCommand,
    /// 数据库：SQLite 文件路径，或 postgres://… 地址。
    #[arg(long, global = true, default_value = "gongkai-supervise.db")]
    db: String,
    /// 以该日为“今天”（YYYY-MM-DD，默认为北京时间的当天），记作读取和更正的日期。
    #[arg(long, env = "GONGKAI_TODAY", global = true)]
    today: Option<String>,
}

/// Output form of `problems`.
#[derive(Clone, Copy, ValueEnum)]
enum Form {
    /// 供阅读的文字。
    Human,
    /// JSON。
    Json,
}

/// Dataset layout.
#[derive(Clone, Copy, ValueEnum)]
enum Layout {
    /// 每个单元格一行（机关、年度、格式、表、行、列、值、状态、来源）。
    Long,
    /// 每份报告一行，每个单元格一列。
    Wide,
}

#[derive(Subcommand)]
enum SuperviseCommand {
    /// 读取路径下（任意层级）的全部报告并保存：单元格及其状态和来源、正文、检查结果、文件哈希；同一文件再次读取不重复保存。
    Ingest {
        /// 文件或目录。
        #[arg(required_unless_present = "urls")]
        paths: Vec<PathBuf>,
        /// 网址清单文件（每行一个 http(s) 网址，# 开头为注释）：下载各网页或附件后读取。
        #[arg(long)]
        urls: Option<PathBuf>,
        /// 对同一网站两次请求之间至少间隔的秒数。
        #[arg(long, default_value_t = 1.0)]
        interval: f64,
        /// 单个请求的超时秒数。
        #[arg(long, default_value_t = 30.0)]
        timeout: f64,
        /// 记入版本的操作人。
        #[arg(long, default_value = "监督人员")]
        by: String,
    },
    /// 列出各单位各年度报告的问题（含与上一年度报告的衔接问题）和无法读取的文件。
    Problems {
        /// 输出形式。
        #[arg(long, value_enum, default_value = "human")]
        format: Form,
    },
    /// 依据原文更正一个单元格（生成新版本，原读取结果保留，记录更正人和理由）。
    Correct {
        /// 报告编号（见 problems 或 units 的输出）。
        report: String,
        /// 表：table2、table3 或 table4。
        #[arg(long)]
        table: String,
        /// 行键（如 carried_forward、granted）。
        #[arg(long)]
        row: String,
        /// 列：表三、表四为序号（0 起），表二为列键。
        #[arg(long)]
        column: String,
        /// 更正后的值：数字，“空白”，或原样的符号。
        #[arg(long)]
        value: String,
        /// 更正理由（依据原文的哪一处）。
        #[arg(long)]
        reason: String,
        /// 更正人。
        #[arg(long, default_value = "监督人员")]
        by: String,
    },
    /// 导出数据集（CSV 为带 BOM 的 UTF-8，Excel 可直接打开；Parquet 供 DuckDB、pandas 等使用）。
    Export {
        /// csv、xlsx 或 parquet（按 -o 的扩展名时可省略）。
        #[arg(long)]
        to: Option<String>,
        /// 布局。
        #[arg(long, value_enum, default_value = "long")]
        form: Layout,
        /// 输出文件。
        #[arg(short, long)]
        output: PathBuf,
    },
    /// 列出单位及其所在地区（推断的单位标明“待确认”）；--load 载入单位名单（CSV 或 XLSX：单位名称、地区、监督机关、别名）。
    Units {
        /// 单位名单文件。
        #[arg(long)]
        load: Option<PathBuf>,
        /// 按地区树（省、市、区县、单位）分层列出，并注明监督机关。
        #[arg(long, conflicts_with = "load")]
        tree: bool,
    },
    /// 更正配对：把误作另一单位的单位并入正确的单位（其报告、名称和别名一并转入）。
    Merge {
        /// 要并入的单位编号（见 units 的输出）。
        from: String,
        /// 并入哪个单位。
        #[arg(long)]
        into: String,
    },
    /// 评估：按评估细则为一个地区某年度的报告打分排名，计算指标、汇总表三表四；-o 写出评估报告（HTML、DOCX、PDF）。
    Assess {
        /// 报告年度。
        #[arg(long)]
        year: i32,
        /// 地区（地区树中的路径，如 福建省/平潭综合实验区；省略为全部单位）。
        #[arg(long, default_value = "")]
        region: String,
        /// 评估细则 TOML 文件（省略用默认细则，见 gongkai supervise rubric）。
        #[arg(long)]
        rubric: Option<PathBuf>,
        /// 评估报告文件（.html、.docx 或 .pdf）。
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 输出形式（不写文件时）。
        #[arg(long, value_enum, default_value = "human")]
        format: Form,
    },
    /// 输出默认的评估细则（TOML），可修改后以 --rubric 使用。
    Rubric,
    /// 查找雷同：各单位之间、同一单位各年度之间的相似段落（排除条例和格式的固定表述），并列显示。
    Similar {
        /// 只列出共有段落至少占较短报告自有正文这一比例的报告对（0 至 1）。
        #[arg(long, default_value_t = 0.05)]
        min: f64,
        /// 输出形式。
        #[arg(long, value_enum, default_value = "human")]
        format: Form,
    },
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("错误：{msg}");
    ExitCode::from(2)
}

/// Runs `gongkai supervise …`.
pub fn supervise(args: SuperviseArgs) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run(args))
}

async fn run(args: SuperviseArgs) -> ExitCode {
    let today = match Today::from_option(args.today.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let store = match Store::open(&args.db).await {
        Ok(s) => s,
        Err(e) => return fail(format!("无法打开数据库 {}：{e}", args.db)),
    };
    match args.command {
        SuperviseCommand::Ingest {
            paths,
            urls,
            interval,
            timeout,
            by,
        } => {
            for p in &paths {
                if !p.exists() {
                    return fail(format!("{} 不存在", p.display()));
                }
            }
            let mut sources: Vec<ingest::Source> = ingest::files(&paths)
                .into_iter()
                .map(ingest::Source::Path)
                .collect();
            if let Some(list) = &urls {
                let text = match std::fs::read(list) {
                    Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                    Err(e) => return fail(format!("无法读取网址清单 {}：{e}", list.display())),
                };
                match fetch::url_list(&text) {
                    Ok(u) => sources.extend(u.into_iter().map(ingest::Source::Url)),
                    Err(e) => return fail(format!("网址清单 {}：{e}", list.display())),
                }
            }
            let seconds = |s: f64, least: f64, what: &str| {
                (s.is_finite() && (least..=3600.0).contains(&s))
                    .then(|| std::time::Duration::from_secs_f64(s))
                    .ok_or_else(|| format!("{what} 应在 {least} 至 3600 秒之间"))
            };
            let fetcher = match (
                seconds(interval, 0.0, "--interval"),
                seconds(timeout, 1.0, "--timeout"),
            ) {
                (Ok(i), Ok(t)) => std::sync::Arc::new(fetch::Fetcher::new(i, t)),
                (Err(e), _) | (_, Err(e)) => return fail(e),
            };
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} 份 {per_sec} 剩余 {eta}")
                    .expect("a valid template"),
            );
            let progress = |done: usize, all: usize| {
                bar.set_length(all as u64);
                bar.set_position(done as u64);
            };
            let s = match ingest::ingest_sources(&store, sources, fetcher, &by, today, &progress)
                .await
            {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            bar.finish_and_clear();
            println!(
                "共 {} 个文件：新报告 {} 份，已有报告的新版本 {} 份，此前已读取 {} 个，无法读取 {} 个。",
                s.files,
                s.new_reports,
                s.new_versions,
                s.known,
                s.failed.len()
            );
            for (path, why) in &s.failed {
                println!("  无法读取：{path}：{why}");
            }
            ExitCode::SUCCESS
        }
        SuperviseCommand::Assess {
            year,
            region,
            rubric,
            output,
            format,
        } => {
            crate::assess_cmd::assess(
                &store,
                year,
                &region,
                rubric.as_deref(),
                output.as_ref(),
                matches!(format, Form::Json),
            )
            .await
        }
        SuperviseCommand::Rubric => crate::assess_cmd::print_rubric(),
        SuperviseCommand::Problems { format } => {
            let (all, failures) = match (
                gongkai_supervise::problems(&store).await,
                store.failures().await,
            ) {
                (Ok(a), Ok(f)) => (a, f),
                (Err(e), _) | (_, Err(e)) => return fail(e),
            };
            match format {
                Form::Json => {
                    let v = serde_json::json!({
                        "units": all,
                        "unreadable": failures.iter().map(|f| serde_json::json!({"path": f.path, "reason": f.reason})).collect::<Vec<_>>(),
                    });
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&v).expect("JSON values serialize")
                    );
                }
                Form::Human => {
                    for u in &all {
                        println!("{}", u.unit);
                        for (year, version, lines) in &u.reports {
                            println!("  {year} 年度（第 {version} 版）：{} 个问题", lines.len());
                            for l in lines {
                                println!("    {}[{}]：{}", l.severity, l.code, l.message);
                            }
                        }
                    }
                    for f in &failures {
                        println!("无法读取：{}：{}", f.path, f.reason);
                    }
                }
            }
            ExitCode::SUCCESS
        }
        SuperviseCommand::Correct {
            report,
            table,
            row,
            column,
            value,
            reason,
            by,
        } => {
            let v = match correct::parse_value(&value) {
                Ok(v) => v,
                Err(e) => return fail(e),
            };
            let cell = correct::CellRef { table, row, column };
            match correct::correct(&store, &report, &cell, v, &by, &reason, today).await {
                Ok(version) => {
                    println!(
                        "已更正，报告 {report} 现为第 {version} 版（原读取结果保留为前一版）。"
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SuperviseCommand::Export { to, form, output } => {
            let kind = to
                .or_else(|| {
                    output
                        .extension()
                        .and_then(|e| e.to_str())
                        .map(str::to_lowercase)
                })
                .unwrap_or_default();
            let rows = match form {
                Layout::Long => export::long(&store).await,
                Layout::Wide => export::wide(&store).await,
            };
            let rows = match rows {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let written = match (kind.as_str(), form) {
                ("csv", _) => export::write_csv(&output, &rows),
                ("xlsx", _) => export::write_xlsx(&output, &rows),
                ("parquet", Layout::Long) => gongkai_datasets::write_long(&output, &rows),
                ("parquet", Layout::Wide) => Err("Parquet 只导出长格式（--form long）".to_string()),
                (other, _) => Err(format!(
                    "导出格式应为 csv、xlsx 或 parquet，不支持“{other}”"
                )),
            };
            match written {
                Ok(()) => {
                    println!(
                        "已导出 {} 行到 {}。",
                        rows.len().saturating_sub(1),
                        output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SuperviseCommand::Similar { min, format } => {
            let docs = match gongkai_supervise::stored_docs(&store).await {
                Ok(d) => d,
                Err(e) => return fail(e),
            };
            let pairs = gongkai_supervise::similar::similar_pairs(&docs, min);
            match format {
                Form::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&pairs).expect("JSON values serialize")
                ),
                Form::Human => {
                    println!("{} 份报告中有 {} 对雷同：", docs.len(), pairs.len());
                    for p in &pairs {
                        println!(
                            "{} 与 {}（{}）：相似度 {:.1}%",
                            p.a,
                            p.b,
                            if p.same_unit {
                                "同一单位不同年度"
                            } else {
                                "不同单位"
                            },
                            p.similarity * 100.0
                        );
                        for (a, b, s) in &p.passages {
                            println!("  〔{:.0}%〕{a}\n        {b}", s * 100.0);
                        }
                    }
                }
            }
            ExitCode::SUCCESS
        }
        SuperviseCommand::Merge { from, into } => {
            match gongkai_supervise::merge_units(&store, &from, &into).await {
                Ok(()) => {
                    println!("已将单位 {from} 并入 {into}，并重新核对了跨年度衔接。");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SuperviseCommand::Units {
            load: Some(file), ..
        } => {
            let rows = match gongkai_store::sheet::read_table(&file) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            match gongkai_supervise::units::load_list(&store, &rows).await {
                Ok((added, updated, merges)) => {
                    println!("单位名单已载入：新增 {added} 个，确认或更新 {updated} 个。");
                    for m in merges {
                        println!("  {m}");
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprintln!("错误：单位名单未载入（共 {} 处错误）：", errors.len());
                    for e in errors {
                        eprintln!("  {e}");
                    }
                    ExitCode::from(2)
                }
            }
        }
        SuperviseCommand::Units { load: None, tree } => {
            match (store.units().await, store.supervised_reports().await) {
                (Ok(units), Ok(reports)) if tree => {
                    let years = |id: &str| {
                        let y: Vec<String> = reports
                            .iter()
                            .filter(|r| r.unit_id == id)
                            .map(|r| r.year.to_string())
                            .collect();
                        if y.is_empty() {
                            "无".to_string()
                        } else {
                            y.join("、")
                        }
                    };
                    let root = gongkai_supervise::regions::tree(&units);
                    for (depth, region) in root.walk().into_iter().skip(1) {
                        let pad = "  ".repeat(depth - 1);
                        println!(
                            "{pad}{}（{} 个单位）",
                            region.name,
                            region.all_units().len()
                        );
                        for u in &region.units {
                            let office = if u.office.is_empty() {
                                "未载明"
                            } else {
                                &u.office
                            };
                            println!(
                                "{pad}  · {}［{}］ 年度：{}；监督机关：{office}{}",
                                u.name,
                                u.id,
                                years(&u.id),
                                if u.inferred { "；待确认" } else { "" }
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                (Ok(units), Ok(reports)) => {
                    for u in units {
                        let years: Vec<String> = reports
                            .iter()
                            .filter(|r| r.unit_id == u.id)
                            .map(|r| format!("{}（{}）", r.year, r.id))
                            .collect();
                        println!(
                            "{}\t{}\t{}\t{}{}",
                            u.id,
                            u.name,
                            if u.region.is_empty() {
                                "（地区未知）"
                            } else {
                                &u.region
                            },
                            years.join("、"),
                            if u.inferred { "\t待确认" } else { "" }
                        );
                    }
                    ExitCode::SUCCESS
                }
                (Err(e), _) | (_, Err(e)) => fail(e),
            }
        }
    }
}
