"""The whole-organisation views: the alignment tree and the roadmap."""

from __future__ import annotations

import html as entities
import re

import pytest
from django.urls import reverse


def test_alignment_tree_puts_company_objectives_on_top_with_aligned_ones_beneath(signed_in, org):
    html = signed_in(org.vera).get(reverse("alignment")).content.decode()
    tree = html.split('data-testid="alignment-tree"')[1].split('data-testid="unaligned"')[0]
    company = tree.index('data-testid="tree-acme-1"')
    assert company < tree.index('data-testid="tree-onb-1"')
    assert "<details open>" in tree
    assert "<summary>1 key result, 1 aligned objective</summary>" in tree
    assert org.company_objective.key_results.get().title in tree  # the company's key results
    assert 'data-testid="grade"' in tree


def test_what_aligns_beneath_the_company_objectives_waits_closed_until_opened(signed_in, org):
    html = signed_in(org.vera).get(reverse("alignment")).content.decode()
    node = html.split('data-testid="tree-onb-1"')[1]
    branch = reverse("alignment-branch", args=["onb-1"])
    assert f'hx-get="{branch}" hx-trigger="toggle once"' in node
    assert "<summary>2 key results</summary>" in node
    assert "Increase onboarding completion rate" not in html  # loaded when opened
    assert f'href="{reverse("alignment")}?root=onb-1"' in node  # without JavaScript


def test_opening_a_branch_loads_its_key_results_and_what_aligns_beneath(
    signed_in, org, make_objective, make_key_result, htmx_headers
):
    deeper = make_objective(org.onboarding, key="onb-2", title="Make setup self-serve")
    deeper.aligned_key_result = org.completion
    deeper.save()
    make_key_result(deeper, key="onb-2-kr", title="Raise self-serve setups from 30% to 60%")
    client = signed_in(org.vera)
    assert 'data-testid="tree-onb-2"' not in client.get(reverse("alignment")).content.decode()

    url = reverse("alignment-branch", args=["onb-1"])
    html = client.get(url, headers=htmx_headers).content.decode()
    assert "Increase onboarding completion rate" in html
    assert "Reduce time to first value" in html
    completion = html.split("Increase onboarding completion rate")[1]
    assert 'data-testid="tree-onb-2"' in completion  # beneath the key result it moves
    assert reverse("alignment-branch", args=["onb-2"]) in completion  # closed in turn
    assert "Raise self-serve setups" not in html
    assert "<html" not in html


