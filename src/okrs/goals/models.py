"""Cycles, objectives, key results, check-ins, initiatives, KPIs and retrospectives.

Key results, objectives and teams also hold their figures (score, progress, forecast,
coverage) and the coach's findings: `okrs.goals.figures` computes them with
`okrs.core` whenever a write changes what they depend on, in the same transaction.
Pages read them as stored. What depends on the day (expected progress, status,
staleness) is worked out when read.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from okrs.core.choices import (
    Bucket,
    CycleState,
    Direction,
    InitiativeStatus,
    KeyResultType,
    ObjectiveKind,
    Visibility,
)
from okrs.people.models import Team, unique_key_ignoring_case, validate_key

UNIT_INTERVAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Cycle(models.Model):
    key = models.CharField(max_length=64, unique=True, validators=[validate_key])
    start = models.DateField()
    end = models.DateField()
    state = models.CharField(
        max_length=10, choices=CycleState.choices, default=CycleState.PLANNING.value
    )

    class Meta:
        ordering = ("-start",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="cycle_ends_after_start"
            ),
            unique_key_ignoring_case("cycle"),
        ]

    def __str__(self) -> str:
        return self.key


class Objective(models.Model):
    key = models.CharField(max_length=100, unique=True, validators=[validate_key])
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="objectives")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="objectives")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(
        max_length=12, choices=ObjectiveKind.choices, default=ObjectiveKind.COMMITTED.value
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objectives",
    )
    visibility = models.CharField(
        max_length=6, choices=Visibility.choices, default=Visibility.PUBLIC.value
    )
    aligned_objective = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="aligned_children"
    )
    aligned_key_result = models.ForeignKey(
        "KeyResult",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aligned_objectives",
    )
    contributors = models.ManyToManyField(Team, blank=True, related_name="contributed_objectives")
    position = models.PositiveIntegerField(default=0)
    coach_ignore = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Stored figures (okrs.goals.figures): the score, and the latest check-in it counts.
    score = models.FloatField(default=0.0, editable=False)
    last_check_in = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("position", "id")
        indexes = [
            models.Index(fields=["cycle", "team"]),
            models.Index(fields=["aligned_objective"], name="objective_aligned_idx"),
        ]
        constraints = [unique_key_ignoring_case("objective")]

    def __str__(self) -> str:
        return self.title


class KeyResult(models.Model):
    key = models.CharField(max_length=100, unique=True, validators=[validate_key])
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(max_length=300)
    type = models.CharField(
        max_length=10, choices=KeyResultType.choices, default=KeyResultType.METRIC.value
    )
    unit = models.CharField(max_length=30, blank=True)
    baseline = models.FloatField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)
    direction = models.CharField(max_length=8, choices=Direction.choices, blank=True)
    weight = models.FloatField(default=1.0, validators=[MinValueValidator(0.0)])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_results",
    )
    position = models.PositiveIntegerField(default=0)
    coach_ignore = models.JSONField(default=list, blank=True)
    # Stored figures (okrs.goals.figures, `core.scoring.KeyResultFigures`).
    current = models.FloatField(null=True, blank=True, editable=False)
    progress = models.FloatField(default=0.0, editable=False)
    score = models.FloatField(default=0.0, editable=False)
    confidence = models.FloatField(null=True, blank=True, editable=False)
    last_check_in = models.DateField(null=True, blank=True, editable=False)
    forecast_value = models.FloatField(null=True, blank=True, editable=False)
    forecast_score = models.FloatField(null=True, blank=True, editable=False)
    coverage = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("position", "id")
        constraints = [unique_key_ignoring_case("key_result")]
        # The key results checked in lately are few among every cycle's: the lists of
        # what needs attention start from them.
        indexes = [models.Index(fields=["last_check_in"], name="key_result_last_check_in")]

    def __str__(self) -> str:
        return self.title


class TeamScore(models.Model):
    """A team's score in a cycle: over all its objectives, and over its public ones (what
    people outside the team see)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="team_scores")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scores")
    score = models.FloatField()
    objectives = models.PositiveIntegerField()
    public_score = models.FloatField(null=True, blank=True)
    public_objectives = models.PositiveIntegerField()
    last_check_in = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "team"], name="one_score_per_team_and_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.team} in {self.cycle}: {self.score:.2f}"


