"""The population register (BRP) through the Haal Centraal "BRP personen bevragen" API.

`HaalCentraalBrp` POSTs a `RaadpleegMetBurgerservicenummer` query to `{BRP_API_URL}/personen`
with the API key in the `X-API-KEY` header and asks only the fields the safety assessment needs
(`FIELDS`). `StandIn` answers the same query from the register's own people in the API's
response format, for development and tests. `parse_person` reads a `Persoon` from a response.
`lookup_person` is the one service that asks: it checks the right, audits every lookup and
records it as an answered information request of the assessment.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

# Only what the safety assessment needs: who the person is, where they live, their children.
FIELDS: tuple[str, ...] = (
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "geslacht",
    "verblijfplaats.verblijfadres.korteStraatnaam",
    "verblijfplaats.verblijfadres.huisnummer",
    "verblijfplaats.verblijfadres.huisletter",
    "verblijfplaats.verblijfadres.huisnummertoevoeging",
    "verblijfplaats.verblijfadres.postcode",
    "verblijfplaats.verblijfadres.woonplaats",
    "gemeenteVanInschrijving",
    "kinderen.burgerservicenummer",
    "kinderen.naam",
    "kinderen.geboorte.datum",
)
QUERY_TYPE = "RaadpleegMetBurgerservicenummer"


class BrpError(Exception):
    """The register could not answer; the message is Dutch."""


@dataclass(frozen=True)
class BrpChild:
    bsn: str
    name: str
    date_of_birth: dt.date | None
    birth_date_text: str


@dataclass(frozen=True)
class BrpPerson:
    bsn: str
    given_names: str
    surname_prefix: str
    surname: str
    date_of_birth: dt.date | None  # None when only the year or month is known
    birth_date_text: str  # the register's own wording ("15 november 1956", "maart 1978")
    sex: str  # V, M or O
    street: str
    house_number: str
    postcode: str
    city: str
    municipality_code: str
    confidential: bool  # geheimhoudingPersoonsgegevens: not to be passed on to third parties
    children: tuple[BrpChild, ...] = field(default_factory=tuple)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


def _date(value: dict[str, Any] | None) -> tuple[dt.date | None, str]:
    """A polymorphic `AbstractDatum`: Datum, JaarMaandDatum, JaarDatum or DatumOnbekend."""
    if not value:
        return None, ""
    text = value.get("langFormaat", "")
    if value.get("type") == "Datum" and value.get("datum"):
        return dt.date.fromisoformat(value["datum"]), text
    return None, text or "onbekend"


def _name(value: dict[str, Any] | None) -> tuple[str, str, str]:
    value = value or {}
    return value.get("voornamen", ""), value.get("voorvoegsel", ""), value.get("geslachtsnaam", "")


def parse_person(data: dict[str, Any]) -> BrpPerson:
    """Read one `Persoon` of a RaadpleegMetBurgerservicenummer response (fields absent from the
    answer, because they are empty or were not asked, become empty strings)."""
    given, prefix, surname = _name(data.get("naam"))
    born, born_text = _date((data.get("geboorte") or {}).get("datum"))
    address = (data.get("verblijfplaats") or {}).get("verblijfadres") or {}
    number = "".join(
        str(address.get(k, "")) for k in ("huisnummer", "huisletter", "huisnummertoevoeging")
    )
    children = []
    for child in data.get("kinderen") or []:
        c_given, c_prefix, c_surname = _name(child.get("naam"))
        c_born, c_text = _date((child.get("geboorte") or {}).get("datum"))
        children.append(
            BrpChild(
                bsn=child.get("burgerservicenummer", ""),
                name=" ".join(p for p in (c_given, c_prefix, c_surname) if p),
                date_of_birth=c_born,
                birth_date_text=c_text,
            )
        )
    return BrpPerson(
        bsn=data.get("burgerservicenummer", ""),
        given_names=given,
        surname_prefix=prefix,
        surname=surname,
        date_of_birth=born,
        birth_date_text=born_text,
        sex=(data.get("geslacht") or {}).get("code", ""),
        street=address.get("korteStraatnaam") or address.get("officieleStraatnaam", ""),
        house_number=number,
        postcode=address.get("postcode", ""),
        city=address.get("woonplaats", ""),
        municipality_code=(data.get("gemeenteVanInschrijving") or {}).get("code", ""),
        confidential=bool(data.get("geheimhoudingPersoonsgegevens", False)),
        children=tuple(children),
    )


def query_for(bsn: str) -> dict[str, Any]:
    return {"type": QUERY_TYPE, "burgerservicenummer": [bsn], "fields": list(FIELDS)}


def person_from_response(body: dict[str, Any], bsn: str) -> BrpPerson | None:
    for item in body.get("personen") or []:
        if item.get("burgerservicenummer") == bsn:
            return parse_person(item)
    return None


class Brp(Protocol):
    def find(self, bsn: str) -> BrpPerson | None: ...


# (url, body, headers) -> (status, body bytes)
Transport = Callable[[str, bytes, dict[str, str]], tuple[int, bytes]]


def _urllib_transport(timeout: float) -> Transport:
    def send(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()
        except (urllib.error.URLError, TimeoutError) as err:
            raise BrpError(
                f"De BRP is niet bereikbaar ({err}). Probeer het later opnieuw."
            ) from err

    return send


class HaalCentraalBrp:
    """The Haal Centraal BRP API, configured by its base URL and API key."""

    def __init__(
        self, url: str, api_key: str, *, transport: Transport | None = None, timeout: float = 10
    ) -> None:
        if not url.startswith(("https://", "http://")):
            raise BrpError("BRP_API_URL moet met https:// beginnen.")
        self.endpoint = url.rstrip("/") + "/personen"
        self.api_key = api_key
        self.transport = transport or _urllib_transport(timeout)

    def find(self, bsn: str) -> BrpPerson | None:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "X-API-KEY": self.api_key,
        }
        status, raw = self.transport(
            self.endpoint, json.dumps(query_for(bsn)).encode("utf-8"), headers
        )
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError as err:
            raise BrpError("De BRP gaf een onleesbaar antwoord.") from err
        if status != 200:
            detail = body.get("detail") or body.get("title") or "onbekende fout"
            raise BrpError(f"De BRP weigerde de vraag (HTTP {status}): {detail}")
        return person_from_response(body, bsn)


class StandIn:
    """Answers like the BRP API from the register's own (synthetic) people."""

    def answer(self, query: dict[str, Any]) -> dict[str, Any]:
        from meldpunt.registry.models import Person

        people = []
        for bsn in query.get("burgerservicenummer", []):
            person = Person.objects.filter(bsn=bsn).select_related("municipality").first()
            if person is not None:
                people.append(_as_persoon(person))
        return {"type": QUERY_TYPE, "personen": people}

    def find(self, bsn: str) -> BrpPerson | None:
        return person_from_response(self.answer(query_for(bsn)), bsn)


