"""Proposals with their places: the rules (pure) on a situation, then the next step of each
offer from the places around the person (pure, domain/orientation/suite.py), with what a
citizen needs to go there: phone, today's hours, when it next opens.

Candidates are the nearest `CANDIDATS` places within `RAYON_MAX_KM`, whatever the asked
radius: the domain widens the search itself when nothing fits near. Each carries how many
aidants habilitated to Aidants Connect (valid today, active) work there, for R1."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg
import msgspec

from domain.base import memes_champs
from domain.errors import DomainError
from domain.orientation.classement import LieuCandidat, LieuPropose, Moment
from domain.orientation.moteur import Proposition, Situation, proposer
from domain.orientation.suite import Recours, prochaine_etape
from mednum.infra.communes import normaliser
from mednum.infra.jours_feries import jours_feries
from projections.communes import CommuneVue, chercher_communes, regions_du_registre_hors_de
from projections.ouverture import PARIS, aujourdhui
from projections.proximite import LieuProche, lieux_proches

RAYON_KM_DEFAUT = 20.0
RAYON_MAX_KM = 150.0  # a région's width: beyond, the domain falls back on national help
CANDIDATS = 600  # nearest places examined before ranking


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
    aujourdhui: str = ""  # today's hours in French, "" when unknown
    bientot: bool = False  # opens within the next days


class PropositionAvecLieux(msgspec.Struct, frozen=True, kw_only=True):
    proposition: Proposition
    lieux: list[LieuTrouve]
    a_distance: list[LieuTrouve] = msgspec.field(default_factory=list)
    messages: tuple[str, ...] = ()
    a_demander: tuple[str, ...] = ()
    elargi_km: float | None = None
    recours: tuple[Recours, ...] = ()


class Position(msgspec.Struct, frozen=True, kw_only=True):
    latitude: float
    longitude: float
    libelle: str
    hors_territoire: str | None = None
    """A commune outside the régions of the registry: their names. Its places are not ours
    to know, and ours are too far: no place is proposed, the national help is."""


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
    return Position(
        latitude=commune.latitude,
        longitude=commune.longitude,
        libelle=commune.nom,
        hors_territoire=await regions_du_registre_hors_de(conn, commune.departement),
    )


async def position_du_lieu_habituel(conn: asyncpg.Connection, mediateur: str) -> Position | None:
    """Where the mediator last recorded a session at an open place: where to look for
    places when the person's commune is not known."""
    lieu = await conn.fetchrow(
        "SELECT l.nom, l.commune, l.latitude, l.longitude FROM activites a "
        "JOIN lieux l ON l.id = a.lieu_id WHERE a.mediateur = $1 AND NOT a.supprimee "
        "AND NOT l.ferme ORDER BY a.date DESC, a.cree_le DESC LIMIT 1",
        mediateur,
    )
    if lieu is None:
        return None
    return Position(
        latitude=lieu["latitude"],
        longitude=lieu["longitude"],
        libelle=f"{lieu['nom']} ({lieu['commune']})",
    )


def _trouve(lieu: LieuProche, propose: LieuPropose, maintenant: datetime) -> LieuTrouve:
    return LieuTrouve(
        **memes_champs(lieu, LieuTrouve),
        score=propose.score,
        raisons=propose.raisons,
        aujourdhui=aujourdhui(lieu.horaires, maintenant, lieu.departement),
        bientot=propose.bientot,
    )


async def aidants_habilites(conn: asyncpg.Connection, lieux: list[UUID]) -> dict[UUID, int]:
    """How many active aidants, habilitated to Aidants Connect today, work at each place."""
    records = await conn.fetch(
        "SELECT lieu, count(*) AS n FROM aidants, unnest(lieux) AS lieu "
        "WHERE habilite_aidants_connect AND NOT desactive "
        "AND coalesce(habilitation_expire_le >= (now() AT TIME ZONE 'Europe/Paris')::date, true) "
        "AND lieu = any($1::uuid[]) GROUP BY lieu",
        lieux,
    )
    return {r["lieu"]: r["n"] for r in records}


async def rechercher(
    conn: asyncpg.Connection,
    situation: Situation,
    position: Position,
    *,
    disponibilites: tuple[str, ...] = (),
    rayon_km: float = RAYON_KM_DEFAUT,
    par_offre: int = 5,
    maintenant: datetime | None = None,
) -> list[PropositionAvecLieux]:
    propositions = proposer(situation)
    proches = (
        []
        if position.hors_territoire
        else await lieux_proches(
            conn,
            position.latitude,
            position.longitude,
            max(rayon_km, RAYON_MAX_KM),
            limit=CANDIDATS,
        )
    )
    habilites = await aidants_habilites(conn, [lieu.id for lieu in proches])
    par_id = {lieu.id: lieu for lieu in proches}
    candidats = [
        msgspec.convert(
            msgspec.structs.asdict(lieu) | {"aidants_habilites": habilites.get(lieu.id, 0)},
            LieuCandidat,
        )
        for lieu in proches
    ]
    quand = (maintenant or datetime.now(PARIS)).astimezone(PARIS)
    departements = {lieu.departement or "" for lieu in proches} | {""}
    moment = Moment(quand, {d: jours_feries(d or None, quand.date()) for d in departements})
    resultats = []
    for proposition in propositions:
        suite = prochaine_etape(
            proposition,
            candidats,
            rayon_km=rayon_km,
            disponibilites=disponibilites,
            mobilite_reduite="mobilite_reduite" in situation.drapeaux,
            urgent="demarche_urgente" in situation.drapeaux,
            moment=moment,
            limite=par_offre,
        )
        resultats.append(
            PropositionAvecLieux(
                proposition=proposition,
                lieux=[_trouve(par_id[p.id], p, quand) for p in suite.lieux],
                a_distance=[_trouve(par_id[p.id], p, quand) for p in suite.a_distance],
                messages=suite.messages,
                a_demander=suite.a_demander,
                elargi_km=suite.elargi_km,
                recours=suite.recours,
            )
        )
    return resultats
