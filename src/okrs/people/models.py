"""Users (signed in by email) with a role, teams as a tree, memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from okrs.core.choices import Role, TeamKind, TokenScope
from okrs.core.validation import check_key, unavailable_key


def validate_key(value: str) -> None:
    """The key rule of `okrs.core.validation.check_key`, for Django's admin forms."""
    message = check_key(value)
    if message:
        raise ValidationError(message)


def unique_key_ignoring_case(model_name: str) -> models.UniqueConstraint:
    """Keys are unique ignoring case: `ONB-1` and `onb-1` would name one thing twice."""
    return models.UniqueConstraint(
        Lower("key"),
        name=f"{model_name}_key_unique_ignoring_case",
        violation_error_message="This key is not available: pick another key.",
    )


def stored_keys(model: type[models.Model], keys: Iterable[str]) -> dict[str, str]:
    """The stored keys equal to one of `keys` ignoring case, by their lower-case form.

    One query, through the index of `unique_key_ignoring_case`.
    """
    lowered = {key.lower() for key in keys}
    if not lowered:
        return {}
    found = (
        model._default_manager.alias(key_lower=Lower("key"))
        .filter(key_lower__in=lowered)
        .values_list("key", flat=True)
    )
    return {key.lower(): key for key in found}


def key_problem(model: type[models.Model], key: str) -> str | None:
    """Why a key chosen for a new row cannot be had, without saying what holds it."""
    return unavailable_key(key) if key.lower() in stored_keys(model, [key]) else None


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)  # None leaves an unusable password: an invited user
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person; signs in with email and password. `role` sets what they may do."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER.value)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ("email",)

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class Team(models.Model):
    """A node of the organisation tree."""

    key = models.CharField(max_length=64, unique=True, validators=[validate_key])
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TeamKind.choices, default=TeamKind.OTHER.value)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
        User, through="Membership", related_name="teams"
    )

    class Meta:
        ordering = ("name",)
        constraints = [unique_key_ignoring_case("team")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    is_lead = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "team"], name="one_membership")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}{' (lead)' if self.is_lead else ''}"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise it.")
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        max_length=5, choices=TokenScope.choices, default=TokenScope.READ.value
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="When it stops working; empty: when revoked."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user}, {self.scope})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "okrs_" + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.has_expired

    @property
    def has_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class PasswordResetRequest(models.Model):
    """A request for a reset mail, kept an hour to limit them per address and per client.

    The address is kept as a digest: requests name addresses of people who may not exist.
    """

    email_digest = models.CharField(max_length=64, db_index=True)
    client = models.CharField(max_length=45, blank=True, db_index=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"reset requested {self.requested_at:%Y-%m-%d %H:%M} from {self.client or '?'}"

    @staticmethod
    def digest(email: str) -> str:
        return hashlib.sha256(email.strip().lower().encode()).hexdigest()