_SEX = {"v": ("V", "vrouw"), "m": ("M", "man"), "x": ("O", "onbekend")}
_MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def _long(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _datum(day: dt.date | None) -> dict[str, Any]:
    if day is None:
        return {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}
    return {"type": "Datum", "datum": day.isoformat(), "langFormaat": _long(day)}


def _naam(person) -> dict[str, str]:
    naam = {
        "voornamen": person.given_names,
        "voorvoegsel": person.surname_prefix,
        "geslachtsnaam": person.surname,
    }
    return {k: v for k, v in naam.items() if v}  # the API leaves out what is empty


def _as_persoon(person) -> dict[str, Any]:
    from meldpunt.registry.models import Person

    code, text = _SEX.get(person.sex, _SEX["x"])
    item: dict[str, Any] = {
        "burgerservicenummer": person.bsn,
        "naam": _naam(person),
        "geboorte": {"datum": _datum(person.date_of_birth)},
        "geslacht": {"code": code, "omschrijving": text},
    }
    if person.street:
        address = {
            "korteStraatnaam": person.street,
            "huisnummer": person.house_number,
            "postcode": person.postcode.replace(" ", ""),
            "woonplaats": person.city,
        }
        item["verblijfplaats"] = {
            "type": "Adres",
            "verblijfadres": {k: v for k, v in address.items() if v},
        }
    if person.municipality is not None:
        item["gemeenteVanInschrijving"] = {
            "code": person.municipality.cbs_code.removeprefix("GM"),
            "omschrijving": person.municipality.name,
        }
    if person.confidential_address:
        item["geheimhoudingPersoonsgegevens"] = True
    if person.household_id and person.date_of_birth:
        children = Person.objects.filter(
            household_id=person.household_id, date_of_birth__gt=person.date_of_birth
        ).exclude(pk=person.pk)
        kids = [
            {
                "burgerservicenummer": child.bsn,
                "naam": _naam(child),
                "geboorte": {"datum": _datum(child.date_of_birth)},
            }
            for child in children
            if child.date_of_birth and (child.date_of_birth - person.date_of_birth).days > 15 * 365
        ]
        if kids:
            item["kinderen"] = [{k: v for k, v in kid.items() if v} for kid in kids]
    return item


def configured() -> Brp:
    """The BRP adapter this installation uses: the Haal Centraal API when `BRP_API_URL` is set,
    else the built-in stand-in."""
    from django.conf import settings

    if settings.BRP_API_URL:
        return HaalCentraalBrp(settings.BRP_API_URL, settings.BRP_API_KEY)
    return StandIn()


def lookup_person(*, by, report, bsn: str, brp: Brp | None = None) -> BrpPerson | None:
    """Look a person up in the BRP for the safety assessment of `report`. Audited (ids only,
    never the BSN) and recorded as an answered information request, in one transaction."""
    from django.db import transaction

    from meldpunt import clock
    from meldpunt.access import audit
    from meldpunt.access.roles import Right
    from meldpunt.acute.models import InformationRequest, InformationSource
    from meldpunt.errors import DomainError, NotAllowed
    from meldpunt.registry.validators import bsn_is_valid

    if not by.can(Right.GATHER_INFORMATION):
        raise NotAllowed("U heeft geen recht om de BRP te raadplegen.")
    bsn = (bsn or "").strip()
    if not bsn_is_valid(bsn):
        raise DomainError(
            "Dit is geen geldig BSN: een BSN heeft 9 cijfers en moet voldoen aan de 11-proef.",
            field="bsn",
        )
    try:
        person = (brp or configured()).find(bsn)
    except BrpError as err:
        raise DomainError(str(err)) from err
    with transaction.atomic():
        now = clock.now()
        request = InformationRequest.objects.create(
            report=report,
            source=InformationSource.BRP,
            question="Raadplegen BRP (naam, geboortedatum, adres, kinderen)",
            asked_at=now,
            asked_by=by,
            answered_at=now,
            answer="Persoon gevonden." if person else "Geen persoon met dit BSN gevonden.",
            answered_by="BRP (Haal Centraal)",
        )
        audit.record(
            "brp.lookup",
            actor=by,
            subject=request,
            report_id=report.pk,
            found=person is not None,
            fields=len(FIELDS),
        )
    return person
