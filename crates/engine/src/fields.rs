//! From text lines to the certificate's fields.
//!
//! [`extract`] finds the printed labels among the lines read on a photo of a
//! 机动车登记证书 — page 2 alone (labels 5 to 34, two label/value pairs a
//! row) or both pages side by side (page 1 with labels 1 to 4 and the
//! 12-digit certificate number) — and gives each label the text printed to
//! its right in the same row, or in the cell below it where the sheet is
//! printed that way, as the API's 35 entries. It is pure: the same
//! lines always give the same answer, and a field that is not found is empty,
//! never guessed.
//!
//! Labels are found despite reading errors (a few edits, fewer for short
//! labels), a printed number glued in front (`9.车辆识别代号/车架号`,
//! `9车辆识别代号`), a label cut over two lines, and a label read together
//! with its value (`5.车辆类型小型轿车`). The printed numbers 1 to 34 settle
//! near labels (总质量 / 准牵引总质量). Values printed offset across the cell
//! rules, by up to half a row, still go to their own label: each value goes
//! to the nearest label on its left whose row it lies in. Text lying right
//! under a label that has nothing beside it is that label's value (sheets
//! printed with each value in the cell below its label). Of the page-1
//! labels, which repeat unnumbered in the 转移登记 blocks below, the
//! numbered first block is used.

mod assign;
mod authority;
mod code;
mod dimensions;
mod evidence;
mod glued;
mod kind;
mod labels;
mod layout;
mod maker;
mod number;
mod pieces;
mod places;
mod plate;
mod red;
mod repair;
mod rescore;
mod seal;
mod tail;

mod wrap;

use std::time::Instant;

use regcert_model::Entry;
use regcert_model::Label;
use regcert_model::VehicleRegistration;

use crate::engine::{Engine, Page, TextLine};
use crate::error::EngineError;
use evidence::missing;
use layout::Frame;

pub use evidence::FieldEvidence;
pub use red::without_red;
pub use seal::Seal;

/// The fields of one certificate photo.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// All 35 entries in the API's order ([`Label::ALL`]), `desc` the API's
    /// label, `content` the text read or `""`.
    pub entries: Vec<Entry>,
    /// One per label, in the same order.
    pub fields: Vec<FieldEvidence>,
}

/// A certificate read from an image by [`Engine::read_certificate`]: what
/// was read, and nothing else. It carries no order id, as no order was
/// placed; the client and the server, which speak the API's wire format,
/// wrap [`Certificate::entries`] in their answers.
#[derive(Debug, Clone)]
pub struct Certificate {
    /// All 35 entries in the API's order ([`Label::ALL`]): `desc` the API's
    /// label, `content` the text read or `""`.
    pub entries: Vec<Entry>,
    /// What was read for each field, in the API's order.
    pub fields: Vec<FieldEvidence>,
    /// The text lines the fields were taken from: those read on the page
    /// with the seal's ink taken off it, less any text printed in red.
    pub page: Page,
    /// What was read on the red seal (发证机关章), when one was found.
    pub seal: Option<Seal>,
}

impl Certificate {
    /// The normalized record, with [`VehicleRegistration::confidence`]
    /// filled from the engine's evidence for every field that has a value.
    /// Its `order_id` is `None`: no cloud order exists for an offline read.
    pub fn record(&self) -> VehicleRegistration {
        let mut record = regcert_model::normalize(&self.entries, None);
        for f in self.fields.iter().filter(|f| !f.text.is_empty()) {
            for key in f.label.keys() {
                record
                    .confidence
                    .insert((*key).to_owned(), f64::from(f.confidence));
            }
        }
        record
    }
}

