//! PDF parsing in a child process: a hostile PDF (a few hundred KB whose content streams inflate to millions of
//! operators, forms nested in forms) can make any parser take gigabytes or loop. A program that serves others
//! calls [`isolate_with`] with its own executable, which must hand the argument [`CHILD_ARG`] to
//! [`child_main`]; each PDF is then parsed by a child with an address-space limit ([`MEMORY_LIMIT`]), killed
//! when it passes [`super::TIME_LIMIT`], and at most [`MAX_CHILDREN`] at once. The parent only ever holds the
//! file and the extracted text.

use super::{Extracted, corrupt, extract_in_thread};
use crate::ReadError;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Instant;

/// The argument that makes the executable a PDF parsing child.
pub const CHILD_ARG: &str = "__pdf-extract";
/// The child's address-space limit (its thread stack of 256 MB included).
pub const MEMORY_LIMIT: u64 = 1 << 30;
/// Children running at once (PDF parsers and page renderers alike); further ones wait their turn.
pub const MAX_CHILDREN: usize = 2;
/// The largest extraction a child may send back.
const MAX_OUTPUT: u64 = 64 << 20;

static EXECUTABLE: OnceLock<PathBuf> = OnceLock::new();

/// Parses every later PDF in a child process of `executable` (see the module's description). Called once, at
/// start; later calls are ignored.
pub fn isolate_with(executable: PathBuf) {
    let _ = EXECUTABLE.set(executable);
}

/// The executable PDFs are parsed by, if isolation is on.
pub(super) fn executable() -> Option<&'static PathBuf> {
    EXECUTABLE.get()
}

/// The child's side: a PDF on standard input, its extraction as JSON on standard output.
pub fn child_main() -> ExitCode {
    let mut bytes = Vec::new();
    if std::io::stdin().read_to_end(&mut bytes).is_err() {
        return ExitCode::from(2);
    }
    let result = extract_in_thread(bytes).map_err(|e| e.to_string());
    let Ok(json) = serde_json::to_vec(&result) else {
        return ExitCode::from(2);
    };
    match std::io::stdout().write_all(&json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

/// A counting semaphore for the children.
struct Slots {
    used: Mutex<usize>,
    freed: Condvar,
}

static SLOTS: Slots = Slots {
    used: Mutex::new(0),
    freed: Condvar::new(),
};

/// A child's slot, given back when dropped.
struct Slot;

impl Slot {
    fn take() -> Slot {
        let mut used = SLOTS.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used >= MAX_CHILDREN {
            used = SLOTS.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut used = SLOTS.used.lock().unwrap_or_else(|e| e.into_inner());
        *used -= 1;
        SLOTS.freed.notify_one();
    }
}

/// Why a bounded child gave no answer.
#[derive(Debug)]
pub enum Bounded {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It ran past its time and was killed.
    TimedOut,
}

/// Runs `command` with `input` on its standard input, an address-space limit of `memory` bytes, killed after
/// `time`, at most [`MAX_CHILDREN`] such children at once; returns its exit status and up to `max_output`
/// bytes of its standard output.
pub fn run_bounded(
    command: &mut Command,
    input: Vec<u8>,
    memory: u64,
    time: std::time::Duration,
    max_output: u64,
) -> Result<(std::process::ExitStatus, Vec<u8>), Bounded> {
    let _slot = Slot::take();
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            command.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: memory as libc::rlim_t,
                    rlim_max: memory as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = command.spawn().map_err(Bounded::Spawn)?;
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || {
        // A child that dies early closes the pipe: its exit status says why.
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(max_output).read_to_end(&mut out);
        out
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() < time => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    status.map(|s| (s, out)).ok_or(Bounded::TimedOut)
}

/// Parses `bytes` in a child of `exe`.
pub(super) fn extract_in_child(exe: &PathBuf, bytes: Vec<u8>) -> Result<Extracted, ReadError> {
    let mut command = Command::new(exe);
    command.arg(CHILD_ARG);
    let (status, out) = match run_bounded(
        &mut command,
        bytes,
        MEMORY_LIMIT,
        super::TIME_LIMIT,
        MAX_OUTPUT,
    ) {
        Ok(r) => r,
        Err(Bounded::Spawn(e)) => return Err(corrupt(format!("无法启动解析进程：{e}"))),
        Err(Bounded::TimedOut) => {
            return Err(corrupt(format!(
                "解析超过 {} 秒仍未完成（对象结构可能有循环或异常庞大），已放弃",
                super::TIME_LIMIT.as_secs()
            )));
        }
    };
    if !status.success() {
        return Err(corrupt(format!(
            "解析所需内存超过 {} MB 的上限或解析异常终止（内容可能异常庞大或文件已损坏），已放弃",
            MEMORY_LIMIT >> 20
        )));
    }
    match serde_json::from_slice::<Result<Extracted, String>>(&out) {
        Ok(Ok(e)) => Ok(e),
        Ok(Err(message)) => Err(ReadError::Corrupt(message)),
        Err(_) => Err(corrupt("解析进程的结果无法读取，已放弃")),
    }
}
