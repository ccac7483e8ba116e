//! The CSV of a ledger opened by a spreadsheet program: text any office
//! typed that begins like a formula (`=HYPERLINK(…)`, `+1`, `-…`, `@…`) is
//! shown as text, never run. LibreOffice (headless) opens the file and saves
//! it as a workbook; openpyxl, an independent reader, says what each cell is.

use std::process::Command;
use taizhang_core::base::text::Lang;
use taizhang_core::exchange::csv_export::ledger_csv;
use taizhang_core::{ledgers::sample, HonouredModel, Timestamp, TrainingSession};

const LINK: &str = r#"=HYPERLINK("http://x.invalid/","x")"#;

/// The cells of the first sheet as LibreOffice read the CSV: (value, openpyxl's data type).
fn cells_in_libreoffice(name: &str, csv: &[u8]) -> Vec<Vec<(String, String)>> {
    let dir = std::env::temp_dir().join(format!("taizhang-csv-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(format!("{name}.csv"));
    std::fs::write(&path, csv).expect("write");
    // A profile of its own, so a running LibreOffice or another test does not interfere.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let run = Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&dir)
        .arg(&path)
        .output()
        .expect("soffice (Debian's libreoffice-calc-nogui, installed by scripts/setup.sh)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let xlsx = dir.join(format!("{name}.xlsx"));
    let read = Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(format!(
            "import openpyxl, json\nws = openpyxl.load_workbook({:?}).active\nprint(json.dumps([[(str(c.value or ''), c.data_type) for c in row] for row in ws.iter_rows()], ensure_ascii=False))",
            xlsx.display().to_string()
        ))
        .output()
        .expect("python3-openpyxl");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    serde_json::from_slice(&read.stdout).expect("json")
}

#[test]
fn text_that_begins_like_a_formula_is_shown_as_text_by_libreoffice() {
    let now = Timestamp::parse("2021-06-01T00:00:00Z").expect("time");
    let mut data = sample::dataset(&now);
    data.training_sessions[0].title = LINK.into();
    data.training_sessions[1].title = "+1+1".into();
    data.training_sessions[2].title = "@SUM(1,2)".into();
    data.training_sessions[3].title = "\t=1+1".into();
    data.training_sessions[4].title = "＝1+1".into();
    data.honoured_models[0].deeds = "-2+3".into();

    let sessions = cells_in_libreoffice(
        "sessions",
        &ledger_csv::<TrainingSession>(&data, Lang::Zh).expect("csv"),
    );
    let formulas: Vec<&(String, String)> = sessions
        .iter()
        .flatten()
        .filter(|(_, t)| t == "f")
        .collect();
    assert_eq!(
        formulas,
        Vec::<&(String, String)>::new(),
        "no cell is a formula"
    );
    let titles: Vec<&str> = sessions
        .iter()
        .skip(1)
        .take(5)
        .map(|row| row[0].0.as_str())
        .collect();
    // The text each shows: the apostrophe that keeps it text, then what was typed.
    assert_eq!(titles[0], format!("'{LINK}"));
    assert_eq!(titles[1], "'+1+1");
    assert_eq!(titles[2], "'@SUM(1,2)");
    assert!(
        titles[3].ends_with("=1+1") && titles[3].starts_with('\''),
        "{:?}",
        titles[3]
    );
    assert_eq!(titles[4], "'＝1+1");
    // The sample's notes that look like formulas are text as well, and ordinary text is as typed.
    let all: Vec<&str> = sessions.iter().flatten().map(|(v, _)| v.as_str()).collect();
    assert!(all
        .iter()
        .any(|v| v.contains("HYPERLINK(\"http://x.invalid/\",\"签到表\")")));
    assert!(all.contains(&"石峰区人民法院"));

    let models = cells_in_libreoffice(
        "models",
        &ledger_csv::<HonouredModel>(&data, Lang::Zh).expect("csv"),
    );
    assert!(models.iter().flatten().all(|(_, t)| t != "f"));
    assert!(models.iter().flatten().any(|(v, _)| v == "'-2+3"));
}
