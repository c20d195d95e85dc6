"""The record's types: what ``Client.recognize`` and ``regcert.parse`` return.

A record is a plain dict with every key of :class:`Record` present (the JSON
contract of every regcert interface); a field the certificate leaves blank,
or whose text could not be read, is ``None``, and in the second case
``issues`` says why and ``raw`` keeps the text. Dates are ``"YYYY-MM-DD"``
strings. The coded fields (``origin``, ``fuel_type``, ``steering``,
``use_character``) hold a key of their table (``"gasoline"``) or, for text
outside it, the text as printed (with an issue).
"""

from __future__ import annotations

from typing import Dict, List, Literal, Optional, TypedDict

__all__ = ["Record", "Owner", "Dimensions", "Issue", "ExtraField", "IssueCode", "Severity"]

IssueCode = Literal["unparseable", "vin_check_digit", "id_number_checksum", "unknown_value"]
"""What normalization found wrong with a field."""

Severity = Literal["warning", "error"]
"""How much an issue matters."""


class Owner(TypedDict):
    """机动车所有人/身份证明名称/号码."""

    name: Optional[str]
    id_type: Optional[str]
    id_number: Optional[str]


class Dimensions(TypedDict):
    """Millimetres."""

    length: int
    width: int
    height: int


class Issue(TypedDict):
    """Something normalization noticed about a field."""

    field: str
    code: IssueCode
    severity: Severity
    raw: str


class ExtraField(TypedDict):
    """A field whose label is not known, as received."""

    label: str
    content: Optional[str]


class Record(TypedDict):
    """A vehicle registration certificate (机动车登记证书), normalized."""

    order_id: Optional[str]
    certificate_number: Optional[str]
    owner: Optional[Owner]
    registration_authority: Optional[str]
    registration_date: Optional[str]
    plate_number: Optional[str]
    vehicle_type: Optional[str]
    brand: Optional[str]
    model: Optional[str]
    body_color: Optional[str]
    vin: Optional[str]
    origin: Optional[str]
    engine_number: Optional[str]
    engine_model: Optional[str]
    fuel_type: Optional[str]
    displacement_ml: Optional[int]
    power_kw: Optional[float]
    manufacturer: Optional[str]
    steering: Optional[str]
    track_front_mm: Optional[int]
    track_rear_mm: Optional[int]
    tire_count: Optional[int]
    tire_spec: Optional[str]
    leaf_spring_count: Optional[str]
    wheelbase_mm: Optional[int]
    axle_count: Optional[int]
    overall_dimensions_mm: Optional[Dimensions]
    cargo_dimensions_mm: Optional[Dimensions]
    gross_mass_kg: Optional[int]
    rated_load_kg: Optional[int]
    rated_passengers: Optional[int]
    towing_mass_kg: Optional[int]
    cab_passengers: Optional[int]
    use_character: Optional[str]
    acquisition_method: Optional[str]
    manufacture_date: Optional[str]
    issuing_authority: Optional[str]
    issue_date: Optional[str]
    issues: List[Issue]
    extra: List[ExtraField]
    raw: Dict[str, str]
    confidence: Dict[str, float]
