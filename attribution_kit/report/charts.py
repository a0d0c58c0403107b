"""Pure chart functions: data -> one inline <svg class="chart" data-chart=NAME> element.

Marks carry a class (bar, cell, stage) and a <title> for the browser's tooltip; every text is escaped here."""

from __future__ import annotations

import math
from collections.abc import Sequence

from attribution_kit.report.data import NOT_AVAILABLE
from attribution_kit.report.formatting import esc, format_count, format_money, format_ratio, format_share

CHART_WIDTH = 960
FONT = "'Liberation Sans', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"
# Colour-blind-safe qualitative colours (Okabe-Ito) and a sequential blue ramp.
BLUE, ORANGE, GREEN, GREY, PURPLE = "#0072b2", "#e69f00", "#009e73", "#9aa3ad", "#cc79a7"
HEAT_LOW, HEAT_HIGH = (240, 246, 252), (8, 48, 107)
NOT_AVAILABLE_FILL = "#e3e7ec"  # a cell or stage with nothing to compute it from
HALO = ' paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'  # legible over lines


def nice_ticks(value: float, target: int = 5, integer: bool = False) -> list[float]:
    """Axis ticks from 0 in steps of 1, 2, 2.5 or 5 x 10^k, the last at or above value.

    With `integer` (counts) the step is a whole number."""
    if not value > 0:
        return [0.0, 1.0]
    raw = max(value / target, 1.0) if integer else value / target
    exponent = math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if integer and exponent == 0 else (1, 2, 2.5, 5, 10)
    step = next(m * 10**exponent for m in multiples if m * 10**exponent >= raw * (1 - 1e-12))
    count = math.ceil(value / step - 1e-9)
    return [step * k for k in range(count + 1)]


