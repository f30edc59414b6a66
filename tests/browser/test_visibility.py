"""Who sees what: a viewer finds no control to change anything, team-only OKRs stay hidden."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from okrs.goals.models import KeyResult, Objective
from tests.browser.support import csrf_token, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWER = "viewer@example.com"
OUTSIDER = "ana@example.com"  # onboarding, not in Product Leadership
INSIDER = "maya@example.com"  # leads Product Leadership
TEAM_ONLY = "pl-2"  # Product Leadership's team-only objective
EDIT_CONTROL_NAMES = re.compile(r"^(Edit|New|Add|Copy|Check in|Use this template|From a template)")
EDIT_CONTROLS = (
    "form[action*='/check-in/'], form[action*='/edit/'], form[action*='/new/'], "
    "form[action*='/copy/'], a[href*='/edit/'], a[href*='/new/']"
)


@pytest.mark.parametrize("path", ["/", "/teams/onboarding/", "/objectives/{cycle}-onb-1/"])
def test_a_viewer_finds_no_control_to_change_anything(sign_in, demo, path):
    page = sign_in(VIEWER)
    visit(page, path.format(cycle=demo.cycle))
    expect(page.get_by_test_id("who")).to_be_visible()

    for role in ("link", "button"):
        expect(page.get_by_role(role, name=EDIT_CONTROL_NAMES)).to_have_count(0)
    expect(page.locator(EDIT_CONTROLS)).to_have_count(0)


def test_a_viewers_check_in_and_edit_posts_are_refused(sign_in, demo):
    kr = KeyResult.objects.get(key=demo.key("onb-1-completion"))
    check_ins = kr.check_ins.count()
    page = sign_in(VIEWER)
    visit(page, f"/objectives/{demo.key('onb-1')}/")
    headers = {"X-CSRFToken": csrf_token(page)}

    check_in = page.request.post(
        f"/key-results/{kr.key}/check-in/", form={"value": "80"}, headers=headers
    )
    edit = page.request.post(
        f"/key-results/{kr.key}/edit/",
        form={"title": kr.title, "type": "metric", "baseline": "0", "target": "100"},
        headers=headers,
    )

    assert (check_in.status, edit.status) == (403, 403)
    assert kr.check_ins.count() == check_ins
    kr.refresh_from_db()
    assert (kr.baseline, kr.target) == (68, 85)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/teams/product/",
        "/teams/acme/",
        "/alignment/",
        "/roadmap/?team=all",
        "/roadmap/?team=product",
        "/present/",
        "/present/product/",
    ],
)
def test_a_team_only_objective_stays_hidden_from_an_outsider(sign_in, demo, path):
    page = sign_in(OUTSIDER)
    visit(page, path)
    expect(page.locator("main")).to_be_visible()

    for title in titles_of(demo.key(TEAM_ONLY)):
        expect(page.locator("body")).not_to_contain_text(title)
    expect(page.locator(f"a[href*='{demo.key(TEAM_ONLY)}']")).to_have_count(0)


def test_a_team_only_objective_is_left_out_of_an_outsiders_counts(sign_in, demo):
    page = sign_in(OUTSIDER)
    visit(page, "/teams/acme/")

    public = Objective.objects.filter(team__key="product", cycle__key=demo.cycle)
    count = public.filter(visibility="public").count()
    assert count < public.count()
    expect(page.get_by_test_id("team-product")).to_contain_text(f"{count} objective")


def test_a_team_only_objectives_address_is_not_found_for_an_outsider(sign_in, demo):
    page = sign_in(OUTSIDER)

    response = page.goto(f"/objectives/{demo.key(TEAM_ONLY)}/")

    assert response is not None and response.status == 404
    for title in titles_of(demo.key(TEAM_ONLY)):
        expect(page.locator("body")).not_to_contain_text(title)


def test_the_team_sees_its_team_only_objective(sign_in, demo):
    page = sign_in(INSIDER)
    title, *_ = titles_of(demo.key(TEAM_ONLY))

    visit(page, "/teams/product/")
    page.get_by_role("link", name=title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".lock")).to_have_text("Team only")


def titles_of(objective_key: str) -> list[str]:
    """The objective's title, then its key results' titles."""
    objective = Objective.objects.get(key=objective_key)
    assert objective.visibility == "team"
    return [objective.title, *objective.key_results.values_list("title", flat=True)]
