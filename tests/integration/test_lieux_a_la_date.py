"""As-of registry figures (issue 13, item 3) against real PostgreSQL.

Hypothesis draws place histories over two years (recorded with or without a source's
verification date, changed, moved to another commune, verified, closed, merged, un-merged,
judged distinct from another) interleaved into one log, applies it in random batches to the
interval projection, replays a random slice of it, then draws period ends and checks M1.1,
M1.2, M1.6 and M1.7 of every territory level (and the report's map below the région: open
places per commune, their positions) against a slow oracle: the write side's own fold
(domain.lieux.state) of each place's events before the end of the period's last day in Paris.
The oracle shares no code with the projection; it reads the communes table for the geography.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections import Counter
from typing import Any

import asyncpg
import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.base import FUSEAU_DU_HUB
from domain.evaluation.indicateurs import SEUIL_IFN_FRAGILE
from domain.lieux.events import (
    DoublonEcarte,
    FusionAnnulee,
    LieuFerme,
    LieuFusionne,
    LieuModifie,
    LieuRecense,
    LieuVerifie,
)
from domain.lieux.state import fold
from projections.evaluation_registre import carte, offre
from projections.lieux_intervalles import LieuxIntervallesProjection
from tests.conftest import oracle_exemples
from tests.hypothese_outils import memes_cas
from tests.integration.outils_projection import avec_connexion, par_lots
from tests.integration.test_rapport_oracle import COMMUNES, un_an_avant
from tests.integration.test_rapport_oracle import geographie as geographie_des_seances

DEBUT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
DEUX_ANS = 2 * 365 * 24 * 60  # minutes
FRAGILES = {"21054": 8.0, "21231": 3.0, "25056": 7.0}  # IFN scores; the others have none
TERRITOIRES = [
    ("commune", "21231"),
    ("commune", "21054"),
    ("epci", "242100410"),
    ("departement", "21"),
    ("region", "27"),
    ("pays", "FR"),
]
LIEUX = [uuid.UUID(int=i + 1) for i in range(6)]
NIVEAUX_CARTE = ("commune", "epci", "departement")
"""The report's maps are checked below the région (one query per commune of the territory)."""

# Gaps between a place's events, in minutes: the same minute, hours (across a Paris midnight
# now and then), days, months.
ecarts = st.one_of(st.just(0), st.integers(1, 48 * 60), st.integers(1, 200 * 24 * 60))
changements = st.one_of(
    st.tuples(st.just("modifie"), st.sampled_from(COMMUNES), st.booleans(), st.booleans()),
    st.tuples(st.just("verifie"), st.booleans()),
    st.tuples(st.just("ferme")),
    st.tuples(st.just("fusionne"), st.sampled_from(LIEUX)),
    st.tuples(st.just("annule")),
    st.tuples(st.just("ecarte"), st.sampled_from(LIEUX)),
)
# When a place is recorded: any minute, or the very instant a day ends in Paris.
debuts = st.one_of(
    st.integers(0, DEUX_ANS).map(lambda m: DEBUT + dt.timedelta(minutes=m)),
    st.dates(DEBUT.date(), DEBUT.date() + dt.timedelta(days=730)).map(
        lambda jour: dt.datetime.combine(jour, dt.time(), FUSEAU_DU_HUB).astimezone(dt.UTC)
    ),
)
historique = st.tuples(
    debuts,
    st.sampled_from(COMMUNES),
    st.booleans(),
    st.lists(st.tuples(ecarts, changements), max_size=7),
)


def date_source(instant: dt.datetime, jours: int) -> dt.date:
    """A source's verification date, some days before it was recorded."""
    return (instant - dt.timedelta(days=jours)).date()


def evenements_du_lieu(lieu: uuid.UUID, h: tuple[Any, ...]) -> list[Any]:
    instant, commune, date_donnee, changements_ = h
    commun: dict[str, Any] = {"originator_id": lieu, "auteur": "import@test"}
    sortie: list[Any] = [
        LieuRecense(
            originator_version=1,
            timestamp=instant,
            nom="Lieu",
            adresse="1 rue",
            complement_adresse=None,
            code_postal="00000",
            code_insee=commune,
            commune="X",
            departement=commune[:2],
            latitude=47.0,
            longitude=5.0,
            services=(),
            horaires=None,
            verifie_le=date_source(instant, 200) if date_donnee else msgspec.UNSET,
            **commun,
        )
    ]
    for ecart, (nature, *args) in changements_:
        instant += dt.timedelta(minutes=ecart)
        champs: dict[str, Any] = {
            "originator_version": len(sortie) + 1,
            "timestamp": instant,
            **commun,
        }
        if nature == "modifie":
            code, demenage, date_donnee = args
            if demenage:
                position = {"latitude": 47.0 + COMMUNES.index(code) / 10, "longitude": 5.5}
                champs |= {"code_insee": code, "departement": code[:2], **position}
            else:
                champs["nom"] = "Lieu renommé"
            if date_donnee:
                champs["verifie_le"] = date_source(instant, 30)
            sortie.append(LieuModifie(**champs))
        elif nature == "verifie":
            sortie.append(
                LieuVerifie(**champs, le=date_source(instant, 400) if args[0] else msgspec.UNSET)
            )
        elif nature == "ferme":
            sortie.append(LieuFerme(**champs, motif="fermé"))
        elif nature == "fusionne":
            sortie.append(LieuFusionne(**champs, dans=args[0]))
        elif nature == "annule":
            sortie.append(FusionAnnulee(**champs, de=LIEUX[0]))
        else:
            sortie.append(DoublonEcarte(**champs, autre=args[0]))
    return sortie


