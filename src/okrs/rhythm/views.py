""" "My check-ins": what I owe this week, checked in on in one form; its count in the nav."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from okrs.core.validation import NOTE_MAX_LENGTH
from okrs.rhythm import reminders
from okrs.rhythm.selectors import owed_by
from okrs.rhythm.services import CheckInEntry, check_in_all
from okrs.web.access import page, today, user_of

FIELDS = ("value", "confidence", "note", "blockers")


@page
def my_check_ins(request: HttpRequest) -> HttpResponse:
    """List the key results I owe a check-in on; a POST records all that carry a value."""
    user = user_of(request)
    posted: dict[str, dict[str, str]] = {}
    problems: dict[str, str] = {}
    if request.method == "POST":
        for key in request.POST.getlist("key_result"):
            posted[key] = {name: request.POST.get(f"{name}-{key}", "").strip() for name in FIELDS}
        entries = [CheckInEntry(key, **fields) for key, fields in posted.items()]
        filled = sum(bool(entry.value) for entry in entries)
        if filled:
            problems = check_in_all(entries, user)
        if filled and not problems:
            noun = "key result" if filled == 1 else "key results"
            messages.success(request, f"Checked in on {filled} {noun}.")
            return redirect("my-check-ins")
        if not filled:
            problems = {"": "Nothing recorded: give a value for at least one key result."}
    day = today()
    rows = [
        {
            "owed": row,
            "late": row.overdue_days(day),
            "posted": posted.get(row.key_result.key, {}),
            "error": problems.get(row.key_result.key, ""),
        }
        for row in owed_by(user, day)
    ]
    context = {"rows": rows, "form_error": problems.get(""), "note_max": NOTE_MAX_LENGTH}
    return render(request, "rhythm/my_check_ins.html", context, status=400 if problems else 200)


@page
@require_GET
def my_check_ins_count(request: HttpRequest) -> HttpResponse:
    """The nav's count of check-ins I owe (loaded by HTMX, so pages keep their queries)."""
    count = len(owed_by(user_of(request), today()))
    return render(request, "rhythm/partials/owed_count.html", {"count": count})


@csrf_exempt  # a mail client's one-click POST (RFC 8058) carries no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST unsubscribes."""
    if request.method == "GET":
        return render(request, "rhythm/unsubscribe.html", {"token": token})
    person = reminders.unsubscribe(token)
    if person is None:
        return render(request, "rhythm/unsubscribe.html", {"invalid": True}, status=400)
    return render(request, "rhythm/unsubscribe.html", {"done": True, "person": person})
