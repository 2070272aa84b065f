//! Tesseract (Debian's tesseract-ocr with the simplified-Chinese model tesseract-ocr-chi-sim) run as a command:
//! a picture in, its words with their boxes and confidences out (TSV). The command rather than a binding:
//! the bindings (leptess, tesseract-rs) need libclang and the C headers to build, and a crash of the engine in
//! a separate process cannot take the reader down; it runs under a memory and a time limit, its output bounded.

use crate::ReadError;
use crate::pdf::isolate::{Bounded, run_bounded};
use std::process::Command;
use std::time::Duration;

/// How long one recognition may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// The most output read from one recognition.
const MAX_OUTPUT: u64 = 16 << 20;

/// What to install when the engine or its models are missing.
pub const INSTALL: &str = "识别扫描件和图片需要 Tesseract 文字识别引擎及其简体中文和英文模型：请安装 tesseract-ocr、tesseract-ocr-chi-sim 和 tesseract-ocr-eng（Debian/Ubuntu：apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng）";

/// A recognised word: its text, its box in the picture (pixels: left, top, width, height), the engine's
/// confidence (0–100) and the line it belongs to (block, paragraph, line).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The text.
    pub text: String,
    /// Left, top, width, height in pixels.
    pub bbox: [u32; 4],
    /// Confidence, 0–100.
    pub conf: f32,
    /// (block, paragraph, line).
    pub line: (u32, u32, u32),
}

/// What the engine is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Chinese text in a uniform block (page segmentation mode 6).
    Text,
    /// Digits only (with a decimal point and a minus sign), in a uniform block, by the English model (a
    /// second reading independent of the first, and better at lone digits than the Chinese model).
    Digits,
}

/// The engine's memory limit (address space).
const MEMORY: u64 = 2 << 30;

/// Recognises a greyscale picture (PGM bytes), in a child process with a memory and a time limit.
pub fn recognise(pgm: &[u8], mode: Mode) -> Result<Vec<Word>, ReadError> {
    let mut cmd = Command::new("tesseract");
    let model = match mode {
        Mode::Text => "chi_sim",
        Mode::Digits => "eng",
    };
    cmd.args(["stdin", "stdout", "-l", model, "--psm", "6"]);
    if mode == Mode::Digits {
        cmd.args(["-c", "tessedit_char_whitelist=0123456789.-"]);
    }
    cmd.arg("tsv").env("OMP_THREAD_LIMIT", "1");
    match run_bounded(&mut cmd, pgm.to_vec(), MEMORY, TIME_LIMIT, MAX_OUTPUT) {
        Ok((status, out)) if status.success() => Ok(parse_tsv(&String::from_utf8_lossy(&out))),
        Ok(_) if !has_models() => Err(ReadError::Unsupported(INSTALL.into())),
        Ok((status, _)) => Err(ReadError::Corrupt(format!(
            "文字识别引擎出错（{status}），图片可能损坏或过大"
        ))),
        Err(Bounded::Spawn(_)) => Err(ReadError::Unsupported(INSTALL.into())),
        Err(Bounded::TimedOut) => Err(ReadError::Corrupt(format!(
            "文字识别超过 {} 秒，已停止",
            TIME_LIMIT.as_secs()
        ))),
    }
}

/// Whether the engine lists the simplified-Chinese and the English models.
fn has_models() -> bool {
    let mut cmd = Command::new("tesseract");
    cmd.arg("--list-langs");
    run_bounded(&mut cmd, Vec::new(), MEMORY, TIME_LIMIT, 1 << 16).is_ok_and(|(_, out)| {
        let out = String::from_utf8_lossy(&out);
        ["chi_sim", "eng"]
            .iter()
            .all(|m| out.lines().any(|l| l.trim() == *m))
    })
}

/// The words of Tesseract's TSV output (level 5 rows with text).
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 12 || f[0] != "5" {
                return None;
            }
            let text = f[11].trim();
            if text.is_empty() {
                return None;
            }
            let n = |i: usize| f[i].parse::<u32>().ok();
            Some(Word {
                text: text.to_string(),
                bbox: [n(6)?, n(7)?, n(8)?, n(9)?],
                conf: f[10].parse().ok()?,
                line: (n(2)?, n(3)?, n(4)?),
            })
        })
        .collect()
}

/// A greyscale picture as PGM (the engine reads it from standard input).
pub fn pgm(width: usize, height: usize, grey: &[u8]) -> Vec<u8> {
    let mut out = format!("P5\n{width} {height}\n255\n").into_bytes();
    out.extend_from_slice(grey);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_read_from_the_tsv_with_their_boxes_and_confidences() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t1\t1\t1\t2\t1\t10\t20\t30\t12\t91.5\t1234\n\
                   5\t1\t1\t1\t2\t2\t50\t20\t30\t12\t40\t \n\
                   5\t1\t1\t1\t3\t1\t10\t40\t30\t12\tx\t坏\n";
        assert_eq!(
            parse_tsv(tsv),
            [Word {
                text: "1234".into(),
                bbox: [10, 20, 30, 12],
                conf: 91.5,
                line: (1, 1, 2),
            }]
        );
    }
}
