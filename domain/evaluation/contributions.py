"""What one activity adds to the evaluation cubes, as a pure function of its record.

A correction takes back the old contribution and adds the new one; a deletion only takes it
back. Both sides of a report (the live cubes and a replay as of an event position) go through
this one function, so they cannot disagree on what an activity counts for.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec

from domain.activites.events import CompteRendu, ParticipantsAnonymes

NON_COMMUNIQUE = "non_communique"
PROFIL = ("genre", "tranche_age", "statut_social")


class Ligne(msgspec.Struct, frozen=True, array_like=True):
    dimension: str
    modalite: str
    activites: int
    accompagnements: int
    minutes: int
    minutes_personnes: int


class Personne(msgspec.Struct, frozen=True, array_like=True):
    beneficiaire_id: UUID
    accompagnements: int
    minutes_personnes: int


class Contribution(msgspec.Struct, frozen=True, kw_only=True):
    commune: str | None
    """Where the activity took place (INSEE code); None: it counts for no territory."""
    jour: dt.date
    """The activity's day: cubes are by day, so that any range of days is exact."""
    lignes: tuple[Ligne, ...]
    personnes: tuple[Personne, ...]
    lieu: str | None = None
    """The registry place it was held at: the drill-down by place and structure reads the
    cubes of niveau 'lieu' (absent from contributions stored before it existed)."""


DIMENSIONS_PAR_LIEU = ("total", "type", "anonymes")
"""The lines a place's cube keeps: what the drill-down tables publish, nothing more (a
place's profile distributions would mostly be hidden and would double the cube)."""


def _repartition(total: int, parts: dict[str, int]) -> dict[str, int]:
    """A workshop's counts for one attribute; what they do not account for is « non communiqué »."""
    connus = {k: v for k, v in parts.items() if v > 0}
    reste = total - sum(connus.values())
    if reste > 0:
        connus[NON_COMMUNIQUE] = connus.get(NON_COMMUNIQUE, 0) + reste
    return connus


def _ligne(
    cr: CompteRendu, dimension: str, modalite: str, accompagnements: int, activites: int = 1
) -> Ligne:
    """`activites` is 0 for the lines that describe people rather than the activity."""
    return Ligne(
        dimension,
        modalite,
        activites,
        accompagnements,
        cr.duree * activites,
        cr.duree * accompagnements,
    )


def contribution(cr: CompteRendu, commune: str | None) -> Contribution:
    n = cr.nombre_participants
    lignes = [
        _ligne(cr, "total", "total", n),
        _ligne(cr, "type", cr.type, n),
        _ligne(cr, "type_lieu", cr.type_lieu, n),
    ]
    lignes.extend(_ligne(cr, "thematique", t, n) for t in cr.thematiques)
    lignes.extend(_ligne(cr, "materiel", m, n) for m in cr.materiel)
    if cr.type == "individuel":
        if cr.autonomie:
            lignes.append(_ligne(cr, "autonomie", cr.autonomie, 1))
        if cr.oriente_vers_structure:
            lignes.append(_ligne(cr, "redirection", cr.structure_de_redirection or "autre", 1))
        if cr.beneficiaire_id is None:
            lignes.extend(_anonyme_individuel(cr))
    else:
        lignes.extend(_anonymes_atelier(cr))
    suivis = (cr.beneficiaire_id,) if cr.beneficiaire_id else cr.beneficiaires
    return Contribution(
        commune=commune,
        jour=cr.date,
        lignes=tuple(lignes),
        personnes=tuple(Personne(b, 1, cr.duree) for b in suivis),
        lieu=str(cr.lieu_id) if cr.lieu_id else None,
    )


def _anonyme_individuel(cr: CompteRendu) -> list[Ligne]:
    p = cr.profil
    lignes = [_ligne(cr, "anonymes", "total", 1, 0)]
    if not (p and p.deja_accompagne):
        lignes.append(_ligne(cr, "anonymes", "nouveaux", 1, 0))
    for dimension in PROFIL:
        modalite = getattr(p, dimension) if p else NON_COMMUNIQUE
        lignes.append(_ligne(cr, dimension, modalite, 1, 0))
    if p and p.commune_residence:
        lignes.append(_ligne(cr, "residence", p.commune_residence, 1, 0))
    return lignes


def _anonymes_atelier(cr: CompteRendu) -> list[Ligne]:
    anonymes = cr.participants or ParticipantsAnonymes()
    if not anonymes.total:
        return []
    lignes = [_ligne(cr, "anonymes", "total", anonymes.total, 0)]
    nouveaux = anonymes.total - anonymes.deja_accompagne
    if nouveaux > 0:
        lignes.append(_ligne(cr, "anonymes", "nouveaux", nouveaux, 0))
    for dimension, parts in (
        ("genre", anonymes.genres),
        ("tranche_age", anonymes.tranches_age),
        ("statut_social", anonymes.statuts_sociaux),
    ):
        for modalite, compte in _repartition(anonymes.total, parts).items():
            lignes.append(_ligne(cr, dimension, modalite, compte, 0))
    return lignes


def encoder(c: Contribution) -> bytes:
    return msgspec.msgpack.encode(c)


def decoder(data: bytes) -> Contribution:
    return msgspec.msgpack.decode(data, type=Contribution)
