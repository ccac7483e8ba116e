//! What an approval locks: the months given or taken, and the changes —
//! by form, import, undo, removal or re-parenting — that would break one.

use super::{date_field, last_words, Action, Approval};
use crate::base::problem::FileProblem;
use crate::exchange::ImportError;
use crate::ledgers::model::{Dataset, Office, Record};
use crate::reporting::Month;
use crate::{Day, Kind};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// A month that no change may touch, and why: approved by `by` (or locked
/// by this copy's own office, `expired`, its expiry days past).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lock {
    pub office: String,
    pub month: Month,
    pub by: String,
    pub expired: bool,
}

/// The months locked on this copy: from the approvals it took (from above,
/// for its own months) and those it gave (for the months of offices under
/// it), each list's last word on an office and month counting on its own,
/// so that nothing given here can open a month taken from above; and, for
/// the offices reporting to `own_office`, the months whose due day lies
/// `expiry_days` or more days before `today` unless sent back since.
pub struct Locks {
    locks: Vec<Lock>,
    reopened: Vec<(String, Month)>,
    expiry: Option<(String, u16, u8, Day)>,
    parents: HashMap<String, Option<String>>,
}

impl Locks {
    pub fn new(
        taken: &[Approval],
        given: &[Approval],
        offices: &[Office],
        own_office: Option<&str>,
        expiry_days: Option<u16>,
        due_day: u8,
        today: Day,
    ) -> Locks {
        let mut locks = Vec::new();
        let mut reopened = Vec::new();
        for list in [taken, given] {
            for a in last_words(list) {
                let Some(month) = a.month() else { continue };
                match a.action {
                    Action::Approve => locks.push(Lock {
                        office: a.office.clone(),
                        month,
                        by: a.by.clone(),
                        expired: false,
                    }),
                    Action::Reopen => reopened.push((a.office.clone(), month)),
                }
            }
        }
        Locks {
            locks,
            reopened,
            expiry: own_office
                .zip(expiry_days)
                .map(|(own, days)| (own.to_owned(), days, due_day, today)),
            parents: offices
                .iter()
                .map(|o| (o.code.clone(), o.parent.clone()))
                .collect(),
        }
    }

    /// Whether `office` is `ancestor` or under it, in this copy's tree.
    fn within(&self, office: &str, ancestor: &str) -> bool {
        let mut current = Some(office);
        for _ in 0..=self.parents.len() {
            match current {
                Some(code) if code == ancestor => return true,
                Some(code) => current = self.parents.get(code).and_then(|p| p.as_deref()),
                None => return false,
            }
        }
        false
    }

    /// The lock on a record of `office` placed at `day`, if any.
    pub fn of(&self, office: &str, day: Day) -> Option<Lock> {
        let month = Month::of(day);
        if let Some(lock) = self
            .locks
            .iter()
            .find(|l| l.month == month && self.within(office, &l.office))
        {
            return Some(lock.clone());
        }
        let (own, days, due_day, today) = self.expiry.as_ref()?;
        // The office reporting to this one that the record belongs to.
        let child = self
            .parents
            .iter()
            .filter(|(_, parent)| parent.as_deref() == Some(own.as_str()))
            .map(|(code, _)| code)
            .find(|code| self.within(office, code))?;
        let reopened = self.reopened.iter().any(|(o, m)| o == child && *m == month);
        let due = month.due(*due_day)?;
        (!reopened && due.days_until(*today) >= i64::from(*days)).then(|| Lock {
            office: child.clone(),
            month,
            by: own.clone(),
            expired: true,
        })
    }

    /// The lock a change from `old` to `new` (either absent) would break.
    pub fn on_change<R: Record>(&self, old: Option<&R>, new: Option<&R>) -> Option<Lock> {
        [old, new]
            .into_iter()
            .flatten()
            .find_map(|r| self.of(r.office(), r.day()))
    }

    pub fn is_empty(&self) -> bool {
        self.locks.is_empty() && self.expiry.is_none()
    }

    /// The lock that turning `before` into `after` would break: a record of
    /// a locked month added, changed or removed, or moved into or out of a
    /// lock by a change of the tree (`after_locks`: these locks over the
    /// offices of `after`). Records are matched by id.
    pub fn broken_by(
        &self,
        after_locks: &Locks,
        before: &Dataset,
        after: &Dataset,
    ) -> Option<Lock> {
        if self.is_empty() && after_locks.is_empty() {
            return None;
        }
        broken_in::<crate::TrainingSession>(self, after_locks, before, after)
            .or_else(|| broken_in::<crate::HonouredModel>(self, after_locks, before, after))
            .or_else(|| broken_in::<crate::Case>(self, after_locks, before, after))
    }

    /// The lock an undo would break: `revisions` are the entries of the
    /// import it undoes; each record goes back to its state before (a new
    /// one goes), read from the entry's old values of its office and date.
    pub fn broken_by_undo(
        &self,
        data: &Dataset,
        revisions: &[crate::ledgers::history::Revision],
    ) -> Option<Lock> {
        if self.is_empty() {
            return None;
        }
        let placed = Placed::new(data);
        revisions.iter().find_map(|revision| {
            let (office, day) = placed.of(revision.ledger, &revision.record)?;
            let now = self.of(&office, day);
            if now.is_some() || revision.from_revision.is_none() {
                return now;
            }
            let old = |field: &str| {
                revision
                    .changes
                    .iter()
                    .find(|c| c.field == field)
                    .and_then(|c| c.old.as_ref())
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let office = old("office").unwrap_or(office);
            let day = old(date_field(revision.ledger)?)
                .and_then(|d| Day::parse(&d))
                .unwrap_or(day);
            self.of(&office, day)
        })
    }
}

/// Where each ledger record of a dataset is placed (office and day), by
/// kind and id: looked up once per record, not by a scan per question.
struct Placed(HashMap<(Kind, uuid::Uuid), (String, Day)>);

impl Placed {
    fn new(data: &Dataset) -> Placed {
        fn add<R: Record>(data: &Dataset, into: &mut HashMap<(Kind, uuid::Uuid), (String, Day)>) {
            for r in R::rows(data) {
                into.insert((R::KIND, r.id()), (r.office().to_owned(), r.day()));
            }
        }
        let mut map = HashMap::new();
        add::<crate::TrainingSession>(data, &mut map);
        add::<crate::HonouredModel>(data, &mut map);
        add::<crate::Case>(data, &mut map);
        Placed(map)
    }

