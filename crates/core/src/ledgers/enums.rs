//! The exchange format's enums, each with its file value and its labels.

use crate::base::text::Text;
use serde::{Deserialize, Serialize};

/// Declares an enum whose serde names are the exchange format's values and
/// whose labels are given in both languages.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value written in exchange files.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> Text {
                match self { $($name::$variant => Text::new($zh, $en)),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Values with labels, for selects.
            pub fn options() -> Vec<(&'static str, Text)> {
                Self::ALL.iter().map(|v| (v.code(), v.label())).collect()
            }

            /// Every allowed value, for error messages.
            pub fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }
        }
    };
}

labelled_enum!(
    /// Where an office sits in the administrative hierarchy.
    OfficeLevel {
        Province = "province", "省级", "Province";
        City = "city", "市级", "City";
        County = "county", "县级", "County";
    }
);

labelled_enum!(
    /// Which branch of the political-legal workforce an office belongs to.
    OfficeSystem {
        Committee = "committee", "政法委", "Political-legal committee";
        Court = "court", "法院", "Court";
        Procuratorate = "procuratorate", "检察院", "Procuratorate";
        PublicSecurity = "public_security", "公安", "Public security";
        Justice = "justice", "司法行政", "Justice bureau";
        Prison = "prison", "监狱", "Prisons";
        Other = "other", "其他", "Other";
    }
);

labelled_enum!(
    TrainingKind {
        PoliticalRotation = "political_rotation", "政治轮训", "Political rotation training";
        PartyLesson = "party_lesson", "专题党课", "Party lesson";
        WarningEducation = "warning_education", "警示/廉政教育", "Warning / integrity education";
        ModelEducation = "model_education", "英模教育", "Hero-model education";
        PartyHistory = "party_history", "党史学习教育", "Party history";
        RedEducation = "red_education", "红色教育", "Red education";
        Professional = "professional", "业务培训", "Professional training";
        Competition = "competition", "知识竞赛/演讲比赛", "Quiz / speech contest";
        Other = "other", "其他", "Other";
    }
);

labelled_enum!(
    TrainingFormat {
        InPerson = "in_person", "现场", "In person";
        Livestream = "livestream", "网络直播", "Livestream";
        Online = "online", "线上", "Online";
        Mixed = "mixed", "线上线下结合", "Mixed";
    }
);

labelled_enum!(
    ModelKind {
        Individual = "individual", "先进个人", "Individual";
        Collective = "collective", "先进集体", "Collective";
    }
);

labelled_enum!(
    HonourLevel {
        National = "national", "国家级", "National";
        Provincial = "provincial", "省级", "Provincial";
        City = "city", "市级", "City";
        County = "county", "县级", "County";
    }
);

labelled_enum!(
    CaseSource {
        SupervisionGroup = "supervision_group", "督导组交办", "Supervision group";
        PublicReport = "public_report", "群众举报", "Public report";
        SelfReport = "self_report", "自查/主动说明", "Self-report";
        HigherReferral = "higher_referral", "上级交办", "Referred from above";
        Inspection = "inspection", "巡察", "Inspection";
        Other = "other", "其他", "Other";
    }
);

labelled_enum!(
    CaseCategory {
        Interference = "interference", "违反“三个规定”", "Interfering in justice";
        Business = "business", "违规经商办企业", "Running businesses";
        StakesLending = "stakes_lending", "违规参股借贷", "Illegal stakes and lending";
        SentenceReduction = "sentence_reduction", "违规减假暂", "Improper sentence reduction";
        CaseHandling = "case_handling", "有案不立/压案不查/有罪不究", "Cases not filed or pursued";
        ImproperContact = "improper_contact", "律师与司法人员不正当接触交往", "Improper lawyer contact";
        Other = "other", "其他", "Other";
    }
);

labelled_enum!(
    CaseStatus {
        Received = "received", "已受理", "Received";
        Verifying = "verifying", "核查中", "Verifying";
        Resolved = "resolved", "已办结", "Resolved";
    }
);

labelled_enum!(
    CaseOutcome {
        Disciplined = "disciplined", "查实处理", "Disciplined";
        Rectified = "rectified", "整改", "Rectified";
        Unfounded = "unfounded", "查否澄清", "Unfounded";
        Transferred = "transferred", "移送", "Transferred";
        Other = "other", "其他", "Other";
    }
);

labelled_enum!(
    /// The campaign's phases, in order.
    Phase {
        Study = "study", "学习教育", "Study and education";
        Rectify = "rectify", "查纠整改", "Investigation and rectification";
        Consolidate = "consolidate", "总结提升", "Consolidation";
        Review = "review", "回头看", "Look-back review";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for kind in TrainingKind::ALL {
            assert_eq!(TrainingKind::from_code(kind.code()), Some(*kind));
            let json = serde_json::to_string(kind).expect("json");
            assert_eq!(json, format!("\"{}\"", kind.code()));
        }
        assert_eq!(CaseStatus::from_code("closed"), None);
        assert_eq!(OfficeSystem::codes().len(), 7);
    }
}
