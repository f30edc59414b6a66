"""The coach's wording rules measured on a labelled corpus of OKR sentences.

`coach_corpus.yaml` holds objectives and key results, good and bad, across domains,
each with the codes it should trigger. Every sentence goes through `lint` as the only
objective or key result of a plan; precision and recall per rule must stay at or above
0.9 and 0.85. Run with `pytest -s` to see the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypedDict

import pytest
import yaml

from okrs.core.coach import lint
from okrs.core.domain import Cycle, KeyResult, Objective, Plan

CORPUS = Path(__file__).with_name("coach_corpus.yaml")
OBJECTIVE_CODES = ("OKR101", "OKR102", "OKR103", "OKR104")
KEY_RESULT_CODES = ("OKR201",)
MIN_PRECISION = 0.9
MIN_RECALL = 0.85
CYCLE = Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))


class Entry(TypedDict):
    """A labelled sentence: its text and the codes it should trigger."""

    text: str
    expect: list[str]


@dataclass
class Score:
    """Confusion counts of one rule over the corpus."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def count(self, expected: bool, found: bool) -> None:
        self.true_positives += expected and found
        self.false_positives += found and not expected
        self.false_negatives += expected and not found


def corpus() -> dict[str, list[Entry]]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def objective_codes(text: str) -> set[str]:
    plan = Plan(CYCLE, objectives=[Objective("o", "team", text)])
    return {f.code for f in lint(plan, select=OBJECTIVE_CODES)}


def key_result_codes(text: str) -> set[str]:
    plan = Plan(CYCLE, objectives=[Objective("o", "team", "x", key_results=[KeyResult("k", text)])])
    return {f.code for f in lint(plan, select=KEY_RESULT_CODES)}


def evaluate() -> tuple[dict[str, Score], list[str]]:
    """Scores per rule, and the sentences the coach got wrong."""
    scores = {code: Score() for code in OBJECTIVE_CODES + KEY_RESULT_CODES}
    mistakes = []
    data = corpus()
    for section, codes, judge in (
        ("objectives", OBJECTIVE_CODES, objective_codes),
        ("key_results", KEY_RESULT_CODES, key_result_codes),
    ):
        for entry in data[section]:
            text, expected = entry["text"], set(entry["expect"])
            found = judge(text)
            for code in codes:
                scores[code].count(code in expected, code in found)
            if found != expected:
                mistakes.append(f"{text!r}: expected {sorted(expected)}, got {sorted(found)}")
    return scores, mistakes


def table(scores: dict[str, Score]) -> str:
    rows = [f"{'rule':<8}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}"]
    rows += [
        f"{code:<8}{s.precision:>10.2f}{s.recall:>8.2f}"
        f"{s.true_positives:>5}{s.false_positives:>5}{s.false_negatives:>5}"
        for code, s in scores.items()
    ]
    return "\n".join(rows)


@pytest.fixture(scope="module")
def evaluation() -> tuple[dict[str, Score], list[str]]:
    return evaluate()


def test_corpus_is_large_and_mostly_about_telling_good_from_bad() -> None:
    data = corpus()
    sentences = data["objectives"] + data["key_results"]
    clean = [e for e in sentences if not e["expect"]]

    assert len(sentences) >= 150
    assert len(clean) >= len(sentences) / 3


@pytest.mark.parametrize("code", OBJECTIVE_CODES + KEY_RESULT_CODES)
def test_every_rule_has_positive_examples(code: str) -> None:
    data = corpus()
    labelled = [e for e in data["objectives"] + data["key_results"] if code in e["expect"]]
    assert len(labelled) >= 20


def test_wording_rules_are_precise_and_find_what_they_should(
    evaluation: tuple[dict[str, Score], list[str]],
) -> None:
    scores, mistakes = evaluation
    report = table(scores) + "".join(f"\n  {m}" for m in mistakes)
    print("\n" + report)

    failing = [
        code for code, s in scores.items() if s.precision < MIN_PRECISION or s.recall < MIN_RECALL
    ]
    assert not failing, f"below {MIN_PRECISION} precision or {MIN_RECALL} recall:\n{report}"
