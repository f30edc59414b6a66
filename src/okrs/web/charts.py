"""Server-rendered SVG history charts of key results: no JavaScript, printable, testable.

A chart shows a key result's value over the cycle (one point per check-in), the
expected-progress line from the baseline towards the target, the target line, today's
date, and the owner's confidence as a second series on a 0–1 axis on the right. It
carries a <title> and a <desc> that say in words what the lines show.

A chart draws whatever is stored, even numbers from before the input bounds (1e308, NaN)
and cycles of any length: values are clamped to ±1e15 and the date ticks thin out, so a
chart never fails its page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from okrs.core import domain
from okrs.core.finite import bounded
from okrs.core.scoring import KeyResultScore, check_ins_as_of, expected_progress
from okrs.core.validation import format_number

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 52, 16, 62
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
Y_TICKS = 4
DATE_TICKS = 12


@dataclass(frozen=True)
class Scale:
    """Maps cycle days and values to SVG coordinates."""

    start: date
    days: int
    low: float
    high: float

    def x(self, day: date) -> float:
        return round(LEFT + PLOT_W * (day - self.start).days / max(self.days - 1, 1), 1)

    def y(self, value: float) -> float:
        """Left axis: a value, kept within the plot."""
        share = (bounded(value) - self.low) / (self.high - self.low)
        return self.y_share(share)

    def y_share(self, share: float) -> float:
        """Right axis: a 0–1 share (confidence), kept within the plot."""
        return round(TOP + PLOT_H * (1 - max(0.0, min(1.0, bounded(share, 1.0)))), 1)


def key_result_chart(
    kr: domain.KeyResult,
    score: KeyResultScore,
    cycle: domain.Cycle,
    *,
    objective_kind: str,
    as_of: date,
    chart_id: str,
) -> SafeString:
    """The SVG of one key result's history in its cycle, as of a date."""
    check_ins = [c for c in check_ins_as_of(kr.check_ins, as_of) if c.date >= cycle.start]
    scale = _scale(kr, check_ins, cycle)
    parts = [
        _axes(scale, kr.unit),
        _expected_line(kr, cycle, scale, objective_kind),
        _target_line(kr, scale),
        _today_line(as_of, cycle, scale),
        _confidence_series(check_ins, scale),
        _value_series(check_ins, scale, kr.unit),
        _legend(kr),
    ]
    if not check_ins:
        parts.append(
            format_html(
                '<text class="chart-empty" x="{}" y="{}" text-anchor="middle">'
                "No check-ins yet</text>",
                LEFT + PLOT_W / 2,
                TOP + PLOT_H / 2,
            )
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'data-testid="chart-{}" preserveAspectRatio="xMidYMid meet">'
        '<title id="{}-title">History of {}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        kr.key,
        chart_id,
        kr.title,
        chart_id,
        describe(kr, score, check_ins),
        mark_safe("".join(parts)),  # every part is built with format_html
    )


def describe(kr: domain.KeyResult, score: KeyResultScore, check_ins: list[domain.CheckIn]) -> str:
    """The chart in words, for screen readers and for the SVG's tooltip."""
    unit = f" {kr.unit}" if kr.unit else ""
    if not check_ins:
        said = "No check-ins yet."
    else:
        latest = check_ins[-1]
        said = (
            f"{len(check_ins)} check-in{'s' if len(check_ins) != 1 else ''}; latest value "
            f"{format_number(latest.value)}{unit} on {latest.date.isoformat()}."
        )
        if latest.confidence is not None:
            said += f" Confidence {format_number(latest.confidence)}."
    if kr.baseline is not None:
        said += f" Baseline {format_number(kr.baseline)}{unit}."
    if kr.target is not None:
        said += f" Target {format_number(kr.target)}{unit}."
    return said + f" Expected progress by today {round(score.expected * 100)}%."


