//! A sheet as the reader sees it: a name and a rectangle of typed cells,
//! placed where it sits in the workbook so that every cell has its address.

use crate::Day;

/// One cell's value, as far as the reader cares.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell the workbook itself types as a date.
    Date(Day),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as people read it, for samples and messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(day) => day.to_string(),
        }
    }
}

/// A sheet's used cells. `top` and `left` are the 0-based row and column
/// of `rows[0][0]` in the sheet (a used range need not start at A1).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub name: String,
    pub top: u32,
    pub left: u32,
    pub rows: Vec<Vec<Cell>>,
}

const EMPTY: Cell = Cell::Empty;

impl Grid {
    pub fn new(name: &str, rows: Vec<Vec<Cell>>) -> Grid {
        Grid {
            name: name.to_owned(),
            top: 0,
            left: 0,
            rows,
        }
    }

    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(column))
            .unwrap_or(&EMPTY)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The column letters of a column of the grid (`A`, …, `Z`, `AA`, …).
    pub fn letters(&self, column: usize) -> String {
        letters(self.left as usize + column)
    }

    /// `SHEET!A1` of a cell of the grid.
    pub fn address(&self, row: usize, column: usize) -> String {
        format!(
            "{}!{}{}",
            self.name,
            self.letters(column),
            self.top as usize + row + 1
        )
    }
}

/// Column letters of a 0-based column number.
pub fn letters(column: usize) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        out.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
