"""Charts of the policy analysis, drawn on the server with matplotlib (no Django, no CDN):
the risk ranking, reports per 1,000 against the risk score with the fitted line, and the hours
per activity of a capacity plan. Each returns SVG bytes; text is drawn as paths, so no name from
the data ends up as markup."""

from __future__ import annotations

import base64
import io

from meldpunt.insight.capacity import ACTIVITY_LABELS, CapacityResult
from meldpunt.insight.risk import Fit, MunicipalityScore

TIER_COLOURS = {"high": "#b00020", "average": "#8a94a3", "low": "#1e6b34"}
TIER_LABELS = {"high": "hoog", "average": "gemiddeld", "low": "laag"}


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _svg(figure) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def data_uri(svg: bytes) -> str:
    """For an <img src="...">: the chart travels inside the page."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def ranking(scores: list[MunicipalityScore]) -> bytes:
    """Horizontal bars of the risk score, rank 1 on top, coloured by tier."""
    figure = _figure(7.5, 0.32 * len(scores) + 1.2)
    ax = figure.subplots()
    ordered = list(reversed(scores))
    ax.barh(
        [s.municipality for s in ordered],
        [s.score for s in ordered],
        color=[TIER_COLOURS[s.tier] for s in ordered],
    )
    ax.axvline(0, color="#1d2430", linewidth=0.8)
    ax.set_xlabel("Risicoscore (som van de z-scores)")
    ax.grid(axis="x", alpha=0.3)
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=TIER_COLOURS[t], label=TIER_LABELS[t]) for t in TIER_COLOURS],
        loc="lower right",
        frameon=False,
    )
    return _svg(figure)


def scatter(scores: list[MunicipalityScore], fit: Fit) -> bytes:
    """Reports per 1,000 against the risk score, the fitted line, flagged municipalities named."""
    figure = _figure(7.5, 4.5)
    ax = figure.subplots()
    points = [s for s in scores if s.reports_per_1000 is not None]
    colours = {
        "fewer_than_expected": "#b00020",
        "more_than_expected": "#0b5cad",
        "none": "#55606e",
    }
    ax.scatter(
        [s.score for s in points],
        [s.reports_per_1000 for s in points],
        c=[colours[s.flag] for s in points],
        zorder=3,
    )
    for s in points:
        ax.annotate(
            s.municipality,
            (s.score, s.reports_per_1000),
            textcoords="offset points",
            xytext=(4, 4),
            fontsize=7,
            color=colours[s.flag],
        )
    if fit.slope is not None and points:
        xs = [min(s.score for s in scores), max(s.score for s in scores)]
        ax.plot(xs, [fit.expected(x) for x in xs], color="#e76f51", label="Verwacht (OLS)")
        ax.legend(loc="upper left", frameon=False)
    ax.set_xlabel("Risicoscore")
    ax.set_ylabel("Meldingen per 1.000 inwoners")
    ax.grid(alpha=0.3)
    return _svg(figure)


def hours(result: CapacityResult) -> bytes:
    figure = _figure(7.5, 2.8)
    ax = figure.subplots()
    keys = list(reversed(list(result.hours_by_activity)))
    ax.barh(
        [ACTIVITY_LABELS[k].split(" (")[0] for k in keys],
        [result.hours_by_activity[k] for k in keys],
        color="#0b5cad",
    )
    ax.set_xlabel("Uren per jaar")
    ax.grid(axis="x", alpha=0.3)
    return _svg(figure)
