"""Long lists shown a page at a time: "Show more" with HTMX, page links without it.

A page shows the first page of a long list and ends it with a "Show more" link. With
HTMX the link fetches the next page alone, from an endpoint of its own, and puts it in
the link's place; without JavaScript it opens the whole page at the next page of the
list, which then links back to the page before. Rows are built only for the items of
the page shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict
from django.urls import reverse

Item = TypeVar("Item")
Row = TypeVar("Row")


@dataclass(frozen=True)
class Paging:
    """How a page cuts one of its lists into pages, and where those pages are found.

    `whole` names the URL of the page that shows the list, in its section `anchor`;
    `part` the URL that sends one page of the list alone, for HTMX. `param` is the query
    parameter with the page number, one per list when a page shows several.
    """

    whole: str
    part: str
    anchor: str
    noun: str
    per_page: int
    param: str = "page"

    def listing(
        self,
        request: HttpRequest,
        cycle: str,
        items: Sequence[Item],
        rows: Callable[[list[Item]], list[Row]],
    ) -> Listing[Item, Row]:
        """The page of `items` the request asks for (the first by default), with its rows."""
        page = Paginator(items, self.per_page).get_page(request.GET.get(self.param))
        return Listing(self, page, rows(list(page.object_list)), request.GET, cycle)

    def whole_url(self, query: QueryDict) -> str:
        """The whole page with this query, at the list's section."""
        search = query.urlencode()
        return f"{reverse(self.whole)}{'?' if search else ''}{search}#{self.anchor}"


@dataclass
class Listing(Generic[Item, Row]):
    """One page of a list, its rows, and the links to the pages either side.

    The links keep the request's other parameters (a team filter, the page of another
    list) and name the cycle, so a further page shows the same cycle and scope.
    """

    paging: Paging
    page: Page[Item]
    rows: list[Row]
    query: QueryDict
    cycle: str

    @property
    def more_url(self) -> str:
        """The next page alone, for HTMX to add to the list."""
        query = self._query(self.page.next_page_number())
        return f"{reverse(self.paging.part)}?{query.urlencode()}"

    @property
    def next_url(self) -> str:
        """The whole page at the next page of the list (without JavaScript)."""
        return self.paging.whole_url(self._query(self.page.next_page_number()))

    @property
    def previous_url(self) -> str:
        """The whole page at the page of the list before this one."""
        return self.paging.whole_url(self._query(self.page.previous_page_number()))

    def _query(self, number: int) -> QueryDict:
        query = QueryDict(mutable=True)
        query["cycle"] = self.cycle
        for key, values in self.query.lists():
            if key not in ("cycle", self.paging.param):
                query.setlist(key, values)
        query[self.paging.param] = str(number)
        return query
