"""A followed person created from the activity form itself (« Nouvelle personne suivie »),
with the same duplicate warning as /beneficiaires/nouveau: when the person typed resembles
one the mediator already follows, nothing is created and the form shows them; the mediator
picks one (« C'est cette personne ») or confirms it is someone else."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID, uuid5

import asyncpg
from litestar import Request

from domain.beneficiaires.commands import EnregistrerBeneficiaire
from domain.errors import DomainError
from mednum.composition import Services
from projections.activites_requetes import beneficiaires_pour_saisie
from projections.beneficiaires_requetes import lire_beneficiaire
from web.auth.guards import auteur, mediateur_vu, utilisateur
from web.formulaires import FormulaireInvalide, command_id_lu, convertir_tout, erreurs_de, texte
from web.pages.activites_formulaire import uuid_ou_none
from web.pages.beneficiaires import _doublons

# The inline person's fields: form name → the command's field.
NOUVEAU = {
    "nouveau_prenom": "prenom",
    "nouveau_nom": "nom",
    "nouveau_telephone": "telephone",
    "nouveau_courriel": "courriel",
}
CHAMPS_NOUVEAU = (*NOUVEAU, "nouveau_consentement", "aucun_doublon", "choisir_personne")


def personne_saisie(form: dict[str, Any]) -> bool:
    """A new person typed, and no followed person chosen instead."""
    return not texte(form, "beneficiaire_id") and any(texte(form, c) for c in NOUVEAU)


def _vers_formulaire(erreurs: dict[str, str]) -> dict[str, str]:
    inverse = {v: k for k, v in NOUVEAU.items()} | {"consentement": "nouveau_consentement"}
    return {inverse.get(champ, "nouveau_nom"): message for champ, message in erreurs.items()}


def commande_personne(form: dict[str, Any]) -> EnregistrerBeneficiaire:
    """The person to create, named by consent; its id follows from the form's request id,
    so a form posted twice creates them once."""
    valeurs: dict[str, Any] = {
        champ: texte(form, nom) or None for nom, champ in NOUVEAU.items() if texte(form, nom)
    }
    valeurs |= {
        "command_id": str(uuid5(command_id_lu(texte(form, "command_id")), "beneficiaire")),
        "suivi": True,
        "consentement": bool(texte(form, "nouveau_consentement")),
    }
    try:
        commande: EnregistrerBeneficiaire = convertir_tout(valeurs, EnregistrerBeneficiaire)
    except FormulaireInvalide as invalide:
        raise FormulaireInvalide(_vers_formulaire(invalide.erreurs)) from None
    return commande


async def creer_personne(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    composition: Services,
    form: dict[str, Any],
) -> UUID | list[Any]:
    """The new person's id, or the people they resemble (then nothing is created)."""
    commande = commande_personne(form)
    if not texte(form, "aucun_doublon") and (proches := await _doublons(db, request, commande)):
        return proches
    try:
        resultat = await asyncio.to_thread(
            composition.beneficiaires.enregistrer, commande, auteur(request)
        )
    except DomainError as refus:
        raise FormulaireInvalide(_vers_formulaire(erreurs_de(refus))) from None
    return resultat.id


async def personne_choisie(
    db: asyncpg.Connection, request: Request[Any, Any, Any], texte_id: str | None
) -> UUID | None:
    """The person named in `?beneficiaire=`, if the mediator follows them (else ignored)."""
    beneficiaire_id = uuid_ou_none(texte_id or "")
    if beneficiaire_id is None:
        return None
    vue = await lire_beneficiaire(db, beneficiaire_id)
    mediateur = mediateur_vu(utilisateur(request))
    if vue is None or vue.anonymise or mediateur not in (None, vue.mediateur):
        return None
    return beneficiaire_id


async def personnes_du_formulaire(
    db: asyncpg.Connection, request: Request[Any, Any, Any], valeurs: dict[str, Any]
) -> list[tuple[UUID, str]]:
    """The mediator's followed people, and the one chosen if they are anonymous (arriving
    from an anonymous person's page)."""
    personnes = await beneficiaires_pour_saisie(db, utilisateur(request).email)
    choisi = await personne_choisie(db, request, valeurs.get("beneficiaire_id"))
    if choisi is not None and choisi not in {p for p, _nom in personnes}:
        personnes.insert(0, (choisi, "Personne anonyme (sa fiche)"))
    return personnes
