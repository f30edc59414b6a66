"""My check-ins in the browser: the count in the navigation, one form for everything owed."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from okrs.core.cadence import period
from okrs.goals.models import CheckIn
from okrs.people.models import User
from okrs.rhythm.selectors import owed_by
from tests.browser.support import screenshot_path, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ana@example.com"


def test_checking_in_on_everything_owed_in_one_go(sign_in, demo, tmp_path):
    ana = User.objects.get(email=MEMBER)
    today = timezone.localdate()
    # Whatever weekday the test runs on, this week's check-ins of Ana's are still to come.
    for check_in in CheckIn.objects.filter(key_result__objective__team__key="onboarding"):
        cycle = check_in.key_result.objective.cycle
        if check_in.date >= period("weekly", today, cycle.start).start:
            check_in.delete()
    owed = [row.key_result for row in owed_by(ana, today)]
    assert len(owed) >= 2

    page = sign_in(MEMBER)
    visit(page, "/")
    expect(page.get_by_test_id("owed-count")).to_have_text(f"{len(owed)} due")
    page.get_by_role("link", name="My check-ins").click()
    first, second = owed[0], owed[1]
    for kr, value, note in ((first, "80", "checklist shipped"), (second, "41", "")):
        row = page.get_by_test_id(f"owed-{kr.key}")
        expect(row.get_by_test_id("last")).to_be_visible()
        row.get_by_label("Value").fill(value)
        row.get_by_label("Confidence").fill("0.7")
        if note:
            row.get_by_label("Note").fill(note)
    page.get_by_test_id(f"owed-{first.key}").get_by_label("Blockers").fill("waiting on legal")
    page.screenshot(path=screenshot_path(tmp_path, "my-check-ins.png"), full_page=True)
    page.get_by_role("button", name="Check in on all").click()

    expect(page.get_by_role("status")).to_contain_text("Checked in on 2 key results.")
    expect(page.get_by_test_id(f"owed-{first.key}")).to_have_count(0)
    expect(page.get_by_test_id(f"owed-{second.key}")).to_have_count(0)
    recorded = CheckIn.objects.get(key_result=first, date=today)
    assert (recorded.value, recorded.note, recorded.blockers) == (
        80,
        "checklist shipped",
        "waiting on legal",
    )
    left = len(owed) - 2
    expect(page.get_by_test_id("owed-count")).to_have_count(1 if left else 0)
