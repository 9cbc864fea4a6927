"""Rules for activities: decide(state, command, …) -> events, or a refusal in French.

Who may touch a record (its author, or an admin) is the service's concern
(mednum/services/activites.py); the rules on the fields are in regles.py."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from domain.activites.commands import CorrigerActivite, EnregistrerActivite, SupprimerActivite
from domain.activites.events import (
    ActiviteCorrigee,
    ActiviteEnregistree,
    ActiviteSupprimee,
    CompteRendu,
)
from domain.activites.regles import Verifications, valider
from domain.activites.state import Activite
from domain.base import Contexte, memes_champs, premier, suivant
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError


def _figes(champs: dict[str, Any]) -> dict[str, Any]:
    """A command's values as a record holds them: its lists as tuples."""
    return {
        nom: tuple(valeur) if isinstance(valeur, list) else valeur for nom, valeur in champs.items()
    }


def compte_rendu_brut(commande: EnregistrerActivite) -> CompteRendu:
    """The command's fields, which it names alike, as an (unchecked) record."""
    return CompteRendu(**_figes(memes_champs(commande, CompteRendu)))


def enregistrer_activite(
    activite_id: UUID, commande: EnregistrerActivite, verifs: Verifications, ctx: Contexte
) -> list[ActiviteEnregistree]:
    return [
        premier(
            ActiviteEnregistree,
            activite_id,
            ctx,
            mediateur=ctx.auteur,
            compte_rendu=valider(compte_rendu_brut(commande), verifs, ctx),
        )
    ]


def corrige(ancien: CompteRendu, commande: CorrigerActivite) -> CompteRendu:
    """The record with the command's fields in place (unchecked). Changing the type of place
    drops the old place or commune unless the command gives one."""
    changes = _figes(commande.champs_donnes())
    if changes.get("type_lieu", ancien.type_lieu) != ancien.type_lieu:
        changes.setdefault("lieu_id", None)
        changes.setdefault("commune", None)
    if changes.get("oriente_vers_structure") is False:
        changes.setdefault("structure_de_redirection", None)
    if changes.get("beneficiaire_id") is not None:
        changes.setdefault("profil", None)
    return msgspec.structs.replace(ancien, **changes)


def a_controler(ancien: CompteRendu, commande: CorrigerActivite) -> frozenset[str]:
    """Which lookups a correction must pass: only those of what it changes."""
    donnes = commande.champs_donnes()
    controler = set()
    if "date" in donnes and donnes["date"] != ancien.date:
        controler.add("date")
    if {"type_lieu", "lieu_id", "commune"} & donnes.keys():
        controler.add("lieu")
    if {"beneficiaire_id", "beneficiaires"} & donnes.keys():
        controler.add("beneficiaires")
    if "profil" in donnes:
        controler.add("profil")
    return frozenset(controler)


def corriger_activite(
    activite: Activite | None, commande: CorrigerActivite, verifs: Verifications, ctx: Contexte
) -> list[ActiviteCorrigee]:
    activite = _activite_en_cours(activite, commande.version)
    ancien = activite.compte_rendu
    nouveau = valider(corrige(ancien, commande), verifs, ctx)
    champs = tuple(
        champ
        for champ in CompteRendu.__struct_fields__
        if getattr(ancien, champ) != getattr(nouveau, champ)
    )
    if not champs:
        return []  # nothing changed: no event, and a retry is harmless
    return [
        suivant(
            ActiviteCorrigee,
            activite,
            ctx,
            compte_rendu=nouveau,
            champs=champs,
            mediateur=activite.mediateur,
        )
    ]


def supprimer_activite(
    activite: Activite | None, commande: SupprimerActivite, ctx: Contexte
) -> list[ActiviteSupprimee]:
    activite = _activite_en_cours(activite, commande.version)
    motif = commande.motif.strip()
    if not motif:
        raise DomainError(
            "Indiquez pourquoi vous supprimez cette activité (doublon, erreur de saisie…).",
            "motif",
        )
    return [suivant(ActiviteSupprimee, activite, ctx, motif=motif)]


def _activite_en_cours(activite: Activite | None, version_attendue: int) -> Activite:
    if activite is None:
        raise IntrouvableError("Cette activité n'existe pas.", "activite_id")
    if activite.supprimee:
        raise DomainError(
            "Cette activité a été supprimée : elle ne peut plus être modifiée.", "activite_id"
        )
    if activite.version != version_attendue:
        raise ConflitDeVersion(version_attendue, activite.version)
    return activite
