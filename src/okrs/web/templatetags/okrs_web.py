"""Display filters: numbers as people write them, scores, percentages and status words.

And one tag: where the keyboard lands when HTMX adds to a list.
"""

from __future__ import annotations

from django import template
from django.template import Context
from django.utils.safestring import SafeString, mark_safe

from okrs.core.coach import RULES
from okrs.core.validation import format_number
from okrs.people.models import User
from okrs.people.permissions import member_teams_to_manage

register = template.Library()

STATUS_LABELS = {
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "stale": "Stale",
    "no_data": "No check-in yet",
}
STATUS_HINTS = {
    "on_track": "progress is at or near what the calendar expects",
    "at_risk": "progress trails the calendar by 10 to 25 points",
    "off_track": "progress trails the calendar by more than 25 points",
    "stale": "no check-in for more than 14 days: silence is never green",
    "no_data": "nobody has checked in yet",
}
GRADE_LABELS = {"red": "Red", "yellow": "Yellow", "green": "Green"}


@register.filter
def number(value: float | None, decimals: int = 3) -> str:
    """68.0 → "68", 0.6 → "0.6", None → "—"; at most three decimals (or as many as asked)."""
    if value is None:
        return "—"
    return format_number(round(float(value), int(decimals)))


@register.filter
def with_unit(number: str, unit: str | None) -> str:
    """A written number and its unit, joined by a no-break space so they share a line."""
    return f"{number}\u00a0{unit}" if unit else number


@register.filter
def percent(share: float | None) -> str:
    """0.3529 → "35%"; None → "—"."""
    if share is None:
        return "—"
    return f"{round(share * 100)}%"


@register.filter
def width(share: float | None) -> int:
    """A 0–1 share as a whole percentage clamped to 0–100, for bar widths and markers."""
    if share is None:
        return 0
    return max(0, min(100, round(share * 100)))


@register.filter
def score(value: float | None) -> str:
    """A score the OKR way, 0.00 to 1.00."""
    return "—" if value is None else f"{value:.2f}"


@register.filter
def status_label(status: str) -> str:
    """on_track → "On track"."""
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


@register.filter
def status_hint(status: str) -> str:
    """What a status means, for a tooltip."""
    return STATUS_HINTS.get(status, "")


@register.filter
def grade_label(grade: str) -> str:
    """red → "Red": the grade in words, so it is never told by colour alone."""
    return GRADE_LABELS.get(grade, grade.capitalize())


@register.filter
def label(value: str | None) -> str:
    """A stored choice as words: cross_functional → "Cross functional"."""
    return (value or "").replace("_", " ").capitalize()


@register.filter
def rule_title(code: str) -> str:
    """OKR101 → "Output objective": a rule's short name."""
    rule = RULES.get(code)
    return rule.title if rule else code


@register.simple_tag(takes_context=True)
def focus_if_first_added(context: Context) -> SafeString:
    """Focus the first item of a loop that HTMX adds to a list, so the keyboard lands there.

    Used inside an item's opening tag: `<li{% focus_if_first_added %}>`.
    """
    added = context["forloop"]["first"] and context["request"].htmx
    return mark_safe(' tabindex="-1" autofocus' if added else "")


@register.filter
def led_teams(user: User) -> list[str]:
    """Keys of the teams whose members this signed-in lead manages (none for admins)."""
    return member_teams_to_manage(user) if user.is_authenticated else []
