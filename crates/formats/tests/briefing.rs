//! The briefing's draft (`domain::briefing`). Expected figures come from the
//! source reports (the sample) or are counted by hand from a small tree.

use taizhang_core::briefing::{draft, figures};
use taizhang_core::figures::dashboard::Scope;
use taizhang_core::ledgers::sample;
use taizhang_core::ledgers::tree::OfficeTree;
use taizhang_core::*;
use uuid::Uuid;

fn day(y: i32, m: u8, d: u8) -> Day {
    Day::from_ymd(y, m, d).expect("day")
}

fn now() -> Timestamp {
    Timestamp::parse("2021-05-01T00:00:00Z").expect("time")
}

fn text_of(data: &Dataset, office: &str, from: Option<Day>, to: Option<Day>, lang: Lang) -> String {
    let tree = OfficeTree::new(&data.offices);
    let today = day(2021, 5, 1);
    let scope = Scope::new(data, &tree, office, from, to, today);
    let name = data
        .offices
        .iter()
        .find(|o| o.code == office)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    draft(
        &figures(data, &tree, office, &scope, &[]),
        &name,
        from,
        to,
        today,
        lang,
    )
    .text()
}

#[test]
fn the_sample_districts_briefing_states_the_sources_figures() {
    let data = sample::dataset(&now());
    let text = text_of(&data, sample::DISTRICT, None, None, Lang::Zh);
    // 石峰区's report: 227 sessions, 24 party lessons by the heads, 29 integrity sessions; 458 officers.
    for figure in [
        "共227场次",
        "专题党课24次",
        "警示/廉政教育29次",
        "政法干警458名",
    ] {
        assert!(text.contains(figure), "{figure} in {text}");
    }
    assert!(text.starts_with("石峰区委政法委政法队伍教育整顿工作简报"));
}

fn office(code: &str, name: &str, parent: Option<&str>, headcount: u32) -> Office {
    Office {
        code: code.into(),
        name: name.into(),
        level: OfficeLevel::County,
        system: OfficeSystem::Committee,
        parent: parent.map(Into::into),
        headcount: Some(headcount),
    }
}

fn session(office: &str, kind: TrainingKind, on: Day, participants: u32) -> TrainingSession {
    TrainingSession {
        id: Uuid::new_v4(),
        office: office.into(),
        revision: 1,
        updated_at: now(),
        deleted: false,
        title: "Session".into(),
        kind,
        format: TrainingFormat::InPerson,
        start_date: on,
        end_date: on,
        participants,
        hours: None,
        notes: String::new(),
    }
}

fn case(office: &str, on: Day, resolved: Option<Day>) -> Case {
    Case {
        id: Uuid::new_v4(),
        office: office.into(),
        revision: 1,
        updated_at: now(),
        deleted: false,
        reference: format!("R{}", Uuid::new_v4()),
        source: CaseSource::PublicReport,
        category: CaseCategory::Business,
        received_on: on,
        deadline: None,
        status: if resolved.is_some() {
            CaseStatus::Resolved
        } else {
            CaseStatus::Verifying
        },
        resolved_on: resolved,
        outcome: resolved.map(|_| CaseOutcome::Rectified),
        notes: String::new(),
    }
}

/// City → district → court, ASCII names so that an English text with a
/// Chinese word in it shows.
fn three_levels() -> Dataset {
    let mut data = Dataset {
        offices: vec![
            office("city", "City", None, 10),
            office("district", "District", Some("city"), 20),
            office("court", "Court", Some("district"), 30),
        ],
        ..Default::default()
    };
    data.training_sessions = vec![
        session("court", TrainingKind::PartyLesson, day(2021, 3, 10), 30),
        session(
            "district",
            TrainingKind::PoliticalRotation,
            day(2021, 4, 2),
            50,
        ),
        session("city", TrainingKind::PartyLesson, day(2021, 4, 3), 99), // above the district: out of scope
        session("court", TrainingKind::PartyLesson, day(2021, 6, 3), 7), // after the period
    ];
    data.cases = vec![
        case("court", day(2021, 3, 5), Some(day(2021, 3, 20))),
        case("court", day(2021, 3, 6), Some(day(2021, 4, 20))),
        case("district", day(2021, 4, 6), None),
    ];
    data
}

