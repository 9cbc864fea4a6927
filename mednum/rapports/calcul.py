"""Evaluation reports: measure a territory over a period (and the same period a year
earlier), protect, compose; freeze a report as of an event position; list, read, compare.

A report is computed from read models that all stand at one event position P: `instant`
finds such a P (every read model the report uses has applied exactly the events up to P of
its topics), so the same report can be recomputed later by replaying the events up to P
(mednum/rapports/rejeu.py) and must give the same bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
from collections.abc import AsyncIterator

import asyncpg
import msgspec

from domain.base import memes_champs
from domain.errors import DomainError
from domain.evaluation.composition import Contexte, composer
from domain.evaluation.mesures import Mesures
from domain.evaluation.methode import definitions_methode
from domain.evaluation.periodes import meme_periode_annee_precedente
from domain.evaluation.rapport import (
    CommuneCarte,
    LieuCarte,
    Periode,
    Rapport,
    Territoire,
)
from mednum.infra.lecture_ecriture import topics_of
from mednum.rapports.referentiel import version_courante
from projections import evaluation_detail_requetes as detail
from projections import evaluation_registre as registre
from projections import evaluation_requetes as q
from projections.catalogue import all_projections
from projections.evaluation_diagnostics_requetes import diagnostics as diagnostics_de
from projections.evaluation_periode_libre import PeriodeLibre, periode_libre
from projections.financements_requetes import indicateurs_financement
from projections.pass_numerique_requetes import indicateurs_pass

PROJECTIONS_DU_RAPPORT = (
    "lieux",
    "lieux_intervalles",
    "acteurs",
    "aidants_intervalles",
    "formations",
    "diagnostics",
    "orientations",
    "evaluation",
    "financements",
    "pass_numerique",
)


class _Horodatage(msgspec.Struct):
    timestamp: dt.datetime


async def territoire(conn: asyncpg.Connection, niveau: str, code: str) -> Territoire:
    if niveau == "pays":
        return Territoire(niveau="pays", code="FR", nom="France")
    if niveau == "commune":
        nom = await conn.fetchval("SELECT nom FROM communes WHERE code_insee = $1", code)
    else:
        nom = await conn.fetchval(
            "SELECT nom FROM territoires WHERE niveau = $1 AND code = $2", niveau, code
        )
    if nom is None:
        raise DomainError(
            f"Territoire inconnu : {niveau} {code}. Donnez un code INSEE de région, de "
            "département ou de commune, ou le SIREN d'un EPCI.",
            "territoire",
        )
    return Territoire(niveau=niveau, code=code, nom=nom)


async def mesurer(
    conn: asyncpg.Connection,
    t: Territoire,
    periode: Periode,
    autre: asyncpg.Connection | None = None,
) -> Mesures:
    """The figures of `t` over `periode`. With `autre`, a second connection that sees the same
    snapshot as `conn` (`snapshot_partage`), a custom range's people are gathered there while
    `conn` computes the rest: the two largest queries of a custom range then use both cores."""
    if q.grain_de(periode.debut, periode.fin) is not None:
        autre = None  # a month, a quarter or a year reads its cells: one connection is enough
    async with contextlib.AsyncExitStack() as pile:
        for c in (conn, autre) if autre is not None else (conn,):
            await pile.enter_async_context(c.transaction())
            # Each query planned for its own values: the statement cache otherwise moves a
            # query to a generic plan after five runs, and the best plan hangs on the values
            # (a cell of ten people or of 75,000). A generic plan read every person of a
            # quarter's cell to find the diagnosed among them: 250 ms of the 1M bench's 350,
            # against 2 ms planning.
            await c.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        return await _mesurer(conn, t, periode, autre)


async def _mesurer(
    conn: asyncpg.Connection, t: Territoire, periode: Periode, autre: asyncpg.Connection | None
) -> Mesures:
    debut, fin = periode.debut, periode.fin
    libre_en_cours: asyncio.Task[PeriodeLibre] | None = None
    if q.grain_de(debut, fin) is None:
        # A custom range: its people gathered once for every figure about them.
        libre_en_cours = asyncio.ensure_future(
            periode_libre(autre or conn, t.niveau, t.code, debut, fin, detail.mois_coupes(periode))
        )
        if autre is None:
            await asyncio.wait([libre_en_cours])  # one connection: one query at a time
    try:
        return await _mesurer_le_reste(conn, t, periode, libre_en_cours)
    finally:
        if libre_en_cours is not None and not libre_en_cours.done():
            libre_en_cours.cancel()
            await asyncio.wait([libre_en_cours])


async def _mesurer_le_reste(
    conn: asyncpg.Connection,
    t: Territoire,
    periode: Periode,
    libre_en_cours: asyncio.Task[PeriodeLibre] | None,
) -> Mesures:
    debut, fin = periode.debut, periode.fin
    communes = await q.communes_du_territoire(conn, t.niveau, t.code)
    offre = await registre.offre(conn, t.niveau, t.code, fin)
    formations = await registre.formations(conn, t.niveau, t.code, debut, fin)
    cube: dict[str, dict[str, list[int]]] = {}
    for (dimension, modalite), s in (await q.sommes(conn, t.niveau, t.code, debut, fin)).items():
        cube.setdefault(dimension, {})[modalite] = [
            s.activites,
            s.accompagnements,
            s.minutes,
            s.minutes_personnes,
        ]
    anonymes_fragiles, anonymes_connus = await q.residences_anonymes_fragiles(
        conn, t.niveau, t.code, debut, fin
    )
    fonds = await indicateurs_financement(conn, communes, debut, fin)
    pass_ = await indicateurs_pass(conn, communes, debut, fin)
    sous = await q.totaux_par_enfant(conn, t.niveau, t.code, debut, fin)
    douze_mois = await q.beneficiaires_douze_mois(conn, t.niveau, [t.code], fin)
    lieux = await detail.lieux_du_territoire(conn, t.niveau, t.code)
    par_lieu = await detail.par_lieu(conn, list(lieux), debut, fin)
    structures = await detail.structures_des_lieux(conn, list(lieux))
    par_structure = await detail.par_structure(conn, structures, par_lieu, debut, fin)
    aidants = await registre.aidants_par_type(conn, t.niveau, t.code, fin)
    orientations = await registre.orientations(conn, t.niveau, t.code, debut, fin)
    coupes: dict[dt.date, int] | None = None
    if libre_en_cours is not None:
        # Last: on a second connection it ran beside everything above.
        libre = await libre_en_cours
        personnes, diagnostics, coupes = libre.personnes, libre.diagnostics, libre.par_mois
        profils_suivis = libre.profils
    else:
        personnes = await q.personnes(conn, t.niveau, t.code, debut, fin)
        diagnostics = await diagnostics_de(conn, t.niveau, t.code, debut, fin)
        profils_suivis = await q.profils_suivis(conn, t.niveau, t.code, debut, fin)
    profils: dict[str, dict[str, int]] = {}
    for (dimension, modalite), n in profils_suivis.items():
        profils.setdefault(dimension, {})[modalite] = n
    return Mesures(
        **memes_champs(offre, Mesures),
        aidants=aidants,
        sessions_formation=formations.sessions,
        participants_formation=formations.participants,
        aidants_formes=formations.aidants_formes,
        heures_formation=formations.heures,
        fonds_par_source=fonds.accorde_par_source,
        dossiers_deposes=fonds.nb_deposes,
        dossiers_accordes=fonds.nb_accordes,
        dossiers_refuses=fonds.nb_refuses,
        montant_demande=fonds.montant_demande,
        montant_accorde=fonds.montant_accorde,
        fonds_fonctionnement_hub=fonds.accorde_fonctionnement_hub,
        fonds_fleches_accompagnement=fonds.accorde_fleche_accompagnement,
        pass_emis=pass_.pass_emis,
        pass_en_validite=pass_.pass_en_validite,
        carnets_en_validite=pass_.carnets_en_validite,
        pass_scannes=pass_.pass_scannes,
        carnets_emis=pass_.carnets_emis,
        carnets_injectes=pass_.carnets_injectes,
        carnets_entames=pass_.carnets_entames,
        pass_montant_consomme=pass_.montant_consomme,
        pass_beneficiaires=pass_.beneficiaires_avec_scan,
        cube=cube,
        **memes_champs(personnes, Mesures),
        nouveaux_suivis=personnes.nouveaux,
        profils_suivis=profils,
        residences_fragiles=profils.get("residence", {}).get("fragile", 0) + anonymes_fragiles,
        residences_connues=sum(profils.get("residence", {}).values()) + anonymes_connus,
        niveaux_entree=diagnostics.niveaux_entree,
        diagnostics_deux=diagnostics.avec_deux,
        progresses=diagnostics.progresses,
        delta_moyen=diagnostics.delta_moyen,
        orientations=orientations,
        par_sous_territoire={k: v.accompagnements for k, v in sous.items()},
        beneficiaires_douze_mois=douze_mois.get(t.code, 0),
        par_mois=await detail.par_mois(conn, t.niveau, t.code, periode, coupes),
        par_lieu={k: v.en_liste() for k, v in par_lieu.items()},
        par_structure={k: v.en_liste() for k, v in par_structure.items()},
    )


async def _noms_sous_territoires(conn: asyncpg.Connection, t: Territoire) -> dict[str, str]:
    enfant = q.ENFANTS.get(t.niveau)
    if enfant is None:
        return {}
    if enfant == "commune":
        rows = await conn.fetch(
            "SELECT code_insee, nom FROM communes c "
            f"WHERE {q.filtre_communes(t.niveau)} ORDER BY nom",
            t.code,
        )
    else:
        colonne = {"departement": "departement", "epci": "epci"}.get(enfant, "region")
        rows = await conn.fetch(
            "SELECT t.code, t.nom FROM territoires t WHERE t.niveau = $2 AND t.code IN "
            f"(SELECT c.{colonne} FROM communes c WHERE {q.filtre_communes(t.niveau)}) "
            "ORDER BY t.code",
            t.code,
            enfant,
        )
    return {r[0]: r[1] for r in rows}


async def calculer(
    conn: asyncpg.Connection,
    t: Territoire,
    periode: Periode,
    *,
    position: int,
    seuil: int,
    autre: asyncpg.Connection | None = None,
) -> Rapport:
    """The report of `t` over `periode` from the read models as they stand (at `position`);
    `autre` as in `mesurer`."""
    precedente = meme_periode_annee_precedente(periode)
    actuel = await mesurer(conn, t, periode, autre)
    precedent = await mesurer(conn, t, precedente, autre)
    communes, lieux = await registre.carte(conn, t.niveau, t.code, periode.fin)
    epcis = await registre.population_par_epci(conn, t.niveau, t.code)
    uniques = await q.beneficiaires_douze_mois(conn, "epci", [e[0] for e in epcis], periode.fin)
    lieux_noms = await detail.lieux_du_territoire(conn, t.niveau, t.code)
    structures = await detail.structures_des_lieux(conn, list(lieux_noms))
    ctx = Contexte(
        titre=f"Rapport d'évaluation — {t.nom}, {periode.libelle}",
        territoire=t,
        periode=periode,
        periode_precedente=precedente,
        position=position,
        arrete_au=await _horodatage(conn, position),
        seuil=seuil,
        sous_territoires=await _noms_sous_territoires(conn, t),
        communes=[
            CommuneCarte(
                code=r["code_insee"], nom=r["nom"], epci=r["epci"], ifn=r["score"], lieux=r["lieux"]
            )
            for r in communes
        ],
        lieux=[LieuCarte(latitude=r["latitude"], longitude=r["longitude"]) for r in lieux],
        epci=[(code, nom, pop, uniques.get(code, 0)) for code, nom, pop in epcis],
        methode=definitions_methode(seuil),
        lieux_noms=lieux_noms,
        structures_noms={k: nom for k, (nom, _) in structures.items()},
    )
    return composer(actuel, precedent, ctx)


async def _horodatage(conn: asyncpg.Connection, position: int) -> dt.datetime:
    """When event `position` was recorded (its timestamp is never encrypted)."""
    state = await conn.fetchval(
        "SELECT state FROM mednum_events WHERE notification_id <= $1 "
        "ORDER BY notification_id DESC LIMIT 1",
        position,
    )
    if state is None:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return msgspec.json.decode(state, type=_Horodatage).timestamp


async def instant(conn: asyncpg.Connection) -> int | None:
    """Inside the caller's REPEATABLE READ transaction: a position P at which every read
    model of the report holds exactly the events up to P of its topics, or None (one of them
    is midway: try again in a moment)."""
    rows = await conn.fetch(
        "SELECT name, position FROM projection_tracking WHERE name = any($1::text[])",
        list(PROJECTIONS_DU_RAPPORT),
    )
    positions = {r["name"]: int(r["position"]) for r in rows}
    p = min(positions.get(name, 0) for name in PROJECTIONS_DU_RAPPORT)
    topics = topics_of([x for x in all_projections() if x.name in PROJECTIONS_DU_RAPPORT])
    for name, position in positions.items():
        if position > p and await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM mednum_events WHERE notification_id > $1 "
            "AND notification_id <= $2 AND topic = any($3::text[]))",
            p,
            position,
            topics[name],
        ):
            return None
    return p


async def calculer_a_jour(
    pool: asyncpg.Pool, t: Territoire, periode: Periode, seuil: int
) -> Rapport:
    """The report as the read models stand now, at a consistent position."""
    return (await _a_jour(pool, t, periode, seuil, versionner=False))[0]


async def calculer_pour_figer(
    pool: asyncpg.Pool, t: Territoire, periode: Periode, seuil: int
) -> tuple[Rapport, str]:
    """The report as it stands now and the version of the reference data it read (same
    snapshot): what a frozen report records to be replayed later."""
    rapport, version = await _a_jour(pool, t, periode, seuil, versionner=True)
    assert version is not None
    return rapport, version


# A report waits this long for a second connection; a busy pool computes it on one.
ATTENTE_SECONDE_CONNEXION = 0.05
_SNAPSHOT = re.compile(r"[0-9A-F]+-[0-9A-F]+-[0-9]+")


@contextlib.asynccontextmanager
async def snapshot_partage(
    pool: asyncpg.Pool, conn: asyncpg.Connection
) -> AsyncIterator[asyncpg.Connection | None]:
    """A second connection of `pool` that sees what `conn` (in a REPEATABLE READ transaction)
    sees: the same snapshot, exported and imported. None when the pool has none free at once:
    two requests each holding one connection must not wait for each other's second."""
    try:
        autre = await pool.acquire(timeout=ATTENTE_SECONDE_CONNEXION)
    except TimeoutError:
        yield None
        return
    try:
        snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
        assert _SNAPSHOT.fullmatch(snapshot), snapshot  # SET takes no parameter
        async with autre.transaction(isolation="repeatable_read", readonly=True):
            await autre.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            yield autre
    finally:
        await pool.release(autre)


async def _a_jour(
    pool: asyncpg.Pool, t: Territoire, periode: Periode, seuil: int, *, versionner: bool
) -> tuple[Rapport, str | None]:
    for _ in range(50):
        async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
            position = await instant(conn)
            if position is not None:
                version = await version_courante(conn) if versionner else None
                async with snapshot_partage(pool, conn) as autre:
                    rapport = await calculer(
                        conn, t, periode, position=position, seuil=seuil, autre=autre
                    )
                return rapport, version
        await asyncio.sleep(0.1)
    raise DomainError(
        "Les tableaux de bord sont en cours de mise à jour : réessayez dans une minute.",
        "position",
    )
