"""The evaluation cubes (migrations/0021, 0023, 0065): each activity's contribution, added at
every level of its territory (commune, EPCI, département, région, pays) for its day, and for
its registry place as niveau 'lieu' (a few lines only, for the drill-down by place); followed people
at four grains (day, month, quarter, year) for distinct counts, with per-cell counts beside
them (migration 0022, evaluation_personnes.py) and rolling 12-month counts (migration 0068,
evaluation_douze_mois.py). A batch sums its deltas in memory and writes
each table in one statement, so the cost is per touched cell, not per event."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from domain.activites.events import ActiviteCorrigee, ActiviteEnregistree, ActiviteSupprimee
from domain.beneficiaires.events import BeneficiaireEnregistre, ProfilModifie
from domain.evaluation.contributions import (
    DIMENSIONS_PAR_LIEU,
    Contribution,
    contribution,
    decoder,
    encoder,
)
from domain.lieux.events import LieuModifie, LieuRecense
from projections import evaluation_douze_mois as douze_mois
from projections.base import Projection
from projections.evaluation_personnes import (
    avancer_premiers,
    changer_profils,
    ecrire_lignes,
    retirer,
)

Territoire = tuple[str, str]
PAYS: Territoire = ("pays", "FR")
LIEU_MOIS = "lieu_mois"
"""A place's `cube_activites` rows summed by month (`jour` is the month's first day)."""

_CUBE = """
INSERT INTO cube_activites AS c (niveau, code, jour, dimension, modalite, activites,
    accompagnements, minutes, minutes_personnes)
SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::int[],
    $7::int[], $8::bigint[], $9::bigint[])
ON CONFLICT (niveau, code, dimension, jour, modalite) DO UPDATE SET
    activites = c.activites + EXCLUDED.activites,
    accompagnements = c.accompagnements + EXCLUDED.accompagnements,
    minutes = c.minutes + EXCLUDED.minutes,
    minutes_personnes = c.minutes_personnes + EXCLUDED.minutes_personnes
"""


def debuts(jour: dt.date) -> tuple[tuple[str, dt.date], ...]:
    """The cells of `cube_personnes` a day belongs to (see periodes.cellules_de)."""
    mois = jour.replace(day=1)
    trimestre = mois.replace(month=(mois.month - 1) // 3 * 3 + 1)
    return (
        ("jour", jour),
        ("mois", mois),
        ("trimestre", trimestre),
        ("annee", mois.replace(month=1)),
    )


class Deltas:
    """A batch's changes to the cubes, summed per cell."""

    def __init__(self) -> None:
        self.cube: defaultdict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        self.personnes: defaultdict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
        self.retires: set[UUID] = set()
        """People with an accompaniment taken back: their rows may fall to zero."""
        self.premiers: dict[UUID, dt.date] = {}
        """The earliest day each person was added in this batch."""

    def ajouter(self, c: Contribution, territoires: Sequence[Territoire], signe: int) -> None:
        cellules = [(niveau, code, c.jour) for niveau, code in territoires]
        if c.lieu is not None:
            # A place's lines by day (the edges of a period) and by month (the rest): a year
            # of a région's places then reads 12 rows per place and line, not 365.
            cellules += [("lieu", c.lieu, c.jour), (LIEU_MOIS, c.lieu, c.jour.replace(day=1))]
        for niveau, code, jour in cellules:
            for ligne in c.lignes:
                if niveau in ("lieu", LIEU_MOIS) and ligne.dimension not in DIMENSIONS_PAR_LIEU:
                    continue
                cell = self.cube[(niveau, code, jour, ligne.dimension, ligne.modalite)]
                cell[0] += signe * ligne.activites
                cell[1] += signe * ligne.accompagnements
                cell[2] += signe * ligne.minutes
                cell[3] += signe * ligne.minutes_personnes
        if c.lieu is not None:
            territoires = (*territoires, ("lieu", c.lieu))
        for niveau, code in territoires:
            for personne in c.personnes:
                for grain, debut in debuts(c.jour):
                    row = self.personnes[(niveau, code, grain, debut, personne.beneficiaire_id)]
                    row[0] += signe * personne.accompagnements
                    row[1] += signe * personne.minutes_personnes
        for personne in c.personnes:
            if signe < 0:
                self.retires.add(personne.beneficiaire_id)
            else:
                connu = self.premiers.get(personne.beneficiaire_id)
                if connu is None or c.jour < connu:
                    self.premiers[personne.beneficiaire_id] = c.jour


