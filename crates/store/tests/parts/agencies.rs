//! The platform's agencies on both backends: registered on a unit, changed, found by two characters, refused
//! when another holds the code or host, and kept out of a unit merge.

use gongkai_model::CreditCode;
use gongkai_store::supervision::Unit;
use gongkai_store::{Store, StoreError};

fn unit(id: &str, name: &str) -> Unit {
    Unit {
        id: id.into(),
        name: name.into(),
        region: "河南省/郑州市/新郑市".into(),
        office: "新郑市人民政府办公室".into(),
        inferred: false,
    }
}

pub async fn agencies(store: &Store) {
    // Codes checked independently of the program (GB 32100-2015 check character computed by hand).
    let edu = CreditCode::parse("11410184005252780Y").unwrap();
    let fin = CreditCode::parse("11410184005252799U").unwrap();
    let at = "2026-12-07T09:00:00+00:00";
    store
        .put_agency(&unit("ag-edu", "新郑市教育局"), &edu, "市教育局", None, at)
        .await
        .unwrap();
    store
        .put_agency(
            &unit("ag-fin", "新郑市财政局"),
            &fin,
            "市财政局",
            Some("czj.xinzheng.gov.cn"),
            at,
        )
        .await
        .unwrap();
    let got = store.agency_by_code(edu.as_str()).await.unwrap().unwrap();
    assert_eq!(
        (got.unit.name.as_str(), got.short_name.as_str(), got.host),
        ("新郑市教育局", "市教育局", None)
    );
    assert!(!got.unit.inferred);
    // Two characters of a name or a short name find an agency; wildcards are literal.
    let names = |v: Vec<gongkai_store::agencies::Agency>| {
        v.into_iter().map(|a| a.unit.name).collect::<Vec<_>>()
    };
    assert_eq!(
        names(store.find_agencies("教育", 10).await.unwrap()),
        ["新郑市教育局"]
    );
    assert_eq!(
        names(store.find_agencies("新郑", 10).await.unwrap()).len(),
        2
    );
    assert!(store.find_agencies("%", 10).await.unwrap().is_empty());
    // Another agency's code or host is refused, and nothing changes.
    let taken = store
        .put_agency(&unit("ag-x", "新郑市某局"), &edu, "某局", None, at)
        .await;
    assert!(
        matches!(&taken, Err(StoreError::Refused(m)) if m.contains("新郑市教育局")),
        "{taken:?}"
    );
    let host = store
        .put_agency(
            &unit("ag-x", "新郑市某局"),
            &CreditCode::parse("11410184MB1234567J").unwrap(),
            "某局",
            Some("czj.xinzheng.gov.cn"),
            at,
        )
        .await;
    assert!(matches!(host, Err(StoreError::Refused(_))), "{host:?}");
    assert!(store.unit_named("新郑市某局").await.unwrap().is_none());
    assert_eq!(store.agencies().await.unwrap().len(), 2);
    // A registered agency changes its short name; its unit is not merged away.
    store
        .put_agency(&unit("ag-edu", "新郑市教育局"), &edu, "教育局", None, at)
        .await
        .unwrap();
    assert_eq!(
        store
            .agency_of_unit("ag-edu")
            .await
            .unwrap()
            .unwrap()
            .short_name,
        "教育局"
    );
    let merged = store.merge_units("ag-edu", "ag-fin").await;
    assert!(matches!(merged, Err(StoreError::Refused(_))), "{merged:?}");
}
