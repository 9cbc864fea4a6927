"""Proposals with their places: the rules (pure) on a situation, then the places near the
person that fit each offer, ranked (pure), with what a citizen needs to go there."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import msgspec

from domain.errors import DomainError
from domain.orientation.classement import LieuCandidat, classer
from domain.orientation.moteur import Proposition, Situation, proposer
from mednum.infra.communes import normaliser
from projections.communes import CommuneVue, chercher_communes
from projections.proximite import LieuProche, lieux_proches

RAYON_KM_DEFAUT = 20.0
CANDIDATS = 300  # nearest places examined before ranking


class LieuTrouve(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nom: str
    adresse: str
    code_postal: str
    commune: str
    telephone: str | None
    horaires: str | None
    distance_km: float
    score: float
    raisons: tuple[str, ...]


class PropositionAvecLieux(msgspec.Struct, frozen=True, kw_only=True):
    proposition: Proposition
    lieux: list[LieuTrouve]


class Position(msgspec.Struct, frozen=True, kw_only=True):
    latitude: float
    longitude: float
    libelle: str


async def position_de_commune(conn: asyncpg.Connection, texte: str) -> Position:
    """A commune typed by name or postcode (accents and case ignored), or a refusal."""
    trouvees: list[CommuneVue] = await chercher_communes(conn, normaliser(texte), limit=1)
    if not trouvees or trouvees[0].latitude is None or trouvees[0].longitude is None:
        raise DomainError(
            f"Commune introuvable : « {texte} ». Écrivez son nom ou son code postal "
            "(par exemple « Dijon » ou « 21000 »).",
            "commune",
        )
    commune = trouvees[0]
    assert commune.latitude is not None and commune.longitude is not None
    return Position(latitude=commune.latitude, longitude=commune.longitude, libelle=commune.nom)


def _trouve(lieu: LieuProche, score: float, raisons: tuple[str, ...]) -> LieuTrouve:
    return LieuTrouve(
        id=lieu.id,
        nom=lieu.nom,
        adresse=lieu.adresse,
        code_postal=lieu.code_postal,
        commune=lieu.commune,
        telephone=lieu.telephone,
        horaires=lieu.horaires,
        distance_km=lieu.distance_km,
        score=score,
        raisons=raisons,
    )


async def rechercher(
    conn: asyncpg.Connection,
    situation: Situation,
    position: Position,
    *,
    disponibilites: tuple[str, ...] = (),
    rayon_km: float = RAYON_KM_DEFAUT,
    par_offre: int = 5,
) -> list[PropositionAvecLieux]:
    propositions = proposer(situation)
    proches = await lieux_proches(
        conn, position.latitude, position.longitude, rayon_km, limit=CANDIDATS
    )
    par_id = {lieu.id: lieu for lieu in proches}
    candidats = [msgspec.convert(msgspec.structs.asdict(lieu), LieuCandidat) for lieu in proches]
    mobilite = "mobilite_reduite" in situation.drapeaux
    resultats = []
    for proposition in propositions:
        classes = (
            classer(
                candidats,
                proposition,
                disponibilites=disponibilites,
                mobilite_reduite=mobilite,
                limite=par_offre,
            )
            if proposition.avec_lieux
            else []
        )
        lieux = [_trouve(par_id[c.id], c.score, c.raisons) for c in classes]
        resultats.append(PropositionAvecLieux(proposition=proposition, lieux=lieux))
    return resultats
