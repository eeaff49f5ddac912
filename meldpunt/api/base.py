"""The building blocks of every endpoint: the view base class and the strict serializers.

- `ApiView`: login (token or session) plus the endpoint's `right`; `parse()` reads a body with a
  strict serializer, `query()` reads the query string; `record()` writes the audit entry for a
  read of personal data.
- `StrictSerializer`: refuses unknown fields and JSON values of the wrong type ("12" for a
  number, 1 for a boolean), so the OpenAPI schema (`additionalProperties: false`, exact types)
  is what the server enforces.
- `QuerySerializer`: for query strings: values are text by nature, unknown parameters refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.api.auth import HasRight

UNKNOWN_FIELD = "Onbekend veld; toegestaan zijn: {allowed}."
MAX_ID = 2**53 - 1  # ids stay exact in every JSON client


def _type_error(field: serializers.Field, value: Any) -> str | None:
    """Why `value` (as parsed from JSON) cannot be meant for `field`, or None."""
    if value is None:
        return None  # the field's own allow_null check answers
    expected: tuple[type, ...]
    name: str
    if isinstance(field, serializers.BooleanField):
        expected, name = (bool,), "true of false"
    elif isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        expected, name = (int,), "een geheel getal"
    elif isinstance(field, serializers.FloatField | serializers.DecimalField):
        expected, name = (int, float), "een getal"
    elif isinstance(
        field,
        serializers.ListField | serializers.ListSerializer | serializers.MultipleChoiceField,
    ):
        expected, name = (list,), "een lijst"
    elif isinstance(field, serializers.Serializer | serializers.DictField):
        expected, name = (dict,), "een object"
    elif isinstance(field, serializers.JSONField):
        return None
    elif isinstance(
        field,
        serializers.CharField
        | serializers.ChoiceField
        | serializers.DateField
        | serializers.DateTimeField
        | serializers.TimeField
        | serializers.SlugRelatedField
        | serializers.UUIDField,
    ):
        expected, name = (str,), "tekst"
    else:
        return None
    if isinstance(value, bool) and bool not in expected:
        return f"Verwacht {name}, niet true/false."
    if not isinstance(value, expected):
        return f"Verwacht {name}."
    if isinstance(field, serializers.ListField):
        for index, item in enumerate(value):
            if problem := _type_error(field.child, item):
                return f"Element {index}: {problem[0].lower()}{problem[1:]}"
    return None


class StrictSerializer(serializers.Serializer):
    """A request body: exactly the declared fields, each with its JSON type."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name: f for name, f in self.fields.items() if not f.read_only}
            errors: dict[str, list[str]] = {}
            allowed = ", ".join(sorted(writable)) or "geen"
            for key in data:
                if key not in writable:
                    errors[str(key)] = [UNKNOWN_FIELD.format(allowed=allowed)]
                elif problem := _type_error(writable[key], data[key]):
                    errors[str(key)] = [problem]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class QuerySerializer(serializers.Serializer):
    """Query-string filters: unknown parameters are refused (a typo should not silently widen
    a list of personal data)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            allowed = ", ".join(sorted(self.fields)) or "geen"
            unknown = [key for key in data if key not in self.fields]
            if unknown:
                raise serializers.ValidationError(
                    {key: [f"Onbekende parameter; toegestaan zijn: {allowed}."] for key in unknown}
                )
        return super().to_internal_value(data)


def Id(**kwargs) -> serializers.IntegerField:  # noqa: N802 - reads like a field class
    """An id in a request: a positive integer the database can hold."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class Page(QuerySerializer):
    """Paging for lists: `limit` (1-500, default 100) and `offset`."""

    limit = serializers.IntegerField(min_value=1, max_value=500, default=100)
    offset = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)


class ApiView(APIView):
    """Base of every endpoint: authenticated, with the endpoint's right, problems on errors."""

    permission_classes = [IsAuthenticated, HasRight]
    right: Right | None = None
    rights: dict[str, Right] = {}

    def parse(self, serializer_class: type[serializers.Serializer], **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def query(self, serializer_class: type[serializers.Serializer]) -> dict:
        params = {key: self.request.query_params.getlist(key) for key in self.request.query_params}
        single = {key: values[-1] if len(values) == 1 else values for key, values in params.items()}
        serializer = serializer_class(data=single)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def record(self, event: str, subject: Any = None, **details: Any) -> None:
        """Audit a read of personal data (writes are audited by the services)."""
        audit.record(
            event,
            actor=self.request.user,
            subject=subject,
            remote_addr=self.request.META.get("REMOTE_ADDR"),
            **details,
        )


def paginated(serializer_class: type[serializers.Serializer], name: str):
    """The envelope of a list: `{"count": n, "results": [...]}`."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(min_value=0),
            "results": serializer_class(many=True),
            "__doc__": f"A page of {serializer_class.__name__}: total count and the items.",
        },
    )
