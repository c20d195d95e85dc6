//! How `regcert recognize` writes its results: JSON, JSON lines, CSV or a
//! table, to stdout or a file.
//!
//! JSON lines and CSV are written as results arrive, one line (row) per
//! input, each with a single `write` followed by a flush, so an interrupted
//! run leaves at most one partial line at the end, which `--resume` drops.

use std::io::{self, Write};
use std::path::Path;

use serde_json::Value;

mod columns;
mod csv;
mod outcome;
mod table;

pub(crate) use self::csv::csv_line;
pub use self::csv::{csv_header, csv_row};
pub use outcome::{Failure, Outcome};
pub use table::table_block;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One input: its record; several: an array of `{"file", "record"|"error"}`.
    Json,
    /// One `{"file", "record"|"error"}` object per line, written as results arrive.
    Jsonl,
    /// A header and one row per input, written as results arrive.
    Csv,
    /// A key/value view for reading in a terminal.
    Table,
}

impl Format {
    /// The format an output file's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// Whether results are written as they arrive (and so can be resumed).
    pub fn streams(self) -> bool {
        matches!(self, Format::Jsonl | Format::Csv)
    }
}

/// How many inputs the run has: with one, `json` prints its bare record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inputs {
    /// Exactly one input.
    One,
    /// None, or more than one.
    Several,
}

/// What the destination holds when the sink starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// Nothing: a CSV sink writes its header first.
    Fresh,
    /// The header and rows of an earlier run, which results follow (`--resume`).
    Append,
}

/// Whether a CSV header is preceded by a byte-order mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bom {
    /// A UTF-8 byte-order mark, so Excel reads the Chinese (`--excel`).
    Excel,
    /// No mark.
    Plain,
}

/// Where results go, in the chosen format.
pub struct Sink {
    format: Format,
    dest: Box<dyn Write + Send>,
    /// How many inputs there are (`json` prints one bare record).
    inputs: Inputs,
    /// Results of the formats written at the end, in input order.
    held: Vec<(usize, Outcome)>,
}

impl Sink {
    /// A sink writing `format` to `dest`; at a [`Start::Fresh`] the CSV
    /// header is written at once, after a byte-order mark for [`Bom::Excel`].
    pub fn new(
        format: Format,
        mut dest: Box<dyn Write + Send>,
        inputs: Inputs,
        start: Start,
        bom: Bom,
    ) -> io::Result<Sink> {
        if format == Format::Csv && start == Start::Fresh {
            let mut head = Vec::new();
            if bom == Bom::Excel {
                head.extend_from_slice("\u{feff}".as_bytes());
            }
            head.extend(csv_line(&csv_header())?);
            dest.write_all(&head)?;
            dest.flush()?;
        }
        Ok(Sink {
            format,
            dest,
            inputs,
            held: Vec::new(),
        })
    }

    /// Records the outcome of input number `index` (its place in input order).
    pub fn push(&mut self, index: usize, outcome: Outcome) -> io::Result<()> {
        let line = match self.format {
            Format::Jsonl => {
                let mut line = serde_json::to_vec(&outcome.to_json())?;
                line.push(b'\n');
                line
            }
            Format::Csv => csv_line(&csv_row(&outcome))?,
            Format::Json | Format::Table => {
                self.held.push((index, outcome));
                return Ok(());
            }
        };
        self.dest.write_all(&line)?;
        self.dest.flush()
    }

    /// Writes what was held for the end and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        self.held.sort_by_key(|(i, _)| *i);
        let text = match self.format {
            Format::Jsonl | Format::Csv => String::new(),
            Format::Table => self
                .held
                .iter()
                .map(|(_, o)| table_block(o))
                .collect::<Vec<_>>()
                .join("\n"),
            Format::Json => {
                let value = match self.held.as_slice() {
                    [(_, o)] if self.inputs == Inputs::One => match &o.result {
                        Ok(record) => serde_json::to_value(record)?,
                        Err(_) => o.to_json(),
                    },
                    all => Value::Array(all.iter().map(|(_, o)| o.to_json()).collect()),
                };
                let mut s = serde_json::to_string_pretty(&value)?;
                s.push('\n');
                s
            }
        };
        self.dest.write_all(text.as_bytes())?;
        self.dest.flush()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::collections::HashSet;

    const TRUCK: &str = include_str!("../../../../tests/fixtures/samples/truck-diesel.json");

    pub(crate) fn outcome(file: &str) -> Outcome {
        Outcome {
            file: file.to_owned(),
            result: regcert_model::parse(TRUCK.as_bytes()).map_err(|e| Failure {
                kind: "decode",
                code: None,
                message: e.to_string(),
            }),
        }
    }

    pub(crate) fn failure(file: &str) -> Outcome {
        Outcome {
            file: file.to_owned(),
            result: Err(Failure {
                kind: "api",
                code: Some(10001),
                message: "API error 10001, with \"quotes\"\nand a line end".to_owned(),
            }),
        }
    }

