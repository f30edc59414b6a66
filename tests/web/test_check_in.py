"""The one-line check-in: HTMX swaps the key result's block; refusals come back in place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from okrs.goals.models import CheckIn

URL = reverse("check-in", args=["onb-1-completion"])


def test_htmx_check_in_returns_the_updated_key_result_block(signed_in, org, htmx_headers, today):
    response = signed_in(org.ana).post(
        URL, {"value": "80", "confidence": "0.8", "note": "SSO shipped"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="card kr-panel" id="kr-onb-1-completion"')
    assert 'data-testid="current">80' in html
    assert "SSO shipped" in html
    assert 'id="objective-score" class="objective-score" hx-swap-oob="true"' in html
    assert "<html" not in html
    check_in = CheckIn.objects.get(key_result=org.completion, date=today)
    assert (check_in.value, check_in.confidence, check_in.author) == (80, 0.8, org.ana)


def test_a_bad_value_shows_the_services_message_in_place_and_writes_nothing(
    signed_in, org, htmx_headers
):
    before = CheckIn.objects.count()
    response = signed_in(org.ana).post(
        URL, {"value": "80%", "confidence": "0.8"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "expected a number, got &#x27;80%&#x27;: write 80 and put &#x27;%&#x27; in unit" in html
    assert 'aria-invalid="true"' in html.split('name="value"')[1].split(">")[0]
    assert 'value="80%"' in html  # what was typed stays in the form
    assert CheckIn.objects.count() == before


def test_a_confidence_out_of_range_is_refused_with_a_hint(signed_in, org, htmx_headers):
    response = signed_in(org.ana).post(
        URL, {"value": "80", "confidence": "70"}, headers=htmx_headers
    )
    assert "confidence is from 0.0 to 1.0, got 70: write 0.7 for 70%" in response.content.decode()
    assert not CheckIn.objects.filter(value=80).exists()


def test_without_htmx_a_check_in_redirects_back_to_the_objective(signed_in, org):
    response = signed_in(org.ana).post(URL, {"value": "79"})
    assert response.status_code == 302
    assert response["Location"] == reverse("objective", args=["onb-1"]) + "#kr-onb-1-completion"


def test_without_htmx_a_refusal_renders_the_page_with_the_message(signed_in, org):
    response = signed_in(org.ana).post(URL, {"value": "lots"})
    assert response.status_code == 400
    assert "expected a number, got &#x27;lots&#x27;" in response.content.decode()


def test_viewers_and_other_teams_may_not_check_in(signed_in, org, htmx_headers):
    for user in (org.vera, org.carl):
        response = signed_in(user).post(URL, {"value": "99"}, headers=htmx_headers)
        assert response.status_code == 403
    assert not CheckIn.objects.filter(value=99).exists()


def test_the_owner_of_a_key_result_checks_in_from_another_team(signed_in, org):
    org.conversion.owner = org.ana
    org.conversion.save()
    url = reverse("check-in", args=["chk-1-conversion"])
    assert signed_in(org.ana).post(url, {"value": "3.1"}).status_code == 302
    html = signed_in(org.ana).get(reverse("objective", args=["chk-1"])).content.decode()
    assert 'data-testid="check-in-chk-1-conversion"' in html


def test_outsiders_cannot_find_a_team_only_key_result(signed_in, org):
    url = reverse("check-in", args=["onb-secret-winback"])
    assert signed_in(org.carl).post(url, {"value": "1"}).status_code == 404
    assert signed_in(org.ana).post(url, {"value": "71"}).status_code == 302


def test_check_in_needs_a_post(signed_in, org):
    assert signed_in(org.ana).get(URL).status_code == 405


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("\u0663", ": write it with the digits 0-9"),
        ("\uff11\uff12", ": write it with the digits 0-9"),
        ("1_000", ": write it without separators and with a dot for decimals, like 1000.5"),
    ],
)
def test_numbers_in_other_digits_or_with_separators_are_refused(
    signed_in, org, htmx_headers, typed, hint
):
    response = signed_in(org.ana).post(URL, {"value": typed}, headers=htmx_headers)
    message = f"expected a number, got {typed!r}{hint}".replace("'", "&#x27;")
    assert message in response.content.decode()
    assert CheckIn.objects.filter(key_result=org.completion).count() == 2


def test_a_check_in_beyond_a_million_billion_is_refused_in_place(signed_in, org, htmx_headers):
    response = signed_in(org.ana).post(URL, {"value": "1e308"}, headers=htmx_headers)
    assert "expected a number from -1e15 to 1e15, got 1e+308" in response.content.decode()
    assert not CheckIn.objects.filter(value__gt=1e15).exists()


def test_a_note_over_2000_characters_is_refused(signed_in, org, htmx_headers):
    response = signed_in(org.ana).post(
        URL, {"value": "80", "note": "x" * 2001}, headers=htmx_headers
    )
    assert "the note is at most 2000 characters, this one has 2001" in response.content.decode()
    assert not CheckIn.objects.filter(value=80).exists()


def test_a_stored_check_in_of_1e308_leaves_the_objective_page_and_its_form_working(
    signed_in, org, today
):
    CheckIn.objects.filter(key_result=org.completion).update(value=1e308)
    org.conversion.check_ins.update(value=-1e308)
    for key in ("onb-1", "chk-1"):
        response = signed_in(org.admin).get(reverse("objective", args=[key]))
        assert response.status_code == 200
        assert 'data-testid="chart-' in response.content.decode()
    assert signed_in(org.ana).post(URL, {"value": "77"}).status_code == 302


def test_the_check_in_form_offers_a_date_that_defaults_to_today(signed_in, org, today):
    html = signed_in(org.ana).get(reverse("objective", args=["onb-1"])).content.decode()
    form = html.split('data-testid="check-in-onb-1-completion"')[1].split("</form>")[0]
    field = form.split('name="date"')[1].split(">")[0]
    assert 'type="date"' in field
    assert f'value="{today.isoformat()}"' in field
    assert f'min="{org.cycle.start.isoformat()}"' in field
    assert f'max="{today.isoformat()}"' in field  # no later than today
    assert '<label for="ci-onb-1-completion-date">Date</label>' in form


def test_a_missed_week_is_checked_in_on_its_own_date(signed_in, org, htmx_headers, today):
    missed = today - timedelta(days=9)
    response = signed_in(org.ana).post(
        URL, {"value": "74", "confidence": "0.7", "date": missed.isoformat()}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' not in html
    check_in = CheckIn.objects.get(key_result=org.completion, date=missed)
    assert (check_in.value, check_in.author) == (74, org.ana)
    history = html.split('class="history-list"')[1]
    assert history.index("76") < history.index("74")  # newest first: the later one stays current
    assert 'data-testid="current">76' in html


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda today, cycle: today + timedelta(days=1), "is in the future"),
        (lambda today, cycle: cycle.start - timedelta(days=1), "is outside cycle Now"),
    ],
    ids=["tomorrow", "before the cycle"],
)
def test_a_check_in_date_in_the_future_or_outside_the_cycle_is_refused_in_place(
    signed_in, org, htmx_headers, today, day, message
):
    typed = day(today, org.cycle).isoformat()
    before = CheckIn.objects.count()
    response = signed_in(org.ana).post(URL, {"value": "80", "date": typed}, headers=htmx_headers)
    html = response.content.decode()
    error = html.split('data-testid="check-in-error"')[1].split("</p>")[0]
    assert f"Date: {typed} {message}" in error
    field = html.split('name="date"')[1].split(">")[0]
    assert 'aria-invalid="true"' in field and f'value="{typed}"' in field
    assert 'value="80"' in html  # what was typed stays in the form
    assert CheckIn.objects.count() == before


def test_a_check_in_date_that_is_no_date_is_refused_with_the_format(signed_in, org, htmx_headers):
    response = signed_in(org.ana).post(
        URL, {"value": "80", "date": "last friday"}, headers=htmx_headers
    )
    assert "Date: expected a date like 2026-10-14" in response.content.decode()
    assert not CheckIn.objects.filter(value=80).exists()
