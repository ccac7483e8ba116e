//! The words on a chart as keys: titles, axes and series are the page's
//! words, worded by the catalogue; names and categories are data and stand
//! as they are.

use crate::base::text::{Message, Text};

/// A word of a chart's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartWord {
    ModelsByLevel,
    ResolutionByOffice,
    CasesByCategory,
    OpenCasesByAge,
    TrainingSessions,
    Coverage,
    CasesTrend,
    Level,
    Count,
    Office,
    ResolutionRate,
    Category,
    Cases,
    DaysSinceReceived,
    Period,
    Sessions,
    Participants,
    Attended,
    CumulativeParticipants,
    Headcount,
    Received,
    Resolved,
    OpenBacklog,
    Overdue,
    NotOverdue,
}

/// What a chart says somewhere: a word of its own, or data.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartLabel {
    Word(ChartWord),
    /// A name, a period, a category or choice as the files spell it.
    Data(Message),
    /// An office's own records beside those of the offices under it (本级).
    OwnLevel(String),
}

impl ChartLabel {
    /// No label (a chart without a title).
    pub fn none() -> ChartLabel {
        ChartLabel::Data(Message::same(""))
    }

    /// Data the same in both languages.
    pub fn same(text: impl Into<String>) -> ChartLabel {
        ChartLabel::Data(Message::same(text))
    }
}

impl From<ChartWord> for ChartLabel {
    fn from(word: ChartWord) -> ChartLabel {
        ChartLabel::Word(word)
    }
}

/// A choice's or ledger's label, as the files spell it.
impl From<Text> for ChartLabel {
    fn from(text: Text) -> ChartLabel {
        ChartLabel::Data(text.into())
    }
}
