"""OpenAPI post-processing: a strict schema, so that fuzzing it has teeth.

- every object with declared properties gets `additionalProperties: false` (requests: the
  server refuses unknown fields, see `StrictSerializer`; responses: nothing undeclared leaks);
- every operation documents its errors as RFC 9457 problem details (`Problem`).
"""

from __future__ import annotations

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (problem details).",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "pointer": {"type": "string"},
                    "detail": {"type": "string"},
                },
                "required": ["field", "pointer", "detail"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": False,
}

ERRORS = {
    "400": "Ongeldige invoer of een regel van het proces weigert (detail zegt welke).",
    "401": "Niet aangemeld: sessie of 'Authorization: Token <sleutel>'.",
    "403": "Geen recht op dit eindpunt of deze handeling.",
    "404": "Bestaat niet, of u heeft er geen toegang toe.",
}
BODY_ERRORS = {
    "409": "Iemand anders wijzigde dit intussen; lees opnieuw en probeer het nog eens.",
    "413": "Het verzoek is te groot.",
    "415": "Stuur JSON.",
}


def _strict(node) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _strict(value)
    elif isinstance(node, list):
        for value in node:
            _strict(value)


def _problem_response(text: str) -> dict:
    return {"description": text, "content": {"application/problem+json": {"schema": PROBLEM_REF}}}


def strict_schema(result, generator, request, public):
    """SPECTACULAR_SETTINGS POSTPROCESSING_HOOKS entry."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    _strict(schemas)
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            _strict(operation.get("parameters", []))
            responses = operation.setdefault("responses", {})
            codes = dict(ERRORS)
            if method != "get":
                codes.update(BODY_ERRORS)
            for code, text in codes.items():
                responses.setdefault(code, _problem_response(text))
            responses.setdefault("default", _problem_response("Andere fout (problem details)."))
    schemas["Problem"] = PROBLEM_SCHEMA
    return result
