"""Edit forms: they save through the services and speak the importer's words when refusing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from okrs.core import validation
from okrs.goals.models import CheckIn, Cycle, Initiative, KeyResult, Objective
from okrs.people.models import Team
from okrs.people.services import create_token
from okrs.web.forms import CycleForm, InitiativeForm, KeyResultForm, TeamForm
from tests.api.conftest import ApiClient


def errors_of(response) -> str:
    assert response.status_code == 400
    return response.content.decode()


def escaped(message: str) -> str:
    return message.replace("'", "&#x27;").replace("<", "&lt;").replace(">", "&gt;")


# -- objectives ---------------------------------------------------------------------------------


def test_a_member_creates_an_objective_for_their_team(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("objective-new"),
        {
            "team": "onboarding",
            "title": "Make new teams feel at home",
            "kind": "aspirational",
            "visibility": "public",
            "owner": "ana@example.com",
            "aligned_to": "acme-1",
        },
    )
    objective = Objective.objects.get(title="Make new teams feel at home")
    assert response["Location"] == reverse("objective", args=[objective.key])
    assert (objective.team, objective.cycle, objective.owner) == (
        org.onboarding,
        org.cycle,
        org.ana,
    )
    assert objective.aligned_objective == org.company_objective
    assert objective.key == "Now-onboarding-1"


@pytest.mark.parametrize("title", ["Delight <b>everyone</b>", "Delight \u202enew users"])
def test_objective_form_shows_the_importers_message_for_a_title_with_markup(signed_in, org, title):
    response = signed_in(org.ana).post(
        reverse("objective-new"),
        {"team": "onboarding", "title": title, "kind": "committed", "visibility": "public"},
    )
    assert escaped(validation.check_title(title)) in errors_of(response)
    assert not Objective.objects.filter(title=title).exists()


def test_the_form_and_the_api_refuse_a_bad_title_in_the_same_words(signed_in, org):
    title = "Delight <i>everyone</i>"
    api = ApiClient(Client(), create_token(org.ana, scope="write").raw)
    body = {"cycle": "Now", "team": "onboarding", "title": title}
    [api_error] = api.post("/api/v1/objectives", body).json()["errors"]
    response = signed_in(org.ana).post(
        reverse("objective-new"),
        {"team": "onboarding", "title": title, "kind": "committed", "visibility": "public"},
    )
    assert response.context["form"].errors["title"] == [api_error["message"]]
    assert api_error["field"] == "title"


@pytest.mark.parametrize(
    ("form", "options", "data"),
    [
        (
            CycleForm,
            {"editing": True},
            {"key": "Now", "start": "2027-06-30", "end": "2027-01-01"},
        ),
        (
            TeamForm,
            {"parents": []},
            {"key": "growth team", "name": "<b>Growth</b>", "kind": "other"},
        ),
        (
            KeyResultForm,
            {},
            {"title": "", "type": "metric", "unit": "u" * 31, "target": "85%", "weight": "0"},
        ),
        (
            InitiativeForm,
            {"teams": [("onboarding", "Onboarding")]},
            {
                "title": "Guided<br>setup",
                "team": "onboarding",
                "status": "planned",
                "effort": "-1",
                "url": "jira/ONB-9",
                "start": "2026-12-01",
                "end": "2026-10-01",
            },
        ),
    ],
    ids=["cycle", "team", "key-result", "initiative"],
)
def test_forms_only_parse_and_leave_every_rule_to_the_service(form, options, data):
    bound = form(data, **options)
    assert bound.is_valid(), bound.errors


def test_objective_form_refuses_an_unknown_owner_in_place(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("objective-new"),
        {
            "team": "onboarding",
            "title": "Make new teams feel at home",
            "kind": "committed",
            "visibility": "public",
            "owner": "nobody@example.com",
        },
    )
    assert "no user with the email address" in errors_of(response)


def test_objective_form_offers_the_objectives_of_teams_above_to_align_to(signed_in, org):
    html = signed_in(org.ana).get(reverse("objective-new") + "?team=onboarding").content.decode()
    assert '<option value="acme-1">' in html
    assert '<option value="acme-1-retention">' in html
    assert '<option value="chk-1">' not in html


def test_editing_an_objective_keeps_its_key_results(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("objective-edit", args=["onb-1"]),
        {
            "team": "onboarding",
            "title": "Onboarding that delights",
            "kind": "committed",
            "visibility": "team",
            "aligned_to": "",
        },
    )
    assert response.status_code == 302
    org.onboarding_objective.refresh_from_db()
    assert org.onboarding_objective.title == "Onboarding that delights"
    assert org.onboarding_objective.visibility == "team"
    assert org.onboarding_objective.aligned_objective is None
    assert org.onboarding_objective.key_results.count() == 2


def test_a_member_cannot_move_an_objective_to_another_team(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("objective-edit", args=["onb-1"]),
        {"team": "checkout", "title": "Moved", "kind": "committed", "visibility": "public"},
    )
    assert response.status_code == 400
    assert Objective.objects.get(key="onb-1").team == org.onboarding


# -- key results -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"baseline": "68%"}, validation.parse_number("68%")[1]),
        (
            {"baseline": "60", "target": "60"},
            validation.check_key_result_numbers("metric", 60, 60, None)[0][1],
        ),
        (
            {"type": "threshold", "baseline": "", "direction": ""},
            validation.check_key_result_numbers("threshold", None, 85, None)[0][1],
        ),
        ({"weight": "0"}, validation.check_weight(0)),
        ({"title": ""}, validation.check_title("")),
    ],
)
def test_key_result_form_speaks_like_the_importer(signed_in, org, data, message):
    fields = {
        "title": "Increase activation",
        "type": "metric",
        "unit": "%",
        "baseline": "40",
        "target": "85",
        "weight": "1",
        **data,
    }
    response = signed_in(org.ana).post(reverse("key-result-new", args=["onb-1"]), fields)
    assert escaped(message) in errors_of(response)
    assert KeyResult.objects.filter(objective=org.onboarding_objective).count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"baseline": "1e308"}, validation.parse_number("1e308")[1]),
        ({"target": "\uff18\uff15"}, validation.parse_number("\uff18\uff15")[1]),
        ({"weight": "1e308"}, validation.parse_number("1e308")[1]),
        ({"weight": "1001"}, validation.check_weight(1001)),
        ({"title": "Grow \u202eactivation"}, validation.check_title("Grow \u202eactivation")),
    ],
)
def test_key_result_form_refuses_values_beyond_the_bounds(signed_in, org, data, message):
    fields = {"title": "Increase activation", "type": "metric", "baseline": "40", "target": "85"}
    response = signed_in(org.ana).post(
        reverse("key-result-new", args=["onb-1"]), {**fields, **data}
    )
    assert escaped(message) in errors_of(response)
    assert KeyResult.objects.filter(objective=org.onboarding_objective).count() == 2


def test_a_key_result_is_added_at_the_end_with_a_generated_key(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("key-result-new", args=["onb-1"]),
        {
            "title": "Increase activation",
            "type": "metric",
            "unit": "%",
            "baseline": "40",
            "target": "60",
            "weight": "",
        },
    )
    kr = KeyResult.objects.get(title="Increase activation")
    assert response["Location"] == reverse("objective", args=["onb-1"]) + f"#kr-{kr.key}"
    assert (kr.key, kr.position, kr.weight, kr.baseline, kr.target) == ("onb-1-kr-1", 2, 1, 40, 60)


def test_editing_a_key_result_keeps_its_check_ins(signed_in, org):
    signed_in(org.ana).post(
        reverse("key-result-edit", args=["onb-1-completion"]),
        {
            "title": "Lift completion",
            "type": "metric",
            "unit": "%",
            "baseline": "68",
            "target": "90",
            "weight": "2",
            "owner": "ana@example.com",
        },
    )
    org.completion.refresh_from_db()
    assert (org.completion.title, org.completion.target, org.completion.weight) == (
        "Lift completion",
        90,
        2,
    )
    assert org.completion.check_ins.count() == 2


# -- initiatives -------------------------------------------------------------------------------


def test_an_initiative_links_key_results_with_impact_estimates(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("initiative-new"),
        {
            "title": "Guided setup",
            "team": "onboarding",
            "status": "in_progress",
            "effort": "2",
            "bucket": "adjacent",
            "url": "https://jira.example.com/browse/ONB-9",
            "links-TOTAL_FORMS": "2",
            "links-INITIAL_FORMS": "0",
            "links-0-key_result": "onb-1-completion",
            "links-0-impact": "4",
            "links-1-key_result": "onb-1-ttv",
            "links-1-impact": "-6",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Guided setup")
    links = list(initiative.links.values_list("key_result__key", "impact"))
    assert links == [("onb-1-completion", 4), ("onb-1-ttv", -6)]
    roadmap = signed_in(org.vera).get(reverse("roadmap")).content.decode()
    assert "Guided setup" in roadmap


def test_initiative_form_refuses_a_bad_impact_and_a_bad_address(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("initiative-new"),
        {
            "title": "Guided setup",
            "team": "onboarding",
            "status": "planned",
            "url": "jira/ONB-9",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-key_result": "onb-1-completion",
            "links-0-impact": "four",
        },
    )
    html = errors_of(response)
    assert escaped(validation.check_url("jira/ONB-9")) in html
    assert escaped(validation.parse_number("four")[1]) in html
    assert not Initiative.objects.filter(title="Guided setup").exists()


def test_a_bad_impact_shows_beside_its_row_and_the_services_other_problems_too(signed_in, org):
    response = signed_in(org.ana).post(
        reverse("initiative-new"),
        {
            "title": "Guided setup",
            "team": "onboarding",
            "status": "planned",
            "start": "2026-12-01",
            "end": "2026-10-01",
            "links-TOTAL_FORMS": "3",
            "links-INITIAL_FORMS": "0",
            "links-0-key_result": "",
            "links-0-impact": "",
            "links-1-key_result": "onb-1-completion",
            "links-1-impact": "4",
            "links-2-key_result": "onb-1-ttv",
            "links-2-impact": "6 hours",
        },
    )
    form, formset = response.context["form"], response.context["formset"]
    assert form.errors["end"] == [validation.check_date_range(date(2026, 12, 1), date(2026, 10, 1))]
    assert not formset.forms[1].errors
    assert formset.forms[2].errors["impact"] == [validation.parse_number("6 hours")[1]]
    assert not Initiative.objects.filter(title="Guided setup").exists()


# -- copy to the next quarter -------------------------------------------------------------------


@pytest.fixture
def quarter_objective(org, make_objective, make_key_result):
    q4 = Cycle.objects.create(key="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
    objective = make_objective(
        org.onboarding,
        key="2026-Q4-onb-9",
        title="Keep onboarding smooth",
        in_cycle=q4,
        aligned_to=org.company_objective,
    )
    make_key_result(objective, key="2026-Q4-onb-9-rate", check_ins=[(date(2026, 10, 5), 70)])
    return objective


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 302), ("ana", 302), ("carl", 403), ("vera", 403)]
)
def test_copying_an_objective_to_the_next_quarter(signed_in, org, quarter_objective, role, status):
    Cycle.objects.create(key="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31))
    response = signed_in(getattr(org, role)).post(reverse("objective-copy", args=["2026-Q4-onb-9"]))
    assert response.status_code == status
    if status != 302:
        assert not Objective.objects.filter(cycle__key="2027-Q1").exists()
        return
    copy = Objective.objects.get(key="2027-Q1-onb-9")
    assert response["Location"] == reverse("objective", args=[copy.key])
    assert copy.title == "Keep onboarding smooth"
    assert copy.aligned_objective is None
    kr = copy.key_results.get()
    assert (kr.key, kr.baseline, kr.target) == ("2027-Q1-onb-9-rate", 68, 85)
    assert not CheckIn.objects.filter(key_result=kr).exists()


def test_an_admins_copy_creates_the_next_quarter_in_planning(signed_in, org, quarter_objective):
    signed_in(org.admin).post(reverse("objective-copy", args=["2026-Q4-onb-9"]))
    copy = Objective.objects.get(key="2027-Q1-onb-9")
    assert (copy.cycle.key, copy.cycle.state, copy.cycle.start) == (
        "2027-Q1",
        "planning",
        date(2027, 1, 1),
    )


def test_member_cannot_create_next_quarter_by_copying_an_objective(
    signed_in, org, quarter_objective
):
    response = signed_in(org.ana).post(
        reverse("objective-copy", args=["2026-Q4-onb-9"]), follow=True
    )
    assert "cycle 2027-Q1 does not exist yet: ask an admin to create 2027-Q1" in (
        response.content.decode()
    )
    assert not Cycle.objects.filter(key="2027-Q1").exists()
    assert not Objective.objects.filter(key="2027-Q1-onb-9").exists()


def test_copying_out_of_a_cycle_that_is_not_a_quarter_explains_why_not(signed_in, org):
    response = signed_in(org.ana).post(reverse("objective-copy", args=["onb-1"]), follow=True)
    assert "is not a quarter" in response.content.decode()
    assert Objective.objects.count() == 4


# -- cycles and teams ---------------------------------------------------------------------------


def test_a_quarter_name_fills_in_the_cycle_dates(signed_in, org):
    signed_in(org.admin).post(reverse("cycle-new"), {"key": "2027-Q2"})
    cycle = Cycle.objects.get(key="2027-Q2")
    assert (cycle.start, cycle.end, cycle.state) == (
        date(2027, 4, 1),
        date(2027, 6, 30),
        "planning",
    )


def test_a_quarter_in_year_9999_is_refused_in_the_form_not_a_server_error(signed_in, org):
    html = errors_of(signed_in(org.admin).post(reverse("cycle-new"), {"key": "9999-Q4"}))
    assert escaped(validation.check_year(date(9999, 10, 1))) in html
    assert not Cycle.objects.filter(key="9999-Q4").exists()


def test_a_cycle_from_year_1_to_9999_is_refused(signed_in, org):
    response = signed_in(org.admin).post(
        reverse("cycle-new"), {"key": "forever", "start": "0001-01-01", "end": "9999-12-31"}
    )
    html = errors_of(response)
    assert escaped(validation.check_year(date(1, 1, 1))) in html
    assert escaped(validation.check_year(date(9999, 12, 31))) in html


def test_a_cycle_named_like_a_stored_one_in_another_case_is_refused(signed_in, org):
    html = errors_of(signed_in(org.admin).post(reverse("cycle-new"), {"key": "NOW"}))
    assert "a cycle &#x27;NOW&#x27; exists already: pick another name" in html


def test_a_cycle_with_any_other_name_needs_dates_in_order(signed_in, org):
    html = errors_of(signed_in(org.admin).post(reverse("cycle-new"), {"key": "H1-2027"}))
    assert "give start and end dates" in html
    response = signed_in(org.admin).post(
        reverse("cycle-new"), {"key": "H1-2027", "start": "2027-06-30", "end": "2027-01-01"}
    )
    assert escaped(validation.check_date_range(date(2027, 6, 30), date(2027, 1, 1))) in errors_of(
        response
    )


def test_a_cycle_moves_from_planning_to_active_to_closed_and_never_back(signed_in, org):
    client = signed_in(org.admin)
    cycle = Cycle.objects.create(key="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31))
    client.post(reverse("cycle-state", args=["2027-Q1"]), {"state": "active"})
    client.post(reverse("cycle-state", args=["2027-Q1"]), {"state": "closed"})
    cycle.refresh_from_db()
    assert cycle.state == "closed"
    response = client.post(
        reverse("cycle-state", args=["2027-Q1"]), {"state": "active"}, follow=True
    )
    assert "can only move on to a later state" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.state == "closed"


def test_cycle_list_shows_states_and_an_empty_state(signed_in, org, make_user):
    html = signed_in(org.vera).get(reverse("cycles")).content.decode()
    assert "Now" in html and "Active" in html
    Cycle.objects.all().delete()
    assert "No cycles yet" in signed_in(org.vera).get(reverse("cycles")).content.decode()


@pytest.fixture
def empty_cycle(org):
    return Cycle.objects.create(key="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31))


def test_an_admin_deletes_an_empty_cycle_after_confirming(signed_in, org, empty_cycle):
    client = signed_in(org.admin)
    cycles = client.get(reverse("cycles")).content.decode()
    assert 'data-testid="delete-2027-Q1"' in cycles
    assert 'data-testid="delete-Now"' not in cycles  # it holds objectives
    confirm = client.get(reverse("cycle-delete", args=["2027-Q1"]))
    assert confirm.status_code == 200
    assert "Delete cycle 2027-Q1?" in confirm.content.decode()
    assert Cycle.objects.filter(key="2027-Q1").exists()
    response = client.post(reverse("cycle-delete", args=["2027-Q1"]), follow=True)
    assert "Cycle 2027-Q1 deleted." in response.content.decode()
    assert not Cycle.objects.filter(key="2027-Q1").exists()


@pytest.mark.parametrize("role", ["ana", "vera"])
def test_only_admins_delete_cycles(signed_in, org, empty_cycle, role):
    client = signed_in(getattr(org, role))
    assert 'data-testid="delete-2027-Q1"' not in client.get(reverse("cycles")).content.decode()
    assert client.get(reverse("cycle-delete", args=["2027-Q1"])).status_code == 403
    assert client.post(reverse("cycle-delete", args=["2027-Q1"])).status_code == 403
    assert Cycle.objects.filter(key="2027-Q1").exists()


def test_a_cycle_with_objectives_is_not_deleted_and_says_why(signed_in, org):
    response = signed_in(org.admin).post(reverse("cycle-delete", args=["Now"]), follow=True)
    assert "only an empty cycle is deleted" in response.content.decode()
    assert Cycle.objects.filter(key="Now").exists()


def test_deleting_a_cycle_needs_the_csrf_token(org, empty_cycle):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.admin)
    assert client.post(reverse("cycle-delete", args=["2027-Q1"])).status_code == 403
    assert Cycle.objects.filter(key="2027-Q1").exists()


def test_admin_creates_a_team_under_a_parent(signed_in, org):
    signed_in(org.admin).post(
        reverse("team-new"),
        {"key": "growth", "name": "Growth", "kind": "cross_functional", "parent": "acme"},
    )
    assert Team.objects.get(key="growth").parent == org.company


def test_a_team_cannot_move_under_its_own_sub_team(signed_in, org):
    response = signed_in(org.admin).post(
        reverse("team-edit", args=["acme"]),
        {"name": "Acme", "kind": "company", "parent": "onboarding"},
    )
    assert "is inside" in errors_of(response)


def test_team_keys_are_checked_like_the_importer_does(signed_in, org):
    response = signed_in(org.admin).post(
        reverse("team-new"), {"key": "growth team", "name": "Growth", "kind": "other"}
    )
    assert escaped(validation.check_key("growth team", validation.TEAM_KEY_MAX_LENGTH)) in (
        errors_of(response)
    )


# -- templates ----------------------------------------------------------------------------------


def test_the_gallery_has_templates_for_each_team_structure(signed_in, org):
    html = signed_in(org.ana).get(reverse("templates")).content.decode()
    for structure in ("cross_functional", "component", "platform", "leadership"):
        assert f'data-testid="structure-{structure}"' in html
    assert "Use this template" in html


def test_a_template_prefills_the_objective_and_key_results(signed_in, org):
    html = (
        signed_in(org.ana)
        .get(reverse("template", args=["delightful-onboarding"]) + "?team=onboarding")
        .content.decode()
    )
    assert 'value="Create the smoothest onboarding experience in our industry"' in html
    assert 'value="Increase onboarding completion rate"' in html
    assert 'name="krs-0-baseline" value="68"' in html


def post_template(client: Client, rows: list[tuple[str, str, str]], deleted: int):
    """Save the onboarding template with key result rows (title, baseline, target)."""
    data = {
        "team": "onboarding",
        "cycle": "Now",
        "title": "Create the smoothest onboarding",
        "kind": "aspirational",
        "krs-TOTAL_FORMS": str(len(rows)),
        "krs-INITIAL_FORMS": str(len(rows)),
        f"krs-{deleted}-DELETE": "on",
    }
    for i, (title, baseline, target) in enumerate(rows):
        data |= {
            f"krs-{i}-title": title,
            f"krs-{i}-type": "metric",
            f"krs-{i}-unit": "%",
            f"krs-{i}-baseline": baseline,
            f"krs-{i}-target": target,
        }
    return client.post(reverse("template", args=["delightful-onboarding"]), data)


def test_a_template_is_saved_with_the_teams_own_numbers_and_rows_left_out(signed_in, org):
    rows = [("Increase completion", "70", "88"), ("Improve NPS", "", "")]
    response = post_template(signed_in(org.ana), rows, deleted=1)
    objective = Objective.objects.get(title="Create the smoothest onboarding")
    assert response["Location"] == reverse("objective", args=[objective.key])
    assert list(objective.key_results.values_list("title", "baseline", "target")) == [
        ("Increase completion", 70, 88)
    ]


def test_a_template_row_refused_shows_its_message_beside_that_rows_field(signed_in, org):
    rows = [("Dropped", "1", "2"), ("Increase completion", "70", "88"), ("", "10", "twenty")]
    response = post_template(signed_in(org.ana), rows, deleted=0)
    assert response.status_code == 400
    form, formset = response.context["form"], response.context["formset"]
    assert not form.errors
    assert not formset.forms[1].errors
    assert formset.forms[2].errors == {
        "title": [validation.check_title("")],
        "target": [validation.parse_number("twenty")[1]],
    }
    assert not Objective.objects.filter(title="Create the smoothest onboarding").exists()


def test_an_unknown_template_is_not_found(signed_in, org):
    assert signed_in(org.ana).get(reverse("template", args=["nope"])).status_code == 404
