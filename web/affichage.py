"""What a form's page, or a record's page with forms, is shown with: the first time (nothing
typed, no error, 200) or again after a refusal (what was typed, every error, 422 or 409). One
object for them all, so that every such page has the same one-line signature and
web/exposition.py calls them all alike."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

import asyncpg
from litestar import Request
from litestar.response import Template

from web.deps import connexion
from web.errors import ou_404
from web.templating import page

T = TypeVar("T")


@dataclass(frozen=True)
class Affichage:
    request: Request[Any, Any, Any]
    id: UUID | None = None
    """The record's id; None for a new record's form."""
    saisie: dict[str, Any] = field(default_factory=dict)
    """The posted form, or the record's current values as its edit form's fields."""
    erreurs: dict[str, str] = field(default_factory=dict)
    """Field name → French message."""
    status: int = 200
    lues: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)
    """What `lue` read, by reader: shared with the copies `replace` makes, so that an edit
    form's page reads its record once (route_modification reads it for the form's fields)."""

    @property
    def fiche(self) -> UUID:
        """The id of the record a record's page shows (it always has one)."""
        assert self.id is not None
        return self.id

    async def lue(
        self, lire: Callable[[asyncpg.Connection, UUID], Awaitable[T | None]]
    ) -> T | None:
        """The record `lire(db, id)` finds (a missing one is a 404), or None for a new
        record's form."""
        if self.id is None:
            return None
        if lire not in self.lues:
            async with connexion(self.request) as db:
                self.lues[lire] = ou_404(await lire(db, self.id))
        return self.lues[lire]  # type: ignore[no-any-return]

    def page(self, gabarit: str, nav_actif: str, **contexte: Any) -> Template:
        """The template with this showing's status and errors."""
        return page(
            self.request,
            gabarit,
            status_code=self.status,
            nav_actif=nav_actif,
            erreurs=self.erreurs,
            **contexte,
        )

    def page_d_erreur(self, detail: str) -> Template:
        """The error page, for a refusal the page has no room to show by its form: `detail`,
        then every field's message."""
        return page(
            self.request,
            "erreur.html",
            status_code=self.status,
            status=self.status,
            detail=detail,
            erreurs=[{"champ": c, "message": m} for c, m in self.erreurs.items()],
        )
