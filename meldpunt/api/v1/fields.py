"""Fields shared by the resources: reference codes, people, the reporter, optimistic versions."""

from __future__ import annotations

import datetime as dt
import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meldpunt import clock
from meldpunt.api.base import MAX_ID, Id, StrictSerializer
from meldpunt.errors import ConcurrentChange
from meldpunt.reference.models import (
    HandoverDestination,
    Municipality,
    ReporterType,
    ViolenceForm,
)
from meldpunt.registry.models import InvolvementRole, Sex
from meldpunt.registry.validators import validate_birth_date, validate_bsn, validate_postcode

SLUG = r"^[a-z0-9][a-z0-9_-]{0,39}$"
CBS = r"^GM[0-9]{4}$"
EARLIEST = dt.date(2000, 1, 1)  # the API registers current work; history comes by migration


class CodeField(serializers.SlugRelatedField):
    """A reference row named by its code; the code is checked before any query."""

    def __init__(self, model, *, slug_field: str = "code", pattern: str = SLUG, **kwargs):
        self.pattern = re.compile(pattern)
        self.model_label = model._meta.verbose_name
        kwargs.setdefault("queryset", model.objects.all())
        super().__init__(slug_field=slug_field, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not self.pattern.match(data):
            raise serializers.ValidationError(
                f"Ongeldige code voor {self.model_label}: verwacht iets als "
                f"{'GM0606' if self.slug_field == 'cbs_code' else 'politie'}."
            )
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as err:
            raise serializers.ValidationError(
                f"Onbekende {self.model_label} '{data}'. De codes staan in de referentiegegevens."
            ) from err


@extend_schema_field({"type": "string", "pattern": CBS, "example": "GM0606"})
class MunicipalityField(CodeField):
    def __init__(self, *, served_only: bool = True, **kwargs):
        queryset = Municipality.objects.filter(served=True) if served_only else None
        if queryset is not None:
            kwargs["queryset"] = queryset
        super().__init__(Municipality, slug_field="cbs_code", pattern=CBS, **kwargs)


@extend_schema_field({"type": "string", "pattern": SLUG, "example": "politie"})
class ReporterTypeField(CodeField):
    def __init__(self, **kwargs):
        super().__init__(ReporterType, **kwargs)


@extend_schema_field({"type": "string", "pattern": SLUG, "example": "lokale-veld"})
class DestinationField(CodeField):
    def __init__(self, **kwargs):
        super().__init__(HandoverDestination, **kwargs)


@extend_schema_field(
    {"type": "array", "items": {"type": "string", "pattern": SLUG}, "maxItems": 20}
)
class ViolenceFormsField(serializers.ListField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", list)
        super().__init__(child=CodeField(ViolenceForm), max_length=20, **kwargs)


def not_future(value):
    moment = value.date() if isinstance(value, dt.datetime) else value
    if moment > clock.today():
        raise serializers.ValidationError("Deze datum ligt in de toekomst.")
    if moment < EARLIEST:
        raise serializers.ValidationError(f"Deze datum ligt vóór {EARLIEST:%d-%m-%Y}.")


def recent_date(**kwargs) -> serializers.DateField:
    """A date of work done: not in the future, not before 2000."""
    return serializers.DateField(validators=[not_future], **kwargs)


def recent_moment(**kwargs) -> serializers.DateTimeField:
    return serializers.DateTimeField(validators=[not_future], **kwargs)


def text(max_length: int = 4000, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, **kwargs)


def optional_text(max_length: int = 4000) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, default="", allow_blank=True
    )


class PersonIn(StrictSerializer):
    """A person named in a report: `person_id` of a known person (from a search), or new
    details. New details need at least a name or a BSN."""

    role = serializers.ChoiceField(choices=InvolvementRole.choices)
    person_id = Id(required=False, help_text="een bekende persoon (zie /persons/search)")
    given_names = optional_text(200)
    surname_prefix = optional_text(20)
    surname = optional_text(200)
    date_of_birth = serializers.DateField(required=False, validators=[validate_birth_date])
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.OTHER)
    bsn = serializers.CharField(
        max_length=9, required=False, default="", allow_blank=True, validators=[validate_bsn]
    )
    street = optional_text(200)
    house_number = optional_text(20)
    postcode = serializers.CharField(
        max_length=7, required=False, default="", allow_blank=True, validators=[validate_postcode]
    )
    city = optional_text(100)
    confidential_address = serializers.BooleanField(default=False)

    def validate(self, data):
        if data.get("person_id") is None and not (
            data["surname"] or data["given_names"] or data["bsn"]
        ):
            raise serializers.ValidationError("Geef ten minste een naam of een BSN op.")
        return data


class ReporterIn(StrictSerializer):
    type = ReporterTypeField(help_text="soort melder, bijvoorbeeld politie")
    name = optional_text(200)
    organisation = optional_text(200)
    phone = optional_text(40)
    email = serializers.EmailField(max_length=254, required=False, default="", allow_blank=True)
    anonymous = serializers.BooleanField(default=False, help_text="anoniem richting betrokkenen")
    wants_feedback = serializers.BooleanField(default=True)


class VersionIn(StrictSerializer):
    """`version` (optional): the version you read; a newer one on the server is a 409."""

    version = serializers.IntegerField(min_value=0, max_value=MAX_ID, required=False)


def check_version(obj, data: dict) -> None:
    if data.get("version") is not None and data["version"] != obj.version:
        raise ConcurrentChange(
            f"Iemand anders heeft dit intussen gewijzigd (versie {obj.version}, u stuurde "
            f"{data['version']}). Lees het opnieuw en probeer het nog eens."
        )
