"""The per-cell counts of followed people (migration 0022) against a scan of the people, after
a random mix of sessions, back-dated sessions, corrections, deletions and profile changes; and
the anonymous residences in fragile communes, summed from the cube."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import asyncpg

from domain.activites.events import (
    ActiviteCorrigee,
    ActiviteEnregistree,
    ActiviteSupprimee,
    CompteRendu,
)
from domain.beneficiaires.events import BeneficiaireEnregistre, Profil, ProfilModifie
from domain.evaluation.periodes import douze_mois_jusqu_au
from domain.evaluation.rapport import Periode
from projections import evaluation_douze_mois as douze
from projections import evaluation_requetes as q
from projections.evaluation import EvaluationProjection
from projections.evaluation_detail_requetes import mois_coupes
from projections.evaluation_diagnostics_requetes import Diagnostics
from projections.evaluation_diagnostics_requetes import diagnostics as diagnostics_de
from projections.evaluation_periode_libre import periode_libre
from tests.conftest import run_sync

MOMENT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
COMMUNES = ("21231", "21054", "25056", "71270", "39198")  # Dijon, Beaune, Besançon, …
PERIODES = [
    (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
    (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    (dt.date(2025, 3, 10), dt.date(2025, 3, 10)),
]
TERRITOIRES = [("commune", "21231"), ("departement", "21"), ("region", "27"), ("pays", "FR")]


def evenement(kind: type, id: uuid.UUID, version: int, **champs: Any) -> Any:
    return kind(
        originator_id=id, originator_version=version, timestamp=MOMENT, auteur="m@x.fr", **champs
    )


class Histoire:
    """Random events of a small hub, in the order a projector would see them."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.personnes = [uuid.UUID(int=self.rng.getrandbits(128), version=4) for _ in range(40)]
        self.versions: dict[uuid.UUID, int] = {}
        self.activites: list[uuid.UUID] = []

    def profil(self) -> Profil:
        rng = self.rng
        return Profil(
            genre=rng.choice(("feminin", "masculin", "non_communique")),
            tranche_age=rng.choice(("vingt_cinq_trente_neuf", "soixante_dix_plus")),
            statut_social=rng.choice(("retraite", "en_emploi")),
            commune_residence=rng.choice((*COMMUNES, None)),
        )

    def compte_rendu(self) -> CompteRendu:
        rng = self.rng
        date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(540))
        commun: dict[str, Any] = {
            "date": date,
            "duree": rng.choice((15, 30, 45, 60, 90, 120, 300)),
            "type_lieu": "domicile",
            "commune": rng.choice(COMMUNES),
            "thematiques": ("prendre_en_main_du_materiel",),
        }
        if rng.random() < 0.6:
            return CompteRendu(
                type="individuel",
                autonomie="entierement_accompagne",
                beneficiaire_id=rng.choice(self.personnes),
                **commun,
            )
        return CompteRendu(
            type="collectif",
            titre_atelier="Atelier",
            niveau="debutant",
            beneficiaires=tuple(set(rng.sample(self.personnes, rng.randint(2, 4)))),
            **commun,
        )

    def lot(self, taille: int) -> list[Any]:
        rng = self.rng
        lot: list[Any] = []
        for _ in range(taille):
            tirage = rng.random()
            if tirage < 0.1:
                personne = rng.choice(self.personnes)
                version = self.versions.get(personne, 0) + 1
                self.versions[personne] = version
                kind = BeneficiaireEnregistre if version == 1 else ProfilModifie
                extra = {"mediateur": "m@x.fr"} if version == 1 else {}
                lot.append(evenement(kind, personne, version, profil=self.profil(), **extra))
            elif tirage < 0.25 and self.activites:
                activite = rng.choice(self.activites)
                version = self.versions[activite] + 1
                self.versions[activite] = version
                if rng.random() < 0.3:
                    self.activites.remove(activite)
                    lot.append(evenement(ActiviteSupprimee, activite, version, motif="erreur"))
                else:
                    cr = self.compte_rendu()
                    lot.append(
                        evenement(
                            ActiviteCorrigee, activite, version, compte_rendu=cr, champs=("date",)
                        )
                    )
            else:
                activite = uuid.UUID(int=rng.getrandbits(128), version=4)
                self.versions[activite] = 1
                self.activites.append(activite)
                lot.append(
                    evenement(
                        ActiviteEnregistree,
                        activite,
                        1,
                        mediateur="m@x.fr",
                        compte_rendu=self.compte_rendu(),
                    )
                )
        return lot


