//! Reading an exchange file: the whole file is checked before anything is
//! used, and every error is reported with its JSON Pointer and a sentence in
//! both languages. Records that parse go straight into typed values; only a
//! record that does not is walked field by field to say what is wrong.

use super::error::{ImportError, MAX_FILE_BYTES};
use super::rules::{check_records, check_top_values, Context};
use super::shape::{self};
use super::whole::read_whole;
use super::{ExchangeFile, FORMAT, VERSION};
use crate::base::day::Timestamp;
use crate::base::problem::FileProblem;
use crate::ledgers::model::*;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The top-level object's entries in order, repeated keys included.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Entries<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Entries<'a>, M::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push((key, value));
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// The format nests three levels (file, ledger, record); anything far deeper
/// is refused before parsing, so no parser recursion can be exhausted.
const MAX_DEPTH: usize = 16;

/// Where nesting first goes deeper than `limit` (line, column), if it does.
fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut column) = (1usize, 0usize);
    for c in text.chars() {
        column += 1;
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > limit {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '\n' => {
                line += 1;
                column = 0;
            }
            _ => {}
        }
    }
    None
}

fn syntax_error(error: &serde_json::Error) -> ImportError {
    let (line, column) = (error.line(), error.column());
    let detail = error.to_string();
    let problem = if detail.contains("recursion limit") {
        FileProblem::NestedTooDeep {
            line,
            column,
            limit: None,
        }
    } else if error.is_eof() {
        FileProblem::EndsEarly { line, column }
    } else {
        FileProblem::Malformed {
            line,
            column,
            detail,
        }
    };
    ImportError::new("", problem)
}

/// Reads and checks a whole file. `Err` holds every error found; nothing is partial.
pub fn read(bytes: &[u8]) -> Result<ExchangeFile, Vec<ImportError>> {
    read_with_progress(bytes, &mut |_| {})
}

/// [`read`], telling `progress` now and then how many bytes of the file are read.
pub fn read_with_progress(
    bytes: &[u8],
    progress: &mut dyn FnMut(usize),
) -> Result<ExchangeFile, Vec<ImportError>> {
    let text = text_of(bytes)?;
    // Offsets only grow: a file that turns out to need the second reading
    // (below) is not reported from its start again.
    let mut furthest = 0;
    let mut forward = |done: usize| {
        if done > furthest {
            furthest = done;
            progress(done);
        }
    };
    let read = match read_whole(text, &mut forward) {
        Some(file) => checked(file),
        // Something in it is not as the format says: read it record by
        // record, to report every error with its place.
        None => read_record_by_record(text, &mut forward),
    };
    forward(text.len());
    read
}

fn read_record_by_record(
    text: &str,
    progress: &mut dyn FnMut(usize),
) -> Result<ExchangeFile, Vec<ImportError>> {
    if let Some((line, column)) = too_deep(text, MAX_DEPTH) {
        return Err(whole_file(FileProblem::NestedTooDeep {
            line,
            column,
            limit: Some(MAX_DEPTH),
        }));
    }
    let top = top_level(text)?;
    let mut errors = Vec::new();
    let mut reader = Reader {
        finished: 0,
        progress,
        errors: &mut errors,
    };
    let offices: Vec<(usize, Office)> = reader.records(&top);
    let training_sessions: Vec<(usize, TrainingSession)> = reader.records(&top);
    let honoured_models: Vec<(usize, HonouredModel)> = reader.records(&top);
    let cases: Vec<(usize, Case)> = reader.records(&top);
    let exported_at = top
        .get("exported_at")
        .and_then(|raw| serde_json::from_str::<Timestamp>(raw.get()).ok());
    let source_office = top
        .get("source_office")
        .and_then(|raw| serde_json::from_str::<Option<String>>(raw.get()).ok())
        .flatten();
    let redacted = top
        .get("redacted")
        .and_then(|raw| serde_json::from_str::<bool>(raw.get()).ok())
        .unwrap_or(false);
    check_top_values(&top, &mut errors);
    check_records(
        &offices[..],
        &training_sessions[..],
        &honoured_models[..],
        &cases[..],
        &Context::of_entries(offices.len(), &top),
        &mut errors,
    );
    match exported_at {
        Some(exported_at) if errors.is_empty() => Ok(ExchangeFile {
            format: FORMAT,
            version: VERSION,
            exported_at,
            source_office,
            redacted,
            offices: strip(offices),
            training_sessions: strip(training_sessions),
            honoured_models: strip(honoured_models),
            cases: strip(cases),
        }),
        _ => Err(errors),
    }
}

/// A file read whole, once its records keep the rules.
fn checked(file: ExchangeFile) -> Result<ExchangeFile, Vec<ImportError>> {
    let mut errors = Vec::new();
    check_records(
        &file.offices[..],
        &file.training_sessions[..],
        &file.honoured_models[..],
        &file.cases[..],
        &Context::of_offices(&file.offices),
        &mut errors,
    );
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(errors)
    }
}

