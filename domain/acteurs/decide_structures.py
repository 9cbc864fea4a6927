"""Rules for structures: decide(state, command, …) -> events, or a refusal in French."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from domain.acteurs.commands import (
    DetacherLieu,
    FermerStructure,
    ModifierStructure,
    RattacherLieu,
    RecenserStructure,
)
from domain.acteurs.events import (
    LieuDetache,
    LieuRattache,
    StructureFermee,
    StructureModifiee,
    StructureRecensee,
)
from domain.acteurs.referentiel import TYPES_STRUCTURE
from domain.acteurs.state import Structure
from domain.acteurs.validation import (
    commune_valide,
    lieux_valides,
    parmi,
    siret_valide,
    texte_facultatif,
    texte_obligatoire,
)
from domain.base import (
    Contexte,
    Evenement,
    a_jour,
    a_la_version,
    changements,
    premier,
    suivant,
    valeur,
)
from domain.errors import DomainError, Erreurs
from domain.lieux.referentiel import CommuneRef
from domain.lieux.standard import adresse_web, texte_libre

_site_web = adresse_web("site_web")
_numero_france_services = texte_libre("numero_france_services", 50)


def _type_structure(texte: str) -> str:
    return parmi(texte, TYPES_STRUCTURE, "type_structure", "Type de structure")


# The rule of each field of a structure's record, in the order their refusals are told: the
# commune, which the postcode and INSEE code give together, is checked after the address in
# a change (and first in a registration, with the places).
_REGLES: dict[str, Callable[[Any], Any]] = {
    "siret": siret_valide,
    "nom": lambda texte: texte_obligatoire(texte, "nom", "le nom de la structure"),
    "type_structure": _type_structure,
    "adresse": lambda texte: texte_obligatoire(texte, "adresse", "l'adresse (numéro et voie)"),
}
_REGLES_COMPLEMENTS: dict[str, Callable[[Any], Any]] = {
    "numero_france_services": _numero_france_services,
    "site_web": _site_web,
}


def recenser_structure(
    structure_id: UUID,
    commande: RecenserStructure,
    commune: CommuneRef | None,
    lieux_ouverts: Mapping[UUID, bool],
    ctx: Contexte,
) -> list[Evenement]:
    """`lieux_ouverts`: for each place of the registry the command names, whether it is open."""
    erreurs = Erreurs()
    valide = erreurs.essayer(commune_valide, commande.code_insee, commande.code_postal, commune)
    lieux = erreurs.essayer(lieux_valides, commande.lieux, lieux_ouverts)
    champs = erreurs.champs(commande, _REGLES) | erreurs.champs(commande, _REGLES_COMPLEMENTS)
    erreurs.lever()  # every refused field told at once
    assert valide is not None and lieux is not None
    recensee = premier(
        StructureRecensee,
        structure_id,
        ctx,
        **valide.champs_adresse(commande.code_postal.strip()),
        **champs,
    )
    rattaches = [
        a_la_version(LieuRattache, structure_id, 2 + rang, ctx, lieu_id=lieu_id)
        for rang, lieu_id in enumerate(lieux)
    ]
    return [recensee, *rattaches]


def modifier_structure(
    structure: Structure | None,
    commande: ModifierStructure,
    commune: CommuneRef | None,
    ctx: Contexte,
) -> list[StructureModifiee]:
    structure = _structure_ouverte(structure, commande.version)
    erreurs = Erreurs()
    changes = erreurs.champs(commande, _REGLES)
    code_insee = valeur(commande.code_insee, structure.code_insee).strip()
    code_postal = valeur(commande.code_postal, structure.code_postal).strip()
    if (code_insee, code_postal) != (structure.code_insee, structure.code_postal) and (
        valide := erreurs.essayer(commune_valide, code_insee, code_postal, commune)
    ):
        changes |= valide.champs_adresse(code_postal)
    changes |= erreurs.champs(commande, _REGLES_COMPLEMENTS)
    erreurs.lever()
    effective = changements(structure, changes)
    if not effective:
        return []
    return [suivant(StructureModifiee, structure, ctx, **effective)]


def fermer_structure(
    structure: Structure | None, commande: FermerStructure, ctx: Contexte
) -> list[StructureFermee]:
    structure = _structure_ouverte(structure, commande.version)
    return [suivant(StructureFermee, structure, ctx, motif=texte_facultatif(commande.motif) or "")]


def rattacher_lieu(
    structure: Structure | None,
    commande: RattacherLieu,
    lieux_ouverts: Mapping[UUID, bool],
    ctx: Contexte,
) -> list[LieuRattache]:
    structure = _structure_ouverte(structure, None)
    if commande.lieu_id in structure.lieux:
        return []
    lieux_valides([commande.lieu_id], lieux_ouverts)
    return [suivant(LieuRattache, structure, ctx, lieu_id=commande.lieu_id)]


def detacher_lieu(
    structure: Structure | None, commande: DetacherLieu, ctx: Contexte
) -> list[LieuDetache]:
    structure = _structure_ouverte(structure, None)
    if commande.lieu_id not in structure.lieux:
        return []
    return [suivant(LieuDetache, structure, ctx, lieu_id=commande.lieu_id)]


def _structure_ouverte(structure: Structure | None, version_attendue: int | None) -> Structure:
    """The structure, open and (when the command carries one) at the expected version."""
    structure = a_jour(
        structure,
        version_attendue,
        "Cette structure n'existe pas (ou plus) dans le registre.",
        "structure_id",
    )
    if structure.fermee:
        raise DomainError(
            "Cette structure est fermée : elle ne peut plus être modifiée.", "structure_id"
        )
    return structure
