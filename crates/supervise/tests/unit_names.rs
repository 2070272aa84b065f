//! Regions from agency names: every name of tests/fixtures/unit-names.tsv (real divisions with their departments'
//! official naming patterns, the corpus's agencies, cover-letter titles; written by hand) gives the region path
//! written beside it; every agency of the corpus's SOURCES.tsv is in that list.

use gongkai_supervise::units::region_of;

#[test]
fn every_listed_name_gives_its_region() {
    let list = include_str!("fixtures/unit-names.tsv");
    let rows: Vec<(&str, &str)> = list
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split_once('\t').expect("name<TAB>region"))
        .collect();
    assert!(rows.len() >= 300, "{} names", rows.len());
    let wrong: Vec<String> = rows
        .iter()
        .filter(|(name, region)| region_of(name) != *region)
        .map(|(name, region)| format!("{name}: {} (expected {region})", region_of(name)))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        rows.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_corpus_agency_is_in_the_list() {
    let list = include_str!("fixtures/unit-names.tsv");
    let listed: Vec<&str> = list.lines().filter_map(|l| l.split('\t').next()).collect();
    let sources = std::fs::read_to_string(gongkai_testkit::corpus().join("SOURCES.tsv")).unwrap();
    let mut seen = 0;
    for line in sources.lines().skip(1) {
        // The agency column may add a note in brackets: “平潭综合实验区 (管委会, …)”.
        let agency = line.split('\t').nth(2).unwrap_or("");
        let name = agency.split(" (").next().unwrap().trim();
        assert!(listed.contains(&name), "{name} is not in unit-names.tsv");
        seen += 1;
    }
    assert!(seen >= 15, "{seen} agencies");
}

proptest::proptest! {
    /// Any name: no panic, and the region is the name's own beginning (its place names, in order).
    #[test]
    fn a_region_is_the_beginning_of_the_name(
        name in "(中共|福建省|福州|市|区|县|州|自治州|场|城市|工业园区|局|关于|[一-龥]{0,3}){0,8}"
    ) {
        let region = region_of(&name);
        let unit = gongkai_supervise::units::unit_name(&name);
        let unit = unit.strip_prefix("中国共产党").or_else(|| unit.strip_prefix("中共")).unwrap_or(&unit);
        proptest::prop_assert!(unit.starts_with(&region.replace('/', "")), "{name}: {region}");
        proptest::prop_assert!(region.split('/').all(|p| p.is_empty() || p.chars().count() >= 2), "{name}: {region}");
    }
}