def fin_du_jour(jour: dt.date) -> dt.datetime:
    """Written again here on purpose: the oracle shares no code with the product."""
    lendemain = jour + dt.timedelta(days=1)
    return dt.datetime(lendemain.year, lendemain.month, lendemain.day, tzinfo=FUSEAU_DU_HUB)


def un_an_apres(jour: dt.date) -> dt.date:
    return jour.replace(year=jour.year + 1, day=min(jour.day, 28 if jour.month == 2 else 31))


class Oracle:
    def __init__(self, histoires: dict[uuid.UUID, list[Any]], geo: dict[str, dict[str, Any]]):
        self.histoires = histoires
        self.geo = geo

    def chiffres(self, niveau: str, code: str, fin: dt.date) -> dict[str, Any]:
        instant = fin_du_jour(fin)
        ouverts = []
        for evenements in self.histoires.values():
            lieu = fold(e for e in evenements if e.timestamp < instant)
            if lieu is None or lieu.ferme or lieu.fusionne_dans is not None:
                continue
            if niveau == "pays" or self.geo[lieu.code_insee][niveau] == code:
                ouverts.append(lieu)
        limite = un_an_avant(fin)
        assert all(lieu.verifie_le is not None for lieu in ouverts)
        couvertes = {lieu.code_insee for lieu in ouverts}
        carte = {}
        if niveau in NIVEAUX_CARTE:
            carte = {
                "carte_communes": dict(Counter(lieu.code_insee for lieu in ouverts)),
                "carte_points": sorted(
                    (round(lieu.latitude, 4), round(lieu.longitude, 4)) for lieu in ouverts
                ),
            }
        return carte | {
            "lieux": len(ouverts),
            "lieux_frais": sum(
                1
                for lieu in ouverts
                if lieu.verifie_le is not None
                and lieu.verifie_le.astimezone(FUSEAU_DU_HUB).date() > limite
            ),
            "population_couverte": sum(self.geo[c]["population"] for c in couvertes),
            "lieux_fragiles": sum(
                1 for lieu in ouverts if FRAGILES.get(lieu.code_insee, 0) >= SEUIL_IFN_FRAGILE
            ),
        }


async def geographie(conn: asyncpg.Connection) -> dict[str, dict[str, Any]]:
    """Each commune's territories and population."""
    geo: dict[str, dict[str, Any]] = dict(await geographie_des_seances(conn))
    for code, population in await conn.fetch(
        "SELECT code_insee, population FROM communes WHERE code_insee = any($1::text[])",
        list(COMMUNES),
    ):
        geo[code] = {**geo[code], "population": population}
    return geo


@st.composite
def journaux(draw: st.DrawFn) -> tuple[dict[uuid.UUID, list[Any]], list[Any]]:
    """Each place's history, and the log: the histories interleaved at random, each place's
    events staying in their order (as the event store keeps them)."""
    nombre = draw(st.integers(1, len(LIEUX)))
    histoires = {lieu: evenements_du_lieu(lieu, draw(historique)) for lieu in LIEUX[:nombre]}
    return histoires, entrelacer(draw, histoires)


def entrelacer(draw: st.DrawFn, histoires: dict[uuid.UUID, list[Any]]) -> list[Any]:
    restes = {ident: list(h) for ident, h in histoires.items()}
    journal: list[Any] = []
    while restes:
        ident = draw(st.sampled_from(sorted(restes)))
        journal.append(restes[ident].pop(0))
        if not restes[ident]:
            del restes[ident]
    return journal


