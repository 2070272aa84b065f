//! The region tree (province → city → district → unit) built from the units' region paths (“福建省/福州市/鼓楼区”).
//! Units without a known region sit under a node of their own, so that none is left out of a roll-up.

use gongkai_store::supervision::Unit;

/// The name of the node holding units whose region is not known.
pub const UNKNOWN: &str = "（地区未知）";

/// A region and what lies under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Region {
    /// The region's own name (the last part of its path); empty for the root.
    pub name: String,
    /// The full path, parts joined by `/`; empty for the root.
    pub path: String,
    /// Sub-regions, by name.
    pub children: Vec<Region>,
    /// Units placed directly in this region, by name.
    pub units: Vec<Unit>,
}

impl Region {
    /// Every unit in this region and its sub-regions.
    pub fn all_units(&self) -> Vec<&Unit> {
        let mut out: Vec<&Unit> = self.units.iter().collect();
        for c in &self.children {
            out.extend(c.all_units());
        }
        out
    }

    /// The region at `path` (empty: this one), if any.
    pub fn find(&self, path: &str) -> Option<&Region> {
        if path.is_empty() || path == self.path {
            return Some(self);
        }
        self.children
            .iter()
            .find(|c| path == c.path || path.starts_with(&format!("{}/", c.path)))
            .and_then(|c| c.find(path))
    }

    /// This region and every region under it, depth first, with its depth (0 for this one).
    pub fn walk(&self) -> Vec<(usize, &Region)> {
        let mut out = vec![(0, self)];
        for c in &self.children {
            out.extend(c.walk().into_iter().map(|(d, r)| (d + 1, r)));
        }
        out
    }
}

/// The tree of the units' regions under one root.
pub fn tree(units: &[Unit]) -> Region {
    let mut root = Region::default();
    for u in units {
        let parts: Vec<&str> = if u.region.trim().is_empty() {
            vec![UNKNOWN]
        } else {
            u.region.split('/').filter(|p| !p.is_empty()).collect()
        };
        let mut node = &mut root;
        for part in parts {
            let path = if node.path.is_empty() {
                part.to_string()
            } else {
                format!("{}/{part}", node.path)
            };
            let i = match node.children.iter().position(|c| c.name == part) {
                Some(i) => i,
                None => {
                    node.children.push(Region {
                        name: part.to_string(),
                        path,
                        ..Default::default()
                    });
                    node.children.len() - 1
                }
            };
            node = &mut node.children[i];
        }
        node.units.push(u.clone());
    }
    sort(&mut root);
    root
}

fn sort(r: &mut Region) {
    // The unknown region last; the others by name.
    r.children
        .sort_by(|a, b| (a.name == UNKNOWN, &a.name).cmp(&(b.name == UNKNOWN, &b.name)));
    r.units.sort_by(|a, b| a.name.cmp(&b.name));
    for c in &mut r.children {
        sort(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, region: &str) -> Unit {
        Unit {
            id: name.into(),
            name: name.into(),
            region: region.into(),
            office: String::new(),
            inferred: false,
        }
    }

    #[test]
    fn units_nest_under_their_regions_and_unknown_ones_are_kept() {
        let t = tree(&[
            unit("鼓楼区教育局", "福建省/福州市/鼓楼区"),
            unit("福州市财政局", "福建省/福州市"),
            unit("台江区民政局", "福建省/福州市/台江区"),
            unit("国家税务总局", ""),
        ]);
        let lines: Vec<String> = t
            .walk()
            .iter()
            .skip(1)
            .map(|(d, r)| format!("{d} {} {}", r.path, r.units.len()))
            .collect();
        assert_eq!(
            lines,
            [
                "1 福建省 0",
                "2 福建省/福州市 1",
                "3 福建省/福州市/台江区 1",
                "3 福建省/福州市/鼓楼区 1",
                "1 （地区未知） 1"
            ]
        );
        assert_eq!(t.find("福建省/福州市").unwrap().all_units().len(), 3);
        assert_eq!(t.all_units().len(), 4);
        assert!(t.find("福建省/厦门市").is_none());
    }
}
