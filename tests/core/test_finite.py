"""JSON output: the same text as the standard library writes, never NaN or Infinity."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from okrs.core.finite import dumps, json_safe

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.dates(),
)
keys = st.one_of(st.text(), st.integers(), st.booleans(), st.none())
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(), inner, max_size=4),
        st.dictionaries(keys, inner, max_size=4),
    ),
    max_leaves=30,
)


def iso_date(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{value!r} is not JSON")


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([0, 2, 4, "\t"]), st.booleans())
def test_indented_json_is_the_text_the_standard_library_writes(data, indent, ascii_only):
    options = {"indent": indent, "ensure_ascii": ascii_only, "default": iso_date}
    assert dumps(data, **options) == json.dumps(data, allow_nan=False, **options)


def test_infinities_and_nan_are_written_as_numbers_and_null_when_indented():
    data = {"teams": [{"score": float("inf")}, {"score": float("nan")}], "low": -float("inf")}
    assert json.loads(dumps(data, indent=2)) == {
        "teams": [{"score": 1e15}, {"score": None}],
        "low": -1e15,
    }
    assert dumps(data, indent=2) == json.dumps(json_safe(data), indent=2)
