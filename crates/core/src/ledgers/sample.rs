//! A small, realistic dataset for a first look at the app, built from the
//! figures a news report of 石峰区 (Zhuzhou) gave in 2021:
//! 458 officers; 227 concentrated study sessions, of which 24 party lessons
//! by heads of units and 29 integrity-education sessions; 4 + 22 honoured
//! individuals and 2 + 4 collectives; 4 supervision-group leads (2 closed,
//! 2 verifying); 248 chronic-problem items (71 rectified); 8 self-reports.

use crate::base::day::{Day, Timestamp};
use crate::ledgers::enums::*;
use crate::ledgers::model::*;
use crate::ledgers::sequence::Sequence;

pub const DISTRICT: &str = "430204-committee";

fn day(year: i32, month: u8, d: u8) -> Day {
    Day::from_ymd(year, month, d).unwrap_or(Day(time::Date::MIN))
}

fn office(
    code: &str,
    name: &str,
    level: OfficeLevel,
    system: OfficeSystem,
    parent: Option<&str>,
    headcount: Option<u32>,
) -> Office {
    Office {
        code: code.into(),
        name: name.into(),
        level,
        system,
        parent: parent.map(Into::into),
        headcount,
    }
}

pub fn offices() -> Vec<Office> {
    use OfficeLevel::*;
    use OfficeSystem::*;
    vec![
        office(
            "430000-committee",
            "湖南省委政法委",
            Province,
            Committee,
            None,
            None,
        ),
        office(
            "430200-committee",
            "株洲市委政法委",
            City,
            Committee,
            Some("430000-committee"),
            None,
        ),
        office(
            DISTRICT,
            "石峰区委政法委",
            County,
            Committee,
            Some("430200-committee"),
            Some(18),
        ),
        office(
            "430204-court",
            "石峰区人民法院",
            County,
            Court,
            Some(DISTRICT),
            Some(96),
        ),
        office(
            "430204-procuratorate",
            "石峰区人民检察院",
            County,
            Procuratorate,
            Some(DISTRICT),
            Some(62),
        ),
        office(
            "430204-public_security",
            "株洲市公安局石峰分局",
            County,
            PublicSecurity,
            Some(DISTRICT),
            Some(238),
        ),
        office(
            "430204-justice",
            "石峰区司法局",
            County,
            Justice,
            Some(DISTRICT),
            Some(44),
        ),
    ]
}

const UNITS: [&str; 5] = [
    DISTRICT,
    "430204-court",
    "430204-procuratorate",
    "430204-public_security",
    "430204-justice",
];

fn training(seq: &mut Sequence, now: &Timestamp) -> Vec<TrainingSession> {
    use TrainingKind::*;
    // 227 sessions in all: 24 party lessons, 29 integrity sessions, the rest study of other kinds.
    let mut kinds = vec![PartyLesson; 24];
    kinds.extend(vec![WarningEducation; 29]);
    let others = [
        PoliticalRotation,
        PartyHistory,
        RedEducation,
        ModelEducation,
        Professional,
        Competition,
    ];
    kinds.extend((0..(227 - 24 - 29)).map(|i| others[i % others.len()]));
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let start = day(2021, 3, 1).add_days(seq.below(92) as i32);
            let long = kind == PoliticalRotation && i % 3 == 0;
            let (title, format) = match kind {
                PartyLesson => ("“一把手”讲专题党课", TrainingFormat::InPerson),
                WarningEducation => ("廉政警示教育", TrainingFormat::Mixed),
                PoliticalRotation => ("政法干警政治轮训班", TrainingFormat::InPerson),
                PartyHistory => ("党史学习教育集中学习", TrainingFormat::InPerson),
                RedEducation => ("赴秋收起义纪念馆开展红色教育", TrainingFormat::InPerson),
                ModelEducation => ("政法英模事迹报告会", TrainingFormat::Livestream),
                Professional => ("习近平法治思想专题培训", TrainingFormat::Online),
                _ => ("应知应会知识竞赛", TrainingFormat::InPerson),
            };
            TrainingSession {
                id: seq.uuid(),
                office: UNITS[i % UNITS.len()].into(),
                revision: 1,
                updated_at: now.clone(),
                deleted: false,
                title: format!("{title}（第{}期）", i % 12 + 1),
                kind,
                format,
                start_date: start,
                end_date: if long { start.add_days(2) } else { start },
                participants: 15 + seq.below(90) as u32,
                hours: Some(if long {
                    18.0
                } else {
                    2.0 + seq.below(3) as f64
                }),
                notes: session_note(i),
            }
        })
        .collect()
}

/// Notes as people write them: quotes, line breaks, and text a spreadsheet
/// would take for a formula, so that every reader and writer is tried on them.
fn session_note(i: usize) -> String {
    match i % 9 {
        0 => "参训人员含“新录用干警”和'辅警'\n第二期补训见附件".into(),
        3 => "=HYPERLINK(\"http://x.invalid/\",\"签到表\")".into(),
        6 => "+1 名外单位人员旁听，\"未\"计入人数".into(),
        _ => String::new(),
    }
}

