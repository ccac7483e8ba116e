//! Reading an exchange file: the whole file is checked before anything is
//! used, and every error is reported with its JSON Pointer and a sentence in
//! both languages. Records that parse go straight into typed values; only a
//! record that does not is walked field by field to say what is wrong.

use super::error::{ImportError, MAX_FILE_BYTES};
use super::rules::check_rules;
use super::shape::{self};
use super::{ExchangeFile, FORMAT, VERSION};
use crate::domain::day::Timestamp;
use crate::domain::model::*;
use crate::domain::text::Message;
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
    let message = if detail.contains("recursion limit") {
        Message::new(
            format!("第 {line} 行第 {column} 列：嵌套层数过深，不是台账交换文件"),
            format!("line {line}, column {column}: nested too deeply for an exchange file"),
        )
    } else if error.is_eof() {
        Message::new(
            format!("文件在第 {line} 行第 {column} 列意外结束（可能不完整）"),
            format!(
                "the file ends unexpectedly at line {line}, column {column} (it may be incomplete)"
            ),
        )
    } else {
        Message::new(
            format!("第 {line} 行第 {column} 列：JSON 格式错误"),
            format!("line {line}, column {column}: malformed JSON ({detail})"),
        )
    };
    ImportError::new("", message)
}

/// Reads and checks a whole file. `Err` holds every error found; nothing is partial.
pub fn read(bytes: &[u8]) -> Result<ExchangeFile, Vec<ImportError>> {
    let text = text_of(bytes)?;
    let top = top_level(text)?;
    let mut errors = Vec::new();
    let offices: Vec<(usize, Office)> = records(&top, &mut errors);
    let training_sessions: Vec<(usize, TrainingSession)> = records(&top, &mut errors);
    let honoured_models: Vec<(usize, HonouredModel)> = records(&top, &mut errors);
    let cases: Vec<(usize, Case)> = records(&top, &mut errors);
    let exported_at = top
        .get("exported_at")
        .and_then(|raw| serde_json::from_str::<Timestamp>(raw.get()).ok());
    let source_office = top
        .get("source_office")
        .and_then(|raw| serde_json::from_str::<Option<String>>(raw.get()).ok())
        .flatten();
    check_rules(
        &offices,
        &training_sessions,
        &honoured_models,
        &cases,
        &top,
        &mut errors,
    );
    match exported_at {
        Some(exported_at) if errors.is_empty() => Ok(ExchangeFile {
            format: FORMAT,
            version: VERSION,
            exported_at,
            source_office,
            offices: strip(offices),
            training_sessions: strip(training_sessions),
            honoured_models: strip(honoured_models),
            cases: strip(cases),
        }),
        _ => Err(errors),
    }
}

fn whole_file(zh: String, en: String) -> Vec<ImportError> {
    vec![ImportError::new("", Message::new(zh, en))]
}

/// A file of `size` bytes is refused before it is read when it is larger than
/// [`MAX_FILE_BYTES`]: reading it could exhaust the tab's memory.
pub fn too_large(size: u64) -> Option<ImportError> {
    if size <= MAX_FILE_BYTES as u64 {
        return None;
    }
    let (mb, limit) = (size / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024));
    Some(ImportError::new("", Message::new(
        format!("文件太大（{mb} MB），超过 {limit} MB 的上限，无法安全导入。请按单位或时段分批导出。"),
        format!("The file is too large ({mb} MB; the limit is {limit} MB) to import safely. Export it in parts, by office or period."),
    )))
}

