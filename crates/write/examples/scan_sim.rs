//! The scan-simulation harness of the OCR reader: every corpus report, read, written as PDF by gongkai and by
//! LibreOffice (from gongkai's DOCX), printed to page pictures at 150, 200 and 300 dpi, each page turned by up
//! to ±2°, blurred, speckled, unevenly lit, JPEG-compressed, with a red seal stamped over 表三, bound into a
//! PDF without a text layer and read through `gongkai_read::read_bytes`. Each cell of 表二, 表三 and 表四 that
//! the written document printed as a value is counted exact, uncertain (candidates, unreadable, missing) or
//! wrong; wrong cells are listed, and with `SCAN_SIM_UNSURE=1` the uncertain ones with what was read.
//!
//! `cargo run --release -p gongkai-write --example scan_sim -- [--variants N] [--jobs N] [--only NAME] [--dpi N]`
//! (needs poppler-utils, LibreOffice, tesseract-ocr and tesseract-ocr-chi-sim).

use gongkai_model::{CellValue, Report, TableData};
use gongkai_testkit::hostile::{Picture, pdf_of_pictures, read_pgm};
use gongkai_write::Target;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// One simulated scan: a report as one writer printed it, at one resolution, with one seed of degradations.
struct Job {
    name: String,
    writer: &'static str,
    pdf: PathBuf,
    dpi: u32,
    seed: u64,
    expected: usize,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    docs: usize,
    pages: usize,
    seconds: f64,
    exact: usize,
    uncertain: usize,
    /// Of the uncertain: cells (or their rows) not found at all.
    missing: usize,
    /// Of the uncertain: cells given as candidates.
    candidates: usize,
    wrong: usize,
    failed: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.docs += o.docs;
        self.pages += o.pages;
        self.seconds += o.seconds;
        self.exact += o.exact;
        self.uncertain += o.uncertain;
        self.missing += o.missing;
        self.candidates += o.candidates;
        self.wrong += o.wrong;
        self.failed += o.failed;
    }

    fn row(&self, class: &str) -> String {
        let cells = self.exact + self.uncertain + self.wrong;
        format!(
            "| {class} | {} | {} | {cells} | {} ({:.2}%) | {} | {} | {:.1} s |",
            self.docs,
            self.failed,
            self.exact,
            100.0 * self.exact as f64 / cells.max(1) as f64,
            self.uncertain,
            self.wrong,
            self.seconds / self.pages.max(1) as f64
        )
    }
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let variants: u64 = arg("--variants").map_or(3, |v| v.parse().expect("--variants N"));
    let jobs: usize = arg("--jobs").map_or(2, |v| v.parse().expect("--jobs N"));
    let only = arg("--only");
    let dpis: Vec<u32> = arg("--dpi").map_or(vec![150, 200, 300], |d| {
        vec![d.parse().expect("--dpi 150, 200 or 300")]
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = gongkai_testkit::corpus();
    // The reports, read; each written by gongkai as PDF and as DOCX.
    let mut reports: Vec<(String, Report)> = Vec::new();
    let mut docx = Vec::new();
    for name in gongkai_testkit::corpus_reports(&[".txt", ".html", ".md", ".pdf", ".docx"]) {
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let report = gongkai_read::read_path(&corpus.join(&name)).expect("a corpus report reads");
        let stem = name.replace('.', "_");
        let pdf = gongkai_write::write(&report, Target::Pdf, &[]).expect("gongkai writes PDF");
        std::fs::write(dir.path().join(format!("{stem}.gongkai.pdf")), pdf).unwrap();
        let d = dir.path().join(format!("{stem}.docx"));
        std::fs::write(
            &d,
            gongkai_write::write(&report, Target::Docx, &[]).unwrap(),
        )
        .unwrap();
        docx.push(d);
        reports.push((stem, report));
    }
    let lo = dir.path().join("lo");
    std::fs::create_dir_all(&lo).unwrap();
    gongkai_testkit::soffice(&docx, "pdf", &lo);
    let mut work = Vec::new();
    for (stem, report) in &reports {
        let expected = known_cells(report);
        for (writer, pdf) in [
            ("gongkai", dir.path().join(format!("{stem}.gongkai.pdf"))),
            ("LibreOffice", lo.join(format!("{stem}.pdf"))),
        ] {
            for &dpi in &dpis {
                for seed in 0..variants {
                    work.push(Job {
                        name: stem.clone(),
                        writer,
                        pdf: pdf.clone(),
                        dpi,
                        seed,
                        expected,
                    });
                }
            }
        }
    }
    eprintln!(
        "{} reports, {} simulated scans, {jobs} at a time",
        reports.len(),
        work.len()
    );
    let by_name: BTreeMap<&str, &Report> = reports.iter().map(|(s, r)| (s.as_str(), r)).collect();
    let next = AtomicUsize::new(0);
    let results: Mutex<BTreeMap<(String, u32), Tally>> = Mutex::new(BTreeMap::new());
    let wrong: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = work.get(i) else { break };
                    let t = run(job, by_name[job.name.as_str()], &wrong);
                    eprintln!(
                        "[{}/{}] {} {} {} dpi #{}: {} exact, {} uncertain ({} missing, {} candidates), {} wrong{}",
                        i + 1,
                        work.len(),
                        job.name,
                        job.writer,
                        job.dpi,
                        job.seed,
                        t.exact,
                        t.uncertain,
                        t.missing,
                        t.candidates,
                        t.wrong,
                        if t.failed > 0 { " (not read)" } else { "" }
                    );
                    results
                        .lock()
                        .unwrap()
                        .entry((job.writer.to_string(), job.dpi))
                        .or_default()
                        .add(&t);
                }
            });
        }
    });
    let results = results.into_inner().unwrap();
    println!(
        "| Class | Documents | Not read | Cells | Exact | Uncertain | Wrong | Time per page |\n|---|---|---|---|---|---|---|---|"
    );
    let mut all = Tally::default();
    for ((writer, dpi), t) in &results {
        println!("{}", t.row(&format!("{writer} {dpi} dpi")));
        all.add(t);
    }
    println!("{}", all.row("All"));
    println!(
        "\nWall time {:.0} s for {} pages ({jobs} at a time).",
        started.elapsed().as_secs_f64(),
        all.pages
    );
    for w in wrong.into_inner().unwrap() {
        println!("WRONG {w}");
    }
}

