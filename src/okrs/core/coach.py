"""The OKR coach: rules OKR101–OKR403 over a plan, "a vaccine against fuzzy thinking".

Each rule is a small function over plain snapshots (`core.domain`) that returns a
message, or None when its target is fine; `lint` runs the selected rules over a plan
and returns `Finding`s. Messages say why a rule matters and how to fix it, with a
rewrite drawn from the sentence where the text allows. The wording rules (OKR101–
OKR104, OKR201) read sentences through `core.sentences`.

A finding can be accepted knowingly: `coach: {ignore: [OKR104]}` on an objective
(which covers its key results too) or a key result, or `select`/`ignore` for a run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TypeVar

from okrs.core import sentences
from okrs.core.choices import Bucket
from okrs.core.cycles import quarter_dates
from okrs.core.domain import Initiative, KeyResult, Objective, PastObjective, Plan, Team
from okrs.core.scoring import bucket_shares, check_ins_as_of, coverage, impacts_by_key_result

MIN_KEY_RESULTS = 2
MAX_KEY_RESULTS = 5
MAX_OBJECTIVES = 3
# OKR205 asks for a check-in after a week of silence, long before the status turns
# `stale` (`scoring.STATUS_STALE_AFTER_DAYS`).
CHECK_IN_NUDGE_AFTER_DAYS = 7
UNAMBITIOUS_SCORE = 0.9
UNAMBITIOUS_CYCLES = 2
IDEAL_EFFORT = {"core": 0.7, "adjacent": 0.2, "explore": 0.1}
EFFORT_TOLERANCE = 0.10
EPSILON = 1e-9


@dataclass(frozen=True)
class Finding:
    """One thing the coach found: which rule, how serious, about what, and what to do."""

    code: str
    severity: str
    target_kind: str
    target_key: str
    message: str

    def as_dict(self) -> dict[str, object]:
        """The JSON contract of `okrs lint --json`."""
        return {
            "code": self.code,
            "severity": self.severity,
            "target": {"kind": self.target_kind, "key": self.target_key},
            "message": self.message,
        }


@dataclass(frozen=True)
class Rule:
    """A rule of the coach: its code, severity, what it looks at and a short name."""

    code: str
    severity: str
    target_kind: str
    title: str
    summary: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "OKR101",
            "warning",
            "objective",
            "Output objective",
            "Objective is an output or a task, not an outcome.",
        ),
        Rule(
            "OKR102", "warning", "objective", "Vague objective", "Objective is too vague to steer."
        ),
        Rule(
            "OKR103",
            "warning",
            "objective",
            "Solution in objective",
            "Objective mixes the outcome with a solution.",
        ),
        Rule(
            "OKR104",
            "warning",
            "objective",
            "Figures in objective",
            "Objective carries metrics; numbers belong in key results.",
        ),
        Rule(
            "OKR105",
            "warning",
            "objective",
            "Key result count",
            "Objective has fewer than 2 or more than 5 key results.",
        ),
        Rule(
            "OKR106",
            "warning",
            "objective",
            "Siloed objective",
            "Objective of a non-top team is aligned to nothing.",
        ),
        Rule(
            "OKR107", "warning", "objective", "Objective without owner", "Objective has no owner."
        ),
        Rule(
            "OKR201",
            "warning",
            "key_result",
            "Task key result",
            "Key result is a task or an output, not a measured outcome.",
        ),
        Rule(
            "OKR202", "warning", "key_result", "No baseline", "Metric key result has no baseline."
        ),
        Rule(
            "OKR203",
            "error",
            "key_result",
            "No target",
            "Key result has no target, so it cannot be scored.",
        ),
        Rule(
            "OKR204",
            "error",
            "key_result",
            "Target equals baseline",
            "Key result's target equals its baseline.",
        ),
        Rule(
            "OKR205",
            "warning",
            "key_result",
            "Stale key result",
            "No check-in for more than 7 days in an active cycle.",
        ),
        Rule(
            "OKR206",
            "info",
            "key_result",
            "Milestone key result",
            "Milestone key result: it can be completed, not achieved to a degree.",
        ),
        Rule(
            "OKR207",
            "warning",
            "key_result",
            "Nobody owns the key result",
            "Key result has no owner and its objective has none either.",
        ),
        Rule(
            "OKR301",
            "warning",
            "team",
            "Too many objectives",
            "Team has more than 3 objectives in the cycle.",
        ),
        Rule(
            "OKR302",
            "info",
            "team",
            "Not ambitious enough",
            "Team's aspirational objectives scored 0.9 or more in its last closed cycles.",
        ),
        Rule(
            "OKR401",
            "warning",
            "key_result",
            "Roadmap falls short",
            "The initiatives linked to a key result do not add up to its gap.",
        ),
        Rule(
            "OKR402",
            "info",
            "team",
            "Effort off 70/20/10",
            "Team effort strays from 70/20/10 by more than 10 points in a bucket.",
        ),
        Rule(
            "OKR403",
            "warning",
            "initiative",
            "Orphan initiative",
            "Initiative is linked to no key result.",
        ),
    )
}


def lint(
    plan: Plan,
    *,
    as_of: date | None = None,
    history: Sequence[PastObjective] = (),
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    top_teams: Collection[str] | None = None,
    aligned_to: Collection[str] = (),
    objective_counts: Mapping[str, int] | None = None,
) -> list[Finding]:
    """Run the coach over a plan: objectives with their key results, teams, initiatives.

    `select` and `ignore` take codes or prefixes like ruff ("OKR2" is every OKR2xx);
    an empty `select` means every rule. Without `as_of`, the rules about dates and
    history (OKR205, OKR302) do not run. `history` holds scored objectives of closed
    cycles, oldest first. `top_teams` names the teams at the top of the organisation
    when `plan.teams` is incomplete (a file linted without a database). `aligned_to`
    names objectives that objectives outside the plan align to (a part of a cycle).
    `objective_counts` gives each team's number of objectives when the plan holds only
    teams (the rules about teams, from counts a database keeps).

    Raises ValueError for a code or prefix that matches no rule.
    """
    codes = selected_codes(select, ignore)
    context = _Context.of(plan, as_of, history, top_teams, aligned_to, objective_counts)
    return [
        *_objective_findings(codes, context),
        *_team_findings(codes, context),
        *_initiative_findings(codes, context),
    ]


def selected_codes(select: Collection[str] = (), ignore: Collection[str] = ()) -> list[str]:
    """The rule codes a run checks, from ruff-like `select` and `ignore` prefixes.

    Raises ValueError for a code or prefix that matches no rule.
    """
    for selector in [*select, *ignore]:
        if not any(_matches(code, [selector]) for code in RULES):
            raise ValueError(
                f"unknown rule code or prefix {selector!r}; valid codes: {', '.join(RULES)}"
            )
    return [
        code
        for code in RULES
        if (not select or _matches(code, select)) and not _matches(code, ignore)
    ]


def explain(code: str) -> str:
    """The documentation page of a rule (Markdown): why it matters, examples, how to accept it.

    Raises ValueError for an unknown code.
    """
    normalised = code.strip().upper()
    if normalised not in RULES:
        raise ValueError(f"unknown rule code {code!r}; valid codes: {', '.join(RULES)}")
    page = resources.files("okrs") / "docs" / "rules" / f"{normalised}.md"
    return page.read_text(encoding="utf-8")


# --- running the rules ----------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What the rules need beyond their target, computed once per run."""

    plan: Plan
    as_of: date | None
    history: dict[str, list[PastObjective]]  # by team, in the order given
    teams: dict[str, Team]
    top_teams: frozenset[str] | None
    team_keys: tuple[str, ...]
    objectives_per_team: Counter[str]
    initiatives_by_team: dict[str, list[Initiative]]
    impacts: dict[str, list[float]]
    linked: frozenset[str]
    aligned_to: frozenset[str]

    @classmethod
    def of(
        cls,
        plan: Plan,
        as_of: date | None,
        history: Sequence[PastObjective],
        top_teams: Collection[str] | None,
        aligned_to: Collection[str] = (),
        objective_counts: Mapping[str, int] | None = None,
    ) -> _Context:
        live = [i for i in plan.initiatives if i.status != "dropped"]
        by_team: dict[str, list[Initiative]] = {}
        for i in plan.initiatives:
            if i.team:
                by_team.setdefault(i.team, []).append(i)
        team_keys = [t.key for t in plan.teams] + [o.team for o in plan.objectives] + [*by_team]
        history_by_team: dict[str, list[PastObjective]] = {}
        for past in history:
            history_by_team.setdefault(past.team, []).append(past)
        return cls(
            plan=plan,
            as_of=as_of,
            history=history_by_team,
            teams={t.key: t for t in plan.teams},
            top_teams=None if top_teams is None else frozenset(top_teams),
            team_keys=tuple(dict.fromkeys(team_keys)),
            objectives_per_team=Counter(objective_counts)
            if objective_counts is not None
            else Counter(o.team for o in plan.objectives),
            initiatives_by_team=by_team,
            impacts=impacts_by_key_result(plan.initiatives),
            linked=frozenset(link.key_result for i in live for link in i.links),
            aligned_to=frozenset(o.aligned_to for o in plan.objectives if o.aligned_to)
            | frozenset(aligned_to),
        )


