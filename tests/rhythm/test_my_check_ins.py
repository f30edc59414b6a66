"""My check-ins: what each person owes this week, checked in on in one form."""

from __future__ import annotations

from datetime import date

import pytest

from okrs.goals.models import CheckIn
from okrs.rhythm.selectors import owed_by
from okrs.rhythm.services import set_cadence

TODAY = date(2026, 10, 14)


def owed_keys(user):
    return [row.key_result.key for row in owed_by(user, TODAY)]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("ana", ["onb-completion"]),  # her team's key result nobody owns
        ("lena", ["onb-completion"]),
        ("olga", ["onb-activation", "chk-conversion"]),  # she owns one in another team
        ("carl", ["chk-conversion"]),
        ("vera", []),  # viewers never check in
        ("admin", []),  # in no team, owning nothing
    ],
)
def test_each_person_owes_their_teams_unowned_key_results_and_what_they_own(org, person, expected):
    assert owed_keys(getattr(org, person)) == expected


def test_a_check_in_this_week_settles_it_and_the_cadence_decides_the_week(org):
    CheckIn.objects.create(key_result=org.conversion, date=date(2026, 10, 12), value=2)
    assert owed_keys(org.carl) == []
    org.completion.check_ins.create(date=date(2026, 10, 5), value=70)
    set_cadence("biweekly", actor=org.ana, key_result=org.completion)
    assert owed_keys(org.ana) == ["onb-completion"]  # 12–25 October has none yet
    set_cadence("monthly", actor=org.ana, team=org.onboarding)
    set_cadence(None, actor=org.ana, key_result=org.completion)
    assert owed_keys(org.ana) == []  # October has one, from the 7th


def test_the_page_shows_what_is_due_with_the_last_value_and_note(org, client_of):
    org.completion.check_ins.filter(date=date(2026, 10, 7)).update(note="tour shipped")
    page = client_of(org.ana).get("/my/check-ins/").content.decode()
    assert 'data-testid="owed-onb-completion"' in page
    assert "onb-activation" not in page and "chk-conversion" not in page
    assert "Last: <strong>71\u00a0%</strong> on 7 Oct, confidence 0.6 — “tour shipped”" in page
    assert "due Mon 12 Oct · <strong>2 days late</strong>" in page


def test_one_post_checks_in_on_every_key_result_given_a_value(org, client_of):
    org.completion.owner = org.olga
    org.completion.save()
    client = client_of(org.olga)
    response = client.post(
        "/my/check-ins/",
        {
            "key_result": ["onb-completion", "onb-activation"],
            "value-onb-completion": "74",
            "confidence-onb-completion": "0.7",
            "note-onb-completion": "tour helps",
            "blockers-onb-completion": "waiting on legal",
            "value-onb-activation": "",
        },
        follow=True,
    )
    assert "Checked in on 1 key result." in response.content.decode()
    recorded = CheckIn.objects.get(key_result=org.completion, date=TODAY)
    assert (recorded.value, recorded.confidence, recorded.note, recorded.blockers) == (
        74,
        0.7,
        "tour helps",
        "waiting on legal",
    )
    assert recorded.author == org.olga
    org.completion.refresh_from_db()
    assert org.completion.current == 74  # the stored figures follow
    assert owed_keys(org.olga) == ["onb-activation", "chk-conversion"]


def test_one_bad_value_records_nothing_and_says_where(org, client_of):
    org.activation.owner = None
    org.activation.save()
    response = client_of(org.ana).post(
        "/my/check-ins/",
        {
            "key_result": ["onb-completion", "onb-activation"],
            "value-onb-completion": "74",
            "value-onb-activation": "sixty",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-onb-activation"' in page and "value:" in page
    assert 'value="74"' in page  # what was typed stays
    assert not CheckIn.objects.filter(date=TODAY).exists()


@pytest.mark.parametrize(
    ("person", "key_result", "allowed"),
    [
        ("ana", "completion", True),  # own team
        ("ana", "conversion", False),  # other team
        ("olga", "activation", True),  # owner in another team
        ("carl", "completion", False),
        ("vera", "completion", False),  # viewer in the team
        ("admin", "conversion", True),
    ],
)
def test_the_form_goes_through_the_check_in_rules(org, client_of, person, key_result, allowed):
    key = getattr(org, key_result).key
    response = client_of(getattr(org, person)).post(
        "/my/check-ins/", {"key_result": [key], f"value-{key}": "1"}
    )
    assert response.status_code == (302 if allowed else 400)
    assert CheckIn.objects.filter(key_result__key=key, date=TODAY).exists() is allowed


def test_the_navigation_counts_what_i_owe(org, client_of):
    client = client_of(org.ana)
    assert 'hx-get="/my/check-ins/count/"' in client.get("/").content.decode()
    assert (
        '>1<span class="sr-only"> due</span>' in client.get("/my/check-ins/count/").content.decode()
    )
    assert client_of(org.vera).get("/my/check-ins/count/").content.decode().strip() == ""


def test_nothing_due_shows_an_empty_state(org, client_of):
    assert "Nothing due" in client_of(org.admin).get("/my/check-ins/").content.decode()


def test_only_those_who_edit_a_team_set_its_cadence(org):
    from okrs.core.errors import Forbidden

    with pytest.raises(Forbidden):
        set_cadence("monthly", actor=org.carl, team=org.onboarding)
    with pytest.raises(Forbidden):
        set_cadence("monthly", actor=org.ana, cycle=org.completion.objective.cycle)
    set_cadence("monthly", actor=org.admin, cycle=org.completion.objective.cycle)


def test_what_is_owed_is_read_in_four_queries_however_much_there_is(
    org, django_assert_num_queries, make_key_result
):
    for number in range(5):
        make_key_result(org.completion.objective, key=f"onb-more-{number}")
    org.ana.refresh_from_db()
    with django_assert_num_queries(4):  # memberships, key results, cadences, check-ins
        assert len(owed_by(org.ana, TODAY)) == 6


def test_okrs_cadence_sets_and_clears_a_teams_cadence(org):
    from typer.testing import CliRunner

    from okrs.cli import app
    from okrs.rhythm.models import CadenceSetting

    result = CliRunner().invoke(app, ["cadence", "monthly", "--team", "onboarding"])
    assert result.exit_code == 0, result.output
    assert CadenceSetting.objects.get(team=org.onboarding).cadence == "monthly"
    assert CliRunner().invoke(app, ["cadence", "inherit", "--team", "onboarding"]).exit_code == 0
    assert not CadenceSetting.objects.exists()
    refused = CliRunner().invoke(app, ["cadence", "fortnightly", "--team", "onboarding"])
    assert refused.exit_code == 2 and "not one of weekly, biweekly, monthly" in refused.output