def _scale(kr: domain.KeyResult, check_ins: list[domain.CheckIn], cycle: domain.Cycle) -> Scale:
    days = (cycle.end - cycle.start).days + 1
    if kr.type == "milestone":
        return Scale(cycle.start, days, 0.0, 1.0)
    values = [bounded(c.value) for c in check_ins]
    values += [bounded(v) for v in (kr.baseline, kr.target) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    # A spread lost in the rounding of numbers this size is drawn as a flat line.
    if high - low > max(abs(low), abs(high), 1.0) * 1e-9:
        pad = (high - low) * 0.1
    else:
        pad = max(abs(high) * 0.1, 1.0)
    return Scale(cycle.start, days, *_nice_range(low - pad, high + pad))


def _nice_range(low: float, high: float) -> tuple[float, float]:
    """Widen (low, high) to multiples of a round step, so the ticks read well."""
    step = _nice_step((high - low) / Y_TICKS)
    nice_low, nice_high = math.floor(low / step) * step, math.ceil(high / step) * step
    return (nice_low, nice_high) if nice_high > nice_low else (low, high)


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _axes(scale: Scale, unit: str) -> str:
    parts: list[str] = [
        format_html(
            '<rect class="chart-plot" x="{}" y="{}" width="{}" height="{}"/>',
            LEFT,
            TOP,
            PLOT_W,
            PLOT_H,
        )
    ]
    step = (scale.high - scale.low) / Y_TICKS
    for i in range(Y_TICKS + 1):
        value = scale.low + i * step
        y = scale.y(value)
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart-tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                LEFT + PLOT_W,
                y,
                y,
                LEFT - 6,
                round(y + 4, 1),
                format_number(round(value, 6)),
            )
        )
    for share in (0.0, 0.5, 1.0):
        parts.append(
            format_html(
                '<text class="chart-tick chart-tick-confidence" x="{}" y="{}">{}</text>',
                LEFT + PLOT_W + 6,
                round(scale.y_share(share) + 4, 1),
                format_number(share),
            )
        )
    parts.extend(_month_ticks(scale))
    parts.append(
        format_html(
            '<text class="chart-axis-label" transform="translate(14 {}) rotate(-90)" '
            'text-anchor="middle">{}</text>'
            '<text class="chart-axis-label" transform="translate({} {}) rotate(90)" '
            'text-anchor="middle">confidence</text>',
            TOP + PLOT_H / 2,
            f"value ({unit})" if unit else "value",
            WIDTH - 10,
            TOP + PLOT_H / 2,
        )
    )
    return "".join(parts)


def _month_ticks(scale: Scale) -> list[str]:
    """A tick at the cycle's first day and at firsts of the month, at most `DATE_TICKS`.

    A cycle of a quarter gets one a month ("1 Nov"); a longer one every few months, with
    the year ("Jan 2027").
    """
    end = scale.start + timedelta(days=scale.days - 1)
    first_month = scale.start.year * 12 + scale.start.month - 1
    months = end.year * 12 + end.month - first_month
    every = max(1, math.ceil(months / DATE_TICKS))
    ticks: list[str] = []
    for month in range(first_month, first_month + months, every):
        year, index = divmod(month, 12)
        day = max(scale.start, date(year, index + 1, 1))
        label = day.strftime("%-d %b") if months <= DATE_TICKS else f"{day:%b} {day.year}"
        x = scale.x(day)
        ticks.append(
            format_html(
                '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart-tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                x,
                x,
                TOP,
                TOP + PLOT_H,
                x,
                TOP + PLOT_H + 16,
                label,
            )
        )
    return ticks


