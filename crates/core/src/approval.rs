//! Approval of a month (审核确认), after DHIS2's data approval: the office
//! above approves a child's month, or sends it back, with a signed file
//! naming the SHA-256 of that month's records as it holds them. The child
//! locks the month when the hash matches its own records; the office above
//! can lock a child's month by itself some days after its due day.

use super::day::Instant;
use super::exchange::ImportError;
use super::model::{Dataset, Office, Record, Row};
use super::problem::FileProblem;
use super::reporting::Month;
use super::trust::Sender;
use super::{with_row_type, Day, Kind, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

pub const APPROVAL_FORMAT: &str = "taizhang-approval";
const APPROVAL_VERSION: u64 = 1;
/// Files larger than this are never approvals.
const APPROVAL_MAX_BYTES: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Approve,
    /// Sent back (for corrections): the month is open again.
    Reopen,
}

impl Action {
    pub fn key(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reopen => "reopen",
        }
    }
}

/// The approval file (`taizhang-approval`), signed by the office `by`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub format: String,
    pub version: u64,
    /// The office whose month it is.
    pub office: String,
    /// `YYYY-MM`.
    pub month: String,
    pub action: Action,
    /// The approving office.
    pub by: String,
    /// When it was given: any offset, compared as an instant.
    pub at: Instant,
    pub records_sha256: String,
    #[serde(default)]
    pub reason: String,
}

impl Approval {
    pub fn new(
        office: &str,
        month: Month,
        action: Action,
        by: &str,
        at: impl Into<Instant>,
        records_sha256: String,
        reason: String,
    ) -> Approval {
        Approval {
            format: APPROVAL_FORMAT.to_owned(),
            version: APPROVAL_VERSION,
            office: office.to_owned(),
            month: month.key(),
            action,
            by: by.to_owned(),
            at: at.into(),
            records_sha256,
            reason,
        }
    }

    pub fn month(&self) -> Option<Month> {
        Month::parse(&self.month)
    }
}

/// `审核-<office>-<YYYY-MM>.json`, `退回-…` for a reopen.
pub fn approval_name(approval: &Approval) -> String {
    let verb = match approval.action {
        Action::Approve => "审核",
        Action::Reopen => "退回",
    };
    format!("{verb}-{}-{}.json", approval.office, approval.month)
}

