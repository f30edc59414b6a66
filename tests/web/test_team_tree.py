"""The Teams page shows the organisation as a tree even before the first cycle."""

from __future__ import annotations

import re

from django.urls import reverse


def test_without_a_cycle_teams_are_listed_as_the_tree(signed_in, make_team, make_user):
    acme = make_team("acme", kind="company", name="Acme")
    make_team("zed", parent=acme, name="Zed")
    beta = make_team("beta", parent=acme, name="Beta")
    make_team("beta-core", parent=beta, name="Beta core")
    make_team("alpha", name="Alpha guild")
    page = signed_in(make_user(role="viewer")).get(reverse("teams")).content.decode()
    rows = re.findall(r'<th scope="row" class="depth-(\d)"><a href="/teams/([\w-]+)/"', page)
    assert rows == [("0", "acme"), ("1", "beta"), ("2", "beta-core"), ("1", "zed"), ("0", "alpha")]