async def comparer(conn: asyncpg.Connection) -> list[str]:
    ecarts = []
    for niveau, code in TERRITOIRES:
        for debut, fin in PERIODES:
            cellule = f"{niveau} {code} {debut}…{fin}"
            par_cellule = await q.personnes(conn, niveau, code, debut, fin)
            une_a_une = await q.personnes_une_a_une(conn, niveau, code, debut, fin)
            if par_cellule != une_a_une:
                ecarts.append(f"{cellule}: {par_cellule} ≠ {une_a_une}")
            profils = await q.profils_suivis(conn, niveau, code, debut, fin)
            un_a_un = await q.profils_un_a_un(conn, niveau, code, debut, fin)
            if profils != un_a_un:
                ecarts.append(f"{cellule}: {profils} ≠ {un_a_un}")
            diagnostics = await diagnostics_de(conn, niveau, code, debut, fin)
            if diagnostics != await diagnostics_par_scan(conn, niveau, code, debut, fin):
                ecarts.append(f"diagnostics {cellule}: {diagnostics}")
            epci = await q.beneficiaires_uniques(conn, "epci", ["242100410"], debut, fin)
            if niveau == "pays":
                brut = await conn.fetchval(
                    "SELECT count(DISTINCT beneficiaire_id) FROM cube_personnes WHERE "
                    "niveau = 'epci' AND code = '242100410' AND grain = 'jour' "
                    "AND debut BETWEEN $1 AND $2 AND accompagnements > 0",
                    debut,
                    fin,
                )
                if epci.get("242100410", 0) != brut:
                    ecarts.append(f"EPCI de Dijon {debut}…{fin}: {epci} ≠ {brut}")
    ecarts += await comparer_douze_mois(conn)
    ecarts += await comparer_periodes_libres(conn)
    return ecarts


# Custom ranges: a day, days within a month, across months, across a quarter and a year.
LIBRES = [
    (dt.date(2025, 3, 10), dt.date(2025, 4, 23)),
    (dt.date(2025, 2, 15), dt.date(2025, 7, 3)),
    (dt.date(2025, 6, 2), dt.date(2025, 6, 29)),
    (dt.date(2025, 11, 20), dt.date(2026, 2, 10)),
    (dt.date(2025, 1, 2), dt.date(2026, 1, 1)),
]


async def comparer_periodes_libres(conn: asyncpg.Connection) -> list[str]:
    """The one-statement figures of a custom range against the per-figure queries."""
    ecarts = []
    for niveau, code in TERRITOIRES:
        for debut, fin in LIBRES:
            periode = Periode(debut=debut, fin=fin, libelle="")
            coupes = mois_coupes(periode)
            libre = await periode_libre(conn, niveau, code, debut, fin, coupes)
            attendu = {
                "personnes": await q.personnes_une_a_une(conn, niveau, code, debut, fin),
                "profils": await q.profils_un_a_un(conn, niveau, code, debut, fin),
                "diagnostics": await diagnostics_de(conn, niveau, code, debut, fin),
                "par_mois": {
                    m: n
                    for m in coupes
                    if (
                        n := await conn.fetchval(
                            "SELECT count(DISTINCT beneficiaire_id) FROM cube_personnes "
                            "WHERE niveau = $1 AND code = $2 AND grain = 'jour' "
                            "AND debut BETWEEN $3 AND $4 AND accompagnements > 0",
                            niveau,
                            code,
                            max(m, debut),
                            min(
                                fin,
                                (m + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1),
                            ),
                        )
                    )
                },
            }
            obtenu = {k: getattr(libre, k) for k in attendu}
            if obtenu != attendu:
                ecarts.append(f"{niveau} {code} {debut}…{fin}: {obtenu} ≠ {attendu}")
            if libre.diagnostics != await diagnostics_par_scan(conn, niveau, code, debut, fin):
                ecarts.append(f"diagnostics {niveau} {code} {debut}…{fin}: {libre.diagnostics}")
    return ecarts