/// The approval in `bytes`, if they say they are one (`None`: another format).
pub fn read_approval(bytes: &[u8]) -> Option<Result<Approval, Vec<ImportError>>> {
    if !crate::format_of::says_format(bytes, APPROVAL_MAX_BYTES, APPROVAL_FORMAT) {
        return None;
    }
    let bad = |pointer: &str, detail: String| {
        vec![ImportError::new(pointer, FileProblem::BadApproval(detail))]
    };
    Some(match serde_json::from_slice::<Approval>(bytes) {
        Ok(a) if a.version != APPROVAL_VERSION => {
            Err(bad("/version", format!("version {}", a.version)))
        }
        Ok(a) if a.month().is_none() => Err(bad("/month", a.month.clone())),
        Ok(a) if !is_sha256_hex(&a.records_sha256) => {
            Err(bad("/records_sha256", a.records_sha256.clone()))
        }
        Ok(a) => Ok(a),
        Err(e) => Err(bad("", e.to_string())),
    })
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The SHA-256 (lowercase hex) of `office`'s month as `data` holds it: every
/// record of the three ledgers, tombstones too, whose office is `office` or
/// under it and whose own date falls in `month`, each canonicalised by
/// RFC 8785 (JCS), sorted by id, joined with `\n`.
pub fn month_sha256(data: &Dataset, office: &str, month: Month) -> String {
    let offices = subtree(&data.offices, office);
    let mut lines: Vec<(String, String)> = Vec::new();
    for kind in Kind::LEDGERS {
        with_row_type!(kind, R => collect::<R>(data, &offices, month, &mut lines));
    }
    lines.sort();
    let joined = lines
        .into_iter()
        .map(|(_, line)| line)
        .collect::<Vec<_>>()
        .join("\n");
    hex(&Sha256::digest(joined.as_bytes()))
}

fn collect<R: Row>(
    data: &Dataset,
    offices: &HashSet<String>,
    month: Month,
    lines: &mut Vec<(String, String)>,
) {
    for row in R::rows(data) {
        let Ok(value) = serde_json::to_value(row) else {
            continue;
        };
        let (Some(id), Some(office), Some(day)) = (
            value.get("id").and_then(Value::as_str),
            value.get("office").and_then(Value::as_str),
            placed_at::<R>(&value),
        ) else {
            continue;
        };
        if offices.contains(office) && Month::of(day) == month {
            lines.push((id.to_owned(), canonical(&value)));
        }
    }
}

/// The date a ledger record is placed at, read from its fields as in files.
fn placed_at<R: Row>(value: &Value) -> Option<Day> {
    Day::parse(value.get(date_field(R::KIND)?)?.as_str()?)
}

/// `office` and every office under it.
fn subtree(offices: &[Office], office: &str) -> HashSet<String> {
    let mut inside: HashSet<String> = HashSet::from([office.to_owned()]);
    // Parents before children is not guaranteed: repeat until nothing joins.
    loop {
        let before = inside.len();
        for o in offices {
            if o.parent.as_ref().is_some_and(|p| inside.contains(p)) {
                inside.insert(o.code.clone());
            }
        }
        if inside.len() == before {
            return inside;
        }
    }
}

/// Whether `office` is `ancestor` or under it.
pub fn is_within(offices: &[Office], office: &str, ancestor: &str) -> bool {
    let mut current = Some(office.to_owned());
    for _ in 0..=offices.len() {
        match current {
            Some(ref code) if code == ancestor => return true,
            Some(ref code) => {
                current = offices
                    .iter()
                    .find(|o| &o.code == code)
                    .and_then(|o| o.parent.clone());
            }
            None => return false,
        }
    }
    false
}

/// A JSON value in RFC 8785's canonical form: members sorted by their names'
/// UTF-16 code units, no whitespace, numbers as ECMAScript prints them,
/// strings escaped as `JSON.stringify` does.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (n, (name, member)) in members.into_iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_string(name, out);
                out.push(':');
                write_canonical(member, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(text) => write_string(text, out),
        Value::Number(number) => out.push_str(&es_number(number)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A number as ECMAScript's `Number.prototype.toString` prints it, for the
/// values records hold (whole numbers, and hours with a fraction).
fn es_number(number: &serde_json::Number) -> String {
    if let Some(n) = number.as_i64() {
        return n.to_string();
    }
    if let Some(n) = number.as_u64() {
        return n.to_string();
    }
    let x = number.as_f64().unwrap_or(0.0);
    if x == 0.0 {
        // Minus zero too: ECMAScript prints both as "0".
        "0".to_owned()
    } else if x.fract() == 0.0 && x.abs() < 1e21 {
        // Whole: no ".0" (1e21 and beyond never occur in a record).
        format!("{x:.0}")
    } else {
        // Shortest round trip, as both ECMAScript and serde_json print it in
        // the range records use.
        serde_json::Number::from_f64(x).map_or_else(|| "null".to_owned(), |n| n.to_string())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

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
        revisions: &[crate::history::Revision],
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

/// The date field a ledger's records are placed by.
fn date_field(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::TrainingSessions => Some("start_date"),
        Kind::HonouredModels => Some("awarded_on"),
        Kind::Cases => Some("received_on"),
        Kind::Offices => None,
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

/// How far after this copy's clock an approval may be dated (clocks differ).
pub const FUTURE_HOURS: i64 = 24;

/// Whether the copy that is `own_office` takes `approval`, which `sender`
/// signed, on `now`: for this office, signed by a key trusted for the office
/// it names as approver, that office strictly above this one in this copy's
/// own tree, never this copy's own key, and not dated more than a day ahead.
pub fn check_taken(
    approval: &Approval,
    sender: &Sender,
    own_office: Option<&str>,
    offices: &[Office],
    now: &Timestamp,
) -> Result<Month, ImportError> {
    let refuse = |at: &str, problem| Err(ImportError::new(at, problem));
    if own_office != Some(approval.office.as_str()) {
        let office = approval.office.clone();
        return refuse("/office", FileProblem::ApprovalNotForThisOffice { office });
    }
    if sender.own {
        return refuse("/by", FileProblem::ApprovalFromOwnKey);
    }
    let signed_by = sender.key.as_ref().map(|k| k.office.as_str());
    if sender.trust != crate::trust::Trust::Verified || signed_by != Some(approval.by.as_str()) {
        let by = approval.by.clone();
        return refuse("/by", FileProblem::ApprovalNotTrusted { by });
    }
    // A key a roster vouched for speaks only for offices under its issuer here.
    let vouched = sender.key.as_ref().and_then(|k| k.vouched_by.as_deref());
    if vouched.is_some_and(|issuer| !is_within(offices, &approval.by, issuer)) {
        let by = approval.by.clone();
        return refuse("/by", FileProblem::ApprovalNotTrusted { by });
    }
    if !is_strictly_under(offices, &approval.office, &approval.by) {
        let by = approval.by.clone();
        return refuse("/by", FileProblem::ApprovalNotFromAbove { by });
    }
    if approval.at.is_after(now, FUTURE_HOURS) {
        let at = approval.at.as_str().to_owned();
        return refuse("/at", FileProblem::ApprovalInFuture { at });
    }
    match approval.month() {
        Some(month) => Ok(month),
        None => refuse("/month", FileProblem::BadApproval(approval.month.clone())),
    }
}

/// Whether `office` lies strictly under `above` in `offices`' tree.
pub fn is_strictly_under(offices: &[Office], office: &str, above: &str) -> bool {
    office != above && is_within(offices, office, above)
}

/// Whether `a` is the later word than `b` on the same month: the later
/// instant, and on equal instants an approval over a sending back.
fn later(a: &Approval, b: &Approval) -> bool {
    match a.at.cmp(&b.at) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => a.action == Action::Approve && b.action == Action::Reopen,
    }
}

/// The last word on each office and month (see [`later`]).
fn last_words(approvals: &[Approval]) -> Vec<&Approval> {
    let mut last: Vec<&Approval> = Vec::new();
    for approval in approvals {
        match last
            .iter_mut()
            .find(|a| a.office == approval.office && a.month == approval.month)
        {
            Some(kept) if later(approval, kept) => *kept = approval,
            Some(_) => {}
            None => last.push(approval),
        }
    }
    last
}

/// The last word on `office`'s `month`: the approval or sending back given
/// latest (on equal instants, the approval).
pub fn last_word<'a>(
    approvals: &'a [Approval],
    office: &str,
    month: Month,
) -> Option<&'a Approval> {
    let key = month.key();
    approvals
        .iter()
        .filter(|a| a.office == office && a.month == key)
        .fold(None, |kept: Option<&Approval>, a| match kept {
            Some(k) if !later(a, k) => Some(k),
            _ => Some(a),
        })
}

/// The records that count when the figures are restricted to approved
/// months: those of a month approved (and not sent back since) for their
/// office or one above it, and the own office's own records, which no one
/// at this level approves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApprovedMonths {
    offices_by_month: HashMap<Month, HashSet<String>>,
    own_office: Option<String>,
}

impl ApprovedMonths {
    pub fn new(
        taken: &[Approval],
        given: &[Approval],
        offices: &[Office],
        own_office: Option<&str>,
    ) -> Self {
        let mut offices_by_month: HashMap<Month, HashSet<String>> = HashMap::new();
        for approval in last_words(taken).into_iter().chain(last_words(given)) {
            if let (Action::Approve, Some(month)) = (approval.action, approval.month()) {
                offices_by_month
                    .entry(month)
                    .or_default()
                    .extend(subtree(offices, &approval.office));
            }
        }
        ApprovedMonths {
            offices_by_month,
            own_office: own_office.map(str::to_owned),
        }
    }

    /// Whether a record of `office` placed at `day` counts.
    pub fn counts(&self, office: &str, day: Day) -> bool {
        self.own_office.as_deref() == Some(office)
            || self
                .offices_by_month
                .get(&Month::of(day))
                .is_some_and(|inside| inside.contains(office))
    }
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
