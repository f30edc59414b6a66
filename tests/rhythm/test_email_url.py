"""Mail is configured by one EMAIL_URL, like DATABASE_URL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from okrs.settings import _email_settings


def test_smtp_with_starttls_user_and_quoted_password():
    mail = _email_settings("smtp://ana%40acme.test:p%40ss%2Fword@mail.acme.test:587?tls=1")
    assert mail == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.acme.test",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "ana@acme.test",
        "EMAIL_HOST_PASSWORD": "p@ss/word",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 30,
    }


def test_smtps_means_implicit_tls_on_port_465_and_plain_smtp_port_25():
    assert _email_settings("smtps://mail.acme.test")["EMAIL_PORT"] == 465
    assert _email_settings("smtps://mail.acme.test")["EMAIL_USE_SSL"] is True
    assert _email_settings("smtp://localhost")["EMAIL_PORT"] == 25


def test_console_prints_mails():
    assert _email_settings("console:") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


@pytest.mark.parametrize("url", ["mail.acme.test:587", "smtp://", "https://mail.acme.test"])
def test_anything_else_is_refused_with_an_example(url):
    with pytest.raises(ImproperlyConfigured, match="smtp://user:password@host:587"):
        _email_settings(url)
