"""Use cases for people: creating users, memberships and API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from okrs.core.choices import Role, TokenScope
from okrs.core.errors import Forbidden, Invalid
from okrs.people.models import ApiToken, Membership, PasswordResetRequest, Team, User
from okrs.people.permissions import (
    require_admin,
    require_manage_members,
    require_token_scope,
)

LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKEN_DAYS = 3650
RESET_WINDOW = timedelta(hours=1)
RESETS_PER_ADDRESS = 3  # in RESET_WINDOW: a person who lost a mail asks again, not ten times
RESETS_PER_CLIENT = 10  # in RESET_WINDOW: a shared office address resets a few people


class TokenExpired(Forbidden):
    """A token past its expiry: it stays refused, and the caller needs a new one."""

    def __init__(self, expired_at: datetime) -> None:
        self.expired_at = expired_at
        when = timezone.localtime(expired_at).strftime("%Y-%m-%d %H:%M %Z")
        super().__init__(f"this token expired on {when}: create a new one")


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str


@transaction.atomic
def create_user(
    email: str,
    *,
    name: str = "",
    role: str = Role.MEMBER,
    teams: list[str] | tuple[str, ...] = (),
    password: str | None = None,
    actor: User | None = None,
) -> User:
    """Create a user with a role and team memberships; no password means invited."""
    require_admin(actor, "create users")
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(f"'{email}' is not an email address", field="email") from None
    if role not in Role.values:
        raise Invalid(f"'{role}' is not one of {', '.join(Role.values)}", field="role")
    if User.objects.filter(email=email).exists():
        raise Invalid(f"a user with '{email}' exists already", field="email")
    found = {t.key: t for t in Team.objects.filter(key__in=teams)}
    missing = [k for k in teams if k not in found]
    if missing:
        raise Invalid(f"unknown team {', '.join(repr(k) for k in missing)}", field="team")
    user = User.objects.create_user(
        email, password, name=name, role=role, is_staff=role == Role.ADMIN
    )
    Membership.objects.bulk_create(
        [Membership(user=user, team=found[k]) for k in dict.fromkeys(teams)]
    )
    return user


def create_token(
    user: User,
    *,
    scope: str = TokenScope.READ,
    name: str = "",
    expires_at: datetime | None = None,
    expires_in_days: int | None = None,
) -> NewToken:
    """Issue a bearer token; the raw value is returned once and only its hash is kept.

    Its scope never goes beyond what the person's role allows (a viewer's token reads).
    It expires at `expires_at` or after `expires_in_days` when either is given, else it
    lives until revoked.
    """
    if scope not in TokenScope.values:
        raise Invalid(f"'{scope}' is not one of {', '.join(TokenScope.values)}", field="scope")
    require_token_scope(user, scope)
    expiry = _token_expiry(expires_at, expires_in_days)
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=raw[:12],
        token_hash=ApiToken.hash(raw),
        expires_at=expiry,
    )
    return NewToken(token=token, raw=raw)


def _token_expiry(expires_at: datetime | None, expires_in_days: int | None) -> datetime | None:
    if expires_at is not None and expires_in_days is not None:
        raise Invalid("give expires_at or expires_in_days, not both", field="expires_at")
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
            raise Invalid(
                f"give a number of days from 1 to {MAX_TOKEN_DAYS}, got {expires_in_days}",
                field="expires_in_days",
            )
        return timezone.now() + timedelta(days=expires_in_days)
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            expires_at = timezone.make_aware(expires_at)
        if expires_at <= timezone.now():
            raise Invalid("give a time in the future", field="expires_at")
        if expires_at > timezone.now() + timedelta(days=MAX_TOKEN_DAYS):
            raise Invalid(f"give a time within {MAX_TOKEN_DAYS} days", field="expires_at")
    return expires_at


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token for a raw bearer value, its last use recorded; None if unknown or revoked.

    Raises `TokenExpired` for a token past its expiry, so the answer can say so.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None and token.has_expired:
        assert token.expires_at is not None
        raise TokenExpired(token.expires_at)
    if token is not None:
        now = timezone.now()
        # Recorded to the minute: a write on every read would serialise busy API clients.
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def revoke_all_tokens(user: User) -> int:
    """Revoke every live token of a person (their password changed, or they left)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def list_tokens(user: User) -> QuerySet[ApiToken]:
    """A user's own tokens, newest first; revoked ones stay listed with `revoked_at` set."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


@transaction.atomic
def allow_password_reset(email: str, client: str | None) -> bool:
    """Record a request for a reset mail; whether it is within the limits to send one.

    The limits hold per address and per client (IP address) in the last hour, so that
    nobody floods a mailbox or probes many addresses. The caller answers the same either
    way: the answer must never tell whether an address exists or was limited.
    """
    now = timezone.now()
    since = now - RESET_WINDOW
    PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
    digest = PasswordResetRequest.digest(email)
    client = (client or "")[:45]
    recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
    allowed = recent.filter(email_digest=digest).count() < RESETS_PER_ADDRESS and (
        not client or recent.filter(client=client).count() < RESETS_PER_CLIENT
    )
    PasswordResetRequest.objects.create(email_digest=digest, client=client, requested_at=now)
    return allowed


# -- people and memberships, as admins and team leads manage them ---------------------------


def invite_user(email: str, *, name: str = "", role: str = Role.MEMBER, actor: User | None) -> User:
    """A new person with no password yet: the caller sends them the mail to choose one."""
    return create_user(email, name=name.strip(), role=role, actor=actor)


def set_role(user: User, role: str, *, actor: User | None) -> User:
    """Admins change a person's role; never their own, so an installation keeps an admin."""
    require_admin(actor, "change roles")
    if role not in Role.values:
        raise Invalid(f"'{role}' is not one of {', '.join(Role.values)}", field="role")
    if actor is not None and actor.pk == user.pk and role != user.role:
        raise Invalid("you may not change your own role: ask another admin", field="role")
    if user.is_superuser and role != Role.ADMIN:
        raise Invalid("a superuser is always an admin", field="role")
    user.role = role
    user.is_staff = role == Role.ADMIN or user.is_superuser
    user.save(update_fields=["role", "is_staff"])
    return user


