"""The API reads JSON only, with a size limit and without ever failing with a 500.

The limit is Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB unless settings say otherwise): a
larger body is refused with 413 before it is read. DRF's own parser reads the stream without
that check, hence this one. Invalid UTF-8, invalid JSON, NaN/Infinity and absurdly deep
nesting are a 400.
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from meldpunt.api.problems import BodyTooLarge


def max_body_bytes() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440


def _refuse_constant(name: str):
    raise ValueError(f"{name} is geen geldige JSON-waarde")


def too_large() -> BodyTooLarge:
    return BodyTooLarge(
        f"Het verzoek is groter dan {max_body_bytes()} bytes. Stuur minder tegelijk "
        "(bijvoorbeeld een kleinere batch)."
    )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_bytes()
        request = (parser_context or {}).get("request")
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0) if request else 0
        except ValueError:
            declared = 0
        if declared > limit:
            raise too_large()
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise too_large()
        try:
            text = raw.decode((parser_context or {}).get("encoding") or "utf-8")
            return json.loads(text, parse_constant=_refuse_constant)
        except UnicodeDecodeError as err:
            raise ParseError("De inhoud is geen geldige UTF-8-tekst.") from err
        except RecursionError as err:
            raise ParseError("De JSON is te diep genest.") from err
        except ValueError as err:
            raise ParseError(f"De inhoud is geen geldige JSON: {err}.") from err
