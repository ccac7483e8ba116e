//! How a record of a file is named where it is listed or compared.

/// A record's name in a list: its title, name or reference, and its office.
pub fn describe(value: &serde_json::Value) -> String {
    let text = |key: &str| value.get(key).and_then(serde_json::Value::as_str);
    let name = ["title", "name", "reference"]
        .iter()
        .find_map(|k| text(k))
        .unwrap_or("");
    let office = text("office").or_else(|| text("code")).unwrap_or("");
    format!("{name}（{office}）")
}