impl Engine {
    /// Read a certificate from an encoded image (JPEG, PNG or BMP): its text
    /// lines ([`Engine::read_page`]), then its fields ([`extract`]).
    ///
    /// The red seal (发证机关章) is read on its own ([`Engine::read_seal`])
    /// for the issuing authority, and its ink is taken off the page before
    /// the lines are read, so that the print it was stamped over reads
    /// cleanly. Other text printed in red is left out of the lines the
    /// fields are taken from.
    ///
    /// Some values are then read again from their strips and named by the
    /// recognizer's character probabilities: a closed vocabulary's word
    /// (vehicle type, body color, fuel, use, origin, steering, how acquired,
    /// and the brands registered in China), a VIN or an owner's 居民身份证
    /// number or 统一社会信用代码 whose check fails,
    /// the plate's province, a maker's name holding its brand, and outer
    /// dimensions with one size no vehicle has (a height of 298 mm). A short
    /// closed-vocabulary field left empty (colour, tyre and axle counts,
    /// seats, origin, …) whose value was printed so low across its label's
    /// end that the line read as the label alone is read again from the
    /// label's strip, at confidence 0.5, when one word clearly fits.
    pub fn read_certificate(&self, image: &[u8]) -> Result<Certificate, EngineError> {
        let start = Instant::now();
        let mut decoded = crate::decode::decode(image)?;
        let decode_time = start.elapsed();
        // The seal's lettering is unwrapped before its ink is taken off the
        // page, so that the print under it reads cleanly.
        let found = seal::Found::find(&decoded);
        found.bleach(&mut decoded);
        let mut page = self.read_page_image(&decoded)?;
        page.timings.decode = decode_time;
        page.lines = without_red(&decoded, &page.lines);
        let lines = &page.lines;
        // The registration authority read on page 1 is what the seal most
        // likely says.
        let first = extract(lines, page.width, page.height);
        let registered = first
            .fields
            .iter()
            .find(|f| f.label == Label::RegistrationAuthority)
            .map(|f| f.text.as_str())
            .filter(|t| !t.is_empty());
        let seal = self.read_found(&found, registered.as_slice())?;
        let mut extraction = extract_with_seal(lines, page.width, page.height, seal.as_ref());
        self.rescore(&decoded, &mut extraction.fields)?;
        self.read_tails(&decoded, lines, &mut extraction.fields)?;
        extraction.entries = entries_of(&extraction.fields);
        Ok(Certificate {
            entries: extraction.entries,
            fields: extraction.fields,
            page,
            seal,
        })
    }
}

/// Find the certificate's fields among `lines` read on an image of
/// `width` x `height` pixels. The issuing authority is taken only where it
/// is printed as text; see [`extract_with_seal`] for the seal.
pub fn extract(lines: &[TextLine], width: u32, height: u32) -> Extraction {
    extract_with_seal(lines, width, height, None)
}

/// [`extract`], with what was read on the seal ([`Engine::read_seal`]) for
/// the issuing authority where it is not printed as text.
pub fn extract_with_seal(
    lines: &[TextLine],
    width: u32,
    height: u32,
    seal: Option<&Seal>,
) -> Extraction {
    let frame = Frame::from_lines(lines);
    let lines = wrap::join_wrapped(lines, &frame);
    let pieces = pieces::split_lines(&lines, &frame);
    let mut pieces = glued::split_glued(pieces);
    let number = number::reserve(&mut pieces);
    let mut found = pieces::collect_labels(&pieces);
    pieces::absorb_label_parts(&mut pieces, &mut found);
    let pitch = assign::row_pitch(&found, &pieces, width, height);
    assign::assign_values(&pieces, &mut found, pitch);

    let chosen = assign::choose(&found);
    let mut fields = Vec::with_capacity(Label::ALL.len());
    for (n, label) in Label::ALL.iter().enumerate() {
        let evidence = if *label == Label::CertificateNumber {
            number::certificate_number(&pieces, &found, &frame, number)
        } else {
            chosen[n].map_or_else(
                || missing(*label),
                |i| evidence::evidence(*label, &found[i], &pieces, &frame),
            )
        };
        fields.push(evidence);
    }
    authorities(&mut fields, seal);
    Extraction {
        entries: entries_of(&fields),
        fields,
    }
}

/// The API's entries of `fields`.
fn entries_of(fields: &[FieldEvidence]) -> Vec<Entry> {
    fields
        .iter()
        .map(|f| Entry::new(f.label.api_label(), f.text.clone()))
        .collect()
}

/// The two authorities. A printed one that reads as an authority's name has
/// its ending set right (the recognizer tends to drop the last character of
/// a long name), its confidence a tenth lower when that changed it. The
/// issuing authority is that printed text beside its label, else the seal's
/// reading, else nothing.
fn authorities(fields: &mut [FieldEvidence], seal: Option<&Seal>) {
    let at = |label: Label| Label::ALL.iter().position(|l| *l == label);
    let (Some(issuing), Some(registered)) = (
        at(Label::IssuingAuthority),
        at(Label::RegistrationAuthority),
    ) else {
        return;
    };
    if let Some(fixed) = authority::printed(&fields[registered].text) {
        set_printed(&mut fields[registered], fixed);
    }
    if let Some(fixed) = authority::printed(&fields[issuing].text) {
        set_printed(&mut fields[issuing], fixed);
        return;
    }
    fields[issuing] = seal
        .and_then(|s| authority::from_seal(s, &fields[registered]))
        .unwrap_or_else(|| missing(Label::IssuingAuthority));
}

/// `field`'s text replaced by `fixed`, a tenth less sure when it changed.
fn set_printed(field: &mut FieldEvidence, fixed: String) {
    if field.text != fixed {
        field.text = fixed;
        field.confidence *= 0.9;
    }
}

#[cfg(test)]
mod tests;
