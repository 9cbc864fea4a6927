"""A custom period is exact: the two halves of a month add up to the month (issue 13)."""

from __future__ import annotations

import datetime as dt

import asyncpg

from domain.activites.events import CompteRendu
from domain.evaluation.rapport import Periode
from mednum.rapports.calcul import calculer
from projections.evaluation import EvaluationProjection
from tests.conftest import run_sync
from tests.integration.test_rapport_oracle import COMMUNES, TERRITOIRES, evenements


def test_the_two_halves_of_november_add_up_to_november(database_dsn: str) -> None:
    # given sessions all over November 2026 in the région (Dijon, Beaune, Besançon)
    ops = [
        (
            "nouvelle",
            CompteRendu(
                type="individuel",
                autonomie="entierement_accompagne",
                date=dt.date(2026, 11, 1) + dt.timedelta(days=i % 30),
                duree=30,
                type_lieu="domicile",
                commune=COMMUNES[i % 4],
                thematiques=("email",),
            ),
        )
        for i in range(90)
    ]
    region = TERRITOIRES[3]

    async def run() -> list[float | None]:
        conn = await asyncpg.connect(database_dsn)
        try:
            async with conn.transaction():
                await EvaluationProjection().apply(conn, evenements(ops)[0])
            valeurs = []
            for debut, fin in (((11, 1), (11, 15)), ((11, 16), (11, 30)), ((11, 1), (11, 30))):
                periode = Periode(debut=dt.date(2026, *debut), fin=dt.date(2026, *fin), libelle="")
                rapport = await calculer(conn, region, periode, position=0, seuil=11)
                valeurs.append(
                    next(c for c in rapport.chiffres_cles if c.indicateur == "M4.1").valeur.valeur
                )
            return valeurs
        finally:
            await conn.close()

    # when M4.1 is read for each half and for the month
    premiere, seconde, novembre = run_sync(run())
    # then each half is its own days only, and together they make the month
    assert premiere is not None and seconde is not None
    assert (premiere, seconde, novembre) == (45, 45, 90)
