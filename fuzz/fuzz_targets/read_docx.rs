//! DOCX: the input is taken as a ZIP package (prefixed so that it is sniffed as one).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data.strip_prefix(b"PK\x03\x04").unwrap_or(data));
    let _ = gongkai_read::read_bytes("fuzz.docx", &bytes);
});