/// The file's text: not too large, UTF-8 (a leading BOM dropped), not nested too deep.
fn text_of(bytes: &[u8]) -> Result<&str, Vec<ImportError>> {
    if let Some(error) = too_large(bytes.len() as u64) {
        return Err(vec![error]);
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to() + 1;
        whole_file(
            format!("文件不是 UTF-8 编码（第 {at} 个字节起），请用 UTF-8 保存后再导入"),
            format!("The file is not UTF-8 (from byte {at}): save it as UTF-8 and import again"),
        )
    })?;
    if let Some((line, column)) = too_deep(text, MAX_DEPTH) {
        return Err(whole_file(
            format!("第 {line} 行第 {column} 列：嵌套超过 {MAX_DEPTH} 层，不是台账交换文件"),
            format!("line {line}, column {column}: nested more than {MAX_DEPTH} levels deep; this is not an exchange file"),
        ));
    }
    Ok(text)
}

/// The file's top-level keys, each once, with a format and version this app reads.
fn top_level(text: &str) -> Result<BTreeMap<String, &RawValue>, Vec<ImportError>> {
    let raw = serde_json::from_str::<&RawValue>(text).map_err(|e| vec![syntax_error(&e)])?;
    let entries: Entries = serde_json::from_str(raw.get()).map_err(|_| {
        whole_file(
            "文件应为一个 JSON 对象 {…}，不是台账交换文件".into(),
            "The file must be a JSON object {…}; this is not an exchange file".into(),
        )
    })?;
    let mut errors = Vec::new();
    // A key given twice would silently lose one of its values: refused.
    let mut top: BTreeMap<String, &RawValue> = BTreeMap::new();
    for (key, value) in entries.0 {
        if top.insert(key.clone(), value).is_some() {
            errors.push(ImportError::new(
                &format!("/{}", shape::escape(&key)),
                Message::new(
                    format!("字段“{key}”出现了不止一次"),
                    format!("the key {key:?} appears more than once"),
                ),
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
            Message::new(
                format!("“format”应为“{FORMAT}”，而不是 {other}：这不是台账交换文件"),
                format!(
                    "\"format\" must be \"{FORMAT}\", not {other}: this is not an exchange file"
                ),
            ),
        )),
        None => errors.push(ImportError::new(
            "/format",
            Message::new(
                "缺少“format”：这不是台账交换文件",
                "missing \"format\": this is not an exchange file",
            ),
        )),
    }
    match value("version").as_ref().map(|v| (v, v.as_u64())) {
        Some((_, Some(VERSION))) => {}
        Some((_, Some(newer))) if newer > VERSION => errors.push(ImportError::new("/version", Message::new(
            format!("此文件由更新版本的台账生成（格式版本 {newer}），本版本只能读取版本 {VERSION}。请升级台账后再导入。"),
            format!("This file was made by a newer version of the app (format version {newer}); this version reads version {VERSION}. Update the app, then import it."),
        ))),
        Some((v, _)) => errors.push(ImportError::new("/version", Message::new(format!("未知的格式版本 {v}"), format!("unknown format version {v}")))),
        None => errors.push(ImportError::new("/version", Message::new("缺少“version”", "missing \"version\""))),
    }
}

fn strip<T>(indexed: Vec<(usize, T)>) -> Vec<T> {
    indexed.into_iter().map(|(_, r)| r).collect()
}

/// One ledger's records that parse, with their positions in the file; every
/// structural problem of those that do not.
/// The rows of one table of the file, each with its position; every problem reported.
fn records<T: Row>(
    top: &BTreeMap<String, &RawValue>,
    errors: &mut Vec<ImportError>,
) -> Vec<(usize, T)> {
    let key = T::KIND.key();
    let fields = &shape::fields_of(T::KIND)[..];
    let pointer = format!("/{key}");
    let Some(raw) = top.get(key) else {
        errors.push(ImportError::new(
            &pointer,
            Message::new(
                format!("缺少“{key}”（可以是空数组 []）"),
                format!("missing \"{key}\" (it may be an empty array [])"),
            ),
        ));
        return Vec::new();
    };
    let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
        errors.push(ImportError::new(
            &pointer,
            Message::new("应为数组 […]", "must be an array […]"),
        ));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
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
                        Message::new(
                            format!("无法读取：{error}"),
                            format!("cannot be read: {error}"),
                        ),
                    ));
                }
            }
        }
    }
    out
}
