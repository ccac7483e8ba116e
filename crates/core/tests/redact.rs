//! Files without personal details (脱敏, `docs/protected-files.md`): the
//! sample's names of honoured people, their deeds and the notes of models and
//! cases are nowhere in a redacted file; importing it over a copy that holds
//! those details changes none of them.

use taizhang_core::exchange::{
    apply, export, keep_details, plan, read, redact, to_json, Choice, ExportScope, Outcome,
    REDACTED,
};
use taizhang_core::{ledgers::sample, Dataset, Timestamp};

fn now() -> Timestamp {
    Timestamp::parse("2021-06-01T00:00:00Z").expect("time")
}

fn redacted_file(data: &Dataset) -> String {
    to_json(&redact(export(data, &ExportScope::default(), now(), None)))
}

/// What a redacted file must not hold: every personal text of the sample.
fn personal_texts(data: &Dataset) -> Vec<String> {
    let models = data
        .honoured_models
        .iter()
        .flat_map(|m| [m.name.clone(), m.deeds.clone(), m.notes.clone()]);
    let cases = data.cases.iter().map(|c| c.notes.clone());
    models
        .chain(cases)
        .filter(|t| t.chars().count() >= 2)
        .collect()
}

#[test]
fn a_redacted_file_says_so_and_holds_no_name_deed_or_note() {
    let data = sample::dataset(&now());
    let texts = personal_texts(&data);
    assert!(
        texts.len() >= 5,
        "the sample has names, deeds and notes: {texts:?}"
    );
    let file = redacted_file(&data);
    for text in &texts {
        assert!(
            !file.contains(text.as_str()),
            "{text:?} is in the redacted file"
        );
    }
    let read = read(file.as_bytes()).expect("a redacted file is a good file");
    assert!(read.redacted);
    assert!(file.contains(r#""redacted":true"#));
    // Everything else is there: the same records, the same titles and figures.
    assert_eq!(read.honoured_models.len(), data.honoured_models.len());
    assert_eq!(read.cases.len(), data.cases.len());
    assert!(read
        .honoured_models
        .iter()
        .all(|m| m.name == REDACTED && m.deeds.is_empty()));
    let titles =
        |d: &[taizhang_core::HonouredModel]| d.iter().map(|m| m.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&read.honoured_models), titles(&data.honoured_models));
    // A file not redacted does not say so.
    let plain = to_json(&export(&data, &ExportScope::default(), now(), None));
    assert!(!plain.contains("redacted"));
}

#[test]
fn importing_a_redacted_file_over_a_full_copy_changes_no_detail() {
    let local = sample::dataset(&now());
    let mut incoming = read(redacted_file(&local).as_bytes())
        .expect("good")
        .into_dataset();
    keep_details(&mut incoming, &local);
    let planned = plan(&local, &incoming);
    assert_eq!(planned.count(Outcome::Conflict), 0);
    assert_eq!(planned.count(Outcome::Updated), 0);
    let noted = |d: &Dataset| {
        d.honoured_models
            .iter()
            .filter(|m| !m.deeds.is_empty() && !m.notes.is_empty())
            .count()
    };
    assert!(noted(&local) >= 5, "models with deeds and notes to keep");
    let (merged, _) =
        apply(&local, &incoming, &planned, &|_, _| Choice::TakeTheirs).expect("merges");
    assert_eq!(merged, local);
}

#[test]
fn a_newer_record_in_a_redacted_file_brings_its_figures_and_keeps_the_details_here() {
    let local = sample::dataset(&now());
    let mut upstream = local.clone();
    let model = &mut upstream.honoured_models[0];
    model.title = "全国优秀法官".into();
    model.revision += 1;
    let mut case = upstream.cases[0].clone();
    case.revision += 1;
    case.reference = "线索〔2021〕9999号".into();
    upstream.cases[0] = case;
    let mut incoming = read(redacted_file(&upstream).as_bytes())
        .expect("good")
        .into_dataset();
    keep_details(&mut incoming, &local);
    let planned = plan(&local, &incoming);
    assert_eq!(planned.count(Outcome::Updated), 2);
    // The details compared below are there to lose.
    assert!(!local.honoured_models[0].deeds.is_empty() && !local.cases[0].notes.is_empty());
    let (merged, _) = apply(&local, &incoming, &planned, &|_, _| Choice::KeepMine).expect("merges");
    assert_eq!(merged.honoured_models[0].title, "全国优秀法官");
    assert_eq!(
        merged.honoured_models[0].name,
        local.honoured_models[0].name
    );
    assert_eq!(
        merged.honoured_models[0].deeds,
        local.honoured_models[0].deeds
    );
    assert_eq!(merged.cases[0].reference, "线索〔2021〕9999号");
    assert_eq!(merged.cases[0].notes, local.cases[0].notes);
    // A record this copy never had arrives as the file has it: without its details.
    let mut empty = read(redacted_file(&upstream).as_bytes())
        .expect("good")
        .into_dataset();
    keep_details(&mut empty, &Dataset::default());
    assert_eq!(empty.honoured_models[0].name, REDACTED);
}
