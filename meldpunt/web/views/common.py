from __future__ import annotations

from django.core.exceptions import PermissionDenied

from meldpunt.access import audit


def require(user, right) -> None:
    if not user.can(right):
        raise PermissionDenied("U heeft geen recht op deze pagina.")


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def record_view(request, event: str, subject, **details) -> None:
    """Audit that personal data was shown: which file, to whom, from where."""
    audit.record(
        event, actor=request.user, subject=subject, remote_addr=client_ip(request), **details
    )


def stale(obj, posted_version) -> bool:
    return posted_version is not None and int(posted_version) != obj.version


STALE_MESSAGE = (
    "Iemand anders heeft dit dossier intussen gewijzigd. Uw wijziging is niet opgeslagen; "
    "bekijk de nieuwe stand en probeer het opnieuw."
)