#[test]
fn the_draft_states_the_dashboards_figures_and_leaves_out_what_is_zero() {
    let data = three_levels();
    let (from, to) = (Some(day(2021, 3, 1)), Some(day(2021, 4, 30)));
    let zh = text_of(&data, "district", from, to, Lang::Zh);
    for figure in [
        "（2021年3月1日至2021年4月30日）",
        "District及所属1个单位共有政法干警50名",
        "共2场次，参学80人次",
        "政治轮训1期（50人次），专题党课1次",
        "三、问题线索核查办理",
        "共受理问题线索3件，已办结2件，办结率66.67%",
        "正在核查办理1件",
        "群众举报3件",
        "违规经商办企业3件",
        "1.Court100.00%（2/2）",
        // The district's own case, beside the court under it.
        "2.District（本级）0.00%（0/1）",
    ] {
        assert!(zh.contains(figure), "{figure} in\n{zh}");
    }
    // No honoured models in scope: no sentence about them, and no 0 anywhere said.
    assert!(!zh.contains("英模") && !zh.contains("先进"), "{zh}");
    assert!(
        !zh.contains("0场次") && !zh.contains("0件") && !zh.contains("超期"),
        "{zh}"
    );

    let en = text_of(&data, "district", from, to, Lang::En);
    for figure in [
        "(2021-03-01 to 2021-04-30)",
        "50 officers",
        "2 training sessions with 80 participants",
        "66.67%",
        "Court 100.00% (2/2)",
        "District (own) 0.00% (0/1)",
    ] {
        assert!(en.contains(figure), "{figure} in\n{en}");
    }
    assert!(
        !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "English only:\n{en}"
    );
}

/// A 1×1 PNG (from the PNG specification's smallest valid image).
const PIXEL: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

#[test]
fn the_word_document_holds_the_text_a_table_and_the_pictures() {
    use taizhang_core::briefing::Document;
    use taizhang_formats::word;
    let doc = Document {
        title: "标题".into(),
        subtitle: "（期间）".into(),
        text: "标题\n\n一、学习教育\n共227场次。".into(),
        table_heading: "主要数据".into(),
        table: vec![("学习教育".into(), "227场次".into())],
        ranking_heading: "排名".into(),
        ranking: vec![("石峰区人民法院".into(), "100.00%".into(), "3/3".into())],
        charts: vec!["图一".into()],
        signatures: ["制表人".into(), "审核人".into(), "日期".into()],
        headings: Vec::new(),
    };
    let bytes = word(&doc, &[PIXEL.to_vec()]).expect("written");
    assert!(bytes.starts_with(b"PK"));
    let has = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(
        has("word/document.xml") && has("word/media/"),
        "a document with a picture"
    );
    // The document's own text, read from the package by a zip reader: the
    // figures' table, the ranking's rows and the signature line are there.
    let mut package = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut package
            .by_name("word/document.xml")
            .expect("the document part"),
        &mut xml,
    )
    .expect("utf-8");
    let cells = |xml: &str| -> Vec<String> {
        xml.split("<w:tc>")
            .skip(1)
            .map(|cell| {
                let cell = cell.split("</w:tc>").next().unwrap_or(cell);
                cell.split("<w:t")
                    .skip(1)
                    .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                    .filter_map(|t| t.split_once("</w:t>").map(|(text, _)| text))
                    .collect::<String>()
            })
            .collect()
    };
    assert_eq!(
        cells(&xml),
        [
            "学习教育",
            "227场次",
            "1",
            "石峰区人民法院",
            "100.00%",
            "3/3"
        ],
        "the figures' table, then the ranking with its place"
    );
    assert!(xml.contains("制表人：________　　审核人：________　　日期：________"));
    assert!(xml.contains("共227场次。"));
}
