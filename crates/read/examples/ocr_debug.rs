//! What the OCR reader sees on a page picture: the slope it measured (and measures again on the picture
//! turned by known angles, to check the estimate), the slope left after straightening, the ruling lines found,
//! and the picture in black and white written as PGM (and, if asked, the pixels taken as ruling-line ink) —
//! to see why a scan's tables were not found.
//!
//! cargo run --release -p gongkai-read --example ocr_debug -- PAGE.png OUT.pgm [LINES.pgm]
//! (with `OCR_DEBUG_DOWN=1`, each column separator found is listed too)

use gongkai_read::ocr::raster::{Bits, decode, evened, horizontal_lines, rotate, skew};
use gongkai_read::ocr::seal::without_seal;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, output, lines) = match &args[..] {
        [_, i, o] => (i, o, None),
        [_, i, o, l] => (i, o, Some(l)),
        _ => {
            eprintln!("用法：ocr_debug 页面图片 输出.pgm [线条.pgm]");
            std::process::exit(2);
        }
    };
    let bytes = std::fs::read(input).expect("the picture");
    let raw = image::load_from_memory(&bytes)
        .expect("a PNG, JPEG or TIFF")
        .into_rgb8();
    let (w, h) = (raw.width() as usize, raw.height() as usize);
    let grey = evened(without_seal(raw.as_raw()), w, h);
    println!("slope {:.2}°", skew(&Bits::from_grey(w, h, grey.clone())));
    for turn in [-1.0, 0.5, 1.0] {
        let turned = Bits::from_grey(w, h, rotate(&grey, w, h, turn));
        println!("  turned by {turn}°: slope {:.2}°", skew(&turned));
    }
    let b = decode(&bytes).expect("decodes");
    println!(
        "after straightening: slope {:.2}°, faint cut {}",
        skew(&b),
        b.faint_cut
    );
    let segments = gongkai_read::ocr::segments(&b);
    let across = segments.iter().filter(|s| s.horizontal).count();
    println!(
        "ruling segments: {across} across, {} down",
        segments.len() - across
    );
    if std::env::var_os("OCR_DEBUG_DOWN").is_some() {
        for s in segments.iter().filter(|s| !s.horizontal) {
            let x = s.pos / 0.36;
            println!("  down at x {x:.0} px from y {:.0} to {:.0} pt", s.a, s.b);
        }
    }
    for l in horizontal_lines(&b, (b.width / 12).max(40)) {
        let drawn = l.drawn.iter().filter(|d| **d).count();
        println!("  line at y {}–{}: {drawn} px drawn", l.y0, l.y1);
    }
    let dark: Vec<u8> = b.dark.iter().map(|&d| if d { 0 } else { 255 }).collect();
    std::fs::write(
        output,
        gongkai_read::ocr::tesseract::pgm(b.width, b.height, &dark),
    )
    .expect("the output file");
    if let Some(lines) = lines {
        let mask: Vec<u8> = (0..b.height)
            .flat_map(|y| (0..b.width).map(move |x| (x, y)))
            .map(|(x, y)| if b.line_at(x, y) { 0 } else { 255 })
            .collect();
        std::fs::write(
            lines,
            gongkai_read::ocr::tesseract::pgm(b.width, b.height, &mask),
        )
        .expect("the lines file");
    }
}
