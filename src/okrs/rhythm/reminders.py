"""Reminders: one per person per day, whatever the number of workers or runs.

The job runs every 15 minutes. A person is reminded on a day when a check-in they owe
is at one of the owner's steps of the escalation ladder (`okrs.rhythm.ladder`: the due
day, and again after the grace period), once the day's quiet hours are over (their own,
18:00–09:00 by default, in the server's time zone), unless they muted reminders or chose
no channel (`okrs.rhythm.channels`; email unless they unsubscribed). The `Reminder` row
is inserted before anything goes out: a second worker's insert fails on the unique
constraint, so nobody gets two. A reminder no channel took removes its row, so the next
run tries again.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from okrs.people.models import User
from okrs.rhythm.channels import Notice, deliver
from okrs.rhythm.ladder import owner_step, record_owner_steps
from okrs.rhythm.models import LadderSettings, Reminder, ReminderSettings
from okrs.rhythm.selectors import Owed, owed_by_everyone

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "okrs.rhythm.unsubscribe"


def send_due_reminders(now: datetime, mail_backend: str | None = None) -> int:
    """Send the reminders due at `now` (through `mail_backend`, the configured one by
    default); return how many were sent."""
    local = timezone.localtime(now)
    today = local.date()
    delays = LadderSettings.current().delays()
    owed = {
        person: rows
        for person, rows in owed_by_everyone(today).items()
        if any(owner_step(row, today, delays) for row in rows)
    }
    done = set(Reminder.objects.filter(day=today, user__in=owed).values_list("user_id", flat=True))
    choices = {s.user_id: s for s in ReminderSettings.objects.filter(user__in=owed)}
    people = User.objects.in_bulk([p for p in owed if p not in done])
    sent = 0
    with get_connection(mail_backend) as connection:
        for person_id, person in people.items():
            wishes = choices.get(person_id) or ReminderSettings(user=person)
            if not wishes.wants_reminder(today, local.time()):
                continue
            if _remind(person, wishes, owed[person_id], today, connection):
                record_owner_steps(owed[person_id], today, delays)
                sent += 1
    return sent


def _remind(
    person: User, wishes: ReminderSettings, rows: list[Owed], today: date, connection: object
) -> bool:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                user=person, day=today, sent_at=timezone.now(), key_results=len(rows)
            )
    except IntegrityError:
        return False  # another worker reminded them
    mail = reminder_mail(person, rows, today, connection)
    about = [(row.key_result, row.period.due) for row in rows]
    if not deliver(Notice.about("reminder", person, today, str(mail.subject), about), wishes, mail):
        logger.error("reminder to %s not sent; the next run tries again", person.email)
        reminder.delete()
        return False
    return True


def reminder_mail(
    person: User, rows: list[Owed], today: date, connection: object = None
) -> EmailMultiAlternatives:
    """The reminder mail, with a one-click unsubscribe (RFC 8058)."""
    unsubscribe = settings.OKRS_BASE_URL + reverse("unsubscribe", args=[unsubscribe_token(person)])
    context = {
        "person": person,
        "rows": rows,
        "today": today,
        "base_url": settings.OKRS_BASE_URL,
        "page": settings.OKRS_BASE_URL + reverse("my-check-ins"),
        "unsubscribe": unsubscribe,
    }
    count = len(rows)
    when = "due today" if any(row.period.due == today for row in rows) else "overdue"
    mail = EmailMultiAlternatives(
        subject=f"{count} check-in{'s' if count != 1 else ''} {when}",
        body=render_to_string("rhythm/mail/reminder.txt", context),
        to=[person.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    return mail


def unsubscribe_token(person: User) -> str:
    """A signed token naming the person: links in old mails keep working."""
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe(token: str) -> User | None:
    """Stop reminder emails to the person the token names; None for a bad token."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    person = User.objects.filter(pk=pk).first()
    if person is not None:
        ReminderSettings.objects.update_or_create(user=person, defaults={"email": False})
    return person