def test_a_branch_asked_for_without_htmx_sends_to_the_tree_rooted_there(signed_in, org):
    response = signed_in(org.vera).get(reverse("alignment-branch", args=["onb-1"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("alignment") + "?root=onb-1"


def test_the_tree_rooted_at_an_objective_shows_its_branch_and_the_way_up(signed_in, org):
    html = signed_in(org.vera).get(reverse("alignment") + "?root=onb-1").content.decode()
    tree = html.split('data-testid="alignment-tree"')[1]
    assert 'data-testid="tree-onb-1"' in tree
    assert 'data-testid="tree-acme-1"' not in tree
    assert "Increase onboarding completion rate" in tree
    breadcrumbs = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert f'href="{reverse("alignment")}?root=acme-1"' in breadcrumbs
    assert 'data-testid="unaligned"' not in html


def test_a_team_only_objectives_branch_is_not_found_for_outsiders(signed_in, org, htmx_headers):
    branch = reverse("alignment-branch", args=["onb-secret"])
    rooted = reverse("alignment") + "?root=onb-secret"
    for outsider in (org.carl, org.vera):
        assert signed_in(outsider).get(branch, headers=htmx_headers).status_code == 404
        assert signed_in(outsider).get(rooted).status_code == 404
    assert signed_in(org.ana).get(branch, headers=htmx_headers).status_code == 200
    assert signed_in(org.ana).get(rooted).status_code == 200


def test_an_unknown_root_is_not_found(signed_in, org):
    assert signed_in(org.vera).get(reverse("alignment") + "?root=nope").status_code == 404


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


def test_unaligned_objectives_come_fifty_a_page_with_a_count(signed_in, org, make_objective):
    for n in range(60):
        make_objective(org.checkout, key=f"loose-{n:02}", title=f"Stand-alone goal {n:02}")
    html = signed_in(org.vera).get(reverse("alignment")).content.decode()
    unaligned = html.split('data-testid="unaligned"')[1]
    assert '<span class="count-badge" data-testid="unaligned-count">61</span>' in unaligned
    assert "Stand-alone goal 48" in unaligned and "Stand-alone goal 49" not in unaligned
    more = unaligned.split('data-testid="unaligned-more"')[1]
    assert f'href="{reverse("alignment")}?cycle=Now&amp;page=2#unaligned"' in more
    assert f'hx-get="{reverse("alignment-unaligned")}?cycle=Now&amp;page=2"' in more
    assert "50 of 61 shown" in more


def test_the_next_page_of_unaligned_objectives_comes_alone_to_htmx(
    signed_in, org, make_objective, htmx_headers
):
    for n in range(60):
        make_objective(org.checkout, key=f"loose-{n:02}", title=f"Stand-alone goal {n:02}")
    url = reverse("alignment-unaligned") + "?page=2"
    html = signed_in(org.vera).get(url, headers=htmx_headers).content.decode()
    assert html.count("<li") == 11
    assert "Stand-alone goal 49" in html and "Stand-alone goal 48" not in html
    assert 'data-testid="unaligned-more"' not in html
    assert "autofocus" in html  # the keyboard lands on the first of the new ones


def test_a_later_page_of_unaligned_objectives_reads_without_javascript(
    signed_in, org, make_objective
):
    for n in range(60):
        make_objective(org.checkout, key=f"loose-{n:02}", title=f"Stand-alone goal {n:02}")
    html = signed_in(org.vera).get(reverse("alignment") + "?page=2").content.decode()
    unaligned = html.split('data-testid="unaligned"')[1]
    assert "Stand-alone goal 49" in unaligned and "Stand-alone goal 48" not in unaligned
    assert "Showing 51–61 of 61" in unaligned
    assert "?cycle=Now&amp;page=1#unaligned" in unaligned
    redirect = signed_in(org.vera).get(reverse("alignment-unaligned") + "?page=2")
    assert redirect["Location"] == reverse("alignment") + "?page=2#unaligned"


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
    assert "+8\u00a0%" in block
    assert "47%" in block  # 8 of the 17 points between 68 and 85
    assert "Planned" in block and "3\u00a0pw" in block and "Core" in block


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


def test_roadmap_shows_the_users_teams_first_and_all_teams_on_request(
    signed_in, org, make_initiative
):
    make_initiative(org.checkout, key="wallets", title="Accept wallets")
    mine = signed_in(org.carl).get(reverse("roadmap")).content.decode()
    assert 'data-testid="roadmap-chk-1"' in mine
    assert 'data-testid="roadmap-onb-1"' not in mine
    assert "Your teams" in scope_shown(mine)
    every = signed_in(org.carl).get(reverse("roadmap") + "?team=all").content.decode()
    assert 'data-testid="roadmap-onb-1"' in every


def test_roadmap_opens_on_all_teams_when_the_users_teams_have_no_initiatives(signed_in, org):
    html = signed_in(org.carl).get(reverse("roadmap")).content.decode()  # checkout has none
    assert 'data-testid="roadmap-onb-1"' in html and 'data-testid="roadmap-chk-1"' in html
    assert "Interactive product tour" in html
    assert "All teams" in scope_shown(html)
    assert "Your teams have no initiatives in this cycle" in html


def test_roadmap_opens_on_all_teams_for_an_admin_of_the_company_team(signed_in, org, make_user):
    boss = make_user("boss@example.com", role="admin", teams=[org.company])
    html = signed_in(boss).get(reverse("roadmap")).content.decode()
    assert "Interactive product tour" in html
    assert 'data-testid="split-onboarding"' in html
    assert "All teams" in scope_shown(html)


def test_roadmap_opens_on_all_teams_for_someone_in_no_team(signed_in, org):
    html = signed_in(org.vera).get(reverse("roadmap")).content.decode()
    assert 'data-testid="roadmap-onb-1"' in html
    assert "All teams" in scope_shown(html)
    assert "You are in no team" in html


def test_roadmap_of_the_users_teams_with_initiatives_lists_only_theirs(
    signed_in, org, many_objectives
):
    html = signed_in(org.carl).get(reverse("roadmap")).content.decode()  # checkout has one
    assert "Your teams" in scope_shown(html)
    more = html.split('data-testid="initiatives-more"')[1]
    assert "25 of 31 shown" in more  # checkout's own: chk-1 and 30 more


def scope_shown(html: str) -> str:
    """The eyebrow above the roadmap's title, which names the teams shown."""
    return html.split('<p class="eyebrow">')[1].split("</p>")[0]


def test_roadmap_can_show_one_team(signed_in, org):
    html = signed_in(org.vera).get(reverse("roadmap") + "?team=checkout").content.decode()
    assert 'data-testid="roadmap-chk-1"' in html
    assert 'data-testid="roadmap-onb-1"' not in html


def test_roadmap_hides_team_only_key_results_from_outsiders(signed_in, org, make_initiative):
    org.secret_objective.position = 1  # last: on the second page for those who see it
    org.secret_objective.save()
    winback = org.secret_objective.key_results.get()
    make_initiative(org.onboarding, key="calls", title="Call churned pilots", links=[(winback, 2)])
    url = reverse("roadmap") + "?team=all"
    assert "Call churned pilots" in signed_in(org.ana).get(url).content.decode()
    assert "Call churned pilots" not in signed_in(org.carl).get(url).content.decode()


def test_roadmap_empty_state(signed_in, cycle, make_user):
    html = signed_in(make_user()).get(reverse("roadmap")).content.decode()
    assert "No key results yet" in html
    assert "No initiatives with effort yet" in html


@pytest.fixture
def many_objectives(org, make_objective, make_key_result, make_initiative):
    """30 more checkout objectives (33 in all that everyone sees), the last with an initiative."""
    for n in range(30):
        objective = make_objective(org.checkout, key=f"chk-x{n:02}", title=f"Checkout goal {n:02}")
        kr = make_key_result(objective, key=f"chk-x{n:02}-kr", title=f"Checkout measure {n:02}")
    make_initiative(org.checkout, key="cards", title="Remember saved cards", links=[(kr, 0.2)])


def test_roadmap_objectives_come_25_a_page_with_a_link_to_more(signed_in, org, many_objectives):
    html = signed_in(org.vera).get(reverse("roadmap") + "?team=all").content.decode()
    coverage = html.split('data-testid="coverage"')[1]
    assert coverage.count('class="card compact roadmap-objective"') == 25
    assert "Checkout goal 21" in coverage and "Checkout goal 22" not in coverage
    more = coverage.split('data-testid="initiatives-more"')[1]
    assert f'href="{reverse("roadmap")}?cycle=Now&amp;team=all&amp;page=2#initiatives"' in more
    assert f'hx-get="{reverse("roadmap-objectives")}?cycle=Now&amp;team=all&amp;page=2"' in more
    assert "25 of 33 shown" in more


def test_the_next_page_of_roadmap_objectives_comes_alone_to_htmx(
    signed_in, org, many_objectives, htmx_headers
):
    url = reverse("roadmap-objectives") + "?team=all&page=2"
    html = signed_in(org.vera).get(url, headers=htmx_headers).content.decode()
    assert html.count('class="card compact roadmap-objective"') == 8
    assert "Checkout goal 22" in html and "Checkout goal 21" not in html
    assert "Checkout measure 29" in html and "Remember saved cards" in html
    assert 'data-testid="initiatives-more"' not in html
    assert html.count("autofocus") == 1  # the keyboard lands on the first of the new ones
    assert "<html" not in html


def test_a_later_page_of_the_roadmap_reads_without_javascript(signed_in, org, many_objectives):
    client = signed_in(org.vera)
    html = client.get(reverse("roadmap") + "?team=all&page=2").content.decode()
    coverage = html.split('data-testid="coverage"')[1]
    assert "Checkout goal 22" in coverage and "Checkout goal 21" not in coverage
    assert "Showing 26–33 of 33" in coverage
    assert f'href="{reverse("roadmap")}?cycle=Now&amp;team=all&amp;page=1#initiatives"' in coverage
    assert "autofocus" not in html
    redirect = client.get(reverse("roadmap-objectives") + "?team=all&page=2")
    assert redirect["Location"] == reverse("roadmap") + "?team=all&page=2#initiatives"


def test_further_pages_of_the_roadmap_keep_the_team_filter(
    signed_in, org, many_objectives, make_objective, htmx_headers
):
    for n in range(30):
        make_objective(org.onboarding, key=f"onb-x{n:02}", title=f"Onboarding goal {n:02}")
    client = signed_in(org.vera)
    first = client.get(reverse("roadmap") + "?team=checkout").content.decode()
    assert "25 of 31 shown" in first
    pages = list(_more_pages(client, first, htmx_headers))
    assert len(pages) == 1
    assert pages[0].count('class="card compact roadmap-objective"') == 6
    assert pages[0].count(f'href="{reverse("team", args=["checkout"])}"') == 6


def test_roadmap_splits_come_24_a_page(signed_in, org, make_team, make_initiative, htmx_headers):
    for n in range(30):
        squad = make_team(f"squad{n:02}", parent=org.company, name=f"Squad {n:02}")
        make_initiative(squad, key=f"squad{n:02}-work", effort=1, bucket="core")
    client = signed_in(org.vera)
    html = client.get(reverse("roadmap") + "?team=all").content.decode()
    splits = html.split('data-testid="buckets"')[1].split('data-testid="coverage"')[0]
    assert splits.count('data-testid="split-') == 24  # onboarding's and 23 squads'
    assert "Squad 22" in splits and "Squad 23" not in splits
    more = splits.split('data-testid="splits-more"')[1]
    assert f'href="{reverse("roadmap")}?cycle=Now&amp;team=all&amp;splits=2#splits"' in more
    assert f'hx-get="{reverse("roadmap-splits")}?cycle=Now&amp;team=all&amp;splits=2"' in more
    assert "24 of 31 shown" in more

    url = reverse("roadmap-splits") + "?team=all&splits=2"
    part = client.get(url, headers=htmx_headers).content.decode()
    assert part.count('data-testid="split-') == 7 and "Squad 23" in part
    assert part.count("autofocus") == 1 and "<html" not in part

    page_2 = client.get(reverse("roadmap") + "?team=all&splits=2").content.decode()
    splits, coverage = page_2.split('data-testid="buckets"')[1].split('data-testid="coverage"')
    assert "Squad 23" in splits and "Squad 22" not in splits
    assert "Showing 25–31 of 31" in splits
    assert 'data-testid="roadmap-acme-1"' in coverage  # the objectives stay on their first page


def test_a_team_only_objective_never_appears_for_outsiders_on_any_roadmap_page(
    signed_in, org, many_objectives, make_initiative, htmx_headers
):
    org.secret_objective.position = 1  # last: on the second page for those who see it
    org.secret_objective.save()
    winback = org.secret_objective.key_results.get()
    make_initiative(org.onboarding, key="calls", title="Call churned pilots", links=[(winback, 2)])
    url = reverse("roadmap") + "?team=all"
    for outsider in (org.carl, org.vera):
        client = signed_in(outsider)
        first = client.get(url).content.decode()
        pages = [first, *_more_pages(client, first, htmx_headers), *_page_links(client, first)]
        assert len(pages) == 3  # the second page once by HTMX, once without JavaScript
        for html in pages:
            assert "Win back churned pilot" not in html
            assert "Call churned pilots" not in html
    client = signed_in(org.admin)
    first = client.get(url).content.decode()
    assert "Win back churned pilot" not in first
    further = [*_more_pages(client, first, htmx_headers)]
    assert len(further) == 1 and "Win back churned pilot" in further[0]
    assert "Win back churned pilot" in next(_page_links(client, first))


def _more_pages(client, html, htmx_headers):
    """The further pages of the roadmap's objectives, as "Show more" fetches them with HTMX."""
    while found := re.search(
        r'data-testid="initiatives-more"><a href="[^"]*" hx-get="([^"]*)"', html
    ):
        html = client.get(entities.unescape(found[1]), headers=htmx_headers).content.decode()
        yield html


def _page_links(client, html):
    """The further pages of the roadmap, as its "Show more" link opens them without JavaScript."""
    while found := re.search(r'data-testid="initiatives-more"><a href="([^"]*)"', html):
        html = client.get(entities.unescape(found[1])).content.decode()
        yield html