@transaction.atomic
def set_active(user: User, active: bool, *, actor: User | None) -> User:
    """Admins deactivate a person (they can no longer sign in; their tokens are revoked)
    or let them back in. Their OKRs, check-ins and comments stay."""
    require_admin(actor, "deactivate people")
    if actor is not None and actor.pk == user.pk and not active:
        raise Invalid("you may not deactivate yourself: ask another admin", field="person")
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        revoke_all_tokens(user)
    return user


def _member_of(team: Team, email: str) -> Membership:
    found = (
        Membership.objects.select_related("user")
        .filter(team=team, user__email=email.strip().lower())
        .first()
    )
    if found is None:
        raise Invalid(f"'{email}' is not a member of team '{team.key}'", field="email")
    return found


def add_member(team: Team, email: str, *, actor: User | None) -> Membership:
    """Admins and the team's leads add a person, by email, to the team."""
    require_manage_members(actor, team.pk, team.key)
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        raise Invalid(
            f"nobody has the address '{email}': an admin invites them first", field="email"
        )
    if Membership.objects.filter(team=team, user=user).exists():
        raise Invalid(f"'{email}' is a member of team '{team.key}' already", field="email")
    return Membership.objects.create(team=team, user=user)


def remove_member(team: Team, email: str, *, actor: User | None) -> None:
    """Admins remove anyone from a team; its leads remove members who are not leads."""
    require_manage_members(actor, team.pk, team.key)
    membership = _member_of(team, email)
    if membership.is_lead:
        require_admin(actor, f"remove lead '{membership.user.email}' from team '{team.key}'")
    membership.delete()


def set_lead(team: Team, email: str, is_lead: bool, *, actor: User | None) -> Membership:
    """Admins make a member a lead of the team, or a lead a plain member again."""
    require_admin(actor, "choose a team's leads")
    membership = _member_of(team, email)
    membership.is_lead = is_lead
    membership.save(update_fields=["is_lead"])
    return membership