def heat_colour(value: float, low: float, high: float) -> str:
    t = 0.0 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    t = t**0.8
    rgb = [round(a + (b - a) * t) for a, b in zip(HEAT_LOW, HEAT_HIGH, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def text_colour_on(fill: str) -> str:
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "#1b1f24"


def _svg_open(name: str, height: float, label: str, width: float = CHART_WIDTH) -> str:
    return (
        f'<svg class="chart" data-chart="{esc(name)}" '
        f'viewBox="0 0 {width:g} {height:g}" width="100%" role="img" aria-label="{esc(label)}" '
        f'font-family="{FONT}" font-size="13">'
        f"<title>{esc(label)}</title>"
    )


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> str:
    parts = []
    for name, colour in items:
        parts.append(
            f'<rect class="legend-key" x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 17:.1f}" y="{y:.1f}" fill="#1b1f24">{esc(name)}</text>'
        )
        x += 30 + 7.2 * len(name)
    return "".join(parts)


def heatmap_svg(
    name: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: dict[tuple[str, str], float | None],
    label: str,
    value_format=format_share,
    tooltip_extra: dict[tuple[str, str], str] | None = None,
) -> str:
    """Rows x columns grid of coloured cells, each with its value written in.

    A missing key is 0; a None value (nothing to compute it from) is a grey n/a cell."""
    left, top, cell_h = 150, 110, 28
    cell_w = max(44.0, min(80.0, (CHART_WIDTH - left - 10) / max(len(columns), 1)))
    width = left + cell_w * len(columns) + 10
    height = top + cell_h * len(rows) + 10
    present = [v for r in rows for c in columns if (v := values.get((r, c), 0.0)) is not None]
    low, high = (min(present), max(present)) if present else (0.0, 1.0)
    out = [_svg_open(name, height, label, width)]
    for j, column in enumerate(columns):
        x = left + cell_w * (j + 0.5)
        out.append(
            f'<text class="column-label" transform="translate({x:.1f},{top - 8}) rotate(-40)" '
            f'fill="#1b1f24">{esc(column)}</text>'
        )
    for i, row in enumerate(rows):
        y = top + cell_h * i
        out.append(
            f'<text class="row-label" x="{left - 8}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#1b1f24">{esc(row)}</text>'
        )
        for j, column in enumerate(columns):
            value = values.get((row, column), 0.0)
            fill = NOT_AVAILABLE_FILL if value is None else heat_colour(value, low, high)
            x = left + cell_w * j
            extra = (tooltip_extra or {}).get((row, column), "")
            out.append(
                f'<rect class="cell" x="{x:.1f}" y="{y:.1f}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                f'rx="2" fill="{fill}"><title>{esc(row)} x {esc(column)}: {esc(value_format(value))}'
                f"{esc(extra)}</title></rect>"
                f'<text x="{x + (cell_w - 2) / 2:.1f}" y="{y + cell_h / 2 + 3:.1f}" text-anchor="middle" '
                f'font-size="11" fill="{text_colour_on(fill)}" pointer-events="none">'
                f"{esc(value_format(value))}</text>"
            )
    out.append("</svg>")
    return "".join(out)


def hbar_svg(
    name: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    label: str,
    value_format=format_money,
    stacked: bool = False,
    reference: tuple[float, str] | None = None,
    annotations: Sequence[str] | None = None,
) -> str:
    """Horizontal bars: one row per category, one bar per series (side by side or stacked).

    A None value draws no bar (a measure that does not apply to that row)."""
    n_series = len(series)
    left, right, bottom = 190, 170, 30
    top = 34 if n_series > 1 or reference else 12  # room for the legend or the reference's label
    row_h = 30 if stacked or n_series == 1 else 14 * n_series + 14
    height = top + row_h * len(categories) + bottom
    plot_w = CHART_WIDTH - left - right
    if stacked:
        totals = [sum(values[i] or 0.0 for _, values, _ in series) for i in range(len(categories))]
    else:
        totals = [v for _, values, _ in series for v in values if v is not None]
    ticks = nice_ticks(
        max([*totals, reference[0] if reference else 0.0, 0.0]), integer=value_format is format_count
    )
    scale = plot_w / ticks[-1]
    out = [_svg_open(name, height, label)]
    if n_series > 1:
        out.append(_legend([(s, c) for s, _, c in series], left, 16))
    for tick in ticks:
        x = left + tick * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - bottom}" stroke="#e3e7ec"/>'
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="#5b6570">{esc(value_format(tick))}</text>'
        )
    if reference:  # under the bars and labels
        x = left + reference[0] * scale
        out.append(
            f'<line class="reference" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - bottom}" '
            f'stroke="#c0392b" stroke-dasharray="4 3" stroke-width="1.5"/>'
            f'<text x="{x + 4:.1f}" y="{top - 10}" font-size="11" fill="#c0392b">{esc(reference[1])}</text>'
        )
    for i, category in enumerate(categories):
        y0 = top + row_h * i
        out.append(
            f'<text class="row-label" x="{left - 8}" y="{y0 + row_h / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#1b1f24">{esc(category)}</text>'
        )
        offset = 0.0
        for k, (series_name, values, colour) in enumerate(series):
            if values[i] is None:
                continue
            value = max(values[i], 0.0)
            if stacked:
                x, y, h = left + offset * scale, y0 + 6, row_h - 12
                offset += value
            else:
                bar_h = (row_h - 10) / n_series
                x, y, h = left, y0 + 5 + k * bar_h, bar_h - 2
            w = value * scale
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{esc(category)}, {esc(series_name)}: {esc(value_format(values[i]))}</title></rect>"
            )
            if not stacked:
                out.append(
                    f'<text x="{x + w + 5:.1f}" y="{y + h / 2 + 4:.1f}" font-size="11" fill="#1b1f24"{HALO}>'
                    f"{esc(value_format(values[i]))}</text>"
                )
        if stacked:
            note = annotations[i] if annotations else value_format(offset)
            out.append(
                f'<text x="{left + offset * scale + 6:.1f}" y="{y0 + row_h / 2 + 4:.1f}" font-size="11" '
                f'fill="#1b1f24"{HALO}>{esc(note)}</text>'
            )
        elif annotations:
            out.append(
                f'<text x="{CHART_WIDTH - 8}" y="{y0 + row_h / 2 + 4:.1f}" text-anchor="end" font-size="11" '
                f'fill="#5b6570">{esc(annotations[i])}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def column_svg(
    name: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    label: str,
    value_format=format_count,
) -> str:
    """Vertical stacked columns (e.g. one per month), labels thinned to stay legible."""
    left, right, top, bottom = 56, 16, 34, 46
    height = 300
    plot_w, plot_h = CHART_WIDTH - left - right, height - top - bottom
    totals = [sum(values[i] for _, values, _ in series) for i in range(len(categories))]
    ticks = nice_ticks(max([*totals, 0.0]), integer=value_format is format_count)
    maximum = ticks[-1]
    slot = plot_w / max(len(categories), 1)
    out = [_svg_open(name, height, label), _legend([(s, c) for s, _, c in series], left, 16)]
    for tick in ticks:
        y = top + plot_h - tick / maximum * plot_h
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{CHART_WIDTH - right}" y2="{y:.1f}" stroke="#e3e7ec"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#5b6570">'
            f"{esc(value_format(tick))}</text>"
        )
    every = max(1, math.ceil(len(categories) / 16))
    for i, category in enumerate(categories):
        x = left + slot * i + slot * 0.15
        base = 0.0
        for series_name, values, colour in series:
            value = max(values[i], 0.0)
            h = value / maximum * plot_h
            y = top + plot_h - (base + value) / maximum * plot_h
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{esc(category)}, {esc(series_name)}: {esc(value_format(values[i]))}'
                "</title></rect>"
            )
            base += value
        if i % every == 0:
            out.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'font-size="11" fill="#5b6570">{esc(category)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def funnel_svg(name: str, stages: Sequence[tuple[str, int | None]], label: str) -> str:
    """Centred bars narrowing stage by stage, with the conversion from the previous stage.

    A None count is a stage absent from the data: an outlined box reading n/a, and n/a for
    the conversion into it and out of it."""
    top, row_h, height_pad = 10, 46, 10
    height = top + row_h * len(stages) + height_pad
    centre, max_w, absent_w = CHART_WIDTH / 2 - 60, CHART_WIDTH - 380, 120
    widest = max([count for _, count in stages if count] + [1])
    out = [_svg_open(name, height, label)]
    for i, (stage, count) in enumerate(stages):
        y = top + row_h * i
        out.append(
            f'<text x="{centre - max_w / 2 - 12:.1f}" y="{y + row_h / 2:.1f}" text-anchor="end" '
            f'font-weight="600" fill="#1b1f24">{esc(stage)}</text>'
        )
        if count is None:
            out.append(
                f'<rect class="stage-absent" x="{centre - absent_w / 2:.1f}" y="{y:.1f}" width="{absent_w}" '
                f'height="{row_h - 8}" rx="3" fill="{NOT_AVAILABLE_FILL}" stroke="#9aa3ad" '
                f'stroke-dasharray="4 3"><title>{esc(stage)}: {NOT_AVAILABLE}, absent from the data</title>'
                "</rect>"
                f'<text class="stage-count" x="{centre:.1f}" y="{y + row_h / 2:.1f}" text-anchor="middle" '
                f'font-weight="600" fill="#1b1f24">{NOT_AVAILABLE}</text>'
            )
        else:
            w = max(count / widest * max_w, 2.0)
            colour = [BLUE, "#2b86c5", "#4f9bd2", GREEN, "#007a5a"][i % 5]
            out.append(
                f'<rect class="stage" x="{centre - w / 2:.1f}" y="{y:.1f}" width="{w:.1f}" '
                f'height="{row_h - 8}" rx="3" fill="{colour}">'
                f"<title>{esc(stage)}: {format_count(count)}</title></rect>"
                f'<text class="stage-count" x="{centre:.1f}" y="{y + row_h / 2:.1f}" '
                f'text-anchor="middle" font-weight="600" '
                f'fill="{text_colour_on(colour) if w > 60 else "#1b1f24"}">{format_count(count)}</text>'
            )
        if i > 0:
            previous = stages[i - 1][1]
            out.append(
                f'<text class="conversion" x="{centre + max_w / 2 + 14:.1f}" y="{y + row_h / 2:.1f}" '
                f'fill="#5b6570">{format_ratio(count, previous)} of {esc(stages[i - 1][0])}</text>'
            )
    out.append("</svg>")
    return "".join(out)