/// The cells a written report prints as values (numbers, blanks, marks) in 表二, 表三 and 表四.
fn known_cells(r: &Report) -> usize {
    [&r.table2, &r.table3, &r.table4]
        .iter()
        .flat_map(|t| t.rows.iter().flat_map(|x| x.cells.iter()))
        .filter(|c| known(&c.value))
        .count()
}

fn known(v: &CellValue) -> bool {
    matches!(
        v,
        CellValue::Number(_) | CellValue::Blank | CellValue::Mark(_)
    )
}

/// Prints, degrades, binds and reads one simulated scan; counts its cells.
fn run(job: &Job, printed: &Report, wrong: &Mutex<Vec<String>>) -> Tally {
    let pages = draw(&job.pdf, job.dpi);
    let seal_page = seal_page(&job.pdf);
    let mut rng = StdRng::seed_from_u64(job.seed * 7919 + u64::from(job.dpi));
    let pictures: Vec<Picture> = pages
        .into_iter()
        .enumerate()
        .map(|(i, (w, h, grey))| degrade(w, h, &grey, job.dpi, Some(i) == seal_page, &mut rng))
        .collect();
    let n = pictures.len();
    let pdf = pdf_of_pictures(&pictures);
    let started = Instant::now();
    let read = gongkai_read::read_bytes("scan.pdf", &pdf);
    let mut t = Tally {
        docs: 1,
        pages: n,
        seconds: started.elapsed().as_secs_f64(),
        ..Tally::default()
    };
    if let Some(keep) = arg("--keep") {
        let name = format!("{}-{}-{}-{}.pdf", job.name, job.writer, job.dpi, job.seed);
        std::fs::write(Path::new(&keep).join(name), &pdf).expect("--keep DIR exists");
    }
    let read = match read {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "{} {} {} dpi #{}: {e}",
                job.name, job.writer, job.dpi, job.seed
            );
            t.failed = 1;
            t.uncertain = job.expected;
            return t;
        }
    };
    for (id, want, got) in [
        ("表二", &printed.table2, &read.table2),
        ("表三", &printed.table3, &read.table3),
        ("表四", &printed.table4, &read.table4),
    ] {
        compare(job, id, want, got, &mut t, wrong);
    }
    t
}

