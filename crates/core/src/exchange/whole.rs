//! The usual file, read in one pass: a file of this format and version whose
//! every key and value has the format's shape goes from its text straight
//! into typed records, with
//! no pass to find each table and record first. Anything unexpected (a key
//! twice or unknown, a value of another type, a table missing) gives up,
//! and the full reader (`read`) reports every error with its pointer.

use super::{ExchangeFile, FORMAT, VERSION};
use crate::base::day::Timestamp;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// Records between two reports of how far the reading has got.
const REPORT_EVERY: usize = 1000;

/// The file read in one pass, or `None` if anything in it is not as the
/// format says. `progress` hears the byte offset reached now and then.
pub(super) fn read_whole(text: &str, progress: &mut dyn FnMut(usize)) -> Option<ExchangeFile> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let file = TopLevel {
        start: text.as_ptr() as usize,
        progress,
    };
    let whole = deserializer.deserialize_map(file).ok()?;
    deserializer.end().ok()?;
    Some(whole)
}

struct TopLevel<'p> {
    start: usize,
    progress: &'p mut dyn FnMut(usize),
}

/// Sets `slot` once; a second value for the same key is an error.
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    match slot.replace(value) {
        None => Ok(()),
        Some(_) => Err(E::custom("a key appears twice")),
    }
}

fn table<'de, 'p, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    start: usize,
    progress: &'p mut dyn FnMut(usize),
) -> Result<Vec<T>, A::Error> {
    map.next_value_seed(Table::<'p, T> {
        start,
        progress,
        rows: PhantomData,
    })
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = ExchangeFile;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an exchange file")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ExchangeFile, A::Error> {
        let (start, progress) = (self.start, self.progress);
        let (mut format, mut version, mut exported_at, mut source_office) =
            (None, None, None, None);
        let mut redacted = None;
        let (mut offices, mut training, mut models, mut cases) = (None, None, None, None);
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "format" => once(&mut format, map.next_value::<String>()?)?,
                "version" => once(&mut version, map.next_value::<u64>()?)?,
                "exported_at" => once(&mut exported_at, map.next_value::<Timestamp>()?)?,
                "source_office" => once(&mut source_office, map.next_value::<Option<String>>()?)?,
                "redacted" => once(&mut redacted, map.next_value::<bool>()?)?,
                "offices" => once(&mut offices, table(&mut map, start, &mut *progress)?)?,
                "training_sessions" => {
                    once(&mut training, table(&mut map, start, &mut *progress)?)?
                }
                "honoured_models" => once(&mut models, table(&mut map, start, &mut *progress)?)?,
                "cases" => once(&mut cases, table(&mut map, start, &mut *progress)?)?,
                _ => return Err(de::Error::custom("unknown key")),
            }
        }
        let missing = || de::Error::custom("a key is missing");
        if format.as_deref() != Some(FORMAT) || version != Some(VERSION) {
            return Err(de::Error::custom("not this format or version"));
        }
        Ok(ExchangeFile {
            format: FORMAT,
            version: VERSION,
            exported_at: exported_at.ok_or_else(missing)?,
            source_office: source_office.flatten(),
            redacted: redacted.unwrap_or(false),
            offices: offices.ok_or_else(missing)?,
            training_sessions: training.ok_or_else(missing)?,
            honoured_models: models.ok_or_else(missing)?,
            cases: cases.ok_or_else(missing)?,
        })
    }
}

/// One table: its rows, reporting now and then the offset of the row reached.
struct Table<'p, T> {
    start: usize,
    progress: &'p mut dyn FnMut(usize),
    rows: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Table<'_, T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Table<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            let row = if rows.len() % REPORT_EVERY == 0 {
                seq.next_element_seed(Placed::<'_, T> {
                    start: self.start,
                    progress: &mut *self.progress,
                    row: PhantomData,
                })?
            } else {
                seq.next_element::<T>()?
            };
            match row {
                Some(row) => rows.push(row),
                None => return Ok(rows),
            }
        }
    }
}

/// A row whose place in the text is reported: its first key is read as a
/// slice of the text (its address gives the offset), then handed back to
/// the row's own deserializer with the rest of the object.
struct Placed<'p, T> {
    start: usize,
    progress: &'p mut dyn FnMut(usize),
    row: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Placed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Placed<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let first = map.next_key::<&'de str>()?;
        if let Some(key) = first {
            (self.progress)((key.as_ptr() as usize).saturating_sub(self.start));
        }
        T::deserialize(de::value::MapAccessDeserializer::new(Replay { first, map }))
    }
}

/// A map whose first key was already read: it is given again, then the rest.
struct Replay<'de, A> {
    first: Option<&'de str>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(key) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(key))
                .map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}
