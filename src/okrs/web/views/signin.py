"""Sign-in limits (django-axes) and reset-mail limits, as the sign-in pages show them.

Five failed sign-ins for one email from one client lock that pair for a while; the
sign-in page then says so and how to get out (wait, or ask an admin: the Django admin's
access attempts, or `okrs user unlock EMAIL`). Reset requests beyond the limits of
`okrs.people.services.allow_password_reset` get the same answer as any other, and no mail.
"""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from okrs.people.services import allow_password_reset
from okrs.web.forms import EmailAuthenticationForm


def username_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The email a sign-in names, as stored: 'Ana@Example.com ' counts as ana@example.com."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The sign-in page again, with the lockout in words (429 Too Many Requests)."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    form = EmailAuthenticationForm(request, initial={"username": username_of(request, credentials)})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "locked_out": (
            f"Too many failed attempts; try again in {minutes} minutes or ask an admin "
            f"to unlock your account."
        ),
    }
    return render(request, "okrs/auth/login.html", context, status=429)


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending nothing beyond the limits and saying nothing of it."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        request = kwargs.get("request")  # PasswordResetView passes it by keyword
        client = get_client_ip_address(request) if request is not None else None
        if allow_password_reset(self.cleaned_data["email"], client):
            super().save(*args, **kwargs)
