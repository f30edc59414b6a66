"""A reminder history for the demo company: the last two weeks of the ladder, replayed.

`okrs demo` writes check-ins up to today, some key results stalled weeks ago. Replaying
the reminders and escalations of each past day at 10:00, as the worker would have sent
them, fills the history shown under those key results. The mails go nowhere and
nothing is posted: where a team's chat or the webhook is set, this is a real
organisation and its past is left alone. Idempotent like the jobs themselves.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from okrs.rhythm.ladder import escalate
from okrs.rhythm.models import TeamChannels, WebhookSettings
from okrs.rhythm.reminders import send_due_reminders

REPLAYED_DAYS = 14
MORNING = time(10, 0)
# The replayed mails go nowhere: they were due in the past.
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def replay_ladder(today: date, days: int = REPLAYED_DAYS) -> int:
    """Take the reminders and escalations of the `days` before `today`; return the notices."""
    if TeamChannels.objects.exists() or WebhookSettings.objects.exists():
        return 0
    sent = 0
    for back in range(days, 0, -1):
        then = timezone.make_aware(datetime.combine(today - timedelta(days=back), MORNING))
        sent += send_due_reminders(then, NO_MAIL) + escalate(then, NO_MAIL)
    return sent