class EvaluationProjection(Projection):
    name = "evaluation"
    event_types = (
        ActiviteEnregistree,
        ActiviteCorrigee,
        ActiviteSupprimee,
        LieuRecense,
        LieuModifie,
        BeneficiaireEnregistre,
        ProfilModifie,
    )
    tables = (
        "cube_activites",
        "cube_personnes",
        "cube_personnes_minutes",
        "cube_personnes_profils",
        "cube_premiers_mois",
        "cube_douze_mois",
        "evaluation_activites",
        "evaluation_lieux",
        "evaluation_profils",
    )

    def __init__(self) -> None:
        self._communes: dict[str, tuple[Territoire, ...]] | None = None

    async def _territoires(self, conn: asyncpg.Connection) -> dict[str, tuple[Territoire, ...]]:
        if self._communes is None:
            rows = await conn.fetch("SELECT code_insee, epci, departement, region FROM communes")
            self._communes = {
                r["code_insee"]: tuple(
                    t
                    for t in (
                        ("commune", r["code_insee"]),
                        ("epci", r["epci"]),
                        ("departement", r["departement"]),
                        ("region", r["region"]),
                        PAYS,
                    )
                    if t[1]
                )
                for r in rows
            }
        return self._communes

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        communes = await self._territoires(conn)
        anciennes = await self._anciennes_contributions(conn, events)
        lieux = await self._communes_des_lieux(conn, events)
        deltas = Deltas()
        profils: dict[UUID, Any] = {}
        for event in events:
            kind = type(event)
            if kind is LieuRecense or (kind is LieuModifie and isinstance(event.code_insee, str)):
                lieux[event.originator_id] = event.code_insee
            elif kind is BeneficiaireEnregistre or kind is ProfilModifie:
                profils[event.originator_id] = event.profil
            elif kind in (ActiviteEnregistree, ActiviteCorrigee, ActiviteSupprimee):
                ancienne = anciennes.get(event.originator_id)
                if ancienne is not None:
                    deltas.ajouter(ancienne, _de(communes, ancienne), -1)
                nouvelle = None
                if kind is not ActiviteSupprimee:
                    cr = event.compte_rendu
                    commune = lieux.get(cr.lieu_id) if cr.lieu_id else cr.commune
                    nouvelle = contribution(cr, commune)
                    deltas.ajouter(nouvelle, _de(communes, nouvelle), 1)
                anciennes[event.originator_id] = nouvelle
        await self._ecrire(conn, deltas, anciennes, lieux, profils)

    async def _anciennes_contributions(
        self, conn: asyncpg.Connection, events: Sequence[Any]
    ) -> dict[UUID, Contribution | None]:
        ids = [e.originator_id for e in events if type(e) in (ActiviteCorrigee, ActiviteSupprimee)]
        if not ids:
            return {}
        rows = await conn.fetch(
            "SELECT activite_id, contribution FROM evaluation_activites "
            "WHERE activite_id = any($1::uuid[])",
            ids,
        )
        return {r["activite_id"]: decoder(r["contribution"]) for r in rows}

    async def _communes_des_lieux(
        self, conn: asyncpg.Connection, events: Sequence[Any]
    ) -> dict[UUID, str]:
        ids = {
            e.compte_rendu.lieu_id
            for e in events
            if type(e) in (ActiviteEnregistree, ActiviteCorrigee) and e.compte_rendu.lieu_id
        }
        if not ids:
            return {}
        rows = await conn.fetch(
            "SELECT lieu_id, code_insee FROM evaluation_lieux WHERE lieu_id = any($1::uuid[])",
            list(ids),
        )
        return {r["lieu_id"]: r["code_insee"] for r in rows}

    async def _ecrire(
        self,
        conn: asyncpg.Connection,
        deltas: Deltas,
        contributions: dict[UUID, Contribution | None],
        lieux: dict[UUID, str],
        profils: dict[UUID, Any],
    ) -> None:
        if deltas.cube:
            await conn.execute(_CUBE, *_colonnes(deltas.cube))
        if profils:
            await changer_profils(conn, profils)
        if deltas.premiers:
            await avancer_premiers(conn, deltas.premiers)
        if deltas.personnes:
            await ecrire_lignes(conn, _colonnes(deltas.personnes))
            await douze_mois.mettre_a_jour(conn, deltas.personnes)
        if deltas.retires:
            await retirer(conn, list(deltas.retires))
        gardees = [(k, encoder(c)) for k, c in contributions.items() if c is not None]
        if gardees:
            await conn.executemany(
                "INSERT INTO evaluation_activites (activite_id, contribution) VALUES ($1, $2) "
                "ON CONFLICT (activite_id) DO UPDATE SET contribution = EXCLUDED.contribution",
                gardees,
            )
        retirees = [k for k, c in contributions.items() if c is None]
        if retirees:
            await conn.execute(
                "DELETE FROM evaluation_activites WHERE activite_id = any($1::uuid[])", retirees
            )
        if lieux:
            await conn.executemany(
                "INSERT INTO evaluation_lieux (lieu_id, code_insee) VALUES ($1, $2) "
                "ON CONFLICT (lieu_id) DO UPDATE SET code_insee = EXCLUDED.code_insee",
                list(lieux.items()),
            )


def _de(communes: dict[str, tuple[Territoire, ...]], c: Contribution) -> tuple[Territoire, ...]:
    """Every territory an activity counts for; one whose commune is unknown counts nationally."""
    return communes.get(c.commune or "", (PAYS,))


def _colonnes(cells: dict[tuple[Any, ...], list[int]]) -> list[list[Any]]:
    """Rows → one list per column, for unnest()."""
    keys = list(cells)
    width = len(keys[0])
    colonnes: list[list[Any]] = [[k[i] for k in keys] for i in range(width)]
    values = [cells[k] for k in keys]
    colonnes.extend([v[i] for v in values] for i in range(len(values[0])))
    return colonnes
