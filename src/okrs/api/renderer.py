"""JSON answers that are always JSON: no NaN or Infinity, even from rows stored long ago."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.renderers import JSONRenderer

from okrs.core import finite


class FiniteJSONRenderer(JSONRenderer):
    """Writes an infinity as ±1e15 and NaN as null (`okrs.core.finite.dumps`).

    Python's JSON writer puts bare `NaN` and `Infinity` in the text, which no strict
    client reads: one such number made a whole list unreadable.
    """

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return finite.dumps(data, cls=self.encoder_class, **self.json_dumps_params)