def _objective_findings(codes: list[str], context: _Context) -> Iterator[Finding]:
    """Each objective's findings followed by its key results'; `coach: ignore` applies."""
    for objective in context.plan.objectives:
        for code, check in _active(_OBJECTIVE_CHECKS, codes, objective.coach_ignore):
            yield from _finding(code, objective.key, check(objective, context))
        for kr in objective.key_results:
            accepted = [*objective.coach_ignore, *kr.coach_ignore]
            for code, kr_check in _active(_KEY_RESULT_CHECKS, codes, accepted):
                yield from _finding(code, kr.key, kr_check(kr, objective, context))


def _team_findings(codes: list[str], context: _Context) -> Iterator[Finding]:
    for team in context.team_keys:
        for code, check in _active(_TEAM_CHECKS, codes, ()):
            yield from _finding(code, team, check(team, context))


def _initiative_findings(codes: list[str], context: _Context) -> Iterator[Finding]:
    for initiative in context.plan.initiatives:
        for code, check in _active(_INITIATIVE_CHECKS, codes, ()):
            yield from _finding(code, initiative.key, check(initiative, context))


Check = TypeVar("Check")


def _active(
    checks: dict[str, Check], codes: list[str], accepted: Sequence[str]
) -> Iterator[tuple[str, Check]]:
    """The checks selected for the run and not accepted on the target itself."""
    return ((c, check) for c, check in checks.items() if c in codes and not _matches(c, accepted))


