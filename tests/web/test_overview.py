"""The whole-organisation views: the alignment tree and the roadmap."""

from __future__ import annotations

from django.urls import reverse


def test_alignment_tree_puts_company_objectives_on_top_with_aligned_ones_beneath(signed_in, org):
    html = signed_in(org.vera).get(reverse("alignment")).content.decode()
    tree = html.split('data-testid="alignment-tree"')[1].split('data-testid="unaligned"')[0]
    company = tree.index('data-testid="tree-acme-1"')
    assert company < tree.index('data-testid="tree-onb-1"')
    assert "<details open>" in tree
    assert "<summary>1 key result, 1 aligned objective</summary>" in tree
    assert "Increase onboarding completion rate" in tree  # key results show in the tree
    assert 'data-testid="grade"' in tree


def test_objectives_aligned_to_nothing_are_shown_apart(signed_in, org):
    html = signed_in(org.vera).get(reverse("alignment")).content.decode()
    unaligned = html.split('data-testid="unaligned"')[1]
    assert "Delight customers with a friction-free checkout" in unaligned
    assert "Transform customer onboarding" not in unaligned


def test_objectives_aligned_to_a_key_result_hang_beneath_it(signed_in, org, make_objective):
    retention = org.company_objective.key_results.get()
    child = make_objective(org.checkout, key="chk-2", title="Make returning buyers feel known")
    child.aligned_key_result = retention
    child.save()
    html = signed_in(org.vera).get(reverse("alignment")).content.decode()
    node = html.split('data-testid="tree-acme-1"')[1]
    assert node.index("Increase completion") < node.index('data-testid="tree-chk-2"')


def test_alignment_tree_hides_team_only_objectives_from_outsiders(signed_in, org):
    url = reverse("alignment")
    assert "Win back churned pilot" in signed_in(org.ana).get(url).content.decode()
    assert "Win back churned pilot" not in signed_in(org.carl).get(url).content.decode()


def test_alignment_tree_empty_state(signed_in, cycle, make_user):
    html = signed_in(make_user()).get(reverse("alignment")).content.decode()
    assert "No objectives in this cycle yet" in html


def test_roadmap_shows_initiatives_by_key_result_with_impact_and_coverage(signed_in, org):
    html = signed_in(org.vera).get(reverse("roadmap")).content.decode()
    block = html.split('data-testid="coverage-onb-1-completion"')[1].split("</tbody>")[0]
    assert "Interactive product tour" in block
    assert "+8 %" in block
    assert "47%" in block  # 8 of the 17 points between 68 and 85
    assert "Planned" in block and "3 pw" in block and "Core" in block


def test_roadmap_shows_each_teams_70_20_10_split(signed_in, org, make_initiative):
    make_initiative(
        org.onboarding, key="explore", title="Try a chatbot", effort=1, bucket="explore"
    )
    html = signed_in(org.vera).get(reverse("roadmap")).content.decode()
    split = html.split('data-testid="split-onboarding"')[1].split("</article>")[0]
    assert "75%" in split and "25%" in split  # 3 core weeks, 1 exploring
    assert 'data-code="OKR402"' in split


def test_roadmap_lists_initiatives_linked_to_no_key_result(signed_in, org, make_initiative):
    make_initiative(org.checkout, key="loose", title="Refactor the cart")
    html = signed_in(org.vera).get(reverse("roadmap")).content.decode()
    assert "Refactor the cart" in html.split('data-testid="unlinked"')[1]


def test_roadmap_shows_the_users_teams_first_and_all_teams_on_request(signed_in, org):
    mine = signed_in(org.carl).get(reverse("roadmap")).content.decode()
    assert 'data-testid="roadmap-chk-1"' in mine
    assert 'data-testid="roadmap-onb-1"' not in mine
    every = signed_in(org.carl).get(reverse("roadmap") + "?team=all").content.decode()
    assert 'data-testid="roadmap-onb-1"' in every


def test_roadmap_can_show_one_team(signed_in, org):
    html = signed_in(org.vera).get(reverse("roadmap") + "?team=checkout").content.decode()
    assert 'data-testid="roadmap-chk-1"' in html
    assert 'data-testid="roadmap-onb-1"' not in html


def test_roadmap_hides_team_only_key_results_from_outsiders(signed_in, org, make_initiative):
    winback = org.secret_objective.key_results.get()
    make_initiative(org.onboarding, key="calls", title="Call churned pilots", links=[(winback, 2)])
    url = reverse("roadmap") + "?team=all"
    assert "Call churned pilots" in signed_in(org.ana).get(url).content.decode()
    assert "Call churned pilots" not in signed_in(org.carl).get(url).content.decode()


def test_roadmap_empty_state(signed_in, cycle, make_user):
    html = signed_in(make_user()).get(reverse("roadmap")).content.decode()
    assert "No key results yet" in html
    assert "No initiatives with effort yet" in html
