"""Who may import what: every kind of row of an OKR file × every role × own, other and
hidden team, through `POST /api/v1/import`.

A refused import answers 403 naming each refused row with its line and field, and writes
nothing at all; an allowed one writes. ana is a member of onboarding; payments is
another team, with a public objective and a team-only one (hidden from ana, like the
initiative that serves only its key result). Each file starts from what the importing
person sees (their own export, which imports back unchanged) and changes one row.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from okrs.core.okrfile import plan_document
from okrs.goals.models import CheckIn, Cycle, Initiative, KeyResult, Objective
from okrs.goals.snapshots import default_cycle, load_plan
from okrs.people.models import Team, User

pytestmark = pytest.mark.django_db

Doc = dict[str, Any]
SCOPES = {
    "own": {
        "team": "onboarding",
        "objective": "onb-1",
        "key_result": "onb-1-completion",
        "initiative": "tour",
    },
    "other": {
        "team": "payments",
        "objective": "pay-1",
        "key_result": "pay-1-kr",
        "initiative": "pay-tour",
    },
    "hidden": {
        "team": "payments",
        "objective": "pay-secret",
        "key_result": "pay-secret-kr",
        "initiative": "pay-push",
    },
}
ROLES = {"admin": "admin", "member": "member", "viewer": "viewer"}


@pytest.fixture
def payments(org, make_objective, make_key_result, make_initiative):
    """Adds payments' OKRs to the organisation: one public objective, one team-only."""
    public = make_objective(org.payments, key="pay-1", title="Make paying effortless")
    public_kr = make_key_result(
        public,
        key="pay-1-kr",
        title="Raise payment success from 90% to 97%",
        baseline=90,
        target=97,
        check_ins=[(date(2026, 10, 20), 91)],
    )
    secret = make_objective(
        org.payments, key="pay-secret", title="Enter the secret market", visibility="team"
    )
    secret_kr = make_key_result(secret, key="pay-secret-kr", baseline=0, target=10)
    make_initiative(org.payments, key="pay-tour", links=[(public_kr, 2)])
    make_initiative(org.payments, key="pay-push", links=[(secret_kr, 3)])
    return org


def session_as(user: User) -> Client:
    """A signed-in API client: it reaches the importer whatever the role (a viewer's token
    would be stopped at the door, see test_auth)."""
    client = Client()
    client.force_login(user)
    return client


def post_file(who: User | Client, doc: Doc) -> Any:
    client = who if isinstance(who, Client) else session_as(who)
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    return client.post("/api/v1/import", text, content_type="application/yaml")


def export_as(user: User | None) -> Doc:
    """The cycle as `user` sees it, with every initiative in the top-level list."""
    doc = plan_document(load_plan(Cycle.objects.get(key="2026-Q4"), actor=user))
    doc.setdefault("initiatives", [])
    for objective in doc["objectives"]:
        for kr in objective.get("key_results", []):
            for initiative in kr.pop("initiatives", []):
                impact = initiative.pop("impact", None)
                links = [{"key_result": kr["key"], "impact": impact}]
                doc["initiatives"].append({**initiative, "team": objective["team"], "links": links})
    return doc


def dump() -> str:
    """Every row of the goals and people tables (tokens aside: using one records its use)."""
    out = io.StringIO()
    call_command("dumpdata", "goals", "people", exclude=["people.apitoken"], stdout=out)
    return out.getvalue()


# -- finding a row in a file, or adding it when the file does not show it ------------------


def row(rows: list[Doc], key: str, new: Doc) -> Doc:
    found = next((r for r in rows if r["key"] == key), None)
    if found is None:
        rows.append(found := new)
    return found


def objective(doc: Doc, scope: dict[str, str]) -> Doc:
    new = {
        "key": scope["objective"],
        "team": scope["team"],
        "title": "A guess",
        "visibility": "team",
    }
    return row(doc["objectives"], scope["objective"], new)