class Finding(models.Model):
    """What the coach says about a team, objective, key result or initiative of a cycle.

    Rules that depend on the day (OKR205) or on other cycles (OKR302) are not stored:
    they are checked when read. `objective` carries the visibility of what the finding
    is about; a team's findings are shown to its members and admins.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="findings")
    team = models.ForeignKey(Team, null=True, on_delete=models.CASCADE, related_name="findings")
    objective = models.ForeignKey(
        Objective, null=True, on_delete=models.CASCADE, related_name="findings"
    )
    key_result = models.ForeignKey(
        KeyResult, null=True, on_delete=models.CASCADE, related_name="findings"
    )
    initiative = models.ForeignKey(
        "Initiative", null=True, on_delete=models.CASCADE, related_name="findings"
    )
    code = models.CharField(max_length=6)
    severity = models.CharField(max_length=7)
    target_kind = models.CharField(max_length=10)
    target_key = models.CharField(max_length=100)
    message = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")
        indexes = [
            models.Index(fields=["cycle", "team"]),
            models.Index(fields=["cycle", "target_kind", "target_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.target_kind} {self.target_key}"


class CheckIn(models.Model):
    """A dated value of a key result; the latest by date is its current value."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField()
    value = models.FloatField()
    confidence = models.FloatField(null=True, blank=True, validators=UNIT_INTERVAL)
    note = models.TextField(blank=True)
    blockers = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="check_ins",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("date", "id")
        # One value a day: a second check-in on the same day corrects the first.
        constraints = [
            models.UniqueConstraint(fields=["key_result", "date"], name="one_check_in_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.key_result.key} = {self.value} on {self.date}"


class Initiative(models.Model):
    """A roadmap item linked to key results with an impact estimate on each."""

    key = models.CharField(max_length=100, unique=True, validators=[validate_key])
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="initiatives")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(max_length=300)
    status = models.CharField(
        max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.PLANNED.value
    )
    effort = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.0)], help_text="Person-weeks"
    )
    bucket = models.CharField(max_length=9, choices=Bucket.choices, blank=True)
    url = models.URLField(blank=True)
    external_key = models.CharField(max_length=100, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    key_results: models.ManyToManyField[KeyResult, InitiativeLink] = models.ManyToManyField(
        KeyResult, through="InitiativeLink", related_name="initiatives"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")
        constraints = [unique_key_ignoring_case("initiative")]

    def __str__(self) -> str:
        return self.title


class InitiativeLink(models.Model):
    """An initiative's estimated impact on one key result, in the key result's unit."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    key_result = models.ForeignKey(
        KeyResult, on_delete=models.CASCADE, related_name="initiative_links"
    )
    impact = models.FloatField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "key_result"], name="one_link_per_key_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative.key} → {self.key_result.key} ({self.impact})"


class Kpi(models.Model):
    """An ongoing health metric of a team, with a healthy range; not time-bound."""

    key = models.CharField(max_length=100, unique=True, validators=[validate_key])
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=30, blank=True)
    healthy_min = models.FloatField(null=True, blank=True)
    healthy_max = models.FloatField(null=True, blank=True)
    description = models.TextField(blank=True)
    key_results = models.ManyToManyField(KeyResult, blank=True, related_name="kpis")

    class Meta:
        ordering = ("name",)
        verbose_name = "KPI"
        constraints = [unique_key_ignoring_case("kpi")]

    def __str__(self) -> str:
        return self.name


class KpiMeasurement(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField()
    value = models.FloatField()

    class Meta:
        ordering = ("date", "id")
        indexes = [models.Index(fields=["kpi", "date"])]

    def __str__(self) -> str:
        return f"{self.kpi.key} = {self.value} on {self.date}"


class ObjectiveReview(models.Model):
    """The retrospective of one objective at cycle close."""

    objective = models.OneToOneField(Objective, on_delete=models.CASCADE, related_name="review")
    grade_override = models.FloatField(null=True, blank=True, validators=UNIT_INTERVAL)
    override_reason = models.TextField(blank=True)
    what_worked = models.TextField(blank=True)
    what_did_not = models.TextField(blank=True)
    lessons = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Review of {self.objective.key}"


class ClaritySurvey(models.Model):
    """A team member's answer at cycle close: did the OKRs give clarity? (1–5)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="surveys")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="surveys")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="surveys"
    )
    clarity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "team", "respondent"], name="one_answer_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent} on {self.team} {self.cycle}: {self.clarity}"


class Comment(models.Model):
    """A remark on an objective: context for a score, a question to the owner."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["objective", "created_at"])]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.objective.key}"
