"""Forms of the web app: they parse, the services validate.

A form reads choices among those offered and dates, and carries the rest as typed
(numbers too) to a service of `okrs.goals.services`, which checks every rule once for the
web, the API and the importer (a title, a key, a number, a date range…) and raises
`Invalid` naming each field; `okrs.web.views.form_page.submit` shows each message beside
its field, so a form says the same words as `okrs import` for the same mistake, and all
of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from okrs.core import validation
from okrs.core.choices import (
    Bucket,
    Choices,
    Direction,
    InitiativeStatus,
    KeyResultType,
    ObjectiveKind,
    Role,
    TeamKind,
    Visibility,
)
from okrs.core.errors import Problem
from okrs.goals.services import (
    CLARITY_SCALE,
    InitiativeFields,
    KeyResultFields,
    ObjectiveFields,
    ReviewFields,
)

Check = Callable[[Any], str | None]
Options = Sequence[tuple[str, str]]
RowForm = TypeVar("RowForm", bound="CheckedForm")


def options(choices: type[Choices]) -> list[tuple[str, str]]:
    """A set of choices as a form offers it: each label, with its hint where it has one."""
    return [(c.value, f"{c.label} — {c.hint}" if c.hint else c.label) for c in choices]


class NumberField(forms.CharField):
    """A number as typed: the service reads it (`okrs.goals.services.Number`)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class CheckedChoiceField(forms.ChoiceField):
    """A choice whose refusal reads like the importer's (`unknown kind 'x': use one of …`)."""

    def __init__(self, *args: Any, what: str, **kwargs: Any) -> None:
        self.what = what
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        if value in self.empty_values and not self.required:
            return
        message = validation.check_choice(value, choice_keys(self.choices), self.what)
        if message:
            raise ValidationError(message)


def choice_keys(choices: Any) -> list[str]:
    """The values of choices, grouped (<optgroup>) or not, leaving out the empty one."""
    keys: list[str] = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            keys += [str(k) for k, _ in label]
        elif key != "":
            keys.append(str(key))
    return keys


class CheckedForm(forms.Form):
    """Runs `checks` (field → core.validation check) on the cleaned values: only for what
    no service checks, such as the form of an owner's email address."""

    checks: ClassVar[dict[str, Check]] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, check in self.checks.items():
            if name in data and name not in self.errors:
                message = check(data[name])
                if message:
                    self.add_error(name, message)
        return data

    def set_choices(self, name: str, choices: Any) -> None:
        """Fill a choice field's options when the form is built."""
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def add_problems(self, problems: Iterable[Problem]) -> None:
        """Put a service's problems beside the fields they name."""
        for problem in problems:
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)


class Rows(forms.BaseFormSet, Generic[RowForm]):
    """Rows a service gets as a list, naming their problems by position (`links[1].impact`)."""

    def sent(self) -> list[RowForm]:
        """The rows the service gets, in its order: those not deleted."""
        return [form for form in self.forms if form not in self.deleted_forms]


