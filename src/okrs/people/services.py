"""Use cases for people: creating users, memberships and API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from okrs.people.models import ApiToken, Membership, Role, Team, User
from okrs.people.permissions import require_admin, require_token_scope

LAST_USED_RESOLUTION = timedelta(minutes=1)


class UserError(ValueError):
    """Bad input for a people use case; the message names the field."""


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
        raise UserError(f"email: '{email}' is not an email address") from None
    if role not in Role.values:
        raise UserError(f"role: '{role}' is not one of {', '.join(Role.values)}")
    if User.objects.filter(email=email).exists():
        raise UserError(f"email: a user with '{email}' exists already")
    found = {t.key: t for t in Team.objects.filter(key__in=teams)}
    missing = [k for k in teams if k not in found]
    if missing:
        raise UserError(f"team: unknown team {', '.join(repr(k) for k in missing)}")
    user = User.objects.create_user(
        email, password, name=name, role=role, is_staff=role == Role.ADMIN
    )
    Membership.objects.bulk_create(
        [Membership(user=user, team=found[k]) for k in dict.fromkeys(teams)]
    )
    return user


def create_token(user: User, *, scope: str = ApiToken.Scope.READ, name: str = "") -> NewToken:
    """Issue a bearer token; the raw value is returned once and only its hash is kept.

    Its scope never goes beyond what the person's role allows (a viewer's token reads).
    """
    if scope not in ApiToken.Scope.values:
        raise UserError(f"scope: '{scope}' is not one of {', '.join(ApiToken.Scope.values)}")
    require_token_scope(user, scope)
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, scope=scope, prefix=raw[:12], token_hash=ApiToken.hash(raw)
    )
    return NewToken(token=token, raw=raw)


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token for a raw bearer value, its last use recorded; None if unknown or revoked."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
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


def list_tokens(user: User) -> QuerySet[ApiToken]:
    """A user's own tokens, newest first; revoked ones stay listed with `revoked_at` set."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