fn compare(
    job: &Job,
    id: &str,
    want: &TableData,
    got: &TableData,
    t: &mut Tally,
    wrong: &Mutex<Vec<String>>,
) {
    for row in &want.rows {
        for (c, cell) in row.cells.iter().enumerate() {
            if !known(&cell.value) {
                continue;
            }
            let Some(read) = got.cell(&row.key, c) else {
                t.uncertain += 1;
                t.missing += 1;
                unsure(job, id, &row.key, c, "row not found");
                continue;
            };
            if read.value == cell.value {
                t.exact += 1;
            } else if known(&read.value) {
                t.wrong += 1;
                wrong.lock().unwrap().push(format!(
                    "{} {} {} dpi #{}: {id} {} 列 {c}: printed {:?}, read {:?} (“{}”)",
                    job.name,
                    job.writer,
                    job.dpi,
                    job.seed,
                    row.key,
                    cell.value,
                    read.value,
                    read.printed
                ));
            } else {
                t.uncertain += 1;
                match read.value {
                    CellValue::Missing => t.missing += 1,
                    CellValue::Ambiguous(_) => t.candidates += 1,
                    _ => {}
                }
                unsure(job, id, &row.key, c, &read.printed);
            }
        }
    }
}

/// Lists an uncertain cell when the environment asks for it (`SCAN_SIM_UNSURE=1`).
fn unsure(job: &Job, id: &str, key: &str, c: usize, what: &str) {
    if std::env::var_os("SCAN_SIM_UNSURE").is_some() {
        eprintln!(
            "UNSURE {} {} {} dpi #{}: {id} {key} 列 {c}: “{what}”",
            job.name, job.writer, job.dpi, job.seed
        );
    }
}

/// The pages of a PDF as grey pictures at `dpi`.
fn draw(pdf: &Path, dpi: u32) -> Vec<(usize, usize, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(dir.path().join("p"))
        .status()
        .expect("pdftoppm (poppler-utils)")
        .success();
    assert!(ok, "pdftoppm failed on {}", pdf.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| read_pgm(&std::fs::read(f).unwrap()))
        .collect()
}

/// The 0-based page that holds 表三's first rows (where the seal is stamped).
fn seal_page(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .position(|p| p.contains("申请人情况") || p.contains("本年新收"))
}

/// A printed page as a scanner gives it back.
fn degrade(w: usize, h: usize, grey: &[u8], dpi: u32, seal: bool, rng: &mut StdRng) -> Picture {
    let scale = f64::from(dpi) / 200.0;
    let mut rgb: Vec<f64> = grey.iter().flat_map(|&g| [f64::from(g); 3]).collect();
    if seal {
        stamp(&mut rgb, w, h, rng);
    }
    let angle = rng.random_range(-2.0..=2.0f64).to_radians();
    let mut rgb = rotate(&rgb, w, h, angle);
    let sigma = rng.random_range(0.0..1.0) * scale;
    if sigma > 0.3 {
        rgb = blur(&rgb, w, h, sigma);
    }
    // Uneven lighting: darker towards one corner, paper a little grey.
    let dim = rng.random_range(0.0..0.25);
    let paper = rng.random_range(0.9..1.0);
    let noise = rng.random_range(0.0..10.0);
    for y in 0..h {
        for x in 0..w {
            let light = paper * (1.0 - dim * (x as f64 / w as f64 + y as f64 / h as f64) / 2.0);
            let n = noise * (rng.random::<f64>() + rng.random::<f64>() + rng.random::<f64>() - 1.5);
            let speck = if rng.random::<f64>() < 0.0005 {
                -200.0
            } else {
                0.0
            };
            for k in 0..3 {
                let v = &mut rgb[(y * w + x) * 3 + k];
                *v = *v * light + n + speck;
            }
        }
    }
    let pixels: Vec<u8> = rgb
        .iter()
        .map(|v| v.round().clamp(0.0, 255.0) as u8)
        .collect();
    // Scanners store pages as JPEG: most at a middling quality (visible artefacts), some near lossless.
    let quality = if rng.random_bool(0.7) {
        rng.random_range(55..90)
    } else {
        95
    };
    Picture {
        width: w,
        height: h,
        colour: true,
        jpeg: true,
        pixels: jpeg(w, h, pixels, quality),
    }
}

