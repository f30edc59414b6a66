"""The coach in the browser: feedback while typing, the rule pages, links from every finding."""

from __future__ import annotations

import pytest
from django.urls import reverse

from okrs.core.coach import RULES
from okrs.goals.models import KeyResult, Objective
from okrs.web import rule_markdown

GOOD_OBJECTIVE = {
    "team": "onboarding",
    "title": "Make every new customer successful in their first month",
    "kind": "committed",
    "visibility": "public",
    "owner": "ana@example.com",
    "aligned_to": "acme-1",
}


def codes_in(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('data-code="')[1:]]


def lint_objective(client, **changes) -> str:
    response = client.post(reverse("objective-lint-new"), {**GOOD_OBJECTIVE, **changes})
    assert response.status_code == 200
    return response.content.decode()


# -- live feedback ------------------------------------------------------------------------------


def test_typing_an_output_objective_gets_okr101_with_a_link_to_the_rule(signed_in, org):
    html = lint_objective(signed_in(org.ana), title="Launch the new profile editor")
    assert codes_in(html) == ["OKR101"]
    assert "describes an output" in html
    assert f'href="{reverse("coach-rule", args=["OKR101"])}"' in html
    assert "warning" in html


def test_a_good_objective_gets_no_finding(signed_in, org):
    html = lint_objective(signed_in(org.ana))
    assert codes_in(html) == []
    assert 'data-testid="coach-clear"' in html


def test_an_unaligned_objective_without_owner_hears_about_both(signed_in, org):
    html = lint_objective(signed_in(org.ana), owner="", aligned_to="")
    assert codes_in(html) == ["OKR106", "OKR107"]


def test_an_empty_title_asks_for_one_instead_of_linting(signed_in, org):
    html = lint_objective(signed_in(org.ana), title="  ")
    assert 'data-testid="coach-empty"' in html
    assert codes_in(html) == []


def test_linting_writes_nothing(signed_in, org):
    before = Objective.objects.count()
    lint_objective(signed_in(org.ana), title="Launch the new profile editor")
    assert Objective.objects.count() == before


def test_editing_an_objective_respects_its_accepted_findings(signed_in, org):
    org.onboarding_objective.coach_ignore = ["OKR101"]
    org.onboarding_objective.save()
    response = signed_in(org.ana).post(
        reverse("objective-lint", args=["onb-1"]),
        {**GOOD_OBJECTIVE, "title": "Launch the new profile editor"},
    )
    assert codes_in(response.content.decode()) == []


def test_a_key_result_is_linted_beside_its_siblings(signed_in, org, make_objective):
    lonely = make_objective(org.onboarding, key="onb-2", owner=org.ana, aligned_to=None)
    url = reverse("key-result-lint-new", args=[lonely.key])
    task = {"title": "Complete user research", "type": "metric", "baseline": "", "target": ""}
    html = signed_in(org.ana).post(url, task).content.decode()
    # the only key result it would have (OKR105), a task, without baseline or target
    assert codes_in(html) == ["OKR105", "OKR201", "OKR202", "OKR203"]


def test_a_third_key_result_of_a_good_objective_gets_no_count_finding(signed_in, org):
    url = reverse("key-result-lint-new", args=["onb-1"])
    measured = {
        "title": "Increase weekly active teams from 120 to 200",
        "type": "metric",
        "baseline": "120",
        "target": "200",
    }
    assert codes_in(signed_in(org.ana).post(url, measured).content.decode()) == []


def test_editing_a_key_result_replaces_it_among_its_siblings(signed_in, org):
    url = reverse("key-result-lint", args=["onb-1-completion"])
    same = {"title": "Increase onboarding completion rate", "type": "metric"}
    html = signed_in(org.ana).post(url, {**same, "baseline": "68", "target": "68"}).content.decode()
    assert codes_in(html) == ["OKR204"]  # still two key results: no OKR105


def test_a_number_that_does_not_read_yet_is_left_alone(signed_in, org):
    url = reverse("key-result-lint", args=["onb-1-completion"])
    typed = {"title": "Increase completion", "type": "metric", "baseline": "6x", "target": ""}
    html = signed_in(org.ana).post(url, typed).content.decode()
    assert codes_in(html) == []
    assert "once it reads as a number" in html


def test_a_milestone_is_flagged_as_info(signed_in, org):
    url = reverse("key-result-lint-new", args=["onb-1"])
    html = signed_in(org.ana).post(url, {"title": "Pilot signed", "type": "milestone"})
    assert codes_in(html.content.decode()) == ["OKR206"]
    assert 'class="finding-severity">info<' in html.content.decode()


def test_viewers_and_other_teams_cannot_use_the_lint_of_a_form_they_cannot_open(signed_in, org):
    url = reverse("objective-lint", args=["onb-1"])
    assert signed_in(org.vera).post(url, GOOD_OBJECTIVE).status_code == 403
    assert signed_in(org.carl).post(url, GOOD_OBJECTIVE).status_code == 403
    hidden = reverse("key-result-lint-new", args=["onb-secret"])
    assert signed_in(org.carl).post(hidden, {"title": "x"}).status_code == 404