fn models(seq: &mut Sequence, now: &Timestamp) -> Vec<HonouredModel> {
    #[rustfmt::skip]
    let groups: [(usize, ModelKind, &str, Day); 4] = [
        (4, ModelKind::Individual, "政法队伍教育整顿先进典型", day(2021, 4, 28)),
        (2, ModelKind::Collective, "政法队伍教育整顿先进单位", day(2021, 4, 28)),
        (22, ModelKind::Individual, "平安建设先进个人", day(2021, 3, 5)),
        (4, ModelKind::Collective, "平安建设先进集体", day(2021, 3, 5)),
    ];
    let mut out = Vec::new();
    for (count, kind, title, awarded_on) in groups {
        for n in 0..count {
            let office = UNITS[(out.len() + n) % UNITS.len()];
            let name = match kind {
                ModelKind::Individual => format!("干警{:02}", out.len() + 1),
                ModelKind::Collective => format!("{}第{}工作组", office_name(office), n + 1),
            };
            out.push(HonouredModel {
                id: seq.uuid(),
                office: office.into(),
                revision: 1,
                updated_at: now.clone(),
                deleted: false,
                name,
                kind,
                title: title.into(),
                level: HonourLevel::County,
                awarded_on,
                deeds: model_deeds(kind, out.len() + n),
                notes: if n % 3 == 1 {
                    "@政治部 推荐；事迹材料已报“市委政法委”".into()
                } else {
                    String::new()
                },
            });
        }
    }
    out
}

fn model_deeds(kind: ModelKind, n: usize) -> String {
    match kind {
        ModelKind::Individual => format!(
            "带队侦破“6·18”专案，追缴赃款{} 万元；\n\t坚守一线{}年",
            120 + n,
            n % 20 + 3
        ),
        ModelKind::Collective => "-全年无错案，群众满意率 99.2%\r\n“枫桥式”工作法推广".into(),
    }
}

fn office_name(code: &str) -> &'static str {
    match code {
        "430204-court" => "区法院",
        "430204-procuratorate" => "区检察院",
        "430204-public_security" => "石峰分局",
        "430204-justice" => "区司法局",
        _ => "区委政法委",
    }
}

#[allow(clippy::too_many_arguments)]
fn case(
    seq: &mut Sequence,
    now: &Timestamp,
    office: &str,
    reference: String,
    source: CaseSource,
    category: CaseCategory,
    received_on: Day,
    deadline: Option<Day>,
    resolved_on: Option<Day>,
) -> Case {
    let (status, outcome) = match resolved_on {
        Some(_) => (CaseStatus::Resolved, Some(CaseOutcome::Rectified)),
        None => (CaseStatus::Verifying, None),
    };
    let note = reference.ends_with("1号");
    Case {
        id: seq.uuid(),
        office: office.into(),
        revision: 1,
        updated_at: now.clone(),
        deleted: false,
        reference,
        source,
        category,
        received_on,
        deadline,
        status,
        resolved_on,
        outcome,
        notes: if note {
            "来源：12337 智能化举报平台\n“举报人”已回访，=SUM(A1:A9) 为原表公式".into()
        } else {
            String::new()
        },
    }
}

fn cases(seq: &mut Sequence, now: &Timestamp) -> Vec<Case> {
    use CaseCategory::*;
    let mut out = Vec::new();
    // Four leads assigned by the 3rd provincial supervision group: two closed, two verifying.
    let categories = [Interference, ImproperContact, Business, StakesLending];
    for (n, category) in categories.into_iter().enumerate() {
        let received = day(2021, 4, 16).add_days(n as i32 * 3);
        let resolved = (n < 2).then(|| received.add_days(12 + n as i32 * 5));
        out.push(case(
            seq,
            now,
            UNITS[1 + n],
            format!("督交〔2021〕{}号", n + 1),
            CaseSource::SupervisionGroup,
            category,
            received,
            Some(received.add_days(30)),
            resolved,
        ));
    }
    // 248 chronic-problem items from the provincial public-security department: 71 rectified.
    for n in 0..248 {
        let received = day(2021, 4, 20).add_days(seq.below(10) as i32);
        let resolved = (n < 71).then(|| received.add_days(5 + seq.below(40) as i32));
        out.push(case(
            seq,
            now,
            "430204-public_security",
            format!("顽瘴〔2021〕{:03}号", n + 1),
            CaseSource::HigherReferral,
            CaseHandling,
            received,
            Some(day(2021, 6, 30)),
            resolved,
        ));
    }
    // Eight officers who came forward themselves.
    for n in 0..8 {
        let received = day(2021, 4, 25).add_days(n * 2);
        out.push(case(
            seq,
            now,
            UNITS[n as usize % UNITS.len()],
            format!("自查〔2021〕{}号", n + 1),
            CaseSource::SelfReport,
            Other,
            received,
            None,
            None,
        ));
    }
    out
}

/// The campaign calendar of 株洲市 (first batch, 2021), which the district follows.
pub fn phases() -> Vec<crate::figures::phases::PhaseDates> {
    let plan = |phase, from: Day, to: Day| crate::figures::phases::PhaseDates {
        office: "430200-committee".into(),
        phase,
        from,
        to,
    };
    vec![
        plan(Phase::Study, day(2021, 3, 1), day(2021, 4, 13)),
        plan(Phase::Rectify, day(2021, 4, 14), day(2021, 6, 15)),
        plan(Phase::Consolidate, day(2021, 6, 16), day(2021, 7, 15)),
    ]
}

/// The sample dataset; `now` stamps every record's `updated_at`.
pub fn dataset(now: &Timestamp) -> Dataset {
    let mut seq = Sequence(0x0053_4849_4645_4E47);
    Dataset {
        offices: offices(),
        training_sessions: training(&mut seq, now),
        honoured_models: models(&mut seq, now),
        cases: cases(&mut seq, now),
    }
}
