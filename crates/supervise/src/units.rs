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

/// The endings of administrative-division names, longest first where one ends another.
const DIVISION_ENDS: [&str; 14] = [
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "省",
    "市",
    "州",
    "盟",
    "区",
    "县",
    "旗",
    "林区",
];

/// Words of a unit's own name that end in a division's ending character but are no place: “市场监督管理局”
/// after a place, “工业园区”, “城市管理局”.
const NOT_PLACES: [&str; 19] = [
    "片区",
    "园区",
    "社区",
    "景区",
    "小区",
    "街区",
    "校区",
    "厂区",
    "营区",
    "辖区",
    "库区",
    "保护区",
    "名胜区",
    "服务区",
    "功能区",
    "城市",
    "都市",
    "超市",
    "集市",
];

/// Words that begin with a division's ending character (“市场”, “区域”): where a place name is followed by one,
/// that character starts the unit's words and does not extend the place name (“平潭综合实验区” + “市场…”).
const WORDS_AFTER: [&str; 20] = [
    "市场", "市政", "市容", "市民", "市级", "市直", "市属", "市区", "区域", "区划", "区级", "区直",
    "区属", "县域", "县级", "县直", "县属", "省级", "省直", "州级",
];

/// Characters no division name contains but unit names do.
const UNIT_MARKS: [char; 7] = ['局', '委', '厅', '办', '院', '所', '署'];

/// A unit's name as a report or its cover letter prints it: a cover letter's title (“…局关于报送…的函”) cut to
/// the unit.
pub fn unit_name(printed: &str) -> String {
    let name = normalize(printed);
    match name.find("关于") {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name,
    }
}

/// Whether `head` (a candidate place name) can be one: 2 to 12 characters, no unit word.
fn can_be_place(head: &str) -> bool {
    (2..=12).contains(&head.chars().count())
        && !head.contains(UNIT_MARKS)
        && !NOT_PLACES.iter().any(|w| head.ends_with(w))
}

/// The first place name at the start of `rest`: the shortest prefix ending in a division ending that can be a
/// place, extended by a division ending that follows at once unless it starts a word (“福州” + “市” → “福州市”;
/// “平潭综合实验区” + “市场” stays).
fn first_place(rest: &str) -> Option<&str> {
    let mut ends: Vec<usize> = DIVISION_ENDS
        .iter()
        .flat_map(|e| rest.match_indices(e).map(move |(i, _)| i + e.len()))
        .collect();
    ends.sort_unstable();
    ends.dedup();
    let end = ends.into_iter().find(|&e| can_be_place(&rest[..e]))?;
    let after = &rest[end..];
    let extension = DIVISION_ENDS
        .iter()
        .filter(|e| after.starts_with(**e))
        .map(|e| e.len())
        .max();
    // A 州 city takes 市 (福州市民政局: 福州市, not 福州 + 市民).
    let city = rest[..end].ends_with('州') && !rest[..end].ends_with("自治州");
    match extension {
        Some(n)
            if (city && after.starts_with('市')
                || !WORDS_AFTER.iter().any(|w| after.starts_with(w)))
                && can_be_place(&rest[..end + n]) =>
        {
            Some(&rest[..end + n])
        }
        _ => Some(&rest[..end]),
    }
}

/// The leading place names of an agency's name (省, 市, 区, 县, 自治州, 旗 …), as a region path:
/// “福建省福州市鼓楼区教育局” → “福建省/福州市/鼓楼区”. A division's ending counts only where it ends a place
/// name, never inside the unit's own words (“平潭综合实验区市场监督管理局” → “平潭综合实验区”).
pub fn region_of(name: &str) -> String {
    let name = unit_name(name);
    let mut parts = Vec::new();
    // A party organ's name begins with the party's (“中共福州市委宣传部”).
    let mut rest = ["中国共产党", "中共"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(&name);
    while let Some(place) = first_place(rest) {
        parts.push(place.to_string());
        rest = &rest[place.len()..];
    }
    parts.join("/")
}

/// A region as a list writes it (“福建省 福州市”, “福建省>福州市”, “福建省-福州市”) as a path of the region tree
/// (“福建省/福州市”).
pub fn region_path(written: &str) -> String {
    written
        .split([' ', '　', '>', '-', '/'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

pub(crate) fn unit_id(name: &str) -> String {
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
        let name = unit_name(agency);
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
        let region = region_path(get(r, region_col));
        if !region.is_empty() {
            unit.region = region;
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
