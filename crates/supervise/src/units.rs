//! Units: found by the agency name a report prints, tolerantly (with or without its region prefix, spaces
//! ignored), or inferred from it — the region taken from the name's leading place names — and marked so, to be
//! confirmed or corrected by hand.

use gongkai_store::supervision::Unit;
use gongkai_store::{Store, StoreError};
use sha2::{Digest, Sha256};

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

/// The unit for an agency name: the one known by this name (or alias); else one whose name ends with it or
/// with which it ends (the same unit printed with or without its region prefix), which learns the alias; else a
/// new unit inferred from the name.
pub async fn find_or_infer(store: &Store, agency: &str) -> Result<Unit, StoreError> {
    let name = normalize(agency);
    if let Some(u) = store.unit_named(&name).await? {
        return Ok(u);
    }
    let candidates: Vec<Unit> = store
        .units()
        .await?
        .into_iter()
        .filter(|u| {
            let un = normalize(&u.name);
            let shorter = un.chars().count().min(name.chars().count());
            shorter >= 4 && (un.ends_with(&name) || name.ends_with(&un))
        })
        .collect();
    if let [u] = candidates.as_slice() {
        // Keep the longer, fuller name; remember the other as an alias.
        let mut unit = u.clone();
        let alias = if name.chars().count() > u.name.chars().count() {
            let old = std::mem::replace(&mut unit.name, name.clone());
            unit.region = region_of(&name);
            old
        } else {
            name.clone()
        };
        store.put_unit(&unit, &[alias]).await?;
        return Ok(unit);
    }
    let unit = Unit {
        id: unit_id(&name),
        region: region_of(&name),
        office: String::new(),
        inferred: true,
        name,
    };
    store.put_unit(&unit, &[]).await?;
    Ok(unit)
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