LOTS = st.lists(st.integers(1, 8), min_size=1, max_size=3)
"""Batch sizes, taken in turn."""
REJEU = st.tuples(st.integers(0, 60), st.integers(0, 60))
"""The bounds of the slice of the log given again."""
fins = st.dates(dt.date(2023, 12, 1), dt.date(2026, 3, 31))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_registry_figures_at_a_period_end_are_the_fold_of_the_events_before_it(
    database_dsn: str,
) -> None:
    compte = {"n": 0, "lieux": 0, "frais": 0, "perimes": 0}

    async def ifn(conn: asyncpg.Connection) -> None:
        await conn.executemany(
            "INSERT INTO ifn_communes (code_insee, nom, score) VALUES ($1, $1, $2)",
            list(FRAGILES.items()),
        )

    avec_connexion(database_dsn, ifn)

    @memes_cas(oracle_exemples(150), en_base=True)
    @given(journaux(), LOTS, REJEU, st.data())
    def cas(
        donnees: tuple[dict[uuid.UUID, list[Any]], list[Any]],
        lots: list[int],
        rejeu: tuple[int, int],
        data: st.DataObject,
    ) -> None:
        histoires, journal = donnees
        # Period ends at random; on the days that end on an event or just after it; and
        # around the day a verification made then stops counting as fresh.
        jours = {e.timestamp.astimezone(FUSEAU_DU_HUB).date() for e in journal}
        autour = sorted(
            {j + dt.timedelta(days=k) for j in jours for k in (-1, 0)}
            | {un_an_apres(j) + dt.timedelta(days=k) for j in jours for k in (-1, 0, 1)}
        )
        dates = data.draw(
            st.lists(st.one_of(fins, st.sampled_from(autour)), min_size=1, max_size=4),
            label="fins",
        )

        async def run(conn: asyncpg.Connection) -> list[str]:
            projection = LieuxIntervallesProjection()
            await conn.execute(f"TRUNCATE {', '.join(projection.tables)}")
            for lot in par_lots(journal, lots):
                async with conn.transaction():
                    await projection.apply(conn, lot)
            # A slice of the log given again (a replay after a crash, say) changes nothing.
            a, b = sorted(rejeu)
            async with conn.transaction():
                await projection.apply(conn, journal[a:b])
            oracle = Oracle(histoires, await geographie(conn))
            ecarts = []
            for fin in dates:
                for niveau, code in TERRITOIRES:
                    o = await offre(conn, niveau, code, fin)
                    publie: dict[str, Any] = {
                        "lieux": o.lieux,
                        "lieux_frais": o.lieux_frais,
                        "population_couverte": o.population_couverte,
                        "lieux_fragiles": o.lieux_fragiles,
                    }
                    if niveau in NIVEAUX_CARTE:
                        communes, points = await carte(conn, niveau, code, fin)
                        publie["carte_communes"] = {
                            c["code_insee"]: c["lieux"] for c in communes if c["lieux"]
                        }
                        publie["carte_points"] = [(p["latitude"], p["longitude"]) for p in points]
                    attendu = oracle.chiffres(niveau, code, fin)
                    if publie != attendu:
                        ecarts.append(f"{niveau} {code} au {fin}: {publie} ≠ {attendu}")
                    if niveau == "pays":
                        compte["lieux"] += attendu["lieux"]
                        compte["frais"] += attendu["lieux_frais"]
                        compte["perimes"] += attendu["lieux"] - attendu["lieux_frais"]
            return ecarts

        compte["n"] += 1
        assert avec_connexion(database_dsn, run) == []

    cas()
    # Not a comparison of empty registries: places open at the drawn ends, fresh and stale.
    assert compte["lieux"] >= compte["n"] and compte["frais"] > 0 and compte["perimes"] > 0, compte


def test_the_state_at_an_instant_is_one_interval_per_place(database_dsn: str) -> None:
    """Intervals of a place follow each other without gap or overlap."""
    lieu = LIEUX[0]
    h = (
        DEBUT,
        "21231",
        False,
        [(60, ("modifie", "21054", True, False)), (0, ("ferme",)), (5, ("verifie", False))],
    )

    async def run(conn: asyncpg.Connection) -> list[asyncpg.Record]:
        async with conn.transaction():
            await LieuxIntervallesProjection().apply(conn, evenements_du_lieu(lieu, h))
        rows: list[asyncpg.Record] = await conn.fetch(
            "SELECT version, valide_de, valide_jusqua, code_insee, ferme FROM lieux_intervalles "
            "ORDER BY version"
        )
        return rows

    rows = avec_connexion(database_dsn, run)
    # given a creation, a move, a closure in the same minute, then a verification
    # then each change opens an interval where the previous one ends; the last is open
    assert [(r["version"], r["code_insee"], r["ferme"]) for r in rows] == [
        (1, "21231", False),
        (2, "21054", False),
        (3, "21054", True),
        (4, "21054", True),
    ]
    for avant, apres in itertools.pairwise(rows):
        assert avant["valide_jusqua"] == apres["valide_de"]
    assert rows[-1]["valide_jusqua"] is None