    /// The office and day of the record `id` of `kind`.
    fn of(&self, kind: Kind, id: &str) -> Option<(String, Day)> {
        let id = uuid::Uuid::parse_str(id).ok()?;
        self.0.get(&(kind, id)).cloned()
    }
}

fn broken_in<R: Record + PartialEq>(
    before_locks: &Locks,
    after_locks: &Locks,
    before: &Dataset,
    after: &Dataset,
) -> Option<Lock> {
    let after_rows: HashMap<uuid::Uuid, &R> = R::rows(after).iter().map(|r| (r.id(), r)).collect();
    let mut seen: HashSet<uuid::Uuid> = HashSet::new();
    for old in R::rows(before) {
        let id = old.id();
        let new = after_rows.get(&id).copied();
        let was = before_locks.of(old.office(), old.day());
        let will = new.and_then(|n| after_locks.of(n.office(), n.day()));
        let changed = new != Some(old);
        if (changed && (was.is_some() || will.is_some())) || was != will {
            return was.or(will);
        }
        seen.insert(id);
    }
    R::rows(after)
        .iter()
        .filter(|r| !seen.contains(&r.id()))
        .find_map(|r| after_locks.of(r.office(), r.day()))
}

/// The offices `local` would hold once `plan` took `incoming`'s (a conflict
/// counted as taken: the user may take it).
pub fn offices_after(
    local: &Dataset,
    incoming: &Dataset,
    plan: &crate::exchange::Plan,
) -> Vec<Office> {
    use crate::exchange::Outcome;
    let mut offices = local.offices.clone();
    for item in &plan.get(Kind::Offices).items {
        let Some(theirs) = incoming.offices.get(item.incoming) else {
            continue;
        };
        match (item.outcome, item.local) {
            (Outcome::New, _) => offices.push(theirs.clone()),
            (Outcome::Updated | Outcome::Conflict, Some(i)) => {
                if let Some(mine) = offices.get_mut(i) {
                    *mine = theirs.clone();
                }
            }
            _ => {}
        }
    }
    offices
}

/// Every change in `plan` to a locked month, located in the file: a record
/// new, updated, deleted or in conflict whose month is locked as it stands
/// here (`locks`) or would be once the file's offices are taken (`after`,
/// the same approvals over [`offices_after`]), e.g. a new office's record
/// in an approved month (`/cases/12`); and an office the file moves in the
/// tree so that records of a locked month here change office above them
/// (`/offices/3`). `name_of` names the approving office.
pub fn locked_changes(
    locks: &Locks,
    after: &Locks,
    local: &Dataset,
    incoming: &Dataset,
    plan: &crate::exchange::Plan,
    name_of: &dyn Fn(&str) -> String,
) -> Vec<ImportError> {
    use crate::exchange::Outcome;
    if locks.is_empty() && after.is_empty() {
        return Vec::new();
    }
    let problem = |lock: Lock| FileProblem::MonthLocked {
        month: lock.month.key(),
        by: name_of(&lock.by),
    };
    let mut found = Vec::new();
    found.extend(locked_in::<crate::TrainingSession>(
        locks, after, local, incoming, plan, &problem,
    ));
    found.extend(locked_in::<crate::HonouredModel>(
        locks, after, local, incoming, plan, &problem,
    ));
    found.extend(locked_in::<crate::Case>(
        locks, after, local, incoming, plan, &problem,
    ));
    // An office moved: the records held here under it may leave or enter a lock.
    for item in &plan.get(Kind::Offices).items {
        let (Some(i), Some(theirs)) = (item.local, incoming.offices.get(item.incoming)) else {
            continue;
        };
        let moved = matches!(item.outcome, Outcome::Updated | Outcome::Conflict)
            && local
                .offices
                .get(i)
                .is_some_and(|mine| mine.parent != theirs.parent);
        if moved {
            if let Some(lock) = locks.broken_by(after, local, local) {
                found.push(ImportError::new(
                    &format!("/offices/{}", item.incoming),
                    problem(lock),
                ));
            }
        }
    }
    found
}

fn locked_in<R: Record>(
    locks: &Locks,
    after: &Locks,
    local: &Dataset,
    incoming: &Dataset,
    plan: &crate::exchange::Plan,
    problem: &dyn Fn(Lock) -> FileProblem,
) -> Vec<ImportError> {
    use crate::exchange::Outcome;
    plan.get(R::KIND)
        .items
        .iter()
        .filter(|item| {
            matches!(
                item.outcome,
                Outcome::New | Outcome::Updated | Outcome::Deleted | Outcome::Conflict
            )
        })
        .filter_map(|item| {
            let old = item.local.and_then(|i| R::rows(local).get(i));
            let new = R::rows(incoming).get(item.incoming);
            let lock = old
                .and_then(|r| locks.of(r.office(), r.day()))
                .or_else(|| new.and_then(|r| after.of(r.office(), r.day())))?;
            Some(ImportError::new(
                &format!("/{}/{}", R::KIND.key(), item.incoming),
                problem(lock),
            ))
        })
        .collect()
}
