//! Words offices use for a choice besides its label and its file value.

use crate::Kind;

/// (ledger, field, choice, other words for it).
/// One line per row of the contract's table of synonyms.
#[rustfmt::skip]
pub const SYNONYMS: &[(Kind, &str, &str, &[&str])] = &[
    (Kind::TrainingSessions, "kind", "warning_education", &["警示教育", "廉政教育", "警示教育/廉政教育"]),
    (Kind::TrainingSessions, "kind", "competition", &["知识竞赛", "演讲比赛"]),
    (Kind::TrainingSessions, "kind", "model_education", &["英模教育", "英模事迹报告会"]),
    (Kind::TrainingSessions, "format", "in_person", &["现场", "线下", "集中学习"]),
    (Kind::TrainingSessions, "format", "livestream", &["网络直播", "直播"]),
    (Kind::TrainingSessions, "format", "online", &["线上", "网络"]),
    (Kind::TrainingSessions, "format", "mixed", &["线上线下结合", "线上+线下"]),
    (Kind::HonouredModels, "kind", "individual", &["个人"]),
    (Kind::HonouredModels, "kind", "collective", &["集体"]),
    (Kind::HonouredModels, "level", "national", &["国家级"]),
    (Kind::HonouredModels, "level", "provincial", &["省级"]),
    (Kind::HonouredModels, "level", "city", &["市级"]),
    (Kind::HonouredModels, "level", "county", &["县级", "区级"]),
    (Kind::Cases, "source", "self_report", &["自查", "主动说明", "自查自纠"]),
    (Kind::Cases, "source", "supervision_group", &["督导组交办"]),
    (Kind::Cases, "source", "public_report", &["群众举报", "信访举报"]),
    (Kind::Cases, "source", "higher_referral", &["上级交办"]),
    (Kind::Cases, "source", "inspection", &["巡察"]),
    (Kind::Cases, "status", "received", &["已受理"]),
    (Kind::Cases, "status", "verifying", &["待核查", "核查中", "正在核查"]),
    (Kind::Cases, "status", "resolved", &["已办结", "办结"]),
    (Kind::Cases, "outcome", "disciplined", &["查实处理"]),
    (Kind::Cases, "outcome", "rectified", &["整改", "已整改"]),
    (Kind::Cases, "outcome", "unfounded", &["查否澄清", "查否"]),
    (Kind::Cases, "outcome", "transferred", &["移送"]),
    (Kind::Cases, "category", "interference", &["违反防止干预司法“三个规定”", "三个规定"]),
    (Kind::Cases, "category", "improper_contact", &["律师和司法人员不正当接触交往"]),
    (Kind::Offices, "level", "province", &["省级"]),
    (Kind::Offices, "level", "city", &["市级"]),
    (Kind::Offices, "level", "county", &["县级", "区级"]),
    (Kind::Offices, "system", "committee", &["政法委"]),
    (Kind::Offices, "system", "court", &["法院"]),
    (Kind::Offices, "system", "procuratorate", &["检察院"]),
    (Kind::Offices, "system", "public_security", &["公安"]),
    (Kind::Offices, "system", "justice", &["司法局", "司法行政"]),
    (Kind::Offices, "system", "prison", &["监狱"]),
];