async def diagnostiquer(conn: asyncpg.Connection, histoire: Histoire) -> None:
    """Diagnostic rows as the diagnostics projection writes them (its own tests cover it)."""
    rng = random.Random(7)
    for personne in histoire.personnes[:30]:
        for rang in range(rng.randint(1, 3)):
            date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(560))
            if rng.random() < 0.3:  # on a period's last day: « as of the end » includes it
                date = rng.choice([fin for _, fin in PERIODES + LIBRES])
            await conn.execute(
                "INSERT INTO diagnostics (id, version, beneficiaire_id, date, source, scores, "
                "niveau, auteur, annule, cree_le, modifie_le, modifie_par) VALUES ($1, 1, $2, "
                "$3, 'grille', '{}', $4, 'm@x.fr', $5, $6, $6, 'm@x.fr')",
                uuid.UUID(int=rng.getrandbits(128), version=4),
                personne,
                date,
                rng.randint(0, 4),
                rng.random() < 0.15,
                MOMENT + dt.timedelta(minutes=rang),
            )


async def diagnostics_par_scan(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> Diagnostics:
    """The slow way: the period's people from their day rows, their diagnostics in Python."""
    personnes = {
        r[0]
        for r in await conn.fetch(
            "SELECT beneficiaire_id FROM cube_personnes WHERE niveau = $1 AND code = $2 "
            "AND grain = 'jour' AND debut BETWEEN $3 AND $4 AND accompagnements > 0",
            niveau,
            code,
            debut,
            fin,
        )
    }
    par_personne: dict[uuid.UUID, list[Any]] = {}
    for r in await conn.fetch("SELECT * FROM diagnostics ORDER BY date, cree_le"):
        if r["beneficiaire_id"] in personnes and not r["annule"] and r["date"] <= fin:
            par_personne.setdefault(r["beneficiaire_id"], []).append(r["niveau"])
    niveaux: dict[str, int] = {}
    deltas = []
    for suite in par_personne.values():
        niveaux[str(suite[0])] = niveaux.get(str(suite[0]), 0) + 1
        if len(suite) >= 2:
            deltas.append(suite[-1] - suite[0])
    return Diagnostics(
        niveaux_entree=niveaux,
        avec_deux=len(deltas),
        progresses=sum(1 for d in deltas if d >= 1),
        delta_moyen=sum(deltas) / len(deltas) if deltas else None,
    )


# Every end day the test's history reaches, leap day included (2024 and 2028 are outside it:
# the window's arithmetic is checked against periodes.douze_mois_jusqu_au in its own test).
FINS = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(0, 920, 3)]


async def comparer_douze_mois(conn: asyncpg.Connection) -> list[str]:
    """The rolling counts against a DISTINCT over each window's day rows."""
    ecarts = []
    for niveau, code in TERRITOIRES:
        for fin in FINS:
            lues = await q.beneficiaires_douze_mois(conn, niveau, [code], fin)
            brut = await conn.fetchval(
                "SELECT count(DISTINCT beneficiaire_id) FROM cube_personnes WHERE niveau = $1 "
                "AND code = $2 AND grain = 'jour' AND debut BETWEEN $3 AND $4 "
                "AND accompagnements > 0",
                niveau,
                code,
                douze_mois_jusqu_au(fin),
                fin,
            )
            anonymes = await q.beneficiaires_uniques(
                conn, niveau, [code], douze_mois_jusqu_au(fin), fin
            )
            attendu = anonymes.get(code, 0)
            if lues.get(code, 0) != attendu or brut > attendu:
                ecarts.append(f"12 mois {niveau} {code} jusqu'au {fin}: {lues} ≠ {attendu}")
    return ecarts


