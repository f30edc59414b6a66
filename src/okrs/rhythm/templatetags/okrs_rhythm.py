"""The rhythm's part of other apps' pages, through their templates (the web layer never
imports the rhythm): the escalation ladder under each key result of an objective page."""

from __future__ import annotations

from typing import Any

from django import template

from okrs.rhythm.ladder import history

register = template.Library()


@register.simple_tag
def ladder_history(panels: list[Any]) -> dict[str, str]:
    """By key, the ladder of each key result on the page, read in one query."""
    return history(panel.row.kr.key for panel in panels)


@register.filter
def ladder_of(found: dict[str, str], key: str) -> str:
    return found.get(key, "")
