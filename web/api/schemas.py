"""Response shapes of the JSON API shared by several controllers."""

from __future__ import annotations

from typing import Annotated

import msgspec

from projections.lieux import LieuVue

Limit = Annotated[int, msgspec.Meta(ge=1, le=500, description="Nombre d'éléments par page")]
Offset = Annotated[int, msgspec.Meta(ge=0, description="Nombre d'éléments à sauter")]


class PageLieux(msgspec.Struct, frozen=True, kw_only=True):
    items: list[LieuVue]
    total: int
    limit: int
    offset: int


class Ecriture(msgspec.Struct, frozen=True, kw_only=True):
    """The answer to a command: the record's id and version, and where the event sits."""

    id: str
    version: int
    position: int | None
    deja_traitee: bool