FLAGGED = "#c0392b"  # a cohort clearly below its norm


def rate_vs_norm_svg(
    name: str,
    rows: Sequence[tuple[str, float, float | None, bool, str]],
    label: str,
) -> str:
    """One row per category: a bar for its rate (red when flagged) and a dark tick at its norm.

    rows: (category, rate in [0, 1], norm or None, is_flagged, note written at the right)."""
    left, right, top, bottom, row_h = 190, 220, 34, 30, 28
    height = top + row_h * len(rows) + bottom
    plot_w = CHART_WIDTH - left - right
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
    out = [
        _svg_open(name, height, label),
        _legend([("cohort rate", BLUE), ("below its norm", FLAGGED), ("trailing norm", "#1b1f24")], left, 16),
    ]
    for tick in ticks:
        x = left + tick * plot_w
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - bottom}" stroke="#e3e7ec"/>'
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="#5b6570">{esc(format_share(tick))}</text>'
        )
    for i, (category, rate, norm, flagged, note) in enumerate(rows):
        y0 = top + row_h * i
        colour = FLAGGED if flagged else BLUE
        w = max(min(rate, 1.0), 0.0) * plot_w
        norm_text = NOT_AVAILABLE if norm is None else format_share(norm)
        out.append(
            f'<text class="row-label" x="{left - 8}" y="{y0 + row_h / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#1b1f24">{esc(category)}</text>'
            f'<rect class="bar{" flagged" if flagged else ""}" x="{left}" y="{y0 + 6:.1f}" width="{w:.1f}" '
            f'height="{row_h - 12:.1f}" fill="{colour}"><title>{esc(category)}: {esc(format_share(rate))} '
            f"(norm {esc(norm_text)})</title></rect>"
        )
        if norm is not None:
            x = left + max(min(norm, 1.0), 0.0) * plot_w
            out.append(
                f'<line class="norm" x1="{x:.1f}" y1="{y0 + 2:.1f}" x2="{x:.1f}" y2="{y0 + row_h - 2:.1f}" '
                f'stroke="#1b1f24" stroke-width="3">'
                f"<title>{esc(category)}: norm {esc(norm_text)}</title></line>"
            )
        out.append(
            f'<text x="{CHART_WIDTH - 8}" y="{y0 + row_h / 2 + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{FLAGGED if flagged else "#5b6570"}">{esc(note)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