def _finding(code: str, key: str, message: str | None) -> Iterator[Finding]:
    if message is not None:
        rule = RULES[code]
        yield Finding(code, rule.severity, rule.target_kind, key, message)


def _matches(code: str, selectors: Collection[str]) -> bool:
    return any(code.startswith(s.strip().upper()) for s in selectors if s.strip())


# --- objectives ------------------------------------------------------------------------


def _output_objective(objective: Objective, context: _Context) -> str | None:
    output = sentences.output_of(objective.title)
    if output is None:
        return None
    rewrite = _REWRITES[output.family]
    solution = sentences.solution_of(objective.title)
    advice = (
        f'It already names the outcome: lead with "{solution.outcome}" and measure it in '
        f"the key results."
        if solution and solution.means.startswith(output.marker)
        else f"{rewrite.question(output)}, and make that the objective, "
        f'e.g. "{rewrite.objective(output)}", measured by "{rewrite.key_result(output)}".'
    )
    return (
        f'"{objective.title}" describes an output: it can be done, not achieved to a degree, '
        f"and shipping it says nothing about whether anything changed. {advice} "
        f"Keep the work itself on the roadmap as an initiative."
    )


def _vague_objective(objective: Objective, context: _Context) -> str | None:
    terms = sentences.vague_terms(objective.title)
    if not terms:
        return None
    return (
        f'"{objective.title}" is too vague to steer: "{" ".join(terms)}" does not say whose '
        f"experience, where, or what would be different, so nobody can tell whether a piece "
        f"of work helps. Name the people and the change you want, "
        f'e.g. "Make checkout effortless for first-time mobile shoppers".'
    )


def _solution_objective(objective: Objective, context: _Context) -> str | None:
    solution = sentences.solution_of(objective.title)
    if solution is None:
        return None
    return (
        f'"{objective.title}" mixes the outcome with a solution ("{solution.means}"). '
        f'Keep the objective about the outcome, e.g. "{solution.outcome}", and make '
        f'"{solution.means}" an initiative linked to one of its key results, so the team '
        f"stays free to find what works best and learns whether it did."
    )


def _figures_in_objective(objective: Objective, context: _Context) -> str | None:
    figures = sentences.figures_in(objective.title)
    if not figures:
        return None
    return (
        f'"{objective.title}" carries figures ({", ".join(figures)}). An objective should be '
        f"qualitative and memorable, the direction the team is pulled towards; numbers belong "
        f'in key results, with a baseline and a target, e.g. "… from X to Y".'
    )


