//! From the API's entries to the [`VehicleRegistration`] record.

use crate::id_number;
use crate::labels::Label;
use crate::owner::{IdCheck, Owner};
use crate::record::{ExtraField, Issue, IssueCode, Severity, VehicleRegistration};
use crate::text::{self, halfwidth_cow};
use crate::units::{self, Parsed};
use crate::vin;
use crate::vocab::{Coded, Origin, Vocabulary};
use crate::wire::Entry;

/// Builds the record from a response's entries and order id.
///
/// Entries with a `null` label are dropped; unknown labels go to `extra`.
/// When a label appears twice, the first non-blank text wins.
pub fn normalize(entries: &[Entry], order_id: Option<&str>) -> VehicleRegistration {
    from_texts(
        entries
            .iter()
            .map(|e| (e.desc.as_deref(), e.content.as_deref())),
        order_id,
    )
}

/// [`normalize`] of entries given as (label, text).
pub(crate) fn from_texts<'t>(
    entries: impl IntoIterator<Item = (Option<&'t str>, Option<&'t str>)>,
    order_id: Option<&str>,
) -> VehicleRegistration {
    let mut texts: [Option<&str>; Label::ALL.len()] = [None; Label::ALL.len()];
    let mut rec = VehicleRegistration {
        order_id: order_id.map(str::to_owned),
        ..VehicleRegistration::default()
    };
    let mut hint = 0;
    for (desc, content) in entries {
        let Some(desc) = desc else {
            continue;
        };
        match Label::lookup_from(desc, hint) {
            Some(label) => {
                hint = label as usize + 1;
                let slot = &mut texts[label as usize];
                let content = content.unwrap_or("");
                if slot.is_none_or(|t| t.trim().is_empty()) {
                    *slot = Some(content);
                }
            }
            None => rec.extra.push(ExtraField {
                label: desc.to_owned(),
                content: content.map(str::to_owned),
            }),
        }
    }
    // Built at once from keys already in order, cheaper than key by key.
    rec.raw = Label::keys_in_order()
        .iter()
        .filter_map(|&(key, label)| {
            let text = texts[label as usize]?;
            Some((key.to_owned(), text.to_owned()))
        })
        .collect();
    let mut n = Normalizer { rec: &mut rec };
    for label in Label::ALL {
        if let Some(text) = texts[label as usize] {
            n.field(label, text);
        }
    }
    n.cross_checks();
    rec
}

struct Normalizer<'a> {
    rec: &'a mut VehicleRegistration,
}

/// A string field: trimmed; `None` when blank (see [`text::is_blank_text`]).
fn plain(text: &str) -> Option<String> {
    let t = halfwidth_cow(text);
    let t = t.trim();
    if text::is_blank_text(t) {
        None
    } else {
        Some(t.to_owned())
    }
}

