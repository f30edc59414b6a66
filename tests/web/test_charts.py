"""The server-rendered SVG history chart of a key result."""

from __future__ import annotations

import math
from datetime import date, timedelta
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from okrs.core import domain
from okrs.core.scoring import score_key_result
from okrs.web.charts import key_result_chart

CYCLE = domain.Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "active")
AS_OF = date(2026, 11, 15)
SVG = "{http://www.w3.org/2000/svg}"


def chart(kr: domain.KeyResult, kind: str = "aspirational") -> str:
    figures = score_key_result(kr, CYCLE, AS_OF, kind)
    return str(key_result_chart(kr, figures, CYCLE, objective_kind=kind, as_of=AS_OF, chart_id="c"))


def completion(**changes) -> domain.KeyResult:
    values = {
        "key": "onb-1-completion",
        "title": "Increase onboarding completion rate from 68% to 85%",
        "unit": "%",
        "baseline": 68,
        "target": 85,
        "check_ins": [
            domain.CheckIn(date(2026, 10, 14), 71, 0.6),
            domain.CheckIn(date(2026, 11, 11), 74, 0.6),
            domain.CheckIn(date(2026, 12, 1), 90, 0.9),  # after as_of: not drawn
        ],
    }
    return domain.KeyResult(**{**values, **changes})


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(
        svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    )


def test_chart_is_well_formed_and_labelled_for_screen_readers():
    svg = chart(completion())
    root = parsed(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text.startswith("History of Increase onboarding")
    desc = root.find(f"{SVG}desc").text
    assert "2 check-ins; latest value 74 % on 2026-11-11" in desc
    assert "Target 85 %" in desc


def test_chart_draws_values_up_to_the_day_shown_with_confidence_on_a_second_axis():
    root = parsed(chart(completion()))
    values = root.find(f"{SVG}polyline[@class='chart-value']").get("points").split()
    assert len(values) == 2
    confidence = root.find(f"{SVG}polyline[@class='chart-confidence']").get("points").split()
    assert len(confidence) == 2
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "value (%)" in labels and "confidence" in labels
    assert "1 Oct" in labels and "1 Nov" in labels and "1 Dec" in labels


def test_expected_line_runs_from_baseline_to_seventy_percent_of_the_gap_when_aspirational():
    def end_height(kind: str) -> float:
        line = parsed(chart(completion(), kind)).find(f"{SVG}line[@class='chart-expected']")
        return float(line.get("y2"))

    assert end_height("aspirational") > end_height("committed")  # lower on screen: less far


def test_target_line_is_labelled():
    assert "target 85" in chart(completion())


def test_chart_without_check_ins_says_so():
    svg = chart(completion(check_ins=[]))
    assert "No check-ins yet" in svg
    assert parsed(svg).find(f"{SVG}polyline") is None


def test_milestone_chart_reads_done_on_a_zero_to_one_scale():
    kr = domain.KeyResult(
        "sso", "SSO live", type="milestone", check_ins=[domain.CheckIn(date(2026, 11, 1), 1)]
    )
    svg = chart(kr, "committed")
    assert ">done</text>" in svg
    assert parsed(svg).find(f"{SVG}line[@class='chart-expected']") is None


def chart_in(kr: domain.KeyResult, cycle: domain.Cycle, as_of: date) -> str:
    figures = score_key_result(kr, cycle, as_of)
    return str(
        key_result_chart(kr, figures, cycle, objective_kind="committed", as_of=as_of, chart_id="c")
    )


def test_a_check_in_of_1e308_still_draws_a_chart_within_the_plot():
    kr = completion(check_ins=[domain.CheckIn(date(2026, 10, 14), 1e308, 0.6)])
    root = parsed(chart(kr))
    values = root.find(f"{SVG}polyline[@class='chart-value']").get("points").split()
    assert len(values) == 1
    _, y = (float(part) for part in values[0].split(","))
    assert 0 <= y <= 260


def test_extreme_baselines_and_targets_still_draw_a_chart():
    kr = completion(baseline=-1e308, target=1e308, check_ins=[domain.CheckIn(AS_OF, 0.0, 0.5)])
    assert parsed(chart(kr)).get("role") == "img"


def test_a_cycle_from_year_1_to_9999_draws_a_chart_with_a_few_dated_ticks():
    cycle = domain.Cycle("all-time", date(1, 1, 1), date(9999, 12, 31), "active")
    kr = completion(check_ins=[domain.CheckIn(date(2026, 10, 14), 71, 0.6)])
    root = parsed(chart_in(kr, cycle, date(2026, 11, 15)))
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert 2 <= len(ticks) <= 20
    assert "Jan 1" in ticks


extreme_floats = st.one_of(
    st.floats(),
    st.sampled_from([1e308, -1e308, 5e-324, -0.0, 1e15, -1e15, 0.0]),
)


@settings(max_examples=60, deadline=None)
@given(
    baseline=st.none() | extreme_floats,
    target=st.none() | extreme_floats,
    values=st.lists(extreme_floats, max_size=4),
    confidence=st.none() | extreme_floats,
    start=st.dates(),
    length=st.integers(0, 4_000_000),
    kr_type=st.sampled_from(["metric", "threshold", "milestone"]),
)
def test_any_stored_numbers_and_cycle_dates_draw_a_well_formed_chart(
    baseline, target, values, confidence, start, length, kr_type
):
    end = min(start + timedelta(days=min(length, (date.max - start).days)), date.max)
    cycle = domain.Cycle("c", start, end, "active")
    days = [min(start + timedelta(days=i), end) for i in range(len(values))]
    kr = domain.KeyResult(
        "k",
        "K",
        type=kr_type,
        baseline=baseline,
        target=target,
        direction="at_least" if kr_type == "threshold" else None,
        check_ins=[domain.CheckIn(d, v, confidence) for d, v in zip(days, values, strict=True)],
    )
    root = parsed(chart_in(kr, cycle, end))
    assert root.get("role") == "img"
    for element in root.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy"):
            if element.get(name) is not None:
                assert math.isfinite(float(element.get(name))), (name, element.attrib)
