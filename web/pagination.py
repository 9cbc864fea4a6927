"""The lists of the pages, fifty rows a page: the `?page=` parameter (from 1), where a page's
rows start, and how many pages a count makes."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

PAR_PAGE = 50
NumeroDePage = Annotated[int, QueryParameter(name="page", ge=1, le=10_000)]


def decalage(numero: int, par_page: int = PAR_PAGE) -> int:
    """The offset of page `numero`'s first row."""
    return (numero - 1) * par_page


def nombre_de_pages(total: int, par_page: int = PAR_PAGE) -> int:
    """At least one: an empty list is still « page 1 sur 1 »."""
    return max(1, -(-total // par_page))