/// A red seal (ring, star, characters round the rim) multiplied over the middle of the page.
fn stamp(rgb: &mut [f64], w: usize, h: usize, rng: &mut StdRng) {
    let r = w as f64 * 0.1;
    let (cx, cy) = (
        w as f64 * rng.random_range(0.35..0.7),
        h as f64 * rng.random_range(0.3..0.55),
    );
    let ink = [215.0, 40.0, 45.0];
    let rim = w as f64 * 0.006;
    for y in (cy - r) as usize..((cy + r) as usize).min(h) {
        for x in (cx - r) as usize..((cx + r) as usize).min(w) {
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let d = (dx * dx + dy * dy).sqrt();
            let a = dy.atan2(dx);
            let on_rim = (r - rim..r).contains(&d);
            // Characters: blocks along an inner ring over the upper two thirds.
            let letters =
                (r * 0.62..r * 0.85).contains(&d) && a < 0.5 && (a * 9.0).rem_euclid(1.0) < 0.6;
            // A five-pointed star in the middle.
            let star = d < r * 0.3 * (0.6 + 0.4 * (5.0 * a).cos().abs());
            if on_rim || letters || star {
                for k in 0..3 {
                    let v = &mut rgb[(y * w + x) * 3 + k];
                    *v = *v * ink[k] / 255.0;
                }
            }
        }
    }
}

/// The picture turned by `angle` about its middle (bilinear; white comes in at the edges).
fn rotate(rgb: &[f64], w: usize, h: usize, angle: f64) -> Vec<f64> {
    let (s, c) = angle.sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let mut out = vec![255.0; rgb.len()];
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
            if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f64 || sy >= (h - 1) as f64 {
                continue;
            }
            let (x0, y0) = (sx as usize, sy as usize);
            let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
            for k in 0..3 {
                let p = |x: usize, y: usize| rgb[(y * w + x) * 3 + k];
                out[(y * w + x) * 3 + k] = p(x0, y0) * (1.0 - fx) * (1.0 - fy)
                    + p(x0 + 1, y0) * fx * (1.0 - fy)
                    + p(x0, y0 + 1) * (1.0 - fx) * fy
                    + p(x0 + 1, y0 + 1) * fx * fy;
            }
        }
    }
    out
}

/// A Gaussian blur of `sigma` pixels (the image crate's).
fn blur(rgb: &[f64], w: usize, h: usize, sigma: f64) -> Vec<f64> {
    let bytes: Vec<u8> = rgb
        .iter()
        .map(|v| v.round().clamp(0.0, 255.0) as u8)
        .collect();
    let img = image::RgbImage::from_raw(w as u32, h as u32, bytes).expect("size");
    image::imageops::blur(&img, sigma as f32)
        .into_raw()
        .into_iter()
        .map(f64::from)
        .collect()
}

/// The picture as a JPEG file at `quality`.
fn jpeg(w: usize, h: usize, pixels: Vec<u8>, quality: u8) -> Vec<u8> {
    let img = image::RgbImage::from_raw(w as u32, h as u32, pixels).expect("size");
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&img)
        .expect("in memory");
    out
}
