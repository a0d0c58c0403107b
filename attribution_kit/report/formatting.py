"""Numbers as the report writes them: money, percents, rates (n/a over nothing, never 0%)."""

from __future__ import annotations

import html

from attribution_kit.report.data import NOT_AVAILABLE


def format_money(value: float) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e9:
        return f"{sign}${value / 1e9:.2f}B"
    if value >= 1e6:
        return f"{sign}${value / 1e6:.2f}M"
    if value >= 1e3:
        return f"{sign}${value / 1e3:.1f}k"
    return f"{sign}${value:.0f}"


def format_percent(value: float, digits: int = 0) -> str:
    return f"{100 * value:.{digits}f}%"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator; None when the denominator is zero or missing (a rate over nothing)."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def format_ratio(numerator: float | None, denominator: float | None, digits: int = 0) -> str:
    """A rate as a percent, or n/a when there is nothing to divide by (never 0%)."""
    value = ratio(numerator, denominator)
    return NOT_AVAILABLE if value is None else format_percent(value, digits)


def format_share(value: float | None) -> str:
    """A share for a small cell: whole percent from 10%, one decimal below, 0 for nothing, n/a for None."""
    if value is None:
        return NOT_AVAILABLE
    if value == 0:
        return "0"
    return format_percent(value, 0 if abs(value) >= 0.0995 else 1)


def format_count(value: float) -> str:
    return f"{value:,.0f}"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)
