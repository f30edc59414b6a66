"""Limit/offset pages: `{"count", "next", "previous", "items"}`, in two queries for a queryset."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest

from okrs.api.schemas import PageQuery

T = TypeVar("T")


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[T],
    query: PageQuery,
    present: Callable[[list[Any]], list[Any]] = list,
) -> dict[str, Any]:
    """The page of `items` that `query` asks for; `present` turns the page's rows into output.

    A queryset is counted and sliced in SQL; a list (already computed) is sliced in memory.
    """
    count = items.count() if isinstance(items, QuerySet) else len(items)
    page = list(items[query.offset : query.offset + query.limit])
    return page_body(request, count, present(page), query)


def page_body(
    request: HttpRequest, count: int, items: list[Any], query: PageQuery
) -> dict[str, Any]:
    """A page of `count` items in all whose rows, already cut and presented, are `items`."""
    following = query.offset + query.limit
    return {
        "count": count,
        "next": _url(request, following, query.limit) if following < count else None,
        "previous": _url(request, max(query.offset - query.limit, 0), query.limit)
        if query.offset > 0
        else None,
        "items": items,
    }


def _url(request: HttpRequest, offset: int, limit: int) -> str:
    params = request.GET.copy()
    params["offset"] = str(offset)
    params["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
