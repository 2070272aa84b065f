//! Registering the platform's agencies: each is placed in the region tree as a unit (found by its name or an
//! alias, or added) and registered with its checked 统一社会信用代码, one at a time or from the unit list.

use crate::units::{load_list, normalize, region_path, unit_id};
use gongkai_model::CreditCode;
use gongkai_store::supervision::Unit;
use gongkai_store::{Store, StoreError};
use std::collections::HashMap;

/// An agency to register (or change).
#[derive(Debug, Clone, Default)]
pub struct NewAgency {
    /// Full name (e.g. 新郑市教育局).
    pub name: String,
    /// 统一社会信用代码 as written.
    pub code: String,
    /// Short name; the full name when empty.
    pub short_name: String,
    /// Region path “省/市/区县” (separators “/”, “>”, “-” or spaces).
    pub region: String,
    /// Supervising office.
    pub office: String,
    /// Own host name, if any.
    pub host: Option<String>,
}

/// Registers one agency at time `at` (RFC 3339): its unit found by name or alias, or added; the code checked.
/// Returns whether it was new. Errors are in Chinese and change nothing.
pub async fn register(store: &Store, a: &NewAgency, at: &str) -> Result<bool, StoreError> {
    let code = CreditCode::parse(&a.code).map_err(StoreError::Refused)?;
    let name = normalize(&a.name);
    let region = region_path(&a.region);
    if name.is_empty() {
        return Err(StoreError::Refused("缺少机关名称".into()));
    }
    if region.is_empty() {
        return Err(StoreError::Refused(format!(
            "“{name}”缺少所在地区（如 河南省/郑州市/新郑市）"
        )));
    }
    let host = a
        .host
        .as_deref()
        .map(|h| h.trim().to_lowercase())
        .filter(|h| !h.is_empty());
    if let Some(h) = &host
        && !valid_host(h)
    {
        return Err(StoreError::Refused(format!(
            "网站域名“{h}”不是有效的域名（如 jyj.xinzheng.gov.cn）"
        )));
    }
    let unit = match store.unit_named(&name).await? {
        Some(u) => Unit {
            name: name.clone(),
            region,
            office: a.office.trim().to_string(),
            inferred: false,
            ..u
        },
        None => Unit {
            id: unit_id(&name),
            name: name.clone(),
            region,
            office: a.office.trim().to_string(),
            inferred: false,
        },
    };
    let new = store.agency_of_unit(&unit.id).await?.is_none();
    let short = match a.short_name.trim() {
        "" => name.as_str(),
        s => s,
    };
    store
        .put_agency(&unit, &code, short, host.as_deref(), at)
        .await?;
    Ok(new)
}

/// Whether `h` is a host name: dot-separated labels of letters, digits and inner hyphens, at least two labels.
fn valid_host(h: &str) -> bool {
    h.len() <= 253
        && h.split('.').count() >= 2
        && h.split('.').all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// The name of the registered agency holding `code` when it is none of the units `names` find.
async fn held_elsewhere(
    store: &Store,
    code: &CreditCode,
    names: &[String],
) -> Result<Option<String>, StoreError> {
    let Some(holder) = store.agency_by_code(code.as_str()).await? else {
        return Ok(None);
    };
    for n in names {
        if store
            .unit_named(n)
            .await?
            .is_some_and(|u| u.id == holder.unit.id)
        {
            return Ok(None);
        }
    }
    Ok(Some(holder.unit.name))
}

/// Registers the agencies of a unit list (rows of a CSV/XLSX file whose header has 单位名称 and
/// 统一社会信用代码, optionally 简称, 地区, 监督机关, 别名, 网站域名) at time `at`: every row is checked first
/// (a missing or wrong code, a code twice or held by another registered agency, a region neither given nor
/// readable from the name), and nothing is
/// saved when one is wrong; then the units are loaded as `units::load_list` does and each row's unit
/// registered. Returns (registered anew, changed), or every error with its row number.
pub async fn import(
    store: &Store,
    rows: &[Vec<String>],
    at: &str,
) -> Result<(usize, usize), Vec<String>> {
    let header = rows
        .first()
        .ok_or_else(|| vec!["机关名单为空".to_string()])?;
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(name_col), Some(code_col)) = (col("单位名称"), col("统一社会信用代码"))
    else {
        return Err(vec![
            "表头应有“单位名称”和“统一社会信用代码”两列".to_string(),
        ]);
    };
    let get = |r: &[String], c: Option<usize>| -> String {
        c.and_then(|c| r.get(c))
            .map_or(String::new(), |s| s.trim().to_string())
    };
    let mut errors = Vec::new();
    let mut agencies = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate().skip(1) {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = i + 1;
        let a = NewAgency {
            name: normalize(&get(r, Some(name_col))),
            code: get(r, Some(code_col)),
            short_name: get(r, col("简称")),
            region: get(r, col("地区")),
            office: get(r, col("监督机关")),
            host: Some(get(r, col("网站域名"))).filter(|h| !h.is_empty()),
        };
        if a.name.is_empty() {
            errors.push(format!("第 {line} 行：缺少单位名称"));
            continue;
        }
        match CreditCode::parse(&a.code) {
            Err(e) => errors.push(format!("第 {line} 行（{}）：{e}", a.name)),
            Ok(code) => {
                if let Some(first) = seen.insert(code.to_string(), line) {
                    errors.push(format!(
                        "第 {line} 行（{}）：统一社会信用代码 {code} 与第 {first} 行相同",
                        a.name
                    ));
                }
                let names: Vec<String> = std::iter::once(a.name.clone())
                    .chain(
                        get(r, col("别名"))
                            .split(['；', ';', ',', '，'])
                            .map(normalize),
                    )
                    .filter(|n| !n.is_empty())
                    .collect();
                match held_elsewhere(store, &code, &names).await {
                    Ok(Some(other)) => errors.push(format!(
                        "第 {line} 行（{}）：统一社会信用代码 {code} 已由“{other}”登记",
                        a.name
                    )),
                    Ok(None) => {}
                    Err(e) => return Err(vec![e.to_string()]),
                }
            }
        }
        if region_path(&a.region).is_empty() && crate::units::region_of(&a.name).is_empty() {
            errors.push(format!(
                "第 {line} 行（{}）：缺少地区，名称中也没有地名",
                a.name
            ));
        }
        agencies.push(a);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    load_list(store, rows).await?;
    let (mut added, mut changed) = (0, 0);
    for mut a in agencies {
        let unit = store
            .unit_named(&a.name)
            .await
            .map_err(|e| vec![e.to_string()])?
            .ok_or_else(|| vec![format!("“{}”未能载入单位名单", a.name)])?;
        // The list's region, or the one load_list read from the name.
        a.region = unit.region;
        a.office = unit.office;
        match register(store, &a, at).await {
            Ok(true) => added += 1,
            Ok(false) => changed += 1,
            Err(e) => errors.push(format!("“{}”：{e}", a.name)),
        }
    }
    if errors.is_empty() {
        Ok((added, changed))
    } else {
        Err(errors)
    }
}
