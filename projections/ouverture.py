"""« Ouvert maintenant » and « ouvert le samedi »: places whose OSM opening hours say so.

Computed in Python rather than from a precomputed column of weekly slots: the parser in
domain/lieux/horaires.py stays the only reader of the hours (no second interpretation in SQL
to keep in step), and it is cheap: places share a few hundred distinct hours strings, each
parsed once (`_horaires` is cached), and the candidates come grouped by (hours, département),
each group read once. The ids found become one `id = any(...)` clause, so counts, pagination
and distance sorting stay in SQL.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import asyncpg
import msgspec

from domain.lieux.horaires import Horaires, HorairesInvalides, parse_horaires, plages_fr
from domain.lieux.horaires_erreurs import NOMS_JOURS
from domain.lieux.prochaine_ouverture import (
    ProchainChangement,
    phrase,
    plages_du_jour,
    prochain_changement,
)
from mednum.infra.jours_feries import jours_feries
from projections.lieux_requetes import FiltresLieux, where_lieux

PARIS = ZoneInfo("Europe/Paris")
SAMEDI = 5


@lru_cache(maxsize=4096)
def _horaires(texte: str) -> Horaires | None:
    try:
        return parse_horaires(texte)
    except HorairesInvalides:
        return None  # unreadable hours: we cannot say it is open, so it is not listed


def changement(
    texte: str | None, moment: datetime, departement: str | None = None
) -> ProchainChangement | None:
    """Whether hours `texte` say open at `moment` (taken as Paris wall-clock time) and when
    that changes, public holidays of `departement` applied (the place page's own rule);
    None when the hours are unknown or unreadable."""
    if not texte or _horaires(texte) is None:
        return None
    local = moment.astimezone(PARIS).replace(second=0, microsecond=0)
    return _changement(texte, local, jours_feries(departement, local.date()))


@lru_cache(maxsize=8192)
def _changement(texte: str, local: datetime, feries: frozenset[date]) -> ProchainChangement:
    # Cached: a search asks this of every place at the same minute, with few distinct hours.
    horaires = _horaires(texte)
    assert horaires is not None
    return prochain_changement(horaires, local, feries)


def ouvert(texte: str | None, moment: datetime, departement: str | None = None) -> bool:
    """Whether hours `texte` say open at `moment`, public holidays applied."""
    quand = changement(texte, moment, departement)
    return quand is not None and quand.ouvert


def prochaine(texte: str | None, moment: datetime, departement: str | None = None) -> str:
    """« Ouvert maintenant, ferme à 17 h », « Fermé maintenant, ouvre demain à 9 h »… (the
    place page's sentence), or "" when the hours are unknown."""
    quand = changement(texte, moment, departement)
    return phrase(quand, moment.astimezone(PARIS).date()) if quand is not None else ""


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
    # By hours and département: whether a place is open depends on nothing else, so each
    # distinct pair is read once, not each of 20,000 places.
    groupes = await conn.fetch(
        f"SELECT horaires, departement, array_agg(id ORDER BY id) AS ids FROM lieux{where}"
        f"{' AND' if where else ' WHERE'} horaires IS NOT NULL GROUP BY horaires, departement",
        *params,
    )
    ids = tuple(
        lieu
        for g in groupes
        if (not ouvert_maintenant or ouvert(g["horaires"], maintenant, g["departement"]))
        and (not ouvert_samedi or ouvert_le_jour(g["horaires"], SAMEDI))
        for lieu in g["ids"]
    )
    return msgspec.structs.replace(filtres, ids=ids)


def aujourdhui(texte: str | None, moment: datetime, departement: str | None = None) -> str:
    """Today's hours in French for a citizen, « mardi : 9 h – 12 h » (« jour férié : fermé »
    on a public holiday the hours close), or "" when unknown."""
    if not texte:
        return ""
    jour = moment.astimezone(PARIS).date()
    return _aujourdhui(texte, jour, jour in jours_feries(departement, jour))


@lru_cache(maxsize=8192)
def _aujourdhui(texte: str, jour: date, ferie: bool) -> str:
    # Cached: a regional map asks this of 20,000 places sharing a few hundred hours strings.
    horaires = _horaires(texte)
    if horaires is None:
        return ""
    plages = plages_du_jour(horaires, jour, {jour} if ferie else ())
    nom = (
        "jour férié" if ferie and horaires.jours_feries is not None else NOMS_JOURS[jour.weekday()]
    )
    return f"{nom} : {plages_fr(plages)}"
