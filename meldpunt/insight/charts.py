"""Charts as inline SVG, drawn on the server: no JavaScript, no CDN, the same picture on the
dashboard and in the PDF letter. Pure: no Django imports.

Values may be numbers, None (no value) or "<5" (suppressed): a suppressed bar is drawn as a
hatched stub labelled "<5", so a chart never shows more than the table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BAR = "#1f5f8b"
BAR_OFF = "#b8452c"
NORM = "#2e7d32"
GRID = "#d0d7de"
TEXT = "#24292f"


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def bars(
    labels: Sequence[str],
    values: Sequence,
    *,
    title: str = "",
    norm: float | None = None,
    unit: str = "",
    width: int = 640,
    height: int = 220,
    label: str = "",
) -> str:
    """Vertical bars (a trend by month), with the norm as a line when there is one. `label`
    names the chart for screen readers when it has no visible title."""
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    top = max([*numbers, norm or 0, 1])
    if unit == "%":
        top = max(top, 100)
    left, right, upper, lower = 40, 10, 24 if title else 10, 34
    plot_w, plot_h = width - left - right, height - upper - lower
    step = plot_w / max(len(values), 1)
    bar_w = step * 0.7
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label or title)}" '
        f'font-family="sans-serif" font-size="10">'
    ]
    if title:
        parts.append(
            f'<text x="{left}" y="14" font-size="12" font-weight="bold" fill="{TEXT}">'
            f"{escape(title)}</text>"
        )
    for i in range(5):
        y = upper + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{_fmt(round(top * i / 4, 1)) if top < 10 else round(top * i / 4)}</text>"
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * step + (step - bar_w) / 2
        cx = x + bar_w / 2
        if value == "<5":
            parts.append(
                f'<rect x="{x:.1f}" y="{upper + plot_h - 6:.1f}" width="{bar_w:.1f}" height="6" '
                f'fill="none" stroke="{BAR}" stroke-dasharray="2,2"/>'
                f'<text x="{cx:.1f}" y="{upper + plot_h - 9:.1f}" text-anchor="middle" '
                f'fill="{TEXT}">&lt;5</text>'
            )
        elif isinstance(value, int | float):
            h = plot_h * value / top
            colour = BAR_OFF if norm is not None and value < norm else BAR
            parts.append(
                f'<rect x="{x:.1f}" y="{upper + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
            )
            if len(values) <= 13:
                parts.append(
                    f'<text x="{cx:.1f}" y="{upper + plot_h - h - 3:.1f}" text-anchor="middle" '
                    f'fill="{TEXT}">{_fmt(value)}</text>'
                )
        parts.append(
            f'<text x="{cx:.1f}" y="{height - lower + 14}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
    if norm is not None:
        y = upper + plot_h - plot_h * norm / top
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{NORM}" '
            f'stroke-width="2" stroke-dasharray="6,3"/>'
            f'<text x="{width - right}" y="{y - 4:.1f}" text-anchor="end" fill="{NORM}">'
            f"norm {_fmt(norm)}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def hbars(
    labels: Sequence[str],
    values: Sequence,
    *,
    title: str = "",
    width: int = 640,
    label: str = "",
) -> str:
    """Horizontal bars for categories (reporter groups, forms of violence, destinations);
    `label` names the chart for screen readers when it has no visible title."""
    row_h, label_w, upper = 18, 230, 24 if title else 6
    height = upper + row_h * len(labels) + 6
    numbers = [v for v in values if isinstance(v, int | float)]
    top = max([*numbers, 1])
    plot_w = width - label_w - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label or title)}" '
        f'font-family="sans-serif" font-size="10">'
    ]
    if title:
        parts.append(
            f'<text x="0" y="14" font-size="12" font-weight="bold" fill="{TEXT}">'
            f"{escape(title)}</text>"
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = upper + i * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" fill="{TEXT}">'
            f"{escape(label[:42])}</text>"
        )
        if isinstance(value, int | float) and value:
            w = plot_w * value / top
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                f'fill="{BAR}"/>'
            )
            end = label_w + w
        else:
            end = label_w
        shown = "&lt;5" if value == "<5" else ("–" if value is None else _fmt(value))
        parts.append(f'<text x="{end + 4:.1f}" y="{y + 12}" fill="{TEXT}">{shown}</text>')
    parts.append("</svg>")
    return "".join(parts)
