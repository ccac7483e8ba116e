//! The workbook a superior expects (`docs/sheets.md`): a sheet per ledger and
//! one of the offices, each with a title row naming the office and the
//! period, a frozen and filtered header row, dates as date cells, numbers as
//! numbers, choices as labels, fitted widths and a 合计 row.

use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};
use taizhang_core::exchange::{export, ExportScope};
use taizhang_core::ledgers::fields::Value;
use taizhang_core::sheet::{columns, header, period_text, sheet_name, table, Names, Out};
use taizhang_core::with_row_type;
use taizhang_core::{Dataset, Day, Kind, Lang, Row, Timestamp};

/// Rows above the header: the title, then the 填报单位 line.
const HEADER_ROW: u32 = 2;
const BODY_FONT: &str = "宋体";
const TITLE_FONT: &str = "黑体";

struct Formats {
    title: Format,
    line: Format,
    header: Format,
    text: Format,
    number: Format,
    date: Format,
    total: Format,
}

impl Formats {
    fn new() -> Formats {
        let body = Format::new()
            .set_font_name(BODY_FONT)
            .set_font_size(11)
            .set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_font_name(TITLE_FONT)
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            line: Format::new().set_font_name(BODY_FONT).set_font_size(11),
            header: body
                .clone()
                .set_font_name(TITLE_FONT)
                .set_bold()
                .set_background_color(0xF2DCDB)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            text: body.clone().set_align(FormatAlign::VerticalCenter),
            number: body.clone().set_num_format("#,##0.##"),
            date: body
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            total: body.set_bold().set_num_format("#,##0.##"),
        }
    }
}

/// What the title rows say.
pub struct Heading {
    pub office: String,
    pub period: String,
    pub written_on: Option<Day>,
    /// Without personal details: each sheet says so above its header.
    pub redacted: bool,
}

/// The workbook of the stored data in `scope`; deleted records are left out.
/// The title names the chosen office, else this copy's own (`own_office`).
/// `redacted`: without personal details (names of honoured people, deeds,
/// notes), and saying so, so that a copy reading it back keeps its own.
pub fn workbook(
    data: &Dataset,
    scope: &ExportScope,
    now: &Timestamp,
    own_office: Option<&str>,
    redacted: bool,
) -> Result<Vec<u8>, XlsxError> {
    let mut chosen = export(data, scope, now.clone(), None).into_dataset();
    if redacted {
        taizhang_core::exchange::redact_records(&mut chosen);
    }
    let names = Names::new(data);
    let office = scope
        .office
        .as_deref()
        .or(own_office)
        .and_then(|code| data.offices.iter().find(|o| o.code == code))
        .map_or_else(|| "全部单位".to_owned(), |o| o.name.clone());
    let heading = Heading {
        office,
        period: period_text(scope.from, scope.to),
        written_on: now.day(),
        redacted,
    };
    let formats = Formats::new();
    let mut book = Workbook::new();
    for kind in [
        Kind::TrainingSessions,
        Kind::HonouredModels,
        Kind::Cases,
        Kind::Offices,
    ] {
        let rows = with_row_type!(kind, R => table(R::rows(&chosen), &names, Lang::Zh));
        let sheet = book.add_worksheet();
        write_sheet(sheet, kind, &rows, &heading, &formats)?;
    }
    book.save_to_buffer()
}

fn write_sheet(
    sheet: &mut Worksheet,
    kind: Kind,
    rows: &[Vec<Out>],
    heading: &Heading,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let columns = columns(kind);
    let last = (columns.len() - 1) as u16;
    sheet.set_name(sheet_name(kind))?;
    let title = match kind {
        Kind::Offices => format!("{} 单位名单", heading.office),
        _ => format!(
            "{} {}（{}）",
            heading.office,
            sheet_name(kind),
            heading.period
        ),
    };
    sheet.merge_range(0, 0, 0, last, &title, &formats.title)?;
    sheet.set_row_height(0, 30)?;
    sheet.write_string_with_format(
        1,
        0,
        format!(
            "填报单位：{}　　导出日期：{}{}",
            heading.office,
            heading.written_on.map(Day::chinese).unwrap_or_default(),
            if heading.redacted {
                format!("　　{}", taizhang_core::exchange::REDACTED_NOTICE)
            } else {
                String::new()
            }
        ),
        &formats.line,
    )?;
    let mut widths: Vec<usize> = vec![6; columns.len()];
    for (c, def) in columns.iter().enumerate() {
        let text = header(def, Lang::Zh);
        widths[c] = widths[c].max(display_width(text));
        sheet.write_string_with_format(HEADER_ROW, c as u16, text, &formats.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let at = HEADER_ROW + 1 + r as u32;
        for (c, value) in row.iter().enumerate() {
            let c16 = c as u16;
            match value {
                Out::Empty => sheet.write_blank(at, c16, &formats.text).map(|_| ())?,
                Out::Text(text) => {
                    widths[c] = widths[c].max(display_width(text));
                    sheet
                        .write_string_with_format(at, c16, text, &formats.text)
                        .map(|_| ())?
                }
                Out::Number(n) => sheet
                    .write_number_with_format(at, c16, *n, &formats.number)
                    .map(|_| ())?,
                Out::Date(day) => {
                    widths[c] = widths[c].max(11);
                    let date = ExcelDateTime::from_ymd(
                        day.year() as u16,
                        day.month(),
                        day.day_of_month(),
                    )?;
                    sheet
                        .write_datetime_with_format(at, c16, &date, &formats.date)
                        .map(|_| ())?
                }
            }
        }
    }
    let last_row = HEADER_ROW + rows.len() as u32;
    write_totals(sheet, &columns, rows, last_row + 1, formats)?;
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*width).min(50) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.autofilter(HEADER_ROW, 0, last_row, last)?;
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(())
}

/// The 合计 row: the count of records, and the sum of each number column
/// (a formula, with its value written beside it for readers that do not calculate).
fn write_totals(
    sheet: &mut Worksheet,
    columns: &[&taizhang_core::ledgers::fields::FieldDef],
    rows: &[Vec<Out>],
    at: u32,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(at, 0, format!("合计（{} 条）", rows.len()), &formats.total)?;
    for (c, def) in columns.iter().enumerate().skip(1) {
        if !matches!(def.value, Value::Count | Value::Hours) {
            sheet.write_blank(at, c as u16, &formats.total)?;
            continue;
        }
        let sum: f64 = rows
            .iter()
            .filter_map(|row| match row.get(c) {
                Some(Out::Number(n)) => Some(*n),
                _ => None,
            })
            .sum();
        let letters = taizhang_core::sheet::letters(c);
        let formula = Formula::new(format!(
            "=SUM({letters}{}:{letters}{})",
            HEADER_ROW + 2,
            at.max(HEADER_ROW + 2)
        ))
        .set_result(format!("{}", (sum * 100.0).round() / 100.0));
        sheet.write_formula_with_format(at, c as u16, formula, &formats.total)?;
    }
    Ok(())
}

/// Columns a text needs: two per Chinese character, one per other.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
