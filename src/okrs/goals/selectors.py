"""What an actor may read, as querysets that the services and the shells share.

An initiative serving only key results the actor cannot see is hidden with them, as in
`okrs.goals.snapshots.load_plan`: reading it, changing it and deleting it all answer
"not found" alike, so a refusal never confirms that it exists.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from okrs.goals.models import Initiative, InitiativeLink, KeyResult, Objective
from okrs.people.models import User
from okrs.people.permissions import is_admin, visible_objectives_q


def visible_initiatives(actor: User | None) -> QuerySet[Initiative]:
    """Initiatives linked to a key result the actor sees, or to none at all."""
    if is_admin(actor):
        return Initiative.objects.all()
    visible = Objective.objects.filter(visible_objectives_q(actor)).values("pk")
    key_results = KeyResult.objects.filter(objective__in=visible).values("pk")
    links = InitiativeLink.objects.filter(initiative=OuterRef("pk"))
    return Initiative.objects.filter(
        ~Exists(links) | Exists(links.filter(key_result__in=key_results))
    )
