//! The region tree (province → city → district → unit) built from the units' region paths (“福建省/福州市/鼓楼区”).
//! Units without a known region sit under a node of their own, so that none is left out of a roll-up.

use gongkai_store::supervision::Unit;
use std::collections::BTreeMap;

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

    /// The number of units in this region and its sub-regions.
    pub fn count(&self) -> usize {
        self.units.len() + self.children.iter().map(Region::count).sum::<usize>()
    }

    /// The region at `path` (empty: this one), if any.
    pub fn find(&self, path: &str) -> Option<&Region> {
        if path.is_empty() || path == self.path {
            return Some(self);
        }
        self.children
            .iter()
            .find(|c| {
                path.strip_prefix(c.path.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .and_then(|c| c.find(path))
    }

    /// The regions from the root down to the one at `path` (root first), if there is one.
    pub fn trail(&self, path: &str) -> Vec<&Region> {
        let mut out = vec![self];
        let mut node = self;
        while node.path != path {
            match node.children.iter().find(|c| {
                path.strip_prefix(c.path.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            }) {
                Some(c) => {
                    out.push(c);
                    node = c;
                }
                None => return Vec::new(),
            }
        }
        out
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

/// The tree of the units' regions under one root: sub-regions by name (the unknown region last), units by name.
pub fn tree(units: &[Unit]) -> Region {
    /// A region being built: sub-regions found by name in a map (a province has thousands of units).
    #[derive(Default)]
    struct Node<'a> {
        children: BTreeMap<&'a str, Node<'a>>,
        units: Vec<&'a Unit>,
    }
    fn finish(node: Node<'_>, name: &str, path: String) -> Region {
        let (mut known, unknown): (Vec<Region>, Vec<Region>) = node
            .children
            .into_iter()
            .map(|(n, child)| {
                let p = if path.is_empty() {
                    n.to_string()
                } else {
                    format!("{path}/{n}")
                };
                finish(child, n, p)
            })
            .partition(|r| r.name != UNKNOWN);
        known.extend(unknown);
        let mut units: Vec<Unit> = node.units.into_iter().cloned().collect();
        units.sort_by(|a, b| a.name.cmp(&b.name));
        Region {
            name: name.to_string(),
            path,
            children: known,
            units,
        }
    }
    let mut root = Node::default();
    for u in units {
        let mut node = &mut root;
        if u.region.trim().is_empty() {
            node = node.children.entry(UNKNOWN).or_default();
        } else {
            for part in u.region.split('/').filter(|p| !p.is_empty()) {
                node = node.children.entry(part).or_default();
            }
        }
        node.units.push(u);
    }
    finish(root, "", String::new())
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
        assert_eq!(t.find("福建省/福州市").unwrap().count(), 3);
        assert!(
            t.find("福建省/福州").is_none(),
            "a path is matched by whole parts"
        );
        let trail: Vec<&str> = t
            .trail("福建省/福州市/鼓楼区")
            .iter()
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(
            trail,
            ["", "福建省", "福建省/福州市", "福建省/福州市/鼓楼区"]
        );
        assert!(t.trail("福建省/厦门市").is_empty());
        assert_eq!(t.all_units().len(), 4);
        assert!(t.find("福建省/厦门市").is_none());
    }
}
