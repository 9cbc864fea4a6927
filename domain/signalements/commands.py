"""Requests about reports: one from the public, one from the coordination team."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from domain.base import Commande

MESSAGE_MAX = 1000


class SignalerErreur(Commande, frozen=True, kw_only=True):
    lieu_id: UUID
    champ: str
    message: Annotated[str, msgspec.Meta(max_length=MESSAGE_MAX)]
    courriel: Annotated[str, msgspec.Meta(max_length=254)] | None = None


class TraiterSignalement(Commande, frozen=True, kw_only=True):
    version: int
    issue: str
    note: Annotated[str, msgspec.Meta(max_length=1000)] | None = None