impl Normalizer<'_> {
    fn issue(&mut self, field: &str, code: IssueCode, severity: Severity, raw: &str) {
        self.rec.issues.push(Issue {
            field: field.to_owned(),
            code,
            severity,
            raw: raw.to_owned(),
        });
    }

    /// Keeps a parsed value, or records an `unparseable` issue.
    fn take<T>(&mut self, key: &str, raw: &str, parsed: Parsed<T>) -> Option<T> {
        match parsed {
            Ok(v) => v,
            Err(units::Unparseable) => {
                self.issue(key, IssueCode::Unparseable, Severity::Error, raw);
                None
            }
        }
    }

    fn coded<T: Vocabulary>(&mut self, key: &str, raw: &str) -> Option<Coded<T>> {
        let text = plain(raw)?;
        let coded = Coded::from_printed(&text);
        if let Coded::Other(_) = coded {
            self.issue(key, IssueCode::UnknownValue, Severity::Warning, raw);
        }
        Some(coded)
    }

    fn field(&mut self, label: Label, raw: &str) {
        let key = label.key();
        match label {
            Label::CertificateNumber => {
                self.rec.certificate_number = plain(raw).map(|s| s.replace(' ', ""));
            }
            Label::Owner => self.rec.owner = plain(raw).and_then(|t| Owner::parse(&t)),
            Label::RegistrationAuthority => self.rec.registration_authority = plain(raw),
            Label::RegistrationDate => {
                self.rec.registration_date = self.take(key, raw, crate::dates::date(raw));
            }
            Label::PlateNumber => {
                self.rec.plate_number = plain(raw).map(|s| {
                    s.chars()
                        .filter(|c| {
                            !c.is_whitespace() && !matches!(c, '·' | '•' | '・' | '.' | '-')
                        })
                        .collect::<String>()
                        .to_uppercase()
                });
            }
            Label::VehicleType => self.rec.vehicle_type = plain(raw),
            Label::Brand => self.rec.brand = plain(raw),
            Label::Model => self.rec.model = plain(raw),
            Label::BodyColor => self.rec.body_color = plain(raw),
            Label::Vin => self.rec.vin = self.take(key, raw, vin::normalize(raw)),
            Label::Origin => self.rec.origin = self.coded(key, raw),
            Label::EngineNumber => self.rec.engine_number = plain(raw),
            Label::EngineModel => self.rec.engine_model = plain(raw),
            Label::FuelType => self.rec.fuel_type = self.coded(key, raw),
            Label::DisplacementPower => {
                let (ml, kw) = units::displacement_power(raw);
                self.rec.displacement_ml = self.take("displacement_ml", raw, ml);
                self.rec.power_kw = self.take("power_kw", raw, kw);
            }
            Label::Manufacturer => self.rec.manufacturer = plain(raw),
            Label::Steering => self.rec.steering = self.coded(key, raw),
            Label::Track => {
                if let Some((front, rear)) = self.take(key, raw, units::track(raw)) {
                    self.rec.track_front_mm = Some(front);
                    self.rec.track_rear_mm = Some(rear);
                }
            }
            Label::TireCount => self.rec.tire_count = self.take(key, raw, units::count(raw)),
            Label::TireSpec => {
                self.rec.tire_spec = plain(raw).map(|s| {
                    s.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_uppercase()
                });
            }
            Label::LeafSpringCount => self.rec.leaf_spring_count = plain(raw),
            Label::Wheelbase => self.rec.wheelbase_mm = self.take(key, raw, units::wheelbase(raw)),
            Label::AxleCount => self.rec.axle_count = self.take(key, raw, units::count(raw)),
            Label::OverallDimensions => {
                self.rec.overall_dimensions_mm = self.take(key, raw, units::dimensions(raw));
            }
            Label::CargoDimensions => {
                self.rec.cargo_dimensions_mm = self.take(key, raw, units::dimensions(raw));
            }
            Label::GrossMass => self.rec.gross_mass_kg = self.take(key, raw, units::kilograms(raw)),
            Label::RatedLoad => self.rec.rated_load_kg = self.take(key, raw, units::kilograms(raw)),
            Label::RatedPassengers => {
                self.rec.rated_passengers = self.take(key, raw, units::people(raw));
            }
            Label::TowingMass => {
                self.rec.towing_mass_kg = self.take(key, raw, units::kilograms(raw));
            }
            Label::CabPassengers => {
                self.rec.cab_passengers = self.take(key, raw, units::people(raw));
            }
            Label::UseCharacter => self.rec.use_character = self.coded(key, raw),
            Label::AcquisitionMethod => self.rec.acquisition_method = plain(raw),
            Label::ManufactureDate => {
                self.rec.manufacture_date = self.take(key, raw, crate::dates::date(raw));
            }
            Label::IssuingAuthority => self.rec.issuing_authority = plain(raw),
            Label::IssueDate => self.rec.issue_date = self.take(key, raw, crate::dates::date(raw)),
        }
    }

    /// Checks that need more than one field: VIN check digit (its severity
    /// depends on the origin) and the owner's ID checksum.
    fn cross_checks(&mut self) {
        if let Some(v) = self.rec.vin.clone()
            && !vin::is_check_digit_valid(&v)
        {
            let imported = self
                .rec
                .origin
                .as_ref()
                .and_then(Coded::known)
                .is_some_and(|o| o == Origin::Imported);
            let severity = if imported {
                Severity::Warning
            } else {
                Severity::Error
            };
            let raw = self.rec.raw.get("vin").cloned().unwrap_or(v);
            self.issue("vin", IssueCode::VinCheckDigit, severity, &raw);
        }
        let check = self
            .rec
            .owner
            .as_ref()
            .map(|o| (o.id_check(), o.id_number.clone()));
        if let Some((check, Some(num))) = check {
            let severity = match check {
                IdCheck::ResidentId if num.len() == 18 && !id_number::resident_id_valid(&num) => {
                    Some(Severity::Error)
                }
                IdCheck::ResidentId if !id_number::looks_like_resident_id(&num) => {
                    Some(Severity::Error)
                }
                IdCheck::CreditCode if !id_number::uscc_valid(&num) => Some(Severity::Warning),
                _ => None,
            };
            if let Some(severity) = severity {
                let raw = self.rec.raw.get("owner").cloned().unwrap_or(num);
                self.issue("owner", IssueCode::IdNumberChecksum, severity, &raw);
            }
        }
    }
}
