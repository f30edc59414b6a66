"""A cycle's health: the coach's findings counted per team, for the dashboard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from okrs.core import domain
from okrs.core.choices import Severity

TOP_CODES = 3


@dataclass
class HealthRow:
    """A team's findings in a cycle: how many of each severity, and the most frequent codes."""

    team: domain.Team
    found: Counter[tuple[str, str]] = field(repr=False)  # (code, severity): how many
    mine: bool = False
    counts: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.counts = {
            severity: sum(n for (_, found), n in self.found.items() if found == severity)
            for severity in Severity.values
        }

    @property
    def codes(self) -> list[tuple[str, int]]:
        """The most frequent codes with how often each occurs."""
        per_code: Counter[str] = Counter()
        for (code, _), n in self.found.items():
            per_code[code] += n
        return per_code.most_common(TOP_CODES)

    @property
    def total(self) -> int:
        return sum(self.found.values())


def health_rows(
    teams: Mapping[str, domain.Team],
    counts: Mapping[str, Counter[tuple[str, str]]],
    mine: Collection[str],
) -> list[HealthRow]:
    """Findings counted per team (the user's teams first, then the most errors and warnings).

    `counts` holds, per team key, how many findings of each (code, severity) there are.
    """
    rows = [
        HealthRow(team=teams.get(key) or domain.Team(key, key), found=found, mine=key in mine)
        for key, found in counts.items()
        if found
    ]
    return sorted(
        rows,
        key=lambda r: (
            not r.mine,
            -r.counts["error"],
            -r.counts["warning"],
            -r.total,
            r.team.name.lower(),
        ),
    )


def health_totals(rows: list[HealthRow]) -> dict[str, int]:
    """The counts of every row added up, by severity."""
    return {s: sum(r.counts[s] for r in rows) for s in Severity.values}
