"""Pages read a cycle in a fixed number of queries: exactly as many with 12 teams as with 2.

A change that makes a page query per row shows up here as a count that grows with the
data.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from okrs.goals.models import ClaritySurvey, Comment, ObjectiveReview

# session + user, cycles, memberships, every team, the objectives shown with their
# contributors, key results and the alignment targets the reader may see, and the
# initiatives beside them; pages that coach add the stored findings and the rules read
# at read time (stale key results, team counts, the closed cycles OKR302 compares with);
# the team page adds its sub-teams' stored scores, KPIs and members; the objective page
# reads itself, what it aligns to and what aligns to it, with their check-ins, and its
# comments, and the reminders and escalations of its key results' missed check-ins (one
# more query); the review page adds its reviews and clarity answers. A page that narrows the
# cycle's objectives picks their ids first. A later page of a long list costs what the
# first page does.
PINNED = {
    "dashboard": 20,
    "team": 21,
    "objective": 19,
    "alignment": 11,
    "alignment-root": 12,
    "alignment-branch": 11,
    "alignment-unaligned": 11,
    "roadmap": 12,
    "roadmap-later-page": 12,
    "roadmap-objectives": 12,
    "roadmap-splits": 12,
    "review": 13,
}
PAGES = {
    "dashboard": reverse("dashboard"),
    "team": reverse("team", args=["company"]),
    "objective": reverse("objective", args=["team1-o1"]),
    "alignment": reverse("alignment"),
    "alignment-root": reverse("alignment") + "?root=company-o1",
    "alignment-branch": reverse("alignment-branch", args=["company-o1"]),
    "alignment-unaligned": reverse("alignment-unaligned") + "?page=1",
    "roadmap": reverse("roadmap"),
    "roadmap-later-page": reverse("roadmap") + "?team=all&page=2&splits=2",
    "roadmap-objectives": reverse("roadmap-objectives") + "?team=all&page=2",
    "roadmap-splits": reverse("roadmap-splits") + "?team=all&splits=2",
    "review": reverse("cycle-review", args=["Now"]) + "?team=all",
}
HTMX_PARTS = {"alignment-branch", "alignment-unaligned", "roadmap-objectives", "roadmap-splits"}


@pytest.fixture
def build_org(cycle, today, make_team, make_user, make_objective, make_key_result, make_initiative):
    """A company with `teams` product teams, each with two aligned objectives, three key
    results apiece with three check-ins, one team-only objective and an initiative; each
    of those objectives with a comment and a review, each team with a clarity answer and
    an objective aligned to nothing."""

    def build(teams: int):
        company = make_team("company", kind="company", name="Company")
        top = make_objective(company, key="company-o1", title="Win the mid-market")
        make_key_result(top, key="company-o1-kr")
        member = None
        for t in range(1, teams + 1):
            team = make_team(f"team{t}", parent=company)
            member = member or make_user(teams=[team])
            for o in range(1, 3):
                objective = make_objective(
                    team,
                    key=f"team{t}-o{o}",
                    aligned_to=top,
                    visibility="team" if o == 2 else "public",
                    owner=member,
                )
                for k in range(1, 4):
                    kr = make_key_result(
                        objective,
                        key=f"team{t}-o{o}-kr{k}",
                        owner=member,
                        check_ins=[(today - timedelta(days=d), 70 + d, 0.6) for d in (1, 8, 15)],
                    )
                make_initiative(
                    team, key=f"team{t}-o{o}-ini", links=[(kr, 3)], effort=2, bucket="core"
                )
                Comment.objects.create(objective=objective, author=member, text="Why so low?")
                ObjectiveReview.objects.create(objective=objective, lessons="Check in weekly")
            make_objective(team, key=f"team{t}-loose", title="Stand alone", owner=member)
            ClaritySurvey.objects.create(cycle=cycle, team=team, respondent=member, clarity=4)
        return member

    return build


@pytest.mark.parametrize("teams", [2, 12])
@pytest.mark.parametrize("name", PAGES)
def test_page_makes_the_same_pinned_number_of_queries_whatever_the_size(
    name, teams, build_org, signed_in, htmx_headers, django_assert_num_queries
):
    client = signed_in(build_org(teams))
    headers = htmx_headers if name in HTMX_PARTS else {}
    with django_assert_num_queries(PINNED[name]):
        assert client.get(PAGES[name], headers=headers).status_code == 200
