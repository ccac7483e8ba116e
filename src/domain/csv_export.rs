//! CSV of a ledger for Excel: UTF-8 with a BOM (so Excel does not garble
//! Chinese), Chinese column headers, dates as YYYY-MM-DD, choices by their
//! labels. Deleted records are left out: a spreadsheet is for reading.

use super::entries::{field_label, Entry};
use super::form::FieldKind;
use super::model::Dataset;
use super::text::Lang;
use std::collections::HashMap;

pub fn ledger_csv<R: Entry>(data: &Dataset, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let fields = R::fields();
    let office_names: HashMap<&str, &str> = data
        .offices
        .iter()
        .map(|o| (o.code.as_str(), o.name.as_str()))
        .collect();
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let mut header = vec![field_label(R::KIND, "id").get(lang).to_owned()];
        header.push(
            super::text::Text::new("单位名称", "Office name")
                .get(lang)
                .to_owned(),
        );
        header.extend(fields.iter().map(|f| f.label.get(lang).to_owned()));
        writer.write_record(&header)?;
        for record in R::rows(data).iter().filter(|r| !r.is_deleted()) {
            let values = record.to_form();
            let mut row = vec![record.id().to_string()];
            row.push(
                office_names
                    .get(record.office())
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
            );
            for field in &fields {
                let raw = values.get(field.name).cloned().unwrap_or_default();
                row.push(match field.kind {
                    FieldKind::Choice { options, .. } => options()
                        .into_iter()
                        .find(|(code, _)| *code == raw)
                        .map(|(_, label)| label.get(lang).to_owned())
                        .unwrap_or(raw),
                    _ => raw,
                });
            }
            writer.write_record(&row)?;
        }
        writer.flush()?;
    }
    Ok(out)
}
