"""A service's details and the checks they must pass, shared by the form, the import and
the services so the same entry is refused the same way wherever it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from checkpoint.domain.needs import Pathway

PHONE = re.compile(r"^[0-9 +()\-]+$")
MAX_LENGTHS = {
    "name": 200,
    "provider": 200,
    "area": 120,
    "phone": 40,
    "email": 254,
    "website": 200,
}
TEXT_FIELDS = (
    "name",
    "provider",
    "area",
    "phone",
    "email",
    "address",
    "website",
    "opening_hours",
    "notes",
)


@dataclass(frozen=True)
class ServiceDetails:
    """Everything a directory entry says about a service, except whether it is active."""

    name: str
    provider: str
    pathways: tuple[Pathway, ...]
    area: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    website: str = ""
    opening_hours: str = ""
    notes: str = ""
    active: bool = True

    def cleaned(self) -> ServiceDetails:
        """Return the details with surrounding spaces removed and pathways in standard order."""
        values = {name: str(getattr(self, name)).strip() for name in TEXT_FIELDS}
        chosen = set(self.pathways)
        return ServiceDetails(
            **values, pathways=tuple(p for p in Pathway if p in chosen), active=self.active
        )

    def as_record(self) -> dict[str, object]:
        """Return the details as an audit record."""
        record: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        record["pathways"] = [p.value for p in self.pathways]
        return record


def detail_problems(details: ServiceDetails) -> list[tuple[str, str]]:
    """Return (field, problem) for everything wrong with the details, in field order."""
    problems: list[tuple[str, str]] = []
    if not details.name.strip():
        problems.append(("name", "Enter the service's name"))
    if not details.provider.strip():
        problems.append(("provider", "Enter who provides the service"))
    if not details.pathways:
        problems.append(("pathways", "Choose at least one pathway the service covers"))
    for name, limit in MAX_LENGTHS.items():
        value = str(getattr(details, name)).strip()
        if len(value) > limit:
            problems.append((name, f"Must be {limit} characters or fewer"))
    phone = details.phone.strip()
    if phone and not PHONE.match(phone):
        problems.append(("phone", "Enter a phone number using digits, spaces, +, ( ) and -"))
    email = details.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(("email", "Enter an email address like name@example.org"))
    website = details.website.strip()
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            problems.append(("website", "Enter a web address starting http:// or https://"))
    return problems


def pathway_from_text(text: str) -> Pathway | None:
    """Return the pathway a value or label names ('mental_health', 'Mental health'), or None."""

    def key(words: str) -> str:
        return words.strip().lower().replace(" ", "_").replace("-", "_")

    wanted = key(text)
    for pathway in Pathway:
        # "Sexual exploitation (as a victim)" may be written without its bracket.
        if wanted in {pathway.value, key(pathway.label), key(pathway.label.split(" (")[0])}:
            return pathway
    return None
