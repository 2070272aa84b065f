//! A red seal stamped over the print: its ink told apart by colour and made paper, the print beneath kept.

/// Whether an RGB pixel is red ink (a seal).
pub(super) fn red(p: &[u8]) -> bool {
    let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
    r > 120 && r - g > 50 && r - b > 50
}

/// Whether a pixel is tinted red (a seal's edge: red mixed with the paper).
fn reddish(p: &[u8]) -> bool {
    let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
    r - g > 25 && r - b > 25
}

/// Grey levels of RGB pixels with red ink (a seal stamped over the text) taken out: a red pixel's grey is its
/// red channel scaled so that the seal's ink itself (the usual red level of its pixels) is the paper's grey,
/// while print under the ink stays dark in that channel — so the seal's strokes vanish and the print beneath
/// keeps its strokes.
pub fn without_seal(rgb: &[u8]) -> Vec<u8> {
    let mut reds = [0u64; 256];
    for p in rgb.chunks_exact(3).filter(|p| red(p)) {
        reds[usize::from(p[0])] += 1;
    }
    let ink = median(&reds).max(1);
    let luma =
        |p: &[u8]| (u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000;
    // The paper's level (most of a page is paper): the seal's ink becomes paper, not whiter than it — the
    // paper's brightness is evened afterwards by its brightest pixels.
    let mut greys = [0u64; 256];
    for p in rgb.chunks_exact(3).filter(|p| !red(p)) {
        greys[luma(p) as usize] += 1;
    }
    let paper = median(&greys).max(1);
    rgb.chunks_exact(3)
        .map(|p| {
            // The seal's ink and its pink edges (ink thinned on the paper, blur, JPEG) go by their red level;
            // print under the seal is dark in every channel and stays dark.
            if red(p) || reddish(p) {
                (u32::from(p[0]) * paper / ink).min(paper) as u8
            } else {
                luma(p) as u8
            }
        })
        .collect()
}

/// The median level of a histogram (255 when it is empty).
fn median(counts: &[u64; 256]) -> u32 {
    let total: u64 = counts.iter().sum();
    let mut seen = 0;
    counts
        .iter()
        .position(|&n| {
            seen += n;
            seen * 2 >= total && total > 0
        })
        .unwrap_or(255) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_ink_is_paper_and_print_under_it_stays_dark() {
        // Seal ink (twice), black print, paper, grey print, lighter seal ink, grey print under seal ink, and
        // more paper (most of a page is paper).
        let mut rgb = vec![
            200, 30, 40, 200, 30, 40, 0, 0, 0, 255, 255, 255, 120, 120, 120, 220, 90, 90, 130, 20,
            25,
        ];
        rgb.extend([255; 9]);
        assert_eq!(
            without_seal(&rgb),
            [255, 255, 0, 255, 120, 255, 165, 255, 255, 255]
        );
        // On grey paper the seal's ink becomes that grey, not whiter than the paper around it; its pink edge too.
        let grey_paper = [200, 30, 40, 210, 210, 210, 210, 210, 210, 240, 200, 200];
        assert_eq!(without_seal(&grey_paper), [210, 210, 210, 210]);
    }
}
