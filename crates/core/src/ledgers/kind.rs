//! Which table: the offices and the three ledgers. One name for each,
//! used in files, storage keys, URLs and the UI contract, and a container
//! with one value per table, so no table is ever named by a string or found
//! by its position in an array.

use crate::base::text::Text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    Offices,
    TrainingSessions,
    HonouredModels,
    Cases,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Offices,
        Kind::TrainingSessions,
        Kind::HonouredModels,
        Kind::Cases,
    ];

    /// The three ledgers (every kind but the offices).
    pub const LEDGERS: [Kind; 3] = [Kind::TrainingSessions, Kind::HonouredModels, Kind::Cases];

    /// The key in files, storage, URLs and page hooks.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Offices => "offices",
            Kind::TrainingSessions => "training_sessions",
            Kind::HonouredModels => "honoured_models",
            Kind::Cases => "cases",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> Text {
        match self {
            Kind::Offices => Text::new("单位", "Offices"),
            Kind::TrainingSessions => Text::new("学习教育活动", "Training sessions"),
            Kind::HonouredModels => Text::new("英模典型", "Honoured models"),
            Kind::Cases => Text::new("问题线索", "Cases"),
        }
    }
}

/// One value per kind of table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PerKind<T> {
    pub offices: T,
    pub training_sessions: T,
    pub honoured_models: T,
    pub cases: T,
}

impl<T> PerKind<T> {
    pub fn from_fn(mut value: impl FnMut(Kind) -> T) -> PerKind<T> {
        PerKind {
            offices: value(Kind::Offices),
            training_sessions: value(Kind::TrainingSessions),
            honoured_models: value(Kind::HonouredModels),
            cases: value(Kind::Cases),
        }
    }

    pub fn get(&self, kind: Kind) -> &T {
        match kind {
            Kind::Offices => &self.offices,
            Kind::TrainingSessions => &self.training_sessions,
            Kind::HonouredModels => &self.honoured_models,
            Kind::Cases => &self.cases,
        }
    }

    pub fn get_mut(&mut self, kind: Kind) -> &mut T {
        match kind {
            Kind::Offices => &mut self.offices,
            Kind::TrainingSessions => &mut self.training_sessions,
            Kind::HonouredModels => &mut self.honoured_models,
            Kind::Cases => &mut self.cases,
        }
    }

    /// Each kind with its value, offices first.
    pub fn iter(&self) -> impl Iterator<Item = (Kind, &T)> {
        Kind::ALL
            .into_iter()
            .map(move |kind| (kind, self.get(kind)))
    }

    pub fn map<U>(&self, mut f: impl FnMut(Kind, &T) -> U) -> PerKind<U> {
        PerKind::from_fn(|kind| f(kind, self.get(kind)))
    }
}

/// Stored and sent as a list in [`Kind::ALL`] order (as before there was a name for it).
impl<T: Serialize> Serialize for PerKind<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [
            &self.offices,
            &self.training_sessions,
            &self.honoured_models,
            &self.cases,
        ]
        .serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for PerKind<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let [offices, training_sessions, honoured_models, cases] =
            <[T; 4]>::deserialize(deserializer)?;
        Ok(PerKind {
            offices,
            training_sessions,
            honoured_models,
            cases,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_contracts_and_round_trip() {
        let keys: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(
            keys,
            ["offices", "training_sessions", "honoured_models", "cases"]
        );
        for kind in Kind::ALL {
            assert_eq!(Kind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(Kind::from_key("Cases"), None);
    }

    #[test]
    fn per_kind_is_stored_as_the_list_earlier_versions_wrote() {
        // Undo information saved by a version before `PerKind` holds `[offices, training, models, cases]`.
        let stored: PerKind<usize> = serde_json::from_str("[7,227,32,260]").expect("reads");
        assert_eq!(stored.training_sessions, 227);
        assert_eq!(*stored.get(Kind::Cases), 260);
        assert_eq!(
            serde_json::to_string(&stored).expect("writes"),
            "[7,227,32,260]"
        );
    }
}
