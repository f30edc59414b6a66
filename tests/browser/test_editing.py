"""Edit forms in a browser: a refused value comes back beside its field, nothing is saved."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from playwright.sync_api import expect

from okrs.core import validation
from okrs.goals.models import KeyResult
from tests.browser.support import visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASELINE = 68  # of the demo's onboarding completion rate


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "target",
            str(BASELINE),
            validation.check_key_result_numbers("metric", BASELINE, BASELINE, None)[0][1],
        ),
        ("baseline", "sixty", validation.parse_number("sixty")[1]),
    ],
    ids=["target-equals-baseline", "words-for-a-number"],
)
def test_a_bad_key_result_number_is_refused_beside_its_field(sign_in, demo, field, typed, message):
    kr = KeyResult.objects.get(key=demo.key("onb-1-completion"))
    assert kr.baseline == BASELINE
    stored = model_to_dict(kr)
    page = sign_in("ana@example.com")
    visit(page, f"/key-results/{kr.key}/edit/")

    page.get_by_label(field.capitalize(), exact=True).fill(typed)
    page.get_by_role("button", name="Save").click()

    expect(page.locator(f".field-{field} .field-error")).to_have_text(message)
    expect(page.get_by_label(field.capitalize(), exact=True)).to_have_value(typed)
    expect(page).to_have_url(f"/key-results/{kr.key}/edit/")
    kr.refresh_from_db()
    assert model_to_dict(kr) == stored
