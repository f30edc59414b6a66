"""A person's API tokens die with the password or the account they were made under.

One receiver for every way a password changes (the reset link, the admin, `changepassword`,
a service) or an account is deactivated: a token someone copied while they had the
password must not outlive a reset meant to lock them out.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from okrs.people.models import User
from okrs.people.services import revoke_all_tokens


@receiver(post_save, sender=User, dispatch_uid="okrs-revoke-tokens")
def revoke_tokens_on_password_or_deactivation(
    sender: type[User], instance: User, created: bool, **kwargs: Any
) -> None:
    # Django keeps the new raw password in `_password` from `set_password` until the save
    # that stores it has finished: set here means this save changed the password.
    password_changed = getattr(instance, "_password", None) is not None
    if not created and (password_changed or not instance.is_active):
        revoke_all_tokens(instance)
