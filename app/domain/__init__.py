"""Pure domain rules: NIK and KK numbers, regions, services and request validation.

No Qt, no SQL, no HTTP: the form, the store, the CSV import and the server all use it.
"""

from app.domain.kk import InvalidKk, KkInfo, make_kk, parse_kk
from app.domain.messages import DomainError, text
from app.domain.nik import InvalidNik, NikInfo, make_nik, normalize_number, parse_nik
from app.domain.record import (
    Issue,
    RequestInput,
    RequestInvalid,
    Validation,
    request_from_dict,
    request_to_dict,
    validate_request,
)
from app.domain.regions import Region, RegionIndex, regions
from app.domain.services import (
    MARITAL_STATUSES,
    PENDING_REASONS,
    SERVICES,
    STATUSES,
    Service,
    age_on,
    label,
)

__all__ = [
    "MARITAL_STATUSES",
    "PENDING_REASONS",
    "SERVICES",
    "STATUSES",
    "DomainError",
    "InvalidKk",
    "InvalidNik",
    "Issue",
    "KkInfo",
    "NikInfo",
    "Region",
    "RegionIndex",
    "RequestInput",
    "RequestInvalid",
    "Service",
    "Validation",
    "age_on",
    "label",
    "make_kk",
    "make_nik",
    "normalize_number",
    "parse_kk",
    "parse_nik",
    "regions",
    "request_from_dict",
    "request_to_dict",
    "text",
    "validate_request",
]
