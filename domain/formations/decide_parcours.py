"""Rules of the training paths' catalogue: decide(state, command) -> events, or a refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec

from domain.base import Contexte, a_jour, champs_poses, changements, premier, suivant
from domain.errors import DomainError
from domain.formations.commands import ArchiverParcours, CreerParcours, ModifierParcours, Module
from domain.formations.events import ModuleParcours, ParcoursArchive, ParcoursCree, ParcoursModifie
from domain.formations.outils import texte_facultatif
from domain.formations.referentiel import QUALIFICATIONS, TYPES_AIDANT
from domain.formations.state import Parcours
from domain.textes import texte_obligatoire

# Hours are compared with a tolerance: 0.1 + 0.2 must equal 0.3.
_TOLERANCE = 0.01


def creer_parcours(parcours_id: UUID, commande: CreerParcours, ctx: Contexte) -> list[ParcoursCree]:
    modules = _modules(commande.modules)
    duree = _duree(commande.duree_heures)
    _verifier_total(duree, modules)
    return [
        premier(
            ParcoursCree,
            parcours_id,
            ctx,
            titre=_titre(commande.titre),
            duree_heures=duree,
            modules=modules,
            types_aidant=_types_aidant(commande.types_aidant),
            qualification_delivree=_qualification(commande.qualification_delivree),
            description=texte_facultatif(commande.description),
        )
    ]


def modifier_parcours(
    parcours: Parcours | None, commande: ModifierParcours, ctx: Contexte
) -> list[ParcoursModifie]:
    parcours = _parcours_actif(parcours, commande.version)
    # Each given field through its rule, in the order of the path's fields.
    regles: dict[str, Callable[[Any], object]] = {
        "titre": _titre,
        "duree_heures": _duree,
        "modules": _modules,
        "types_aidant": _types_aidant,
        "qualification_delivree": _qualification,
        "description": texte_facultatif,
    }
    changes = {nom: regles[nom](valeur) for nom, valeur in champs_poses(commande, regles).items()}
    effectifs = changements(parcours, changes)
    if not effectifs:
        return []
    apres = msgspec.structs.replace(parcours, **effectifs)
    _verifier_total(apres.duree_heures, apres.modules)
    return [suivant(ParcoursModifie, parcours, ctx, **effectifs)]


def _titre(texte: str) -> str:
    return texte_obligatoire(texte, "titre", "le titre du parcours")


def archiver_parcours(
    parcours: Parcours | None, commande: ArchiverParcours, ctx: Contexte
) -> list[ParcoursArchive]:
    parcours = _parcours_actif(parcours, commande.version)
    return [suivant(ParcoursArchive, parcours, ctx, motif=commande.motif.strip())]


def _parcours_actif(parcours: Parcours | None, version_attendue: int) -> Parcours:
    parcours = a_jour(
        parcours, version_attendue, "Ce parcours de formation n'existe pas.", "parcours_id"
    )
    if parcours.archive:
        raise DomainError(
            "Ce parcours est archivé : il ne peut plus être modifié. Créez-en un nouveau.",
            "parcours_id",
        )
    return parcours


def _duree(heures: float) -> float:
    if not 0 < heures <= 2000:
        raise DomainError(
            "La durée doit être comprise entre 0 et 2000 heures (ex. 14).", "duree_heures"
        )
    return round(heures, 2)


def _modules(modules: list[Module]) -> tuple[ModuleParcours, ...]:
    retenus = []
    for rang, module in enumerate(modules, start=1):
        titre = texte_obligatoire(module.titre, "modules", f"le titre du module n° {rang}")
        if not 0 < module.heures <= 2000:
            raise DomainError(
                f"Le module n° {rang} « {titre} » doit durer plus de 0 heure.", "modules"
            )
        retenus.append(ModuleParcours(titre=titre, heures=round(module.heures, 2)))
    return tuple(retenus)


def _verifier_total(duree: float, modules: tuple[ModuleParcours, ...]) -> None:
    if not modules:
        return
    total = sum(m.heures for m in modules)
    if abs(total - duree) > _TOLERANCE:
        raise DomainError(
            f"Les modules totalisent {_heures(total)} h mais la durée du parcours est de "
            f"{_heures(duree)} h : corrigez la durée ou les heures des modules.",
            "duree_heures",
        )


def _heures(valeur: float) -> str:
    return f"{valeur:g}".replace(".", ",")


def _types_aidant(types: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    inconnus = [t for t in types if t not in TYPES_AIDANT]
    if inconnus:
        raise DomainError(
            f"Type d'aidant inconnu : « {inconnus[0]} ». Les types possibles sont : "
            + ", ".join(TYPES_AIDANT)
            + ".",
            "types_aidant",
        )
    if not types:
        raise DomainError(
            "Choisissez au moins un type d'aidant visé par le parcours (ex. "
            "mediateur_numerique_salarie) : sans cela, personne ne pourrait s'y inscrire.",
            "types_aidant",
        )
    return tuple(t for t in TYPES_AIDANT if t in types)


def _qualification(qualification: str | None) -> str | None:
    if qualification is None or not qualification.strip():
        return None
    if qualification not in QUALIFICATIONS:
        raise DomainError(
            f"Qualification inconnue : « {qualification} ». Les qualifications possibles "
            "sont : " + ", ".join(QUALIFICATIONS) + " (ou aucune).",
            "qualification_delivree",
        )
    return qualification