def test_lint_answers_only_posts(signed_in, org):
    assert signed_in(org.ana).get(reverse("objective-lint-new")).status_code == 405


def test_edit_forms_carry_a_live_coach_panel(signed_in, org):
    html = signed_in(org.ana).get(reverse("objective-edit", args=["onb-1"])).content.decode()
    panel = html.split('data-testid="coach-panel"')[1].split("</aside>")[0]
    assert f'hx-post="{reverse("objective-lint", args=["onb-1"])}"' in panel
    assert 'hx-trigger="input changed delay:500ms from:#edit-form"' in panel
    assert 'hx-include="#edit-form"' in panel
    assert 'aria-live="polite"' in panel
    assert 'id="edit-form"' in html


def test_without_javascript_the_panel_shows_the_findings_of_the_saved_text(signed_in, org):
    org.onboarding_objective.title = "Launch the new profile editor"
    org.onboarding_objective.save()
    html = signed_in(org.ana).get(reverse("objective-edit", args=["onb-1"])).content.decode()
    assert codes_in(html.split('data-testid="coach-panel"')[1]) == ["OKR101"]


def test_a_refused_form_shows_the_coach_on_what_was_typed(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("key-result-new", args=["onb-1"]),
        {"title": "Hold three workshops", "type": "metric", "weight": "oops"},
    )
    assert response.status_code == 400
    panel = response.content.decode().split('data-testid="coach-panel"')[1]
    assert "OKR201" in codes_in(panel)
    assert not KeyResult.objects.filter(title="Hold three workshops").exists()


# -- rule pages ---------------------------------------------------------------------------------


def test_the_rule_index_lists_every_rule_with_severity_and_summary(signed_in, org):
    response = signed_in(org.vera).get(reverse("coach-rules"))
    html = response.content.decode()
    for rule in RULES.values():
        row = html.split(f'data-testid="rule-{rule.code}"')[1].split("</tr>")[0]
        assert reverse("coach-rule", args=[rule.code]) in row
        assert rule.severity in row
        assert rule.title in row
        assert rule.summary.replace("'", "&#x27;") in row


def test_a_rule_page_renders_its_documentation_as_html(signed_in, org):
    html = signed_in(org.vera).get(reverse("coach-rule", args=["OKR101"])).content.decode()
    doc = html.split('data-testid="rule-doc"')[1].split("</article>")[0]
    assert "<h1>OKR101 — Output objective</h1>" in doc
    assert "<h2>Why it matters</h2>" in doc
    assert "<pre><code" in doc  # the YAML examples
    assert "<strong>Severity:</strong>" in doc


def test_rule_codes_in_a_rule_page_link_to_their_pages(signed_in, org):
    html = signed_in(org.vera).get(reverse("coach-rule", args=["OKR201"])).content.decode()
    doc = html.split('data-testid="rule-doc"')[1].split("</article>")[0]
    assert f'<a href="{reverse("coach-rule", args=["OKR206"])}">OKR206</a>' in doc


def test_an_unknown_rule_is_not_found(signed_in, org):
    assert signed_in(org.vera).get(reverse("coach-rule", args=["OKR999"])).status_code == 404
    assert signed_in(org.vera).get("/coach/rules/nonsense/").status_code == 404


def test_rule_pages_need_a_sign_in(client, org):
    response = client.get(reverse("coach-rules"))
    assert response.status_code == 302


def test_markdown_is_rendered_with_raw_html_escaped_and_unsafe_links_dropped(monkeypatch):
    text = "# Title\n\n<script>alert(1)</script>\n\nSee [x](javascript:alert(1)) and OKR102.\n"
    monkeypatch.setattr(rule_markdown, "explain", lambda code: text)
    rule_markdown.rule_html.cache_clear()
    try:
        html = rule_markdown.rule_html("OKR101")
    finally:
        rule_markdown.rule_html.cache_clear()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert f'<a href="{reverse("coach-rule", args=["OKR102"])}">OKR102</a>' in html


# -- every finding links to its rule ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("objective", args=["onb-1"]),
        reverse("team", args=["onboarding"]),
        reverse("roadmap") + "?team=all",
    ],
)
def test_findings_link_to_their_rule_pages(signed_in, org, url):
    html = signed_in(org.ana).get(url).content.decode()
    codes = codes_in(html)
    assert codes
    for code in codes:
        block = html.split(f'data-code="{code}"')[1].split("</li>")[0]
        assert f'href="{reverse("coach-rule", args=[code])}"' in block


def test_the_main_navigation_leads_to_the_rules(signed_in, org):
    html = signed_in(org.vera).get("/").content.decode()
    assert f'href="{reverse("coach-rules")}"' in html