def _expected_line(
    kr: domain.KeyResult, cycle: domain.Cycle, scale: Scale, objective_kind: str
) -> str:
    """Baseline at the start to the expected share of the gap at the end (0.7 if aspirational)."""
    if kr.type != "metric" or kr.baseline is None or kr.target is None:
        return ""
    share = expected_progress(cycle, cycle.end, objective_kind)
    end_value = kr.baseline + share * (kr.target - kr.baseline)
    return format_html(
        '<line class="chart-expected" x1="{}" y1="{}" x2="{}" y2="{}">'
        "<title>Expected progress</title></line>",
        scale.x(cycle.start),
        scale.y(kr.baseline),
        scale.x(cycle.end),
        scale.y(end_value),
    )


def _target_line(kr: domain.KeyResult, scale: Scale) -> str:
    line = 1.0 if kr.type == "milestone" else kr.target
    if line is None:
        return ""
    label = "done" if kr.type == "milestone" else f"target {format_number(line)}"
    y = scale.y(line)
    return format_html(
        '<line class="chart-target" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="chart-target-label" x="{}" y="{}" text-anchor="end">{}</text>',
        LEFT,
        LEFT + PLOT_W,
        y,
        y,
        LEFT + PLOT_W - 4,
        round(y - 4 if y - 4 > TOP + 10 else y + 12, 1),
        label,
    )


def _today_line(as_of: date, cycle: domain.Cycle, scale: Scale) -> str:
    if not cycle.start <= as_of <= cycle.end:
        return ""
    x = scale.x(as_of)
    return format_html(
        '<line class="chart-today" x1="{}" x2="{}" y1="{}" y2="{}"><title>Today</title></line>',
        x,
        x,
        TOP,
        TOP + PLOT_H,
    )


def _value_series(check_ins: list[domain.CheckIn], scale: Scale, unit: str) -> str:
    if not check_ins:
        return ""
    points = [(scale.x(c.date), scale.y(c.value)) for c in check_ins]
    dots = [
        format_html(
            '<circle class="chart-value-dot" cx="{}" cy="{}" r="3.5">'
            "<title>{}: {}{}</title></circle>",
            x,
            y,
            c.date.isoformat(),
            format_number(c.value),
            f" {unit}" if unit else "",
        )
        for c, (x, y) in zip(check_ins, points, strict=True)
    ]
    return _polyline("chart-value", points) + "".join(dots)


def _confidence_series(check_ins: list[domain.CheckIn], scale: Scale) -> str:
    rated = [c for c in check_ins if c.confidence is not None]
    if not rated:
        return ""
    points = [(scale.x(c.date), scale.y_share(c.confidence or 0.0)) for c in rated]
    dots = [
        format_html(
            '<rect class="chart-confidence-dot" x="{}" y="{}" width="5" height="5">'
            "<title>{}: confidence {}</title></rect>",
            round(x - 2.5, 1),
            round(y - 2.5, 1),
            c.date.isoformat(),
            format_number(c.confidence or 0.0),
        )
        for c, (x, y) in zip(rated, points, strict=True)
    ]
    return _polyline("chart-confidence", points) + "".join(dots)


def _polyline(css_class: str, points: list[tuple[float, float]]) -> str:
    coordinates = " ".join(f"{x},{y}" for x, y in points)
    return format_html('<polyline class="{}" points="{}"/>', css_class, coordinates)


def _legend(kr: domain.KeyResult) -> str:
    """Swatches under the plot, one per series the chart draws."""
    entries = [("chart-value", "value")]
    if kr.type == "metric" and kr.baseline is not None and kr.target is not None:
        entries.append(("chart-expected", "expected"))
    if kr.target is not None or kr.type == "milestone":
        entries.append(("chart-target", "target"))
    entries += [("chart-today", "today"), ("chart-confidence", "confidence (right axis)")]
    y = HEIGHT - 14
    parts: list[str] = []
    x = LEFT
    for css_class, label in entries:
        parts.append(
            format_html(
                '<line class="{}" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart-legend" x="{}" y="{}">{}</text>',
                css_class,
                x,
                x + 18,
                y,
                y,
                x + 23,
                round(y + 4, 1),
                label,
            )
        )
        x += 36 + 7 * len(label)
    return "".join(parts)
