//! What the page and the engines say to each other: every request and reply
//! travels as JSON and comes back the same, and each request names the
//! engine that must answer it.

use taizhang_core::exchange::{Choice, ExportScope};
use taizhang_core::{Kind, Timestamp};
use taizhang_protocol::{
    ApplyRequest, EngineKind, ExportFormat, ExportOrder, Failure, PreviewRequest, Reply, Request,
    SheetsRequest, SignRequest, Stage,
};

fn now() -> Timestamp {
    Timestamp::parse("2021-06-01T08:00:00Z").expect("time")
}

fn order(format: ExportFormat, password: Option<&str>) -> ExportOrder {
    ExportOrder {
        file_name: "台账-430204-committee-20210601.json".into(),
        scope: ExportScope::default(),
        source_office: Some("430204-committee".into()),
        now: now(),
        format,
        password: password.map(str::to_owned),
        redacted: false,
    }
}

fn preview(file: &str) -> Request {
    Request::Preview(PreviewRequest {
        file: file.into(),
        password: None,
    })
}

#[test]
fn each_request_travels_as_json_and_names_its_engine() {
    let cases = [
        (preview("台账.json"), EngineKind::Exchange),
        (preview("台账"), EngineKind::Exchange),
        (preview("台账.XLSX"), EngineKind::Workbook),
        (preview("台账.csv"), EngineKind::Workbook),
        (preview("台账.et"), EngineKind::Workbook),
        (preview("台账.json.zip"), EngineKind::Workbook),
        (
            Request::PreviewSheets(SheetsRequest {
                plans: Vec::new(),
                choices: Vec::new(),
                now: now(),
            }),
            EngineKind::Workbook,
        ),
        (
            Request::Apply(ApplyRequest {
                choices: vec![(Kind::Cases, 3, Choice::TakeTheirs)],
                now: now(),
            }),
            EngineKind::Exchange,
        ),
        (
            Request::Export(order(ExportFormat::Exchange, None)),
            EngineKind::Exchange,
        ),
        (
            Request::Export(order(ExportFormat::Exchange, Some("Shifeng-2021"))),
            EngineKind::Workbook,
        ),
        (
            Request::Export(order(ExportFormat::Workbook, None)),
            EngineKind::Workbook,
        ),
        (
            Request::Export(order(ExportFormat::Workbook, Some("Shifeng-2021"))),
            EngineKind::Workbook,
        ),
        (
            Request::OwnKey("430204-committee".into()),
            EngineKind::Exchange,
        ),
        (
            Request::Sign(SignRequest {
                text: "{}".into(),
                office: "430204-committee".into(),
                cty: "taizhang-receipt".into(),
            }),
            EngineKind::Exchange,
        ),
    ];
    for (request, engine) in cases {
        let text = serde_json::to_string(&request).expect("json");
        let back: Request = serde_json::from_str(&text).expect("read back");
        assert_eq!(back, request, "{text}");
        assert_eq!(request.engine(), engine, "{text}");
    }
}

#[test]
fn replies_travel_as_json() {
    for reply in [
        Reply::Ready,
        Reply::Progress {
            stage: Stage::Checking,
            done: 1.0,
            total: 2.0,
        },
        Reply::Exported,
        Reply::Failed(Failure::Workbook),
        Reply::Failed(Failure::CannotRead("没有文件".into())),
        Reply::OwnKey(None),
    ] {
        let text = serde_json::to_string(&reply).expect("json");
        let back: Reply = serde_json::from_str(&text).expect("read back");
        assert_eq!(serde_json::to_string(&back).expect("json"), text);
    }
}
