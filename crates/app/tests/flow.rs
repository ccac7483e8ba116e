//! The import and export flow, natively: where reading a file leads (the
//! password question included) and how an export is named and written —
//! the names as `docs/exchange-format.md`, `docs/protected-files.md` and
//! `docs/sheets.md` give them.

use taizhang_app::flow::{
    password_asked, ExportFormat, ExportIntent, ImportStage, Mapping, Opened, Preview,
};
use taizhang_core::base::errors::AppError;
use taizhang_core::base::problem::FileProblem;
use taizhang_core::exchange::ImportError;
use taizhang_core::{Day, Timestamp};
use taizhang_protocol::EngineKind;

fn refused_with(problem: FileProblem) -> AppError {
    AppError::File(vec![ImportError::new("", problem)])
}

type Stage = ImportStage<&'static str>;

fn after(read: Result<Opened, AppError>, asked: bool) -> Option<Stage> {
    Stage::after_read("the file", "台账.zip".into(), asked, read, Vec::new())
}

#[test]
fn a_protected_file_asks_its_password_and_says_when_the_last_one_was_wrong() {
    assert_eq!(
        password_asked(&refused_with(FileProblem::PasswordNeeded)),
        Some(false)
    );
    assert_eq!(
        password_asked(&refused_with(FileProblem::WrongPassword)),
        Some(true)
    );
    // Any other refusal, or a password problem beside another error, is a refusal.
    assert_eq!(
        password_asked(&refused_with(FileProblem::ZipNotOneFile(2))),
        None
    );
    let two = AppError::File(vec![
        ImportError::new("", FileProblem::WrongPassword),
        ImportError::new("/cases/0", FileProblem::ZipNotOneFile(2)),
    ]);
    assert_eq!(password_asked(&two), None);

    let asked = |problem, given| match after(Err(refused_with(problem)), given) {
        Some(ImportStage::Password(question)) => Some((question.file, question.wrong)),
        _ => None,
    };
    assert_eq!(
        asked(FileProblem::PasswordNeeded, false),
        Some(("the file", false))
    );
    // Asked again after a password was given: it was wrong, whatever the reader said.
    assert_eq!(
        asked(FileProblem::PasswordNeeded, true),
        Some(("the file", true))
    );
    assert_eq!(
        asked(FileProblem::WrongPassword, false),
        Some(("the file", true))
    );
}

#[test]
fn a_read_leads_to_its_preview_its_mapping_its_refusal_or_nothing_when_cancelled() {
    assert_eq!(after(Err(AppError::Cancelled), false), None);
    let preview = Preview {
        file: "台账.json".into(),
        ..Preview::default()
    };
    assert!(matches!(
        after(Ok(Opened::Preview(preview.clone())), false),
        Some(ImportStage::Preview(p)) if *p == preview
    ));
    match after(Ok(Opened::Sheets(Vec::new())), false) {
        Some(ImportStage::Mapping(mapping)) => {
            assert_eq!(
                mapping,
                Mapping::new("台账.zip".into(), Vec::new(), Vec::new())
            );
        }
        other => panic!("a mapping, not {other:?}"),
    }
    match after(Err(refused_with(FileProblem::ZipNotOneFile(2))), false) {
        Some(ImportStage::Refused(refusal)) => {
            assert_eq!(refusal.file, "台账.zip");
            assert_eq!(refusal.back, None);
            assert!(!refusal.invalid_signature());
        }
        other => panic!("a refusal, not {other:?}"),
    }
}

fn intent(format: ExportFormat, password: &str) -> ExportIntent {
    ExportIntent {
        format,
        office: None,
        from: Day::parse("2021-04-01"),
        to: None,
        password: password.into(),
        redacted: true,
    }
}

#[test]
fn an_export_is_named_for_its_office_and_day_and_goes_to_the_engine_that_carries_it() {
    let today = Day::parse("2021-06-01").expect("day");
    let now = Timestamp::parse("2021-06-01T08:00:00Z").expect("time");
    let own = Some("430204-committee".to_owned());
    let order = intent(ExportFormat::Exchange, "").order(own.clone(), today, now.clone());
    assert_eq!(order.file_name, "台账-430204-committee-20210601.json");
    assert_eq!(
        (order.engine(), order.mime()),
        (EngineKind::Exchange, "application/json")
    );
    assert_eq!(order.password, None, "an empty password is none");
    assert_eq!(order.source_office, own);
    assert!(order.redacted);
    assert_eq!(order.scope.from, Day::parse("2021-04-01"));

    // Protected: a ZIP, written by the workbook engine, holding the file as it would be named alone.
    let zip = intent(ExportFormat::Exchange, "Shifeng-2021").order(own.clone(), today, now.clone());
    assert_eq!(zip.file_name, "台账-430204-committee-20210601.json.zip");
    assert_eq!(
        (zip.engine(), zip.mime()),
        (EngineKind::Workbook, "application/zip")
    );
    assert_eq!(zip.zip_entry_name(), "台账-430204-committee-20210601.json");

    let book = intent(ExportFormat::Workbook, "").order(own.clone(), today, now.clone());
    assert_eq!(book.file_name, "台账-430204-committee-20210601.xlsx");
    assert_eq!(book.engine(), EngineKind::Workbook);
    assert_eq!(
        book.mime(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );

    // The office chosen names the file; this copy's own still signs it.
    let chosen = ExportIntent {
        office: Some("430204-court".into()),
        ..intent(ExportFormat::Exchange, "")
    }
    .order(own.clone(), today, now);
    assert_eq!(chosen.file_name, "台账-430204-court-20210601.json");
    assert_eq!(chosen.scope.office.as_deref(), Some("430204-court"));
    assert_eq!(chosen.source_office, own);
}
