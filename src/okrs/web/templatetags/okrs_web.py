"""Display filters: numbers as people write them, scores, percentages and status words.

And one tag: where the keyboard lands when HTMX adds to a list.
"""

from __future__ import annotations

from django import template
from django.template import Context
from django.utils.safestring import SafeString, mark_safe

from okrs.core import choices
from okrs.core.choices import Choices, KeyResultStatus
from okrs.core.coach import RULES
from okrs.core.validation import format_number
from okrs.people.models import User
from okrs.people.permissions import member_teams_to_manage

register = template.Library()


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
def status_hint(status: str) -> str:
    """What a status means, for a tooltip."""
    return KeyResultStatus.hint_of(status)


@register.filter
def label(value: str | None, choice_set: str) -> str:
    """A stored choice in words, by the name of its set in `okrs.core.choices`:
    `{{ team.kind|label:"TeamKind" }}` → "Cross-functional". A grade is so never told by
    colour alone."""
    choices_class: type[Choices] = getattr(choices, choice_set)
    return choices_class.label_of(value)


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