    #[test]
    fn columns_cover_every_field_of_the_record() {
        let o = outcome("a.jpg");
        let v = serde_json::to_value(o.result.as_ref().unwrap()).unwrap();
        for key in v.as_object().unwrap().keys() {
            // Lists and maps about the fields, not fields.
            if ["issues", "extra", "raw", "confidence"].contains(&key.as_str()) {
                continue;
            }
            assert!(
                columns::record_keys().any(|k| k == key),
                "no column for {key}"
            );
        }
        let names: HashSet<_> = csv_header().into_iter().collect();
        assert_eq!(names.len(), csv_header().len(), "duplicate column names");
    }

    #[test]
    fn cells_are_spelt_as_the_record_json_spells_the_fields() {
        let mut record = outcome("a.jpg").result.unwrap();
        record.power_kw = Some(243.0);
        record.fuel_type = Some(regcert_model::Coded::Other("汽油/电".to_owned()));
        record.rated_passengers = None;
        let v = serde_json::to_value(&record).unwrap();
        for c in columns::RECORD_COLUMNS {
            // A member column's name contains its member's key (`owner_id_type`).
            let want = match &v[c.key] {
                Value::Object(members) => {
                    let found: Vec<_> = members
                        .iter()
                        .filter(|(m, _)| c.name.contains(m.as_str()))
                        .collect();
                    assert_eq!(found.len(), 1, "{}", c.name);
                    found[0].1
                }
                whole => whole,
            };
            let want = match want {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            };
            assert_eq!((c.cell)(&record), want, "{}", c.name);
        }
        let row = csv_row(&Outcome {
            file: "a.jpg".to_owned(),
            result: Ok(record),
        });
        assert!(row.contains(&"243.0".to_owned()), "{row:?}");
        assert!(row.contains(&"汽油/电".to_owned()), "{row:?}");
    }

    #[test]
    fn csv_row_splits_objects_and_keeps_header_order() {
        let row = csv_row(&outcome("a.jpg"));
        let header = csv_header();
        assert_eq!(row.len(), header.len());
        let get = |name: &str| &row[header.iter().position(|h| *h == name).unwrap()];
        assert_eq!(get("status"), "ok");
        assert_eq!(get("owner_name"), "样例乙");
        assert_eq!(get("overall_length_mm"), "9995");
        assert_eq!(get("cargo_height_mm"), "2500");
        assert_eq!(get("registration_date"), "2021-09-08");
        assert_eq!(get("rated_passengers"), "");
        assert_eq!(get("issue_count"), "0");
        // A cloud answer has no confidence.
        assert_eq!(
            (get("min_confidence"), get("low_confidence")),
            (&String::new(), &String::new())
        );
        let bad = csv_row(&failure("b.jpg"));
        assert_eq!(bad.len(), header.len());
        assert_eq!(&bad[..4], ["b.jpg", "error", "api", "10001"]);
    }

    #[test]
    fn offline_confidence_shows_in_csv_and_table() {
        let mut o = outcome("a.jpg");
        if let Ok(record) = o.result.as_mut() {
            record.confidence.insert("vin".to_owned(), 0.97);
            record.confidence.insert("model".to_owned(), 0.899);
            record.confidence.insert("brand".to_owned(), 0.85);
        }
        let row = csv_row(&o);
        let header = csv_header();
        let get = |name: &str| &row[header.iter().position(|h| *h == name).unwrap()];
        assert_eq!(get("min_confidence"), "0.85");
        assert_eq!(get("low_confidence"), "brand;model");
        let t = table_block(&o);
        let vin = t
            .lines()
            .find(|l| l.trim_start().starts_with("vin "))
            .unwrap();
        assert!(vin.ends_with("LZZ5CLVBXMW000003  [0.97]"), "{vin}");
        let model = t
            .lines()
            .find(|l| l.trim_start().starts_with("model "))
            .unwrap();
        assert!(model.ends_with("[0.89]"), "{model}");
        let body = t
            .lines()
            .find(|l| l.trim_start().starts_with("body_color "))
            .unwrap();
        assert!(!body.contains('['), "{body}");
    }

    #[test]
    fn table_has_keys_labels_and_values() {
        let t = table_block(&outcome("a.jpg"));
        assert!(t.starts_with("== a.jpg ==\n"));
        let vin = t
            .lines()
            .find(|l| l.trim_start().starts_with("vin "))
            .unwrap();
        assert!(vin.contains("车辆识别代号V车架号") && vin.ends_with("LZZ5CLVBXMW000003"));
        let cargo = t.lines().find(|l| l.contains("cargo_width_mm")).unwrap();
        assert!(cargo.contains("货厢内部尺寸·宽") && cargo.ends_with("2400"));
        assert!(t.contains("issues: none"));
        assert!(table_block(&failure("b.jpg")).contains("error (api 10001)"));
    }
}
