//! The briefing as a Word document, the way official documents are set:
//! 黑体 for the title and headings, 仿宋 for the text (宋体 in the table), A4,
//! the table of figures as a real table, the charts as pictures, the offices
//! ranked, lines for who made and checked it, and page numbers.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, NumPages, PageMargin, PageNum, Paragraph, Pic, Run,
    RunFonts, Table, TableCell, TableRow, WidthType,
};
use taizhang_core::briefing::Document;

const TEXT_FONT: &str = "仿宋";
const HEADING_FONT: &str = "黑体";
const TABLE_FONT: &str = "宋体";
/// A4 in twentieths of a point, with the 2.54 cm / 3.17 cm margins of a
/// Chinese official document.
const A4: (u32, u32) = (11906, 16838);
/// The width a chart takes, in EMU: 13 cm of the text's 15.9 cm.
const CHART_WIDTH_EMU: u32 = 4_680_000;

fn run(text: &str, font: &str, half_points: usize) -> Run {
    Run::new()
        .add_text(text)
        .size(half_points)
        .fonts(RunFonts::new().east_asia(font).ascii(font).hi_ansi(font))
}

fn centred(text: &str, font: &str, half_points: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, half_points))
        .align(AlignmentType::Center)
}

/// A PNG's size in pixels, from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let width = png.get(16..20)?;
    let height = png.get(20..24)?;
    Some((
        u32::from_be_bytes(width.try_into().ok()?),
        u32::from_be_bytes(height.try_into().ok()?),
    ))
}

fn picture(png: &[u8]) -> Option<Paragraph> {
    let (w, h) = png_size(png)?;
    if w == 0 || h == 0 {
        return None;
    }
    // The height in proportion to the chart's width.
    let height = (u64::from(CHART_WIDTH_EMU) * u64::from(h) / u64::from(w)) as u32;
    let pic = Pic::new_with_dimensions(png.to_vec(), w, h).size(CHART_WIDTH_EMU, height);
    Some(
        Paragraph::new()
            .add_run(Run::new().add_image(pic))
            .align(AlignmentType::Center),
    )
}

/// A table with its column widths (twentieths of a point): Word and its
/// readers need the grid to know the cells.
fn table(rows: Vec<Vec<String>>, grid: Vec<usize>, bold_first: bool) -> Table {
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(r, cells)| {
            TableRow::new(
                cells
                    .into_iter()
                    .map(|text| {
                        let mut cell_run = run(&text, TABLE_FONT, 24);
                        if bold_first && r == 0 {
                            cell_run = cell_run.bold();
                        }
                        TableCell::new().add_paragraph(Paragraph::new().add_run(cell_run))
                    })
                    .collect(),
            )
        })
        .collect();
    let width = grid.iter().sum();
    Table::new(rows).set_grid(grid).width(width, WidthType::Dxa)
}

/// The `.docx` bytes of a briefing; `pictures` are the charts' PNGs.
pub fn word(doc: &Document, pictures: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    let body = LineSpacing::new().line(560).after(0);
    let mut docx = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(1440)
                .bottom(1440)
                .left(1797)
                .right(1797),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .add_run(run("第 ", TEXT_FONT, 21))
                    .add_page_num(PageNum::new())
                    .add_run(run(" 页 / 共 ", TEXT_FONT, 21))
                    .add_num_pages(NumPages::new())
                    .add_run(run(" 页", TEXT_FONT, 21))
                    .align(AlignmentType::Center),
            ),
        )
        .add_paragraph(centred(&doc.title, HEADING_FONT, 40))
        .add_paragraph(centred(&doc.subtitle, TEXT_FONT, 32));
    for line in doc
        .text
        .lines()
        .skip_while(|l| l.trim() == doc.title || l.trim() == doc.subtitle || l.trim().is_empty())
    {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        // A heading of the draft (一、… / 1. …) in 黑体; the text indented two characters.
        let heading = doc.headings.iter().any(|h| h == line)
            || line.chars().nth(1) == Some('、')
            || line.len() < 40 && line.chars().next().is_some_and(|c| c.is_ascii_digit());
        let paragraph = if heading {
            Paragraph::new().add_run(run(line, HEADING_FONT, 32))
        } else {
            Paragraph::new().add_run(run(line, TEXT_FONT, 32)).indent(
                None,
                Some(docx_rs::SpecialIndentType::FirstLine(640)),
                None,
                None,
            )
        };
        docx = docx.add_paragraph(paragraph.line_spacing(body.clone()));
    }
    if !doc.table.is_empty() {
        docx =
            docx.add_paragraph(Paragraph::new().add_run(run(&doc.table_heading, HEADING_FONT, 32)));
        let rows = doc
            .table
            .iter()
            .map(|(label, value)| vec![label.clone(), value.clone()]);
        docx = docx.add_table(table(rows.collect(), vec![3600, 3000], false));
    }
    for (title, png) in doc.charts.iter().zip(pictures) {
        if let Some(picture) = picture(png) {
            docx = docx
                .add_paragraph(centred(title, HEADING_FONT, 24).keep_next(true))
                .add_paragraph(picture);
        }
    }
    if !doc.ranking.is_empty() {
        docx = docx.add_paragraph(Paragraph::new().add_run(run(
            &doc.ranking_heading,
            HEADING_FONT,
            32,
        )));
        let rows = doc
            .ranking
            .iter()
            .enumerate()
            .map(|(i, (name, rate, detail))| {
                vec![
                    (i + 1).to_string(),
                    name.clone(),
                    rate.clone(),
                    detail.clone(),
                ]
            })
            .collect();
        docx = docx.add_table(table(rows, vec![700, 4600, 1600, 1600], false));
    }
    let [made, checked, date] = &doc.signatures;
    if !made.is_empty() {
        let line = format!("{made}：________　　{checked}：________　　{date}：________");
        docx = docx
            .add_paragraph(Paragraph::new())
            .add_paragraph(Paragraph::new().add_run(run(&line, TEXT_FONT, 28)));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
