//! The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json. Its paths are checked against the
//! router by the tests (each documented operation is served, each API route is documented).

use axum::Json;
use serde_json::{Value, json};

fn err(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn ok_json(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

fn path_param(name: &str, description: &str, kind: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": kind}})
}

fn query_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}})
}

fn op(summary: &str, params: Vec<Value>, body: Option<Value>, ok: (&str, Value)) -> Value {
    let mut responses = json!({
        "401": err("未登录，或 API 令牌无效"),
        "403": err("角色无权访问，或会话调用缺少 X-CSRF-Token")
    });
    responses[ok.0] = ok.1;
    let mut o = json!({"summary": summary, "parameters": params, "responses": responses});
    if let Some(b) = body {
        o["requestBody"] = b;
        o["responses"]["422"] = err("内容有误（fields 列出各字段的问题）");
    }
    o
}

fn json_body(schema: Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema}}})
}

/// The document.
pub fn spec() -> Value {
    let case_ref = json!({"$ref": "#/components/schemas/CaseDetail"});
    let year = path_param("year", "报告年度", "integer");
    let id = path_param("id", "申请编号", "string");
    let file = |d: &str| json!({"description": d, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}});
    let search: Vec<Value> = [
        ("q", "申请编号或申请内容中的文字"),
        ("name", "申请人姓名或名称中的文字（记入个人信息查阅记录）"),
        ("sort", "排序：id、received、due，前加“-”为倒序；默认按办理状态"),
        ("state", "open、closed、overdue、due_soon、paused、unknown"),
        ("applicant", "申请人类型（natural_person、commercial、research、public_interest、legal_services、other_org）"),
        ("channel", "申请渠道（in_person、registered_post、letter、online、fax）"),
        ("outcome", "表三办理结果行键（如 granted、denied.third_party），或组前缀（如 denied.）"),
        ("from", "收到申请日期起（年-月-日，如 2026-11-03）"),
        ("to", "收到申请日期止（年-月-日）"),
        ("page", "页码，自 1 起"),
        ("per_page", "每页件数，1 至 1000，默认 50"),
    ]
    .iter()
    .map(|(n, d)| query_param(n, d))
    .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "gongkai 政府信息公开工作台 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "依申请公开案件的登记、期限和答复，年度报告的表二、正文、检查和导出；监督评估（地区树、得分排名、指标、更正、上传、雷同、评估报告）。程序以 Authorization: Bearer 令牌（gongkai token create 生成）调用；以登录会话调用时，修改类请求须在 X-CSRF-Token 中提供会话校验码。错误以 JSON 返回：{\"error\": 说明, \"fields\": {字段: 说明}}。"
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/api/openapi.json": {"get": {"summary": "本文档", "security": [], "responses": {"200": ok_json("OpenAPI 文档", json!({"type": "object"}))}}},
            "/api/agencies": {"get": {"summary": "平台上登记的机关（公开，无须令牌）：全部按地区，或名称、简称、别名含 q 的", "security": [], "parameters": [query_param("q", "名称中的字词（两个字即可，取前 50 字）")], "responses": {"200": ok_json("机关：统一社会信用代码、名称、简称、地区、监督机关、网站域名；truncated 表示超过 2000 个未全列出", json!({"type": "object"}))}}},
            "/api/cases": {
                "get": op("查询案件（不含申请人个人信息）", search, None, ("200", ok_json("一页案件", json!({"$ref": "#/components/schemas/CasePage"})))),
                "post": op("登记新申请", vec![], Some(json_body(json!({"$ref": "#/components/schemas/Application"}))), ("201", ok_json("已登记的案件", case_ref.clone())))
            },
            "/api/cases/{id}": {"get": op("案件及其期限计算、可生成的告知书", vec![id.clone()], None, ("200", ok_json("案件", case_ref.clone())))},
            "/api/cases/{id}/events": {"post": op("登记办理环节（整个环节序列重新校验，有误不保存）", vec![id.clone()], Some(json_body(json!({"$ref": "#/components/schemas/Step"}))), ("201", ok_json("登记后的案件", case_ref)))},
            "/api/cases/{id}/applicant": {"get": op("申请人信息（身份证明号码部分隐藏；每次查阅记入日志）", vec![id.clone()], None, ("200", ok_json("申请人信息", json!({"type": "object"}))))},
            "/api/cases/{id}/notices/{kind}": {"get": op("告知书文件", vec![id, path_param("kind", "告知书种类：correction、extension、granted、partially_granted、denied、unable、not_processed、other.no_correction、other.fee_unpaid、other.other", "string"), query_param("format", "docx 或 pdf（默认 pdf）")], None, ("200", file("DOCX 或 PDF")))},
            "/api/due": {"get": op("待办与期限：逾期和 5 个工作日内到期的案件", vec![], None, ("200", ok_json("到期情况", json!({"type": "object"}))))},
            "/api/import": {"post": op("导入台账文件（请求内容为 .xlsx 或 .csv 文件；整体导入）", vec![], Some(json!({"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}})), ("200", ok_json("导入件数", json!({"type": "object", "properties": {"imported": {"type": "integer"}}}))))},
            "/api/audit": {"get": op("个人信息查阅和修改记录（仅负责人）", vec![], None, ("200", ok_json("记录", json!({"type": "array"}))))},
            "/api/reports/{year}": {"get": op("年度报告（交换格式 JSON）", vec![year.clone()], None, ("200", ok_json("报告", json!({"type": "object"}))))},
            "/api/reports/{year}/checks": {"get": op("年度报告的检查结果及说明", vec![year.clone()], None, ("200", ok_json("检查结果", json!({"type": "array"}))))},
            "/api/reports/{year}/cells/{row}/{col}": {"get": op("表三某一单元格所依据的案件，或表四某一单元格所依据的行政复议、行政诉讼案件", vec![year.clone(), path_param("row", "表三行键，或表四组键（reconsideration、litigation_direct、litigation_after_reconsideration）", "string"), path_param("col", "表三：0–5 为申请人类型，6 为总计；表四：0 维持、1 纠正、2 其他、3 尚未审结、4 总计", "integer"), query_param("table", "3（默认）或 4")], None, ("200", ok_json("案件编号", json!({"type": "object"}))))},
            "/api/reports/{year}/export/{format}": {"get": op("下载年度报告", vec![year.clone(), path_param("format", "pdf、docx、html、xlsx、md 或 json", "string")], None, ("200", file("报告文件")))},
            "/api/reports/{year}/table2": {"put": op("填写表二（每个单元格必填，按列的类型校验）", vec![year.clone()], Some(json_body(json!({"type": "object", "description": "{行键: {列键: 数值}}"}))), ("200", ok_json("保存的表二", json!({"type": "object"}))))},
            "/api/reports/{year}/sections/{number}": {"put": op("修改正文某一部分", vec![year, path_param("number", "1 至 6", "integer")], Some(json_body(json!({"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}))), ("200", ok_json("保存的正文", json!({"type": "object"}))))},
            "/api/catalogue": {
                "get": op("政府信息公开目录：全部条目（含草稿）分页，或以 q 全文检索已发布的条目", vec![query_param("q", "检索词（标题、文号、正文）"), query_param("topic", "主题分类"), query_param("year", "发布年度"), query_param("page", "页码，自 1 起")], None, ("200", ok_json("条目", json!({"type": "object"})))),
                "post": op("登记新条目（index_no 留空则按本机关规则生成索引号）", vec![], Some(json_body(json!({"$ref": "#/components/schemas/CatalogueEntry"}))), ("201", ok_json("登记的条目", json!({"$ref": "#/components/schemas/CatalogueEntry"}))))
            },
            "/api/catalogue/entry": {
                "get": op("一个条目及其附件和变更记录", vec![query_param("index_no", "索引号")], None, ("200", ok_json("条目", json!({"type": "object"})))),
                "put": op("修改条目（索引号不变）", vec![query_param("index_no", "索引号")], Some(json_body(json!({"$ref": "#/components/schemas/CatalogueEntry"}))), ("200", ok_json("修改后的条目", json!({"$ref": "#/components/schemas/CatalogueEntry"}))))
            },
            "/api/catalogue/steps": {"post": op("发布、撤回，或登记已废止、已失效、已修改", vec![query_param("index_no", "索引号")], Some(json_body(json!({"type": "object", "required": ["action"], "properties": {"action": {"enum": ["publish", "withdraw", "repeal", "expire", "amend"]}, "date": {"type": "string", "format": "date"}, "by": {"type": "string", "description": "废止或修改的文件"}}}))), ("200", ok_json("条目", json!({"$ref": "#/components/schemas/CatalogueEntry"}))))},
            "/api/catalogue/import": {"post": op("导入目录文件（请求内容为 CSV 或 XLSX；整体导入）", vec![], Some(json!({"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}})), ("200", ok_json("导入条数", json!({"type": "object", "properties": {"imported": {"type": "integer"}}}))))},
            "/api/catalogue/late": {"get": op("逾期发布或逾期未发布的条目（条例第二十六条，20 个工作日）", vec![], None, ("200", ok_json("条目", json!({"type": "object"}))))},
            "/api/catalogue/in-force": {"get": op("某日现行有效的规章和行政规范性文件", vec![query_param("date", "日期 YYYY-MM-DD（默认今天）")], None, ("200", ok_json("现行有效文件", json!({"type": "object"}))))},
            "/api/catalogue/table2/{year}": {"get": op("按目录统计的表二规章、行政规范性文件行和本年主动公开条数", vec![path_param("year", "报告年度", "integer")], None, ("200", ok_json("统计", json!({"type": "object"}))))},
            "/api/supervise/regions": {"get": op("监督评估：地区树及各地区的单位（监督人员）", vec![], None, ("200", ok_json("地区", json!({"type": "object"}))))},
            "/api/supervise/scores": {"get": op("监督评估：某年度某地区各单位的得分、排名、扣分依据，地区和各单位的指标，表三表四汇总及其单位", vec![query_param("year", "报告年度（默认最近一年）"), query_param("region", "地区路径，如 福建省/平潭综合实验区（默认全部单位）")], None, ("200", ok_json("评估结果", json!({"type": "object"}))))},
            "/api/supervise/units/{id}": {"get": op("监督评估：单位及其各年度报告、得分和与上年度的衔接问题", vec![path_param("id", "单位编号", "string")], None, ("200", ok_json("单位", json!({"type": "object"}))))},
            "/api/supervise/reports": {"post": op("监督评估：上传一份已发布的年度报告（请求内容为文件，文件名以百分号编码放在 X-File-Name 中）", vec![], Some(json!({"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}})), ("200", ok_json("读取结果", json!({"type": "object"}))))},
            "/api/supervise/reports/{id}": {"get": op("监督评估：报告的读取结果（交换格式）、问题、得分和更正记录", vec![path_param("id", "报告编号", "string"), query_param("version", "版本（默认现行版本）")], None, ("200", ok_json("报告", json!({"type": "object"}))))},
            "/api/supervise/reports/{id}/corrections": {"post": op("监督评估：依据原文更正一个单元格（生成新版本，记录更正人和理由）", vec![path_param("id", "报告编号", "string")], Some(json_body(json!({"type": "object", "required": ["table", "row", "column", "value", "reason"], "properties": {"table": {"enum": ["table2", "table3", "table4"]}, "row": {"type": "string"}, "column": {"type": "string", "description": "列序号（0 起）；表二为列键"}, "value": {"type": "string", "description": "数字、“空白”或原文所印符号"}, "reason": {"type": "string"}}}))), ("201", ok_json("新版本", json!({"type": "object", "properties": {"id": {"type": "string"}, "version": {"type": "integer"}}}))))},
            "/api/supervise/similar": {"get": op("监督评估：雷同的报告对及共有段落", vec![query_param("min", "共有自有正文的最低比例（百分数，默认 20）")], None, ("200", ok_json("报告对", json!({"type": "object"}))))},
            "/api/supervise/assessment": {"get": op("监督评估：评估报告文件", vec![query_param("year", "报告年度"), query_param("region", "地区路径"), query_param("format", "pdf、docx 或 html")], None, ("200", file("评估报告")))}
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "gongkai token create 生成的令牌"},
                "session": {"type": "apiKey", "in": "cookie", "name": "gk_session"}
            },
            "schemas": {
                "CatalogueEntry": {"type": "object", "required": ["index_no", "title", "publisher", "written", "topic", "genre", "kind", "mode", "validity", "body"], "properties": {
                    "index_no": {"type": "string"}, "title": {"type": "string"}, "publisher": {"type": "string"},
                    "doc_no": {"type": ["string", "null"]}, "written": {"type": "string", "format": "date"},
                    "published": {"type": ["string", "null"], "format": "date"}, "withdrawn": {"type": ["string", "null"], "format": "date"},
                    "topic": {"type": "string"}, "genre": {"type": "string"}, "kind": {"enum": ["regulation", "normative", "other"]},
                    "art20": {"type": ["integer", "null"], "minimum": 1, "maximum": 15}, "mode": {"type": "string"},
                    "validity": {"type": "object", "description": "{\"state\": \"in_force\"} 或 {\"state\": \"repealed\", \"on\": 日期, \"by\": 文件}"},
                    "amends": {"type": ["string", "null"]}, "body": {"type": "string", "description": "正文 HTML（保存时只保留段落、列表、表格、加粗和链接）"}}},
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}, "fields": {"type": "object", "additionalProperties": {"type": "string"}}}},
                "CaseRow": {"type": "object", "properties": {
                    "id": {"type": "string"}, "applicant": {"type": "string"}, "channel": {"type": "string"},
                    "received": {"type": "string", "format": "date"}, "due": {"type": ["string", "null"], "format": "date"},
                    "clock": {"enum": ["running", "paused", "closed", "unknown"]},
                    "closed_on": {"type": ["string", "null"], "format": "date"}, "outcome": {"type": ["string", "null"]}}},
                "CasePage": {"type": "object", "properties": {"total": {"type": "integer", "description": "匹配的件数，最多计到 10000"}, "more": {"type": "boolean", "description": "匹配超过 10000 件"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}, "cases": {"type": "array", "items": {"$ref": "#/components/schemas/CaseRow"}}}},
                "Application": {"type": "object", "required": ["id", "applicant", "applicant_name", "channel", "received", "content"], "properties": {
                    "id": {"type": "string"}, "applicant": {"type": "string"}, "applicant_name": {"type": "string"},
                    "channel": {"type": "string"}, "received": {"type": "string", "format": "date"}, "content": {"type": "string"},
                    "events": {"type": "array", "items": {"type": "object"}}}},
                "CaseDetail": {"type": "object", "properties": {
                    "case": {"$ref": "#/components/schemas/Application"}, "due": {"type": ["string", "null"]},
                    "status": {}, "steps": {"type": "array", "items": {"type": "string"}},
                    "warnings": {"type": "array", "items": {"type": "string"}},
                    "notices": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}, "title": {"type": "string"}}}}}},
                "Step": {"type": "object", "required": ["kind", "date"], "properties": {
                    "kind": {"enum": ["correction-requested", "correction-received", "extended", "consultation-sent", "consultation-answered", "fee-notified", "fee-paid", "fee-unpaid", "correction-lapsed", "replied", "referred", "withdrawn"]},
                    "date": {"type": "string", "format": "date"}, "outcome": {"type": "string"}, "days": {"type": "integer"},
                    "approved_by": {"type": "string"}, "party": {"enum": ["第三方", "其他行政机关"]}, "amount": {"type": "string"},
                    "consulted": {"type": "string"}, "responsible": {"type": "string"}, "responsible_contact": {"type": "string"}}}
            }
        }
    })
}

/// GET /api/openapi.json.
pub async fn document() -> Json<Value> {
    Json(spec())
}
