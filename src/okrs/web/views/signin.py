"""Sign-in limits (django-axes) and reset-mail limits, as the sign-in pages show them.

Five failed sign-ins for one email from one client (`client_address`) lock that pair for a while; the
sign-in page then says so and how to get out (wait, or ask an admin: the Django admin's
access attempts, or `okrs user unlock EMAIL`). Reset requests beyond the limits of
`okrs.people.services.allow_password_reset` get the same answer as any other, and no mail.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from okrs.people.services import allow_password_reset
from okrs.web.forms import EmailAuthenticationForm


def client_address(request: HttpRequest) -> str | None:
    """The address of the client a request comes from, for the limits.

    Behind `OKRS_PROXY_COUNT` trusted proxies (a load balancer, nginx) every request
    comes from the nearest proxy: the client is the entry that many from the right of
    X-Forwarded-For, where the proxies appended it. Entries further left are whatever
    the client sent and count for nothing.
    """
    proxies = settings.OKRS_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


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
        client = client_address(request) if request is not None else None
        if allow_password_reset(self.cleaned_data["email"], client):
            super().save(*args, **kwargs)
