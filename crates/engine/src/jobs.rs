//! The engine's work, run in its worker: preview a file against the stored
//! data, apply it in one transaction with its undo, export the stored data.
//! Each reads what it needs from the database itself, so the page never
//! holds the file or a second copy of the ledgers.

use super::database::open;
use super::senders::Opened;
use serde_json::Value;
use taizhang_core::exchange::{self, describe, Choice, Outcome, Plan};
use taizhang_core::ledgers::history::{self, FileNamed, How};
use taizhang_core::reporting::approval;
use taizhang_core::reporting::{FileFacts, LogEntry};
use taizhang_core::sheet::{self, Grid, SheetPlan, ValueChoice};
use taizhang_core::trust::{self, Reach, Sender, Trust};
use taizhang_core::with_row_type;
use taizhang_core::{office_name, Dataset, Kind, PerKind, Row, Timestamp};
use taizhang_protocol::{Applied, ConflictCard, Failure, Preview, Stage, SHOWN};
use taizhang_storage::{Change, ImportCounts, Loaded};

/// Tells the page how far a stage has got.
pub type Report<'a> = &'a mut dyn FnMut(Stage, f64, f64);

/// A file read and compared, kept until it is applied or another replaces it.
pub struct Previewed {
    file: String,
    /// What the import log keeps of the file.
    facts: FileFacts,
    incoming: Dataset,
    plan: Plan,
    /// The stored data it was compared with, and the commit that data is.
    local: Loaded,
    commit: Option<String>,
    /// Who signed it, and what that signer may write here (judged for
    /// every signed file; binding once its key is trusted).
    sender: Sender,
    reach: Option<Reach>,
    /// Whether the plan leaves out the offices outside the reach.
    restricted: bool,
}

/// Reads and checks a file (out of its signature, if it had one), then
/// compares it with the stored data.
pub async fn preview(
    file: String,
    opened: Opened,
    report: Report<'_>,
) -> Result<(Preview, Previewed), Failure> {
    let Opened {
        sha256,
        bytes,
        sender,
    } = opened;
    let total = bytes.len() as f64;
    let read = exchange::read_with_progress(&bytes, &mut |done| {
        report(Stage::Checking, done as f64, total)
    })
    .map_err(Failure::File)?;
    super::senders::check_sender(&sender, "/source_office", read.source_office.as_deref())?;
    let facts = FileFacts {
        file_name: file.clone(),
        sha256,
        source_office: read.source_office.clone(),
        exported_at: Some(read.exported_at.clone()),
        signed_by: sender.key.as_ref().map(|k| k.kid.clone()),
    };
    drop(bytes);
    let redacted = read.redacted;
    let mut incoming = read.into_dataset();
    report(Stage::Comparing, 0.0, 2.0);
    let (local, commit) = stored().await?;
    // A file without personal details never blanks those this copy holds.
    if redacted {
        exchange::keep_details(&mut incoming, &local.dataset);
    }
    let (mut shown, previewed) = compare(facts, incoming, local, commit, sender, report)?;
    shown.redacted = redacted;
    Ok((shown, previewed))
}

/// The stored data and the commit it is.
async fn stored() -> Result<(Loaded, Option<String>), Failure> {
    let store = open().await?;
    let commit = store.commit_token().await?;
    let local = store.load().await?;
    store.close();
    Ok((local, commit))
}

/// Reads the sheets of an opened workbook as the user mapped them (against
/// the stored data: offices by name, rows by identity), then compares them.
pub async fn preview_sheets(
    facts: FileFacts,
    grids: &[Grid],
    plans: &[SheetPlan],
    choices: &[ValueChoice],
    now: &Timestamp,
    report: Report<'_>,
) -> Result<(Preview, Previewed), Failure> {
    report(Stage::Checking, 0.0, 2.0);
    let (local, commit) = stored().await?;
    report(Stage::Checking, 1.0, 2.0);
    let read =
        sheet::read_sheets(grids, plans, choices, &local.dataset, now).map_err(Failure::File)?;
    // A redacted workbook's rows took their personal details from this copy.
    let redacted = read.redacted;
    let incoming = read.into_dataset();
    report(Stage::Comparing, 0.0, 2.0);
    // A workbook carries no signature.
    let (mut shown, previewed) =
        compare(facts, incoming, local, commit, Sender::unsigned(), report)?;
    shown.redacted = redacted;
    Ok((shown, previewed))
}

