"""The coach's rule pages: every rule, and one rule's documentation."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from okrs.core.coach import RULES, Rule
from okrs.web.access import page
from okrs.web.rule_markdown import rule_html


@page
def rule_list(request: HttpRequest) -> HttpResponse:
    """Every rule of the coach with its severity, title and summary."""
    return render(request, "okrs/coach_rules.html", {"rules": rules()})


@page
def rule_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A rule's page: why it matters, examples, how to accept a finding knowingly."""
    rule = RULES.get(code.upper())
    if rule is None:
        raise Http404(f"unknown rule code '{code}'")
    context = {"rule": rule, "html": rule_html(rule.code), "rules": rules()}
    return render(request, "okrs/coach_rule.html", context)


def rules() -> list[Rule]:
    """Every rule of the coach, in code order."""
    return list(RULES.values())