def key_result(doc: Doc, scope: dict[str, str]) -> Doc:
    for o in doc["objectives"]:
        for kr in o.get("key_results", []):
            if kr["key"] == scope["key_result"]:
                return kr
    own = objective(doc, SCOPES["own"])  # a key result not shown is listed under one's own
    own.setdefault("key_results", []).append(
        kr := {
            "key": scope["key_result"],
            "title": "Grow it from 0 to 10",
            "baseline": 0,
            "target": 10,
        }
    )
    return kr


def initiative(doc: Doc, scope: dict[str, str]) -> Doc:
    new = {"key": scope["initiative"], "title": "A guess", "team": scope["team"]}
    return row(doc["initiatives"], scope["initiative"], new)


# -- one change of each kind ---------------------------------------------------------------


def create_cycle(doc: Doc, scope: dict[str, str]) -> tuple[Doc, str]:
    return {"cycle": {"name": "2027-Q1", "state": "active"}}, "2027-Q1"


def rename_team(doc: Doc, scope: dict[str, str]) -> tuple[Doc, str]:
    row(doc["teams"], scope["team"], {})["name"] = "Renamed by a file"
    return doc, scope["team"]


def retitle_objective(doc: Doc, scope: dict[str, str]) -> tuple[Doc, str]:
    objective(doc, scope)["title"] = "Take this objective over"
    return doc, scope["objective"]


def retitle_key_result(doc: Doc, scope: dict[str, str]) -> tuple[Doc, str]:
    key_result(doc, scope)["title"] = "Increase takeovers from 0 to 10"
    return doc, scope["key_result"]


def add_check_in(doc: Doc, scope: dict[str, str]) -> tuple[Doc, str]:
    check_in = {"date": date(2026, 11, 12), "value": 9}
    key_result(doc, scope).setdefault("check_ins", []).append(check_in)
    return doc, scope["key_result"]


def retitle_initiative(doc: Doc, scope: dict[str, str]) -> tuple[Doc, str]:
    initiative(doc, scope)["title"] = "Rewritten by a file"
    return doc, scope["initiative"]


def change_link(doc: Doc, scope: dict[str, str]) -> tuple[Doc, str]:
    links = initiative(doc, scope).setdefault("links", [])
    if links:
        links[0]["impact"] = 42
    else:
        links.append({"key_result": "onb-1-completion", "impact": 42})
    return doc, scope["initiative"]


def add_contributor(doc: Doc, scope: dict[str, str]) -> tuple[Doc, str]:
    objective(doc, scope).setdefault("contributors", []).append("company")
    return doc, scope["objective"]


Change = Callable[[Doc, dict[str, str]], tuple[Doc, str]]
CHANGES: dict[str, tuple[Change, tuple[str, ...]]] = {
    "cycle": (create_cycle, ("any",)),
    "team": (rename_team, ("own", "other")),
    "objective": (retitle_objective, tuple(SCOPES)),
    "key result": (retitle_key_result, tuple(SCOPES)),
    "check-in": (add_check_in, tuple(SCOPES)),
    "initiative": (retitle_initiative, tuple(SCOPES)),
    "initiative link": (change_link, tuple(SCOPES)),
    "contributor": (add_contributor, tuple(SCOPES)),
}
CASES = [
    pytest.param(kind, scope, role, id=f"{kind}-{scope}-{role}")
    for kind, (_, scopes) in CHANGES.items()
    for scope in scopes
    for role in ROLES
]


def allowed(kind: str, scope: str, role: str) -> bool:
    """Admins everything; members the OKRs of their own team, never cycles nor teams."""
    if role == "admin":
        return True
    return role == "member" and scope == "own" and kind not in ("cycle", "team")


@pytest.mark.parametrize(("kind", "scope", "role"), CASES)
def test_each_role_imports_only_what_it_may_change(payments, kind, scope, role):
    user = getattr(payments, role)
    change, _ = CHANGES[kind]
    doc, target = change(export_as(user), SCOPES.get(scope, SCOPES["own"]))
    client = session_as(user)
    before = dump()
    response = post_file(client, doc)
    if allowed(kind, scope, role):
        assert response.status_code == 200, response.content
        assert response.json()["changed"] is True
        assert dump() != before
        return
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["detail"].startswith("nothing imported")
    assert any(target in error["message"] for error in body["errors"]), body
    assert all(error["line"] > 1 and error["field"] != "file" for error in body["errors"])
    assert dump() == before
    if scope == "hidden":
        assert "Enter the secret market" not in response.content.decode()
        assert all("not available" in error["message"] for error in body["errors"]), body


