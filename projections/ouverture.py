"""« Ouvert maintenant » and « ouvert le samedi »: places whose OSM opening hours say so.

Computed in Python over the candidate rows rather than from a precomputed column of weekly
slots: the parser in domain/lieux/horaires.py stays the only reader of the hours (no second
interpretation in SQL to keep in step, no change to the lieux read model and its fast batch
writer), and it is cheap: places share a few hundred distinct hours strings, each parsed once
(`_horaires` is cached), and the candidate rows are two narrow columns. The ids found become
one `id = any(...)` clause, so counts, pagination and distance sorting stay in SQL.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import asyncpg
import msgspec

from domain.lieux.horaires import (
    Horaires,
    HorairesInvalides,
    decrire_jours,
    est_ouvert,
    parse_horaires,
)
from projections.lieux import FiltresLieux, where_lieux

PARIS = ZoneInfo("Europe/Paris")
SAMEDI = 5


@lru_cache(maxsize=4096)
def _horaires(texte: str) -> Horaires | None:
    try:
        return parse_horaires(texte)
    except HorairesInvalides:
        return None  # unreadable hours: we cannot say it is open, so it is not listed


def ouvert(texte: str | None, moment: datetime) -> bool:
    """Whether hours `texte` say open at `moment` (taken as Paris wall-clock time)."""
    horaires = _horaires(texte) if texte else None
    return horaires is not None and est_ouvert(horaires, moment.astimezone(PARIS))


def ouvert_le_jour(texte: str | None, jour: int) -> bool:
    horaires = _horaires(texte) if texte else None
    return horaires is not None and bool(horaires.semaine[jour])


async def avec_ouverture(
    conn: asyncpg.Connection,
    filtres: FiltresLieux,
    *,
    ouvert_maintenant: bool,
    ouvert_samedi: bool,
    maintenant: datetime,
) -> FiltresLieux:
    """`filtres` narrowed to the places open now and/or on Saturdays (unchanged if neither)."""
    if not (ouvert_maintenant or ouvert_samedi):
        return filtres
    where, params = where_lieux(filtres)
    records = await conn.fetch(
        f"SELECT id, horaires FROM lieux{where}{' AND' if where else ' WHERE'} "
        "horaires IS NOT NULL",
        *params,
    )
    ids = tuple(
        r["id"]
        for r in records
        if (not ouvert_maintenant or ouvert(r["horaires"], maintenant))
        and (not ouvert_samedi or ouvert_le_jour(r["horaires"], SAMEDI))
    )
    return msgspec.structs.replace(filtres, ids=ids)


def aujourdhui(texte: str | None, moment: datetime) -> str:
    """Today's hours in French for a citizen, « mardi : 9 h – 12 h », or "" when unknown."""
    return _aujourdhui(texte, moment.astimezone(PARIS).weekday()) if texte else ""


@lru_cache(maxsize=8192)
def _aujourdhui(texte: str, jour: int) -> str:
    # Cached: a regional map asks this of 20,000 places sharing a few hundred hours strings.
    horaires = _horaires(texte)
    if horaires is None:
        return ""
    nom, plages = decrire_jours(horaires)[jour]
    return f"{nom} : {plages}"
