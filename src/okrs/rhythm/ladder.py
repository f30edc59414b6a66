"""The escalation ladder: a missed check-in reminds its owner on the due day, again after
a grace period, then tells the team's lead, then the parent team's lead.

The days are the organisation's (`LadderSettings`). Each step is taken on its day, once
per key result and due day: a `LadderStep` row, unique on the key result, the due day and
the step, is inserted before anyone is told, so no number of workers or runs takes a step
twice, and the rows are the history shown on the key result. The owner's steps ride on
the reminder mail (`okrs.rhythm.reminders`); the leads get one mail a day listing the
missed check-ins of their team. A check-in dated in the period, or later, stops the
ladder for that due day. Leads are told outside their quiet hours, unless they muted
reminders or unsubscribed; a mail that fails removes its steps for the next run to retry.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from okrs.goals.models import KeyResult
from okrs.people.models import Membership, Team, User
from okrs.rhythm.channels import Notice, deliver
from okrs.rhythm.models import OWNER_STEPS, LadderSettings, LadderStep, ReminderSettings, Step
from okrs.rhythm.selectors import Owed, missed

logger = logging.getLogger(__name__)


def owner_step(row: Owed, today: date, delays: dict[Step, int]) -> Step | None:
    """The owner's step `row` is at today, if any."""
    late = row.overdue_days(today)
    return next((step for step in OWNER_STEPS if delays.get(step) == late), None)


def record_owner_steps(rows: list[Owed], today: date, delays: dict[Step, int]) -> None:
    """Record the owner's steps taken today by reminding about `rows` (once, however many
    of a team that owns a key result were reminded)."""
    steps = []
    for row in rows:
        if (step := owner_step(row, today, delays)) is None:
            continue
        kr = row.key_result
        owner = kr.owner_id or kr.objective.owner_id
        steps.append(
            LadderStep(
                key_result=kr,
                due=row.period.due,
                step=step,
                day=today,
                person_id=owner,
                team_id=None if owner else kr.objective.team_id,
                sent_at=timezone.now(),
            )
        )
    LadderStep.objects.bulk_create(steps, ignore_conflicts=True)


def escalate(now: datetime, mail_backend: str | None = None) -> int:
    """Tell the leads about the check-ins missed long enough (through `mail_backend`, the
    configured one by default); return the mails sent."""
    delays = LadderSettings.current().delays()
    local = timezone.localtime(now)
    today = local.date()
    told: dict[User, list[LadderStep]] = defaultdict(list)
    leads_of: dict[int, list[User]] = {}
    wishes: dict[User, ReminderSettings] = {}
    for step in (Step.LEAD, Step.PARENT_LEAD):
        if step not in delays:
            continue
        for kr, period in missed(today, delays[step]):
            team = kr.objective.team if step is Step.LEAD else kr.objective.team.parent
            if team is None:
                continue
            if team.pk not in leads_of:
                found = _leads(team)
                for lead in found:
                    wishes.setdefault(lead, _wishes_of(lead))
                leads_of[team.pk] = [
                    lead for lead in found if wishes[lead].wants_reminder(today, local.time())
                ]
            leads = leads_of[team.pk]
            if not leads:
                continue
            claimed = _claim(kr, period.due, step, today, team)
            if claimed is not None:
                for lead in leads:
                    told[lead].append(claimed)
    sent = 0
    with get_connection(mail_backend) as connection:
        for lead, steps in told.items():
            mail = escalation_mail(lead, steps, today, connection)
            about = [(taken.key_result, taken.due) for taken in steps]
            told_teams = {taken.team_id for taken in steps if taken.team_id is not None}
            notice = Notice.about("escalation", lead, today, str(mail.subject), about, told_teams)
            if not deliver(notice, wishes[lead], mail):
                logger.error("escalation to %s not sent; the next run tries again", lead.email)
                LadderStep.objects.filter(pk__in=[s.pk for s in steps]).delete()
                continue
            sent += 1
    return sent


def _leads(team: Team) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(team=team, is_lead=True, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    ]


def _wishes_of(person: User) -> ReminderSettings:
    return ReminderSettings.objects.filter(user=person).first() or ReminderSettings(user=person)


def _claim(kr: KeyResult, due: date, step: Step, today: date, team: Team) -> LadderStep | None:
    try:
        with transaction.atomic():
            return LadderStep.objects.create(
                key_result=kr, due=due, step=step, day=today, team=team, sent_at=timezone.now()
            )
    except IntegrityError:
        return None  # another worker took this step


def escalation_mail(
    lead: User, steps: list[LadderStep], today: date, connection: object = None
) -> EmailMultiAlternatives:
    """The mail telling a lead which check-ins of their team (or its sub-teams) are missed."""
    count = len(steps)
    context = {
        "lead": lead,
        "steps": steps,
        "today": today,
        "base_url": settings.OKRS_BASE_URL,
        "teams": sorted({str(taken.team) for taken in steps}),
    }
    return EmailMultiAlternatives(
        subject=f"{count} check-in{'s' if count != 1 else ''} missed in your teams",
        body=render_to_string("rhythm/mail/escalation.txt", context),
        to=[lead.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )


def history(keys: Iterable[str]) -> dict[str, str]:
    """By key, each key result's ladder for its latest missed due day, in one query:
    "reminded Ana on Mon, told the Onboarding lead on Fri"."""
    latest: dict[str, list[LadderStep]] = {}
    for taken in (
        LadderStep.objects.filter(key_result__key__in=list(keys))
        .select_related("key_result", "person", "team")
        .order_by("key_result", "-due", "day", "sent_at")
    ):
        steps = latest.setdefault(taken.key_result.key, [])
        if not steps or steps[0].due == taken.due:
            steps.append(taken)
    return {key: ", ".join(_said(taken) for taken in steps) for key, steps in latest.items()}


def _said(taken: LadderStep) -> str:
    on = f"on {taken.day:%a}"
    whom = str(taken.person or taken.team or "the owner")
    match taken.step:
        case Step.OWNER:
            return f"reminded {whom} {on}"
        case Step.OWNER_AGAIN:
            return f"reminded {whom} again {on}"
        case _:
            return f"told the {taken.team or 'team'} lead {on}"