def _key_result_count(objective: Objective, context: _Context) -> str | None:
    count = len(objective.key_results)
    if MIN_KEY_RESULTS <= count <= MAX_KEY_RESULTS:
        return None
    if count == 0 and objective.key in context.aligned_to:
        return None  # scored from the objectives aligned to it
    if count > MAX_KEY_RESULTS:
        return (
            f"Objective has {count} key results; keep {MIN_KEY_RESULTS} to {MAX_KEY_RESULTS}. "
            f"OKRs highlight priorities, they do not document all work: keep the ones that "
            f"best show the outcome and move the rest to the roadmap or to team KPIs."
        )
    return (
        f"Objective has {count} key result{'s' if count != 1 else ''}; give it "
        f"{MIN_KEY_RESULTS} to {MAX_KEY_RESULTS}. One number alone is easy to game and "
        f"says little about the change: add key results that see the outcome from another "
        f"side (usage, satisfaction, business impact)."
    )


def _siloed_objective(objective: Objective, context: _Context) -> str | None:
    if objective.aligned_to or _is_top_team(objective.team, context) is not False:
        return None  # aligned, at the top, or a team we know nothing about
    return (
        f'Objective of team "{objective.team}" is aligned to nothing. OKRs set in isolation '
        f"create redundancy and objectives that work against each other: align it to the "
        f"parent objective or key result it contributes to (aligned_to: KEY)."
    )


def _is_top_team(key: str, context: _Context) -> bool | None:
    """Whether a team is at the top of the organisation; None when nothing is known of it."""
    team = context.teams.get(key)
    if context.top_teams is not None and key in context.top_teams:
        return True
    if team is None:
        return None
    if team.kind == "company":
        return True
    return team.parent is None if context.top_teams is None else False


def _objective_without_owner(objective: Objective, context: _Context) -> str | None:
    if objective.owner:
        return None
    return (
        "Objective has no owner. Without one person who cares about it, check-ins lapse "
        "and nobody notices until the end of the cycle: set owner: EMAIL."
    )


# --- key results -------------------------------------------------------------------


def _task_key_result(kr: KeyResult, objective: Objective, context: _Context) -> str | None:
    if kr.type == "milestone":
        return None  # OKR206 says it already
    output = sentences.output_of(kr.title)
    if output is None:
        return None
    rewrite = _REWRITES[output.family]
    return (
        f'"{kr.title}" is a task: it can be completed, not achieved to a degree, so it does '
        f"not tell whether the objective is being met. {rewrite.question(output)} and measure "
        f'that, e.g. "{rewrite.key_result(output)}". Track the work itself as an initiative '
        f"linked to that key result."
    )


def _without_baseline(kr: KeyResult, objective: Objective, context: _Context) -> str | None:
    if kr.type != "metric" or kr.baseline is not None:
        return None
    return (
        f'"{kr.title}" has no baseline. Without the starting value progress cannot be '
        f"computed, and nobody can judge whether the target is ambitious or trivial: record "
        f"where the metric stands today (baseline: …). If it is not measured yet, log an "
        f"event at the top of the funnel and one at the bottom, or use a proxy you can "
        f"measure now."
    )


def _without_target(kr: KeyResult, objective: Objective, context: _Context) -> str | None:
    if kr.type == "milestone" or kr.target is not None:
        return None
    what = "the line to stay on" if kr.type == "threshold" else "the value that means success"
    return (
        f'"{kr.title}" has no target, so it cannot be scored without argument at the end '
        f"of the cycle. If you can't score it, it's not a key result: set {what} (target: …)."
    )


def _target_equals_baseline(kr: KeyResult, objective: Objective, context: _Context) -> str | None:
    if kr.type != "metric" or kr.baseline is None or kr.target != kr.baseline:
        return None
    return (
        f'"{kr.title}" has its target equal to its baseline ({_amount(kr.target, kr.unit)}), '
        f"so progress is undefined and it can never score. Set a target that moves the "
        f"metric, or, to keep a level, make it a threshold key result (type: threshold, "
        f"direction: at_least or at_most)."
    )


def _stale_key_result(kr: KeyResult, objective: Objective, context: _Context) -> str | None:
    cycle = context.plan.cycle
    if context.as_of is None or cycle.state != "active":
        return None
    today = min(context.as_of, cycle.end)
    check_ins = check_ins_as_of(kr.check_ins, today)
    since = check_ins[-1].date if check_ins else cycle.start
    days = (today - since).days
    if days <= CHECK_IN_NUDGE_AFTER_DAYS:
        return None
    silence = (
        f"no check-in for {days} days (last on {since.isoformat()})"
        if check_ins
        else f"no check-in yet, {days} days into the cycle"
    )
    return (
        f'"{kr.title}" has had {silence}. Silence is never green: OKRs reviewed weekly '
        f"get steered, forgotten ones are only discovered at the end of the quarter. Record "
        f"the current value and your confidence (okrs checkin {kr.key} VALUE --confidence C)."
    )


