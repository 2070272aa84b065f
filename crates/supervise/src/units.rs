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

    /// Remembers a unit as stored, with the names it is known by.
    fn remember(&mut self, unit: &Unit, aliases: &[String]) {
        let i = match self.units.iter().position(|u| u.id == unit.id) {
            Some(i) => {
                self.units[i] = unit.clone();
                i
            }
            None => {
                self.units.push(unit.clone());
                self.units.len() - 1
            }
        };
        for n in std::iter::once(&unit.name).chain(aliases) {
            self.names.insert(normalize(n), i);
        }
    }

    /// A region inferred from a name, placed in the tree of the confirmed units: the one confirmed region whose
    /// path ends with it (“平潭综合实验区” under “福建省/平潭综合实验区”), else as inferred.
    fn placed(&self, inferred: &str) -> String {
        if inferred.is_empty() {
            return String::new();
        }
        let suffix = format!("/{inferred}");
        let mut known: Vec<&str> = self
            .units
            .iter()
            .filter(|u| !u.inferred)
            .map(|u| u.region.as_str())
            .filter(|r| *r == inferred || r.ends_with(&suffix))
            .collect();
        known.sort_unstable();
        known.dedup();
        match known.as_slice() {
            [one] => one.to_string(),
            _ => inferred.to_string(),
        }
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
                if unit.inferred {
                    unit.region = region_of(&name);
                }
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
            region: self.placed(&region_of(&name)),
            office: String::new(),
            inferred: true,
            name: name.clone(),
        };
        self.names.insert(name, self.units.len());
        self.units.push(unit.clone());
        (unit, Some(vec![]))
    }
}

/// Loads a list of units (rows of a CSV/XLSX file: a header with 单位名称, and optionally 地区 “省/市/区”,
/// 监督机关 and 别名 separated by “；” or “,”): each unit found by its name or an alias is confirmed with the
/// list's region, office and aliases; the others are added. Units found separately under a row's names (a
/// unit renamed between years) are merged into one. Returns (added, updated, what was said of each merge),
/// or every bad row.
pub async fn load_list(
    store: &Store,
    rows: &[Vec<String>],
) -> Result<(usize, usize, Vec<String>), Vec<String>> {
    let header = rows
        .first()
        .ok_or_else(|| vec!["单位名单为空".to_string()])?;
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let name_col = col("单位名称").ok_or_else(|| vec!["表头缺少“单位名称”列".to_string()])?;
    let (region_col, office_col, alias_col) = (col("地区"), col("监督机关"), col("别名"));
    fn get(r: &[String], c: Option<usize>) -> &str {
        c.and_then(|c| r.get(c)).map_or("", |s| s.trim())
    }
    let mut errors = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(1) {
        if get(r, Some(name_col)).is_empty() && r.iter().any(|c| !c.trim().is_empty()) {
            errors.push(format!("第 {} 行：缺少单位名称", i + 1));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut known = Known::load(store).await.map_err(|e| vec![e.to_string()])?;
    let (mut added, mut updated, mut merges) = (0, 0, Vec::new());
    for r in rows.iter().skip(1) {
        let name = normalize(get(r, Some(name_col)));
        if name.is_empty() {
            continue;
        }
        let aliases: Vec<String> = get(r, alias_col)
            .split(['；', ';', ',', '，'])
            .map(normalize)
            .filter(|a| !a.is_empty())
            .collect();
        // The known units the row's names find, each with those names, the row's own name first.
        let mut matches: Vec<(usize, Vec<String>)> = Vec::new();
        for n in std::iter::once(&name).chain(&aliases) {
            let Some(&i) = known.names.get(n) else {
                continue;
            };
            match matches.iter_mut().find(|m| m.0 == i) {
                Some(m) => m.1.push(n.clone()),
                None => matches.push((i, vec![n.clone()])),
            }
        }
        let existing = matches.first().map(|m| m.0);
        let others: Vec<(Unit, Vec<String>)> = matches
            .iter()
            .skip(1)
            .map(|(i, names)| (known.units[*i].clone(), names.clone()))
            .collect();
        let mut unit = match existing {
            Some(i) => {
                updated += 1;
                known.units[i].clone()
            }
            None => {
                added += 1;
                Unit {
                    id: unit_id(&name),
                    name: name.clone(),
                    region: region_of(&name),
                    office: String::new(),
                    inferred: false,
                }
            }
        };
        let mut all_aliases = aliases;
        if unit.name != name {
            all_aliases.push(std::mem::replace(&mut unit.name, name.clone()));
        }
        let region = get(r, region_col).replace([' ', '　', '>', '-'], "/");
        if !region.is_empty() {
            unit.region = region
                .split('/')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("/");
        }
        if !get(r, office_col).is_empty() {
            unit.office = get(r, office_col).to_string();
        }
        unit.inferred = false;
        store
            .put_unit(&unit, &all_aliases)
            .await
            .map_err(|e| vec![e.to_string()])?;
        known.remember(&unit, &all_aliases);
        for (other, names) in &others {
            match crate::merge_units(store, &other.id, &unit.id).await {
                Ok(()) => merges.push(format!(
                    "“{}”与“{}”是同一单位（名单所列别名），已合并",
                    other.name, unit.name
                )),
                Err(StoreError::Refused(why)) => {
                    merges.push(format!(
                        "“{}”与“{}”按名单是同一单位，但未合并：{why}",
                        other.name, unit.name
                    ));
                    // The other unit keeps its names.
                    all_aliases.retain(|a| !names.contains(a));
                    store
                        .put_unit(&unit, &all_aliases)
                        .await
                        .map_err(|e| vec![e.to_string()])?;
                }
                Err(e) => return Err(vec![e.to_string()]),
            }
        }
        if !others.is_empty() {
            known = Known::load(store).await.map_err(|e| vec![e.to_string()])?;
        }
    }
    // Units still to be confirmed move under the list's regions where their inferred region is one of them.
    let moves: Vec<(String, String)> = known
        .units
        .iter()
        .filter(|u| u.inferred)
        .filter_map(|u| {
            let placed = known.placed(&u.region);
            (placed != u.region).then(|| (u.id.clone(), placed))
        })
        .collect();
    for (id, region) in moves {
        store
            .set_unit_region(&id, &region)
            .await
            .map_err(|e| vec![e.to_string()])?;
    }
    Ok((added, updated, merges))
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
