"""Builders shared by the linkage tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from checkpoint.linkage import engine
from checkpoint.linkage.models import LinkageModel
from checkpoint.monitoring.models import FeedImport, FeedRecord
from checkpoint.people.models import Person, PersonName
from tests.factories import OffenceFactory, PersonFactory, PersonNameFactory

_serial = itertools.count(1)


def person(
    given: str,
    family: str,
    born: dt.date,
    *,
    sex: str = "male",
    area: str = "North",
    pnc_id: str | None = None,
    aliases: tuple[tuple[str, str], ...] = (),
) -> Person:
    """Create a person with a primary name and any aliases."""
    made = PersonFactory(date_of_birth=born, sex=sex, address_area=area, pnc_id=pnc_id, name=None)
    PersonNameFactory(person=made, given_names=given, family_name=family)
    for g, f in aliases:
        PersonNameFactory(person=made, given_names=g, family_name=f, kind=PersonName.Kind.ALIAS)
    return made


def feed_record(
    given: str,
    family: str,
    born: dt.date | None,
    *,
    sex: str = "male",
    area: str = "North",
    pnc_id: str = "",
    force_person_id: str = "",
) -> FeedRecord:
    """Create one unlinked feed record in its own import."""
    n = next(_serial)
    feed = FeedImport.objects.create(
        file_name=f"feed{n}.csv",
        sha256=f"{n:064d}",
        file_format="csv",
        imported_at=timezone.now(),
    )
    return FeedRecord.objects.create(
        feed_import=feed,
        line=1,
        source_system="TEST",
        source_record_id=f"R{n}",
        record_type="arrest",
        pnc_id=pnc_id,
        force_person_id=force_person_id,
        given_names=given,
        family_name=family,
        date_of_birth=born,
        sex=sex,
        address_area=area,
        offence=OffenceFactory(code="LINK-THEFT"),
        offence_date=dt.date(2025, 1, 10),
        event_at=timezone.now(),
        disposal="caution",
    )


def active_model(auto: float = 0.95, review: float = 0.6, version: str = "t1") -> LinkageModel:
    """Store and activate a model with the default parameters and the given thresholds."""
    return LinkageModel.objects.create(
        version=version,
        status=LinkageModel.Status.ACTIVE,
        settings=engine.settings_dict(),
        auto_link_threshold=auto,
        review_threshold=review,
        training_fingerprint="0" * 64,
        trained_at=timezone.now(),
    )