def _milestone_key_result(kr: KeyResult, objective: Objective, context: _Context) -> str | None:
    if kr.type != "milestone":
        return None
    return (
        f'"{kr.title}" is a milestone: it can be completed, not achieved to a degree, so it '
        f"tells whether work was done, not whether it worked. Ask what will change for users "
        f"or the business once it is done, and measure that as a metric key result."
    )


def _nobody_owns(kr: KeyResult, objective: Objective, context: _Context) -> str | None:
    if kr.owner or objective.owner:
        return None
    return (
        f'Neither "{kr.title}" nor its objective has an owner, so nobody is expected to '
        f"check in on it: set owner: on the key result or on its objective."
    )


def _roadmap_falls_short(kr: KeyResult, objective: Objective, context: _Context) -> str | None:
    if kr.key not in context.linked or kr.baseline is None or kr.target is None:
        return None
    impacts = context.impacts.get(kr.key, [])
    share = coverage(kr, impacts)
    if share is None or share >= 1 - EPSILON:
        return None
    gap = kr.target - kr.baseline
    return (
        f'The initiatives linked to "{kr.title}" add up to {share:.0%} of its gap '
        f"({_amount(sum(impacts), kr.unit)} of {_amount(gap, kr.unit)}): as planned, the "
        f"roadmap does not reach the target. Add or re-estimate initiatives, or lower the "
        f"target knowingly."
    )


def _amount(value: float | None, unit: str) -> str:
    text = "?" if value is None else f"{value:g}"
    return f"{text}{unit}" if unit in ("%", "") else f"{text} {unit}"


# --- teams ----------------------------------------------------------------------------


def _too_many_objectives(team: str, context: _Context) -> str | None:
    count = context.objectives_per_team[team]
    if count <= MAX_OBJECTIVES:
        return None
    return (
        f'Team "{team}" has {count} objectives this cycle; keep at most {MAX_OBJECTIVES}. '
        f"OKRs are the top priorities, not a list of all work: more of them dilute focus "
        f"and the accountability each one carries. Merge related ones or move the rest to "
        f"the next cycle or to team KPIs."
    )


def _not_ambitious(team: str, context: _Context) -> str | None:
    if context.as_of is None:
        return None
    recent = _aspirational_means(team, context)[-UNAMBITIOUS_CYCLES:]
    if len(recent) < UNAMBITIOUS_CYCLES or any(m < UNAMBITIOUS_SCORE for _, m in recent):
        return None
    scores = " and ".join(f"{mean:.2f} in {cycle}" for cycle, mean in recent)
    return (
        f'The aspirational objectives of team "{team}" averaged {scores}. For an '
        f"aspirational objective 0.7 is success; hitting 1.0 cycle after cycle means the "
        f"goals were not ambitious enough. Stretch this cycle's aspirations, or make "
        f"certain ones committed."
    )


def _aspirational_means(team: str, context: _Context) -> list[tuple[str, float]]:
    """Mean score of a team's aspirational objectives per past cycle, oldest first.

    Quarters are put in date order; other cycle names keep the order of `history`.
    """
    scores: dict[str, list[float]] = {}
    past_cycles = (p for p in context.history.get(team, []) if p.cycle != context.plan.cycle.name)
    for past in past_cycles:
        if past.kind == "aspirational":
            scores.setdefault(past.cycle, []).append(past.score)
    starts = {c: dates[0] for c in scores if (dates := quarter_dates(c))}
    cycles = sorted(scores, key=starts.__getitem__) if len(starts) == len(scores) else list(scores)
    return [(c, sum(scores[c]) / len(scores[c])) for c in cycles]


def _effort_off_balance(team: str, context: _Context) -> str | None:
    shares = bucket_shares(context.initiatives_by_team.get(team, []), team)
    if not any(shares.values()):
        return None
    off = [
        b for b in Bucket.values if abs(shares[b] - IDEAL_EFFORT[b]) > EFFORT_TOLERANCE + EPSILON
    ]
    if not off:
        return None
    split = " / ".join(f"{shares[b]:.0%} {b}" for b in Bucket.values)
    return (
        f'The effort of team "{team}" splits {split}; {" and ".join(off)} stray more than '
        f"10 points from 70/20/10 (70% on the primary OKRs, 20% on secondary priorities, "
        f"10% exploring). Rebalance the roadmap, or accept the split knowingly."
    )