def test_the_per_cell_counts_equal_a_scan_of_the_people(database_dsn: str) -> None:
    async def run() -> tuple[int, list[str]]:
        conn = await asyncpg.connect(database_dsn)
        try:
            # given a history applied batch by batch, as the projector does
            histoire = Histoire(seed=2026)
            projection = EvaluationProjection()
            suivis = 0
            for taille in (30, 1, 80, 7, 120, 50):
                async with conn.transaction():
                    await projection.apply(conn, histoire.lot(taille))
                suivis = max(
                    suivis, (await q.personnes_une_a_une(conn, "pays", "FR", *PERIODES[2])).suivis
                )
            # and diagnostics of those people, some cancelled, some after the periods
            await diagnostiquer(conn, histoire)
            # then every count kept per cell equals the scan of its people (migration 0023
            # rebuilds these tables from the log: 0022's fill of old rows no longer applies)
            return suivis, await comparer(conn)
        finally:
            await conn.close()

    suivis, ecarts = run_sync(run())
    assert suivis >= 20  # the comparison is not between empty sets
    assert ecarts == []


def test_anonymous_accompaniments_in_fragile_communes(database_dsn: str) -> None:
    # given Dijon fragile and Beaune not (IFN), and anonymous sessions of Côte-d'Or residents
    def seance(residence: str | None) -> Any:
        cr = CompteRendu(
            type="individuel",
            date=dt.date(2025, 3, 10),
            duree=30,
            type_lieu="domicile",
            commune="21231",
            autonomie="entierement_accompagne",
            profil=Profil(commune_residence=residence),
        )
        return evenement(ActiviteEnregistree, uuid.uuid4(), 1, mediateur="m@x.fr", compte_rendu=cr)

    async def run() -> tuple[int, int]:
        conn = await asyncpg.connect(database_dsn)
        try:
            await conn.execute(
                "INSERT INTO ifn_communes (code_insee, nom, score) "
                "VALUES ('21231', 'Dijon', 8.2), ('21054', 'Beaune', 3.1)"
            )
            lot = [*(seance("21231") for _ in range(3)), *(seance("21054") for _ in range(2))]
            async with conn.transaction():
                await EvaluationProjection().apply(conn, [*lot, seance(None)])
            # when the report's figure is read for the département over the quarter
            return await q.residences_anonymes_fragiles(
                conn, "departement", "21", dt.date(2025, 1, 1), dt.date(2025, 3, 31)
            )
        finally:
            await conn.close()

    # then 3 of the 5 known residences are fragile; the unknown one is not counted
    assert run_sync(run()) == (3, 5)


def test_a_day_counts_in_the_windows_that_end_up_to_a_year_after_it(database_dsn: str) -> None:
    async def fins() -> dict[dt.date, dt.date]:
        conn = await asyncpg.connect(database_dsn)
        try:
            rows = await conn.fetch(
                f"SELECT jour, {douze.FIN_DES_FENETRES} AS fin FROM generate_series("
                "'2019-01-01'::date, '2033-12-31'::date, '1 day') g (jour)"
            )
            return {
                r["jour"].date() if hasattr(r["jour"], "date") else r["jour"]: r["fin"]
                for r in rows
            }
        finally:
            await conn.close()

    # given every day of fifteen years, four leap days among them
    fin_de = run_sync(fins())
    assert len(fin_de) > 5_000
    for jour, fin in fin_de.items():
        # then the last window holding the day ends on `fin`: its window starts on or before
        # the day, the next one after it
        assert douze_mois_jusqu_au(fin) <= jour < douze_mois_jusqu_au(fin + dt.timedelta(days=1))
        assert fin >= jour