def optional(check: Check) -> Check:
    """A check that lets an empty value pass."""
    return lambda value: check(value) if value not in (None, "") else None


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# -- sign in --------------------------------------------------------------------------------


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an email address and a password."""

    username = forms.CharField(
        label="Email",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


# -- cycles and teams ---------------------------------------------------------------------


class CycleForm(CheckedForm):
    key = forms.CharField(
        label="Name",
        required=False,
        help_text="A quarter like 2027-Q1 fills in its dates; any other name needs them.",
    )
    start = forms.DateField(required=False, widget=date_input())
    end = forms.DateField(required=False, widget=date_input(), help_text="Inclusive.")

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["key"].disabled = True
            self.fields["start"].required = self.fields["end"].required = True


class TeamForm(CheckedForm):
    key = forms.CharField(
        required=False, help_text="Short and stable: letters, digits, '-', '_' and '.'."
    )
    name = forms.CharField(required=False)
    kind = CheckedChoiceField(choices=options(TeamKind), what="team kind")
    parent = CheckedChoiceField(required=False, what="team", help_text="The team above it.")

    def __init__(self, *args: Any, parents: Options, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.set_choices("parent", [("", "— none (top of the tree) —"), *parents])
        if editing:
            self.fields["key"].disabled = True


# -- objectives and key results -------------------------------------------------------------


class ObjectiveForm(CheckedForm):
    team = CheckedChoiceField(what="team")
    title = forms.CharField(
        required=False,
        max_length=validation.TITLE_MAX_LENGTH,
        help_text="Qualitative and inspiring, free of numbers: the numbers go in key results.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    kind = CheckedChoiceField(choices=options(ObjectiveKind), what="objective kind")
    owner = forms.CharField(
        label="Owner's email",
        required=False,
        widget=forms.EmailInput(attrs={"list": "people", "autocomplete": "off"}),
    )
    visibility = CheckedChoiceField(choices=options(Visibility), what="visibility")
    aligned_to = CheckedChoiceField(
        label="Aligned to",
        required=False,
        what="alignment target",
        help_text="The objective or key result of a team above that this one moves.",
    )
    contributors = forms.MultipleChoiceField(
        label="Contributing teams",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    checks: ClassVar[dict[str, Check]] = {"owner": optional(validation.check_email)}

    def __init__(
        self,
        *args: Any,
        teams: Options,
        targets: Sequence[tuple[str, Options]],
        all_teams: Options,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("team", list(teams))
        self.set_choices("aligned_to", [("", "— nothing —"), *targets])
        self.set_choices("contributors", list(all_teams))

    def values(self) -> ObjectiveFields:
        data = self.cleaned_data
        return ObjectiveFields(
            team=data["team"],
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            owner=data["owner"] or None,
            visibility=data["visibility"],
            aligned_to=data["aligned_to"] or None,
            contributors=[c for c in data["contributors"] if c != data["team"]],
        )


class KeyResultForm(CheckedForm):
    title = forms.CharField(
        required=False,
        max_length=validation.TITLE_MAX_LENGTH,
        help_text="An outcome you can measure, not a task.",
    )
    type = CheckedChoiceField(choices=options(KeyResultType), what="key result type")
    unit = forms.CharField(required=False, help_text="%, h, signups…")
    baseline = NumberField(required=False, help_text="Where it stands at the start.")
    target = NumberField(required=False, help_text="Where it should be at the end.")
    direction = CheckedChoiceField(
        required=False,
        choices=[("", "—"), *options(Direction)],
        what="direction",
        help_text="Thresholds only.",
    )
    weight = NumberField(required=False, help_text="In the objective's score; 1 by default.")
    owner = forms.CharField(
        label="Owner's email",
        required=False,
        widget=forms.EmailInput(attrs={"list": "people", "autocomplete": "off"}),
    )
    checks: ClassVar[dict[str, Check]] = {"owner": optional(validation.check_email)}

    def values(self) -> KeyResultFields:
        data = self.cleaned_data
        return KeyResultFields(
            title=data["title"],
            type=data["type"],
            unit=data.get("unit", ""),
            baseline=data.get("baseline"),
            target=data.get("target"),
            direction=data.get("direction") or None,
            weight=data.get("weight") or 1.0,
            owner=data.get("owner") or None,
        )


class TemplateKeyResultForm(KeyResultForm):
    """A key result row of a template: the team sets the title, unit, baseline and target."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("weight", "owner"):
            del self.fields[name]
        for name in ("type", "direction"):
            self.fields[name].widget = forms.HiddenInput()
        for name in ("title", "unit", "baseline", "target"):
            self.fields[name].help_text = ""


TemplateKeyResultFormSet = cast(
    type[Rows[TemplateKeyResultForm]],
    forms.formset_factory(TemplateKeyResultForm, formset=Rows, extra=0, can_delete=True),
)


