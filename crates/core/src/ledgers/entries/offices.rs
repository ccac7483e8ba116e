//! The offices' form.

use super::{finish, form};
use crate::ledgers::enums::*;
use crate::ledgers::form::{FieldSpec, FormReader, FormValues};
use crate::ledgers::validate::{self, Problem, Rule};

/// Offices have a form too, but no revision: they are keyed by code.
/// The office form's fields, from the declaration.
pub fn office_fields() -> Vec<FieldSpec> {
    super::form_fields(crate::Kind::Offices)
}

/// An office's form values.
pub fn office_to_form(office: &crate::ledgers::model::Office) -> FormValues {
    super::form_of(office)
}

pub fn blank_office_form(parent: Option<&str>) -> FormValues {
    form(vec![
        ("level", OfficeLevel::County.code().into()),
        ("system", OfficeSystem::Committee.code().into()),
        ("parent", parent.unwrap_or_default().into()),
    ])
}

/// The office a form describes, checked against the others: codes unique,
/// parent present, no office under itself. `previous` is the code being edited.
pub fn office_from_form(
    values: &FormValues,
    previous: Option<&str>,
    offices: &[crate::ledgers::model::Office],
) -> Result<crate::ledgers::model::Office, Vec<Problem>> {
    let mut read = FormReader::new(values);
    let office = crate::ledgers::model::Office {
        code: read.text("code"),
        name: read.text("name"),
        level: read.choice("level", OfficeLevel::from_code, OfficeLevel::County),
        system: read.choice("system", OfficeSystem::from_code, OfficeSystem::Other),
        parent: read.optional_text("parent"),
        headcount: read.optional_integer("headcount"),
    };
    let mut rules = validate::validate_office(&office);
    let mut next: Vec<crate::ledgers::model::Office> = offices
        .iter()
        .filter(|o| Some(o.code.as_str()) != previous)
        .cloned()
        .collect();
    let position = next.len();
    next.push(office.clone());
    // Renaming codes would orphan the records that name the office: codes are kept.
    if let Some(old) = previous.filter(|old| *old != office.code) {
        rules.push(Problem::new("code", Rule::CodeCannotChange(old.to_owned())));
    }
    // Said plainly when the new parent is below the office; other tree problems as found.
    let below_itself = office.parent.as_deref().is_some_and(|parent| {
        crate::ledgers::tree::OfficeTree::new(offices).would_cycle(offices, &office.code, parent)
    });
    if below_itself {
        rules.retain(|p| p.field != "parent");
        rules.push(Problem::new("parent", Rule::ParentBelowItself));
    }
    rules.extend(
        validate::validate_office_tree(&next)
            .into_iter()
            .filter(|(i, p)| *i == position && !(below_itself && p.field == "parent"))
            .map(|(_, p)| p),
    );
    finish(read, office, rules)
}