fn compare(
    facts: FileFacts,
    incoming: Dataset,
    local: Loaded,
    commit: Option<String>,
    sender: Sender,
    report: Report<'_>,
) -> Result<(Preview, Previewed), Failure> {
    report(Stage::Comparing, 1.0, 2.0);
    let mut plan = exchange::plan(&local.dataset, &incoming);
    let offices = &local.dataset.offices;
    let name_of = |code: &str| office_name(offices.iter().chain(&incoming.offices), code);
    // What the signer may speak for: binding now for a trusted key, and
    // kept for an unknown one in case the user trusts it before applying.
    let reach = sender.key.as_ref().map(|key| {
        let signer = trust::Signer {
            office: &key.office,
            vouched_by: key.vouched_by.as_deref(),
        };
        trust::judge_reach(&local.dataset, &incoming, &plan, signer, &name_of)
    });
    let trusted = sender.trust == Trust::Verified;
    let mut not_taken = Vec::new();
    if let (true, Some(reach)) = (trusted, &reach) {
        if !reach.refused.is_empty() {
            return Err(Failure::File(reach.refused.clone()));
        }
        not_taken = reach.not_taken(&incoming, &plan);
        reach.restrict(&mut plan);
    }
    refuse_locked(&local, &incoming, &plan)?;
    report(Stage::Comparing, 2.0, 2.0);
    let file = facts.file_name.clone();
    let mut shown = digest(&file, &local.dataset, &incoming, &plan, sender.clone());
    shown.not_taken = not_taken;
    Ok((
        shown,
        Previewed {
            file,
            facts,
            incoming,
            plan,
            local,
            commit,
            sender,
            reach,
            restricted: trusted,
        },
    ))
}

/// Refuses a plan that would change a month approved (or past its expiry
/// days), as the stored settings and offices say today; each change located.
fn refuse_locked(local: &Loaded, incoming: &Dataset, plan: &Plan) -> Result<(), Failure> {
    let Some(today) = Timestamp::from_unix_millis(js_sys::Date::now() as i64).day() else {
        return Ok(());
    };
    let offices = &local.dataset.offices;
    let name_of = |code: &str| office_name(offices, code);
    let locks = local.settings.locks(offices, today);
    let offices_after = approval::offices_after(&local.dataset, incoming, plan);
    let after = local.settings.locks(&offices_after, today);
    let locked = approval::locked_changes(&locks, &after, &local.dataset, incoming, plan, &name_of);
    if locked.is_empty() {
        Ok(())
    } else {
        Err(Failure::File(locked))
    }
}

