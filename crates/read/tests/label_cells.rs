//! A row's label cell as documents print it: what follows the label in the same cell.

/// 表三's first row.
const KEY: &str = "new_received";

/// Marks after a row's label in its own cell (a stray “。” read by OCR, “（件）”) are not a cell of the row: the
/// row keeps its values, the same as without them.
#[test]
fn marks_after_a_label_in_its_cell_do_not_cost_the_row() {
    let path = gongkai_testkit::corpus().join("2019_shanghai-szfbgt.html");
    let html = std::fs::read_to_string(&path).unwrap();
    let label = "<p>一、本年新收政府信息公开申请数量</p>";
    assert!(html.contains(label));
    let plain = gongkai_read::read_bytes("plain.html", html.as_bytes()).unwrap();
    for marks in ["。", "（件）"] {
        let marked = html.replace(
            label,
            &format!("<p>一、本年新收政府信息公开申请数量{marks}</p>"),
        );
        let r = gongkai_read::read_bytes("marked.html", marked.as_bytes()).unwrap();
        let row = |r: &gongkai_model::Report| {
            let row = r.table3.row(KEY).expect("the row is read");
            row.cells
                .iter()
                .map(|c| c.value.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(row(&r), row(&plain), "{marks}");
        assert_eq!(
            row(&plain)[0],
            gongkai_model::CellValue::Number(821.into()),
            "the report prints 821"
        );
        assert!(
            !r.notes.iter().any(|n| n.code == "READ-UNPLACED"),
            "{marks}: {:?}",
            r.notes
        );
    }
}
