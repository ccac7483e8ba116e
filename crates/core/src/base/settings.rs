//! Settings of this copy of the app, kept beside the ledgers.

use crate::base::day::{Day, Timestamp};
use crate::figures::phases::PhaseDates;
use crate::ledgers::model::Office;
use crate::reporting::approval::{Approval, Locks};
use serde::{Deserialize, Serialize};

/// Which office this copy is, when it last exported, and the campaign's phase dates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The office this copy belongs to (shown in the header).
    pub own_office: Option<String>,
    pub last_export: Option<Timestamp>,
    /// Campaign phase dates, per office.
    #[serde(default)]
    pub phases: Vec<PhaseDates>,
    /// The day of the next month each receiving office wants a month's
    /// ledgers by (unlisted: `reporting::DEFAULT_DUE_DAY`).
    #[serde(default)]
    pub due_days: Vec<(String, u8)>,
    /// Approvals this copy took from above (for its own months, when they
    /// matched its records): they lock its months, and only a reopen from
    /// above opens them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals_taken: Vec<Approval>,
    /// Approvals this copy gave for months of offices under it: they lock
    /// those months here too. Kept apart, so nothing given here can open a
    /// month taken from above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals_given: Vec<Approval>,
    /// Approvals kept before taken and given were apart (read, never written).
    #[serde(default, rename = "approvals", skip_serializing)]
    pub approvals_before: Vec<Approval>,
    /// Days after the due day at which an office reporting to this one has
    /// its month locked here, unless sent back (none: never by itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_days: Option<u16>,
    /// Minutes without use after which the app lock locks the page (none:
    /// `applock::DEFAULT_IDLE_MINUTES`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_minutes: Option<u32>,
}

impl Settings {
    /// Minutes without use before the locked app locks itself (at least one).
    pub fn idle_minutes(&self) -> u32 {
        self.idle_minutes
            .unwrap_or(crate::trust::applock::DEFAULT_IDLE_MINUTES)
            .max(1)
    }

    /// The due day `office` sets for the offices reporting to it.
    pub fn due_day(&self, office: &str) -> u8 {
        self.due_days
            .iter()
            .find(|(code, _)| code == office)
            .map_or(crate::reporting::DEFAULT_DUE_DAY, |(_, day)| *day)
    }

    /// These settings with approvals kept before taken and given were
    /// apart sorted into the two: one given by this office, else taken.
    pub fn upgraded(mut self) -> Settings {
        for approval in std::mem::take(&mut self.approvals_before) {
            if self.own_office.as_deref() == Some(approval.by.as_str()) {
                self.approvals_given.push(approval);
            } else {
                self.approvals_taken.push(approval);
            }
        }
        self
    }

    /// The months locked in this copy on `today`.
    pub fn locks(&self, offices: &[Office], today: Day) -> Locks {
        let own = self.own_office.as_deref();
        Locks::new(
            &self.approvals_taken,
            &self.approvals_given,
            offices,
            own,
            self.expiry_days,
            own.map_or(crate::reporting::DEFAULT_DUE_DAY, |o| self.due_day(o)),
            today,
        )
    }

    /// These settings with `office`'s due day set to `day` (1–28).
    pub fn with_due_day(&self, office: &str, day: u8) -> Settings {
        let mut next = self.clone();
        next.due_days.retain(|(code, _)| code != office);
        next.due_days.push((office.to_owned(), day.clamp(1, 28)));
        next
    }
}
