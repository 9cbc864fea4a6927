"""The duplicate-candidates read model, checked against the obvious computation: every pair of
the final open places, scored by the domain (same ratio), of the fold of the raw events."""

from __future__ import annotations

import asyncio
import random
from uuid import UUID, uuid4

import pytest

from domain.lieux.commands import FermerLieu, FusionnerLieux, ModifierLieu, RecenserLieu
from domain.lieux.doublons import Candidat, candidats_doublons
from mednum.infra.projector import Projector
from mednum.infra.ressemblance import ratio_rapidfuzz
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.doublons import DoublonsProjection
from tests.integration.projecteur_outils import AUTEUR, connect, expected_places

NOMS = (
    "Médiathèque Champollion",
    "Mediatheque Champollion",
    "Médiathèque de Champollion",
    "Espace numérique des Grésilles",
    "Espace numerique Gresilles",
    "France Services Dijon",
    "Maison France Services",
)
ADRESSES = ("14 rue Camille Flammarion", "14 rue C. Flammarion", "2 place de la Mairie")
COMMUNES = (("21231", "21000", 47.3229, 5.0375), ("39198", "39100", 47.0925, 5.4897))


def historique(hub: Hub, graine: int) -> None:
    """Places created, renamed, moved, closed and merged in a random order."""
    rng = random.Random(graine)
    lieux = Lieux(hub)
    versions: dict[UUID, int] = {}
    ouverts: list[UUID] = []
    gardes: set[UUID] = set()  # a place that absorbed others cannot itself be merged away
    for _ in range(40):
        action = rng.random()
        if action < 0.45 or len(ouverts) < 3:
            code_insee, code_postal, lat, lon = rng.choice(COMMUNES)
            cree = lieux.recenser_lieu(
                RecenserLieu(
                    command_id=uuid4(),
                    nom=rng.choice(NOMS),
                    adresse=rng.choice(ADRESSES),
                    code_postal=code_postal,
                    code_insee=code_insee,
                    latitude=round(lat + rng.uniform(-0.004, 0.004), 6),
                    longitude=round(lon + rng.uniform(-0.004, 0.004), 6),
                    services=["Aide aux démarches administratives"],
                ),
                AUTEUR,
            )
            versions[cree.id] = cree.version
            ouverts.append(cree.id)
        elif action < 0.7:
            cible = rng.choice(ouverts)
            code_insee, code_postal, lat, lon = rng.choice(COMMUNES)
            fait = lieux.modifier_lieu(
                cible,
                ModifierLieu(
                    command_id=uuid4(),
                    version=versions[cible],
                    nom=rng.choice(NOMS),
                    code_insee=code_insee,
                    code_postal=code_postal,
                    latitude=lat,
                    longitude=lon,
                ),
                AUTEUR,
            )
            versions[cible] = fait.version
        elif action < 0.85:
            cible = ouverts.pop(rng.randrange(len(ouverts)))
            lieux.fermer_lieu(
                cible,
                FermerLieu(command_id=uuid4(), version=versions[cible], motif="Fermé"),
                AUTEUR,
            )
        elif len(fusionnables := [i for i in ouverts if i not in gardes]) >= 2:
            garde, doublon = rng.sample(fusionnables, 2)
            fait = lieux.fusionner_lieux(
                garde,
                FusionnerLieux(
                    command_id=uuid4(),
                    doublon=doublon,
                    version=versions[garde],
                    version_doublon=versions[doublon],
                ),
                AUTEUR,
            )
            versions[garde] = fait.version
            gardes.add(garde)
            ouverts.remove(doublon)


async def projete_et_attendu(dsn: str, batch_size: int) -> tuple[set[tuple], set[tuple]]:
    conn = await connect(dsn)
    try:
        await Projector(DoublonsProjection(), batch_size=batch_size).catch_up(conn)
        projetees = {
            (r["a"], r["b"], r["total"], r["nom"], r["adresse"], r["distance_m"])
            for r in await conn.fetch("SELECT * FROM doublons_candidats")
        }
        lieux = await expected_places(conn)
    finally:
        await conn.close()
    ouverts = [
        Candidat(
            id=lieu.id,
            nom=lieu.nom,
            adresse=lieu.adresse,
            code_insee=lieu.code_insee,
            latitude=lieu.latitude,
            longitude=lieu.longitude,
            pivot=lieu.standard.pivot,
        )
        for lieu in lieux.values()
        if not lieu.ferme and lieu.fusionne_dans is None
    ]
    attendues = {
        (p.a, p.b, p.score.total, p.score.nom, p.score.adresse, p.score.distance_m)
        for p in candidats_doublons(ouverts, ratio=ratio_rapidfuzz)
    }
    return projetees, attendues


@pytest.mark.parametrize("graine", [1, 2, 3])
def test_candidates_equal_the_pairwise_computation_over_the_final_places(
    hub: Hub, database_dsn: str, graine: int
) -> None:
    # given a random registry history, projected in small batches
    historique(hub, graine)
    projetees, attendues = asyncio.run(projete_et_attendu(database_dsn, batch_size=3))
    # then the read model holds exactly the pairs the obvious computation finds
    assert attendues, "the history should produce some candidates"
    assert projetees == attendues
    # and after more changes, projected incrementally, still does
    historique(hub, graine + 100)
    projetees, attendues = asyncio.run(projete_et_attendu(database_dsn, batch_size=5))
    assert projetees == attendues
