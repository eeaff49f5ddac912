"""The questions of the satisfaction survey. One survey, two kinds of respondent: families and
reporters after a closed service, and municipalities and chain partners once a year. Each
answers two marks from 1 to 10 and an optional comment; the answer stores the first mark in
`score_service` and the second in `score_treatment`. Pure: no Django imports."""

from __future__ import annotations

QUESTIONS: dict[str, tuple[str, str]] = {
    "client": (
        "Welk cijfer geeft u de hulp van Veilig Thuis?",
        "Welk cijfer geeft u de manier waarop wij met u omgingen?",
    ),
    "partner": (
        "Welk cijfer geeft u de samenwerking met Veilig Thuis in het afgelopen jaar?",
        "Welk cijfer geeft u de bereikbaarheid en de terugkoppeling van Veilig Thuis?",
    ),
}
INTRODUCTION: dict[str, str] = {
    "client": (
        "Wij willen graag weten hoe u de hulp van Veilig Thuis heeft ervaren. Uw antwoord is "
        "anoniem voor de medewerker die u hielp en helpt ons ons werk te verbeteren."
    ),
    "partner": (
        "Eens per jaar vragen wij gemeenten en ketenpartners hoe de samenwerking met Veilig Thuis "
        "verloopt. Uw antwoord helpt ons de samenwerking te verbeteren."
    ),
}
