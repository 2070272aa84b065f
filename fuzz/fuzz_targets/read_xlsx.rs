//! XLSX: the input is taken as a ZIP package; seed the corpus with a workbook gongkai wrote
//! (`gongkai write examples/draft-2025.toml -o fuzz/corpus/read_xlsx/seed.xlsx`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if gongkai_read::xlsx::is_workbook(data) {
        let _ = gongkai_read::read_bytes("fuzz.xlsx", data);
    }
});
