//! PDF: the input is taken as a PDF file (prefixed with the header).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend_from_slice(data.strip_prefix(b"%PDF").unwrap_or(data));
    let _ = gongkai_read::read_bytes("fuzz.pdf", &bytes);
});
