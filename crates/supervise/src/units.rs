//! Units: found by the agency name a report prints, tolerantly (with or without its region prefix, spaces
//! ignored), or inferred from it — the region taken from the name's leading place names — and marked so, to be
//! confirmed or corrected by hand.

use gongkai_store::supervision::Unit;
use gongkai_store::{Store, StoreError};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A name without spaces and with full-width brackets made half-width.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// The leading place names of an agency's name (省, 市, 区, 县, 自治州, 旗 …), as a region path: “福建省/平潭综合实验区”.
pub fn region_of(name: &str) -> String {
    let name = normalize(name);
    let mut parts = Vec::new();
    let mut rest = name.as_str();
    'outer: loop {
        for end in [
            "自治区",
            "自治州",
            "自治县",
            "特别行政区",
            "省",
            "市",
            "州",
            "盟",
            "区",
            "县",
            "旗",
        ] {
            // The shortest place name ending in `end` at the start of the rest, of 2 to 10 characters.
            if let Some(pos) = rest.find(end) {
                let head = &rest[..pos + end.len()];
                let n = head.chars().count();
                // 区 inside a unit's own words (片区, 园区, 社区) is not a place level.
                let bad = ["片区", "园区", "社区", "景区", "小区"]
                    .iter()
                    .any(|b| head.ends_with(b));
                if (2..=10).contains(&n) && !bad && !head.contains("局") && !head.contains("委") {
                    parts.push(head.to_string());
                    rest = &rest[pos + end.len()..];
                    continue 'outer;
                }
            }
        }
        break;
    }
    parts.join("/")
}

fn unit_id(name: &str) -> String {
    let h = Sha256::digest(normalize(name).as_bytes());
    format!(
        "u{}",
        h.iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// The units known to an ingest: loaded once with their aliases, kept up to date as units are found, so
/// that the units of a batch not yet stored are known too.
pub struct Known {
    units: Vec<Unit>,
    /// Name or alias → index in `units`.
    names: HashMap<String, usize>,
}

impl Known {
    /// The units of the store.
    pub async fn load(store: &Store) -> Result<Known, StoreError> {
        let units = store.units().await?;
        let mut names: HashMap<String, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (normalize(&u.name), i))
            .collect();
        for (alias, id) in store.unit_aliases().await? {
            if let Some(i) = units.iter().position(|u| u.id == id) {
                names.insert(normalize(&alias), i);
            }
        }
        Ok(Known { units, names })
    }

    /// The unit for an agency name: the one known by this name (or alias); else the one whose name ends
    /// with it or with which it ends (the same unit printed with or without its region prefix), which
    /// learns the other name; else a new unit inferred from the name. With the unit comes, when it is new or
    /// changed, the aliases to store with it.
    pub fn find_or_infer(&mut self, agency: &str) -> (Unit, Option<Vec<String>>) {
        let name = normalize(agency);
        if let Some(&i) = self.names.get(&name) {
            return (self.units[i].clone(), None);
        }
        let candidates: Vec<usize> = self
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| {
                let un = normalize(&u.name);
                let shorter = un.chars().count().min(name.chars().count());
                shorter >= 4 && (un.ends_with(&name) || name.ends_with(&un))
            })
            .map(|(i, _)| i)
            .collect();
        if let [i] = candidates.as_slice() {
            // Keep the longer, fuller name; remember the other as an alias.
            let unit = &mut self.units[*i];
            let mut aliases: Vec<String> = self
                .names
                .iter()
                .filter(|(n, j)| **j == *i && **n != normalize(&unit.name))
                .map(|(n, _)| n.clone())
                .collect();
            if name.chars().count() > unit.name.chars().count() {
                aliases.push(std::mem::replace(&mut unit.name, name.clone()));
                unit.region = region_of(&name);
            } else {
                aliases.push(name.clone());
            }
            self.names.insert(name, *i);
            aliases.sort();
            aliases.dedup();
            return (unit.clone(), Some(aliases));
        }
        let unit = Unit {
            id: unit_id(&name),
            region: region_of(&name),
            office: String::new(),
            inferred: true,
            name: name.clone(),
        };
        self.names.insert(name, self.units.len());
        self.units.push(unit.clone());
        (unit, Some(vec![]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_the_leading_place_names() {
        assert_eq!(region_of("平潭综合实验区海坛片区管理局"), "平潭综合实验区");
        assert_eq!(
            region_of("福建省福州市鼓楼区教育局"),
            "福建省/福州市/鼓楼区"
        );
        assert_eq!(region_of("新郑市政务服务和数据管理局"), "新郑市");
        assert_eq!(region_of("国家税务总局"), "");
        assert_eq!(normalize("某 市（试点）局"), "某市(试点)局");
    }
}
