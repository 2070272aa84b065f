//! Text, flattened text, Markdown and HTML: any bytes either read (and check) or give a ReadError.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = gongkai_read::read_bytes("fuzz", data) {
        let _ = gongkai_check::check(&r, None);
    }
});