/// Applies a previewed file with the user's choices, in one transaction that
/// keeps what it overwrites for an undo. If the stored data changed since the
/// preview and the file would now do something else, nothing is written.
pub async fn apply(
    previewed: &mut Previewed,
    choices: &[(Kind, usize, Choice)],
    now: Timestamp,
    report: Report<'_>,
) -> Result<Applied, Failure> {
    report(Stage::Writing, 0.0, 2.0);
    let store = open().await?;
    // A key the user trusted in the preview binds the file to its reach now.
    if !previewed.restricted {
        if let (Some(key), Some(reach)) = (&previewed.sender.key, &previewed.reach) {
            let trusted = store.trusted_keys().await?;
            if trusted
                .iter()
                .any(|k| k.office == key.office && k.kid == key.kid)
            {
                if !reach.refused.is_empty() {
                    store.close();
                    return Err(Failure::File(reach.refused.clone()));
                }
                reach.restrict(&mut previewed.plan);
                previewed.restricted = true;
            }
        }
    }
    if store.commit_token().await? != previewed.commit {
        previewed.local = store.load().await?;
        let mut fresh = exchange::plan(&previewed.local.dataset, &previewed.incoming);
        if let (true, Some(reach)) = (previewed.restricted, &previewed.reach) {
            reach.restrict(&mut fresh);
        }
        if fresh != previewed.plan {
            store.close();
            return Err(Failure::ChangedSincePreview);
        }
        // An approval taken or given since the preview locks its month now.
        if let Err(locked) = refuse_locked(&previewed.local, &previewed.incoming, &fresh) {
            store.close();
            return Err(locked);
        }
    }
    let previewed = &*previewed;
    let chosen: std::collections::HashMap<(Kind, usize), Choice> =
        choices.iter().map(|&(k, i, c)| ((k, i), c)).collect();
    let choose = |kind: Kind, index: usize| {
        chosen
            .get(&(kind, index))
            .copied()
            .unwrap_or(Choice::KeepMine)
    };
    let (next, touched) = exchange::apply(
        &previewed.local.dataset,
        &previewed.incoming,
        &previewed.plan,
        &choose,
    )?;
    report(Stage::Writing, 1.0, 2.0);
    let mut change = Change::default();
    for (kind, positions) in touched.iter() {
        change.touch(kind, positions.iter().copied());
    }
    let conflicts_taken = chosen
        .values()
        .filter(|c| **c == Choice::TakeTheirs)
        .count();
    let changed = ImportCounts {
        added: previewed.plan.count(Outcome::New),
        updated: previewed.plan.count(Outcome::Updated) + conflicts_taken,
        deleted: previewed.plan.count(Outcome::Deleted),
    };
    let description = format!(
        "{} · {}",
        previewed.file,
        now.as_str().replace('T', " ").replace('Z', " UTC")
    );
    let logged = LogEntry {
        id: uuid::Uuid::new_v4().to_string(),
        file: previewed.facts.clone(),
        applied_at: now.clone(),
        counts: Outcome::ALL.map(|o| previewed.plan.count(o)),
    };
    let file = FileNamed {
        file: previewed.file.clone(),
        sha256: previewed.facts.sha256.clone(),
        sender: previewed.facts.source_office.clone(),
    };
    let history = history::of_import(
        &previewed.local.dataset,
        &next,
        &touched,
        &now,
        &How::Import(file),
    );
    let saved = store
        .save_undoable(
            &previewed.local.dataset,
            &previewed.local.settings,
            &next,
            &change,
            description,
            changed,
            &logged,
            &history,
        )
        .await;
    store.close();
    saved?;
    report(Stage::Writing, 2.0, 2.0);
    Ok(Applied {
        file: previewed.file.clone(),
        counts: Outcome::ALL
            .iter()
            .map(|o| (*o, previewed.plan.count(*o)))
            .collect(),
        conflicts_taken,
        logged,
    })
}

/// What a screen shows of a plan: counts, the first records of each
/// outcome by name, every conflict, and the first conflicts side by side.
fn digest(file: &str, local: &Dataset, incoming: &Dataset, plan: &Plan, sender: Sender) -> Preview {
    let counts = PerKind::from_fn(|kind| Outcome::ALL.map(|o| plan.get(kind).count(o)));
    let lists = Outcome::ALL
        .into_iter()
        .filter(|o| plan.count(*o) > 0)
        .map(|outcome| {
            let names = plan
                .iter()
                .flat_map(|(kind, p)| {
                    p.with(outcome)
                        .map(move |item| describe(&record_json(incoming, kind, item.incoming)))
                })
                .take(SHOWN)
                .collect();
            (outcome, names)
        })
        .collect();
    let conflict_items: Vec<_> = plan
        .iter()
        .flat_map(|(kind, p)| p.with(Outcome::Conflict).map(move |item| (kind, *item)))
        .collect();
    let cards = conflict_items
        .iter()
        .take(SHOWN)
        .map(|(kind, item)| ConflictCard {
            kind: *kind,
            incoming: item.incoming,
            mine: item
                .local
                .map_or(Value::Null, |l| record_json(local, *kind, l)),
            theirs: record_json(incoming, *kind, item.incoming),
        })
        .collect();
    Preview {
        file: file.to_owned(),
        sender,
        redacted: false,
        not_taken: Vec::new(),
        counts,
        lists,
        conflicts: conflict_items
            .iter()
            .map(|(kind, item)| (*kind, item.incoming))
            .collect(),
        cards,
    }
}

/// A row of a table as its JSON object (`null` if there is none).
fn record_json(data: &Dataset, kind: Kind, index: usize) -> Value {
    with_row_type!(kind, R => R::rows(data).get(index).map(serde_json::to_value))
        .and_then(Result::ok)
        .unwrap_or(Value::Null)
}