class TemplateForm(CheckedForm):
    """The objective of a template, and where it goes."""

    team = CheckedChoiceField(what="team")
    cycle = CheckedChoiceField(what="cycle")
    title = forms.CharField(required=False, max_length=validation.TITLE_MAX_LENGTH)
    kind = CheckedChoiceField(choices=options(ObjectiveKind), what="objective kind")

    def __init__(self, *args: Any, teams: Options, cycles: Options, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("team", list(teams))
        self.set_choices("cycle", list(cycles))

    def values(self) -> ObjectiveFields:
        data = self.cleaned_data
        return ObjectiveFields(team=data["team"], title=data["title"], kind=data["kind"])


# -- initiatives ----------------------------------------------------------------------------


class InitiativeForm(CheckedForm):
    title = forms.CharField(required=False, max_length=validation.TITLE_MAX_LENGTH)
    team = CheckedChoiceField(what="team")
    status = CheckedChoiceField(choices=options(InitiativeStatus), what="status")
    effort = NumberField(required=False, label="Effort (person-weeks)")
    bucket = CheckedChoiceField(
        required=False, choices=[("", "—"), *options(Bucket)], what="bucket"
    )
    url = forms.CharField(label="Link", required=False, help_text="The epic or design doc.")
    external_key = forms.CharField(label="External key", required=False, help_text="e.g. ONB-42")
    start = forms.DateField(required=False, widget=date_input())
    end = forms.DateField(required=False, widget=date_input())

    def __init__(self, *args: Any, teams: Options, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("team", list(teams))

    def values(self, links: Sequence[tuple[str, str]]) -> InitiativeFields:
        data = self.cleaned_data
        return InitiativeFields(
            title=data["title"],
            team=data["team"],
            status=data["status"],
            effort=data["effort"],
            bucket=data["bucket"] or None,
            url=data["url"],
            external_key=data["external_key"],
            start=data["start"],
            end=data["end"],
            links=links,
        )


class LinkForm(CheckedForm):
    """One key result an initiative should move, with the estimated impact in its unit."""

    key_result = CheckedChoiceField(label="Key result", required=False, what="key result")
    impact = NumberField(
        required=False, help_text="Signed, in the key result's unit: +8 points, -6 hours."
    )

    def __init__(self, *args: Any, key_results: Sequence[tuple[str, Options]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.set_choices("key_result", [("", "—"), *key_results])


class LinkRows(Rows[LinkForm]):
    def sent(self) -> list[LinkForm]:
        """The rows with a key result chosen."""
        return [form for form in self.forms if form.cleaned_data.get("key_result")]


LinkFormSet = cast(type[LinkRows], forms.formset_factory(LinkForm, formset=LinkRows, extra=2))


def links_of(formset: LinkRows) -> list[tuple[str, str]]:
    """(key result key, impact as typed) of the rows of a valid link formset."""
    return [
        (form.cleaned_data["key_result"], form.cleaned_data["impact"]) for form in formset.sent()
    ]


# -- retrospectives ---------------------------------------------------------------------------

CLARITY_LABELS = {
    1: "1 — no clarity",
    2: "2",
    3: "3 — some",
    4: "4",
    5: "5 — complete clarity",
}


def text_area(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ReviewForm(CheckedForm):
    """An objective's retrospective; the service checks that an override has a reason."""

    grade_override = NumberField(
        label="Final grade (override)",
        required=False,
        help_text="Leave empty to keep the computed score; 0 to 1.",
    )
    override_reason = forms.CharField(
        label="Why override",
        required=False,
        widget=text_area(),
        help_text="Needed with an override.",
    )
    what_worked = forms.CharField(label="What worked", required=False, widget=text_area())
    what_did_not = forms.CharField(label="What did not", required=False, widget=text_area())
    lessons = forms.CharField(label="Lessons", required=False, widget=text_area())

    def values(self) -> ReviewFields:
        data = self.cleaned_data
        return ReviewFields(
            grade_override=data["grade_override"],
            override_reason=data["override_reason"],
            what_worked=data["what_worked"],
            what_did_not=data["what_did_not"],
            lessons=data["lessons"],
        )


class SurveyForm(CheckedForm):
    """A team member's answer to the clarity survey."""

    clarity = forms.TypedChoiceField(
        label="Did our OKRs give us clarity this cycle?",
        coerce=int,
        choices=[(n, CLARITY_LABELS[n]) for n in CLARITY_SCALE],
        widget=forms.RadioSelect,
        error_messages={
            "required": "pick a rating from 1 (no clarity) to 5 (complete clarity)",
            "invalid_choice": "rate the clarity from 1 (no clarity) to 5 (complete clarity)",
        },
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=text_area(),
        help_text="Shown without your name.",
    )


# -- people and members ---------------------------------------------------------------------


class InviteForm(CheckedForm):
    email = forms.EmailField(
        help_text="They get an email with a link to choose their password.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(required=False, max_length=150)
    role = forms.ChoiceField(choices=options(Role), initial="member")


class RoleForm(CheckedForm):
    role = forms.ChoiceField(choices=options(Role))


class MemberForm(CheckedForm):
    email = forms.EmailField(
        label="Add a member by email",
        widget=forms.EmailInput(attrs={"list": "people", "autocomplete": "off"}),
    )
