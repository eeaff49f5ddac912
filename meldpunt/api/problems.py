"""Problem details (RFC 9457) for every error of the API, in one place.

Every endpoint under /api/ answers an error as `application/problem+json`:

    {"type": "about:blank", "title": "Ongeldig verzoek", "status": 400,
     "detail": "people.0.bsn: Dit is geen geldig BSN ...",
     "errors": [{"field": "people.0.bsn", "pointer": "#/people/0/bsn", "detail": "..."}]}

`detail` is a sentence a person can act on (the service's Dutch message where there is one),
`errors` names every field that was refused. Domain errors map as STYLE.md says: a rule refused
(DomainError) 400, a role refused (NotAllowed) 403, someone else changed the row first
(ConcurrentChange) 409. The handler is REST_FRAMEWORK["EXCEPTION_HANDLER"]; `page_not_found`
and `server_error` give the same shape for URLs under /api/ that no view answered.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Antwoordformaat niet beschikbaar",
    409: "Gelijktijdige wijziging",
    413: "Verzoek te groot",
    415: "Formaat niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
}
NOT_FOUND = "Dit bestaat niet, of u heeft er geen toegang toe."


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "Het verzoek is te groot."
    default_code = "too_large"


class FieldError(serializers.Serializer):
    field = serializers.CharField(help_text="het veld, met punten: people.0.bsn; leeg: het geheel")
    pointer = serializers.CharField(help_text="JSON Pointer (RFC 6901) in de body: #/people/0/bsn")
    detail = serializers.CharField()


class Problem(serializers.Serializer):
    """The body of every error answer (RFC 9457)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField(min_value=400, max_value=599)
    detail = serializers.CharField()
    errors = FieldError(many=True, required=False)


def body(status: int, detail: str, errors: list[dict] | None = None, title: str = "") -> dict:
    data: dict[str, Any] = {
        "type": "about:blank",
        "title": title or TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail,
    }
    if errors:
        data["errors"] = errors
    return data


def problem(status: int, detail: str, errors: list[dict] | None = None, **kwargs) -> Response:
    return Response(
        body(status, detail, errors), status=status, content_type=PROBLEM_JSON, **kwargs
    )


def field_error(path: tuple[str, ...], message: str) -> dict[str, str]:
    return {
        "field": ".".join(path),
        "pointer": "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in path),
        "detail": message,
    }


def _flatten(detail: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(detail, dict):
        for key, value in detail.items():
            key = str(key)
            yield from _flatten(value, path if key in ("non_field_errors", "") else (*path, key))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            for item in detail:
                yield path, str(item)
        else:  # a list of items, one entry per item ({} for a good one)
            for index, item in enumerate(detail):
                yield from _flatten(item, (*path, str(index)))
    elif detail:
        yield path, str(detail)


def validation_body(detail: Any) -> dict:
    """The problem body of a serializer's errors (also used per item of a batch)."""
    errors = [field_error(path, message) for path, message in _flatten(detail)]
    if not errors:
        errors = [field_error((), "Ongeldige invoer.")]
    shown = [f"{e['field']}: {e['detail']}" if e["field"] else e["detail"] for e in errors[:3]]
    more = f" (en nog {len(errors) - 3})" if len(errors) > 3 else ""
    return body(400, "; ".join(shown) + more, errors)


def validation_problem(detail: Any) -> Response:
    return Response(validation_body(detail), status=400, content_type=PROBLEM_JSON)


def domain_body(err: DomainError) -> dict:
    """The problem body of a refused rule (400), as the handler answers it."""
    errors = [field_error(tuple(err.field.split(".")), err.message)] if err.field else None
    return body(400, err.message, errors)


def exception_handler(exc: Exception, context: dict) -> Response:
    """REST_FRAMEWORK's EXCEPTION_HANDLER: every exception of an API view as a problem."""
    if isinstance(exc, NotAllowed):
        return problem(403, exc.message)
    if isinstance(exc, ConcurrentChange):
        return problem(409, exc.message)
    if isinstance(exc, DomainError):
        return Response(domain_body(exc), status=400, content_type=PROBLEM_JSON)
    if isinstance(exc, Http404):
        return problem(404, NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return problem(403, str(exc) or "U heeft hier geen recht op.")
    if isinstance(exc, exceptions.ValidationError):
        return validation_problem(exc.detail)
    if isinstance(exc, RequestDataTooBig):
        from meldpunt.api.parsers import too_large

        return exception_handler(too_large(), context)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return problem(exc.status_code, _dutch(exc, detail), headers=headers)
    logger.exception("Unhandled error in API view %s", context.get("view"))
    return problem(500, "Er ging iets mis aan onze kant. Probeer het later opnieuw.")


def _dutch(exc: exceptions.APIException, detail: str) -> str:
    """DRF's own messages are translated already; these say what to do next."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return "Meld u aan, of stuur een token mee: 'Authorization: Token <sleutel>'."
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "Stuur de inhoud als JSON, met 'Content-Type: application/json'."
    if isinstance(exc, exceptions.NotAcceptable):
        return "Dit eindpunt antwoordt alleen in JSON ('Accept: application/json')."
    return detail


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    """handler404: a problem for /api/ URLs, the normal page elsewhere."""
    if _is_api(request):
        return JsonResponse(body(404, NOT_FOUND), status=404, content_type=PROBLEM_JSON)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            body(500, "Er ging iets mis aan onze kant. Probeer het later opnieuw."),
            status=500,
            content_type=PROBLEM_JSON,
        )
    return defaults.server_error(request)
