fn main() {
    use gongkai_read::ocr::raster::*;
    let a: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&a[1]).unwrap();
    let raw = image::load_from_memory(&bytes).unwrap().into_rgb8();
    let (w, h) = (raw.width() as usize, raw.height() as usize);
    let g = evened(without_seal(raw.as_raw()), w, h);
    eprintln!("input skew {}", skew(&Bits::from_grey(w, h, g.clone())));
    for d in [0.5, 0.6, 0.7, 0.72, 0.8, -0.6] {
        eprintln!(
            "turned by {d}: skew {}",
            skew(&Bits::from_grey(w, h, rotate(&g, w, h, d)))
        );
    }
    let b = decode(&bytes).unwrap();
    eprintln!("residual skew {} cut {}", skew(&b), b.line_cut);
    let segs = gongkai_read::ocr::segments(&b);
    eprintln!(
        "h {} v {}",
        segs.iter().filter(|s| s.horizontal).count(),
        segs.iter().filter(|s| !s.horizontal).count()
    );
    let lines = horizontal_lines(&b, (b.width / 12).max(40));
    for l in lines.iter().take(8) {
        eprintln!(
            "line y {}-{} drawn {}",
            l.y0,
            l.y1,
            l.drawn.iter().filter(|d| **d).count()
        );
    }
    let dark: Vec<u8> = b.dark.iter().map(|&d| if d { 0 } else { 255 }).collect();
    std::fs::write(
        &a[2],
        gongkai_read::ocr::tesseract::pgm(b.width, b.height, &dark),
    )
    .unwrap();
}