fn whole_file(problem: FileProblem) -> Vec<ImportError> {
    vec![ImportError::new("", problem)]
}

/// A file of `size` bytes is refused before it is read when it is larger than
/// [`MAX_FILE_BYTES`]: reading it could exhaust the tab's memory.
pub fn too_large(size: u64) -> Option<ImportError> {
    if size <= MAX_FILE_BYTES as u64 {
        return None;
    }
    Some(ImportError::new(
        "",
        FileProblem::TooLarge {
            megabytes: size / (1024 * 1024),
            limit: (MAX_FILE_BYTES / (1024 * 1024)) as u64,
        },
    ))
}

/// The file's text: not too large, UTF-8 (a leading BOM dropped).
fn text_of(bytes: &[u8]) -> Result<&str, Vec<ImportError>> {
    if let Some(error) = too_large(bytes.len() as u64) {
        return Err(vec![error]);
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        whole_file(FileProblem::NotUtf8 {
            byte: e.valid_up_to() + 1,
        })
    })?;
    Ok(text)
}

/// The file's top-level keys, each once, with a format and version this app reads.
fn top_level(text: &str) -> Result<BTreeMap<String, &RawValue>, Vec<ImportError>> {
    let raw = serde_json::from_str::<&RawValue>(text).map_err(|e| vec![syntax_error(&e)])?;
    let entries: Entries =
        serde_json::from_str(raw.get()).map_err(|_| whole_file(FileProblem::NotAnObject))?;
    let mut errors = Vec::new();
    // A key given twice would silently lose one of its values: refused.
    let mut top: BTreeMap<String, &RawValue> = BTreeMap::new();
    for (key, value) in entries.0 {
        if top.insert(key.clone(), value).is_some() {
            errors.push(ImportError::new(
                &format!("/{}", shape::escape(&key)),
                FileProblem::KeyTwice(key.clone()),
            ));
        }
    }
    check_header(&top, &mut errors);
    // Not our format or version: its contents mean nothing to us.
    if errors.is_empty() {
        Ok(top)
    } else {
        Err(errors)
    }
}

fn check_header(top: &BTreeMap<String, &RawValue>, errors: &mut Vec<ImportError>) {
    let value = |key: &str| {
        top.get(key)
            .and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok())
    };
    match value("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => errors.push(ImportError::new(
            "/format",
            FileProblem::WrongFormat {
                expected: FORMAT.to_owned(),
                found: other.to_string(),
            },
        )),
        None => errors.push(ImportError::new("/format", FileProblem::MissingFormat)),
    }
    match value("version").as_ref().map(|v| (v, v.as_u64())) {
        Some((_, Some(VERSION))) => {}
        Some((_, Some(newer))) if newer > VERSION => errors.push(ImportError::new(
            "/version",
            FileProblem::NewerVersion {
                found: newer,
                reads: VERSION,
            },
        )),
        Some((v, _)) => errors.push(ImportError::new(
            "/version",
            FileProblem::UnknownVersion(v.to_string()),
        )),
        None => errors.push(ImportError::new("/version", FileProblem::MissingVersion)),
    }
}

fn strip<T>(indexed: Vec<(usize, T)>) -> Vec<T> {
    indexed.into_iter().map(|(_, r)| r).collect()
}

/// Where reading a file's tables stands: its errors, and whom to tell how far it got.
struct Reader<'a> {
    /// Bytes of the tables read so far (tables may come in any order in a file).
    finished: usize,
    progress: &'a mut dyn FnMut(usize),
    errors: &'a mut Vec<ImportError>,
}

impl Reader<'_> {
    /// The rows of one table of the file, each with its position; every problem reported.
    fn records<T: Row>(&mut self, top: &BTreeMap<String, &RawValue>) -> Vec<(usize, T)> {
        let errors = &mut *self.errors;
        let key = T::KIND.key();
        let fields = &shape::fields_of(T::KIND)[..];
        let pointer = format!("/{key}");
        let Some(raw) = top.get(key) else {
            errors.push(ImportError::new(
                &pointer,
                FileProblem::MissingTable(T::KIND),
            ));
            return Vec::new();
        };
        let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
            errors.push(ImportError::new(&pointer, FileProblem::NotAnArray));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        let table = raw.get().as_ptr() as usize;
        for (index, item) in items.iter().enumerate() {
            if index % 1000 == 0 {
                (self.progress)(self.finished + (item.get().as_ptr() as usize - table));
            }
            match serde_json::from_str::<T>(item.get()) {
                Ok(record) => out.push((index, record)),
                Err(error) => {
                    let at = format!("{pointer}/{index}");
                    let before = errors.len();
                    if let Ok(value) = serde_json::from_str::<Value>(item.get()) {
                        shape::check(&value, fields, &at, errors);
                    }
                    if errors.len() == before {
                        errors.push(ImportError::new(
                            &at,
                            FileProblem::Unreadable(error.to_string()),
                        ));
                    }
                }
            }
        }
        self.finished += raw.get().len();
        out
    }
}
