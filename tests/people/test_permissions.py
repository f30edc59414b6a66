"""The one rule on writes: a person may edit a row as stored and as it will be, and a stored
row they do not see is not found."""

from __future__ import annotations

import pytest

from okrs.core.errors import Forbidden, NotFound
from okrs.people.permissions import (
    can_see,
    initiative_place,
    objective_place,
    require_admin,
    require_comment,
    require_delete_comment,
    require_edit,
    require_edit_comment,
    require_team_editor,
)


@pytest.fixture
def teams(make_team):
    return make_team("onboarding"), make_team("payments")


@pytest.fixture
def ana(make_user, teams):
    return make_user("ana@example.com", teams=[teams[0]])


def place(team, visibility="public", contributors=()):
    return objective_place(team.pk, team.key, visibility, [t.pk for t in contributors])


def test_a_member_edits_a_row_of_their_team_where_it_stays(ana, teams):
    own = place(teams[0])
    require_edit(ana, "objective 'onb-1'", own, place(teams[0], "team"))
    require_edit(ana, "an objective", None, own)
    require_edit(ana, "objective 'onb-1'", own, None)


def test_a_member_may_not_take_another_teams_row(ana, teams):
    with pytest.raises(Forbidden, match="change objective 'pay-1': only admins and "):
        require_edit(ana, "objective 'pay-1'", place(teams[1]), place(teams[0]))


def test_a_member_may_not_give_their_row_to_another_team(ana, teams):
    with pytest.raises(Forbidden, match=r"move objective 'onb-1' there: .*'payments'"):
        require_edit(ana, "objective 'onb-1'", place(teams[0]), place(teams[1]))


def test_a_hidden_row_is_not_found_and_says_nothing_of_its_team(ana, teams):
    with pytest.raises(NotFound) as raised:
        require_edit(ana, "objective 'pay-secret'", place(teams[1], "team"), place(teams[0]))
    assert str(raised.value) == "unknown objective 'pay-secret'"


def test_a_contributor_sees_a_team_only_row_but_does_not_edit_it(ana, teams):
    shared = place(teams[1], "team", contributors=[teams[0]])
    assert can_see(ana, shared)
    with pytest.raises(Forbidden):
        require_edit(ana, "objective 'pay-secret'", shared, shared)


def test_a_row_without_a_team_is_for_admins_only(ana, make_user, teams):
    no_team = initiative_place(None, "", [])
    with pytest.raises(Forbidden, match="without a team, only admins can"):
        require_edit(ana, "initiative 'shared'", no_team, no_team)
    require_edit(make_user(role="admin"), "initiative 'shared'", no_team, no_team)


def test_an_initiative_is_seen_through_the_key_results_it_serves(ana, teams):
    hidden = place(teams[1], "team")
    assert not can_see(ana, initiative_place(teams[1].pk, "payments", [hidden]))
    assert can_see(ana, initiative_place(teams[1].pk, "payments", [hidden, place(teams[1])]))
    assert can_see(ana, initiative_place(teams[1].pk, "payments", []))


def test_a_viewer_edits_nothing_and_an_admin_everything(make_user, teams):
    hidden = place(teams[1], "team")
    with pytest.raises(Forbidden):
        require_edit(make_user(role="viewer"), "an objective", None, place(teams[0]))
    require_edit(make_user(role="admin"), "objective 'pay-secret'", hidden, place(teams[0]))


def test_team_editors_and_admins_are_refused_in_the_same_words_everywhere(ana, make_user, teams):
    require_team_editor(ana, teams[0].pk)
    with pytest.raises(
        Forbidden, match=r"^only admins and members of this team can change its OKRs$"
    ):
        require_team_editor(ana, teams[1].pk)
    with pytest.raises(Forbidden, match=r"^admins only$"):
        require_admin(ana)
    with pytest.raises(Forbidden, match=r"^you may not create cycles: admins only$"):
        require_admin(ana, "create cycles")
    require_admin(make_user(role="admin"))


def test_viewers_read_comments_and_authors_change_their_own(ana, make_user, teams):
    viewer, admin = make_user(role="viewer"), make_user(role="admin")
    require_comment(ana)
    with pytest.raises(Forbidden, match="viewers read comments"):
        require_comment(viewer)
    require_edit_comment(ana, ana.pk)
    with pytest.raises(Forbidden, match="only the author of a comment can change it"):
        require_edit_comment(admin, ana.pk)
    require_delete_comment(admin, ana.pk)
    require_delete_comment(viewer, viewer.pk)
    with pytest.raises(Forbidden, match="only the author of a comment or an admin"):
        require_delete_comment(viewer, ana.pk)