@pytest.mark.parametrize("role", ["admin", "member", "outsider", "viewer"])
def test_a_persons_own_export_imports_back_unchanged(payments, role):
    user = getattr(payments, role)
    post_file(payments.admin, export_as(None))  # positions as a file sets them
    doc = export_as(user)
    client = session_as(user)
    before = dump()
    response = post_file(client, doc)
    assert response.status_code == 200, response.content
    assert response.json()["changed"] is False, response.json()["report"]
    assert dump() == before


def test_member_cannot_take_over_another_teams_objective(payments):
    doc = export_as(payments.member)
    taken = row(doc["objectives"], "pay-1", {})
    taken.update(team="onboarding", visibility="public", title="Ours now")
    response = post_file(payments.member, doc)
    assert response.status_code == 403
    (error,) = response.json()["errors"]
    assert error["field"].startswith("objectives[") and error["field"].endswith(".key")
    assert "objective 'pay-1'" in error["message"] and "team 'payments'" in error["message"]
    stored = Objective.objects.get(key="pay-1")
    assert (stored.team.key, stored.title) == ("payments", "Make paying effortless")


def test_member_cannot_take_over_a_hidden_objective_nor_learn_about_it(payments):
    doc = export_as(payments.member)
    doc["objectives"].append(
        {"key": "pay-secret", "team": "onboarding", "title": "Ours now", "visibility": "public"}
    )
    response = post_file(payments.member, doc)
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == (
        "the key 'pay-secret' is not available: keys are unique across cycles, pick another"
    )
    assert Objective.objects.get(key="pay-secret").visibility == "team"


def test_member_cannot_move_another_teams_key_result_with_its_history(payments):
    doc = export_as(payments.member)
    pay = row(doc["objectives"], "pay-1", {})
    moved = pay.pop("key_results")[0]
    row(doc["objectives"], "onb-1", {})["key_results"].append(moved)
    response = post_file(payments.member, doc)
    assert response.status_code == 403
    assert "key result 'pay-1-kr'" in response.json()["errors"][0]["message"]
    kr = KeyResult.objects.get(key="pay-1-kr")
    assert kr.objective.key == "pay-1" and kr.check_ins.count() == 1


def test_a_members_check_ins_are_in_their_name_and_a_forged_author_is_refused(payments):
    doc = export_as(payments.member)
    check_ins = key_result(doc, SCOPES["own"])["check_ins"]
    check_ins.append({"date": date(2026, 11, 12), "value": 75})
    assert post_file(payments.member, doc).status_code == 200
    assert CheckIn.objects.get(date=date(2026, 11, 12)).author == payments.member

    check_ins.append({"date": date(2026, 11, 13), "value": 76, "author": "ada@example.com"})
    response = post_file(payments.member, doc)
    assert response.status_code == 403
    (error,) = response.json()["errors"]
    assert "as yourself" in error["message"] and error["field"].endswith("check_ins[3].date")
    assert not CheckIn.objects.filter(date=date(2026, 11, 13)).exists()


def test_a_member_correcting_a_check_in_signs_it(payments):
    doc = export_as(payments.member)
    key_result(doc, SCOPES["own"])["check_ins"][0]["value"] = 72
    assert post_file(payments.member, doc).status_code == 200
    assert CheckIn.objects.get(date=date(2026, 10, 14)).author == payments.member


def test_an_admin_imports_history_with_its_authors(payments):
    doc = export_as(payments.admin)
    check_in = {"date": date(2026, 11, 12), "value": 75, "author": "ana@example.com"}
    key_result(doc, SCOPES["own"])["check_ins"].append(check_in)
    assert post_file(payments.admin, doc).status_code == 200
    assert CheckIn.objects.get(date=date(2026, 11, 12)).author == payments.member