# --- initiatives ---------------------------------------------------------------------


def _orphan_initiative(initiative: Initiative, context: _Context) -> str | None:
    if initiative.links or initiative.status == "dropped":
        return None
    return (
        f'Initiative "{initiative.title}" is linked to no key result, so nothing says why it '
        f"is on the roadmap or how much it should move. Link it with an impact estimate "
        f"(links: [{{key_result: KEY, impact: N}}]), or drop it."
    )


# --- rewrites for outputs -------------------------------------------------------------


@dataclass(frozen=True)
class _Rewrite:
    """How to turn one family of outputs into an outcome, as example sentences."""

    ask: str
    objective_text: str
    key_result_text: str
    fallback: str

    def question(self, output: sentences.Output) -> str:
        return self._fill(self.ask, output)

    def objective(self, output: sentences.Output) -> str:
        return self._fill(self.objective_text, output)

    def key_result(self, output: sentences.Output) -> str:
        return self._fill(self.key_result_text, output)

    def _fill(self, template: str, output: sentences.Output) -> str:
        return template.format(subject=output.subject or self.fallback, audience=output.audience)


_REWRITES: dict[str, _Rewrite] = {
    "build": _Rewrite(
        "Ask what will change for {audience} once it ships",
        "Make the {subject} experience effortless for {audience}",
        "Increase {subject} adoption among {audience} from X% to Y%",
        "product",
    ),
    "change": _Rewrite(
        "Ask what the change will make possible",
        "Make changes to the {subject} fast and safe",
        "Reduce lead time for changes to the {subject} from X days to Y hours",
        "platform",
    ),
    "learn": _Rewrite(
        "Research is a means: name the decision or behaviour it should move",
        "Make {subject} decisions on evidence, not opinion",
        "Improve {subject} from X% to Y%",
        "retention",
    ),
    "event": _Rewrite(
        "Ask what participants should do differently afterwards",
        "Help {audience} put what they learn to work",
        "Increase the share of participants who apply it within a month from X% to Y%",
        "",
    ),
    "publish": _Rewrite(
        "Ask what readers should do after reading",
        "Make our {subject} content the way {audience} discover us",
        "Increase sign-ups from {subject} content from X to Y a month",
        "blog",
    ),
    "document": _Rewrite(
        "Ask what readers should be able to do on their own",
        "Let {audience} find answers about {subject} on their own",
        "Reduce support questions about {subject} from X to Y a month",
        "the product",
    ),
    "hire": _Rewrite(
        "Ask what the new people should change",
        "Give the team the capacity to answer demand without delay",
        "Reduce the time requests wait for the team from X weeks to Y days",
        "",
    ),
    "milestone": _Rewrite(
        "Ask what it unlocks for {audience} or the business",
        "Make {subject} a reason {audience} choose us",
        "Increase revenue from deals that needed {subject} from X to Y",
        "it",
    ),
}

ObjectiveCheck = Callable[[Objective, _Context], str | None]
KeyResultCheck = Callable[[KeyResult, Objective, _Context], str | None]
TeamCheck = Callable[[str, _Context], str | None]
InitiativeCheck = Callable[[Initiative, _Context], str | None]

_OBJECTIVE_CHECKS: dict[str, ObjectiveCheck] = {
    "OKR101": _output_objective,
    "OKR102": _vague_objective,
    "OKR103": _solution_objective,
    "OKR104": _figures_in_objective,
    "OKR105": _key_result_count,
    "OKR106": _siloed_objective,
    "OKR107": _objective_without_owner,
}
_KEY_RESULT_CHECKS: dict[str, KeyResultCheck] = {
    "OKR201": _task_key_result,
    "OKR202": _without_baseline,
    "OKR203": _without_target,
    "OKR204": _target_equals_baseline,
    "OKR205": _stale_key_result,
    "OKR206": _milestone_key_result,
    "OKR207": _nobody_owns,
    "OKR401": _roadmap_falls_short,
}
_TEAM_CHECKS: dict[str, TeamCheck] = {
    "OKR301": _too_many_objectives,
    "OKR302": _not_ambitious,
    "OKR402": _effort_off_balance,
}
_INITIATIVE_CHECKS: dict[str, InitiativeCheck] = {"OKR403": _orphan_initiative}
