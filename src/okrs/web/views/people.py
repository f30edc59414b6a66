"""People and team members: admins invite people, set their roles and deactivate them;
admins and a team's leads add and remove its members; admins choose its leads.

The rules live in `okrs.people.services` (and `okrs.people.permissions`); these views
show their refusals beside the field they name, or as a message above the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.views.decorators.http import require_POST

from okrs.core.errors import Invalid
from okrs.people.models import Membership, Team, User
from okrs.people.permissions import is_admin, require_admin, require_manage_members
from okrs.people.services import (
    add_member,
    invite_user,
    remove_member,
    set_active,
    set_lead,
    set_role,
)
from okrs.web.access import page, user_of
from okrs.web.forms import InviteForm, MemberForm, RoleForm
from okrs.web.views.form_page import form_page, problems_text

PEOPLE_PER_PAGE = 25


@page
def people_list(request: HttpRequest) -> HttpResponse:
    """Admins: everyone, found by name or email, a page at a time."""
    require_admin(user_of(request))
    query = request.GET.get("q", "").strip()
    people = User.objects.prefetch_related(
        Prefetch("memberships", Membership.objects.select_related("team").order_by("team__name"))
    ).order_by("email")
    if query:
        people = people.filter(Q(email__icontains=query) | Q(name__icontains=query))
    listing = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))

    def at(number: int) -> str:
        params: dict[str, str | int] = {"q": query} if query else {}
        return "?" + urlencode({**params, "page": number})

    context = {
        "listing": listing,
        "query": query,
        "previous_url": at(listing.previous_page_number()) if listing.has_previous() else "",
        "next_url": at(listing.next_page_number()) if listing.has_next() else "",
    }
    return render(request, "okrs/people.html", context)


def send_invitation(request: HttpRequest, user: User) -> None:
    """The password-reset mail, worded as an invitation: its link sets a first password."""
    context = {
        "email": user.email,
        "domain": request.get_host(),
        "site_name": "okrs",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "invited": True,
    }
    PasswordResetForm().send_mail(
        "okrs/auth/password_reset_subject.txt",
        "okrs/auth/password_reset_email.txt",
        context,
        None,
        user.email,
    )


@page
def person_invite(request: HttpRequest) -> HttpResponse:
    """Admins invite a person by email with a role; the mail lets them choose a password."""
    actor = user_of(request)
    require_admin(actor)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invite_user(data["email"], name=data["name"], role=data["role"], actor=actor)
        except Invalid as error:
            form.add_problems(error.problems)
        else:
            send_invitation(request, user)
            messages.success(request, f"Invited {user.email}: they have an email to sign in.")
            return redirect("people")
    return form_page(
        request,
        form,
        title="Invite a person",
        cancel=reverse("people"),
        submit_label="Send the invitation",
    )


@page
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Admins change a person's role, and deactivate them or let them back in."""
    actor = user_of(request)
    require_admin(actor)
    person = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST or None, initial={"role": person.role})
    if request.method == "POST" and form.is_valid():
        try:
            set_role(person, form.cleaned_data["role"], actor=actor)
        except Invalid as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, f"{person}'s role is now {person.get_role_display()}.")
            return redirect("person", pk=pk)
    memberships = person.memberships.select_related("team").order_by("team__name")
    context = {"person": person, "form": form, "memberships": memberships}
    return render(request, "okrs/person.html", context, status=400 if form.errors else 200)


@page
@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Admins deactivate a person (`active=0`) or let them back in (`active=1`)."""
    actor = user_of(request)
    require_admin(actor)
    person = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        set_active(person, active, actor=actor)
    except Invalid as error:
        messages.error(request, problems_text(error))
    else:
        done = "can sign in again" if active else "is deactivated: they can no longer sign in"
        messages.success(request, f"{person} {done}.")
    return redirect("person", pk=pk)


@page
def team_members(request: HttpRequest, key: str) -> HttpResponse:
    """A team's members: admins and its leads add and remove them, admins choose leads."""
    actor = user_of(request)
    team = get_object_or_404(Team, key=key)
    require_manage_members(actor, team.pk, team.key)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = add_member(team, form.cleaned_data["email"], actor=actor)
        except Invalid as error:
            form.add_problems(error.problems)
        else:
            messages.success(request, f"{membership.user} joined {team.name}.")
            return redirect("team-members", key=key)
    members = list(
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("-is_lead", "user__name", "user__email")
    )
    in_team = {m.user_id for m in members}
    others = User.objects.filter(is_active=True).exclude(pk__in=in_team).order_by("email")
    context = {
        "team": team,
        "form": form,
        "members": members,
        "is_admin": is_admin(actor),
        "people": list(others.values_list("email", "name")),
    }
    return render(request, "okrs/team_members.html", context, status=400 if form.errors else 200)


@page
@require_POST
def team_member_remove(request: HttpRequest, key: str) -> HttpResponse:
    """Admins and the team's leads take a member (`email`) off the team."""
    team = get_object_or_404(Team, key=key)
    email = request.POST.get("email", "")
    try:
        remove_member(team, email, actor=user_of(request))
    except Invalid as error:
        messages.error(request, problems_text(error))
    else:
        messages.success(request, f"{email} left {team.name}.")
    return redirect("team-members", key=key)


@page
@require_POST
def team_member_lead(request: HttpRequest, key: str) -> HttpResponse:
    """Admins make a member (`email`) a lead (`lead=1`) or a plain member again (`lead=0`)."""
    team = get_object_or_404(Team, key=key)
    email = request.POST.get("email", "")
    lead = request.POST.get("lead") == "1"
    try:
        membership = set_lead(team, email, lead, actor=user_of(request))
    except Invalid as error:
        messages.error(request, problems_text(error))
    else:
        now = "leads" if lead else "no longer leads"
        messages.success(request, f"{membership.user} {now} {team.name}.")
    return redirect("team-members", key=key)