def test_a_member_cannot_invite_people_through_an_import(payments):
    doc = export_as(payments.member)
    row(doc["objectives"], "onb-1", {})["owner"] = "eve@example.com"
    response = post_file(payments.member, doc)
    assert response.status_code == 403
    (error,) = response.json()["errors"]
    assert "eve@example.com" in error["message"] and error["field"].endswith(".owner")
    assert not User.objects.filter(email="eve@example.com").exists()


def test_an_admin_invites_the_people_a_file_names(payments):
    doc = export_as(payments.admin)
    row(doc["objectives"], "onb-1", {})["owner"] = "eve@example.com"
    assert post_file(payments.admin, doc).status_code == 200
    assert not User.objects.get(email="eve@example.com").has_usable_password()


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_an_initiative_without_a_team_is_for_admins_only(payments, make_initiative, role):
    make_initiative(None, key="shared", links=[(payments.public_kr, 1)])
    doc = export_as(getattr(payments, role))
    shared = row(doc["initiatives"], "shared", {})
    shared.update(url="https://phishing.example.com/login", links=[])
    response = post_file(getattr(payments, role), doc)
    assert response.status_code == 403
    assert "without a team, only admins can" in response.json()["errors"][0]["message"]
    stored = Initiative.objects.get(key="shared")
    assert stored.url == "" and stored.links.count() == 1


def test_a_viewer_cannot_make_a_later_cycle_the_default_for_everyone(payments):
    response = post_file(payments.viewer, {"cycle": {"name": "2027-Q1", "state": "active"}})
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == (
        "you may not create cycle '2027-Q1': admins only"
    )
    assert default_cycle().key == "2026-Q4"


def test_a_member_cannot_move_their_team_in_the_tree(payments):
    doc = export_as(payments.member)
    doc = {"cycle": doc["cycle"], "teams": doc["teams"]}
    row(doc["teams"], "onboarding", {})["parent"] = "payments"
    response = post_file(payments.member, doc)
    assert response.status_code == 403
    assert "team 'onboarding'" in response.json()["errors"][0]["message"]
    assert Team.objects.get(key="onboarding").parent.key == "company"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda doc: row(doc["objectives"], "onb-1", {}).update(aligned_to="pay-secret"),
            "aligned_to",
        ),
        (
            lambda doc: row(doc["initiatives"], "tour", {})["links"].append(
                {"key_result": "pay-secret-kr", "impact": 1}
            ),
            "key_result",
        ),
    ],
    ids=["alignment", "link"],
)
def test_a_hidden_row_named_as_a_reference_is_unknown(payments, change, field):
    doc = export_as(payments.member)
    change(doc)
    response = post_file(payments.member, doc)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"].endswith(field) and "unknown" in error["message"]


@pytest.mark.parametrize("target", ["objective", "key result"])
def test_an_alignment_the_importer_does_not_see_stays(payments, target):
    parent = {"objective": {"aligned_objective": Objective.objects.get(key="pay-secret")}}
    parent["key result"] = {"aligned_key_result": KeyResult.objects.get(key="pay-secret-kr")}
    Objective.objects.filter(key="onb-1").update(**parent[target])
    doc = export_as(payments.member)
    own = row(doc["objectives"], "onb-1", {})
    own.pop("aligned_to", None)  # not shown to someone who does not see the parent
    own["title"] = "Make onboarding a joy"
    assert post_file(payments.member, doc).status_code == 200
    stored = Objective.objects.get(key="onb-1")
    assert stored.title == "Make onboarding a joy"
    assert stored.aligned_objective == parent[target].get("aligned_objective")
    assert stored.aligned_key_result == parent[target].get("aligned_key_result")


def test_links_to_key_results_the_importer_does_not_see_stay(payments):
    Initiative.objects.get(key="pay-tour").links.create(key_result=payments.secret_kr, impact=5)
    doc = export_as(payments.outsider)  # pia, of payments, does not see onboarding's secret
    row(doc["initiatives"], "pay-tour", {})["title"] = "Tour of the payment page"
    assert post_file(payments.outsider, doc).status_code == 200
    stored = Initiative.objects.get(key="pay-tour")
    assert stored.title == "Tour of the payment page"
    assert set(stored.links.values_list("key_result__key", flat=True)) == {
        "pay-1-kr",
        "onb-secret-kr",
    }
