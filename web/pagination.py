"""The lists of the pages, fifty rows a page: the `?page=` parameter (from 1), where a page's
rows start, and how many pages a count makes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from litestar.params import QueryParameter

PAR_PAGE = 50
T = TypeVar("T")
NumeroDePage = Annotated[int, QueryParameter(name="page", ge=1, le=10_000)]


def decalage(numero: int, par_page: int = PAR_PAGE) -> int:
    """The offset of page `numero`'s first row."""
    return (numero - 1) * par_page


def nombre_de_pages(total: int, par_page: int = PAR_PAGE) -> int:
    """At least one: an empty list is still « page 1 sur 1 »."""
    return max(1, -(-total // par_page))


async def une_page(
    numero: int, lister: Callable[..., Awaitable[tuple[T, int]]], *args: Any, **kwargs: Any
) -> tuple[T, dict[str, Any]]:
    """Page `numero` of a list query `lister(*args, **kwargs, limit=, offset=)`: its rows, and
    what the list's template shows around them (`total`, `page_liste`, `pages`)."""
    lignes, total = await lister(*args, limit=PAR_PAGE, offset=decalage(numero), **kwargs)
    return lignes, {"total": total, "page_liste": numero, "pages": nombre_de_pages(total)}
